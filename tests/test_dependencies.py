"""Every package the code imports is declared in pyproject.toml (issue 13: jinja2 and lxml were imported, not declared).

The imports are read with ``ast`` from every Python file of the app, the tests, the benchmarks, the drills and the
scripts; each top-level name is mapped to the distribution that provides it in this environment
(``importlib.metadata.packages_distributions``) and that distribution must be named in pyproject.toml: in
``[project] dependencies`` for the app's own code (chairdesk/), and there or in the ``test`` extra for the rest.
A package that only arrives as another package's dependency can vanish when that package changes its own.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# The app's code must run with the app's dependencies alone; the rest may also use the test extra.
APP_FOLDERS = ("chairdesk",)
OTHER_FOLDERS = ("tests", "benchmarks", "drills", "scripts", "packaging")


def normal(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> set[str]:
    """The distribution names in a list of requirement strings ("numpy>=1.26", "keyring[x]>=25; ...")."""
    return {normal(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", r.strip()).group(0)) for r in requirements}


APP_DECLARED = declared(PROJECT["dependencies"])
TEST_DECLARED = APP_DECLARED | declared(PROJECT["optional-dependencies"]["test"])


@functools.cache
def local_names() -> frozenset[str]:
    """Modules of the repository itself: the package, and the helper files each folder puts on sys.path."""
    names = {"chairdesk"}
    for folder in (*APP_FOLDERS, *OTHER_FOLDERS):
        for path in (ROOT / folder).rglob("*.py"):
            names.add(path.stem)
        for path in (ROOT / folder).rglob("__init__.py"):
            names.add(path.parent.name)
    return frozenset(names)


@functools.cache  # the tree is read once a run: each test asks the same
def imported(folder: str) -> dict[str, set[str]]:
    """The top-level names imported anywhere under ``folder`` (absolute imports only), each with the files."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def third_party(folders: tuple[str, ...]) -> dict[str, set[str]]:
    """Imported names that are neither the standard library nor the repository's own modules."""
    local = local_names()
    found: dict[str, set[str]] = {}
    for folder in folders:
        for name, files in imported(folder).items():
            if name in sys.stdlib_module_names or name in local or name == "__future__":
                continue
            found.setdefault(name, set()).update(files)
    return found


@functools.cache
def _providers() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


def undeclared(folders: tuple[str, ...], allowed: set[str]) -> list[str]:
    """One sentence per imported name whose distribution pyproject.toml does not declare in ``allowed``."""
    providers = _providers()
    problems = []
    for name, files in sorted(third_party(folders).items()):
        distributions = {normal(d) for d in providers.get(name, [])}
        where = ", ".join(sorted(files)[:3])
        if not distributions:
            problems.append(f"{name} (imported in {where}) is installed by no distribution here")
        elif not distributions & allowed:
            problems.append(f"{name} (imported in {where}) comes from {sorted(distributions)}, not declared")
    return problems


def test_the_apps_imports_are_its_declared_dependencies() -> None:
    assert undeclared(APP_FOLDERS, APP_DECLARED) == []


def test_the_tests_benchmarks_drills_and_scripts_import_only_declared_packages() -> None:
    assert undeclared(OTHER_FOLDERS, TEST_DECLARED) == []


@pytest.mark.parametrize("missing", ["jinja2", "lxml"])
def test_the_check_finds_an_import_that_is_not_declared(missing: str) -> None:
    """The check itself can fail: without the line that declares it, the import is reported."""
    assert missing in third_party(APP_FOLDERS), f"{missing} is no longer imported: pick another example"
    without = {d for d in APP_DECLARED if d != normal(missing)}
    assert any(p.startswith(f"{missing} ") for p in undeclared(APP_FOLDERS, without))


# -- the lock files (scripts/lock.sh) ------------------------------------------------------------------------------


def locked(name: str) -> dict[str, str]:
    """The distributions a lock file pins, by normal name, with their versions."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return {normal(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", text, re.M)}


def numbers(version: str) -> tuple[int, ...]:
    """A release number as a tuple to compare: "6.11.3" → (6, 11, 3) (pre-release letters ignored)."""
    return tuple(int(re.match(r"\d+", part).group(0)) for part in version.split(".") if re.match(r"\d+", part))


def allows(requirement: str, version: str) -> bool:
    """Whether ``version`` meets the requirement's bounds (pyproject.toml uses only >= and <)."""
    spec = requirement.split(";")[0]
    for operator, bound in re.findall(r"(>=|<=|==|!=|~=|<|>)\s*([\w.]+)", spec):
        assert operator in (">=", "<"), f"{requirement}: teach allows() the operator {operator}"
        if operator == ">=" and numbers(version) < numbers(bound):
            return False
        if operator == "<" and numbers(version) >= numbers(bound):
            return False
    return True


@pytest.mark.parametrize(
    ("lock_file", "requirements"),
    [
        ("requirements.lock", PROJECT["dependencies"]),
        ("requirements-test.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
    ],
)
def test_the_lock_files_pin_every_declared_dependency_within_its_bounds(lock_file: str, requirements: list) -> None:
    """A dependency added to or raised in pyproject.toml without `bash scripts/lock.sh` fails here."""
    pins = locked(lock_file)
    stale = []
    for requirement in requirements:
        (name,) = declared([requirement])
        if name not in pins:
            stale.append(f"{name} is not in {lock_file}")
        elif not allows(requirement, pins[name]):
            stale.append(f"{lock_file} pins {name}=={pins[name]}, which {requirement!r} does not allow")
    assert stale == [], "run `bash scripts/lock.sh`: " + "; ".join(stale)


def test_the_apps_lock_holds_the_versions_the_tests_ran_with() -> None:
    app, test = locked("requirements.lock"), locked("requirements-test.lock")
    assert {n: v for n, v in app.items() if test.get(n) != v} == {}
    assert not {"pytest", "mypy", "pyinstaller"} & set(app)  # the test extra is not in the app's lock


def test_the_lock_check_finds_a_bound_the_lock_does_not_meet() -> None:
    assert allows("numpy>=1.26", "2.3.1") and allows("PySide6-Essentials>=6.8,<6.12", "6.11.3")
    assert not allows("PySide6-Essentials>=6.8,<6.12", "6.12.0") and not allows("numpy>=1.26", "1.25.2")
