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
    offenders = []
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
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
