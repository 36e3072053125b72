"""The limits a workbook or text must stay within before any library reads it: a Renaksi
is small, and these keep the tool fast and its memory bounded on any file (DESIGN: bad input).
"""

from __future__ import annotations

from renaksi_xl.core.record import record
from renaksi_xl.errors import UnreadableFileError

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


class LimitError(UnreadableFileError):
    """The file is larger than a limit this tool sets to stay fast and small."""


@record
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
