"""xlwings Lite without Pyodide: ``renaksi lite`` writes the scripts, the buttons work
without notes (Office 2021/2024) and without the packages only the command line needs."""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from excel_client import payload

import renaksi_xl
from renaksi_xl import Renaksi
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.cli import main
from renaksi_xl.core.marks import cell_marks
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate
from renaksi_xl.excel import lite
from renaksi_xl.excel import tombol as excel

SCRIPTS = ["hapus_tanda", "hitung_ulang", "template_baru", "validasi"]


@pytest.fixture(scope="module")
def written(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook as the writer makes it: formulas carry their results."""
    folder = tmp_path_factory.mktemp("lite")
    return write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")


def actions_of(data: dict[str, Any], entry: Any) -> list[dict[str, Any]]:
    book = xw.Book(json=data)
    entry(book)
    return list(book.json()["actions"])


def scripts(main_py: str) -> dict[str, list[str]]:
    """The @script functions of a main.py and their parameters."""
    tree = ast.parse(main_py)
    return {
        node.name: [a.arg for a in node.args.args]
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any("script" in ast.unparse(d) for d in node.decorator_list)
    }


def test_renaksi_lite_writes_main_py_and_requirements(tmp_path: Path) -> None:
    assert main(["lite", "-o", str(tmp_path)]) == 0
    text = (tmp_path / "main.py").read_text(encoding="utf-8")
    assert scripts(text) == {
        "validasi": ["book"],
        "hitung_ulang": ["book"],
        "hapus_tanda": ["book"],
        "template_baru": ["book", "opd", "tahun"],
    }
    assert "from renaksi_xl.excel import tombol as excel" in text and "_RENAKSI_SOURCES" not in text
    requirements = (tmp_path / "requirements.txt").read_text(encoding="utf-8").split()
    assert requirements == ["xlwings", f"renaksi_xl=={renaksi_xl.__version__}"]
    with pytest.raises(SystemExit) as refused:  # nothing is overwritten unasked
        main(["lite", "-o", str(tmp_path)])
    assert refused.value.code == 2
    url = "https://intranet.pemda.go.id/paket/renaksi_xl-0.1.0-py3-none-any.whl"
    assert main(["lite", "-o", str(tmp_path), "--paket", url, "--timpa"]) == 0
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8").split() == ["xlwings", url]


def test_single_file_main_py_carries_the_package(tmp_path: Path) -> None:
    assert main(["lite", "-o", str(tmp_path), "--satu-berkas"]) == 0
    text = (tmp_path / "main.py").read_text(encoding="utf-8")
    assert sorted(scripts(text)) == SCRIPTS
    bundled = lite.bundle()
    assert {"renaksi_xl", "renaksi_xl.excel.tombol", "renaksi_xl.core.rules.target"} <= set(bundled)
    assert not {"renaksi_xl.cli", "renaksi_xl.berkas.rekap", "renaksi_xl.excel.addin"} & set(
        bundled
    )
    # in a fresh process, main.py's finder serves the package before the installed one
    check = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('main_editor', sys.argv[1])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "import renaksi_xl.excel.tombol\n"
        "loader = type(renaksi_xl.excel.tombol.__spec__.loader).__name__\n"
        "print(loader, getattr(renaksi_xl, '__file__', None) is None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check, str(tmp_path / "main.py")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"},
    )
    assert done.stdout.split() == ["_RenaksiBundle", "True"]
    assert "openpyxl" in (tmp_path / "requirements.txt").read_text(encoding="utf-8")


def test_validasi_without_notes_marks_with_fills_and_says_why(written: Path) -> None:
    data = payload(written)
    for sheet in data["sheets"]:  # Office 2021/2024: no ExcelApi 1.18, no notes
        sheet.pop("notes")
        sheet["notes_supported"] = False
    actions = actions_of(data, excel.validasi)
    names = [sheet["name"] for sheet in data["sheets"]]
    marks, _ = cell_marks(validate(excel.read_renaksi(xw.Book(json=payload(written)))), names)
    colored = [a for a in actions if a["func"] == "setRangeColor"]
    assert colored and not [a for a in actions if a["func"] == "addNote"]
    top = next(a["values"] for a in actions if a["func"] == "setValues")
    assert top[2] == [excel.NOTES_UNSUPPORTED]
    state = next(
        a["values"] for a in actions if a["func"] == "setValues" and a["values"][0][0] == "lembar"
    )
    assert len(colored) == len(marks) == len(state) - 1
    assert {row[2] for row in state[1:]} == {"warna"}  # Hapus Tanda deletes no note


def test_template_baru_fills_an_empty_book_and_refuses_a_renaksi(written: Path) -> None:
    empty = {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": "Buku1", "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [{"name": "Sheet1", "values": [[""]], "pictures": [], "tables": []}],
    }
    actions = actions_of(empty, lambda b: excel.template_baru(b, " Dinas Sosial ", "2022"))
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == list(excel.TEMPLATE_SHEETS)
    assert [a["sheet_position"] for a in actions if a["func"] == "sheetDelete"] == [0]
    kegiatan = next(
        a["values"]
        for a in actions
        if a["func"] == "setFormula" and a["sheet_position"] == added.index("Kegiatan") + 1
    )
    cells = [v for row in kegiatan for v in row]
    assert "RENCANA AKSI PERJANJIAN KINERJA TAHUN 2022" in cells
    assert "NAMA OPD : Dinas Sosial" in cells  # the name as typed, trimmed
    assert any(str(v).startswith("=") for v in cells)  # the template's live formulas
    dropdowns = [a for a in actions if a["func"] == "setDataValidationList"]
    assert dropdowns
    alert = next(a for a in actions if a["func"] == "alert")["args"][0]
    assert alert.endswith("Simpan dengan nama renaksi-dinas-sosial-2022.xlsx.")
    # a workbook that already is a Renaksi is left alone
    actions = actions_of(payload(written), lambda b: excel.template_baru(b, "Dinas Sosial", 2022))
    assert [a["func"] for a in actions] == ["alert"]
    assert "sudah berisi lembar" in actions[0]["args"][0]
    actions = actions_of(empty, lambda b: excel.template_baru(b, "Dinas Sosial", "20x2"))
    assert [a["args"][0] for a in actions] == [
        "Tahun '20x2' tidak sah (isi empat angka, mis. 2021)."
    ]


BLOCKED = ("python_calamine", "ms_ovba", "pandas", "openpyxl")
WITHOUT_HEAVY_PACKAGES = """
import importlib.abc, json, os, sys
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked}:
            raise ImportError(f"diblokir: {{name}}")

sys.meta_path.insert(0, Block())
import xlwings as xw
from renaksi_xl.excel import tombol as excel
data = json.loads(open(sys.argv[1], encoding="utf-8").read())
out = {{}}
for name in ("validasi", "hitung_ulang", "bersihkan"):
    book = xw.Book(json=json.loads(json.dumps(data)))
    getattr(excel, name)(book)
    out[name] = book.json()["actions"]
empty = dict(data, sheets=[dict(data["sheets"][0], name="Sheet1", values=[[""]])])
book = xw.Book(json=empty)
excel.template_baru(book, "Dinas Sosial", 2022)
out["template_baru"] = book.json()["actions"]
out["loaded"] = sorted(m for m in sys.modules if m.split(".")[0] in {blocked})
print(json.dumps(out))
"""


def _without_heavy_packages(data: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """The buttons' actions on the payload ``data`` in a process where calamine, pandas,
    ms_ovba and openpyxl cannot be imported, with the heavy modules it loaded anyway."""
    request = tmp_path / "payload.json"
    request.write_text(json.dumps(data), encoding="utf-8")
    script = WITHOUT_HEAVY_PACKAGES.format(blocked=set(BLOCKED))
    done = subprocess.run(
        [sys.executable, "-c", script, str(request)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out: dict[str, Any] = json.loads(done.stdout)
    return out


def test_buttons_need_no_calamine_pandas_ms_ovba_or_openpyxl(written: Path, tmp_path: Path) -> None:
    out = _without_heavy_packages(payload(written), tmp_path)
    assert out["loaded"] == []
    for name in ("validasi", "hitung_ulang", "bersihkan"):
        assert out[name] == actions_of(payload(written), getattr(excel, name)), name
    (alert,) = out["template_baru"]
    assert "memerlukan paket openpyxl" in alert["args"][0]


def test_hitung_ulang_on_todays_shape_needs_no_heavy_packages(tmp_path: Path) -> None:
    """Today's shape: the pagu formulas are planned by the same pure code in Lite."""
    current = renaksi_xl.load(
        Path(renaksi_xl.__file__).parent / "data" / "renaksi-kecamatan-sukamaju-2027.txt"
    )
    written = write_workbook(with_inferred_sifat(current), tmp_path / "s.xlsx", bentuk="sekarang")
    # a kegiatan's pagu (14.900.000) typed over with 2, its program and the total as Excel
    # then shows them
    typed = {
        ("Kegiatan", "O9"): 2,
        ("Kegiatan", "O8"): 2_746_801_200 - 14_900_000 + 2,
        ("Kegiatan", "O43"): 2_924_101_200 - 14_900_000 + 2,
    }
    out = _without_heavy_packages(payload(written, changes=typed), tmp_path)
    assert out["loaded"] == []
    assert out["hitung_ulang"] == actions_of(payload(written, changes=typed), excel.hitung_ulang)
    formulas = [a["values"] for a in out["hitung_ulang"] if a["func"] == "setFormula"]
    assert formulas == [[['=IF(B9="","",SUMIFS(O10:O13,R10:R13,"subkeg"))']]]
