"""The charts as a client reads them: the budget by category above what comes in, the gap marked, the
scenarios side by side; the same drawing as SVG for the screen and in the PDF, rendered to PNG for review."""

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from reportlab.graphics.shapes import String

from redi_desktop.domain.household import Household
from redi_desktop.domain.policy import Policy
from redi_desktop.domain.scenario import Scenario
from redi_desktop.engine import compute
from redi_desktop.engine.scenarios import compute_scenarios
from redi_desktop.report.charts import budget_chart, euros, pdf, scenario_chart, svg

from .conftest import review_folder
from .test_scenarios import HOUSEHOLD

SCENARIOS = (
    Scenario("Logement social", set={"housing.tenure": "social_rent", "housing.rent": "450.00"}),
    Scenario("Mi-temps", add={"resources": [{"type": "wage", "member": 0, "amount": "500.00"}]}),
    Scenario("Travail à temps plein", add={"resources": [{"type": "wage", "member": 0, "amount": "1600.00"}]}),
)


def strings(drawing) -> list[String]:
    found = []

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                found.append(child)
            walk(child)

    walk(drawing)
    return found


@pytest.fixture(scope="module")
def assessed(dataset):
    h = Household.from_dict(HOUSEHOLD)
    a = compute(h, dataset, Policy())
    return a, compute_scenarios(SCENARIOS, h, dataset, Policy(), a)


@pytest.mark.parametrize(("lang", "needs", "missing", "housing"), [
    ("fr", "Besoins du mois", "manque", "Logement"), ("nl", "Nodig per maand", "tekort", "Wonen")])
def test_the_budget_chart_names_the_needs_and_marks_what_is_missing(assessed, lang, needs, missing, housing):
    a, _results = assessed
    texts = [s.text for s in strings(budget_chart(a, lang))]
    assert needs in texts
    assert euros(Decimal("510.50"), lang) == "511 €" and euros(Decimal("1234.49"), lang) in ("1\u202f234 €", "1.234 €")
    assert any(missing in t and euros(a.totals.gap, lang) in t for t in texts)
    assert any(t.startswith(housing) for t in texts)  # the largest category is named in the key
    assert min(s.fontSize for s in strings(budget_chart(a, lang))) >= 8.5


def test_a_household_with_more_than_it_needs_sees_what_is_left_over(assessed):
    _a, results = assessed
    full_time = results[2].assessment
    assert full_time.totals.gap < 0
    assert any(s.text.startswith("reste") for s in strings(budget_chart(full_time, "fr")))


def test_the_scenario_chart_has_a_row_for_today_and_each_scenario(assessed):
    a, results = assessed
    drawing = scenario_chart(a.totals, [(r.name, r.totals) for r in results], "nl")
    texts = [s.text for s in strings(drawing)]
    assert "Vandaag" in texts and all(s.name in texts for s in SCENARIOS)
    assert min(s.fontSize for s in strings(drawing)) >= 8.5


def test_the_same_drawing_is_svg_for_the_screen_and_renders_for_review(assessed):
    a, results = assessed
    folder = review_folder("charts")
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is installed by make test"
    for lang in ("fr", "nl"):
        for name, drawing in (("budget", budget_chart(a, lang)), ("budget-left-over", budget_chart(
                results[2].assessment, lang)), ("scenarios", scenario_chart(
                    a.totals, [(r.name, r.totals) for r in results], lang))):
            root = ET.fromstring(svg(drawing))
            assert root.tag.endswith("svg")
            target = folder / f"{name}-{lang}.pdf"
            target.write_bytes(pdf(drawing))
            subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", str(target),
                            str(target.with_suffix(""))], check=True)
            assert target.with_suffix(".png").stat().st_size > 1000


@pytest.mark.parametrize(("lang", "title", "better"), [("fr", "Ce qui pourrait aider", "de mieux qu'aujourd'hui"),
                                                        ("nl", "Wat zou kunnen helpen", "beter dan vandaag")])
def test_the_clients_sheet_says_what_could_help_on_a_second_page(dataset, assessed, tmp_path, lang, title, better):
    import pdfplumber

    from redi_desktop.report import client_sheet

    a, results = assessed
    h = Household.from_dict({**HOUSEHOLD, "language": lang})
    plain = client_sheet(a, h, Policy(), dataset)
    target = review_folder("charts") / f"client-what-could-help-{lang}.pdf"
    target.write_bytes(client_sheet(a, h, Policy(), dataset, scenarios=[(r.name, r.totals) for r in results]))
    with pdfplumber.open(target) as doc:
        assert len(doc.pages) == 2
        first, second = (page.extract_text() for page in doc.pages)
        sizes = [round(c["size"], 2) for page in doc.pages for c in page.chars if c["text"].strip()]
    assert title in second and title not in first and all(s.name in second for s in SCENARIOS)
    assert better in second
    assert min(sizes) >= 6.5 and sum(1 for s in sizes if s >= 8.5) / len(sizes) >= 0.9
    with pdfplumber.open(io.BytesIO(plain)) as doc:
        assert len(doc.pages) == 1  # no scenarios chosen: no second page
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(target), str(target.with_suffix(""))], check=True)
