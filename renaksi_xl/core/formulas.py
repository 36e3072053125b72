"""The workbook's live formulas and their Python twins.

Each formula the writer puts in a sheet has a function here that computes the same result
from the same cell values. The writer stores that result as the formula's cached value, so
tools that read cached values see the right numbers without Excel, and the LibreOffice
tests check that a real spreadsheet engine agrees with Python.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from renaksi_xl.core.layout import (
    CHECK_MISMATCH,
    CHECK_NO_SIFAT,
    CHECK_OK,
    CHECK_PERCENT,
    CHECK_TEXT,
    CHECK_UNSCHEDULED,
    TableLayout,
)
from renaksi_xl.core.model import Sifat
from renaksi_xl.core.sifat import LABELS

CellOut = str | int | float | None
"""A value as written into a cell: text, a number, or blank."""

_SIX_PLACES = Decimal("0.000001")
_FAR_FROM_ZERO = Decimal(10) ** 15


def _is_text(value: CellOut) -> bool:
    """Text, or what a spreadsheet cannot hold as a number (infinite, NaN: another program
    wrote ``1e309`` or ``INF``), which its formulas treat alike."""
    return isinstance(value, str) or (isinstance(value, float) and not math.isfinite(value))


def _number(value: CellOut) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return Decimal(0)


def _is_zero(value: Decimal) -> bool:
    """Excel's ``ROUND(x, 6) = 0``."""
    if not value.is_finite() or abs(value) >= _FAR_FROM_ZERO:
        return False  # quantize would need more digits than the context has (1e300)
    return value.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP) == 0


def _filled(value: CellOut) -> bool:
    return value is not None and value != ""


def grid_cell(grid: Sequence[Sequence[object]], row: int, column: int) -> CellOut:
    """A cell of a sheet's values from A1 (1-based ``row`` and ``column``) as a formula sees
    it: None when blank or beyond the grid, a whole number as an int (as Excel shows it, and
    as a typed number is reported), anything but text and numbers as its text."""
    if row > len(grid) or column > len(grid[row - 1]):
        return None
    value = grid[row - 1][column - 1]
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, str | int | float) else str(value)


def percent_typed_formula(
    annual: str, quarters: Sequence[str], sifat: str, satuan: str, targets: Sequence[str]
) -> str:
    """True when a percentage was typed with its ``%`` sign: a filled target or TW cell
    formatted as percent (``CELL("format")`` starts with ``P``), or, on a ``%`` row, an
    annual target above 1 with every TW at most 1 (18% stored as 0,18) that does not add up
    as it stands (the values-only reading of rule RNX209)."""
    tw = f"{quarters[0]}:{quarters[-1]}"
    formatted = ",".join(
        f'AND({cell}<>"",LEFT(CELL("format",{cell}),1)="P")' for cell in (*targets, *quarters)
    )
    per_triwulan = LABELS[Sifat.PER_TRIWULAN]
    fractions = (
        f'AND({satuan}="%",{annual}>1,MAX({tw})<=1,COUNTIF({tw},">0")>0,'
        f'NOT(AND({sifat}="{per_triwulan}",ROUND(SUM({tw})-{annual},6)=0)))'
    )
    return f"OR({formatted},{fractions})"


def check_formula(
    annual: str,
    quarters: Sequence[str],
    sifat: str,
    presence: Sequence[str] = (),
    satuan: str | None = None,
) -> str:
    """``CEK`` column: whether TW I–IV agree with the annual target for the row's sifat.

    ``annual`` is a cell reference or expression, ``quarters`` the four TW cells and
    ``presence`` the cells whose content makes the row worth checking (default: annual).
    With the row's ``satuan`` cell, a percentage typed with its ``%`` sign shows
    ``KETIK TANPA %`` (see :func:`percent_typed_formula`) instead of a mismatch.
    """
    tw = f"{quarters[0]}:{quarters[-1]}"
    k, l_, m, n = quarters
    percent_open, percent_close = "", ""
    if satuan is not None:
        typed = percent_typed_formula(annual, quarters, sifat, satuan, presence or (annual,))
        percent_open, percent_close = f'IF({typed},"{CHECK_PERCENT}",', ")"
    nondecreasing = (
        f'AND(OR({l_}="",{l_}>=MAX({k}:{k})),OR({m}="",{m}>=MAX({k}:{l_})),'
        f'OR({n}="",{n}>=MAX({k}:{m})))'
    )
    last = f'IF({n}<>"",{n},IF({m}<>"",{m},IF({l_}<>"",{l_},{k})))'
    per_triwulan = LABELS[Sifat.PER_TRIWULAN]
    tetap = LABELS[Sifat.TETAP]
    kumulatif = LABELS[Sifat.KUMULATIF]
    ok, bad = f'"{CHECK_OK}"', f'"{CHECK_MISMATCH}"'
    return (
        f'=IF(COUNTA({",".join(presence or (annual,))},{tw})=0,"",'
        f'IF(OR(ISTEXT({annual}),SUMPRODUCT(--ISTEXT({tw}))>0),"{CHECK_TEXT}",'
        f'IF(COUNT({tw})=0,"{CHECK_UNSCHEDULED}",{percent_open}'
        f'IF({sifat}="{per_triwulan}",IF(ROUND(SUM({tw})-{annual},6)=0,{ok},{bad}),'
        f'IF({sifat}="{tetap}",'
        f'IF(SUMPRODUCT(({tw}<>"")*(ROUND({tw}-{annual},6)<>0))=0,{ok},{bad}),'
        f'IF({sifat}="{kumulatif}",'
        f"IF(AND({nondecreasing},ROUND({last}-{annual},6)=0),{ok},{bad}),"
        f'"{CHECK_NO_SIFAT}"))))){percent_close})'
    )


def percent_typed_value(
    annual: CellOut,
    numbers: Sequence[Decimal],
    sifat: CellOut,
    satuan: CellOut,
    formatted: bool = False,
) -> bool:
    """Python twin of :func:`percent_typed_formula`, on the scheduled TW numbers;
    ``formatted``: a filled target or TW cell shows a percent format."""
    if formatted:
        return True
    target = _number(annual)
    if satuan != "%" or not target > 1 or max(numbers) > 1 or not any(v > 0 for v in numbers):
        return False
    label = sifat.casefold() if isinstance(sifat, str) else None
    adds_up = _is_zero(sum(numbers, Decimal(0)) - target)
    return not (label == LABELS[Sifat.PER_TRIWULAN] and adds_up)


def check_value(
    annual: CellOut,
    quarters: Sequence[CellOut],
    sifat: CellOut,
    presence: Sequence[CellOut] | None = None,
    satuan: CellOut = None,
    formatted: bool = False,
    *,
    percent_check: bool = False,
) -> str:
    """Python twin of :func:`check_formula` on the values written in the row (with
    ``percent_check`` when the formula was given the row's satuan)."""
    present = [annual] if presence is None else list(presence)
    if not any(_filled(v) for v in present) and not any(_filled(q) for q in quarters):
        return ""
    if _is_text(annual) or any(_is_text(q) for q in quarters):
        return CHECK_TEXT
    numbers = [_number(q) for q in quarters if _filled(q)]
    if not numbers:
        return CHECK_UNSCHEDULED
    if percent_check and percent_typed_value(annual, numbers, sifat, satuan, formatted):
        return CHECK_PERCENT
    target = _number(annual)
    label = sifat.casefold() if isinstance(sifat, str) else None
    if label == LABELS[Sifat.PER_TRIWULAN]:
        consistent = _is_zero(sum(numbers, Decimal(0)) - target)
    elif label == LABELS[Sifat.TETAP]:
        consistent = all(_is_zero(v - target) for v in numbers)
    elif label == LABELS[Sifat.KUMULATIF]:
        values = [_number(q) for q in quarters]
        nondecreasing = all(
            not _filled(quarters[i]) or values[i] >= max(values[:i], default=Decimal(0))
            for i in range(1, 4)
        )
        last = next((values[i] for i in (3, 2, 1) if _filled(quarters[i])), values[0])
        consistent = nondecreasing and _is_zero(last - target)
    else:
        return CHECK_NO_SIFAT
    return CHECK_OK if consistent else CHECK_MISMATCH


def kegiatan_annual(layout: TableLayout, row: int | str) -> str:
    """On the Kegiatan sheet a row's annual target is the aksi's when the aksi columns are
    used, else the kegiatan's."""
    aksi, aksi_target = layout.letter("aksi"), layout.letter("aksi_target")
    target = layout.letter("target")
    return f"IF(COUNTA({aksi}{row}:{aksi_target}{row})>0,{aksi_target}{row},{target}{row})"


def kegiatan_annual_value(
    kegiatan_target: CellOut, aksi_cells: Sequence[CellOut], aksi_target: CellOut
) -> CellOut:
    """Python twin of :func:`kegiatan_annual`."""
    return aksi_target if any(_filled(c) for c in aksi_cells) else kegiatan_target


def subtotal_formula(layout: TableLayout, header_row: int, first: int, last: int) -> str:
    """A program's budget: the kegiatan rows (name filled) between its header and the next.

    Blank when the header has no program name yet, so an unused block of a blank template
    stays empty.
    """
    budget, name = layout.letter("anggaran"), layout.letter("nama")
    if last < first:
        return f'=IF({name}{header_row}="","",0)'
    return (
        f'=IF({name}{header_row}="","",'
        f'SUMIFS({budget}{first}:{budget}{last},{name}{first}:{name}{last},"<>"))'
    )


def subtotal_value(header_name: CellOut, rows: Sequence[tuple[CellOut, CellOut]]) -> CellOut:
    """Python twin of :func:`subtotal_formula`; ``rows`` are (name, budget) cells."""
    if not _filled(header_name):
        return ""
    total = sum(
        (_number(budget) for name, budget in rows if _filled(name) and not _is_text(budget)),
        Decimal(0),
    )
    return _sum_cell(total)


def level_pagu_formula(layout: TableLayout, row: int, first: int, last: int, jenis: str) -> str:
    """Today's shape: a program's or kegiatan's pagu, the sum of the pagu of the rows of kind
    ``jenis`` (its kegiatan, or its sub kegiatan) between it and the next row of its level.
    Blank while the row has no name, so an unused block of a blank template stays empty."""
    pagu, name, kind = layout.letter("anggaran"), layout.letter("nama"), layout.letter("jenis")
    if last < first:
        return f'=IF({name}{row}="","",0)'
    return (
        f'=IF({name}{row}="","",'
        f'SUMIFS({pagu}{first}:{pagu}{last},{kind}{first}:{kind}{last},"{jenis}"))'
    )


def level_pagu_value(name: CellOut, rows: Sequence[tuple[CellOut, CellOut]], jenis: str) -> CellOut:
    """Python twin of :func:`level_pagu_formula`; ``rows`` are (jenis, pagu) cells."""
    if not _filled(name):
        return ""
    total = sum(
        (
            _number(pagu)
            for kind, pagu in rows
            if isinstance(kind, str) and kind.casefold() == jenis and isinstance(pagu, int | float)
        ),
        Decimal(0),
    )
    return as_cell_number(total)


def total_formula(cells: Sequence[str]) -> str:
    """The grand total (*Jumlah komulatif*): the sum of the program subtotals."""
    return f"=SUM({','.join(cells)})" if cells else "=0"


def total_value(subtotals: Sequence[CellOut]) -> CellOut:
    """Python twin of :func:`total_formula` (text and blanks count as nothing)."""
    return _sum_cell(sum((_number(v) for v in subtotals if not _is_text(v)), Decimal(0)))


def as_cell_number(value: Decimal) -> int | float:
    """A Decimal as a cell stores it: an int when whole, else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def _sum_cell(value: Decimal) -> CellOut:
    """A sum of cells as a cell stores it; beyond what a spreadsheet can hold (about
    1.8e308, a sum of numbers another program wrote) it is blank."""
    if abs(value) >= _FAR_FROM_ZERO:
        number = float(value)
        return number if math.isfinite(number) else ""
    return as_cell_number(value)


_ROW = "\x00"  # stands for the row number in a formula template


@functools.cache
def _check_template(sheet_name: str, sekarang: bool = False) -> str:
    """The CEK formula of a table with the row number left open: the same for every row."""
    from renaksi_xl.core.layout import KEGIATAN, KEGIATAN_SEKARANG, TABLES

    if sekarang:
        return _budget_check_template(KEGIATAN_SEKARANG)
    layout = next(t for t in TABLES if t.sheet == sheet_name)
    quarters = [f"{layout.letter(f'tw{n}')}{_ROW}" for n in range(1, 5)]
    sifat = f"{layout.letter('sifat')}{_ROW}"
    satuan = f"{layout.letter('satuan')}{_ROW}"
    if layout is KEGIATAN:
        annual = kegiatan_annual(layout, _ROW)
        presence = [f"{layout.letter('target')}{_ROW}", f"{layout.letter('aksi_target')}{_ROW}"]
    else:
        annual = f"{layout.letter('target')}{_ROW}"
        presence = [annual]
    return check_formula(annual, quarters, sifat, presence, satuan)


def _budget_check_template(layout: TableLayout) -> str:
    """Today's Kegiatan sheet: on a sub kegiatan row whose Rp TW I–IV are planned, their sum
    must be its pagu (``RP ≠ PAGU``); otherwise, and on every other row, K TW I–IV are
    checked against the annual target by sifat as on the 2020 sheet."""
    from renaksi_xl.core.layout import CHECK_BUDGET, JENIS_SUB_KEGIATAN

    quarters = [f"{layout.letter(f'tw{n}')}{_ROW}" for n in range(1, 5)]
    annual = f"{layout.letter('target')}{_ROW}"
    k_check = check_formula(
        annual,
        quarters,
        f"{layout.letter('sifat')}{_ROW}",
        [annual],
        f"{layout.letter('satuan')}{_ROW}",
    )
    rupiah = f"{layout.letter('rp1')}{_ROW}:{layout.letter('rp4')}{_ROW}"
    pagu = f"{layout.letter('anggaran')}{_ROW}"
    jenis = f"{layout.letter('jenis')}{_ROW}"
    return (
        f'=IF(AND({jenis}="{JENIS_SUB_KEGIATAN}",COUNT({rupiah})>0,'
        f'ROUND(SUM({rupiah})-N({pagu}),0)<>0),"{CHECK_BUDGET}",{k_check[1:]})'
    )


def budget_check_value(jenis: CellOut, rupiah: Sequence[CellOut], pagu: CellOut) -> bool:
    """Python twin of the budget part of :func:`_budget_check_template`: True when a sub
    kegiatan's planned Rp TW I–IV do not add up to its pagu."""
    from renaksi_xl.core.layout import JENIS_SUB_KEGIATAN

    numbers = [_number(v) for v in rupiah if isinstance(v, int | float)]
    if jenis != JENIS_SUB_KEGIATAN or not numbers:
        return False
    pagu_number = _number(pagu) if isinstance(pagu, int | float) else Decimal(0)
    difference = sum(numbers, Decimal(0)) - pagu_number
    return difference.quantize(Decimal(1), rounding=ROUND_HALF_UP) != 0


def check_formula_for(layout: TableLayout, row: int) -> str:
    """The CEK formula of one row of a table sheet."""
    from renaksi_xl.core.layout import KEGIATAN_SEKARANG

    return _check_template(layout.sheet, layout is KEGIATAN_SEKARANG).replace(_ROW, str(row))


def check_row(
    layout: TableLayout,
    row: int,
    value: Callable[[int, str], CellOut],
    percent_formatted: Callable[[int, str], bool] | None = None,
) -> tuple[str, str]:
    """The CEK formula of a row and its result, from the row's values (``value(row, key)``
    gives a cell as written; ``percent_formatted(row, key)`` whether it shows a percent
    format, never when not given: the writer writes none)."""
    from renaksi_xl.core.layout import CHECK_BUDGET, KEGIATAN, KEGIATAN_SEKARANG

    if layout is KEGIATAN_SEKARANG and budget_check_value(
        value(row, "jenis"), [value(row, f"rp{n}") for n in range(1, 5)], value(row, "anggaran")
    ):
        return check_formula_for(layout, row), CHECK_BUDGET
    quarters = [value(row, f"tw{n}") for n in range(1, 5)]
    if layout is KEGIATAN:
        aksi = [value(row, k) for k in ("aksi", "aksi_indikator", "aksi_target")]
        annual = kegiatan_annual_value(value(row, "target"), aksi, value(row, "aksi_target"))
        present = [value(row, "target"), value(row, "aksi_target")]
    else:
        annual = value(row, "target")
        present = [annual]
    keys = [f"tw{n}" for n in range(1, 5)]
    keys += ["target", "aksi_target"] if layout is KEGIATAN else ["target"]
    formatted = percent_formatted is not None and any(
        _filled(value(row, key)) and percent_formatted(row, key) for key in keys
    )
    result = check_value(
        annual,
        quarters,
        value(row, "sifat"),
        present,
        value(row, "satuan"),
        formatted,
        percent_check=True,
    )
    return check_formula_for(layout, row), result
