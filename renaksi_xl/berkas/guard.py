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
limit crossed. The result is remembered per file, so a command that reads a workbook
several ways checks it once.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renaksi_xl.core.model import Source
from renaksi_xl.errors import RenaksiError, UnreadableFileError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

MIB = 1024 * 1024

MAX_FILE_BYTES = 20 * MIB
"""A file on disk larger than this is refused without being opened."""
MAX_PARTS = 10_000
"""Parts (files) in a workbook's zip."""
MAX_UNPACKED_BYTES = 150 * MIB
"""All parts together, uncompressed (from the zip directory)."""
MAX_PART_BYTES = 60 * MIB
"""One part, uncompressed."""
MAX_RATIO = 100
"""Uncompressed ÷ compressed size of a part over 1 MiB (sheets of real workbooks: 5–30)."""
MAX_ROWS = 20_000
"""The farthest row a sheet may use (its largest cell reference)."""
MAX_COLUMNS = 200
"""The farthest column a sheet may use (``GR``)."""
MAX_AREA = 500_000
"""Rows × columns of a sheet's used range (A1 to its farthest row and column): openpyxl
makes an object for every cell of the range it goes through."""
MAX_CELLS = 200_000
"""Cells stored in a workbook, merged ranges counted cell by cell, and shared strings."""

_RATIO_FLOOR = MIB
_CHUNK = MIB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_WORKSHEET_TYPE = "/worksheet"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"


class LimitError(UnreadableFileError):
    """The file is larger than a limit this tool sets to stay fast and small."""


@dataclass(frozen=True)
class SheetExtent:
    """How far a worksheet reaches: its farthest row and column, and its stored cells."""

    name: str
    part: str
    rows: int
    columns: int
    cells: int


def format_size(size: int) -> str:
    """Bytes as Indonesian megabytes (``4,2 MB``)."""
    return f"{size / MIB:.1f} MB".replace(".", ",")


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
            _inflate(archive, info, path)
            continue
        sheet = sheets.get(name)
        scanner = _SheetScanner(sheet or name, name, path, budget) if sheet else None
        if name.endswith("sharedStrings.xml"):
            scanner = _SheetScanner(name, name, path, strings_budget, strings=True)
        _parse_xml(archive, info, path, sheet, scanner)
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


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Inflate a part to the end, so a corrupt stream or checksum is found now."""
    with _naming_part(path, info.filename), archive.open(info) as stream:
        while stream.read(_CHUNK):
            pass


@contextlib.contextmanager
def _naming_part(path: Path, part: str, sheet: str | None = None) -> Iterator[None]:
    where = f"lembar '{sheet}' (bagian {part})" if sheet and sheet != part else f"bagian {part}"
    try:
        yield
    except RenaksiError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise UnreadableFileError(
            f"{where} rusak dan tidak dapat diurai ({_zip_reason(error)})", file=path
        ) from error


def _zip_reason(error: BaseException) -> str:
    """What went wrong inflating a part, in Indonesian."""
    if isinstance(error, zlib.error):
        return "data termampat rusak"
    if isinstance(error, EOFError):
        return "data terpotong"
    if isinstance(error, NotImplementedError):
        return "metode pemampatan tidak didukung"
    if "CRC" in str(error):
        return "checksum CRC tidak cocok"
    return f"rincian: {_reason(error)}"


def _parse_xml(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    path: Path,
    sheet: str | None,
    scanner: _SheetScanner | None,
) -> None:
    """Inflate one XML part, parsing it as it comes: well-formed, UTF-8, no DOCTYPE."""
    part = info.filename
    parser = xml.parsers.expat.ParserCreate()
    where = f"lembar '{sheet}' (bagian {part})" if sheet and sheet != part else f"bagian {part}"

    def doctype(*_: Any) -> None:
        raise UnreadableFileError(
            f"{where} memuat deklarasi DOCTYPE, yang tidak ada di buku kerja Excel yang sah",
            file=path,
        )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    carry = b""
    utf8: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with _naming_part(path, part, sheet), archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if offset == 0 and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                utf8 = None  # UTF-16, declared by its byte-order mark: expat checks it
            if utf8 is not None:
                try:
                    utf8.decode(chunk, not chunk)
                except UnicodeDecodeError as error:
                    raise UnreadableFileError(
                        f"{where} berisi teks yang bukan UTF-8 yang sah (di bita ke-"
                        f"{offset + error.start + 1})",
                        file=path,
                    ) from error
            offset += len(chunk)
            try:
                parser.Parse(chunk, not chunk)
            except xml.parsers.expat.ExpatError as error:
                raise UnreadableFileError(
                    f"{where} bukan XML yang sah (rusak di baris {error.lineno}, kolom "
                    f"{error.offset})",
                    file=path,
                ) from error
            if scanner is not None:
                data = carry + chunk
                cut = data.rfind(b"<") if chunk else len(data)
                if cut < 0 or len(data) - cut > _CHUNK:
                    cut = len(data)
                scanner.feed(data[:cut])
                carry = data[cut:]
            if not chunk:
                break


_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_TOKEN = re.compile(_PREFIX + rb"(row|c|mergeCell)\b([^>]*)>")
# Excel, LibreOffice and openpyxl write every cell as <c r="B7" …>: two quick searches show
# that a sheet has no other kind of cell tag, and one literal-led pass then finds them all
_CELL_REFERENCE = rb'r="\$?([A-Za-z]{1,3})\$?(\d+)"'
_PLAIN_CELL = re.compile(rb"<c " + _CELL_REFERENCE)
_OTHER_CELL = re.compile(rb"<c(?! " + _CELL_REFERENCE + rb")[\s/>]")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_MERGE = re.compile(_PREFIX + rb"mergeCell\b([^>]*)>")
_STRING_TAG = re.compile(_PREFIX + rb"si[\s>]")
_REF = re.compile(rb'\br="\$?([A-Za-z]{0,3})\$?(\d*)"')
_RANGE = re.compile(rb'\bref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class _SheetScanner:
    """The farthest cell, and how many cells, of one worksheet (or shared strings), from
    its XML as it is inflated; raises as soon as a limit is crossed."""

    def __init__(
        self, name: str, part: str, path: Path, budget: list[int], *, strings: bool = False
    ) -> None:
        self.name, self.part, self.path, self.budget = name, part, path, budget
        self.strings = strings
        self.slow = False
        self.row = 0
        self.column = 0
        self.rows = 0
        self.columns = 0
        self.cells = 0

    def feed(self, data: bytes) -> None:
        """Scan the complete tags in ``data``."""
        if self.strings:
            self._count(len(_STRING_TAG.findall(data)))
            return
        if not self.slow:
            # the usual case: C-speed passes over the text instead of a Python step per cell
            if _OTHER_CELL.search(data) is None and _PREFIXED_CELL.search(data) is None:
                refs = _PLAIN_CELL.findall(data)
                self._count(len(refs))
                if refs:
                    letters, numbers = zip(*refs, strict=True)
                    column = max(map(_column_number, set(letters)))
                    row = max(map(int, set(numbers)))
                    self.row = max(self.row, row)
                    self._reach(row, column)
                if b"mergeCell" in data:
                    for match in _MERGE.finditer(data):
                        self._merge(match.group(1))
                return
            self.slow = True
        for match in _TOKEN.finditer(data):
            kind, attributes = match.group(1), match.group(2)
            if kind == b"c":
                self._cell(attributes)
            elif kind == b"row":
                found = _REF.search(attributes)
                self.row = int(found.group(2)) if found and found.group(2) else self.row + 1
                self.column = 0
            elif kind == b"mergeCell":
                self._merge(attributes)

    def _cell(self, attributes: bytes) -> None:
        found = _REF.search(attributes)
        if found and found.group(1):
            self.column = _column_number(found.group(1))
            if found.group(2):
                self.row = max(self.row, int(found.group(2)))
        else:
            self.column += 1
        self._reach(max(self.row, 1), self.column)
        self._count(1)

    def _merge(self, attributes: bytes) -> None:
        found = _RANGE.search(attributes)
        if found is None:
            return
        first_column, first_row = _column_number(found.group(1)), int(found.group(2))
        last_column = _column_number(found.group(3)) if found.group(3) else first_column
        last_row = int(found.group(4)) if found.group(4) else first_row
        self._reach(max(first_row, last_row), max(first_column, last_column))
        self._count(abs(last_row - first_row + 1) * abs(last_column - first_column + 1))

    def _reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)
        far = row > MAX_ROWS or column > MAX_COLUMNS
        if not far and self.rows * self.columns <= MAX_AREA:
            return
        from renaksi_xl.core.layout import get_column_letter

        letter = get_column_letter(min(column, 16384)) if column > 0 else "A"
        if row > MAX_ROWS and column > MAX_COLUMNS:
            reached = f"sel sampai {letter}{row}"
        elif row > MAX_ROWS:
            reached = f"baris sampai {row}"
        elif column > MAX_COLUMNS:
            reached = f"kolom sampai {letter}"
        else:
            reached = f"sel sampai {letter}{row}"
        if far:
            reason = f"paling jauh baris {MAX_ROWS} dan kolom {MAX_COLUMNS}"
        else:
            reason = (
                f"rentang A1:{get_column_letter(min(self.columns, 16384))}{self.rows} berisi "
                f"{self.rows * self.columns} sel; paling banyak {MAX_AREA}"
            )
        raise LimitError(
            f"lembar memakai {reached}, terlalu jauh untuk sebuah Renaksi "
            f"({reason}); hapus baris/kolom kosong di ujung lembar atau pindahkan isinya",
            file=self.path,
            source=Source(sheet=self.name),
        )

    def _count(self, cells: int) -> None:
        self.cells += cells
        self.budget[0] -= cells
        if self.budget[0] < 0:
            what = "teks bersama" if self.strings else "sel"
            raise LimitError(
                f"buku kerja berisi terlalu banyak {what} (paling banyak {MAX_CELLS}; berhenti "
                f"dibaca di bagian {self.part})",
                file=self.path,
                source=None if self.strings else Source(sheet=self.name),
            )

    def extent(self) -> SheetExtent:
        """What the scan found."""
        return SheetExtent(self.name, self.part, self.rows, self.columns, self.cells)


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    if text.startswith("Unable to read workbook"):  # openpyxl, on any bad value or XML
        return "ada nilai atau XML yang tidak sah di lembar kerjanya"
    return text if len(text) <= 200 else text[:199] + "…"


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
        yield
    except RenaksiError as error:
        if error.file is None:
            error.file = str(path)
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
            f"buku kerja rusak atau tidak dapat dibaca ({_reason(error)})",
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
