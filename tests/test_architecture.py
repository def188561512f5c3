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
