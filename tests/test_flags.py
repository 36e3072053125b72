"""Findings marked in the workbook (fills, notes, a results sheet) and removed again."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import tostring

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from renaksi_xl import Renaksi, load
from renaksi_xl.cli import main
from renaksi_xl.findings import Report
from renaksi_xl.flags import clear_marks, mark_workbook
from renaksi_xl.libreoffice import convert
from renaksi_xl.marks import COLORS, NOTE_MARK, RESULT_SHEET, STATE_SHEET
from renaksi_xl.sifat import with_inferred_sifat
from renaksi_xl.validate import validate
from renaksi_xl.writer import write_workbook
from renaksi_xl.xlsxsave import formula_results, save_with_cached_values

TABLES = ("Sasaran", "Program", "Kegiatan")
USER_FILL = PatternFill("solid", fgColor="C6EFCE")


@pytest.fixture
def workbook(reference: Renaksi, tmp_path: Path) -> Path:
    """The reference document as a template workbook, with the user's own fills and notes:
    one on a cell that validation will mark (E19, the 101% row), one elsewhere."""
    path = write_workbook(with_inferred_sifat(reference), tmp_path / "sidayu.xlsx")
    book = load_workbook(path)
    cached = formula_results(path, book)  # Excel keeps formula results when the user saves
    sheet = book["Kegiatan"]
    sheet["E19"].fill = USER_FILL
    sheet["E19"].comment = Comment("Cek lagi dengan Kasubag", "Siti")
    sheet["C9"].fill = USER_FILL
    sheet["C9"].comment = Comment("Sudah benar", "Siti")
    save_with_cached_values(book, path, [cached.get(ws.title, {}) for ws in book.worksheets])
    return path


def cell_state(path: Path) -> dict[tuple[str, str], Any]:
    """Every table cell's value, fill and note."""
    book = load_workbook(path)
    state = {}
    for name in TABLES:
        for row in book[name].iter_rows():
            for cell in row:
                comment = cell.comment
                state[(name, cell.coordinate)] = (
                    cell.value,
                    tostring(cell.fill.to_tree()),
                    (comment.text, comment.author) if comment else None,
                )
    return state


def test_marks_sit_where_the_findings_say(workbook: Path, tmp_path: Path) -> None:
    report = validate(load(workbook))
    target = tmp_path / "ditandai.xlsx"
    summary = mark_workbook(workbook, report, target)
    assert summary.findings == len(report.findings) == 38
    assert summary.cells == len({f.source for f in report.findings}) == 37
    assert summary.without_cell == 0
    book = load_workbook(target)
    for finding in report.findings:
        assert finding.source is not None and finding.source.sheet and finding.source.cell
        cell = book[finding.source.sheet][finding.source.cell]
        assert (
            cell.comment is not None and f"[{finding.code}] {finding.message}" in cell.comment.text
        )
        here = [f for f in report.findings if f.source == finding.source]
        worst = min(here, key=lambda f: ["error", "warning", "info"].index(f.severity.value))
        assert cell.fill.fgColor.rgb[-6:] == COLORS[worst.severity]
    own = book["Kegiatan"]["E19"].comment
    assert own is not None and own.text.startswith("Cek lagi dengan Kasubag\n\n" + NOTE_MARK)
    results = book[RESULT_SHEET]
    rows = list(results.iter_rows(min_row=5, values_only=True))
    assert len(rows) == len(report.findings)
    links = [c.hyperlink.location for c in results["D"][4:] if c.hyperlink is not None]
    assert links == [f"'{f.source.sheet}'!{f.source.cell}" for f in report.findings if f.source]
    assert book[STATE_SHEET].sheet_state == "veryHidden"


def test_marking_keeps_formula_results(workbook: Path, tmp_path: Path) -> None:
    target = tmp_path / "ditandai.xlsx"
    mark_workbook(workbook, validate(load(workbook)), target)
    values = load_workbook(target, data_only=True)["Kegiatan"]
    assert values["O8"].value == 287_238_000
    assert load(target).total_tertulis is not None
    assert load(target).total_tertulis.value == 1_021_600_000  # type: ignore[union-attr]


def test_marking_again_replaces_instead_of_stacking(workbook: Path, tmp_path: Path) -> None:
    report = validate(load(workbook))
    once, twice = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    mark_workbook(workbook, report, once)
    mark_workbook(once, validate(load(once)), twice)
    assert cell_state(once) == cell_state(twice)
    book = load_workbook(twice)
    assert book.sheetnames.count(RESULT_SHEET) == 1
    assert book["Kegiatan"]["E19"].comment.text.count(NOTE_MARK) == 1


def test_clearing_restores_the_users_own_fills_and_notes(workbook: Path, tmp_path: Path) -> None:
    marked, cleared = tmp_path / "ditandai.xlsx", tmp_path / "bersih.xlsx"
    summary = mark_workbook(workbook, validate(load(workbook)), marked)
    assert cell_state(marked) != cell_state(workbook)
    assert clear_marks(marked, cleared) == summary.cells
    assert cell_state(cleared) == cell_state(workbook)
    book = load_workbook(cleared)
    assert RESULT_SHEET not in book.sheetnames and STATE_SHEET not in book.sheetnames
    assert book["Kegiatan"]["C9"].comment.text == "Sudah benar"
    assert clear_marks(cleared, tmp_path / "lagi.xlsx") == 0


def test_marked_workbook_opens_in_libreoffice(workbook: Path, tmp_path: Path) -> None:
    from test_libreoffice import assert_formulas_match

    marked = tmp_path / "ditandai.xlsx"
    report: Report = validate(load(workbook))
    summary = mark_workbook(workbook, report, marked)
    (reopened,) = convert([marked], tmp_path / "lo")
    assert assert_formulas_match(marked, reopened) == 141
    book = load_workbook(reopened)
    assert RESULT_SHEET in book.sheetnames
    notes = sum(1 for row in book["Kegiatan"].iter_rows() for c in row if c.comment is not None)
    assert notes == summary.cells + 1  # every marked cell, and the user's own note on C9


def test_cli_marks_next_to_the_input_and_leaves_it_unchanged(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert main(["validasi", str(workbook), "--tandai"]) == 1
    target = workbook.with_name("sidayu-divalidasi.xlsx")
    assert f"Ditandai: {target}" in capsys.readouterr().out
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before
    assert RESULT_SHEET in load_workbook(target).sheetnames
    assert main(["bersihkan", str(target)]) == 0
    assert cell_state(target) == cell_state(workbook)
    assert main(["bersihkan", str(target)]) == 0
    assert "Tidak ada tanda validasi" in capsys.readouterr().out


def test_cli_marks_in_place_with_a_backup(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = workbook.read_bytes()
    assert main(["validasi", str(workbook), "--tandai", "--di-tempat"]) == 1
    backups = list(workbook.parent.glob("sidayu.cadangan-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert RESULT_SHEET in load_workbook(workbook).sheetnames
    assert "aslinya disimpan sebagai sidayu.cadangan-" in capsys.readouterr().out


def test_cli_refuses_to_mark_text_documents(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validasi", str(reference_path), "--tandai"])
    assert caught.value.code == 2
    assert "--tandai hanya untuk buku kerja" in capsys.readouterr().err


def _as_excel_keeps_it(path: Path) -> None:
    """Give the workbook what Excel adds and openpyxl cannot keep: a picture, and the SIFAT
    dropdown in the extension where Excel stores lists drawn from another sheet."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    extension = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="1" '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1"><x14:formula1>'
        "<xm:f>Daftar!$A$2:$A$4</xm:f></x14:formula1><xm:sqref>J8:J20</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>"
    )
    kegiatan = "xl/worksheets/sheet4.xml"
    parts[kegiatan] = parts[kegiatan].replace(b"</worksheet>", extension.encode())
    parts["xl/media/image1.png"] = b"\x89PNG\r\n\x1a\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_what_marking_cannot_keep_is_said_and_kept_in_a_copy(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _as_excel_keeps_it(workbook)
    original = workbook.read_bytes()
    assert main(["validasi", str(workbook), "--tandai"]) == 1
    err = capsys.readouterr().err
    assert (
        f"renaksi: peringatan: berkas '{workbook}': gambar, daftar pilihan (dropdown) yang "
        "mengambil isi dari lembar lain tidak ikut tersimpan di sidayu-divalidasi.xlsx; "
        "semuanya masih ada di sidayu.xlsx"
    ) in err
    assert "UserWarning" not in err and workbook.read_bytes() == original
    marked = workbook.with_name("sidayu-divalidasi.xlsx")
    _as_excel_keeps_it(marked)  # the user saved the marked file in Excel and added a picture
    assert main(["bersihkan", str(marked)]) == 0
    (kept,) = workbook.parent.glob("sidayu-divalidasi.cadangan-*.xlsx")
    assert f"semuanya masih ada di {kept.name}" in capsys.readouterr().err
    assert main(["validasi", str(workbook), "--tandai", "--di-tempat"]) == 1
    (backup,) = workbook.parent.glob("sidayu.cadangan-*.xlsx")
    assert backup.read_bytes() == original
    assert f"semuanya masih ada di {backup.name}" in capsys.readouterr().err
