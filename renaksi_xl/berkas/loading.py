"""``load(path)``: any supported Renaksi source → model, with clear errors for the rest."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from renaksi_xl.berkas.files import read_text_file
from renaksi_xl.berkas.grid import rows_from_text
from renaksi_xl.berkas.guard import check_file, naming
from renaksi_xl.berkas.legacy import check_sheets, parse_sheets, read_sheets
from renaksi_xl.berkas.limits import MAX_COLUMNS, MAX_ROWS, LimitError
from renaksi_xl.berkas.reader import (
    TEMPLATE_SHEETS,
    read_number_formats,
    read_workbook_rows,
    rows_from_values,
    template_grids,
    template_sheet_values,
    workbook_values,
)
from renaksi_xl.berkas.recognise import TableMap
from renaksi_xl.core.model import Renaksi
from renaksi_xl.errors import LayoutError, UnreadableFileError

TEXT_SUFFIXES = {".txt", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
SAMPLE_NAME = "renaksi-kecamatan-sidayu-2020.txt"
CURRENT_SAMPLE_NAME = "renaksi-kecamatan-sukamaju-2027.txt"
"""Today's shape (Permendagri 90/2019: sub kegiatan, pagu, K and Rp per quarter)."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def sample_path(name: str = SAMPLE_NAME) -> Path:
    """A reference document shipped with the package: Kecamatan Sidayu 2020 (the old
    shape), or with ``CURRENT_SAMPLE_NAME`` Kecamatan Sukamaju 2027 (today's shape)."""
    from importlib import resources  # only here: it imports tempfile, shutil and random

    return Path(str(resources.files("renaksi_xl") / "data" / name))


def load(path: str | Path) -> Renaksi:
    """Read a Renaksi from an old-layout text export (``.txt``/``.tsv``) or workbook
    (``.xlsx``/``.xlsm``). Raises :class:`~renaksi_xl.errors.RenaksiError` when it cannot."""
    return load_mapped(path)[0]


def load_mapped(path: str | Path) -> tuple[Renaksi, tuple[TableMap, ...]]:
    """:func:`load`, with the column map of every table read (``impor --peta``)."""
    path = Path(path)
    with naming(path):
        return _load(path)


def load_template(path: str | Path) -> tuple[Renaksi, dict[str, Sequence[Sequence[object]]]]:
    """A workbook written by this tool: its model and its table sheets' values (from A1,
    "" for blank, formulas' cached results), read once. Raises
    :class:`~renaksi_xl.errors.RenaksiError` for any other file."""
    path = Path(path)
    with naming(path):
        if not _is_workbook(path, check_file(path)):
            raise UnreadableFileError("bukan buku kerja Excel (.xlsx atau .xlsm)", file=path)
        grids = template_grids(path)
        if grids is None:
            raise LayoutError(
                "bukan buku kerja templat Renaksi: harus ada lembar "
                f"{', '.join(TEMPLATE_SHEETS[:-1])} dan {TEMPLATE_SHEETS[-1]} "
                "(buat templat dengan 'renaksi impor' atau 'renaksi template')",
                file=path,
            )
        sheets = {name: rows_from_values(name, values) for name, values in grids.items()}
        read_number_formats(path, sheets)  # numfmt: 18% typed in Excel is stored as 0.18
        return parse_sheets(list(sheets.values()), sumber=path.name), grids


def _is_workbook(path: Path, head: bytes) -> bool:
    """Whether ``path`` is to be read as a workbook; refuses the ones that cannot be."""
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            "format Excel 97-2003 (.xls) atau buku kerja berkata sandi tidak dapat dibaca; "
            "buka di Excel, hapus kata sandinya bila ada, lalu simpan sebagai .xlsx",
            file=path,
        )
    if suffix == ".ods":
        raise UnreadableFileError(
            "format OpenDocument (.ods) tidak dapat dibaca; buka di LibreOffice atau Excel lalu "
            "simpan sebagai .xlsx",
            file=path,
        )
    if suffix not in WORKBOOK_SUFFIXES:
        return False
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableFileError(
            "bukan buku kerja Excel (.xlsx) yang sah; berkas rusak atau bukan Excel", file=path
        )
    return True


def _load(path: Path) -> tuple[Renaksi, tuple[TableMap, ...]]:
    head = check_file(path)
    suffix = path.suffix.lower()
    if _is_workbook(path, head):
        sheets = template_sheet_values(path)
        if sheets is None:
            # what is not a plan is refused from the values alone, before the slow full read
            check_sheets(list(workbook_values(path).values()))
            sheets = read_workbook_rows(path)
        return read_sheets(list(sheets.values()), sumber=path.name)
    if suffix in TEXT_SUFFIXES:
        return read_sheets([rows_from_text(_read_text(path))], sumber=path.name)
    raise UnreadableFileError(
        f"jenis berkas '{suffix or '(tanpa akhiran)'}' tidak didukung; "
        "gunakan .xlsx, .xlsm, .txt atau .tsv",
        file=path,
    )


def _read_text(path: Path) -> str:
    """The text of an old-layout export, refused before it is split into cells when it has
    more lines or columns than a sheet may (:data:`MAX_ROWS`, :data:`MAX_COLUMNS`)."""
    text = read_text_file(path)
    if not text.strip():
        raise UnreadableFileError("berkas kosong (hanya berisi spasi)", file=path)
    lines = text.count("\n") + 1
    if lines > MAX_ROWS:
        raise LimitError(
            f"berkas teks terlalu panjang untuk sebuah Renaksi ({lines} baris; paling banyak "
            f"{MAX_ROWS})",
            file=path,
        )
    if text.count("\t") >= MAX_COLUMNS:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.count("\t") >= MAX_COLUMNS:
                raise LimitError(
                    f"baris {number} berisi {line.count(chr(9)) + 1} kolom (paling banyak "
                    f"{MAX_COLUMNS})",
                    file=path,
                )
    return text
