"""A workbook's parts, one at a time: each inflated to its end (a corrupt stream or
checksum found now), each worksheet scanned as it comes for how far it reaches and how many
cells it stores — stopping at the first limit crossed — and each XML part parsed
(well-formed, UTF-8, no DOCTYPE). :mod:`renaksi_xl.berkas.guard` runs them over the whole
package.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from renaksi_xl.berkas.limits import (
    MAX_AREA,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MIB,
    LimitError,
    SheetExtent,
)
from renaksi_xl.core.model import Source
from renaksi_xl.errors import RenaksiError, UnreadableFileError

CHUNK = MIB
"""How much of a part is inflated at a time."""


def inflate_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Inflate a part to the end, so a corrupt stream or checksum is found now."""
    with naming_part(path, info.filename), archive.open(info) as stream:
        while stream.read(CHUNK):
            pass


@contextlib.contextmanager
def naming_part(path: Path, part: str, sheet: str | None = None) -> Iterator[None]:
    where = part_place(part, sheet)
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
    return f"rincian: {error_reason(error)}"


def part_place(part: str, sheet: str | None) -> str:
    """How a message names a part: by its sheet where it is one."""
    return f"lembar '{sheet}' (bagian {part})" if sheet and sheet != part else f"bagian {part}"


def bound_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    path: Path,
    sheet: str | None,
    scanner: SheetScanner | None,
    *,
    keep: bool,
) -> list[bytes] | None:
    """Inflate one XML part to its end, scanning it as it comes where it is a worksheet or
    the shared strings; returns its inflated chunks with ``keep`` (for
    :func:`check_xml`), else None."""
    part = info.filename
    kept: list[bytes] = []
    carry = b""
    first = True
    with naming_part(path, part, sheet), archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if first and scanner is not None and chunk.startswith(_UTF16_STARTS):
                # python-calamine reads such a sheet as empty, and the scan could not bound
                # it: no spreadsheet program writes one
                raise UnreadableFileError(
                    f"{part_place(part, sheet)} ditulis dalam UTF-16, yang tidak dapat dibaca; "
                    "buka berkas di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx",
                    file=path,
                )
            first = False
            if keep and chunk:
                kept.append(chunk)
            if scanner is not None:
                data = carry + chunk
                cut = data.rfind(b"<") if chunk else len(data)
                if cut < 0 or len(data) - cut > CHUNK:
                    cut = len(data)
                scanner.feed(data[:cut])
                carry = data[cut:]
            if not chunk:
                return kept if keep else None


_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
_PARSE_STEP = 64 * 1024


def check_xml(
    chunks: Callable[[], Iterator[bytes]], part: str, path: Path, sheet: str | None
) -> None:
    """Parse one XML part (its inflated ``chunks``, asked for again only to name a byte
    that is not UTF-8): well-formed, UTF-8, no DOCTYPE."""
    where = part_place(part, sheet)

    def doctype(*_: Any) -> None:
        raise UnreadableFileError(
            f"{where} memuat deklarasi DOCTYPE, yang tidak ada di buku kerja Excel yang sah",
            file=path,
        )

    parser: Any = None
    utf16 = False
    offset = 0
    for chunk in (*chunks(), b""):
        if parser is None:
            # told the text is UTF-8, whatever it declares, expat refuses any byte that is
            # not; UTF-16 (a byte-order mark, or "<" as two bytes) is read as it is
            utf16 = chunk.startswith(_UTF16_STARTS)
            parser = xml.parsers.expat.ParserCreate(None if utf16 else "utf-8")
            parser.StartDoctypeDeclHandler = doctype
            parser.EntityDeclHandler = doctype
        # in steps: python-calamine, reading beside this in a thread of its own, waits for
        # the interpreter between them, never for a whole megabyte
        for start in range(0, max(len(chunk), 1), _PARSE_STEP):
            piece = chunk[start : start + _PARSE_STEP]
            offset += len(piece)
            try:
                parser.Parse(piece, not chunk)
            except xml.parsers.expat.ExpatError as error:
                if not utf16:
                    _refuse_invalid_utf8(chunks(), path, where, offset, final=not chunk)
                raise UnreadableFileError(
                    f"{where} bukan XML yang sah (rusak di baris {error.lineno}, kolom "
                    f"{error.offset})",
                    file=path,
                ) from error


def _refuse_invalid_utf8(
    chunks: Iterator[bytes], path: Path, where: str, end: int, *, final: bool
) -> None:
    """Raise, naming the byte, when the part's first ``end`` bytes are not UTF-8: expat only
    says that the XML is broken, which is the less useful reason."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    for chunk in chunks:
        if offset >= end:
            break
        chunk = chunk[: end - offset]
        try:
            utf8.decode(chunk, final and offset + len(chunk) >= end)
        except UnicodeDecodeError as error:
            raise UnreadableFileError(
                f"{where} berisi teks yang bukan UTF-8 yang sah (di bita ke-"
                f"{offset + error.start + 1})",
                file=path,
            ) from error
        offset += len(chunk)


def inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part inflated again, a chunk at a time (one already inflated whole once)."""
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            yield chunk


_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_TOKEN = re.compile(_PREFIX + rb"(row|c|mergeCell)\b([^>]*)>")
# Excel, LibreOffice and openpyxl write every cell as <c r="B7" …>: one literal-led pass
# finds them all, and any other spelling of a cell tag (found with empty groups), like a
# quick search for a prefixed one, sends the sheet to the tag-by-tag scan
_CELL_REFERENCE = rb'r="\$?([A-Za-z]{1,3})\$?(\d+)"'
_CELL = re.compile(rb"<c(?: " + _CELL_REFERENCE + rb"|[\s/>])")
_OTHER_SPELLING = (b"", b"")
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


class SheetScanner:
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
            refs = _CELL.findall(data) if _PREFIXED_CELL.search(data) is None else None
            if refs is not None and _OTHER_SPELLING not in refs:
                self._count(len(refs))
                if refs:
                    letters, numbers = zip(*refs, strict=True)
                    column = max(map(_column_number, set(letters)))
                    row = max(map(int, set(numbers)))
                    self.row = max(self.row, row)
                    self._reach(row, column)
                first = data.find(b"mergeCell")
                if first >= 0:
                    # from the first one's tag: the pattern has no literal head to skip the
                    # megabytes of cells before a sheet's merged ranges quickly
                    for match in _MERGE.finditer(data, data.rfind(b"<", 0, first)):
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


_WORKSHEET_TYPE = "/worksheet"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"


def office_document(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The workbook part the package's relationships point to (``xl/workbook.xml``)."""
    if "_rels/.rels" not in names:
        return "xl/workbook.xml"
    rels = _small_part(archive, "_rels/.rels")
    for attributes in re.findall(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        found = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
        if found.get("Type", "").endswith(_OFFICE_DOCUMENT_TYPE):
            return found.get("Target", "").lstrip("/") or "xl/workbook.xml"
    return "xl/workbook.xml"


def worksheet_parts(
    archive: zipfile.ZipFile, names: set[str], workbook_part: str, path: Path
) -> dict[str, str]:
    """Worksheet part → sheet name (parts not named by the workbook keep their part name);
    refuses a workbook that names a sheet whose part is missing."""
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


def error_reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    if text.startswith("Unable to read workbook"):  # openpyxl, on any bad value or XML
        return "ada nilai atau XML yang tidak sah di lembar kerjanya"
    return text if len(text) <= 200 else text[:199] + "…"
