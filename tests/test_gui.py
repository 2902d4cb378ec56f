"""The first window, driven as a user would: pick a household, read the totals, open a category."""

import json

from PySide6.QtWidgets import QLabel

from redi_desktop import i18n, paths
from redi_desktop.domain.household import Household
from redi_desktop.engine import compute
from redi_desktop.gui.app import BudgetWindow


def test_window_shows_the_engines_totals_and_lines(qtbot, dataset, policy):
    i18n.set_language("nl")
    window = BudgetWindow()
    qtbot.addWidget(window)
    window.show()
    index = window.chooser.findText("bxl-couple-two-children")
    window.chooser.setCurrentIndex(index)
    household = Household.from_dict(json.loads((paths.examples_dir() / "bxl-couple-two-children.json").read_text()))
    expected = compute(household, dataset, policy)
    shown = window.findChild(QLabel, "totals.reference_budget").text()
    assert shown == i18n.format_amount(expected.totals.reference_budget, "nl") == "3.300,43"
    assert window.categories.item(0, 0).text() == "Voeding"
    window.categories.setCurrentCell(4, 0)  # housing
    labels = [window.lines.item(r, 0).text() for r in range(window.lines.rowCount())]
    assert len(labels) == len(expected.category("housing").lines)
    i18n.set_language("fr")


def test_decision_sheet_preview_saves_and_prints(qtbot, tmp_path, monkeypatch):
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from redi_desktop.gui import dialogs

    window = BudgetWindow()
    qtbot.addWidget(window)
    window.decision_button.click()
    preview = window.sheet_preview
    qtbot.waitUntil(lambda: preview.document.status() == QPdfDocument.Status.Ready)
    assert preview.document.pageCount() == 1

    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: target)
    preview.save_button.click()
    assert target.read_bytes() == preview.pdf and target.read_bytes().startswith(b"%PDF")

    printed = tmp_path / "printed.pdf"

    def print_to_file(parent, printer):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    monkeypatch.setattr(dialogs, "ask_print", print_to_file)
    preview.print_button.click()
    assert printed.stat().st_size > 10_000
    preview.close()
