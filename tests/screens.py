"""Screenshots of every page of the wizard, the expert form and the case list for a person to look at, as a
1366×768 laptop shows them at a given display scaling (QT_SCALE_FACTOR, set before Qt starts: run as
`python -m tests.screens LANG SCALE FOLDER`). tests/test_screenshots.py runs it at 100 % and 150 %."""

import os
import sys
from pathlib import Path


def start(lang: str, scale: str, folder: str):
    """The application at a display scaling and in a language, before any window: (app, output folder)."""
    os.environ["QT_SCALE_FACTOR"] = scale
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from redi_desktop import i18n
    from redi_desktop.gui.app import set_qt_language, use_bundled_font

    use_bundled_font(app)
    i18n.set_language(lang)
    set_qt_language(lang)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return app, out


def main(lang: str, scale: str, folder: str) -> int:
    app, out = start(lang, scale, folder)
    from redi_desktop import paths
    from redi_desktop.gui.app import MainWindow
    from redi_desktop.gui.drafts import DraftFile
    from redi_desktop.gui.wizard import DECISION
    window = MainWindow(drafts=DraftFile(out / "draft.json"))
    factor = float(scale)
    window.resize(int(1366 / factor), int(768 / factor))  # the laptop's pixels at this scaling
    window.show()
    window.load_file(paths.examples_dir() / "vla-social-rent-family.json")
    wizard = window.wizard
    wizard.restart()
    names = []
    while True:
        app.processEvents()
        name = f"{lang}-{int(factor * 100)}-page{wizard.currentId()}.png"
        window.grab().save(str(out / name))
        names.append(name)
        if wizard.currentId() == DECISION:
            break
        wizard.next()
    window.expert_action.trigger()
    app.processEvents()
    window.grab().save(str(out / f"{lang}-{int(factor * 100)}-expert.png"))
    scenarios = window.expert.panel.show_scenarios()  # And if…: three presets beside the budget
    scenarios.resize(int(820 / factor * 1.2), int(640 / factor * 1.2))
    view = scenarios.view
    for key in ("social_housing", "bim", "closing_wage"):
        view.preset.setCurrentIndex(view.preset.findData(key))
        view.add()
    app.processEvents()
    scenarios.grab().save(str(out / f"{lang}-{int(factor * 100)}-scenarios.png"))
    print("\n".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
