"""The *Capaian* sheet's content, pure: the same rows whether a file is recalculated
(openpyxl) or the open workbook (xlwings)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from renaksi_xl.core.compute import effective_sifat, rounded
from renaksi_xl.core.formulas import (
    CellOut,
    as_cell_number,
    level_pagu_formula,
    level_pagu_value,
    subtotal_formula,
    total_formula,
    total_value,
)
from renaksi_xl.core.layout import (
    FIRST_DATA_ROW,
    JENIS_KEGIATAN,
    JENIS_PROGRAM,
    JENIS_SUB_KEGIATAN,
    KEGIATAN,
    KEGIATAN_SEKARANG,
    TOTAL_LABEL,
    column_number,
    split_coordinate,
)
from renaksi_xl.core.model import Renaksi, Source
from renaksi_xl.core.record import record
from renaksi_xl.core.rules.document import Document
from renaksi_xl.core.sifat import LABELS

CAPAIAN_SHEET = "Capaian"
TITLE = "Capaian kumulatif dan anggaran (dihitung ulang oleh renaksi_xl)"
# Both tables share the columns, and each column holds one kind of content in both: wide
# text (A–C), a short value (D: the budget or the cell an indicator is in, E: the share or
# the sifat) and the four quarters' percentages (F–I). A program's name spans A–C.
PROGRAM_HEADER = (
    "Program",
    None,
    None,
    "Anggaran (Rp)",
    "Porsi (%)",
    "Progres TW I (%)",
    "TW II (%)",
    "TW III (%)",
    "TW IV (%)",
)
INDICATOR_HEADER = (
    "Tabel",
    "Butir",
    "Indikator",
    "Lokasi",
    "Sifat",
    "Kumulatif TW I (%)",
    "TW II (%)",
    "TW III (%)",
    "TW IV (%)",
)
WIDTHS = (9.0, 48.0, 42.0, 13.0, 12.0, 9.5, 9.5, 9.5, 9.5)
"""Column widths (characters of the default font) that show every value of the columns."""
LINK_COLUMN = "D"
"""The column of an indicator's place, linked to its cell."""
NAME_SPAN = 3
"""Columns a program's name spans (A–C)."""
LINE_POINTS = 15.0


def percent(value: Decimal | None) -> float | None:
    """A percentage as the sheet shows it: rounded half up to two places."""
    return float(rounded(value)) if value is not None else None


@record
class Layout:
    """Where the two tables of the sheet start (1-based rows) and what links where."""

    program_header: int
    indicator_header: int
    links: tuple[tuple[int, Source], ...]
    """(row, cell it points at) for every indicator row with a place."""
    program_rows: tuple[int, ...] = ()
    """Rows whose first cell is a name spanning :data:`NAME_SPAN` columns (programs, the
    total)."""

    @property
    def merges(self) -> list[str]:
        """The ranges merged on the sheet: the program names and their header."""
        last = chr(ord("A") + NAME_SPAN - 1)
        return [f"A{row}:{last}{row}" for row in (self.program_header, *self.program_rows)]


def title(computed: Renaksi) -> str:
    """The sheet's title: what it holds, for which OPD and year."""
    opd = computed.opd.value if computed.opd else ""
    year = str(computed.tahun) if computed.tahun else ""
    whom = " ".join(part for part in (opd, year) if part)
    return f"{TITLE} — {whom}" if whom else TITLE


def capaian_rows(computed: Renaksi) -> tuple[list[list[Any]], Layout]:
    """Rows of the Capaian sheet (from A1) for a recomputed document, and its layout."""
    rows: list[list[Any]] = [[title(computed)], [], list(PROGRAM_HEADER)]
    blank = [None] * (NAME_SPAN - 1)
    for program in computed.program:
        subtotal = program.subtotal_tertulis.value if program.subtotal_tertulis else None
        progress = [percent(v) for v in program.progres] or [None] * 4
        rows.append(
            [
                f"{program.nomor or ''} {program.nama.value}".strip(),
                *blank,
                int(subtotal) if subtotal is not None else None,
                percent(program.porsi),
                *progress,
            ]
        )
    total = (computed.total_tertulis.value if computed.total_tertulis else None) or Decimal(0)
    rows.append([TOTAL_LABEL, *blank, int(total), 100.0 if total else None])
    program_rows = tuple(range(4, len(rows) + 1))
    rows.append([])
    rows.append(list(INDICATOR_HEADER))
    indicator_header = len(rows)
    links = []
    for site in Document(computed).sites:
        target = site.target
        where = site.source
        sifat = effective_sifat(target)
        rows.append(
            [
                site.table,
                site.item,
                site.indikator.nama.value,
                where.describe() if where is not None else "",
                LABELS[sifat] if sifat else "",
                *[percent(v) for v in (target.kumulatif or (None,) * 4)],
            ]
        )
        if where is not None and where.sheet and where.cell:
            links.append((len(rows), where))
    return rows, Layout(3, indicator_header, tuple(links), program_rows)


def row_heights(rows: list[list[Any]], layout: Layout) -> dict[int, float]:
    """The height (points) of every row whose text wraps onto more than one line in the
    columns of :data:`WIDTHS`, so that printing shows all of it."""
    spans = set(layout.merges)
    heights = {}
    for number, values in enumerate(rows, start=1):
        if number == 1:
            continue  # the title runs on over the empty cells beside it
        merged = f"A{number}:{chr(ord('A') + NAME_SPAN - 1)}{number}" in spans
        lines = 1
        for column, value in enumerate(values):
            if not isinstance(value, str) or not value:
                continue
            width = sum(WIDTHS[:NAME_SPAN]) if merged and column == 0 else WIDTHS[column]
            lines = max(lines, text_lines(value, width))
        if lines > 1:
            heights[number] = LINE_POINTS * lines
    return heights


_NARROW = frozenset("fijlrtI.,:;'!|()[] /-")
_PIECES = re.compile(r"[^-]*-|[^-]+")  # a word broken after each hyphen
_WIDE = frozenset("mwMW@%")


@functools.lru_cache(maxsize=8192)
def text_width(text: str) -> float:
    """Width of ``text`` in characters of the default font (a digit is one): Calibri's
    narrow letters take half of that, capitals and m/w more (cached: the words of a sheet's
    rows repeat, and every cell of every row is measured)."""
    return sum(
        0.55 if c in _NARROW else 1.45 if c in _WIDE else 1.15 if c.isupper() else 1.0 for c in text
    )


def text_lines(text: str, width: float, *, bold: bool = False, scale: float = 1.0) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide, breaking
    between words and after hyphens as a spreadsheet does (a little room is kept for the
    cell's margins; bold text is a tenth wider, and a font wider than the default by
    ``scale``)."""
    room = max(1.0, width - 1.5) / (1.1 if bold else 1.0) / scale
    space = text_width(" ")
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split():
            pieces = _PIECES.findall(word) if "-" in word else (word,)
            for index, piece in enumerate(pieces):
                gap = space if index == 0 and used else 0.0
                size = text_width(piece)
                if used and used + gap + size > room:
                    lines, used, gap = lines + 1, 0.0, 0.0
                used += gap + size
                while used > room:
                    lines, used = lines + 1, used - room
        total += lines
    return total


def row_of(source: Source | None) -> int | None:
    """The row number of a cell source (``Kegiatan!C9`` → 9)."""
    if source is None or source.cell is None:
        return None
    split = split_coordinate(source.cell)
    return split[1] if split else None


def budget_rows(
    renaksi: Renaksi, marked_headers: Iterable[int] = ()
) -> tuple[list[tuple[int, int, int]], int | None]:
    """Where the Kegiatan sheet's budget formulas go: (program header row, its first and
    last kegiatan row) for every program, and the *Jumlah komulatif* row, found from where
    the document has its program headers and total. ``marked_headers`` adds the rows a
    template marks as program headers (JENIS BARIS), which a blank or half-filled template
    has before any program is named there."""
    headers = sorted(
        {
            row
            for program in renaksi.program
            if program.judul_kegiatan is not None and (row := row_of(program.judul_kegiatan.source))
        }
        | set(marked_headers)
    )
    total_row = row_of(renaksi.total_tertulis.source) if renaksi.total_tertulis else None
    if not headers:
        return [], total_row
    # without a total row, the last program runs to its last kegiatan or aksi row
    last_item = max(
        (
            row
            for program in renaksi.program
            for kegiatan in program.kegiatan
            for source in (kegiatan.source, *(a.source for a in kegiatan.aksi))
            if (row := row_of(source))
        ),
        default=headers[-1],
    )
    ends = [*headers[1:], total_row if total_row is not None else max(last_item, headers[-1]) + 1]
    ranges = [
        (header, header + 1, following - 1) for header, following in zip(headers, ends, strict=True)
    ]
    return ranges, total_row


def budget_formula_plan(renaksi: Renaksi, computed: Renaksi) -> list[tuple[str, str, Any]]:
    """(cell, formula, expected value) of every program subtotal and the grand total on the
    Kegiatan sheet, from where the document has them. None for a document in today's shape
    (sub kegiatan, pagu stated on its kegiatan): its pagu formulas are other ones
    (:func:`level_budget_plan` plans them), and these would miscompute."""
    if renaksi.has_sub_kegiatan or any(
        k.pagu_tertulis is not None for p in renaksi.program for k in p.kegiatan
    ):
        return []
    ranges, total_row = budget_rows(renaksi)
    headers = [header for header, _, _ in ranges]
    if not headers or total_row is None:
        return []
    budget = KEGIATAN.letter("anggaran")
    by_row = {
        row_of(p.judul_kegiatan.source): p for p in computed.program if p.judul_kegiatan is not None
    }
    plan = []
    for header, first, last in ranges:
        program = by_row.get(header)
        value = program.subtotal_tertulis.value if program and program.subtotal_tertulis else None
        expected = as_cell_number(value) if value is not None else 0
        plan.append(
            (f"{budget}{header}", subtotal_formula(KEGIATAN, header, first, last), expected)
        )
    grand = computed.total_tertulis.value if computed.total_tertulis else Decimal(0)
    plan.append(
        (
            f"{budget}{total_row}",
            total_formula([f"{budget}{h}" for h in headers]),
            as_cell_number(grand or Decimal(0)),
        )
    )
    return plan


def level_budget_plan(
    grid: Sequence[Sequence[object]],
    value: Callable[[int, str], CellOut],
    *,
    chained: bool = True,
) -> list[tuple[str, str, CellOut]]:
    """Today's Kegiatan sheet (:data:`KEGIATAN_SEKARANG`, its values from A1 in ``grid``):
    (cell, formula, result) of the pagu of every kegiatan (sum of its sub kegiatan) and
    program (sum of its kegiatan) and of the total, in the order they are computed; empty
    when the sheet has no *Jumlah komulatif* row (not the sheet this tool wrote: nothing is
    guessed). The rows are found from the JENIS BARIS column, so a blank or half-filled
    template has them too: a kegiatan runs to the next kegiatan or program row, a program
    to the next program row, both end at the total row.

    ``value(row, key)`` gives a cell as the sheet holds it. ``chained``: a pagu planned here
    is added up with its planned result (what the file holds once the plan is written);
    without, with the value the sheet shows, so that a cell whose shown value is not what
    its own formula gives from the shown values is the one typed over."""
    layout = KEGIATAN_SEKARANG
    kind = column_number(layout.letter("jenis")) - 1
    name = column_number(layout.letter("nama")) - 1
    pagu = layout.letter("anggaran")
    jenis: dict[int, str] = {}
    total_row = None
    for number, cells in enumerate(grid, start=1):
        if number < FIRST_DATA_ROW:
            continue
        if len(cells) > name and str(cells[name]).strip() == TOTAL_LABEL:
            total_row = number
            break
        if len(cells) > kind:
            jenis[number] = str(cells[kind]).strip().casefold()
    if total_row is None:
        return []
    planned: dict[int, CellOut] = {}

    def pagu_of(row: int) -> CellOut:
        return planned[row] if chained and row in planned else value(row, "anggaran")

    def level(row: int, last: int, children: str) -> tuple[str, str, CellOut]:
        rows = [(value(r, "jenis"), pagu_of(r)) for r in range(row + 1, last + 1)]
        result = level_pagu_value(value(row, "nama"), rows, children)
        planned[row] = result
        return f"{pagu}{row}", level_pagu_formula(layout, row, row + 1, last, children), result

    programs = [r for r, k in jenis.items() if k == JENIS_PROGRAM]
    kegiatan = [r for r, k in jenis.items() if k == JENIS_KEGIATAN]
    plan = []
    for row in kegiatan:
        ends = [r for r in (*programs, *kegiatan) if r > row]
        plan.append(level(row, min(ends, default=total_row) - 1, JENIS_SUB_KEGIATAN))
    for row in programs:
        ends = [r for r in programs if r > row]
        plan.append(level(row, min(ends, default=total_row) - 1, JENIS_KEGIATAN))
    total = total_value([pagu_of(row) for row in programs])
    plan.append((f"{pagu}{total_row}", total_formula([f"{pagu}{r}" for r in programs]), total))
    return plan
