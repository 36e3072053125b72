"""The one way in for reading workbooks: limits checked before any library reads a sheet,
and every library error turned into a :class:`~renaksi_xl.errors.RenaksiError` that names
the file and the part or sheet.

python-calamine allocates a sheet's whole grid up to its farthest cell (one cell at
``XFD1048576`` aborts the process), openpyxl makes an object for every cell of a merged
range and of the range it iterates, and a zip's parts may inflate a thousand times. So,
before either library is asked for anything, :func:`check_workbook` reads the zip directory
(sizes, ratio, encryption), inflates every part once through :mod:`zipfile` (which holds each
part to its declared size and checksum) and scans every worksheet's cell references —
stopping at the first limit crossed — and then checks that every XML part is well-formed
UTF-8 without a DOCTYPE (the limits are in :mod:`renaksi_xl.berkas.limits`, the work on each
part in :mod:`renaksi_xl.berkas.parts`). python-calamine may read once the first half has
passed, so :func:`calamine_sheets` lets it read beside the second. The result is remembered
per file, so a command that reads a workbook several ways checks it once.
"""

from __future__ import annotations

import contextlib
import struct
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
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
    bound_part,
    check_xml,
    error_reason,
    inflate_part,
    inflated,
    naming_part,
    office_document,
    worksheet_parts,
)
from renaksi_xl.core.model import Source
from renaksi_xl.errors import RenaksiError, UnreadableFileError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from python_calamine import CalamineSheet

_RATIO_FLOOR = MIB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"


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

KEEP_BYTES = 32 * MIB
"""How much of a workbook's inflated XML the check holds between its two halves; parts
beyond it are inflated a second time instead."""


def check_workbook(path: Path) -> dict[str, SheetExtent]:
    """Check an ``.xlsx``/``.xlsm`` against every limit before a library reads it; returns
    each worksheet's extent by sheet name. Raises :class:`UnreadableFileError` (or
    :class:`LimitError`) naming the file and the part or sheet."""
    key, head, known = _known(path)
    if known is not None:
        return known
    bounded = _bound(path, head)
    bounded.check_xml()
    return _remember(key, bounded.extents)


def calamine_sheets(
    path: Path, choose: Callable[[list[str]], Sequence[str] | None]
) -> dict[str, Sequence[Sequence[object]]] | None:
    """The values (from A1, "" for blank) of the sheets that ``choose`` picks from the
    workbook's sheet names, read with python-calamine from a checked workbook; None where
    ``choose`` picks None.

    python-calamine may read as soon as the first half of :func:`check_workbook` has passed
    (every part inflated to its end, every sheet's reach bounded: what keeps its memory in
    bounds), so it reads in a thread of its own — it lets go of the interpreter while it
    parses — beside the second half (every XML part well-formed UTF-8 without a DOCTYPE).
    Nothing it read is used unless both halves pass."""
    key, head, known = _known(path)
    if known is not None:
        read = _CalamineRead(path, choose, known)
        read.run()
        return read.values()
    bounded = _bound(path, head)
    read = _CalamineRead(path, choose, bounded.extents)
    # imported here: in the thread, the import would wait for the interpreter until the
    # check beside it is done with it
    import python_calamine  # noqa: F401

    _beside(read.run, bounded.check_xml)
    _remember(key, bounded.extents)
    return read.values()


def _beside(background: Callable[[], None], foreground: Callable[[], None]) -> None:
    """Run ``background`` (which raises nothing) in a thread of its own while
    ``foreground`` runs in this one, one after the other where no thread can start
    (Pyodide); returns when both are done."""
    started = threading.Event()

    def run() -> None:
        started.set()
        background()

    thread = threading.Thread(target=run, name="renaksi-calamine", daemon=True)
    interval = sys.getswitchinterval()
    # the thread takes the interpreter back after each of its calls into python-calamine:
    # let it wait a millisecond for that, not five
    sys.setswitchinterval(0.001)
    try:
        try:
            thread.start()
        except RuntimeError:
            foreground()
            background()
            return
        started.wait()
        foreground()
    finally:
        if thread.ident is not None:
            thread.join()
        sys.setswitchinterval(interval)


def _known(path: Path) -> tuple[tuple[str, int, int], bytes, dict[str, SheetExtent] | None]:
    """The workbook's key in the remembered checks, its first bytes, and its extents if it
    has been checked already."""
    head = check_file(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    return key, head, _checked.get(key)


def _remember(key: tuple[str, int, int], extents: dict[str, SheetExtent]) -> dict[str, SheetExtent]:
    if len(_checked) > 64:
        _checked.clear()
    _checked[key] = extents
    return extents


class _CalamineRead:
    """python-calamine opening a workbook and reading the chosen sheets, largest first (by
    the check's ``extents``), so that the long part of the reading starts at once; what it
    raises is kept for :meth:`values`, so that it may run in a thread of its own."""

    def __init__(
        self,
        path: Path,
        choose: Callable[[list[str]], Sequence[str] | None],
        extents: dict[str, SheetExtent],
    ) -> None:
        self.path, self.choose, self.extents = path, choose, extents
        self.sheet: str | None = None
        self.sheets: dict[str, CalamineSheet] | None = None
        self.error: BaseException | None = None

    def _cells(self, sheet: str) -> int:
        extent = self.extents.get(sheet)
        return extent.cells if extent is not None else 0

    def run(self) -> None:
        from python_calamine import CalamineWorkbook  # imported before: see calamine_sheets

        try:
            book = CalamineWorkbook.from_path(str(self.path))
            chosen = self.choose(book.sheet_names)
            if chosen is not None:
                read = {}
                for name in sorted(chosen, key=lambda n: -self._cells(n)):
                    self.sheet = name
                    read[name] = book.get_sheet_by_name(name)
                self.sheets = {name: read[name] for name in chosen}
        except BaseException as error:  # calamine's Rust panics are BaseExceptions
            self.error = error

    def values(self) -> dict[str, Sequence[Sequence[object]]] | None:
        """The chosen sheets' values; raises what the reading raised, as :func:`reading`
        turns it."""
        if self.error is not None:
            with reading(self.path, self.sheet):
                raise self.error
        if self.sheets is None:
            return None
        found: dict[str, Sequence[Sequence[object]]] = {}
        for name, sheet in self.sheets.items():
            with reading(self.path, name):
                found[name] = sheet.to_python(skip_empty_area=False)
        return found


class _Bounded:
    """A workbook past the first half of the check, with its XML parts still to parse."""

    def __init__(
        self, path: Path, extents: dict[str, SheetExtent], pending: list[_PendingPart]
    ) -> None:
        self.path, self.extents, self.pending = path, extents, pending

    def check_xml(self) -> None:
        """The second half: every XML part well-formed UTF-8 without a DOCTYPE."""
        with reading(self.path), contextlib.ExitStack() as stack:
            archive: zipfile.ZipFile | None = None
            for info, sheet, kept in self.pending:
                if kept is None and archive is None:
                    archive = stack.enter_context(zipfile.ZipFile(self.path))
                chunks = _chunks(kept, archive, info)
                with naming_part(self.path, info.filename, sheet):
                    check_xml(chunks, info.filename, self.path, sheet)


_PendingPart = tuple[zipfile.ZipInfo, str | None, list[bytes] | None]


def _chunks(
    kept: list[bytes] | None, archive: zipfile.ZipFile | None, info: zipfile.ZipInfo
) -> Callable[[], Iterator[bytes]]:
    if kept is not None:
        return lambda: iter(kept)
    assert archive is not None
    return lambda: inflated(archive, info)


def _bound(path: Path, head: bytes) -> _Bounded:
    """The first half of the check: the zip's directory, and every part inflated to its end
    with every worksheet's reach scanned."""
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
        _check_directory_end(path, path.stat().st_size)
        with zipfile.ZipFile(path) as archive:
            return _check_archive(path, archive)


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


def _check_archive(path: Path, archive: zipfile.ZipFile) -> _Bounded:
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
    workbook_part = office_document(archive, names)
    if workbook_part not in names:
        raise UnreadableFileError(
            f"bukan buku kerja Excel: bagian {workbook_part} tidak ada (mungkin berkas "
            "OpenDocument .ods atau dokumen Office lain yang diganti namanya)",
            file=path,
        )
    sheets = worksheet_parts(archive, names, workbook_part, path)
    budget, strings_budget = [MAX_CELLS], [MAX_CELLS]
    extents: dict[str, SheetExtent] = {}
    pending: list[_PendingPart] = []
    room = KEEP_BYTES
    for info in infos:
        name = info.filename
        if not name.endswith((".xml", ".rels")):  # VML is not well-formed XML, even Excel's
            inflate_part(archive, info, path)
            continue
        sheet = sheets.get(name)
        scanner = SheetScanner(sheet or name, name, path, budget) if sheet else None
        if name.endswith("sharedStrings.xml"):
            scanner = SheetScanner(name, name, path, strings_budget, strings=True)
        keep = info.file_size <= room
        kept = bound_part(archive, info, path, sheet, scanner, keep=keep)
        if kept is not None:
            room -= info.file_size
        pending.append((info, sheet, kept))
        if sheet is not None and scanner is not None:
            extents[sheet] = scanner.extent()
    return _Bounded(path, extents, pending)


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
