"""Today's template prints as the 2020 one: landscape A4 or F4 at page width, header rows
on every page, no row cut, the signature block on the last page."""

from __future__ import annotations

from pathlib import Path

import pytest
from lo_heights import cut_rows
from test_libreoffice_sekarang import REFERENCE
from test_print import page_sizes, pdf_pages

from renaksi_xl import load
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat


@pytest.mark.parametrize(("paper", "size"), [("A4", (842, 595)), ("F4", (936, 612))])
def test_current_shape_prints_landscape_at_page_width(
    paper: str, size: tuple[int, int], tmp_path: Path
) -> None:
    model = with_inferred_sifat(load(REFERENCE))
    path = write_workbook(
        model, tmp_path / f"sukamaju-{paper}.xlsx", paper=paper, bentuk="sekarang"
    )
    (pdf,) = convert([path], tmp_path / "pdf", "pdf")
    assert set(page_sizes(pdf)) == {size}
    pages = pdf_pages(pdf)
    kegiatan = pages[2:]  # after the Sasaran and Program pages
    assert len(kegiatan) >= 2 and "C. PROGRAM, KEGIATAN DAN SUB KEGIATAN" in kegiatan[0]
    # every column prints on the page: the right-most printed header is on each page
    assert all("PENANGGUNG" in page and "CEK" in page for page in kegiatan)
    assert "NIP." in pages[-1] and "Jumlah komulatif" in "".join(kegiatan)
    sheets = ["Petunjuk", "Sasaran", "Program", "Kegiatan"]
    assert cut_rows(path, sheets) == {name: [] for name in sheets}
