"""Regenerate the sample workbooks in this folder and the README's picture of a printed page.

python workbooks/generate.py            # the two workbooks
python workbooks/generate.py --gambar   # also the pictures in docs/ (LibreOffice)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from renaksi_xl import load, sample_path
from renaksi_xl.berkas import rekap
from renaksi_xl.berkas.flags import mark_workbook
from renaksi_xl.berkas.hitung import recalculate
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.templates import SAMPLE_REQUEST
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.marks import RESULT_SHEET
from renaksi_xl.core.model import Text
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.core.validate import validate
from renaksi_xl.excel.addin import build

HERE = Path(__file__).resolve().parent
BLANK = HERE / "templat-kosong-kecamatan-sidayu-2021.xlsx"
IMPORTED = HERE / "renaksi-kecamatan-sidayu-2020.xlsx"
PICTURE = HERE.parent / "docs" / "kegiatan-halaman-1.png"


def generate(folder: Path = HERE) -> tuple[Path, Path]:
    """Write the blank template and the imported reference document into ``folder``."""
    blank = write_workbook(SAMPLE_REQUEST.model(), folder / BLANK.name)
    imported = write_workbook(with_inferred_sifat(load(sample_path())), folder / IMPORTED.name)
    return blank, imported


def render_first_page(workbook: Path, picture: Path, sheet: str = "Kegiatan") -> Path:
    """A sheet's first printed page as a PNG (LibreOffice + pdftoppm)."""
    with tempfile.TemporaryDirectory() as folder:
        only = Path(folder) / "lembar.xlsx"
        book = load_workbook(workbook)
        for name in book.sheetnames:
            if name != sheet:
                del book[name]
        book.save(only)
        (pdf,) = convert([only], Path(folder) / "pdf", "pdf")
        stem = Path(folder) / "halaman"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        picture.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(f"{stem}.png", picture)
    return picture


# a head office's folder: the reference document under the names of other OPDs
REKAP_OPD = (
    ("Kecamatan Sidayu", 2020),
    ("Kecamatan Sidayu", 2021),
    ("Kecamatan Bungah", 2021),
    ("Dinas Kependudukan dan Pencatatan Sipil", 2021),
    ("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", 2021),
    ("Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", 2021),
)


def render_pages(workbook: Path, stem: Path, first: int, last: int) -> list[Path]:
    """Pages ``first``–``last`` of the whole workbook as printed, as small PNGs
    (``STEM-N.png``)."""
    with tempfile.TemporaryDirectory() as folder:
        (pdf,) = convert([workbook], Path(folder), "pdf")
        pages = ["-f", str(first), "-l", str(last)]
        output = str(Path(folder) / "halaman")
        subprocess.run(["pdftoppm", "-png", "-r", "60", *pages, str(pdf), output], check=True)
        pictures = []
        for number, page in enumerate(sorted(Path(folder).glob("halaman-*.png")), start=1):
            target = stem.with_name(f"{stem.name}-{number}.png")
            shutil.move(page, target)
            pictures.append(target)
    return pictures


def render_outputs(imported: Path, docs: Path) -> list[Path]:
    """The Capaian sheet of the reference after ``renaksi hitung``, and the Rekap and Grafik
    sheets of a head office's rekap, as printed."""
    import dataclasses

    from openpyxl import load_workbook

    pictures = []
    with tempfile.TemporaryDirectory() as folder:
        computed = Path(folder) / "dihitung.xlsx"
        recalculate(imported, computed)
        renaksi_pages = 7  # Sasaran, Program, Kegiatan: the Capaian sheet follows
        pictures += render_pages(computed, docs / "capaian", renaksi_pages + 1, renaksi_pages + 1)
        model = with_inferred_sifat(load(sample_path()))
        sources = [
            write_workbook(
                dataclasses.replace(model, opd=Text(opd), tahun=year),
                Path(folder) / f"{opd.lower().replace(' ', '-').replace(',', '')}-{year}.xlsx",
            )
            for opd, year in REKAP_OPD
        ]
        book = Path(folder) / "rekap.xlsx"
        rekap.write_workbook(rekap.consolidate(sources), book)
        assert load_workbook(book, read_only=True).sheetnames[:3] == [
            rekap.REKAP_SHEET,
            rekap.PROGRAM_SHEET,
            rekap.CHART_SHEET,
        ]
        pictures += render_pages(book, docs / "rekap", 1, 3)
    return pictures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gambar", action="store_true", help="juga buat gambar halaman cetak")
    args = parser.parse_args()
    blank, imported = generate()
    addin = build(HERE / "renaksi.xlam", vba=HERE.parent / "vba")
    print(f"ditulis: {blank}\nditulis: {imported}\nditulis: {addin}")
    if args.gambar:
        print(f"ditulis: {render_first_page(imported, PICTURE)}")
        with tempfile.TemporaryDirectory() as folder:
            marked = Path(folder) / "ditandai.xlsx"
            mark_workbook(imported, validate(load(imported)), marked)
            docs = PICTURE.parent
            print(f"ditulis: {render_first_page(marked, docs / 'validasi-kegiatan.png')}")
            print(
                f"ditulis: {render_first_page(marked, docs / 'hasil-validasi.png', RESULT_SHEET)}"
            )
        for picture in render_outputs(imported, PICTURE.parent):
            print(f"ditulis: {picture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
