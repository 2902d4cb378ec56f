"""The layers of DESIGN.md: the engine and the domain import no Qt, no database and no PDF library."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "redi_desktop"
FORBIDDEN = ("PySide6", "sqlalchemy", "reportlab", "yaml")


def imports_of(folder: Path):
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, [node.module]


def test_engine_and_domain_sources_import_no_heavy_layer():
    for layer in ("engine", "domain"):
        for path, names in imports_of(PACKAGE / layer):
            assert not [n for n in names if n.split(".")[0] in FORBIDDEN], path


def test_importing_the_engine_loads_no_heavy_module():
    code = ("import sys, redi_desktop.engine, redi_desktop.domain; "
            f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_nothing_below_the_gui_imports_qt():
    for path, names in imports_of(PACKAGE):
        if "gui" in path.relative_to(PACKAGE).parts or path.name == "selftest.py":  # checking Qt is its job
            continue
        assert not [n for n in names if n.startswith("PySide6")], path
