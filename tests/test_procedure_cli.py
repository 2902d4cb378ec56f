"""The procedure through the real command line on a real case store: a case file's request registered,
decisions and notifications recorded, deadlines shown, what is due listed; bad input one sentence, exit 2,
nothing saved."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.store_fixtures.helpers import household_data
from tests.test_store import cli_env, english  # noqa: F401 - fixtures


def run(argv, capsys, lang="fr"):
    from redi_desktop.cli import main

    code = main([*argv, "--lang", lang])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def opened(cli_env, capsys):  # noqa: F811
    tmp, pw, _bundle = cli_env
    p = ["--passphrase-file", str(pw)]
    assert run(["init", *p], capsys)[0] == 0
    return tmp, p


def add(tmp, p, capsys, received="2026-03-02", reference="TEST-1", **request):
    data = household_data(reference=reference)
    if received is not None:
        data["request"] = {"received": received, "how": "letter", "received_by": "A. Agent", **request}
    path = tmp / f"{reference}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(["cases", "add", str(path), *p], capsys)
    assert code == 0, err
    return out.strip().splitlines()[-1]


def show(case_id, p, capsys):
    code, out, err = run(["cases", "show", case_id, "--json", *p], capsys)
    assert code == 0, err
    return json.loads(out)


def test_from_the_request_to_the_appeal_period(opened, capsys):
    tmp, p = opened
    case_id = add(tmp, p, capsys)
    view = show(case_id, p, capsys)
    assert view["requests"] == [{"number": "2026/00001", "received": "2026-03-02", "how": "letter",
                                 "received_by": "A. Agent"}]
    assert view["deadlines"] == {"decision_due": "2026-04-01", "notification_due": None, "appeal_until": None,
                                 "revision_due": None}
    code, out, err = run(["decisions", "record", case_id, "--date", "2026-03-20", "--outcome", "granted",
                          "--amount", "250.00", "--start", "2026-04-01", "--months", "6",
                          "--conditions", "chercher un logement moins cher", "--motivation", "écart structurel", *p],
                         capsys)
    assert code == 0, err
    code, out, err = run(["notify", case_id, "--date", "2026-03-23", "--method", "registered", *p], capsys)
    assert code == 0 and "25 juin 2026" in out, err
    view = show(case_id, p, capsys)
    assert view["deadlines"] == {"decision_due": "2026-04-01", "notification_due": "2026-03-30",
                                 "appeal_until": "2026-06-25", "revision_due": "2026-09-30"}
    assert view["notification"] == {"date": "2026-03-23", "method": "registered"}
    decided = view["decisions"][-1]
    assert (decided["outcome"], decided["amount"], decided["duration_months"], decided["conditions"]) == (
        "granted", "250.00", 6, "chercher un logement moins cher")
    code, out, err = run(["cases", "show", case_id, *p], capsys, lang="nl")
    assert code == 0 and "einde van de beroepstermijn: 25 juni 2026" in out.lower(), out
    timeline = tmp / "timeline.pdf"
    code, out, err = run(["cases", "timeline", case_id, "-o", str(timeline), *p], capsys)
    assert code == 0 and timeline.read_bytes().startswith(b"%PDF"), err


def test_due_lists_overdue_first(opened, capsys):
    tmp, p = opened
    late = add(tmp, p, capsys, received="2026-01-05", reference="LATE")
    soon = add(tmp, p, capsys, received="2026-02-20", reference="SOON")
    unsent = add(tmp, p, capsys, received="2026-01-20", reference="UNSENT")
    assert run(["decisions", "record", unsent, "--date", "2026-02-10", "--outcome", "refused", *p], capsys)[0] == 0
    add(tmp, p, capsys, received=None, reference="NONE")
    code, out, err = run(["due", "--on", "2026-03-01", "--json", *p], capsys)
    assert code == 0, err
    assert [(i["case"], i["what"], i["due"], i["overdue"]) for i in json.loads(out)] == [
        (late, "decision", "2026-02-04", True), (unsent, "notification", "2026-02-18", True),
        (soon, "decision", "2026-03-23", False)]
    code, out, err = run(["due", "--on", "2026-03-01", *p], capsys, lang="nl")
    lines = out.strip().splitlines()
    assert len(lines) == 3 and "te laat" in lines[0] and "LATE" in lines[0] and "SOON" in lines[2]


@pytest.mark.parametrize("argv, lang, words", [
    (["decisions", "record", "{case}", "--date", "2026-03-01", "--outcome", "granted"], "fr",
     "ne peut pas être datée d’avant la demande"),
    (["decisions", "record", "{case}", "--date", "2026-03-05", "--outcome", "granted", "--months", "0"], "nl",
     "minstens één maand"),
    (["decisions", "record", "{case}", "--date", "05/03/2026", "--outcome", "granted"], "fr", "--date"),
    (["decisions", "record", "{case}", "--date", "2026-03-05", "--outcome", "granted", "--amount", "beaucoup"],
     "fr", "beaucoup"),
    (["decisions", "record", "{case}", "--date", "2026-03-05", "--outcome", "maybe"], "nl", "maybe"),
    (["notify", "{case}", "--date", "2026-03-05", "--method", "registered"], "nl", "nog geen beslissing"),
    (["notify", "{case}", "--date", "2026-03-05", "--method", "pigeon"], "fr", "pigeon"),
    (["decisions", "record", "no-such-case", "--date", "2026-03-05", "--outcome", "refused"], "fr", "no-such-case"),
])
def test_bad_input_is_one_sentence_and_saves_nothing(opened, capsys, argv, lang, words):
    tmp, p = opened
    case_id = add(tmp, p, capsys)
    before = show(case_id, p, capsys)
    code, out, err = run([a.replace("{case}", case_id) for a in argv] + p, capsys, lang=lang)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert show(case_id, p, capsys) == before


def test_a_notification_before_the_decision_is_refused(opened, capsys):
    tmp, p = opened
    case_id = add(tmp, p, capsys)
    assert run(["decisions", "record", case_id, "--date", "2026-03-20", "--outcome", "refused", *p], capsys)[0] == 0
    code, out, err = run(["notify", case_id, "--date", "2026-03-19", "--method", "by_hand", *p], capsys)
    assert code == 2 and "ne peut pas être datée d’avant la décision" in err
    assert show(case_id, p, capsys)["notification"] is None


def test_a_case_file_with_a_request_without_a_date_is_refused(opened, capsys):
    tmp, p = opened
    data = household_data()
    data["request"] = {"how": "letter"}
    path = tmp / "no-date.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(["cases", "add", str(path), *p], capsys, lang="nl")
    assert code == 2 and "datum van ontvangst van de aanvraag" in err
    assert run(["cases", "list", *p], capsys)[1] == ""


def test_due_in_a_real_process(opened):
    tmp, p = opened
    r = subprocess.run([sys.executable, "-m", "redi_desktop", "due", "--on", "2026-03-01", "--json", *p],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and json.loads(r.stdout) == [], r.stderr


def test_a_meetings_agenda_and_the_acknowledgment_through_the_command_line(opened, capsys):
    import pdfplumber

    tmp, p = opened
    ready = add(tmp, p, capsys, received="2026-03-02", reference="READY-1")
    add(tmp, p, capsys, received="2026-03-03", reference="READY-2")
    decided = add(tmp, p, capsys, received="2026-03-01", reference="DONE-1")
    assert run(["decisions", "record", decided, "--date", "2026-03-05", "--outcome", "refused", *p], capsys)[0] == 0
    out_pdf = tmp / "agenda.pdf"
    code, out, err = run(["meetings", "agenda", "--date", "2030-01-15", "-o", str(out_pdf), *p], capsys)
    assert code == 0 and "2 dossiers" in out, err
    with pdfplumber.open(out_pdf) as doc:
        text = " ".join(page.extract_text() for page in doc.pages)
    assert "READY-1" in text and "READY-2" in text and "DONE-1" not in text
    assert text.index("READY-1") < text.index("READY-2")  # the oldest request first
    code, out, err = run(["meetings", "agenda", "--date", "2020-01-15", "-o", str(tmp / "past.pdf"), *p], capsys,
                         lang="nl")
    assert code == 2 and "voorbij" in err and not (tmp / "past.pdf").exists()
    ack = tmp / "ack.pdf"
    code, out, err = run(["cases", "acknowledgment", ready, "-o", str(ack), *p], capsys)
    assert code == 0, err
    with pdfplumber.open(ack) as doc:
        assert "2026/00001" in doc.pages[0].extract_text()


def test_the_practice_report_through_the_command_line(opened, capsys):
    import csv

    tmp, p = opened
    case_id = add(tmp, p, capsys, received="2026-03-02")
    assert run(["decisions", "record", case_id, "--date", "2026-03-20", "--outcome", "refused", *p], capsys)[0] == 0
    pdf, table = tmp / "practice.pdf", tmp / "practice.csv"
    code, out, err = run(["report", "practice", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(pdf),
                          "--csv", str(table), *p], capsys)
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
    rows = {(r[0], r[1]): r[2] for r in csv.reader(table.open(encoding="utf-8"))}
    assert rows[("requests", "received")] == "1" and rows[("decisions_by_outcome", "refused")] == "1"
    assert rows[("time_to_decision", "on_time")] == "1"
    code, out, err = run(["report", "practice", "--from", "2026-12-31", "--to", "2026-01-01", "-o", str(pdf), *p],
                         capsys, lang="nl")
    assert code == 2 and "eindigt" in err
