"""The one way in for reading workbooks: limits checked before any library reads a sheet,
and every library error turned into a :class:`~renaksi_xl.errors.RenaksiError` that names
the file and the part or sheet.

python-calamine allocates a sheet's whole grid up to its farthest cell (one cell at
``XFD1048576`` aborts the process), openpyxl makes an object for every cell of a merged
range and of the range it iterates, and a zip's parts may inflate a thousand times. So,
before either library is asked for anything, :func:`check_workbook` reads the zip directory
(sizes, ratio, encryption), inflates every part once through :mod:`zipfile` (which holds each
part to its declared size and checksum), checks that every XML part is well-formed UTF-8
without a DOCTYPE, and scans every worksheet's cell references — stopping at the first
limit crossed (the limits are in :mod:`renaksi_xl.berkas.limits`, the work on each part in
:mod:`renaksi_xl.berkas.parts`). The result is remembered per file, so a command that reads
a workbook several ways checks it once.
"""

from __future__ import annotations

import contextlib
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renaksi_xl.berkas.limits import (
    MAX_CELLS,
    MAX_FILE_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_UNPACKED_BYTES,
    MIB,
    LimitError,
    SheetExtent,
    format_size,
)
from renaksi_xl.berkas.parts import (
    SheetScanner,
    error_reason,
    inflate_part,
    parse_part,
)
from renaksi_xl.core.model import Source
from renaksi_xl.errors import RenaksiError, UnreadableFileError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

_RATIO_FLOOR = MIB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_WORKSHEET_TYPE = "/worksheet"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"


def check_file(path: Path) -> bytes:
    """The first bytes of ``path`` after checking it exists, is a file, is not empty and is
    not over :data:`MAX_FILE_BYTES`."""
    try:
        if not path.exists():
            raise UnreadableFileError("berkas tidak ditemukan", file=path)
        if not path.is_file():
            raise UnreadableFileError("bukan berkas (mungkin sebuah folder)", file=path)
        size = path.stat().st_size
        if size == 0:
            raise UnreadableFileError("berkas kosong", file=path)
        if size > MAX_FILE_BYTES:
            raise LimitError(
                f"berkas terlalu besar untuk sebuah Renaksi ({format_size(size)}; paling besar "
                f"{MAX_FILE_BYTES // MIB} MB)",
                file=path,
            )
        with path.open("rb") as handle:
            return handle.read(8192)
    except OSError as error:
        raise UnreadableFileError(
            f"berkas tidak dapat dibuka ({error.strerror or error})", file=path
        ) from error


_checked: dict[tuple[str, int, int], dict[str, SheetExtent]] = {}


def check_workbook(path: Path) -> dict[str, SheetExtent]:
    """Check an ``.xlsx``/``.xlsm`` against every limit before a library reads it; returns
    each worksheet's extent by sheet name. Raises :class:`UnreadableFileError` (or
    :class:`LimitError`) naming the file and the part or sheet."""
    head = check_file(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _checked:
        return _checked[key]
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            "format Excel 97-2003 (.xls) atau buku kerja berkata sandi tidak dapat dibaca; "
            "buka di Excel, hapus kata sandinya bila ada, lalu simpan sebagai .xlsx",
            file=path,
        )
    if not head.startswith(_ZIP_MAGIC):
        raise UnreadableFileError(
            "bukan buku kerja Excel (.xlsx) yang sah; berkas rusak atau bukan Excel", file=path
        )
    with reading(path):
        _check_directory_end(path, stat.st_size)
        with zipfile.ZipFile(path) as archive:
            extents = _check_archive(path, archive)
    if len(_checked) > 64:
        _checked.clear()
    _checked[key] = extents
    return extents


def _check_directory_end(path: Path, size: int) -> None:
    """The zip's end record, read before :mod:`zipfile` builds an object per entry."""
    with path.open("rb") as handle:
        handle.seek(max(0, size - 65_557))
        tail = handle.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise UnreadableFileError(
            "bukan buku kerja Excel yang utuh: daftar isi zip tidak ditemukan (berkas terpotong "
            "atau rusak)",
            file=path,
        )
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries > MAX_PARTS and entries != 0xFFFF:
        raise LimitError(
            f"buku kerja berisi terlalu banyak bagian ({entries}; paling banyak {MAX_PARTS})",
            file=path,
        )


def _check_archive(path: Path, archive: zipfile.ZipFile) -> dict[str, SheetExtent]:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise LimitError(
            f"buku kerja berisi terlalu banyak bagian ({len(infos)}; paling banyak {MAX_PARTS})",
            file=path,
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableFileError(
                f"bagian {info.filename} terenkripsi; buka di Excel, hapus kata sandinya, lalu "
                "simpan ulang",
                file=path,
            )
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise LimitError(
                f"bagian {info.filename} terurai menjadi {format_size(info.file_size)} (paling "
                f"besar {MAX_PART_BYTES // MIB} MB)",
                file=path,
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise LimitError(
                f"bagian {info.filename} dimampatkan {info.file_size // max(info.compress_size, 1)}"
                f" kali (paling tinggi {MAX_RATIO} kali): bukan buku kerja biasa",
                file=path,
            )
    if total > MAX_UNPACKED_BYTES:
        raise LimitError(
            f"isi buku kerja terurai menjadi {format_size(total)} (paling besar "
            f"{MAX_UNPACKED_BYTES // MIB} MB)",
            file=path,
        )
    names = {info.filename for info in infos}
    workbook_part = _office_document(archive, names)
    if workbook_part not in names:
        raise UnreadableFileError(
            f"bukan buku kerja Excel: bagian {workbook_part} tidak ada (mungkin berkas "
            "OpenDocument .ods atau dokumen Office lain yang diganti namanya)",
            file=path,
        )
    sheets = _worksheet_parts(archive, names, workbook_part, path)
    budget, strings_budget = [MAX_CELLS], [MAX_CELLS]
    extents: dict[str, SheetExtent] = {}
    for info in infos:
        name = info.filename
        if not name.endswith((".xml", ".rels")):  # VML is not well-formed XML, even Excel's
            inflate_part(archive, info, path)
            continue
        sheet = sheets.get(name)
        scanner = SheetScanner(sheet or name, name, path, budget) if sheet else None
        if name.endswith("sharedStrings.xml"):
            scanner = SheetScanner(name, name, path, strings_budget, strings=True)
        parse_part(archive, info, path, sheet, scanner)
        if sheet is not None and scanner is not None:
            extents[sheet] = scanner.extent()
    return extents


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" not in names:
        return "xl/workbook.xml"
    rels = _small_part(archive, "_rels/.rels")
    for attributes in re.findall(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        found = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
        if found.get("Type", "").endswith(_OFFICE_DOCUMENT_TYPE):
            return found.get("Target", "").lstrip("/") or "xl/workbook.xml"
    return "xl/workbook.xml"


def _worksheet_parts(
    archive: zipfile.ZipFile, names: set[str], workbook_part: str, path: Path
) -> dict[str, str]:
    """Worksheet part → sheet name (parts not named by the workbook keep their part name)."""
    folder = workbook_part.rpartition("/")[0]
    rels_part = f"{folder}/_rels/{workbook_part.rpartition('/')[2]}.rels"
    targets: dict[str, str] = {}
    if rels_part in names:
        for attributes in re.findall(
            r"<(?:\w+:)?Relationship\b([^>]*)>", _small_part(archive, rels_part)
        ):
            found = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
            if found.get("Type", "").endswith(_WORKSHEET_TYPE):
                target = found.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                targets[found.get("Id", "")] = _normalise(part)
    sheets: dict[str, str] = {}
    workbook = _small_part(archive, workbook_part)
    for attributes in re.findall(r"<(?:\w+:)?sheet\b([^>]*)>", workbook):
        found = dict(re.findall(r'([\w:]+)="([^"]*)"', attributes))
        rid = next((v for k, v in found.items() if k.endswith(":id")), "")
        if rid in targets:
            name = _xml_unescape(found.get("name", ""))
            if targets[rid] not in names:
                raise UnreadableFileError(
                    f"lembar '{name}' tidak ada di berkas (bagian {targets[rid]} hilang); berkas "
                    "rusak",
                    file=path,
                )
            sheets[targets[rid]] = name
    for name in names:  # a worksheet the workbook does not list is still read by some tools
        if name.startswith(f"{folder}/worksheets/") and name.endswith(".xml"):
            sheets.setdefault(name, name)
    return sheets


_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XML_REFERENCE = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")


def _xml_unescape(text: str) -> str:
    """An attribute's text as XML reads it (not xml.sax.saxutils: importing it imports
    urllib.request and http.client, a fifth of a small workbook's validation)."""

    def character(match: re.Match[str]) -> str:
        name = match.group(1)
        if name[0] != "#":
            return _XML_ENTITIES[name]
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF else match.group(0)

    return _XML_REFERENCE.sub(character, text) if "&" in text else text


def _normalise(part: str) -> str:
    pieces: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if pieces:
                pieces.pop()
        elif piece not in ("", "."):
            pieces.append(piece)
    return "/".join(pieces)


def _small_part(archive: zipfile.ZipFile, name: str) -> str:
    """A part already limited by :data:`MAX_PART_BYTES`, as text."""
    return archive.read(name).decode("utf-8", "replace")


@contextlib.contextmanager
def naming(path: Path) -> Iterator[None]:
    """A :class:`RenaksiError` raised while working on ``path`` names it, unless it names a
    file already (other errors pass: they are bugs, not bad input)."""
    try:
        yield
    except RenaksiError as error:
        if error.file is None:
            error.file = str(path)
        raise


@contextlib.contextmanager
def reading(path: Path, sheet: str | None = None) -> Iterator[None]:
    """Turn any error a library raises while reading ``path`` (or its ``sheet``) into an
    :class:`UnreadableFileError` naming them; a :class:`RenaksiError` gets the file name if
    it has none."""
    try:
        with naming(path):
            yield
    except RenaksiError:
        raise
    except MemoryError as error:
        raise LimitError(
            "buku kerja terlalu besar untuk dibaca (memori tidak cukup)",
            file=path,
            source=Source(sheet=sheet) if sheet else None,
        ) from error
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # calamine's Rust panics are BaseExceptions
        if isinstance(error, SystemExit | GeneratorExit):
            raise
        raise UnreadableFileError(
            f"buku kerja rusak atau tidak dapat dibaca ({error_reason(error)})",
            file=path,
            source=Source(sheet=sheet) if sheet else None,
        ) from error


def open_calamine(path: Path) -> CalamineWorkbook:
    """A checked workbook opened with python-calamine."""
    check_workbook(path)
    from python_calamine import CalamineWorkbook

    with reading(path):
        return CalamineWorkbook.from_path(str(path))


def sheet_values(book: CalamineWorkbook, path: Path, sheet: str) -> list[list[Any]]:
    """One sheet's values from A1 ("" for blank; the workbook passed
    :func:`check_workbook`, so the grid is bounded)."""
    with reading(path, sheet):
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def open_openpyxl(path: Path, **options: Any) -> Workbook:
    """A checked workbook opened with openpyxl (its English warnings silenced)."""
    import warnings

    check_workbook(path)
    from openpyxl import load_workbook

    with reading(path), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_workbook(path, **options)


def open_zip(path: Path) -> zipfile.ZipFile:
    """A checked workbook opened as a zip, for reading and patching its parts."""
    check_workbook(path)
    with reading(path):
        return zipfile.ZipFile(path)
