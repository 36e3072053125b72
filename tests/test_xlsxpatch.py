"""``renaksi hitung`` changes workbooks through their XML parts: what Excel and LibreOffice
write (shared formulas, a calculation chain, shared strings, relative part names) must come
out whole, and nothing but the changed parts may differ."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from python_calamine import CalamineWorkbook
from test_libreoffice import assert_formulas_match

from renaksi_xl import Renaksi
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.berkas.xlsxpatch import SheetXml, cell_xml, formula_cell_xml
from renaksi_xl.core.capaian import CAPAIAN_SHEET
from renaksi_xl.core.formulas import check_formula_for
from renaksi_xl.core.layout import KEGIATAN
from renaksi_xl.core.sifat import with_inferred_sifat

KEGIATAN_PART = "xl/worksheets/sheet4.xml"
REFERENCE_FORMULAS = 131 + 9 + 1


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path: Path, edits: dict[str, Callable[[str], str]], added: dict[str, str]) -> None:
    """Edit parts of a package the way another program would have written them."""
    content = parts(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            if name in edits:
                data = edits[name](data.decode("utf-8")).encode("utf-8")
            archive.writestr(name, data)
        for name, text in added.items():
            archive.writestr(name, text)


def cell_pattern(coordinate: str) -> re.Pattern[str]:
    return re.compile(rf'<c r="{coordinate}"[^>]*?(?:/>|>.*?</c>)')


@pytest.fixture
def written(reference: Renaksi, tmp_path: Path) -> Path:
    return write_workbook(with_inferred_sifat(reference), tmp_path / "sidayu.xlsx")


@pytest.fixture
def check_rows(written: Path) -> list[int]:
    sheet = load_workbook(written)["Kegiatan"]
    return [
        cell.row
        for cell in sheet["P"]
        if cell.data_type == "f" and cell.value == check_formula_for(KEGIATAN, int(cell.row or 0))
    ]


@pytest.fixture
def saved_by_excel(written: Path, check_rows: list[int]) -> Path:
    """The reference workbook as Excel would save it after a user typed a number over the
    first subtotal and deleted one check cell: CEK formulas copied down stored as one shared
    formula, a calculation chain, the deleted cell gone from the XML."""
    first, last = check_rows[0], check_rows[3]
    assert check_rows[:4] == list(range(first, last + 1))
    removed = check_rows[-1]

    def kegiatan(xml: str) -> str:
        for row in range(first, last + 1):
            match = cell_pattern(f"P{row}").search(xml)
            assert match is not None
            formula = re.compile(r"<f>(.*?)</f>")
            shared = (
                f'<f t="shared" ref="P{first}:P{last}" si="0">\\1</f>'
                if row == first
                else '<f t="shared" si="0"/>'
            )
            xml = xml[: match.start()] + formula.sub(shared, match.group(0)) + xml[match.end() :]
        xml = cell_pattern("O8").sub('<c r="O8" s="13"><v>290000000</v></c>', xml)
        return cell_pattern(f"P{removed}").sub("", xml)

    def relationships(xml: str) -> str:
        return xml.replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
        )

    def content_types(xml: str) -> str:
        return xml.replace(
            "</Types>",
            '<Override PartName="/xl/calcChain.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
        )

    chain = (
        '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<c r="P{first}" i="4"/><c r="P{removed}"/><c r="O8"/></calcChain>'
    )
    rewrite(
        written,
        {
            KEGIATAN_PART: kegiatan,
            "xl/_rels/workbook.xml.rels": relationships,
            "[Content_Types].xml": content_types,
        },
        {"xl/calcChain.xml": chain},
    )
    return written


def test_a_workbook_saved_by_excel_comes_out_whole(
    saved_by_excel: Path, check_rows: list[int], tmp_path: Path
) -> None:
    target = tmp_path / "dihitung.xlsx"
    result = recalculate(saved_by_excel, target)
    assert [(r.sheet, r.cell, r.typed) for r in result.restored] == [
        ("Kegiatan", "O8", 290_000_000)
    ]
    assert result.changed == 2  # O8, and the check cell that was gone
    content = parts(target)
    assert "xl/calcChain.xml" not in content
    assert b"calcChain" not in content["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in content["[Content_Types].xml"]
    assert b't="shared"' not in content[KEGIATAN_PART]
    sheet = load_workbook(target)["Kegiatan"]
    for row in [*check_rows[:4], check_rows[-1]]:
        assert sheet[f"P{row}"].value == check_formula_for(KEGIATAN, row)
    assert sheet["O8"].value.startswith('=IF(C8="","",SUMIFS(O9:O')
    assert_excel_opens(target)
    (engine,) = convert([target], tmp_path / "lo")
    assert assert_formulas_match(target, engine) == REFERENCE_FORMULAS


def test_shared_formulas_are_read_as_each_cell_has_them(
    saved_by_excel: Path, check_rows: list[int]
) -> None:
    sheet = SheetXml(parts(saved_by_excel)[KEGIATAN_PART].decode("utf-8"))
    first = check_rows[0]
    for row in check_rows[:4]:
        assert sheet.formula(f"P{row}") == check_formula_for(KEGIATAN, row)
        expected = Translator(check_formula_for(KEGIATAN, first), f"P{first}")
        assert sheet.formula(f"P{row}") == expected.translate_formula(f"P{row}")
    assert sheet.formula("O8") is None and sheet.formula(f"P{check_rows[-1]}") is None


def test_a_fresh_workbook_keeps_every_sheet_byte_for_byte(written: Path, tmp_path: Path) -> None:
    target = tmp_path / "dihitung.xlsx"
    assert recalculate(written, target).changed == 0
    before, after = parts(written), parts(target)
    differing = {name for name in before if before[name] != after.get(name)}
    assert differing - {"docProps/core.xml"} == {  # its time stamp: same second or not
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
    }
    assert set(after) - set(before) == {"xl/worksheets/sheet6.xml"}
    assert load_workbook(target).sheetnames[-1] == CAPAIAN_SHEET


def test_rerunning_replaces_the_capaian_sheet(written: Path, tmp_path: Path) -> None:
    once, twice, thrice = (tmp_path / f"{n}.xlsx" for n in ("satu", "dua", "tiga"))
    recalculate(written, once)
    recalculate(once, twice)
    recalculate(twice, thrice)
    assert load_workbook(thrice).sheetnames.count(CAPAIAN_SHEET) == 1
    second, third = parts(twice), parts(thrice)
    assert second["xl/styles.xml"] == third["xl/styles.xml"] == parts(once)["xl/styles.xml"]
    assert second["xl/worksheets/sheet6.xml"] == third["xl/worksheets/sheet6.xml"]
    capaian = load_workbook(thrice)[CAPAIAN_SHEET]
    assert capaian["A1"].font.b and capaian["A1"].font.sz == 12
    assert capaian["D4"].number_format == "#,##0" and capaian["E4"].number_format == "0.00"
    link = next(c for c in capaian["D"] if c.hyperlink is not None)
    assert link.hyperlink.location.startswith("'") and link.font.u == "single"


def test_a_workbook_saved_by_libreoffice(written: Path, tmp_path: Path) -> None:
    """Shared strings, relative part names and LibreOffice's own attributes."""
    (saved,) = convert([written], tmp_path / "lo")
    ours, theirs = tmp_path / "dari-kita.xlsx", tmp_path / "dari-lo.xlsx"
    recalculate(written, ours)
    assert recalculate(saved, theirs).restored == ()

    def capaian(path: Path) -> list[list[Any]]:
        book = CalamineWorkbook.from_path(str(path))
        return book.get_sheet_by_name(CAPAIAN_SHEET).to_python()

    assert capaian(theirs) == capaian(ours)
    assert_excel_opens(theirs)
    (engine,) = convert([theirs], tmp_path / "lo-lagi")
    assert assert_formulas_match(theirs, engine) == REFERENCE_FORMULAS


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (  # into a row, between cells
            '<sheetData><row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c></row></sheetData>',
            '<sheetData><row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>A2</f><v>1</v></c>'
            '<c r="C2"><v>3</v></c></row></sheetData>',
        ),
        (  # into an empty row
            '<sheetData><row r="2" ht="20"/></sheetData>',
            '<sheetData><row r="2" ht="20"><c r="B2"><f>A2</f><v>1</v></c></row></sheetData>',
        ),
        (  # a row of its own, between rows
            '<sheetData><row r="1"><c r="A1"/></row><row r="3"><c r="A3"/></row></sheetData>',
            '<sheetData><row r="1"><c r="A1"/></row><row r="2"><c r="B2"><f>A2</f><v>1</v></c>'
            '</row><row r="3"><c r="A3"/></row></sheetData>',
        ),
        (  # into an empty sheet
            "<sheetData/>",
            '<sheetData><row r="2"><c r="B2"><f>A2</f><v>1</v></c></row></sheetData>',
        ),
    ],
)
def test_missing_cells_are_added_in_order(xml: str, expected: str) -> None:
    sheet = SheetXml(f"<worksheet>{xml}</worksheet>")
    sheet.set_formula("B2", "=A2", 1)
    assert sheet.to_xml() == f"<worksheet>{expected}</worksheet>"


def test_text_is_written_as_xml_allows() -> None:
    assert cell_xml("A1", "Rp <1.000> & lebih\x0b\x01") == (
        '<c r="A1" t="inlineStr"><is><t xml:space="preserve">Rp &lt;1.000&gt; &amp; lebih'
        "</t></is></c>"
    )
    assert formula_cell_xml("B2", '=IF(A1="","",1)', "OK", "7") == (
        '<c r="B2" s="7" t="str"><f>IF(A1="","",1)</f><v>OK</v></c>'
    )


def test_marks_survive_hitung_and_are_cleared_after_it(written: Path, tmp_path: Path) -> None:
    """Validasi --tandai, then hitung, then bersihkan: the notes, fills and the tool's sheets
    pass through hitung untouched, and bersihkan still finds and removes them."""
    from renaksi_xl import load
    from renaksi_xl.berkas.flags import clear_marks, mark_workbook
    from renaksi_xl.core.marks import RESULT_SHEET, STATE_SHEET
    from renaksi_xl.core.validate import validate

    marked, counted, cleared = (tmp_path / f"{n}.xlsx" for n in ("tanda", "hitung", "bersih"))
    summary = mark_workbook(written, validate(load(written)), marked)
    assert summary.cells > 0
    recalculate(marked, counted)
    before, after = load_workbook(marked), load_workbook(counted)
    assert after.sheetnames == [*before.sheetnames, CAPAIAN_SHEET]
    assert after[STATE_SHEET].sheet_state == "veryHidden"
    notes = {
        (ws.title, c.coordinate): c.comment.text
        for ws in before.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None
    }
    assert len(notes) == summary.cells
    for (sheet, cell), text in notes.items():
        assert after[sheet][cell].comment.text == text
        assert after[sheet][cell].fill.fgColor.rgb == before[sheet][cell].fill.fgColor.rgb
    assert clear_marks(counted, cleared) == summary.cells
    clean = load_workbook(cleared)
    assert STATE_SHEET not in clean.sheetnames and RESULT_SHEET not in clean.sheetnames
    assert not any(c.comment for ws in clean.worksheets for row in ws.iter_rows() for c in row)


def test_added_sheet_declares_its_prefix_when_the_root_does_not(
    written: Path, tmp_path: Path
) -> None:
    """openpyxl with lxml declares ``xmlns:r`` on each ``<sheet>`` instead of the root; the
    Capaian sheet added by hitung must still be well-formed (Excel refuses an unbound
    prefix)."""
    namespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def per_element(xml: str) -> str:
        xml = xml.replace(f' xmlns:r="{namespace}"', "")
        return xml.replace("<sheet ", f'<sheet xmlns:r="{namespace}" ')

    rewrite(written, {"xl/workbook.xml": per_element}, {})
    assert "xmlns:r" not in parts(written)["xl/workbook.xml"].decode().split("<sheets>")[0]
    target = tmp_path / "dihitung.xlsx"
    recalculate(written, target)
    load_workbook(target)  # lxml-backed openpyxl refused the unbound prefix
    assert_excel_opens(target)
    assert CAPAIAN_SHEET in load_workbook(target, read_only=True).sheetnames
