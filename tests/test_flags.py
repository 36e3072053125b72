"""Findings marked in the workbook (fills, notes, a results sheet) and removed again."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import tostring

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.flags import clear_marks, mark_workbook
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.berkas.xlsxsave import formula_results, save_with_cached_values
from renaksi_xl.cli import main
from renaksi_xl.core.capaian import TITLE
from renaksi_xl.core.findings import Finding, Report, Severity
from renaksi_xl.core.marks import COLORS, NOTE_MARK, RESULT_HEADER, RESULT_SHEET, STATE_SHEET
from renaksi_xl.core.model import Source
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate

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


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KEGIATAN_PART = "xl/worksheets/sheet4.xml"
EXTENSION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1>'
    "<xm:f>Program!$B$2:$B$4</xm:f></x14:formula1><xm:sqref>J8:J20</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext>"
    '<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    "<x14:conditionalFormattings><x14:conditionalFormatting "
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:cfRule type="dataBar" id="{00000000-0000-0000-0000-000000000001}">'
    '<x14:dataBar minLength="0" maxLength="100"><x14:cfvo type="autoMin"/>'
    '<x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>O8:O20</xm:sqref>'
    "</x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
)
ANCHOR = (
    "<xdr:from><xdr:col>{0}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{1}</xdr:col><xdr:colOff>0"
    "</xdr:colOff><xdr:row>12</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
)
EXCEL_PARTS = {
    "xl/media/image1.png": bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
    ),
    "xl/drawings/drawing1.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr '
        'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:r="{REL}" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f"<xdr:twoCellAnchor>{ANCHOR.format(20, 23)}<xdr:pic><xdr:nvPicPr>"
        '<xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
        '<a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
        '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
        f"<xdr:clientData/></xdr:twoCellAnchor><xdr:twoCellAnchor>{ANCHOR.format(24, 30)}"
        '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="3" name="Grafik"/>'
        '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart r:id="rId2"/></a:graphicData></a:graphic></xdr:graphicFrame>'
        "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    ).encode(),
    "xl/drawings/_rels/drawing1.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/image" Target="../media/image1.png"/>'
        f'<Relationship Id="rId2" Type="{REL}/chart" Target="../charts/chart1.xml"/>'
        "</Relationships>"
    ).encode(),
    "xl/charts/chart1.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{REL}">'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart>'
        '<c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/><c:ser>'
        '<c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>Kegiatan!$O$8:$O$10</c:f>'
        '</c:numRef></c:val></c:ser><c:axId val="10"/><c:axId val="20"/></c:barChart>'
        '<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="20"/></c:catAx><c:valAx>'
        '<c:axId val="20"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:crossAx val="10"/></c:valAx></c:plotArea>'
        '<c:plotVisOnly val="1"/></c:chart></c:chartSpace>'
    ).encode(),
    "xl/threadedComments/threadedComment1.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments '
        b'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<threadedComment ref="{cell}" dT="2026-01-05T10:00:00.00" '
        b'personId="{{5A0C4D2B-0000-4000-8000-000000000001}}" '
        b'id="{{5A0C4D2B-0000-4000-8000-000000000002}}"><text>Mohon dicek, Bu</text>'
        b"</threadedComment></ThreadedComments>"
    ),
    "xl/persons/person.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList '
        b'xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<person displayName="Budi" id="{5A0C4D2B-0000-4000-8000-000000000001}" '
        b'userId="budi" providerId="None"/></personList>'
    ),
}
EXCEL_TYPES = {
    "xl/drawings/drawing1.xml": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "xl/charts/chart1.xml": "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
    "xl/threadedComments/threadedComment1.xml": "application/vnd.ms-excel.threadedcomments+xml",
    "xl/persons/person.xml": "application/vnd.ms-excel.person+xml",
}
THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
PERSON = "http://schemas.microsoft.com/office/2017/10/relationships/person"


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def as_excel_writes_it(path: Path, threaded_cell: str) -> dict[str, bytes]:
    """Give the Kegiatan sheet what Excel adds and openpyxl cannot keep, part by part as
    Excel writes them: a picture and a chart (a drawing), a dropdown drawn from another
    sheet and a data bar (extensions), a threaded comment on ``threaded_cell``; returns
    the added parts."""
    parts = zip_parts(path)
    added = dict(EXCEL_PARTS)
    name = "xl/threadedComments/threadedComment1.xml"
    added[name] = added[name].replace(b"{cell}", threaded_cell.encode())
    added[name] = added[name].replace(b"{{", b"{").replace(b"}}", b"}")
    parts.update(added)
    sheet = parts[KEGIATAN_PART].decode()
    sheet = sheet.replace(
        "<legacyDrawing", f'<drawing xmlns:r="{REL}" r:id="rId90"/><legacyDrawing'
    )
    parts[KEGIATAN_PART] = sheet.replace("</worksheet>", EXTENSION + "</worksheet>").encode()
    rels = "xl/worksheets/_rels/sheet4.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rId90" Type="{REL}/drawing" Target="/xl/drawings/drawing1.xml"/>'
        f'<Relationship Id="rId91" Type="{THREADED}" '
        'Target="/xl/threadedComments/threadedComment1.xml"/></Relationships>'.encode(),
    )
    book_rels = "xl/_rels/workbook.xml.rels"
    parts[book_rels] = parts[book_rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rId90" Type="{PERSON}" Target="/xl/persons/person.xml"/>'
        "</Relationships>".encode(),
    )
    types = parts["[Content_Types].xml"].decode()
    overrides = "".join(
        f'<Override PartName="/{n}" ContentType="{t}"/>' for n, t in EXCEL_TYPES.items()
    )
    if 'Extension="png"' not in types:
        overrides += '<Default Extension="png" ContentType="image/png"/>'
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    write_parts(path, parts)
    return added


def marked_cells(report: Report, sheet: str) -> list[str]:
    return [
        f.source.cell
        for f in report.findings
        if f.source and f.source.sheet == sheet and f.source.cell
    ]


def test_marking_and_clearing_keep_what_excel_added(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ooxml_judge import assert_excel_opens

    report = validate(load(workbook))
    threaded = next(c for c in marked_cells(report, "Kegiatan") if c not in ("C9", "E19"))
    added = as_excel_writes_it(workbook, threaded)
    assert_excel_opens(workbook)
    assert main(["validasi", str(workbook), "--tandai"]) == 1
    assert "tidak ikut tersimpan" not in capsys.readouterr().err
    marked = workbook.with_name("sidayu-divalidasi.xlsx")
    cleared = workbook.with_name("bersih.xlsx")
    assert main(["bersihkan", str(marked), "-o", str(cleared)]) == 0
    assert_excel_opens(marked, cleared)
    for path in (marked, cleared):
        parts = zip_parts(path)
        assert {n: parts.get(n) for n in added} == added
        sheet = parts[KEGIATAN_PART].decode()
        assert EXTENSION in sheet and 'r:id="rId90"/>' in sheet
        rels = parts["xl/worksheets/_rels/sheet4.xml.rels"].decode()
        assert "/xl/drawings/drawing1.xml" in rels and THREADED in rels
    book = load_workbook(marked)
    cell = book["Kegiatan"][threaded]
    assert cell.comment is None  # the thread is Excel's; the finding is listed and filled
    assert cell.fill.fgColor.rgb[-6:] in COLORS.values()
    assert cell_state(cleared) == cell_state(workbook)


def test_clearing_gives_back_the_users_notes_part_by_part(workbook: Path, tmp_path: Path) -> None:
    """The user's comments and VML parts come back byte for byte: our notes, shapes and
    author gone, the user's elements as they were."""
    marked, cleared = tmp_path / "ditandai.xlsx", tmp_path / "bersih.xlsx"
    mark_workbook(workbook, validate(load(workbook)), marked)
    notes = load_workbook(marked)["Kegiatan"]
    assert notes["C9"].comment.text == "Sudah benar"
    assert notes["E19"].comment.author == "Siti"
    clear_marks(marked, cleared)
    before, after = zip_parts(workbook), zip_parts(cleared)
    for name in ("xl/comments/comment1.xml", "xl/drawings/commentsDrawing1.vml"):
        assert after[name] == before[name]


def test_marking_sheets_gives_each_vml_its_own_shape_ids(workbook: Path, tmp_path: Path) -> None:
    """One sheet marked, then three: every VML drawing has its own o:idmap block and the
    judges we did not write (the OOXML checker, LibreOffice) accept both."""
    from ooxml_judge import assert_excel_opens

    report = validate(load(workbook))
    extra = [
        Finding("RNX101", Severity.WARNING, f"uji {sheet}", Source(sheet=sheet, cell="B3"), "uji")
        for sheet in ("Sasaran", "Program")
    ]
    three = Report(report.file, (*report.findings, *extra))
    one_path, three_path = tmp_path / "satu.xlsx", tmp_path / "tiga.xlsx"
    mark_workbook(workbook, report, one_path)
    mark_workbook(workbook, three, three_path)
    assert_excel_opens(one_path, three_path)
    parts = zip_parts(three_path)
    blocks = [
        re.search(rb'idmap[^>]*data="([^"]*)"', data).group(1)  # type: ignore[union-attr]
        for name, data in parts.items()
        if name.endswith(".vml")
    ]
    assert len(blocks) == 3 and len(set(blocks)) == 3
    reopened = convert([one_path, three_path], tmp_path / "lo")
    for path in reopened:
        book = load_workbook(path)
        assert book["Kegiatan"]["E19"].comment is not None
    assert load_workbook(reopened[1])["Program"]["B3"].comment.text.endswith("uji Program")


def test_a_users_own_sheets_are_never_taken_for_the_tools(workbook: Path, tmp_path: Path) -> None:
    """Sheets a user called "Hasil Validasi", "_renaksi_tanda" and "CAPAIAN" stay theirs:
    marking, clearing and hitung add theirs beside them under free names."""
    from ooxml_judge import assert_excel_opens

    book = load_workbook(workbook)
    for name in ("Hasil Validasi", "_renaksi_tanda", "CAPAIAN"):
        book.create_sheet(name)["A1"] = f"milik pengguna: {name}"
    cached = formula_results(workbook, book)
    save_with_cached_values(book, workbook, [cached.get(ws.title, {}) for ws in book.worksheets])
    marked, cleared, counted = (tmp_path / f"{n}.xlsx" for n in ("tanda", "bersih", "hitung"))
    mark_workbook(workbook, validate(load(workbook)), marked)
    names = load_workbook(marked).sheetnames
    assert names[-5:] == [
        "Hasil Validasi",
        "_renaksi_tanda",
        "CAPAIAN",
        "Hasil Validasi (2)",
        "_renaksi_tanda (2)",
    ]
    recalculate(marked, counted)
    assert load_workbook(counted).sheetnames[-1] == "Capaian (2)"
    assert clear_marks(counted, cleared) > 0
    after = load_workbook(cleared)
    assert after.sheetnames[-4:] == ["Hasil Validasi", "_renaksi_tanda", "CAPAIAN", "Capaian (2)"]
    for name in ("Hasil Validasi", "_renaksi_tanda", "CAPAIAN"):
        assert after[name]["A1"].value == f"milik pengguna: {name}"
    assert_excel_opens(marked, counted, cleared)
    assert main(["bersihkan", str(cleared)]) == 0  # nothing of ours left: nothing deleted
    assert load_workbook(cleared).sheetnames == after.sheetnames


def test_hitung_never_overwrites_a_users_capaian_and_reruns_leave_no_orphans(
    workbook: Path, tmp_path: Path
) -> None:
    from ooxml_judge import assert_excel_opens

    book = load_workbook(workbook)
    book.create_sheet("Capaian")["A1"] = "catatan saya"
    cached = formula_results(workbook, book)
    save_with_cached_values(book, workbook, [cached.get(ws.title, {}) for ws in book.worksheets])
    once, noted, twice = (tmp_path / f"{n}.xlsx" for n in ("1", "catatan", "2"))
    recalculate(workbook, once)
    book = load_workbook(once)
    assert book["Capaian"]["A1"].value == "catatan saya"
    assert book.sheetnames[-1] == "Capaian (2)"
    # the user notes our sheet in a spreadsheet program (openpyxl as one), then reruns
    book["Capaian (2)"]["D3"].comment = Comment("angka ini dari mana?", "Siti")
    for name in ("Kegiatan", "Capaian"):  # only the new note is the user's here
        for row in book[name].iter_rows():
            for cell in row:
                if cell.comment is not None:
                    cell.comment = None
    cached = formula_results(once, book)
    save_with_cached_values(book, noted, [cached.get(ws.title, {}) for ws in book.worksheets])
    recalculate(noted, twice)
    assert load_workbook(twice).sheetnames[-2:] == ["Capaian", "Capaian (2)"]
    parts = zip_parts(twice)
    assert not [n for n in parts if "comment" in n.lower() or n.endswith(".vml")]
    assert b"comments" not in b"".join(v for n, v in parts.items() if n.endswith(".rels"))
    assert_excel_opens(twice)


def test_a_finding_inside_a_merged_range_marks_its_first_cell(
    workbook: Path, tmp_path: Path
) -> None:
    from ooxml_judge import assert_excel_opens

    report = validate(load(workbook))
    cell = next(c for c in marked_cells(report, "Kegiatan") if c not in ("C9", "E19"))
    column, row = cell[0], int(cell[1:])
    left = f"{chr(ord(column) - 1)}{row}"
    # merged over cells that both hold values, as a file from another program may be
    parts = zip_parts(workbook)
    sheet_xml = re.sub(
        r'<mergeCells count="(\d+)">',
        lambda m: f'<mergeCells count="{int(m[1]) + 1}"><mergeCell ref="{left}:{cell}"/>',
        parts[KEGIATAN_PART].decode(),
    )
    parts[KEGIATAN_PART] = sheet_xml.encode()
    write_parts(workbook, parts)
    marked = tmp_path / "ditandai.xlsx"
    mark_workbook(workbook, validate(load(workbook)), marked)
    sheet = load_workbook(marked)["Kegiatan"]
    assert NOTE_MARK in sheet[left].comment.text
    assert sheet[left].fill.fgColor.rgb[-6:] in COLORS.values()
    assert_excel_opens(marked)


def test_removing_the_tools_sheets_reindexes_the_names_of_later_sheets(
    workbook: Path, tmp_path: Path
) -> None:
    """A user sheet added after the results sheet keeps its print area when bersihkan
    removes the tool's sheets before it; the sheets before them keep theirs untouched."""
    from ooxml_judge import ooxml_defects

    from renaksi_xl.berkas.xlsxpatch import Package, worksheet_xml

    marked, edited, cleared = (tmp_path / f"{n}.xlsx" for n in ("tanda", "edit", "bersih"))
    mark_workbook(workbook, validate(load(workbook)), marked)
    with Package(marked) as package:
        package.put_sheet("Catatan", worksheet_xml([["isi"]], lambda *_: None, [], [10]))
        index = package.sheet_names.index("Catatan")
        package.add_defined_name("_xlnm.Print_Area", "Catatan!$A$1:$B$2", index)
        package.add_defined_name("Temuan_Pertama", "'Hasil Validasi'!$D$5")
        package.save(edited)
    clear_marks(edited, cleared)
    book = load_workbook(cleared)
    assert book.sheetnames[-1] == "Catatan" and RESULT_SHEET not in book.sheetnames
    assert book["Catatan"].print_area == "'Catatan'!$A$1:$B$2"
    original = load_workbook(workbook)
    for name in original.sheetnames:
        assert book[name].print_area == original[name].print_area
        assert book[name].print_title_rows == original[name].print_title_rows
    assert original["Kegiatan"].print_area is not None
    workbook_xml = zip_parts(cleared)["xl/workbook.xml"].decode()
    assert "_RenaksiXL_Lembar" not in workbook_xml and "Hasil Validasi" not in workbook_xml
    assert '<definedName name="Temuan_Pertama">#REF!$D$5</definedName>' in workbook_xml
    # Excel itself writes #REF! for a name whose sheet was deleted; the checker reads it
    # as a sheet called REF, and finds nothing else
    (defect,) = ooxml_defects([cleared])[str(cleared)]
    assert "Temuan_Pertama" in defect and "refers to sheet 'REF'" in defect


def test_results_sheet_prints_on_landscape_a4_with_its_header_repeated(
    workbook: Path, tmp_path: Path
) -> None:
    marked = tmp_path / "ditandai.xlsx"
    mark_workbook(workbook, validate(load(workbook)), marked)
    sheet = load_workbook(marked)[RESULT_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    setup = sheet.sheet_properties.pageSetUpPr
    assert setup is not None and setup.fitToPage
    assert sheet.print_title_rows == "$4:$4"
    fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
    assert len(fonts) == 1


def test_marks_are_found_and_cleared_after_libreoffice_saved_the_file(
    workbook: Path, tmp_path: Path
) -> None:
    """LibreOffice renumbers the styles and turns texts into shared strings when it saves:
    the tool still knows its sheets by their marker and gives back the user's fills and
    notes."""
    from ooxml_judge import ooxml_defects

    marked, again, cleared = (tmp_path / f"{n}.xlsx" for n in ("tanda", "lagi", "bersih"))
    summary = mark_workbook(workbook, validate(load(workbook)), marked)
    (saved,) = convert([marked], tmp_path / "lo")
    assert mark_workbook(saved, validate(load(saved)), again) == summary
    assert load_workbook(again).sheetnames.count(RESULT_SHEET) == 1
    assert clear_marks(saved, cleared) == summary.cells
    defects = ooxml_defects([saved, again, cleared])
    # LibreOffice's own (its VML shapes share the id "shape_0"), nothing of ours
    assert defects[str(again)] == defects[str(cleared)] == defects[str(saved)]
    before, after = load_workbook(workbook), load_workbook(cleared)
    assert after.sheetnames == before.sheetnames
    for name in TABLES:
        for row in before[name].iter_rows():
            for cell in row:
                now = after[name][cell.coordinate]
                assert str(now.fill.fgColor.rgb)[-6:] == str(cell.fill.fgColor.rgb)[-6:]
                assert now.number_format == cell.number_format
                assert (now.comment.text if now.comment else None) == (
                    cell.comment.text if cell.comment else None
                )


def test_bersihkan_of_an_unmarked_workbook_writes_nothing(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = workbook.with_name("hasil.xlsx")
    before = workbook.read_bytes()
    assert main(["bersihkan", str(workbook), "-o", str(target)]) == 0
    assert not target.exists() and workbook.read_bytes() == before
    assert "Tidak ada tanda validasi" in capsys.readouterr().out


def test_marks_made_before_the_marker_are_still_cleared(workbook: Path, tmp_path: Path) -> None:
    """A workbook marked by an earlier version (saved through openpyxl, its sheets without
    the marker) is recognised by its very hidden state sheet with its header, and cleared."""
    import json

    from openpyxl.styles import PatternFill as Fill

    book = load_workbook(workbook)
    cell = book["Kegiatan"]["E19"]
    original = {
        "fill": tostring(cell.fill.to_tree(), encoding="unicode"),
        "comment": {"text": cell.comment.text, "author": "Siti", "width": 144, "height": 79},
    }
    plain = book["Kegiatan"]["D19"]
    remembered = {"fill": tostring(plain.fill.to_tree(), encoding="unicode"), "comment": None}
    cell.fill = Fill("solid", fgColor=COLORS[Severity.ERROR])
    cell.comment = Comment(f"{cell.comment.text}\n\n{NOTE_MARK}\n[RNX207] uji", "Siti")
    plain.fill = Fill("solid", fgColor=COLORS[Severity.WARNING])
    plain.comment = Comment(f"{NOTE_MARK}\n[RNX101] uji", "renaksi_xl")
    results = book.create_sheet(RESULT_SHEET)
    results.append(["Hasil Validasi Renaksi"])
    results.append(["1 galat"])
    results.append([])
    results.append(["No", "Tingkat", "Kode", "Lokasi", "Butir", "Pesan"])
    state = book.create_sheet(STATE_SHEET)
    state.sheet_state = "veryHidden"
    state.append(["lembar", "sel", "isi_asli"])
    state.append(["Kegiatan", "E19", json.dumps(original)])
    state.append(["Kegiatan", "D19", json.dumps(remembered)])
    cached = formula_results(workbook, book)
    marked = tmp_path / "lama.xlsx"
    save_with_cached_values(book, marked, [cached.get(ws.title, {}) for ws in book.worksheets])
    cleared = tmp_path / "bersih.xlsx"
    assert clear_marks(marked, cleared) == 2
    assert cell_state(cleared) == cell_state(workbook)
    assert load_workbook(cleared).sheetnames == load_workbook(workbook).sheetnames


def test_marks_the_ribbon_made_are_cleared(workbook: Path, tmp_path: Path) -> None:
    """The ribbon (renaksi_xl.excel.tombol) remembers fills as colours and which notes it added;
    bersihkan puts the fills back and removes only its notes."""
    from openpyxl.styles import PatternFill as Fill

    book = load_workbook(workbook)
    sheet = book["Kegiatan"]
    sheet["C9"].fill = Fill("solid", fgColor=COLORS[Severity.ERROR])
    sheet["D19"].fill = Fill("solid", fgColor=COLORS[Severity.WARNING])
    sheet["D19"].comment = Comment(f"{NOTE_MARK}\n[RNX101] uji", "renaksi_xl")
    results = book.create_sheet(RESULT_SHEET)
    for row in (["Hasil Validasi Renaksi"], ["1 galat"], [], list(RESULT_HEADER)):
        results.append(row)
    state = book.create_sheet(STATE_SHEET)
    state.sheet_state = "hidden"
    rows: list[list[str | None]] = [
        ["lembar", "sel", "tanda", "warna_asli"],
        ["Kegiatan", "C9", "warna", "#C6EFCE"],
        ["Kegiatan", "D19", "catatan", None],
    ]
    for line in rows:
        state.append(line)
    cached = formula_results(workbook, book)
    marked, cleared = tmp_path / "pita.xlsx", tmp_path / "bersih.xlsx"
    save_with_cached_values(book, marked, [cached.get(ws.title, {}) for ws in book.worksheets])
    assert clear_marks(marked, cleared) == 2
    after, before = load_workbook(cleared), load_workbook(workbook)
    assert after.sheetnames == before.sheetnames
    for coordinate in ("C9", "D19"):
        now, was = after["Kegiatan"][coordinate], before["Kegiatan"][coordinate]
        assert (now.fill.patternType or "none") == (was.fill.patternType or "none")
        if was.fill.patternType == "solid":
            assert str(now.fill.fgColor.rgb)[-6:] == str(was.fill.fgColor.rgb)[-6:]
        assert (now.comment.text if now.comment else None) == (
            was.comment.text if was.comment else None
        )


def test_hitung_takes_back_the_capaian_an_earlier_version_wrote(
    workbook: Path, tmp_path: Path
) -> None:
    """A Capaian written before the marker (its title names this tool) is rewritten, not
    doubled; after Excel turned its texts into shared strings too."""
    from ooxml_judge import assert_excel_opens

    once, earlier, twice = (tmp_path / f"{n}.xlsx" for n in ("1", "lama", "2"))
    recalculate(workbook, once)
    parts = zip_parts(once)
    parts["xl/workbook.xml"] = re.sub(
        rb"<definedName [^>]*_RenaksiXL_Lembar[^>]*>[^<]*</definedName>",
        b"",
        parts["xl/workbook.xml"],
    )
    write_parts(earlier, parts)
    book = load_workbook(earlier)  # saved again by a program that shares strings
    sheet = book["Capaian"]  # with the title and header that versions before the marker wrote
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    sheet["A1"], sheet["A3"], sheet["B3"] = TITLE, "Program", "Anggaran (Rp)"
    cached = formula_results(earlier, book)
    save_with_cached_values(book, earlier, [cached.get(ws.title, {}) for ws in book.worksheets])
    assert b"_RenaksiXL_Lembar" not in zip_parts(earlier)["xl/workbook.xml"]
    recalculate(earlier, twice)
    assert load_workbook(twice).sheetnames == load_workbook(once).sheetnames
    assert b"_RenaksiXL_Lembar" in zip_parts(twice)["xl/workbook.xml"]
    assert_excel_opens(twice)
