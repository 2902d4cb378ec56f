"""The layers of DESIGN.md, checked on every import of the package: relative and absolute, at module level
and inside functions. Dependencies point one way (the matrix below); nothing imports the command line; no
module imports another's private names; there is no import cycle. The checker is shown to fail on planted
violations, so that a green run means something."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "redi_desktop"
HEAVY = ("PySide6", "shiboken6", "sqlalchemy", "sqlcipher3", "alembic", "reportlab", "yaml", "babel")

# what each part of the package may import of the package ("" is the package itself: its version)
COMMON = {"", "paths", "files"}
ALLOWED = {
    "domain": {"domain"},
    "engine": {"domain", "engine"},
    "paths": set(),
    "files": set(),
    "i18n": {"domain", "i18n", "reference"},  # reference: the catalogs take the dataset's line labels
    "reference": {"domain", "reference"},
    "report": {"domain", "i18n", "report"},
    "store": {"domain", "i18n", "store"},
    "services": {"domain", "engine", "i18n", "reference", "report", "services", "store"},
    "gui": {"domain", "gui", "i18n", "services", "store"},
    "selftest": {"domain", "engine", "gui", "i18n", "reference", "report", "services", "store"},
    "cli": {"domain", "engine", "gui", "i18n", "reference", "report", "selftest", "services", "store"},
    "__main__": {"cli"},
}
# third-party libraries each part may use; everything else of them is for the layers above
LIBRARIES = {
    "domain": set(), "engine": set(), "paths": {"platformdirs"}, "files": set(),
    "i18n": {"babel"}, "reference": {"sqlalchemy", "yaml"}, "report": {"reportlab", "yaml"},
    "store": {"sqlalchemy", "sqlcipher3", "alembic", "argon2", "cryptography"},
    "services": {"yaml"}, "gui": {"PySide6", "shiboken6"},
}
THIRD_PARTY = set(HEAVY) | {"platformdirs", "argon2", "cryptography"}


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports(root: Path):
    """(module, imported module, names taken, line) for every import statement of the package."""
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:  # Alembic's scripts: run by Alembic, not imported by the package
            continue
        module = module_name(root, path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for a in node.names:
                    yield module, a.name, [], node.lineno
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                names = [a.name for a in node.names]
                plain = []
                for name in names:  # from . import cases: the name is a module of its own
                    candidate = (root.parent / f"{target}.{name}".replace(".", "/"))
                    if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
                        yield module, f"{target}.{name}", [], node.lineno
                    else:
                        plain.append(name)
                if plain or not names:
                    yield module, target, plain, node.lineno


def violations(root: Path = PACKAGE) -> list[str]:
    found = []
    graph: dict[str, set[str]] = {}
    pkg = root.name
    for module, target, names, line in imports(root):
        where = f"{module}:{line}"
        top = target.split(".")[0]
        mine, theirs = layer_of(module), layer_of(target)
        if top == pkg:
            if theirs == "cli" and mine != "__main__":
                found.append(f"{where} imports the command line")
            elif theirs not in ALLOWED.get(mine, set()) | COMMON | {mine}:
                found.append(f"{where}: {mine or pkg} may not import {theirs or pkg}")
            private = [n for n in names if n.startswith("_") and n not in ("_", "__version__")]
            if private and target != module:
                found.append(f"{where} imports private names {private} of {target}")
            if target != module:
                graph.setdefault(module, set()).add(target)
        elif top in THIRD_PARTY and mine in LIBRARIES and top not in LIBRARIES[mine]:
            found.append(f"{where}: {mine} may not use {top}")
    found += [f"import cycle: {' -> '.join(c)}" for c in cycles(graph)]
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of the import graph with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_keeps_its_layers():
    assert violations() == []


@pytest.mark.parametrize("planted, expected", [
    ("domain/planted.py", ("from ..gui import app\n", "domain may not import gui")),
    ("engine/planted.py", ("def f():\n    import redi_desktop.store.store\n", "engine may not import store")),
    ("store/planted.py", ("def f():\n    from ..cli import main\n", "imports the command line")),
    ("report/planted.py", ("from ..domain.household import _Reader\n", "imports private names")),
    ("domain/planted.py", ("import PySide6\n", "domain may not use PySide6")),
    ("services/planted.py", ("from . import cases\n", None)),  # allowed: a sibling
    ("reference/planted.py", ("from ..reference import planted_too\n", "import cycle")),
])
def test_the_checker_fails_on_a_planted_violation(tmp_path, planted, expected):
    copy = tmp_path / "redi_desktop"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    text, needle = expected
    (copy / planted).write_text(text, encoding="utf-8")
    if "planted_too" in text:  # two modules that import each other
        (copy / "reference" / "planted_too.py").write_text("from . import planted\n", encoding="utf-8")
    found = violations(copy)
    if needle is None:
        assert found == []
    else:
        assert any(needle in v for v in found), found


def test_importing_the_engine_and_the_services_loads_no_gui_and_the_engine_nothing_heavy():
    code = ("import sys, redi_desktop.engine, redi_desktop.domain; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = ("import sys, redi_desktop.services.assess, redi_desktop.services.casefile; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_sqlcipher_driver_is_used_in_one_module():
    """A second backend (an office's PostgreSQL) must not have to find SQLCipher details all over."""
    users = sorted({module for module, target, _n, _l in imports(PACKAGE) if target.split(".")[0] == "sqlcipher3"})
    assert users == ["redi_desktop.store.connection"]
