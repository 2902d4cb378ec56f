"""Hostile input on the command line, as a user meets it: every corpus entry (tests/hostile_corpus.py) through
`compute`, `compute --json`, `sheet` and `cases add`, in French and in Dutch.

What a user must see for bad input: exit status 2 (1 only when the machine is at fault), one short line on
stderr in the language asked for, no traceback, no control character or broken character echoed back, no
megabyte echoed, and an answer within seconds. Most runs share one process (tests/hostile_runner.py, a time
guard per run); the special files and the exit codes are also checked in real processes of their own.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from redi_desktop import paths
from tests.hostile_corpus import PASSPHRASE, base_case, materialize

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("fr", "nl")
MAX_LINE = 300
TIMEOUT = 20
KDF_ITER = "1000"  # a fast key derivation, test stores only
WORKERS = 2  # processes running the corpus side by side
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# -- what a user must see ---------------------------------------------------------------------------------


@functools.cache
def catalog(lang: str) -> dict[str, tuple[str, ...]]:
    """msgid (each form) -> its translations, from the catalog the program reads."""
    with open(paths.i18n_dir() / lang / "LC_MESSAGES" / "redi.po", "rb") as f:
        out: dict[str, tuple[str, ...]] = {}
        for m in read_po(f):
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
            forms = tuple(m.string) if isinstance(m.string, tuple | list) else (m.string,)
            for i in ids:
                out[i] = forms
        return out


@functools.cache
def sentences(lang: str) -> tuple[str, ...]:
    """The longest piece of its own of each translated sentence: one of them must be in a message."""
    found = set()
    for forms in catalog(lang).values():
        for form in forms:
            piece = max((p.strip() for p in _PLACEHOLDER.split(form)), key=len)
            if len(piece) >= 10:
                found.add(piece)
    return tuple(sorted(found))


@functools.cache
def english_only(lang: str) -> tuple[str, ...]:
    """Pieces of English source sentences that their translation does not keep: seen, they mean English."""
    translated = " ".join(f for forms in catalog(lang).values() for f in forms)
    pieces = set()
    for msgid, forms in catalog(lang).items():
        if msgid in forms:
            continue
        for piece in _PLACEHOLDER.split(msgid):
            piece = piece.strip(" .,:;()“”")
            if len(piece) >= 14 and piece not in translated:
                pieces.add(piece)
    return tuple(sorted(pieces))


def unprintable(text: str) -> list[str]:
    """Characters a terminal would act on or cannot show: controls, line separators, bidi overrides,
    lone surrogates."""
    return [f"U+{ord(c):04X}" for c in text
            if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in _BIDI]


def what_is_wrong(code, stderr: str, lang: str, expect: int | None = 2) -> list[str]:
    """What a user would notice in one run; empty when the run is good."""
    if code == "hang":
        return ["no answer within the time guard"]
    wrong = []
    if expect is None and code not in (0, 2) or expect is not None and code != expect:
        wrong.append(f"exit {code}, expected {expect if expect is not None else '0 or 2'}")
    if code == 0:
        return wrong
    line = (stderr[:-1] if stderr.endswith("\n") else stderr)[:1000]
    if not stderr.endswith("\n") or "\n" in line or not line.strip():
        wrong.append(f"stderr is not one line ({stderr.count(chr(10))} line breaks)")
    if len(line) > MAX_LINE:
        wrong.append(f"stderr is {len(line)} characters long")
    if "Traceback" in stderr:
        wrong.append("a traceback")
    if "Unexpected error" in stderr or any(piece in line for piece in _unexpected(lang)):
        wrong.append("an unexpected error")
    bad = unprintable(line)
    if bad:
        wrong.append(f"unprintable characters echoed: {', '.join(sorted(set(bad))[:5])}")
    english = [p for p in english_only(lang) if p in line]
    if english:
        wrong.append(f"English in a {lang} message: “{english[0]}”")
    elif not any(piece in line for piece in sentences(lang)):
        wrong.append(f"not a sentence of the {lang} catalog")
    return wrong


@functools.cache
def _unexpected(lang: str) -> tuple[re.Pattern, ...]:
    forms = catalog(lang).get("Unexpected error ({error}). Nothing was changed.", ())
    return tuple(f.split("{error}")[0] for f in forms)


def describe(results: list[dict]) -> str:
    return "\n".join(f"{r['id']}: {'; '.join(r['wrong'])} | {r['stderr'][:160]!r}" for r in results[:25])


# -- the corpus and one store ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    entries = materialize(folder)
    valid = folder / "valid.json"
    valid.write_text(json.dumps(base_case()), encoding="utf-8")
    secret = folder / "store-passphrase.txt"
    secret.write_bytes(PASSPHRASE.encode("utf-8") + b"\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "REDI_DESKTOP_LANG",
                                                             "REDI_DESKTOP_STORE")}
    env.update(REDI_DESKTOP_KDF_ITER=KDF_ITER, HOME=str(folder / "home"), PYTHONPATH=str(ROOT))
    envs = [{**env, "REDI_DESKTOP_DATA": str(folder / f"data-{n}")} for n in range(WORKERS)]  # a store each
    for e in envs:
        r = subprocess.run([sys.executable, "-m", "redi_desktop", "init", "--passphrase-file", str(secret), "--lang",
                            "fr"], capture_output=True, text=True, env=e, timeout=60, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
    return {"folder": folder, "entries": entries, "valid": valid, "secret": secret, "env": envs[0], "envs": envs}


def command_lines(c) -> list[dict]:
    """Every hostile run: (corpus entry × command × language) and the hostile arguments."""
    folder, valid, secret = c["folder"], str(c["valid"]), str(c["secret"])
    jobs = []
    for entry in c["entries"]:
        path = str(entry.path)
        for lang in LANGS:
            runs = {
                "household": {
                    "compute": ["compute", path],
                    "compute --json": ["compute", path, "--json"],
                    "sheet": ["sheet", path, "-o", "{out}"],
                    "cases add": ["cases", "add", path, "--passphrase-file", str(secret)],
                },
                "policy": {
                    "compute": ["compute", valid, "--policy", path],
                    "sheet": ["sheet", valid, "--policy", path, "-o", "{out}"],
                    "cases add": ["cases", "add", valid, "--policy", path, "--passphrase-file", secret],
                },
                "passphrase": {
                    "cases add": ["cases", "add", valid, "--passphrase-file", path],
                    "cases list": ["cases", "list", "--passphrase-file", path],
                },
            }[entry.kind]
            for command, argv in runs.items():
                n = len(jobs)
                out = str(folder / "out" / f"{n}.pdf")
                jobs.append({"id": f"{entry.kind} {entry.name} [{command}, {lang}]", "lang": lang,
                             "expect": entry.expect, "out": out if "{out}" in argv else None,
                             "argv": [a.replace("{out}", out) for a in argv] + ["--lang", lang]})
    for name, argv, expect in hostile_arguments(valid, str(folder / "out" / "args.pdf"), secret):
        for lang in LANGS:
            jobs.append({"id": f"arguments {name} [{lang}]", "lang": lang, "expect": expect, "out": None,
                         "argv": [*argv, "--lang", lang]})
    return jobs


def hostile_arguments(valid: str, out: str, secret: str) -> list[tuple[str, list[str], int]]:
    dates = {"month-13": "2026-13-01", "nines": "9999-99-99", "escape": "\x1b[31m2026", "mega": "2" * 100_000,
             "before-data": "2019-01-01", "after-data": "2100-01-01", "empty": "", "short": "2026-1-1",
             "arabic-digits": "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0662\u0668", "surrogate": "2026-\ud800"}
    args = [(f"--date {k}", ["compute", valid, "--date", v], 2) for k, v in dates.items()]
    args += [(f"sheet --date {k}", ["sheet", valid, "-o", out, "--date", v], 2) for k, v in dates.items()]
    args += [(f"cases add --date {k}", ["cases", "add", valid, "--date", v, "--passphrase-file", secret], 2)
             for k, v in dates.items()]
    args += [
        ("unknown option", ["compute", valid, "--colour"], 2),
        ("unknown option with escape", ["compute", valid, "--\x1b[31m"], 2),
        ("unknown mega option", ["compute", valid, "--" + "x" * 100_000], 2),
        ("extra argument", ["compute", valid, "second.json"], 2),
        ("missing file", ["compute"], 2),
        ("missing output", ["sheet", valid], 2),
        ("option without value", ["compute", valid, "--date"], 2),
        ("policy without value", ["compute", valid, "--policy"], 2),
        ("unknown command", ["computee", valid], 2),
        ("unknown command with escape", ["\x1b[2J", valid], 2),
        ("unknown cases command", ["cases", "ad", valid], 2),
        ("cases without command", ["cases"], 2),
        ("bad dataset action", ["dataset", "destroy"], 2),
        ("ambiguous option", ["compute", valid, "--da", "2026-01-01"], 2),
        ("flag with a value", ["compute", valid, "--json=yes"], 2),
        ("unknown user", ["cases", "add", valid, "--user", "nobody\x1b[31m", "--passphrase-file", secret], 2),
        ("mega user", ["cases", "add", valid, "--user", "u" * 100_000, "--passphrase-file", secret], 2),
        ("surrogate in a file name", ["compute", "case-\udcff.json"], 2),
        ("mega file name", ["compute", "f" * 100_000 + ".json"], 2),
        ("control in a file name", ["compute", "a\x1b[31m\n\x00b.json"], 2),
        ("output in a missing folder", ["sheet", valid, "-o", out + "/missing/x.pdf"], 1),
    ]
    return args


@pytest.fixture(scope="module")
def runs(corpus):
    jobs = command_lines(corpus)
    (corpus["folder"] / "out").mkdir(exist_ok=True)
    workers = []
    for n, env in enumerate(corpus["envs"]):
        jobs_file, results_file = corpus["folder"] / f"jobs-{n}.json", corpus["folder"] / f"results-{n}.json"
        jobs_file.write_text(json.dumps([{"id": j["id"], "argv": j["argv"]} for j in jobs[n::WORKERS]],
                                        ensure_ascii=True), encoding="utf-8")
        workers.append((subprocess.Popen([sys.executable, "-m", "tests.hostile_runner", str(jobs_file),
                                          str(results_file)], env=env, cwd=ROOT, stdin=subprocess.DEVNULL),
                        results_file))
    parts = []
    for process, results_file in workers:
        assert process.wait(timeout=900) == 0
        parts.append(json.loads(results_file.read_text(encoding="utf-8")))
    results = [r for group in zip(*parts, strict=False) for r in group]
    results += [r for part in parts for r in part[len(parts[-1]):]]  # the first worker may have one more
    assert [r["id"] for r in results] == [j["id"] for j in jobs]
    for job, r in zip(jobs, results, strict=True):
        r["wrong"] = what_is_wrong(r["code"], r["stderr"], job["lang"], job["expect"])
        if job["out"] and r["code"] != 0 and Path(job["out"]).exists():
            r["wrong"].append("a sheet was written for refused input")
    return results


# -- the corpus runs --------------------------------------------------------------------------------------


def test_the_corpus_is_large_and_covers_every_kind(corpus, runs):
    kinds = {e.kind for e in corpus["entries"]}
    assert kinds == {"household", "policy", "passphrase"}
    assert len(corpus["entries"]) >= 700 and len(runs) >= 4000
    print(f"\n{len(corpus['entries'])} corpus entries, {len(runs)} hostile runs, "
          f"{sum(1 for r in runs if r['wrong'])} bad, slowest {max(r['seconds'] for r in runs):.2f} s")


@pytest.mark.parametrize("command", ["compute", "compute --json", "sheet", "cases add", "cases list", "arguments"])
def test_every_hostile_run_is_refused_in_one_short_sentence_of_the_users_language(runs, command):
    mine = [r for r in runs if (f"[{command}," in r["id"]) or (command == "arguments"
                                                              and r["id"].startswith("arguments "))]
    assert mine
    bad = [r for r in mine if r["wrong"]]
    assert not bad, f"{len(bad)} of {len(mine)} runs bad:\n{describe(bad)}"


def test_no_run_is_slow(runs):
    slow = sorted((r for r in runs if r["code"] != "hang" and r["seconds"] > 5), key=lambda r: -r["seconds"])
    assert not slow, [(r["id"], r["seconds"]) for r in slow[:10]]


def test_refused_cases_are_not_stored_and_accepted_ones_are(corpus, runs):
    added = sum(1 for r in runs if "[cases add," in r["id"] and r["code"] == 0)
    assert added > 0
    stored = 0
    for env in corpus["envs"]:
        r = subprocess.run([sys.executable, "-m", "redi_desktop", "cases", "list", "--passphrase-file",
                            str(corpus["secret"]), "--lang", "fr"], capture_output=True, text=True, env=env,
                           timeout=60, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
        stored += len(r.stdout.splitlines())
    assert stored == added


# -- real processes: special files, exit codes, what argparse and the passphrase file say ------------------


def cli(*args, env, timeout=TIMEOUT):
    return subprocess.run([sys.executable, "-m", "redi_desktop", *args], capture_output=True, text=True,
                          errors="backslashreplace", env=env, timeout=timeout, stdin=subprocess.DEVNULL, cwd=ROOT)


def sentence(lang: str, msgid: str) -> str:
    """The longest piece of the translation of `msgid` without its placeholders."""
    form = catalog(lang)[msgid][0]
    assert form and form != msgid
    return max(_PLACEHOLDER.split(form), key=len).strip()


@pytest.fixture(scope="module")
def special(corpus):
    from tests.hostile_corpus import special_paths

    return special_paths(corpus["folder"] / "special")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["fifo", "device-zero", "folder", "symlink-loop"])
def test_a_fifo_a_device_a_folder_or_a_link_loop_is_refused_at_once(corpus, special, name, lang):
    path = special[name]
    r = cli("compute", str(path), "--lang", lang, env=corpus["env"])
    assert not what_is_wrong(r.returncode, r.stderr, lang), r.stderr
    key = "file_unreadable" if name == "symlink-loop" else "file_not_regular"
    from redi_desktop.services.errors import MESSAGES

    assert sentence(lang, MESSAGES[key]) in r.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_a_rent_given_twice_is_refused_and_named(corpus, lang):
    path = corpus["folder"] / "twice.json"
    text = json.dumps(base_case()).replace('"rent": "750.00"', '"rent": "2000.00", "rent": "500.00"')
    path.write_text(text, encoding="utf-8")
    for args in (["compute", str(path)], ["sheet", str(path), "-o", str(corpus["folder"] / "twice.pdf")]):
        r = cli(*args, "--lang", lang, env=corpus["env"])
        assert not what_is_wrong(r.returncode, r.stderr, lang), r.stderr
        assert sentence(lang, "The file gives the field “{value}” twice: keep only one.") in r.stderr
        assert "rent" in r.stderr and not (corpus["folder"] / "twice.pdf").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_lone_surrogate_in_a_name_is_invalid_input_not_a_crash(corpus, lang):
    path = corpus["folder"] / "surrogate.json"
    data = base_case()
    data["client"]["last_name"] = "Nom\ud800"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    r = cli("cases", "add", str(path), "--passphrase-file", str(corpus["secret"]), "--lang", lang, env=corpus["env"])
    assert r.returncode == 2 and not what_is_wrong(r.returncode, r.stderr, lang), r.stderr
    assert sentence(lang, "{field} holds a character that is not text (a control character or a broken one).") \
        in r.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_a_megabyte_of_control_characters_is_not_echoed(corpus, lang):
    path = corpus["folder"] / "mega.json"
    path.write_text(json.dumps(base_case()).replace('"BRU"', json.dumps("\x1b[2J" * 200_000), 1), encoding="utf-8")
    r = cli("compute", str(path), "--lang", lang, env=corpus["env"])
    assert not what_is_wrong(r.returncode, r.stderr, lang) and "\x1b" not in r.stderr, r.stderr[:300]


@pytest.mark.parametrize("rows", ["charges", "resources"])
@pytest.mark.parametrize("count, msgid", [(100_000, "The file {path} is too large (more than {limit})."),
                                          (50_000, "{field}: at most {value} rows.")])
def test_a_hundred_thousand_rows_are_refused_within_seconds(corpus, rows, count, msgid):
    import time

    path = corpus["folder"] / f"{rows}.json"
    data = base_case()
    data[rows] = [{"type": "other", "amount": "1"}] * count
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    start = time.perf_counter()
    r = cli("sheet", str(path), "-o", str(corpus["folder"] / f"{rows}.pdf"), "--lang", "nl", env=corpus["env"])
    assert time.perf_counter() - start < 10
    assert not what_is_wrong(r.returncode, r.stderr, "nl"), r.stderr
    assert sentence("nl", msgid) in r.stderr


def test_a_sheet_never_overwrites_its_household_file(corpus, tmp_path):
    house = tmp_path / "house.json"
    house.write_text(json.dumps(base_case()), encoding="utf-8")
    before = house.read_bytes()
    link, hard = tmp_path / "link.pdf", tmp_path / "hard.pdf"
    link.symlink_to(house)
    os.link(house, hard)
    for target in (house, Path(os.path.relpath(house, ROOT)), tmp_path / "." / "house.json", link, hard):
        for lang in LANGS:
            r = cli("sheet", str(house), "-o", str(target), "--lang", lang, env=corpus["env"])
            assert not what_is_wrong(r.returncode, r.stderr, lang), (target, r.stderr)
            assert sentence(lang, "The sheet would overwrite the household file {path}: give another file name.") \
                in r.stderr
            assert house.read_bytes() == before and link.is_symlink()
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("args, msgid", [
    (["compute", "x.json", "--colour"], "Not understood on the command line: {what}."),
    (["sheet", "x.json"], "Missing on the command line: {what}."),
    (["compute", "x.json", "--date"], "{what} needs a value."),
    (["compute", "x.json", "--lang", "de"], "“{value}” is not a choice for {what}."),
    (["computee", "x.json"], "“{value}” is not a choice for {what}."),
])
def test_argparse_errors_are_one_sentence_in_the_users_language(corpus, args, msgid, lang):
    env = {**corpus["env"], "REDI_DESKTOP_LANG": lang}  # --lang de cannot name the language
    r = cli(*args, "--lang", lang, env=env) if "de" not in args else cli(*args, env=env)
    assert not what_is_wrong(r.returncode, r.stderr, lang), r.stderr
    assert sentence(lang, msgid) in r.stderr and "usage:" not in r.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_a_passphrase_file_with_a_nul_is_one_sentence(corpus, lang):
    pw = corpus["folder"] / "nul-pw.txt"
    pw.write_bytes(b"pass\x00word\n")
    r = cli("cases", "add", str(corpus["valid"]), "--passphrase-file", str(pw), "--lang", lang, env=corpus["env"])
    assert not what_is_wrong(r.returncode, r.stderr, lang), r.stderr
    assert sentence(lang, "The passphrase file {path} holds a character that cannot be part of a passphrase.") \
        in r.stderr


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_a_passphrase_saved_by_notepad_opens_the_store(corpus, encoding):
    pw = corpus["folder"] / f"pw-{encoding}.txt"
    pw.write_bytes((PASSPHRASE + "\r\n").encode(encoding))
    assert PASSPHRASE.encode(encoding) != PASSPHRASE.encode("utf-8")  # the test is about the bytes
    r = cli("cases", "list", "--passphrase-file", str(pw), "--lang", "fr", env=corpus["env"])
    assert r.returncode == 0, r.stderr


def test_the_checks_see_what_a_user_would_notice():
    """The judge of every run above fails on each defect it is there to see."""
    from redi_desktop.i18n import _, set_language

    set_language("fr")
    good = _("The file {path} does not exist.").format(path="x.json") + "\n"
    assert what_is_wrong(2, good, "fr") == []
    assert what_is_wrong(2, good, "nl")  # French when Dutch was asked
    assert what_is_wrong(1, good, "fr")  # exit 1 for the user's input
    assert what_is_wrong(0, "", "fr")  # accepted, though invalid
    assert what_is_wrong("hang", "", "fr")
    assert what_is_wrong(2, "The file x.json does not exist.\n", "fr")  # the English msgid
    assert what_is_wrong(2, good + good, "fr")  # two lines
    assert what_is_wrong(2, good[:-1] + "x" * 400 + "\n", "fr")  # a megabyte echoed, in short
    assert what_is_wrong(2, good.replace("x.json", "x\x1b[31m\u202e\ud800.json"), "fr")
    assert what_is_wrong(2, "Traceback (most recent call last):\n", "fr")
    assert what_is_wrong(1, _("Unexpected error ({error}). Nothing was changed.").format(error="E") + "\n", "fr", 1)


@pytest.mark.parametrize("lang", LANGS)
def test_a_sheet_is_not_written_over_a_folder_a_pipe_or_a_device(corpus, tmp_path, lang):
    """`sheet -o /dev/null` replaced the device by a plain file (the atomic rename), which as an administrator
    breaks the machine: tried here through a link in a temporary folder, never on /dev itself."""
    import stat

    fifo, device, folder = tmp_path / "pipe.pdf", tmp_path / "null.pdf", tmp_path / "folder.pdf"
    os.mkfifo(fifo)
    device.symlink_to(os.devnull)
    folder.mkdir()
    for target in (fifo, device, folder):
        r = cli("sheet", str(corpus["valid"]), "-o", str(target), "--lang", lang, env=corpus["env"])
        assert not what_is_wrong(r.returncode, r.stderr, lang), (target, r.stderr)
        assert sentence(lang, "{path} is not a file (a folder, a device or a pipe): give the name of a file.") \
            in r.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and device.is_symlink() and folder.is_dir()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_decision_fields_are_named_in_words_not_by_their_json_key(runs):
    """`decision › proposal_amount` was the English key: each decision field is named in the user's words."""
    from redi_desktop.i18n import FIELD_NAMES

    checked = 0
    for r in runs:
        m = re.match(r"household generated/wrong-decision\.([a-z_]+)-\d+\.json \[.*, (fr|nl)\]$", r["id"])
        if not m or r["code"] != 2:
            continue
        key, lang = m.groups()
        said = r["stderr"].split(":", 1)[1]  # after the file's name, which holds the key
        label = catalog(lang)[FIELD_NAMES[key]][0]
        assert label in said and ("_" not in key or key not in said), r["stderr"]  # proposal_amount
        checked += 1
    assert checked > 100


def test_a_bundle_is_not_written_over_the_case_database_or_a_pipe_nor_read_from_a_pipe(corpus, tmp_path):
    import stat

    env = {**corpus["env"], "REDI_DESKTOP_DATA": str(tmp_path / "data")}
    pw = str(corpus["secret"])
    assert cli("init", "--passphrase-file", pw, env=env).returncode == 0
    r = cli("cases", "add", str(corpus["valid"]), "--passphrase-file", pw, env=env)
    case_id = r.stdout.strip().splitlines()[-1]
    store = tmp_path / "data" / "cases.db"
    fifo = tmp_path / "pipe.redi"
    os.mkfifo(fifo)
    for lang in LANGS:
        for target, msgid in ((store, "The bundle would overwrite the case database {path}: give another file name."),
                              (fifo, "{path} is not a file (a folder, a device or a pipe): give the name of a file.")):
            r = cli("export", case_id, "-o", str(target), "--passphrase-file", pw, "--bundle-passphrase-file", pw,
                    "--lang", lang, env=env)
            assert not what_is_wrong(r.returncode, r.stderr, lang), r.stderr
            assert sentence(lang, msgid) in r.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    for source in (fifo, Path("/dev/zero"), tmp_path):  # import read them to the end: a pipe hung for ever
        r = cli("import", str(source), "--passphrase-file", pw, "--bundle-passphrase-file", pw, "--lang", "nl", env=env)
        assert not what_is_wrong(r.returncode, r.stderr, "nl"), r.stderr
        assert sentence("nl", "The file {path} is not a REDI Desktop bundle.") in r.stderr
    r = cli("cases", "list", "--passphrase-file", pw, env=env)
    assert r.returncode == 0 and r.stdout.split()[0] == case_id  # the store is still the store
