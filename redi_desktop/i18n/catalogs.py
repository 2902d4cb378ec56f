"""Keep the catalogs in step with the code and the dataset: `python -m redi_desktop.i18n.catalogs`.

Extracts every marked string of the package (`_`, `N_`, `ngettext`, `pgettext`) and every line label of
the reference datasets into resources/i18n/redi.pot, merges it into the fr and nl catalogs (new entries
come in empty for the translators), and compiles the .mo files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..paths import budgets_sources, i18n_dir
from ..reference.sources import read_datasets
from . import DOMAIN, LANGUAGES, LOCALES

# _ and N_ mark strings; t is a sheet's translator; in the GUI, Form.add(kind, path, LABEL), Texts.set(widget,
# apply, TEXT) and the menu's action(menu, LABEL, ...) take the English text as it is.
KEYWORDS = {"_": None, "N_": None, "t": None, "ngettext": (1, 2), "ngettext_in": (2, 3), "pgettext": ((1, "c"), 2),
            "add": (3,), "set": (3,), "action": (2,)}


def template() -> Catalog:
    package = Path(__file__).resolve().parent.parent
    pot = Catalog(project="REDI Desktop", domain=DOMAIN, fuzzy=False)
    for filename, lineno, msg, comments, context in extract_from_dir(
        package, method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        pot.add(msg, locations=[(f"redi_desktop/{filename}", lineno)], auto_comments=comments, context=context)
    for dataset in read_datasets(budgets_sources()):
        for line in dataset.lines:
            pot.add(line.label, locations=[(f"resources/budgets/{dataset.id}/{line.category}.yaml", 0)],
                    auto_comments=["dataset line label"])
    return pot


def translated(message) -> bool:
    """Every form filled in: one string, or all the plural forms."""
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(forms)


def update() -> list[str]:
    """Write the template, merge it into each catalog, compile; returns what is still untranslated."""
    pot = template()
    folder = i18n_dir()
    with open(folder / f"{DOMAIN}.pot", "wb") as f:
        write_po(f, pot, width=100, omit_header=False, sort_output=True)
    missing = []
    for lang in LANGUAGES:
        po_path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with open(po_path, "rb") as f:
                catalog = read_po(f, locale=LOCALES[lang])
        else:
            catalog = Catalog(locale=LOCALES[lang], domain=DOMAIN, project="REDI Desktop")
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header; entries keep their own flags
        with open(po_path, "wb") as f:
            write_po(f, catalog, width=100, sort_output=True, ignore_obsolete=True)
        with open(po_path.with_suffix(".mo"), "wb") as f:
            write_mo(f, catalog)
        missing += [f"{lang}: {m.id}" for m in catalog if m.id and (not translated(m) or m.fuzzy)]
    return missing


if __name__ == "__main__":
    untranslated = update()
    for item in untranslated:
        print("untranslated:", item)
    sys.exit(1 if untranslated else 0)
