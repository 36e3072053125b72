"""One row's cells as model values: the table's column map as the rows are read
(:class:`TableHeader`), quantities and budgets, the indicator with its targets, and the
values in columns the row kind does not use (kept as :class:`StrayValue`).
"""

from __future__ import annotations

import functools
from dataclasses import field

from renaksi_xl.berkas.baca.tablemap import BUDGET_QUARTERS, QUARTERS, Role, TableKind, TableMap
from renaksi_xl.berkas.grid import GridCell, GridRow
from renaksi_xl.core.model import Indikator, Quantity, Source, StrayValue, Target, Text
from renaksi_xl.core.quantity import budget_value, cell_quantity, normalize_unit
from renaksi_xl.core.record import record
from renaksi_xl.core.sifat import parse_sifat


@record
class TableHeader:
    """A table's header: its kind, which column holds what, and where data starts."""

    kind: TableKind
    columns: dict[Role, int]
    headers: dict[int, str]
    header_row: int
    first_data_row: int
    map: TableMap
    _unused_columns: dict[frozenset[Role], frozenset[int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _stray_columns: dict[tuple[frozenset[Role], int], tuple[int, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @functools.cached_property
    def mapped_columns(self) -> frozenset[int]:
        """Columns that have a role."""
        return frozenset(self.columns.values())

    def unused_columns(self, unused: frozenset[Role]) -> frozenset[int]:
        """Columns of the given roles (cached: asked for every row)."""
        found = self._unused_columns.get(unused)
        if found is None:
            found = frozenset(self.columns[r] for r in unused if r in self.columns)
            self._unused_columns[unused] = found
        return found

    def stray_columns(self, unused: frozenset[Role], width: int) -> tuple[int, ...]:
        """The columns of a row ``width`` cells wide where a value is stray — those of the
        ``unused`` roles and those with no role — left to right (cached: asked for every
        row, and most columns of a row are its own)."""
        key = (unused, width)
        found = self._stray_columns.get(key)
        if found is None:
            wanted, mapped = self.unused_columns(unused), self.mapped_columns
            found = tuple(c for c in range(width) if c in wanted or c not in mapped)
            self._stray_columns[key] = found
        return found


def row_text(row: GridRow) -> Text:
    """The row's filled cells as one text, for what could not be placed."""
    return Text(" | ".join(row.texts()), row.source)


def stray(row: GridRow, header: TableHeader, unused: frozenset[Role]) -> tuple[StrayValue, ...]:
    """Non-blank cells in the columns of roles this row kind does not use, or in columns
    with no role at all."""
    cells = row.cells
    found = []
    for column in header.stray_columns(unused, len(cells)):
        cell = cells[column]
        if cell is not None and cell.text:
            name = header.headers.get(column, f"kolom {column + 1}")
            found.append(StrayValue(name, Text(cell.text, cell.source)))
    return tuple(found)


def indikator(
    row: GridRow,
    columns: dict[Role, int],
    name_role: Role,
    target_role: Role,
    problems: list[Text],
) -> Indikator | None:
    """The row's indicator: name, annual target (with the row's SATUAN, where the layout has
    one), TW I–IV (a bare number takes the annual target's unit) and SIFAT TARGET."""
    name_cell = row.cell(columns.get(name_role))
    annual_cell = row.cell(columns.get(target_role))
    quarter_cells = [row.cell(columns.get(q)) for q in QUARTERS]
    for cell in (name_cell, annual_cell, *quarter_cells):  # a loop: every row asks
        if cell is not None and cell.text:
            break
    else:
        return None
    satuan = row.text(columns.get(Role.SATUAN))
    if satuan:
        annual = _quantity(annual_cell, normalize_unit(satuan), satuan, True)
    else:
        annual = _quantity(annual_cell)
    unit, unit_text = annual.unit, annual.unit_text
    quarters = (  # unrolled: every row of a sheet reads its four quarters here
        _quantity(quarter_cells[0], unit, unit_text),
        _quantity(quarter_cells[1], unit, unit_text),
        _quantity(quarter_cells[2], unit, unit_text),
        _quantity(quarter_cells[3], unit, unit_text),
    )
    sifat_cell = row.cell(columns.get(Role.SIFAT))
    sifat = None
    if sifat_cell is not None and not sifat_cell.is_blank:
        sifat = parse_sifat(sifat_cell.text)
        if sifat is None:
            problems.append(
                Text(f"SIFAT TARGET tidak dikenal: {sifat_cell.text}", sifat_cell.source)
            )
    source = name_cell.source if name_cell is not None else row.source
    nama = Text(name_cell.text if name_cell is not None else "", source)
    return Indikator(nama, Target(annual, quarters, sifat=sifat))


def indikator_or_blank(
    row: GridRow,
    columns: dict[Role, int],
    roles: tuple[Role, Role],
    problems: list[Text],
    source: Source,
) -> Indikator:
    """:func:`indikator` of the (name, target) ``roles``; a blank one at ``source`` where the
    row states none (every kegiatan, sub kegiatan and aksi has one)."""
    found = indikator(row, columns, *roles, problems)
    return found if found is not None else Indikator(Text("", source))


def _quantity(
    cell: GridCell | None,
    default_unit: str | None = None,
    default_text: str | None = None,
    unit_written: bool = False,
) -> Quantity:
    if cell is None:
        return Quantity()
    value = cell.value
    if isinstance(value, str):
        value = cell.text
    return cell_quantity(
        value, cell.number_format, cell.source, default_unit, default_text, unit_written
    )


def budget(cell: GridCell | None) -> Quantity:
    """An amount of money, empty for no cell: a bare number is in rupiah (given as the
    default unit, not added after: a second Quantity for each of a sheet's thousands of
    budget cells costs)."""
    return _quantity(cell, "rupiah", "Rp")


def budget_at(row: GridRow, columns: dict[Role, int], role: Role) -> Quantity:
    """:func:`budget` of the row's cell of ``role``; empty where the row has no such cell."""
    return budget(row.cell(columns.get(role)))


def budget_plan(row: GridRow, columns: dict[Role, int]) -> tuple[Quantity, ...]:
    """The Rp of TW I–IV of a kegiatan or sub kegiatan row; () in a table without them."""
    if not any(r in columns for r in BUDGET_QUARTERS):
        return ()
    return tuple([budget_at(row, columns, r) for r in BUDGET_QUARTERS])


def says_something(quantity: Quantity) -> bool:
    """Not blank, and not the zero an accounting format shows as ``-``."""
    return not quantity.is_empty and (not quantity.is_parsed or budget_value(quantity) != 0)


def stated_plan(plan: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The Rp per quarter as stated; () where every quarter is blank or ``-`` (a zero in
    accounting format), which says nothing."""
    return plan if any(says_something(q) for q in plan) else ()
