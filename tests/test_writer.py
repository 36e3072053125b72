"""The structured workbook: what the writer writes, and reading it back."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from strategies import realistic_renaksis

from renaksi_xl import Renaksi, load
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import KEGIATAN, LAYOUT_PROPERTY, SHEET_DAFTAR, SHEET_PETUNJUK
from renaksi_xl.core.model import Kegiatan, Program, Source, Text, comparable
from renaksi_xl.core.quantity import budget_value
from renaksi_xl.core.sifat import with_inferred_sifat


def without_stated_totals(renaksi: Renaksi) -> Renaksi:
    """The workbook states subtotals and the grand total by formula; everything else must
    come back as it was written."""
    programs = tuple(dataclasses.replace(p, subtotal_tertulis=None) for p in renaksi.program)
    # a signer's missing value is written as a labelled placeholder and read back as an
    # empty value at that cell
    signer = renaksi.penandatangan
    empty = {
        f.name: None
        for f in dataclasses.fields(signer)
        if (value := getattr(signer, f.name)) is not None and not value.value.strip()
    }
    return dataclasses.replace(
        renaksi,
        program=programs,
        total_tertulis=None,
        penandatangan=dataclasses.replace(signer, **empty),
    )


def kegiatan_sum(program: Program) -> Decimal:
    return sum((budget_value(k.anggaran) or Decimal(0) for k in program.kegiatan), Decimal(0))


def assert_round_trip(original: Renaksi, path: Path) -> Renaksi:
    write_workbook(original, path)
    back = load(path)
    assert comparable(without_stated_totals(back)) == comparable(without_stated_totals(original))
    for program in back.program:
        if program.kegiatan:
            assert program.subtotal_tertulis is not None
            assert program.subtotal_tertulis.value == kegiatan_sum(program)
    assert back.total_tertulis is not None
    assert back.total_tertulis.value == sum((kegiatan_sum(p) for p in back.program), Decimal(0))
    return back


@pytest.fixture(scope="module")
def imported(reference: Renaksi) -> Renaksi:
    return with_inferred_sifat(reference)


@pytest.fixture(scope="module")
def reference_workbook(imported: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ref") / "sidayu-2020.xlsx"
    write_workbook(imported, path)
    return path


def test_reference_document_round_trip(imported: Renaksi, tmp_path: Path) -> None:
    back = assert_round_trip(imported, tmp_path / "sidayu.xlsx")
    assert back.total_tertulis is not None
    assert back.total_tertulis.value == Decimal(1_021_600_000)
    assert back.program[0].subtotal_tertulis is not None
    assert back.program[0].subtotal_tertulis.value == Decimal(287_238_000)
    assert back.penandatangan.nip == Text("19671020 1988031 1 009", Source("Kegiatan", "K146"))


def test_read_back_values_point_at_their_cells(reference_workbook: Path) -> None:
    back = load(reference_workbook)
    first: Kegiatan = back.program[0].kegiatan[0]
    assert first.source == Source(sheet="Kegiatan", cell="C9")
    assert first.anggaran.source == Source(sheet="Kegiatan", cell="O9")
    assert first.aksi[1].indikator.target.tahunan.source == Source(sheet="Kegiatan", cell="H11")
    sheet = load_workbook(reference_workbook)["Kegiatan"]
    assert sheet["C9"].value == "Penyediaan barang cetakan dan penggandaan"
    assert sheet["H11"].value == 1360
    assert [sheet[f"{c}11"].value for c in "KLMN"] == [316, 514, 266, 264]
    assert sheet["I11"].value == "bh"
    assert sheet["J11"].value == "per triwulan"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(realistic_renaksis())
def test_any_realistic_document_round_trips(renaksi: Renaksi) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        assert_round_trip(renaksi, Path(folder) / "renaksi.xlsx")


def test_compound_and_noted_targets_stay_text(reference_workbook: Path) -> None:
    sheet = load_workbook(reference_workbook)["Kegiatan"]
    values = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert "25 Peserta/122 Kali" in values
    assert "6 Org ( 3 bln )" in values
    assert "21 kali" in values  # an aksi target that sat in the budget column, kept where it was


def test_workbook_structure(reference_workbook: Path) -> None:
    book = load_workbook(reference_workbook)
    assert book.sheetnames == [SHEET_PETUNJUK, "Sasaran", "Program", "Kegiatan", SHEET_DAFTAR]
    assert book[SHEET_DAFTAR].sheet_state == "hidden"
    kegiatan = book["Kegiatan"]
    assert kegiatan.freeze_panes == "D8"
    assert kegiatan.print_title_rows == "$5:$7"
    assert kegiatan.page_setup.orientation == "landscape"
    assert kegiatan.page_setup.fitToWidth == 1
    assert kegiatan.sheet_properties.pageSetUpPr is not None
    assert kegiatan.sheet_properties.pageSetUpPr.fitToPage
    budget = KEGIATAN.letter("anggaran")
    assert kegiatan[f"{budget}8"].value == '=IF(C8="","",SUMIFS(O9:O23,C9:C23,"<>"))'
    assert kegiatan[f"{budget}8"].number_format == "#,##0"
    total_row = next(r for r in range(8, 200) if kegiatan[f"C{r}"].value == "Jumlah komulatif")
    assert kegiatan[f"{budget}{total_row}"].value.startswith("=SUM(O8,O24,")
    prompts = {v.promptTitle for v in kegiatan.data_validations.dataValidation}
    assert prompts == {
        "Sifat target",
        "Satuan",
        "Target triwulan",
        "Target tahunan",
        "Anggaran (Rp)",
    }
    assert all(v.error for v in kegiatan.data_validations.dataValidation)
    rules = [r for cf in kegiatan.conditional_formatting for r in cf.rules]
    assert rules and rules[0].formula == ['$P8="TIDAK SESUAI"']
    custom = {p.name: p.value for p in book.custom_doc_props}  # type: ignore[attr-defined]
    assert custom == {"OPD": "Kecamatan Sidayu", "Tahun": 2020, LAYOUT_PROPERTY: 1}
    assert book.properties.title == "Rencana Aksi Perjanjian Kinerja Kecamatan Sidayu 2020"


def test_dropdowns_take_their_choices_through_workbook_names(reference_workbook: Path) -> None:
    """Excel keeps a list drawn straight from another sheet in a sheet-XML extension that
    openpyxl drops; through a name it stays where every reader finds it."""
    from openpyxl.utils.cell import range_boundaries

    from renaksi_xl.berkas.writer import SATUAN_CHOICES, SIFAT_CHOICES

    book = load_workbook(reference_workbook)
    lists = {
        v.formula1 for v in book["Kegiatan"].data_validations.dataValidation if v.type == "list"
    }
    assert lists == {"DAFTAR_SIFAT", "DAFTAR_SATUAN"}
    for name, choices in (("DAFTAR_SIFAT", SIFAT_CHOICES), ("DAFTAR_SATUAN", SATUAN_CHOICES)):
        sheet, cells = book.defined_names[name].attr_text.split("!")
        left, top, right, bottom = range_boundaries(cells.replace("$", ""))
        values = [
            row[0].value
            for row in book[sheet].iter_rows(
                min_row=top, max_row=bottom, min_col=left, max_col=right
            )
        ]
        assert tuple(values) == choices


def test_formula_looking_text_is_kept_as_text(imported: Renaksi, tmp_path: Path) -> None:
    evil = "=cmd|' /C calc'!A0"
    first = imported.program[0].kegiatan[0]
    changed = dataclasses.replace(first, nama=Text(evil))
    program = dataclasses.replace(imported.program[0], kegiatan=(changed,))
    renaksi = dataclasses.replace(imported, program=(program,))
    path = write_workbook(renaksi, tmp_path / "evil.xlsx")
    cell = load_workbook(path)["Kegiatan"]["C9"]
    assert (cell.value, cell.data_type) == (evil, "s")
    assert load(path).program[0].kegiatan[0].nama.value == evil


def test_blank_template_reads_back_empty(tmp_path: Path) -> None:
    model = Renaksi(opd=Text("Kecamatan Bungah"), tahun=2021)
    path = write_workbook(model, tmp_path / "kosong.xlsx")
    back = load(path)
    assert back.opd is not None and back.opd.value == "Kecamatan Bungah"
    assert back.tahun == 2021
    assert (back.sasaran, back.program, back.tak_dikenal) == ((), (), ())
    book = load_workbook(path)
    assert book.active is not None and book.active.title == SHEET_PETUNJUK
    kegiatan = book["Kegiatan"]
    assert kegiatan["P9"].value.startswith("=IF(COUNTA(")
    validated = {str(v.sqref) for v in kegiatan.data_validations.dataValidation}
    assert "O8:O127" in validated


def test_quick_style_setting_gives_what_openpyxl_gives() -> None:
    from openpyxl import Workbook

    from renaksi_xl.berkas.writer import STYLES, _set_style

    book = Workbook()
    for style in STYLES:
        book.add_named_style(style)
    sheet = book.active
    assert sheet is not None
    for row, style in enumerate(STYLES, start=1):
        ours, theirs = sheet.cell(row=row, column=1), sheet.cell(row=row, column=2)
        _set_style(ours, style.name)
        theirs.style = style.name
        assert ours.style == theirs.style == style.name
        # the whole cell format: font, fill, border, alignment, number format, protection
        assert list(ours._style) == list(theirs._style)  # type: ignore[union-attr]


def test_a_section_goes_to_the_program_named_exactly_not_to_an_earlier_one_alike(
    reference: Renaksi, tmp_path: Path
) -> None:
    # found by hypothesis: program 2 (without kegiatan) took program 3's section, whose
    # header is like its name too, because it was matched first
    alike, named = (
        dataclasses.replace(
            program,
            nama=Text(f"Program Pelayanan Administrasi Kantor {number}"),
            judul_kegiatan=judul,
            kegiatan=kegiatan,
        )
        for number, program, judul, kegiatan in (
            (2, reference.program[0], None, ()),
            (
                3,
                reference.program[1],
                Text("PROGRAM PELAYANAN ADMINISTRASI KANTOR 3"),
                reference.program[1].kegiatan,
            ),
        )
    )
    document = dataclasses.replace(reference, program=(alike, named))
    back = load(write_workbook(document, tmp_path / "mirip.xlsx"))
    assert [(p.nama.value, len(p.kegiatan)) for p in back.program] == [
        ("Program Pelayanan Administrasi Kantor 2", 0),
        ("Program Pelayanan Administrasi Kantor 3", len(reference.program[1].kegiatan)),
    ]
