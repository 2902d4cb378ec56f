"""The main window: the household wizard or the expert form (the same household), menus, language.

Started by `redi-desktop` with a display. The case list arrives with the case store; until then a
household is opened from and saved to a JSON file, and the draft keeps what is being typed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTimer, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import i18n, paths
from ..domain.messages import N_
from ..i18n import _
from .drafts import DraftFile
from .fields import Texts, _set_text
from .live_panel import LivePanel
from .sections import (
    ChargesSection,
    DecisionSection,
    HousingSection,
    IdentitySection,
    MembersSection,
    MobilityHealthSection,
    ResourcesSection,
    ReviewSection,
)
from .wizard import HouseholdWizard

_qt_translator: QTranslator | None = None


def set_qt_language(lang: str) -> None:
    """Qt's own words (Next, Back, Cancel, OK...) from the catalogs Qt ships."""
    global _qt_translator
    app = QApplication.instance()
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{lang}", folder) or translator.load(f"qt_{lang}", folder):
        app.installTranslator(translator)
        _qt_translator = translator


def use_bundled_font(app: QApplication) -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(paths.resources_dir() / "fonts" / name))
    app.setFont(QFont("DejaVu Sans", 10))


class ExpertForm(QWidget):
    """The whole household on one form, for caseworkers who know it by heart."""

    def __init__(self, wizard: HouseholdWizard):
        super().__init__()
        m, t = wizard.model, wizard.texts
        inner = QWidget()
        box = QVBoxLayout(inner)
        for section in (IdentitySection, MembersSection, HousingSection, MobilityHealthSection, ResourcesSection,
                        ChargesSection, ReviewSection, DecisionSection):
            title = QLabel()
            title.setStyleSheet("font-weight: bold; font-size: 12pt; margin-top: 8px;")
            t.set(title, _set_text, section.title)
            box.addWidget(title)
            widget = section(m, t)
            if isinstance(widget, DecisionSection):
                widget.decision_button.clicked.connect(lambda: wizard.preview_sheet(client=False))
                widget.client_button.clicked.connect(lambda: wizard.preview_sheet(client=True))
            box.addWidget(widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 3)
        panel = LivePanel(m, t)
        panel.setMinimumWidth(540)
        layout.addWidget(panel, 2)


class MainWindow(QMainWindow):
    def __init__(self, drafts: DraftFile | None = None, load_later: bool = False):
        super().__init__()
        self.texts = Texts()
        self.wizard = HouseholdWizard(drafts=drafts, texts=self.texts, load_later=load_later)
        self.wizard.finished.connect(self.on_wizard_finished)
        self.expert: ExpertForm | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.wizard)
        self.setCentralWidget(self.stack)
        self.setWindowTitle("REDI Desktop")
        self._menus()
        self.dataset_label = QLabel(objectName="status.dataset")
        self.statusBar().addPermanentWidget(self.dataset_label)
        self.texts.set(self.dataset_label, _set_text, self.reference_text)
        self.resize(1366, 768)

    def reference_text(self) -> str:
        w = self.wizard
        if w.dataset is None:
            return _("Opening the reference budgets…")
        return _("Dataset {dataset} · policy {policy} v{version}").format(
            dataset=w.dataset.id, policy=w.policy.name or w.policy.id, version=w.policy.version)

    def load_reference(self) -> None:
        self.wizard.load_reference()
        self.dataset_label.setText(self.reference_text())

    def _menus(self) -> None:
        t = self.texts

        def action(menu, label, slot, shortcut=None, name=None, checkable=False):
            a = QAction(self)
            a.setObjectName(name or label)
            t.set(a, _set_text, label)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setCheckable(checkable)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        bar = self.menuBar()
        file_menu = bar.addMenu("")
        t.set(file_menu, lambda w, text: w.setTitle(text), N_("&File"))
        action(file_menu, "&New household", self.new_household, QKeySequence.StandardKey.New, "action.new")
        action(file_menu, "&Open a household file…", self.open_file, QKeySequence.StandardKey.Open, "action.open")
        action(file_menu, "&Save as a household file…", self.save_file, QKeySequence.StandardKey.Save, "action.save")
        examples = file_menu.addMenu("")
        t.set(examples, lambda w, text: w.setTitle(text), N_("E&xamples"))
        for path in sorted(paths.examples_dir().glob("*.json")):
            a = QAction(path.stem, self)
            a.triggered.connect(lambda _=False, p=path: self.load_file(p))
            examples.addAction(a)
        file_menu.addSeparator()
        action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit, "action.quit")

        view = bar.addMenu("")
        t.set(view, lambda w, text: w.setTitle(text), N_("&View"))
        self.expert_action = action(view, "&Expert form (everything on one page)", self.toggle_expert, "Ctrl+E",
                                    "action.expert", checkable=True)
        self.minimal_action = action(view, "&Minimal mode (members, rent, income)", self.toggle_minimal, "Ctrl+M",
                                     "action.minimal", checkable=True)

        languages = bar.addMenu("")
        t.set(languages, lambda w, text: w.setTitle(text), N_("&Language"))
        group = QActionGroup(self)
        self.language_actions = {}
        for lang, name in (("fr", "&Français"), ("nl", "&Nederlands")):
            a = QAction(name, self, checkable=True)
            a.setObjectName(f"language.{lang}")
            a.setChecked(i18n.language() == lang)
            a.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(a)
            languages.addAction(a)
            self.language_actions[lang] = a

    # -- actions ------------------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        set_qt_language(lang)
        self.language_actions[lang].setChecked(True)
        self.wizard.retranslate()

    def toggle_expert(self, on: bool) -> None:
        if on and self.expert is None:
            self.expert = ExpertForm(self.wizard)
            self.stack.addWidget(self.expert)
        self.stack.setCurrentWidget(self.expert if on else self.wizard)
        self.wizard.model.changed.emit("")

    def toggle_minimal(self, on: bool) -> None:
        self.wizard.set_minimal(on)

    def new_household(self) -> None:
        import datetime as dt

        from .model import empty_household

        self.wizard.model.load(empty_household(dt.date.today()))
        self.wizard.restart()

    def open_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a household file"), "", "JSON (*.json)")
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        from . import dialogs

        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            if not isinstance(data, dict):
                raise ValueError
        except (OSError, ValueError):
            dialogs.tell_error(self, _("The file {path} cannot be read.").format(path=path))
            return
        self.wizard.model.load(data)
        self.wizard.restart()

    def save_file(self) -> None:
        from . import dialogs

        path = dialogs.ask_save_json_path(self, (self.wizard.model.get("file_reference") or "household") + ".json")
        if path is None:
            return
        tmp = path.with_name(path.name + ".part")
        try:
            tmp.write_text(json.dumps(self.wizard.model.data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)
            dialogs.tell_error(self, _("The file {path} cannot be written.").format(path=path))

    def on_wizard_finished(self, result: int) -> None:
        if result:
            self.statusBar().showMessage(_("Assessment complete."), 8000)


def run() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    use_bundled_font(app)
    set_qt_language(i18n.language())
    window = MainWindow(drafts=DraftFile(), load_later=True)
    if window.wizard.restore_draft():
        window.statusBar().showMessage(_("The draft you were typing has been reopened."), 10000)
    window.show()
    QTimer.singleShot(0, window.load_reference)  # the window first, then the database layer
    return app.exec()
