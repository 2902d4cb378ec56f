"""The decision sheet and the client's budget sheet as real PDFs: read back with pypdf."""

import copy
import datetime as dt
import json
import re

import pytest
from pypdf import PdfReader

from redi_desktop import paths
from redi_desktop.domain.decision import Decision
from redi_desktop.domain.household import Household
from redi_desktop.domain.policy import Policy
from redi_desktop.engine import compute
from redi_desktop.i18n import format_amount
from redi_desktop.report import client_sheet, decision_sheet
from tests.conftest import review_folder

POLICY = Policy.from_dict({
    "id": "cpas-exemple", "version": 4, "name": "Politique d'aide 2026",
    "identity": {"cpas_name": "CPAS d'Exempleville / OCMW Voorbeeldstad", "address": "Rue du Test 1, 1000 Bruxelles",
                 "deciding_body": "Comité spécial du service social", "service": "Service social général, 02 000 00 00",
                 "tribunal_address": "Tribunal du travail francophone de Bruxelles,"
                                     " Boulevard de Waterloo 70, 1000 Bruxelles",
                 "signatories": ["A. Secrétaire", "B. Président"]},
})


def example(name):
    data = json.loads((paths.examples_dir() / f"{name}.json").read_text(encoding="utf-8"))
    data.pop("decision", None)
    return data


def sheet(data, dataset, decision=None, client=False):
    household = Household.from_dict(data)
    a = compute(household, dataset, POLICY)
    pdf = (client_sheet(a, household, POLICY, dataset) if client
           else decision_sheet(a, household, POLICY, dataset, decision))
    return a, pdf


def read(pdf: bytes, tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def with_members(n):
    data = example("bxl-couple-two-children")
    for i in range(n - 4):
        data["members"].append({"role": "child", "age": 3 + i, "sex": "F", "activity": "pupil",
                                "school_level": "primary" if i else "nursery"})
    return data


def test_decision_sheet_carries_every_required_mention_in_both_languages(dataset, tmp_path):
    decision = Decision(caseworker="C. Assistante", proposal_amount=None, proposal_reasons="Loyer élevé",
                        date=dt.date(2024, 1, 10), outcome="granted", amount=None, start=dt.date(2024, 1, 1),
                        duration_months=3, conditions="Inscription au logement social")
    a, pdf = sheet(example("bxl-couple-two-children"), dataset, decision)
    _reader, text = read(pdf, tmp_path)
    for words in ("Décision", "Beslissing", "Comité spécial du service social", "art. 1er", "art. 1 ",
                  "art. 57", "728", "1017", "trois mois", "drie maanden", "gratuite", "kosteloos",
                  "Boulevard de Waterloo 70", "MODEL-BXL-3", "Service social général", "entendu", "gehoord",
                  "Inscription au logement social", "A. Secrétaire"):
        assert words in text, words
    for lang in ("fr", "nl"):
        for amount in (a.totals.reference_budget, a.totals.gap, a.category("food").used):
            assert format_amount(amount, lang).replace("\u202f", " ") in text, (lang, amount)
    i = a.identity
    for piece in (i.run_id, i.dataset, i.inputs_sha256[:12], i.outputs_sha256[:12], "v4"):
        assert piece in text


def test_overrides_and_their_reasons_are_printed(dataset, tmp_path):
    _a, pdf = sheet(example("vla-mortgage-young-family"), dataset)
    _reader, text = read(pdf, tmp_path)
    assert "Kinesitherapie twee keer per week" in text


@pytest.mark.parametrize("members, most", [(1, 2), (6, 2), (8, 2)])
def test_page_count_by_household_size(members, most, dataset, tmp_path):
    data = example("bxl-single-woman") if members == 1 else with_members(members)
    decision = Decision(outcome="partly_granted", amount=None, proposal_reasons="x " * 60, conditions="y " * 60)
    _a, pdf = sheet(data, dataset, decision)
    reader, text = read(pdf, tmp_path)
    assert len(reader.pages) <= most
    assert f"1/{len(reader.pages)}" in text


def test_fonts_are_embedded_and_metadata_present(dataset, tmp_path):
    _a, pdf = sheet(example("bxl-single-woman"), dataset)
    reader, _text = read(pdf, tmp_path)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            fonts = [descriptor] + [d.get_object() for d in descriptor.get("/DescendantFonts", [])]
            assert any("/FontFile2" in f.get("/FontDescriptor", {}) for f in fonts), descriptor["/BaseFont"]
    meta = reader.metadata
    assert "MODEL-BXL-1" in meta.title and meta.author.startswith("CPAS d'Exempleville")
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-BE"


def test_the_same_assessment_gives_the_same_bytes(dataset):
    data = example("wal-worker-needs-car")
    assert sheet(data, dataset)[1] == sheet(copy.deepcopy(data), dataset)[1]
    assert sheet(data, dataset, client=True)[1] == sheet(copy.deepcopy(data), dataset, client=True)[1]


def test_long_names_and_addresses_wrap_within_two_pages(dataset, tmp_path):
    data = example("bxl-single-woman")
    data["client"] = {"first_name": "Marie-Christine Anne-Sophie", "last_name": "Van den Broeck-Vandermeulen " * 3,
                      "address": "Avenue du Boulevard de la Chaussée de l'Exemple 1234, boîte 56, 1000 Bruxelles"}
    data["file_reference"] = "DOSSIER-2026-000123-AIDE-COMPLEMENTAIRE-LOYER"
    _a, pdf = sheet(data, dataset)
    reader, text = read(pdf, tmp_path)
    assert len(reader.pages) <= 2 and "Vandermeulen" in text and "boîte 56" in text


def test_client_sheet_is_one_page_in_the_clients_language(dataset, tmp_path):
    a, pdf = sheet(example("vla-social-rent-family"), dataset, client=True)
    reader, text = read(pdf, tmp_path)
    assert len(reader.pages) == 1
    assert "Voeding" in text and "Alimentation" not in text
    assert format_amount(a.totals.reference_budget, "nl") in text


def test_every_example_sheet_renders_to_png_for_review(dataset):
    """Writes sheets/*.png in the review folder for a person to look at; pdftoppm must read every page."""
    import shutil
    import subprocess

    from redi_desktop.services.casefile import read_case

    folder = review_folder("sheets")
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is installed by make test"
    for path in sorted(paths.examples_dir().glob("*.json")):
        case = read_case(path)
        household, decision = case.household, case.decision
        a = compute(household, dataset, POLICY)
        for kind, pdf in (("decision", decision_sheet(a, household, POLICY, dataset, decision)),
                          ("client", client_sheet(a, household, POLICY, dataset))):
            target = folder / f"{path.stem}.{kind}.pdf"
            target.write_bytes(pdf)
            for old in folder.glob(f"{path.stem}.{kind}-*.png"):
                old.unlink()
            pages = len(PdfReader(target).pages)
            subprocess.run(["pdftoppm", "-r", "60", "-png", str(target), str(target.with_suffix(""))], check=True)
            assert len(list(folder.glob(f"{path.stem}.{kind}-*.png"))) == pages
