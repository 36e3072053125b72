"""Values as Excel stores what people type: ``18%`` as 0.18 with a percent format, ``3/4`` as
a date, ``1.360`` on an English-locale PC as 1.36. Read from the file (number formats known)
and through the ribbon's values-only path (xlwings' remote engine)."""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from excel_client import payload

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.numfmt import is_percent_format, percent_cells, sheet_parts
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.findings import Finding
from renaksi_xl.core.quantity import parse_quantity
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate
from renaksi_xl.excel import tombol as excel

PERCENT, DATE, GENERAL = "percent", "date", "general"
# the reference's first program: 100% reached cumulatively, 18%, 48%, 72%, 100%
PROGRAM_TW = {"H8": 0.18, "I8": 0.48, "J8": 0.72, "K8": 1}
# "Belanja barang cetakan": 1.360 bh = 316 + 514 + 266 + 264, the target typed as "1.360"
# on an English-locale PC; "Penyediaan makanan dan minuman": TW II typed as 3/4
LOCALE_CELL, DATE_CELL = "H11", "L16"
CLIENT_DATE = "2020-04-03T00:00:00.000Z"  # how an Office.js client sends a date cell


def excel_typed(source: Path, target: Path, edits: dict[tuple[str, str], tuple[Any, str]]) -> Path:
    """``source`` with cells as Excel stores typed input: the value, and a style whose
    number format is percent (built-in 9), a date (built-in 14) or General. Everything else,
    cached formula results included, stays as it was."""
    with zipfile.ZipFile(source) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
        names = sheet_parts(book)
    styles = parts["xl/styles.xml"].decode()
    count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))  # type: ignore[union-attr]
    added = {
        PERCENT: '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>',
        DATE: '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>',
        GENERAL: '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>',
    }
    index = {kind: count + n for n, kind in enumerate(added)}
    styles = styles.replace(f'<cellXfs count="{count}"', f'<cellXfs count="{count + 3}"')
    styles = styles.replace("</cellXfs>", "".join(added.values()) + "</cellXfs>")
    parts["xl/styles.xml"] = styles.encode()
    for (sheet, cell), (value, kind) in edits.items():
        part = names[sheet]
        xml = parts[part].decode()
        if isinstance(value, dt.date):
            value = (value - dt.date(1899, 12, 30)).days  # the serial Excel stores
        new = f'<c r="{cell}" s="{index[kind]}"><v>{value}</v></c>'
        xml, found = re.subn(rf'<c r="{cell}"(?: [^>]*)?(?:/>|>.*?</c>)', new, xml, count=1)
        assert found == 1, (sheet, cell)
        parts[part] = xml.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return target


@pytest.fixture(scope="module")
def workbooks(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("diketik")
    written = write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")
    edits: dict[tuple[str, str], tuple[Any, str]] = {
        ("Program", cell): (value, PERCENT) for cell, value in PROGRAM_TW.items()
    }
    edits[("Kegiatan", LOCALE_CELL)] = (1.36, GENERAL)
    edits[("Kegiatan", DATE_CELL)] = (dt.date(2020, 4, 3), DATE)
    return {"asli": written, "diketik": excel_typed(written, folder / "diketik.xlsx", edits)}


def _key(finding: Finding) -> tuple[str, str | None, str | None]:
    source = finding.source
    return finding.code, source.sheet if source else None, source.cell if source else None


def _ribbon_findings(path: Path, changes: dict[tuple[str, str], Any]) -> list[Finding]:
    """What the ribbon sees: values only, as an Office.js client sends them."""
    book = xw.Book(json=payload(path, changes=changes))
    return list(validate(excel.read_renaksi(book)).findings)


def test_number_formats_are_read_beside_calamine(workbooks: dict[str, Path]) -> None:
    cells = percent_cells(workbooks["diketik"], ["Sasaran", "Program", "Kegiatan"])
    assert cells == {"Program": {(8, 8): "0%", (8, 9): "0%", (8, 10): "0%", (8, 11): "0%"}}
    assert percent_cells(workbooks["asli"], ["Program"]) == {}
    assert is_percent_format("0.00%") and is_percent_format('#,##0%;[Red]"-"0%')
    assert not is_percent_format('0" %"') and not is_percent_format("0\\%")


def test_the_file_reads_what_excel_shows(workbooks: dict[str, Path]) -> None:
    renaksi = load(workbooks["diketik"])
    quarters = renaksi.program[0].indikator[0].target.triwulan
    assert [q.value for q in quarters] == [Decimal(18), Decimal(48), Decimal(72), Decimal(100)]
    assert {q.unit for q in quarters} == {"persen"}
    before = {_key(f) for f in validate(load(workbooks["asli"])).findings}
    after = validate(renaksi).findings
    new = [f for f in after if _key(f) not in before]
    assert [_key(f) for f in new] == [
        ("RNX210", "Kegiatan", LOCALE_CELL),
        ("RNX102", "Kegiatan", DATE_CELL),
    ]
    locale, date = new
    assert "tampaknya 1.360 diketik di Excel berbahasa Inggris" in locale.message
    assert "tersimpan 1,36" in locale.message
    assert "'3 April 2020'" in date.message and "tanggal" in date.message
    assert not any(f.source and f.source.sheet == "Program" for f in new)


def test_the_ribbon_reads_values_only_and_names_the_typing_slip(
    workbooks: dict[str, Path],
) -> None:
    # an Office.js client sends a date-formatted cell as an ISO date-time
    changes = {("Kegiatan", DATE_CELL): CLIENT_DATE}
    before = {_key(f) for f in _ribbon_findings(workbooks["asli"], {})}
    after = _ribbon_findings(workbooks["diketik"], changes)
    new = [f for f in after if _key(f) not in before]
    assert [_key(f) for f in new] == [
        ("RNX209", "Program", "H8"),
        ("RNX210", "Kegiatan", LOCALE_CELL),
        ("RNX102", "Kegiatan", DATE_CELL),
    ]
    assert new[0].message.startswith(
        "Satuan %: angka TW tampaknya diketik sebagai 18% (tersimpan 0,18)"
    )
    assert "'3 April 2020'" in new[2].message


def test_the_ribbon_marks_the_cell_with_the_one_finding(workbooks: dict[str, Path]) -> None:
    data = payload(workbooks["diketik"], changes={("Kegiatan", DATE_CELL): CLIENT_DATE})
    names = [s["name"] for s in data["sheets"]]
    book = xw.Book(json=data)
    excel.validasi(book)
    notes = {
        (names[a["sheet_position"]], a["start_row"] + 1, a["start_column"] + 1): a["args"][1]
        for a in book.json()["actions"]
        if a["func"] == "addNote"
    }
    program_notes = {k: v for k, v in notes.items() if k[0] == "Program"}
    assert list(program_notes) == [("Program", 8, 8)]
    (note,) = program_notes.values()
    assert "RNX209" in note and "18%" in note and "RNX203" not in note


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1.360\xa0bh", "1360", "buah"),  # non-breaking space before the unit
        ("316\xa0", "316", None),  # trailing non-breaking space
        ("  316  ", "316", None),  # trailing and leading spaces
        ("3\nLaporan", "3", "laporan"),  # a line break inside the cell (Alt+Enter)
        ("1.360\r\nbh", "1360", "buah"),
        ("Rp 12.500.000", "12500000", "rupiah"),
        ("Rp.12.500.000,-", "12500000", "rupiah"),
        ("Rp\xa012.500.000,00", "12500000", "rupiah"),
        ("20.381.000", "20381000", None),  # thousands dots in a text cell
        ("\u200b316", "316", None),  # a zero-width space pasted from a web page
        ("\ufeff25 Peserta", "25", "peserta"),  # a byte-order mark pasted from a file
        ("12\u202f500\u202f000", "12500000", None),  # narrow no-break spaces group thousands
        ("12\xa0500\xa0000", "12500000", None),
        ("82,5\xa0%", "82.5", "persen"),
    ],
)
def test_pasted_text_reads_as_the_number_it_shows(text: str, value: str, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert quantity.problem is None, quantity
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit


def test_pasted_text_in_a_workbook_cell(tmp_path: Path, reference: Renaksi) -> None:
    written = write_workbook(with_inferred_sifat(reference), tmp_path / "sidayu.xlsx")
    with zipfile.ZipFile(written) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
        part = sheet_parts(book)["Kegiatan"]
    xml = parts[part].decode()
    pasted = "1.360\u00a0\n"  # what a copy from a web table leaves: NBSP and a line break
    new = f'<c r="H11" t="inlineStr"><is><t xml:space="preserve">{pasted}</t></is></c>'
    parts[part] = re.sub(r'<c r="H11"(?: [^>]*)?(?:/>|>.*?</c>)', new, xml, count=1).encode()
    target = tmp_path / "ditempel.xlsx"
    with zipfile.ZipFile(target, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    aksi = load(target).program[0].kegiatan[0].aksi[1]
    assert aksi.indikator.target.tahunan.value == 1360
    assert aksi.indikator.target.tahunan.unit == "buah"
    assert [
        f.code for f in validate(load(target)).findings if f.source and f.source.cell == "H11"
    ] == []


def test_the_template_refuses_a_fraction_on_a_percent_row(workbooks: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(workbooks["asli"])["Program"]
    rule = next(v for v in sheet.data_validations.dataValidation if "H8" in str(v.sqref))
    assert rule.formula1 == 'AND(ISNUMBER(H8),H8>=0,OR($F8<>"%",AND(H8<=100,OR(H8=0,H8>=1))))'
    assert "Untuk satuan %, ketik angka persennya: 18, bukan 18% atau 0,18" in rule.error
    assert rule.errorStyle == "stop"


def test_an_old_layout_workbook_reads_percent_formatted_fractions(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from rule_cases import Case

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in Case("dasar", "benar", "dokumen dasar", {}).text().splitlines():
        sheet.append([cell or None for cell in line.split("\t")])
    program_row = next(row for row in sheet.iter_rows() if row[1].value == "Program Uji Coba")
    for cell, value in zip(program_row[3:8], (1, 0.25, 0.5, 0.75, 1), strict=True):
        cell.value, cell.number_format = value, "0%"  # 100%, 25%, … typed in Excel
    program_row[4].value = dt.datetime(2021, 4, 3)  # TW I typed as 3/4
    program_row[4].number_format = "d-mmm"
    path = tmp_path / "lama.xlsx"
    book.save(path)
    renaksi = load(path)
    target = renaksi.program[0].indikator[0].target
    assert (target.tahunan.value, target.tahunan.unit) == (Decimal(100), "persen")
    assert [q.value for q in target.triwulan[1:]] == [Decimal(50), Decimal(75), Decimal(100)]
    findings = validate(renaksi).findings
    assert [(f.code, f.source.cell if f.source else None) for f in findings] == [
        ("RNX102", program_row[4].coordinate)
    ]
    assert "'3 April 2021'" in findings[0].message
