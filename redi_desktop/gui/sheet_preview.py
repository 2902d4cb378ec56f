"""Preview of a sheet (QtPdf) with Save and Print: what the caseworker checks before the case file."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout

from ..i18n import _
from ..services import ServiceError
from ..services.sheets import write_file
from . import dialogs


class SheetPreview(QDialog):
    def __init__(self, pdf: bytes, suggested_name: str, parent=None) -> None:
        super().__init__(parent)
        self.pdf, self.suggested_name = pdf, suggested_name
        self.setWindowTitle(suggested_name)
        self._bytes = QByteArray(pdf)  # the document reads from this buffer for as long as it is shown
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        view = QPdfView(self)
        view.setDocument(self.document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(_("&Save…"), objectName="sheet.save")
        self.print_button = QPushButton(_("&Print…"), objectName="sheet.print")
        for button in (self.save_button, self.print_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_sheet)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(820, 900)

    def save(self) -> None:
        path = dialogs.ask_save_path(self, self.suggested_name)
        if path is None:
            return
        try:
            write_file(path, self.pdf)  # all or nothing
        except ServiceError as exc:
            dialogs.tell_error(self, exc.text())

    def print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if not dialogs.ask_print(self, printer):
            return
        painter = QPainter()
        if not painter.begin(printer):
            dialogs.tell_error(self, _("The printer cannot be used."))
            return
        try:
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                image = self.document.render(page, QSize(area.width(), area.height()))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
