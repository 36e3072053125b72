"""What the tool's outputs look like on paper: each is printed through LibreOffice to PDF,
and the page count, the paper and that no text is cut are checked (``pdfinfo``,
``pdftotext``)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest
from ooxml_judge import assert_excel_opens
from openpyxl import load_workbook

from renaksi_xl import Renaksi
from renaksi_xl.capaian import CAPAIAN_SHEET, capaian_rows
from renaksi_xl.compute import recompute
from renaksi_xl.hitung import recalculate
from renaksi_xl.libreoffice import convert
from renaksi_xl.sifat import with_inferred_sifat
from renaksi_xl.writer import write_workbook

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
