"""The core never imports Qt: it must run headless, and the windows are a client of it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "chairdesk"
GUI = PACKAGE / "gui"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pytestqt")


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if GUI not in p.parents]


def test_no_core_module_imports_qt() -> None:
    """At module level no core module imports Qt or the windows. The one exception, by design, is the command
    line's ``open_window``, which imports the windows inside the function when asked to open them."""
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = list(ast.walk(tree))
        if path.name == "cli.py":
            launcher = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "open_window"]
            assert launcher, "cli.open_window is the one place the command line opens the windows"
            inside = set(ast.walk(launcher[0]))
            nodes = [n for n in nodes if n not in inside]
        for node in nodes:
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.split(".")[0] in QT_MODULES]
            offenders += [f"{path.relative_to(PACKAGE)}: {n}" for n in names if n.startswith("chairdesk.gui")]
    assert len(core_modules()) > 8
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt() -> None:
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in core_modules()
        if p.name != "__main__.py"
    )
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules)
    code += f"loaded = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\nprint(loaded)\nassert not loaded"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chairdesk.cli" in modules


def test_every_store_is_made_by_open_store() -> None:
    """Storage is made in one place (storage.open_store): no other module builds the SQLite ``Store`` itself, so
    a shared server's store would change that one function (docs/STORAGE.md)."""
    makers: list[str] = []
    factory: list[ast.FunctionDef] = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        store_names, module_names = set(), set()
        for node in ast.walk(tree):  # the names the module gives storage's Store, or the storage module itself
            if isinstance(node, ast.ImportFrom) and node.module == "chairdesk.storage":
                store_names |= {a.asname or a.name for a in node.names if a.name == "Store"}
            elif isinstance(node, ast.ImportFrom) and node.module == "chairdesk":
                module_names |= {a.asname or a.name for a in node.names if a.name == "storage"}
            elif isinstance(node, ast.Import):
                module_names |= {a.asname or a.name for a in node.names if a.name == "chairdesk.storage"}
        if path == PACKAGE / "storage.py":
            store_names.add("Store")
            factory = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "open_store"]
            allowed = set(ast.walk(factory[0])) if factory else set()
        else:
            allowed = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or node in allowed:
                continue
            called = node.func
            by_name = isinstance(called, ast.Name) and called.id in store_names
            by_module = (
                isinstance(called, ast.Attribute)
                and called.attr == "Store"
                and ast.unparse(called.value) in module_names | {"chairdesk.storage"}
            )
            if by_name or by_module:
                makers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert makers == []
    assert factory, "storage.open_store is the one place a store is made"
