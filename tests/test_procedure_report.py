"""The procedure's documents: the acknowledgment of receipt (the CPAS's identity, its language mode, the
register number, the decision's due date, the client's rights in short), the decision letter stating the
appeal period once notified, and a meeting's agenda; each rendered to PNG for review."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal

from redi_desktop.domain.decision import Decision
from redi_desktop.domain.request import Request
from redi_desktop.engine import compute
from redi_desktop.i18n import format_amount
from redi_desktop.report import acknowledgment, decision_sheet, meeting_agenda
from tests.conftest import review_folder
from tests.test_letter import DUTCH, FRENCH, PROFILE, household, pages, policy, text_of

D = dt.date
REQUEST = Request(received=D(2026, 3, 2), how="letter", received_by="A. Accueil", asked="aide au loyer")


def review(name: str, pdf: bytes) -> None:
    target = review_folder("procedure") / f"{name}.pdf"
    target.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(target), str(target.with_suffix(""))], check=True)


def columns(doc) -> tuple[str, str]:
    """The French and the Dutch column of a bilingual letter's body, each as one text."""
    out = []
    for half in (0, 1):
        parts = []
        for page in doc.pages:
            w = page.width / 2
            parts.append(page.crop((half * w, 88 * 72 / 25.4, (half + 1) * w, page.height)).extract_text())
        out.append(re.sub(r"\s+", " ", " ".join(parts).replace("\u00a0", " ")))
    return out[0], out[1]


def test_the_bilingual_acknowledgment_carries_the_register_number_and_the_rights(tmp_path):
    pdf = acknowledgment(household(), policy(), REQUEST, "2026/00017", PROFILE)
    review("acknowledgment-bilingual", pdf)
    with pages(pdf, tmp_path) as doc:
        fr, nl = columns(doc)
        assert len(doc.pages) == 1 and "CPAS de Testville / OCMW Teststad" in text_of(doc)
    text = fr + " " + nl
    assert "2026/00017" in fr and "2026/00017" in nl
    assert "le 2 mars 2026 (par lettre)" in text and "op 2 maart 2026 (per brief)" in text
    assert "au plus tard le 1 avril 2026" in text and "uiterlijk op 1 april 2026" in text  # 30 days (art. 58)
    assert "Tribunal du travail de Testville" in text and "Arbeidsrechtbank Teststad" in text
    assert "Reçue par : A. Accueil" in text and "aide au loyer" in text


def test_a_flemish_acknowledgment_in_the_files_language_has_no_french(tmp_path):
    h = household("vla-social-rent-family")
    pdf = acknowledgment(h, policy(sheet_language="file"), REQUEST, "2026/00018", PROFILE)
    review("acknowledgment-vla-nl", pdf)
    with pages(pdf, tmp_path) as doc:
        text = text_of(doc)
    assert "Ontvangstbewijs van uw aanvraag" in text and "2026/00018" in text and "1 april 2026" in text
    assert not [w for w in FRENCH if w in text and w.strip() not in ("le", "la", "et", "à")]


def test_the_letter_states_the_appeal_period_once_notified(dataset, tmp_path):
    h, p = household(), policy()
    a = compute(h, dataset, p)
    decision = Decision(date=D(2026, 3, 20), outcome="granted", amount=Decimal("250.00"), start=D(2026, 4, 1),
                        duration_months=6)
    before = decision_sheet(a, h, p, dataset, decision, profile=PROFILE)
    posted = decision_sheet(a, h, p, dataset, decision, profile=PROFILE, notification=(D(2026, 3, 23), "registered"))
    handed = decision_sheet(a, h, p, dataset, decision, profile=PROFILE, notification=(D(2026, 3, 20), "by_hand"))
    review("decision-notified-registered", posted)
    with pages(before, tmp_path, "a.pdf") as doc:
        assert "jusqu’au" not in text_of(doc)
    with pages(posted, tmp_path, "b.pdf") as doc:
        fr, nl = columns(doc)
        assert len(doc.pages) <= 2
    text = fr + " " + nl
    assert "lettre recommandée le 23 mars 2026" in text and "jusqu’au 25 juin 2026 inclus" in text
    assert "tot en met 25 juni 2026" in text and "53bis" in text
    with pages(handed, tmp_path, "c.pdf") as doc:
        assert "jusqu’au 22 juin 2026 inclus" in columns(doc)[0]  # 20 June 2026 is a Saturday


def test_the_agenda_summarises_each_case(dataset, tmp_path):
    p = policy()
    items = []
    for name, ref, proposal in (("bxl-single-woman", "AG-1", None), ("vla-social-rent-family", "AG-2", "300.00")):
        h = household(name, file_reference=ref)
        d = Decision(caseworker="B. Travailleuse", proposal_amount=None if proposal is None else Decimal(proposal),
                     proposal_reasons=f"raisons du dossier {ref}")
        items.append((compute(h, dataset, p), h, p, dataset, d))
    for lang in ("fr", "nl"):
        pdf = meeting_agenda(D(2026, 3, 17), "", items, p, lang)
        review(f"agenda-{lang}", pdf)
        with pages(pdf, tmp_path, f"agenda-{lang}.pdf") as doc:
            text = text_of(doc)
        title = {"fr": "Ordre du jour de la séance du 17 mars 2026", "nl": "Agenda van de zitting van 17 maart 2026"}
        assert title[lang] in text
        assert ("Comité spécial du service social" if lang == "fr" else "Bijzonder Comité voor de Sociale Dienst") in text
        for a, h, _p, _d, _decision in items:
            assert h.file_reference in text and f"raisons du dossier {h.file_reference}" in text
            for amount in (a.totals.reference_budget, a.totals.resources, a.totals.gap, a.totals.proposed_aid):
                assert format_amount(amount, lang).replace("\u202f", " ") + " €" in text
        assert "300,00 €" in text
        if lang == "fr":
            assert not [w for w in DUTCH if w in text]


def test_a_cases_timeline_in_order_with_its_chart(dataset, policy, tmp_path):
    from redi_desktop.services import procedure
    from redi_desktop.store import Store
    from tests.store_fixtures.helpers import PASSPHRASE, TEST_KDF_ITER, add_assessment, add_case, synthetic_household

    with Store.create(tmp_path / "cases.db", PASSPHRASE, kdf_iter=TEST_KDF_ITER) as store:
        h = synthetic_household(7, "bxl-parent-one-child.json")
        case_id = add_case(store, h, dataset, policy)
        procedure.record_request(store, case_id, Request(received=D(2026, 1, 5), how="in_person"))
        procedure.record_decision(store, case_id, D(2026, 1, 27), "granted", Decimal("300.00"), D(2026, 2, 1), 3)
        procedure.notify(store, case_id, D(2026, 1, 28), "by_hand")
        later = household("bxl-parent-one-child", assessment_date="2026-04-20", file_reference="REF-7")
        add_assessment(store, case_id, later, dataset, policy)
        procedure.record_request(store, case_id, Request(received=D(2026, 4, 20), how="letter"))
        procedure.record_decision(store, case_id, D(2026, 5, 5), "partly_granted", Decimal("150.00"),
                                  D(2026, 5, 1), 6)
        title, events, points = procedure.case_timeline(store, case_id)
        assert [(e[0], e[1]) for e in events][:4] == [(h.assessment_date, "assessment"), (D(2026, 1, 5), "request"),
                                                     (D(2026, 1, 27), "decision"), (D(2026, 1, 28), "notification")]
        assert [p[0] for p in points] == [h.assessment_date, D(2026, 1, 27), D(2026, 4, 20), D(2026, 5, 5)]
        assert [p[4] for p in points] == [Decimal("0.00"), Decimal("300.00"), Decimal("300.00"), Decimal("150.00")]
        for lang in ("fr", "nl"):
            pdf = procedure.timeline_pdf(store, case_id, lang)
            review(f"timeline-{lang}", pdf)
            with pages(pdf, tmp_path, f"timeline-{lang}.pdf") as doc:
                text = text_of(doc)
            said = {"fr": "Demande 2026/00002 reçue (par lettre)", "nl": "Aanvraag 2026/00002 ontvangen (per brief)"}
            assert said[lang] in text
