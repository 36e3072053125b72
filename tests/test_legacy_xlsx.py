"""The old layout kept as an .xlsx sheet imports to the same document as the text export."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.grid import GridCell, GridRow, rows_from_text
from renaksi_xl.core.model import Source, without_sources

PERCENT = re.compile(r"^(\d+)%$")
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
PROGRAM_QUARTERS = {"TW I": "TW. I", "TW II": "TW. II", "TW III": "TW. III", "TW IV": "TW. IV"}


def _cells(row: GridRow) -> list[GridCell]:
    """A text row's cells (text rows have every cell, blank or not)."""
    cells = [row.cell(i) for i in range(len(row.cells))]
    assert all(c is not None for c in cells)
    return [c for c in cells if c is not None]


def _excel_value(text: str, column: int, line: int) -> tuple[str | int | float, str | None]:
    """What a user's workbook would hold for this text: numbers as numbers where Excel
    would have made them so, the rest as text (every other budget stays text)."""
    if PERCENT.match(text):
        return int(text[:-1]) / 100, "0%"
    if THOUSANDS.match(text) and column == 11 and line % 2 == 0:
        return int(text.replace(".", "")), "#,##0"
    if text.isdigit():
        return int(text), None
    return text, None


def _legacy_workbook(rows: list[GridRow], path: Path) -> dict[int, int]:
    """Write the reference document's rows into one sheet the way offices keep it: two title
    rows above the tables, merged header cells, `TW. I` headings in the Program table,
    bold program rows without markup. Returns text line → sheet row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Renaksi 2020"
    sheet["A1"] = "PEMERINTAH KABUPATEN GRESIK"
    sheet.merge_cells("A1:L1")
    excel_row = 2
    row_of_line: dict[int, int] = {}
    in_program_table = False
    for index, row in enumerate(rows):
        excel_row += 1
        line = row.source.line
        assert line is not None
        row_of_line[line] = excel_row
        texts = [c.text for c in _cells(row)]
        if "PROGRAM" in texts[1:2] or (len(texts) > 1 and texts[1] == "PROGRAM"):
            in_program_table = True
        elif texts and texts[0] == "NO":
            in_program_table = False
        for column, cell in enumerate(_cells(row)):
            text = cell.text
            if not text:
                continue
            if in_program_table and text in PROGRAM_QUARTERS:
                text = PROGRAM_QUARTERS[text]
            value, number_format = _excel_value(text, column, line)
            target = sheet.cell(row=excel_row, column=column + 1, value=value)
            if number_format:
                target.number_format = number_format
            if cell.bold:
                target.font = Font(bold=True)
        if texts and texts[0] == "NO":
            _merge_header(sheet, row, rows[index + 1], excel_row)
    book.save(path)
    return row_of_line


def _merge_header(sheet: object, header: GridRow, below: GridRow, excel_row: int) -> None:
    """Merge header cells as offices do: a caption over the quarter columns spans them, every
    other caption spans its two header rows."""
    width = len(header.cells)
    column = 0
    while column < width:
        if _cells(header)[column].is_blank:
            column += 1
            continue
        end = column
        while end + 1 < width and _cells(header)[end + 1].is_blank and below.text(end + 1):
            end += 1
        if end > column:
            sheet.merge_cells(  # type: ignore[attr-defined]
                start_row=excel_row, start_column=column + 1, end_row=excel_row, end_column=end + 1
            )
        elif not below.text(column):
            sheet.merge_cells(  # type: ignore[attr-defined]
                start_row=excel_row,
                start_column=column + 1,
                end_row=excel_row + 1,
                end_column=column + 1,
            )
        column = end + 1


@pytest.fixture(scope="module")
def legacy_xlsx(
    tmp_path_factory: pytest.TempPathFactory, reference_path: Path
) -> tuple[Path, dict[int, int]]:
    rows = rows_from_text(reference_path.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("lama") / "renaksi-sidayu-2020.xlsx"
    return path, _legacy_workbook(rows, path)


def test_workbook_really_has_the_variations(legacy_xlsx: tuple[Path, dict[int, int]]) -> None:
    path, row_of = legacy_xlsx
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet.merged_cells.ranges
    assert sheet.cell(row_of[12], 5).value == "TW. I"
    assert sheet.cell(row_of[14], 5).value == pytest.approx(0.18)
    assert sheet.cell(row_of[14], 5).number_format == "0%"
    budgets = [sheet.cell(row_of[line], 12).value for line in (30, 37)]
    assert sorted(map(type, budgets), key=str) == [int, str]
    assert sheet.cell(row_of[29], 2).font.b and "<b>" not in str(sheet.cell(row_of[29], 2).value)


def test_xlsx_imports_to_the_same_document_as_the_text(
    legacy_xlsx: tuple[Path, dict[int, int]], reference: Renaksi
) -> None:
    path, _ = legacy_xlsx
    from_xlsx = load(path)
    assert without_sources(from_xlsx) == without_sources(reference)
    assert from_xlsx.sumber == "renaksi-sidayu-2020.xlsx"


def test_sources_point_at_sheet_cells(legacy_xlsx: tuple[Path, dict[int, int]]) -> None:
    path, row_of = legacy_xlsx
    renaksi = load(path)
    sheet = "Renaksi 2020"
    kegiatan = renaksi.program[0].kegiatan[0]
    assert kegiatan.source == Source(sheet=sheet, cell=f"B{row_of[30]}")
    assert kegiatan.anggaran.source == Source(sheet=sheet, cell=f"L{row_of[30]}")
    assert renaksi.total_tertulis is not None
    assert renaksi.total_tertulis.source == Source(sheet=sheet, cell=f"L{row_of[164]}")
    assert renaksi.penandatangan.nip is not None
    assert renaksi.penandatangan.nip.source == Source(sheet=sheet, cell=f"A{row_of[171]}")
