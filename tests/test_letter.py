"""The decision letter as a person reads it: read back with pdfplumber (sizes and positions of the text)."""

import json
import re
import shutil
import subprocess

import pdfplumber
import pytest
from reportlab.lib.units import mm

from redi_desktop import paths
from redi_desktop.domain.decision import Decision
from redi_desktop.domain.household import Household
from redi_desktop.domain.policy import Policy
from redi_desktop.domain.profile import Profile
from redi_desktop.engine import compute
from redi_desktop.i18n import format_amount
from redi_desktop.report import client_sheet, decision_sheet
from redi_desktop.report.sheet import WINDOW
from tests.conftest import review_folder

IDENTITY = {
    "cpas_name": {"fr": "CPAS de Testville", "nl": "OCMW Teststad"},
    "address": {"fr": "Rue du Test 1, 1000 Bruxelles", "nl": "Teststraat 1, 1000 Brussel"},
    "place": {"fr": "Bruxelles", "nl": "Brussel"},
    "deciding_body": {"fr": "Comité spécial du service social", "nl": "Bijzonder Comité voor de Sociale Dienst"},
    "service": {"fr": "Service social général", "nl": "Algemene sociale dienst"},
    "service_address": {"fr": "Rue du Test 3, 1000 Bruxelles", "nl": "Teststraat 3, 1000 Brussel"},
    "contact": "02 000 00 00 · sociaal@ocmw-test.example",
    "tribunal_address": {"fr": "Tribunal du travail de Testville, Place du Test 5, 1000 Bruxelles",
                         "nl": "Arbeidsrechtbank Teststad, Testplein 5, 1000 Brussel"},
}
PROFILE = Profile(name="C. Testeur", phone="02 000 00 01", email="c.testeur@ocmw-test.example")
CLIENT = {"first_name": "Alex", "last_name": "Exemple-Test", "address": "Rue de l'Essai 12 boîte 3, 1000 Bruxelles"}
# words only the French letter has (texts of the law, headings, the CPAS's own French texts)
FRENCH = ("Décision", "Alimentation", "recours", "Code judiciaire", "Vous", "Usager", "CPAS de Testville",
          "Bruxelles,", "Loi organique", "directeur général", " le ", " la ", " des ", " et ", " à ")
DUTCH = ("Beslissing", "Voeding", "beroep", "Gerechtelijk Wetboek", "Cliënt", "OCMW Teststad", "algemeen directeur")


def policy(**options):
    return Policy.from_dict({"id": "test", "version": 2, "name": {"fr": "Politique test", "nl": "Testbeleid"},
                             "identity": IDENTITY, **options})


def household(name="bxl-couple-two-children", members=None, **changes):
    data = json.loads((paths.examples_dir() / f"{name}.json").read_text(encoding="utf-8"))
    data.pop("decision", None)
    data["client"] = dict(CLIENT)
    for i in range((members or len(data["members"])) - len(data["members"])):
        data["members"].append({"role": "child", "age": 3 + i, "sex": "F" if i % 2 else "M", "activity": "pupil",
                                "school_level": "primary"})
    data.update(changes)
    return Household.from_dict(data)


def letter(dataset, h, p, decision=None):
    a = compute(h, dataset, p)
    return decision_sheet(a, h, p, dataset, decision, profile=PROFILE)


def pages(pdf, tmp_path, name="letter.pdf"):
    path = tmp_path / name
    path.write_bytes(pdf)
    return pdfplumber.open(path)


def text_of(doc) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in doc.pages).replace("\u00a0", " "))


FULL_DECISION = Decision(caseworker="C. Testeur", outcome="partly_granted", duration_months=3,
                         proposal_reasons="Loyer élevé au regard des revenus; demande de logement social en cours " * 2,
                         conditions="Inscription au logement social et suivi budgétaire mensuel " * 2)
FULL_DECISION_NL = Decision(caseworker="C. Testeur", outcome="partly_granted", duration_months=3,
                            proposal_reasons="Hoge huur tegenover het inkomen; aanvraag sociale woning loopt " * 2,
                            conditions="Inschrijving voor een sociale woning en maandelijkse budgetbegeleiding " * 2)
VARIANTS = {  # name: household, policy options
    "bru-bilingual": (("bxl-couple-two-children", 8), {}),
    "bru-file-fr": (("bxl-couple-two-children", 8), {"sheet_language": "file"}),
    "vla-file-nl-left": (("vla-social-rent-family", 8), {"sheet_language": "file", "address_window": "left"}),
    "wal-file-fr": (("wal-worker-needs-car", 8), {"sheet_language": "file"}),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_letter_is_readable_and_fits_two_pages_for_eight_members(variant, dataset, tmp_path):
    """90 % of the characters at 8.5 pt or more, none under 6.5 pt, at most two pages for eight members."""
    (name, members), options = VARIANTS[variant]
    with pages(letter(dataset, household(name, members), policy(**options), FULL_DECISION), tmp_path) as doc:
        sizes = [round(c["size"], 2) for page in doc.pages for c in page.chars if c["text"].strip()]
        assert len(doc.pages) <= 2
    assert min(sizes) >= 6.5
    assert sum(1 for s in sizes if s >= 8.5) / len(sizes) >= 0.9


@pytest.mark.parametrize("side", ["right", "left"])
def test_the_address_shows_through_the_envelope_window(side, dataset, tmp_path):
    with pages(letter(dataset, household(), policy(address_window=side)), tmp_path) as doc:
        words = doc.pages[0].extract_words()
    x, top, w, h = (v * mm for v in WINDOW[side])
    wanted = {"Alex", "Exemple-Test", "l'Essai", "boîte", "1000"}
    found = [word for word in words if word["text"] in wanted and 40 * mm < word["top"] < 95 * mm]
    assert {word["text"] for word in found} == wanted
    for word in found:
        assert x <= word["x0"] and word["x1"] <= x + w and top <= word["top"] and word["bottom"] <= top + h, word
    # and nothing else of the letter is in the window
    inside = [wd["text"] for wd in words if x <= wd["x0"] <= x + w and top <= wd["top"] <= top + h]
    assert set(inside) <= wanted | {"Rue", "de", "12", "3", "Bruxelles"}


def test_a_flemish_letter_in_the_files_language_has_no_french(dataset, tmp_path):
    h = household("vla-social-rent-family", client=CLIENT)
    with pages(letter(dataset, h, policy(sheet_language="file"), FULL_DECISION_NL), tmp_path) as doc:
        text = text_of(doc)
    for word in FRENCH:
        assert word not in text, word
    for words in ("Beslissing", "Gerechtelijk Wetboek, art. 728", "art. 1017", "drie maanden", "Teststraat 3",
                  "Arbeidsrechtbank Teststad", "Vlaams Gewest", "De algemeen directeur", "De voorzitter",
                  "Dossier gevolgd door: C. Testeur", "02 000 00 01", "c.testeur@ocmw-test.example",
                  "Brussel, 28 november 2026"):
        assert words in text, words


def test_a_walloon_letter_in_the_files_language_has_no_dutch(dataset, tmp_path):
    h = household("wal-worker-needs-car")
    with pages(letter(dataset, h, policy(sheet_language="file"), FULL_DECISION), tmp_path) as doc:
        text = text_of(doc)
    for word in DUTCH:
        assert word not in text, word
    assert "Région wallonne" in text and "Le directeur général" in text and "Le président" in text


def test_in_brussels_the_default_titles_are_in_both_languages(dataset, tmp_path):
    with pages(letter(dataset, household(language="fr"), policy(sheet_language="file")), tmp_path) as doc:
        text = text_of(doc)
    assert "Le directeur général / De algemeen directeur" in text and "Le président / De voorzitter" in text


def test_the_policys_signatories_and_titles_are_printed(dataset, tmp_path):
    p = policy(sheet_language="file", identity={**IDENTITY, "signatories": [
        {"name": "A. Signe", "title": {"fr": "La secrétaire générale", "nl": "De secretaris-generaal"}},
        {"name": "B. Signe", "title": {"fr": "La présidente", "nl": "De voorzitster"}}]})
    with pages(letter(dataset, household(language="fr"), p), tmp_path) as doc:
        text = text_of(doc)
    assert "La secrétaire générale" in text and "A. Signe" in text and "La présidente" in text
    assert "directeur" not in text


def test_bilingual_letters_keep_both_languages_level(dataset, tmp_path):
    with pages(letter(dataset, household(members=8), policy(), FULL_DECISION), tmp_path) as doc:
        heads = {}
        for number, page in enumerate(doc.pages):
            for w in page.extract_words(extra_attrs=["fontname"]):
                if "Bold" in w["fontname"]:
                    heads.setdefault(w["text"], (number, round(w["top"], 1), w["x0"]))
    for fr, nl in (("Base", "Rechtsgrond"), ("Faits", "Feiten"), ("Motivation", "Motivering"), ("Vos", "Uw")):
        assert heads[fr][:2] == heads[nl][:2], (fr, nl, heads[fr], heads[nl])
        assert heads[fr][2] < 105 * mm < heads[nl][2]


def test_every_letter_renders_to_png_for_review(dataset, tmp_path):
    """Each variant of the letter and the client's sheet, as PNG in the review folder (pdftoppm)."""
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is installed by make test"
    folder = review_folder("letters")
    for old in folder.glob("*"):
        old.unlink()
    for variant, ((name, members), options) in VARIANTS.items():
        h, p = household(name, members), policy(**options)
        a = compute(h, dataset, p)
        decision = FULL_DECISION_NL if h.language == "nl" and p.sheet_language == "file" else FULL_DECISION
        for kind, pdf in (("letter", decision_sheet(a, h, p, dataset, decision, profile=PROFILE)),
                          ("client", client_sheet(a, h, p, dataset))):
            target = folder / f"{variant}.{kind}.pdf"
            target.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(target), str(target.with_suffix(""))], check=True)
            with pdfplumber.open(target) as doc:
                assert len(list(folder.glob(f"{variant}.{kind}-*.png"))) == len(doc.pages)


def client_text(dataset, h, tmp_path):
    p = policy()
    with pages(client_sheet(compute(h, dataset, p), h, p, dataset), tmp_path, "client.pdf") as doc:
        return text_of(doc), len(doc.pages)


def test_the_clients_sheet_adds_up_income_then_charges_then_the_budget(dataset, tmp_path):
    h = household("vla-social-rent-family", client=CLIENT)
    a = compute(h, dataset, policy())
    text, count = client_text(dataset, h, tmp_path)
    assert count == 1 and "Voor Alex Exemple-Test" in text
    order = [text.index(w) for w in ("Wat er elke maand binnenkomt", "Totaal inkomsten", "Wat u elke maand eerst",
                                     "Totaal lasten", "Over om van te leven", "Standaardbedrag", "Uw eigen kost",
                                     "Totaal budget")]
    assert order == sorted(order)
    for amount in (a.totals.resources, a.totals.charges, a.totals.resources - a.totals.charges,
                   a.totals.reference_budget):
        assert format_amount(amount, "nl") in text
    assert "Afbetaling van schulden" not in text[:text.index("Totaal inkomsten")]  # a debt is not an income
    assert "sha" not in text and "Berekend door REDI Desktop" in text


def test_advice_only_where_it_applies(dataset, tmp_path):
    owners = household("wal-owner-retired-couple", language="fr")  # owners with BIM, two pensions
    text, _count = client_text(dataset, owners, tmp_path)
    assert "Pension (demandeur 1)" in text and "Pension (partenaire 2)" in text
    assert "logement social" not in text and "intervention majorée" not in text
    tenants = household("bxl-parent-one-child", language="fr")
    a = compute(tenants, dataset, policy())
    text, _count = client_text(dataset, tenants, tmp_path)
    assert a.totals.gap > 0 and "logement social" in text and "intervention majorée" in text
