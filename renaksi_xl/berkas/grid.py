"""A sheet of cells, independent of where it came from (text lines or a workbook sheet).

The old-layout importer works on this one shape, so a ``.txt`` export and an ``.xlsx``
sheet go through exactly the same parsing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal

from renaksi_xl.core.layout import get_column_letter
from renaksi_xl.core.model import Source
from renaksi_xl.core.quantity import (
    CellValue,
    clean_pasted,
    format_number,
    format_tanggal,
    whole_number,
)
from renaksi_xl.core.record import record

_BOLD_TAG = re.compile(r"</?b>", re.IGNORECASE)
_MARKDOWN_BOLD = re.compile(r"^\*\*(.*)\*\*$")


class GridCell:
    """One cell: its value (text or number), where it is, and what matters of its style.

    A sheet has tens of thousands of cells and few of them end up in the model, so the
    cell's :class:`Source` is made only when asked for (``sheet`` with 1-based ``row`` and
    ``column``), unless given outright.
    """

    __slots__ = ("_source", "bold", "column", "number_format", "row", "sheet", "text", "value")

    def __init__(
        self,
        value: CellValue,
        source: Source | None = None,
        bold: bool = False,
        number_format: str | None = None,
        sheet: str | None = None,
        row: int = 0,
        column: int = 0,
    ) -> None:
        self.value = value
        self._source = source
        self.bold = bold
        self.number_format = number_format
        self.sheet, self.row, self.column = sheet, row, column
        # a sheet's cells are nearly all numbers and plain text: no call for those
        if type(value) is float:
            text = _number_text(value)
        elif type(value) is str and value.isascii():
            text = " ".join(value.split())
        else:
            text = _display_text(value)
        self.text = text
        """The cell as display text (numbers in Indonesian spelling), stripped."""

    @property
    def source(self) -> Source:
        """Where the cell is."""
        found = self._source
        if found is None:
            # positional: asked for by every cell the model keeps
            found = self._source = Source(self.sheet, f"{column_letter(self.column)}{self.row}")
        return found

    @property
    def is_blank(self) -> bool:
        """True when the cell holds nothing but white space."""
        return not self.text


@functools.cache
def column_letter(number: int) -> str:
    """1 → ``A`` (cached: every cell of a sheet asks)."""
    return get_column_letter(number)


def _display_text(value: CellValue) -> str:
    kind = type(value)
    if kind is str:
        return " ".join(clean_pasted(value).split())  # type: ignore[arg-type]
    if kind is float or kind is int:
        return _number_text(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return format_tanggal(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(float(value))
    return " ".join(str(value).split())


@functools.lru_cache(maxsize=4096)
def _number_text(value: float) -> str:
    """A number in Indonesian spelling (cached: a sheet repeats its numbers; equal ints and
    floats share one spelling)."""
    if float(value).is_integer():
        known = whole_number(float(value))
        return known[0] if known else f"{int(value):,}".replace(",", ".")
    return format_number(Decimal(repr(float(value))))


@record
class GridRow:
    """One row of cells; ``cells[i]`` is column ``i`` (0-based).

    A reader may leave blank cells out as None (most cells of a sheet are blank); they are
    made on request, at their place in ``sheet`` row ``number``.
    """

    cells: tuple[GridCell | None, ...]
    source: Source
    sheet: str | None = None
    number: int = 0

    def cell(self, column: int | None) -> GridCell | None:
        """The cell in that column, or None outside the row."""
        if column is None or column >= len(self.cells):
            return None
        found = self.cells[column]
        if found is None:
            return GridCell(None, sheet=self.sheet, row=self.number, column=column + 1)
        return found

    def text(self, column: int | None) -> str:
        """The cell's text, "" when absent."""
        if column is None or column >= len(self.cells):
            return ""
        found = self.cells[column]
        return found.text if found is not None else ""

    def filled(self) -> list[GridCell]:
        """The non-blank cells, left to right."""
        return [c for c in self.cells if c is not None and c.text]

    def texts(self) -> list[str]:
        """The non-blank cells' texts, left to right."""
        return [c.text for c in self.cells if c is not None and c.text]

    def items(self) -> list[tuple[int, GridCell]]:
        """(column, cell) of the non-blank cells, left to right."""
        return [(i, c) for i, c in enumerate(self.cells) if c is not None and c.text]


def text_cell(raw: str, source: Source) -> GridCell:
    """A cell from exported text: ``<b>…</b>`` and ``**…**`` mark bold and are removed."""
    stripped = raw.strip()
    bold = False
    markdown = _MARKDOWN_BOLD.match(stripped)
    if markdown:
        stripped, bold = markdown.group(1).strip(), True
    if _BOLD_TAG.search(stripped):
        stripped, bold = _BOLD_TAG.sub("", stripped).strip(), True
    return GridCell(value=stripped or None, source=source, bold=bold)


def rows_from_text(text: str) -> list[GridRow]:
    """Tab-separated lines → rows; blank lines are dropped, line numbers are kept."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = tuple(
            text_cell(raw, Source(line=number, column=index + 1))
            for index, raw in enumerate(line.split("\t"))
        )
        rows.append(GridRow(cells=cells, source=Source(line=number)))
    return rows
