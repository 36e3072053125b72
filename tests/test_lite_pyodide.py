"""The xlwings Lite scripts in Pyodide (the npm package under Node, offline, packages
installed by micropip from wheel files) give the same actions as in CPython, on payloads
made from a LibreOffice-recalculated workbook — for the package from its wheel and for the
single-file main.py that carries it."""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from excel_client import payload
from lite_harness import dependency_wheels, own_wheel, run_cpython, run_pyodide

from renaksi_xl import Renaksi
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.marks import RESULT_HEADER, RESULT_SHEET, STATE_SHEET
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.excel import lite
from renaksi_xl.excel import tombol as excel

pytestmark = pytest.mark.slow

EMPTY_BOOK = {
    "client": "Office.js",
    "version": xw.__version__,
    "book": {"name": "Buku1", "active_sheet_index": 0, "selection": "A1"},
    "names": [],
    "sheets": [{"name": "Sheet1", "values": [[""]], "pictures": [], "tables": [], "notes": []}],
}


@pytest.fixture(scope="module")
def computed_workbook(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference document's workbook with every formula computed by a real engine."""
    folder = tmp_path_factory.mktemp("lite-pyodide")
    written = write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")
    (computed,) = convert([written], folder / "lo")
    return computed


def without_notes(data: dict[str, Any]) -> dict[str, Any]:
    """What a client without ExcelApi 1.18 (Office 2021/2024) sends: no notes."""
    for sheet in data["sheets"]:
        sheet.pop("notes", None)
        sheet["notes_supported"] = False
    return data


def scripts_runs(computed: Path) -> list[dict[str, Any]]:
    state = [["lembar", "sel", "tanda", "warna_asli"], ["Kegiatan", "H13", "catatan", ""]]
    return [
        {"script": "validasi", "payload": payload(computed)},
        {"script": "validasi", "payload": without_notes(payload(computed))},
        {
            "script": "hitung_ulang",
            "payload": payload(computed, changes={("Kegiatan", "O8"): 290_000_000}),
        },
        {
            "script": "hapus_tanda",
            "payload": payload(
                computed,
                extra={
                    STATE_SHEET: state,
                    RESULT_SHEET: [["Hasil Validasi Renaksi"], [""], [""], list(RESULT_HEADER)],
                },
                notes={"Kegiatan": ["H13", "C9"]},
            ),
        },
        {"script": "template_baru", "payload": EMPTY_BOOK, "args": ["Kecamatan Sidayu", 2021]},
        {"script": "validasi", "payload": payload(computed)},  # a second click, warm
    ]


@pytest.fixture(scope="module")
def setup(computed_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("lite-run")
    lite.write_files(folder / "paket")
    lite.write_files(folder / "satu", single_file=True)
    runs = scripts_runs(computed_workbook)
    return {
        "folder": folder,
        "runs": runs,
        "dependencies": dependency_wheels(),
        "wheel": own_wheel(folder / "dist"),
        "cpython": run_cpython(folder / "paket" / "main.py", runs, folder),
    }


def funcs(actions: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for a in actions if a["func"] == name]


def test_the_scripts_do_in_cpython_what_the_buttons_do(
    setup: dict[str, Any], computed_workbook: Path
) -> None:
    runs = [r["actions"] for r in setup["cpython"]["runs"]]
    book = xw.Book(json=payload(computed_workbook))
    excel.validasi(book)
    assert runs[0] == book.json()["actions"]  # the Lite script is the ribbon's button
    assert len(funcs(runs[0], "addNote")) == len(funcs(runs[0], "setRangeColor")) > 30
    # without notes: the same fills, no note, and the sheet says why
    assert funcs(runs[1], "addNote") == []
    assert funcs(runs[1], "setRangeColor") == funcs(runs[0], "setRangeColor")
    assert funcs(runs[1], "setValues")[0]["values"][2] == [excel.NOTES_UNSUPPORTED]
    assert "belum mendukung catatan" in funcs(runs[1], "alert")[0]["args"][0]
    restored = [(a["start_row"], a["start_column"]) for a in funcs(runs[2], "setFormula")]
    assert restored == [(7, 14)]  # Kegiatan!O8, the subtotal typed over
    assert len(funcs(runs[3], "deleteNote")) == 1
    assert len(funcs(runs[3], "sheetDelete")) == 2  # both found by their layout
    marked = [a["args"] for a in funcs(runs[0], "namesAdd")]
    assert marked == [["_RenaksiXL_Lembar", '="hasil"'], ["_RenaksiXL_Lembar", '="tanda"']]
    added = [a["args"][1] for a in funcs(runs[4], "addSheet")]
    assert added == list(excel.TEMPLATE_SHEETS)
    assert "Templat Renaksi Kecamatan Sidayu 2021" in funcs(runs[4], "alert")[0]["args"][0]
    assert runs[5] == runs[0]


def report(label: str, pyodide: dict[str, Any], cpython: dict[str, Any]) -> str:
    cold = pyodide["runs"][0]["seconds"] / cpython["runs"][0]["seconds"]
    warm = pyodide["runs"][5]["seconds"] / cpython["runs"][5]["seconds"]
    return (
        f"\n[{label}] Pyodide: muat {pyodide['load_seconds']:.2f} s, pasang paket "
        f"{pyodide['install_seconds']:.2f} s, impor main.py {pyodide['import_seconds']:.2f} s; "
        f"validasi klik pertama {pyodide['runs'][0]['seconds']:.3f} s (CPython "
        f"{cpython['runs'][0]['seconds']:.3f} s, rasio {cold:.2f}), klik berikutnya "
        f"{pyodide['runs'][5]['seconds']:.3f} s (CPython {cpython['runs'][5]['seconds']:.3f} s, "
        f"rasio {warm:.2f})"
    )


def test_the_package_from_its_wheel_acts_in_pyodide_as_in_cpython(
    setup: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = setup["folder"]
    wheels = [*setup["dependencies"], setup["wheel"]]
    pyodide = run_pyodide(wheels, folder / "paket" / "main.py", setup["runs"], folder)
    for ours, reference in zip(pyodide["runs"], setup["cpython"]["runs"], strict=True):
        assert ours["actions"] == reference["actions"]
    with capsys.disabled():
        print(report("wheel", pyodide, setup["cpython"]))


def test_the_single_file_main_py_acts_in_pyodide_as_in_cpython(
    setup: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = setup["folder"]
    # no renaksi_xl wheel: the package comes from main.py itself
    pyodide = run_pyodide(setup["dependencies"], folder / "satu" / "main.py", setup["runs"], folder)
    for ours, reference in zip(pyodide["runs"], setup["cpython"]["runs"], strict=True):
        assert ours["actions"] == reference["actions"]
    with capsys.disabled():
        print(report("satu berkas", pyodide, setup["cpython"]))
