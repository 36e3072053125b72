"""What the tool's outputs look like on paper: each is printed through LibreOffice to PDF,
and the page count, the paper and that no text is cut are checked (``pdfinfo``,
``pdftotext``)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from lo_heights import cut_rows
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook

from renaksi_xl import Renaksi
from renaksi_xl.berkas import rekap
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.templates import SAMPLE_REQUEST
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.capaian import CAPAIAN_SHEET, capaian_rows
from renaksi_xl.core.compute import recompute
from renaksi_xl.core.model import Text
from renaksi_xl.core.sifat import with_inferred_sifat

A4_PORTRAIT = (595, 842)
A4_LANDSCAPE = (842, 595)


def pdf_pages(pdf: Path) -> list[str]:
    """The text of every page (``pdftotext``, one call for the document)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    """Every page's size in points, rounded."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


def missing_words(cells: Iterable[object], pages: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Words of the cells' text that print fewer times than the cells hold them: a cut cell
    loses the words of its hidden lines or its right end."""
    printed = Counter(word for page in pages for word in page.split())
    wanted = Counter(word for value in cells if isinstance(value, str) for word in value.split())
    return {word: (n, printed[word]) for word, n in wanted.items() if printed[word] < n}


@pytest.fixture(scope="module")
def recalculated(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("capaian")
    written = write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx")
    target = folder / "sidayu-dihitung.xlsx"
    recalculate(written, target)
    return target


def test_capaian_of_the_reference_prints_on_three_a4_pages(
    recalculated: Path, tmp_path: Path
) -> None:
    (pdf,) = convert([recalculated], tmp_path, "pdf")
    pages = pdf_pages(pdf)
    # the indicator table's header repeats on each of the sheet's pages, and only there
    capaian = [n for n, text in enumerate(pages) if "Kumulatif" in text and "Lokasi" in text]
    assert capaian == list(range(len(pages) - 3, len(pages)))  # the last sheet, 3 pages
    assert all(page_sizes(pdf)[n] == A4_PORTRAIT for n in capaian)
    rows, _ = capaian_rows(recompute(_load(recalculated)))
    text = [pages[n] for n in capaian]
    assert missing_words((v for r in rows for v in r), text) == {}
    assert "Jumlah komulatif" in text[0] and "1.021.600.000" in text[0]
    assert "28,12" in text[0]  # a program's share, as Indonesian Excel shows 0.00
    assert not any("###" in page for page in text)  # no number too wide for its column


def test_capaian_sheet_print_setup(recalculated: Path) -> None:
    assert_excel_opens(recalculated)
    sheet = load_workbook(recalculated)[CAPAIAN_SHEET]
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation) == (9, "portrait")
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage
    assert sheet.freeze_panes == "A4"
    assert sheet.print_title_rows == "$15:$15"
    assert "A4:C4" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["D4"].number_format == "#,##0" and sheet["E4"].number_format == "0.00"
    assert sheet["F17"].number_format == "0.00" and sheet["B16"].alignment.wrap_text
    # a long name gets the lines it needs
    long_row = next(r for r in range(16, 160) if len(str(sheet[f"B{r}"].value or "")) > 80)
    assert sheet.row_dimensions[long_row].height == 30


def _load(path: Path) -> Renaksi:
    from renaksi_xl import load

    return load(path)


def test_capaian_prints_on_the_paper_the_renaksi_was_made_for(
    reference: Renaksi, tmp_path: Path
) -> None:
    folio = write_workbook(with_inferred_sifat(reference), tmp_path / "f4.xlsx", paper="F4")
    recalculate(folio, tmp_path / "f4-dihitung.xlsx")
    sheet = load_workbook(tmp_path / "f4-dihitung.xlsx")[CAPAIAN_SHEET]
    assert sheet.page_setup.paperSize == 14  # F4 (folio), as the Kegiatan sheet


def test_recalculating_again_keeps_one_print_title(recalculated: Path, tmp_path: Path) -> None:
    import zipfile

    again = tmp_path / "lagi.xlsx"
    recalculate(recalculated, again)
    with zipfile.ZipFile(again) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    titles = re.findall(r'<definedName name="_xlnm.Print_Titles"[^>]*>[^<]*', workbook)
    assert (
        titles.count('<definedName name="_xlnm.Print_Titles" localSheetId="5">\'Capaian\'!$15:$15')
        == 1
    )
    assert len(titles) == 4  # Sasaran, Program, Kegiatan and Capaian
    assert_excel_opens(again)


TEN_OPD = (
    ("Kecamatan Sidayu", 2020),
    ("Kecamatan Sidayu", 2021),  # two years of one OPD must stay apart in the charts
    ("Dinas Kependudukan dan Pencatatan Sipil", 2021),
    ("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", 2021),
    ("Dinas Pekerjaan Umum dan Tata Ruang", 2021),
    ("Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", 2021),
    ("Kecamatan Ujungpangkah", 2021),
    ("Satuan Polisi Pamong Praja", 2021),
    ("Dinas Komunikasi dan Informatika", 2021),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", 2021),
)


def _flat(text: str) -> str:
    """Text without spaces and hyphens: a name wrapped over lines (at a space or after a
    hyphen) reads as one."""
    return re.sub(r"[\s-]", "", text)


@pytest.fixture(scope="module")
def ten_opd(reference: Renaksi, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("opd")
    model = with_inferred_sifat(reference)
    sources = []
    for opd, year in TEN_OPD:
        name = f"renaksi-{re.sub(r'[^a-z]+', '-', opd.lower())}-{year}.xlsx"
        opd_model = dataclasses.replace(model, opd=Text(opd), tahun=year)
        sources.append(write_workbook(opd_model, folder / name))
    target = folder / "rekap.xlsx"
    rekap.write_workbook(rekap.consolidate(sources), target)
    return target


def test_rekap_of_ten_opds_prints_the_opd_table_on_one_page(ten_opd: Path, tmp_path: Path) -> None:
    (pdf,) = convert([ten_opd], tmp_path, "pdf")
    pages = pdf_pages(pdf)
    sizes = page_sizes(pdf)
    table = [n for n, text in enumerate(pages) if "Rekap Rencana Aksi OPD" in text]
    assert table == [0]  # was 24 portrait pages for 3 OPDs
    assert sizes[0] == A4_LANDSCAPE
    plain = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    for opd, year in TEN_OPD:  # whole names, wrapped but not cut
        assert _flat(opd) in _flat(plain), opd
        assert _flat(f"{re.sub(r'[^a-z]+', '-', opd.lower())}-{year}.xlsx") in _flat(plain)
    assert "1.021.600.000" in pages[0] and "Anggaran (Rp)" in pages[0]
    assert not any("###" in page for page in pages)
    matrix = next(n for n, text in enumerate(pages) if "Anggaran per program (Rp)" in text)
    assert sizes[matrix] == A4_LANDSCAPE
    assert "Pelayanan" in pages[matrix]
    programs = [n for n, text in enumerate(pages) if "Program: " in text]
    assert len(programs) == 9 and all(sizes[n] == A4_PORTRAIT for n in programs)
    charts = [n for n, text in enumerate(pages) if "Grafik rekap Renaksi" in text]
    assert charts == [2, 3]  # the table and the budget bars, then the quarters' lines
    assert len(pages) == 1 + 1 + 2 + 9  # rekap, program matrix, charts, a page per program


def test_rekap_sheets_are_ready_for_print_and_filter(ten_opd: Path) -> None:
    assert_excel_opens(ten_opd)
    book = load_workbook(ten_opd)
    sheet = book["Rekap"]
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == "A1:K11"
    assert [c.value for c in sheet[1]][:4] == ["OPD", "Tahun", "Berkas", "Anggaran (Rp)"]
    assert sheet["G1"].value == "Status"
    assert sheet["D2"].number_format == "#,##0" and sheet["H2"].number_format == "0.00"
    assert not any(str(c.value).startswith("Program:") for c in sheet[1])
    matrix = book["Anggaran Program"]
    assert matrix["C1"].value == "Pelayanan Administrasi Perkantoran"
    assert matrix["C2"].number_format == "#,##0" and matrix.freeze_panes == "C2"
    names = book.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 and n == n.strip() for n in names)
    assert "Pelayanan Administrasi…" in names
    program = book["Pelayanan Administrasi…"]
    assert program["A1"].value == "Program: Pelayanan Administrasi Perkantoran"
    assert program["C3"].value == "Anggaran (Rp)" and program["C4"].number_format == "#,##0"
    assert program["D4"].number_format == "0.00" and program.print_title_rows == "$1:$3"
    for ws in book.worksheets:
        assert not any(c.value == "" for row in ws.iter_rows() for c in row), ws.title


def test_rekap_charts_name_the_opd_and_year(ten_opd: Path) -> None:
    book = load_workbook(ten_opd)
    charts = book["Grafik"]
    labels = [charts.cell(row=r, column=1).value for r in range(2, 12)]
    assert labels[:2] == ["Kecamatan Sidayu 2020", "Kecamatan Sidayu 2021"]
    with zipfile.ZipFile(ten_opd) as archive:
        parts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    line = next(p for p in parts if "lineChart>" in p)
    assert "Kecamatan Sidayu 2020" in line and "Kecamatan Sidayu 2021" in line
    assert 'smooth val="1"' not in line and line.count('smooth val="0"') == 10
    bar = next(p for p in parts if "barChart>" in p)
    assert re.search(r"<(c:)?strRef><(c:)?f>'?Grafik'?!\$A\$2:\$A\$11<", bar)


def test_no_row_of_capaian_or_rekap_is_shorter_than_its_text(
    recalculated: Path, ten_opd: Path
) -> None:
    assert cut_rows(recalculated, [CAPAIAN_SHEET]) == {CAPAIAN_SHEET: []}
    sheets = load_workbook(ten_opd, read_only=True).sheetnames
    assert cut_rows(ten_opd, sheets) == {name: [] for name in sheets}


@pytest.fixture(scope="module")
def renaksi_workbooks(
    reference: Renaksi, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("renaksi")
    return {
        "sidayu": write_workbook(with_inferred_sifat(reference), folder / "sidayu.xlsx"),
        "kosong": write_workbook(SAMPLE_REQUEST.model(), folder / "kosong.xlsx"),
    }


def test_renaksi_prints_from_the_sasaran_sheet_as_page_one(
    renaksi_workbooks: dict[str, Path], tmp_path: Path
) -> None:
    pdfs = convert(list(renaksi_workbooks.values()), tmp_path, "pdf")
    for pdf, total in zip(pdfs, (7, 5), strict=True):  # Sasaran 1, Program 1, Kegiatan 5 or 3
        pages = pdf_pages(pdf)
        assert len(pages) == total
        assert "A. SASARAN STRATEGIS" in pages[0] and f"Halaman 1 dari {total}" in pages[0]
        assert not any("PETUNJUK PENGISIAN" in page for page in pages)


def test_petunjuk_fits_a_portrait_page_and_stays_out_of_the_print(
    renaksi_workbooks: dict[str, Path],
) -> None:
    for path in renaksi_workbooks.values():
        sheet = load_workbook(path)["Petunjuk"]
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation, setup.fitToWidth) == (9, "portrait", 1)
        assert sheet.column_dimensions["A"].width == 95  # ~ the page's width at 100%
        assert sheet.print_area == "'Petunjuk'!$C$1"  # an empty cell: nothing printed


def test_no_row_of_the_renaksi_is_shorter_than_its_text(
    renaksi_workbooks: dict[str, Path],
) -> None:
    """Among them the three-line program headers (``KOORDINASI PENYELENGGARAAN
    PEMERINTAHAN UMUM DAN PELAYANAN PUBLIK``), which were cut at two lines."""
    sheets = ["Petunjuk", "Sasaran", "Program", "Kegiatan"]
    sidayu = renaksi_workbooks["sidayu"]
    kegiatan = load_workbook(sidayu)["Kegiatan"]
    header = next(
        r
        for r in range(8, 140)
        if str(kegiatan[f"C{r}"].value).startswith("KOORDINASI PENYELENGGARAAN")
    )
    assert kegiatan.row_dimensions[header].height >= 12.5 * 3 + 3  # three lines or more
    for path in renaksi_workbooks.values():
        assert cut_rows(path, sheets) == {name: [] for name in sheets}


def test_rekap_keeps_odd_rows_as_text_and_blanks(tmp_path: Path) -> None:
    """A name that looks like a formula stays text; a missing value is a blank; a column
    the consolidation adds (a status) is written like the others."""
    row = {
        "OPD": '=HYPERLINK("http://contoh")',
        "Tahun": None,
        "Berkas": "a.xlsx",
        "Anggaran (Rp)": None,
        "Status": "belum diisi",
        **{f"Progres TW {q} (%)": None for q in ("I", "II", "III", "IV")},
    }
    target = tmp_path / "rekap.xlsx"
    rekap.write_workbook(rekap.Consolidation(opd=[row]), target)
    empty = tmp_path / "kosong.xlsx"
    rekap.write_workbook(rekap.Consolidation(), empty)
    assert_excel_opens(target, empty)
    book = load_workbook(target)
    sheet = book["Rekap"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["B2"].value is None and sheet["E1"].value == "Status"
    assert book["Grafik"]["A2"].value == '=HYPERLINK("http://contoh")'  # no year to add
    assert load_workbook(empty).sheetnames == ["Rekap"]


def test_print_titles_on_a_workbook_without_names(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from renaksi_xl.berkas.xlsxpatch import Package, PageSetup, worksheet_xml

    source, target = tmp_path / "polos.xlsx", tmp_path / "hasil.xlsx"
    book = Workbook()
    assert book.active is not None
    book.active.title = "Data"
    book.save(source)
    with Package(source) as package:
        xml = worksheet_xml(
            [["judul"], ["a", "b"]], lambda *_: None, [], [10, 10], page=PageSetup()
        )
        package.put_sheet("Bu'Ani", xml)
        package.set_print_titles("Bu'Ani", 2, 2)
        package.set_print_titles("Bu'Ani", 1, 2)  # replaces, does not add
        package.save(target)
    assert_excel_opens(target)
    sheet = load_workbook(target)["Bu'Ani"]
    assert sheet.print_title_rows == "$1:$2"
    with zipfile.ZipFile(target) as archive:
        assert archive.read("xl/workbook.xml").decode().count("_xlnm.Print_Titles") == 1
