"""The layout is the architecture: the pure core reads no file and knows no library, only
``berkas`` touches workbook files, and only ``excel/tombol.py`` imports xlwings."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "renaksi_xl"
LIBRARIES = {"openpyxl", "python_calamine", "xlwings", "pandas", "lxml"}


def _imports(path: Path) -> set[str]:
    """The modules a file imports when it runs (imports for type checking only are left
    out: they are never executed)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: Path) -> dict[str, set[str]]:
    return {
        str(path.relative_to(PACKAGE)): _imports(path)
        for path in sorted(folder.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def test_the_core_imports_only_the_standard_library_and_itself() -> None:
    allowed_own = ("renaksi_xl.core", "renaksi_xl.errors")
    wrong = {
        module: sorted(
            name
            for name in imports
            if (name.startswith("renaksi_xl") and not name.startswith(allowed_own))
            or (
                not name.startswith("renaksi_xl")
                and name.split(".")[0] not in sys.stdlib_module_names
            )
        )
        for module, imports in _modules(PACKAGE / "core").items()
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_only_the_ribbon_module_imports_xlwings_and_only_berkas_and_excel_open_workbooks() -> None:
    users: dict[str, set[str]] = {}
    for module, imports in _modules(PACKAGE).items():
        for name in imports:
            library = name.split(".")[0]
            if library in LIBRARIES:
                users.setdefault(library, set()).add(module)
    # lite.py writes "import xlwings" into the main.py it makes: as text, not as an import
    assert users.get("xlwings") == {"excel/tombol.py"}
    for library in ("openpyxl", "python_calamine"):
        outside = {m for m in users.get(library, set()) if not m.startswith(("berkas/", "excel/"))}
        assert outside == set(), library


def test_every_module_stays_under_five_hundred_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
