"""The corpus of hostile inputs for the command line (tests/test_hostile_input.py runs it).

Small hand-written files live in tests/hostile/ (households/, policies/, passphrases/); a name starting with
`ok-` is a file the program must accept, every other one must be refused as invalid input (exit 2). What is
too big or too special to commit is made here, in a temporary folder, by `materialize()`: megabyte strings,
100,000 rows, deep nesting, a FIFO, a device, a folder, a symlink loop, bytes that are not UTF-8, and one
household per field and per wrong value ("wrong types everywhere"). Synthetic people only.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

from tests.synthetic import iban, national_number

HERE = Path(__file__).parent / "hostile"
MEGA = 1_000_000


@dataclass(frozen=True)
class Entry:
    """One hostile input: what it is (household, policy or passphrase), where, and the exit status a user
    must get (2: invalid input; 0: accepted; None: either, as long as a refusal is a clean one)."""

    name: str
    kind: str
    path: Path
    expect: int | None = 2


def base_case() -> dict:
    """A valid case file with every field the reader knows, so that each can be spoiled in turn."""
    rng = random.Random(9)
    return {
        "assessment_date": "2026-11-28",
        "file_reference": "HOSTILE-1",
        "client": {"first_name": "Prénomtest", "last_name": "Nomtest", "national_register_number": national_number(rng),
                   "iban": iban(rng), "address": "Rue Synthétique 1, 1000 Bruxelles"},
        "postal_code": "1000",
        "region": "BRU",
        "language": "fr",
        "members": [
            {"role": "applicant", "birth_date": "1985-04-02", "sex": "F", "activity": "unemployed",
             "first_name": "Prénomtest", "school_level": "none", "special_needs": ["diet"], "public_transport": True,
             "childcare_days": 0, "childcare_cost": "0.00", "school_cost": "0.00"},
            {"role": "child", "age": 9, "sex": "M", "activity": "pupil", "school_level": "primary"},
        ],
        "housing": {"tenure": "private_rent", "rent": "750.00", "charges": "20.00", "energy": "90.00",
                    "water": "30.00"},
        "mobility": {"car_needed": True, "car_reason": "work at night", "car_cost": "120.00"},
        "health": {"increased_reimbursement": False, "extra_costs": "0.00"},
        "resources": [{"type": "integration_income", "member": 0, "amount": "1314.20", "note": "monthly"}],
        "charges": [{"type": "debt_repayment", "amount": "50.00", "note": "bank"}],
        "overrides": [{"category": "health", "amount": "80.00", "reason": "chronic treatment"}],
        "decision": {"caseworker": "Agent Test", "proposal_amount": "300.00", "proposal_reasons": "rent",
                     "body": "Comité spécial", "date": "2026-12-01", "outcome": "granted", "amount": "300.00",
                     "start": "2026-12-01", "duration_months": 3, "conditions": "none", "motivation": "gap"},
    }


# Each field of base_case() by the kind of value it takes.
FIELDS = {
    "assessment_date": "date", "file_reference": "text", "postal_code": "text", "region": "choice",
    "language": "choice", "members": "list", "housing": "object", "mobility": "object", "health": "object",
    "resources": "list", "charges": "list", "overrides": "list", "client": "object", "decision": "object",
    **{f"client.{k}": "text" for k in ("first_name", "last_name", "national_register_number", "iban", "address")},
    "members.0.role": "choice", "members.0.birth_date": "date", "members.0.sex": "choice",
    "members.0.activity": "choice", "members.0.first_name": "text", "members.0.school_level": "choice",
    "members.0.special_needs": "list", "members.0.public_transport": "bool", "members.0.childcare_days": "int",
    "members.0.childcare_cost": "amount", "members.0.school_cost": "amount", "members.1.age": "int",
    "members.0": "row", "housing.tenure": "choice", "housing.rent": "amount", "housing.charges": "amount",
    "housing.energy": "amount", "housing.water": "amount", "mobility.car_needed": "bool",
    "mobility.car_reason": "text", "mobility.car_cost": "amount", "health.increased_reimbursement": "bool",
    "health.extra_costs": "amount", "resources.0": "row", "resources.0.type": "choice",
    "resources.0.amount": "amount", "resources.0.member": "int", "resources.0.note": "text",
    "charges.0": "row", "charges.0.type": "choice", "charges.0.amount": "amount", "charges.0.note": "text",
    "overrides.0": "row", "overrides.0.category": "choice", "overrides.0.amount": "amount",
    "overrides.0.reason": "text", "members.0.special_needs.0": "choice",
    **{f"decision.{k}": "text" for k in ("caseworker", "proposal_reasons", "body", "conditions", "motivation")},
    "decision.proposal_amount": "amount", "decision.amount": "amount", "decision.date": "date",
    "decision.start": "date", "decision.outcome": "choice", "decision.duration_months": "int",
}

# Wrong values by kind, as raw JSON text (so that 1e999, huge integers and lone surrogates stay as written).
_CONTROL = ['"a\\u0000b"', '"\\u001b[2J\\u001b[31mred"', '"line\\nbreak\\u0007"', '"\\ud800"', '"x\\udfffy"',
            '"\\u202eevil\\u2028next"']
WRONG = {
    "text": ["42", "true", "1.5", "[]", "{}", '["a"]', *_CONTROL, '"' + "é" * 5001 + '"'],
    "choice": ["42", "true", "[]", "{}", '""', '"FR"', '" private_rent"', *_CONTROL, "[" * 50 + "]" * 50],
    "int": ["30.0", '"30"', "true", "1e999", "-1e999", "1" + "0" * 30, "-1", "NaN", "Infinity", "[]", '"\\ud800"'],
    "amount": ["750.0", "750", "true", "1e999", '"1e3"', '"-5.00"', '"750.005"', '"NaN"', '"Infinity"',
               '"\\u0667\\u0665\\u0660"', '"1_000"', '"  "', '""', '"99999999999.99"', '"0x10"', "[]", "{}", "NaN",
               '"750,00"', '"€750"', '"\\u0000"', "-0.0", "12345678901234567890123456789"],
    "bool": ['"true"', "1", "0", "null", "[]", '"\\ud800"'],
    "date": ['"2026-02-30"', '"28/11/2026"', "20261128", '"2026-11-28T00:00"', '"0000-01-01"', '"9999-12-31"',
             '"\\uff12\\uff10\\uff12\\uff16-11-28"', '"\\ud800"', "true", '"2026-11-28\\u0000"', '"1899-12-31"'],
    "list": ['"x"', "{}", "42", "null", "true", '"\\ud800"'],
    "object": ['"x"', "[]", "42", "true", "0"],
    "row": ['"x"', "42", "null", "[]", "true", '{"\\ud800": 1}'],
}
# Values any field may meet, megabytes included: a few fields each, to keep the corpus quick.
_MEGA_STRING = '"' + "A" * MEGA + '"'
_MEGA_CONTROL = '"' + "\\u0007" * 150_000 + '"'
MEGA_FIELDS = ("file_reference", "region", "client.last_name", "members.0.role", "housing.rent",
               "members.1.age", "decision.motivation", "decision.outcome", "overrides.0.category")

_PLACEHOLDER = "@@HOSTILE@@"


def _set(data: dict, path: str, value) -> dict:
    keys = path.split(".")
    target = data
    for k in keys[:-1]:
        target = target[int(k)] if isinstance(target, list) else target[k]
    last = keys[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


def with_raw(path: str, raw: str) -> str:
    """The base case with the value at `path` replaced by the raw JSON text `raw`."""
    text = json.dumps(_set(base_case(), path, _PLACEHOLDER), ensure_ascii=True)
    return text.replace(json.dumps(_PLACEHOLDER), raw, 1)


def _rows(kind: str, n: int) -> str:
    row = {"resources": {"type": "wage", "amount": "1.00"}, "charges": {"type": "other", "amount": "1.00"},
           "overrides": {"category": "food", "amount": "1.00", "reason": "x"},
           "members": {"role": "child", "age": 3, "sex": "F", "activity": "infant"}}[kind]
    return "[" + ",".join([json.dumps(row)] * n) + "]"


def generated_households() -> dict[str, bytes]:
    """name -> bytes of every household made here rather than committed."""
    out: dict[str, bytes] = {}
    for field, kind in FIELDS.items():
        for i, raw in enumerate(WRONG[kind]):
            out[f"wrong-{field}-{i}.json"] = with_raw(field, raw).encode("utf-8")
    for field in MEGA_FIELDS:
        out[f"mega-{field}.json"] = with_raw(field, _MEGA_STRING).encode("utf-8")
        out[f"megactl-{field}.json"] = with_raw(field, _MEGA_CONTROL).encode("utf-8")
    base = with_raw("file_reference", '"HOSTILE-1"')
    for kind in ("resources", "charges", "overrides", "members"):
        out[f"rows-101-{kind}.json"] = with_raw(kind, _rows(kind, 101)).encode()
        out[f"rows-100000-{kind}.json"] = with_raw(kind, _rows(kind, 100_000)).encode()  # past the size limit
        out[f"rows-40000-{kind}.json"] = with_raw(kind, _rows(kind, 40_000).replace(" ", "")).encode()  # under it
    needs = '["diet"' + ',"diet"' * 99_999 + "]"
    out["rows-100000-special-needs.json"] = with_raw("members.0.special_needs", needs).encode()
    out["rows-100000-unknown-keys.json"] = ("{" + ",".join(f'"k{i}": 1' for i in range(100_000)) + "}").encode()
    # keys nobody expects: megabytes, control characters, lone surrogates, list-like, too many digits
    for i, key in enumerate(['"' + "z" * MEGA + '"', '"' + "Z" * MEGA + '"', '"a\\u0000b"', '"\\ud800"',
                             '"\\u001b[31mred"', '"members[0]"', '"pets[' + "9" * 5000 + ']"',
                             '"x.y.z"', '"."', '""', '"housing.rent"', '"\\u2028"', '"a' + "[1]" * 20000 + '"']):
        out[f"key-{i}.json"] = (base[:-1] + f", {key}: 1}}").encode()
        out[f"key-nested-{i}.json"] = base.replace('"housing": {', f'"housing": {{{key}: 1, ', 1).encode()
    # duplicate keys, top level and nested
    out["dup-rent.json"] = base.replace('"rent": "750.00"', '"rent": "2000.00", "rent": "500.00"').encode()
    out["dup-top-members.json"] = (base[:-1] + ', "members": []}').encode()
    out["dup-decision-amount.json"] = base.replace('"amount": "300.00"', '"amount": "3000.00", "amount": "300.00"',
                                                   1).encode()
    out["dup-client.json"] = (base[:-1] + ', "client": {}}').encode()
    out["dup-in-row.json"] = base.replace('"type": "debt_repayment"', '"type": "other", "type": "debt_repayment"').encode()
    # numbers and nesting
    out["deep-list.json"] = ("[" * 100_000 + "]" * 100_000).encode()
    out["deep-object.json"] = ('{"a":' * 100_000 + "1" + "}" * 100_000).encode()
    out["deep-in-field.json"] = with_raw("client.first_name", "[" * 900 + "]" * 900).encode()
    out["deep-in-choice.json"] = with_raw("region", "[" * 900 + "]" * 900).encode()
    out["deep-dict-in-choice.json"] = with_raw("region", '{"a":' * 900 + "1" + "}" * 900).encode()
    out["huge-int-5000-digits.json"] = with_raw("members.1.age", "9" * 5000).encode()
    out["huge-int-4000-digits.json"] = with_raw("members.1.age", "9" * 4000).encode()
    out["huge-float.json"] = with_raw("housing.rent", "1" + "0" * 400 + ".5").encode()
    out["big-list-in-choice.json"] = with_raw("region", "[" + ",".join(["0"] * 300_000) + "]").encode()
    out["big-list-in-amount.json"] = with_raw("housing.rent", "[" + ",".join(['"1.00"'] * 300_000) + "]").encode()
    out["big-dict-in-choice.json"] = with_raw("members.0.sex",
                                              "{" + ",".join(f'"k{i}":0' for i in range(100_000)) + "}").encode()
    # encodings
    text = base
    out["ok-bom.json"] = b"\xef\xbb\xbf" + text.encode()
    out["latin1.json"] = base_text_latin1()
    out["utf16-bom.json"] = b"\xff\xfe" + text.encode("utf-16-le")
    out["utf16-nobom.json"] = text.encode("utf-16-le")
    out["not-utf8-in-string.json"] = text.replace("HOSTILE-1", "HOSTILE-\udcff").encode("utf-8", "surrogateescape")
    out["nul-bytes.json"] = text.encode() + b"\x00" * 10
    out["binary.json"] = bytes(range(256)) * 100
    out["gzip.json"] = b"\x1f\x8b\x08\x00" + os.urandom(200)
    out["ok-big-whitespace.json"] = text.encode() + b" " * (MEGA + 500_000)
    out["too-large.json"] = b" " * 2_000_001 + text.encode()
    out["trailing-garbage.json"] = text.encode() + b" {}"
    out["two-documents.json"] = text.encode() + b"\n" + text.encode()
    out["ok-valid.json"] = text.encode()
    return out


def base_text_latin1() -> bytes:
    """The base case saved by an old editor in Windows-1252: é as one byte."""
    return json.dumps(base_case(), ensure_ascii=False).encode("cp1252")


def generated_policies() -> dict[str, bytes]:
    lol = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lol += f"{chr(i)}: &{chr(i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    bomb_refs = "[" + ",".join(["*i"] * 9) + "]"
    return {
        "bomb-unknown.yaml": ("id: x\nversion: 1\n" + lol).encode(),
        "bomb-categories.yaml": ("x: &i " + bomb_refs.replace("*i", "[1]") + "\n" + lol
                                 + f"id: x\nversion: 1\nactual_cost_categories: {bomb_refs.replace('*i', '*i')}\n"
                                 ).encode(),
        "bomb-in-lists.yaml": (lol + "id: x\nversion: 1\nactual_cost_categories: [*i, *i, *i]\n"
                               "identity: {signatories: [*i]}\nincome_shares: {wage: *i}\nshare: *i\n").encode(),
        "bomb-as-name.yaml": (lol + "id: x\nversion: 1\nname: *i\ncap: *i\n").encode(),
        "deep-list.yaml": ("[" * 100_000 + "]" * 100_000).encode(),
        "deep-mapping.yaml": ("{a: " * 5000 + "1" + "}" * 5000).encode(),
        "deep-block.yaml": "".join(" " * i + "a:\n" for i in range(650)).encode(),
        "mega-name.yaml": ("id: x\nversion: 1\nname: " + "A" * MEGA + "\n").encode(),
        "long-name.yaml": ("id: x\nversion: 1\nname: " + "A" * 200_000 + "\n").encode(),
        "long-key.yaml": ("id: x\nversion: 1\n" + "z" * 200_000 + ": 1\n").encode(),
        "long-id.yaml": ("id: " + "z" * 200_000 + "\nversion: 1\n").encode(),
        "long-choice.yaml": ("id: x\nversion: 1\nactual_cost_categories: [" + "z" * 200_000 + "]\n").encode(),
        "ctl-choice.yaml": b'id: x\nversion: 1\nactual_cost_categories: ["\\e[2J\\x07\\u2028"]\n',
        "ctl-name.yaml": b'id: x\nversion: 1\nname: "a\\x00b\\e[31m"\n',
        "ctl-raw.yaml": b"id: x\nversion: 1\nname: a\x07b\n",
        "surrogate-name.yaml": b'id: x\nversion: 1\nname: "\\ud800"\n',
        "latin1.yaml": "id: x\nversion: 1\nname: Politique générale\n".encode("cp1252"),
        "utf16.yaml": b"\xff\xfe" + "id: x\nversion: 1\n".encode("utf-16-le"),
        "binary.yaml": bytes(range(256)) * 10,
        "too-large.yaml": b"#" * 2_000_001,
        "huge-int-version.yaml": ("id: x\nversion: " + "9" * 5000 + "\n").encode(),
        "rows-100000-categories.yaml": ("id: x\nversion: 1\nactual_cost_categories: [" + ",".join(["food"] * 100_000)
                                        + "]\n").encode(),
        "rows-100000-signatories.yaml": ("id: x\nversion: 1\nidentity: {signatories: [" + ",".join(["a"] * 100_000)
                                         + "]}\n").encode(),
        "rows-100000-unknown.yaml": ("id: x\nversion: 1\n" + "".join(f"k{i}: 1\n" for i in range(100_000))).encode(),
    }


PASSPHRASE = "Pässwörd – très sûr"  # the store's: non-ASCII, and every character of it is in Windows-1252


def generated_passphrases() -> dict[str, tuple[bytes, int]]:
    """name -> (bytes, expected exit of `cases add` with it, for a store whose passphrase is PASSPHRASE)."""
    return {
        "nul.txt": (b"pass\x00word\n", 2),
        "only-nul.txt": (b"\x00", 2),
        "empty.txt": (b"", 2),
        "newline.txt": (b"\n", 2),
        "crlf-newline.txt": (b"\r\n", 2),
        "ctl.txt": (b"pass\x1b[31mword\n", 2),
        "cp1252-undefined.txt": (b"pass\x81\x8d\x8f\n", 2),
        "too-large.txt": (b"x" * 70_000, 2),
        "binary.txt": (bytes(range(256)), 2),
        "wrong.txt": (b"not the passphrase\n", 2),
        "ok-utf8.txt": ((PASSPHRASE + "\n").encode(), 0),
        "ok-crlf.txt": ((PASSPHRASE + "\r\n").encode(), 0),
        "ok-utf8-bom.txt": (("\ufeff" + PASSPHRASE + "\r\n").encode(), 0),
        "ok-utf16-bom.txt": (b"\xff\xfe" + (PASSPHRASE + "\r\n").encode("utf-16-le"), 0),
        "ok-cp1252.txt": (PASSPHRASE.encode("cp1252") + b"\r\n", 0),
    }


def special_paths(folder: Path) -> dict[str, Path]:
    """Paths that are not regular files: a FIFO, devices, a folder, a symlink loop, a dangling link."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    fifo = folder / "fifo.json"
    if not fifo.exists():
        os.mkfifo(fifo)
    out["fifo"] = fifo
    for dev in ("/dev/zero", "/dev/urandom", "/dev/null", "/dev/stdin", "/dev/tty"):
        if os.path.exists(dev):
            out[f"device-{dev.rsplit('/', 1)[1]}"] = Path(dev)
    out["folder"] = folder
    loop_a, loop_b = folder / "loop-a.json", folder / "loop-b.json"
    if not loop_a.is_symlink():
        loop_a.symlink_to(loop_b)
        loop_b.symlink_to(loop_a)
    out["symlink-loop"] = loop_a
    dangling = folder / "dangling.json"
    if not dangling.is_symlink():
        dangling.symlink_to(folder / "nowhere.json")
    out["dangling-link"] = dangling
    out["missing"] = folder / "missing.json"
    out["proc-self-mem"] = Path("/proc/self/mem")
    out["proc-kmsg"] = Path("/proc/self/fd/0")
    out["name-with-control"] = folder / "bad\x1b[31m\nname.json"
    out["name-mega"] = folder / ("n" * 200 + ".json")
    out["no-permission"] = folder / "secret.json"
    if not out["no-permission"].exists():
        out["no-permission"].write_text("{}", encoding="utf-8")
        out["no-permission"].chmod(0)
    return out


def materialize(folder: Path) -> list[Entry]:
    """Every corpus entry as a file under `folder` (committed small files are used where they are)."""
    entries: list[Entry] = []
    for kind, sub in (("household", "households"), ("policy", "policies")):
        for path in sorted((HERE / sub).iterdir()):
            entries.append(Entry(f"{sub}/{path.name}", kind, path, 0 if path.name.startswith("ok-") else 2))
    gen = folder / "generated"
    gen.mkdir(parents=True, exist_ok=True)
    for kind, files in (("household", generated_households()), ("policy", generated_policies())):
        for name, data in files.items():
            path = gen / (("p-" if kind == "policy" else "") + name)
            path.write_bytes(data)
            entries.append(Entry(f"generated/{path.name}", kind, path, 0 if name.startswith("ok-") else 2))
    for name, (data, expect) in generated_passphrases().items():
        path = gen / f"pw-{name}"
        path.write_bytes(data)
        entries.append(Entry(f"generated/{path.name}", "passphrase", path, expect))
    for name, path in special_paths(folder / "special").items():
        for kind in ("household", "policy", "passphrase"):
            entries.append(Entry(f"special/{name}", kind, path, 2))
    return entries
