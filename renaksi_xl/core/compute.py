"""Recomputation, pure: cumulative percentages, program progress, subtotals, shares, total.

- **Cumulative percentage** of an indicator at the end of each quarter, by its *sifat*:
  ``per_triwulan`` — running sum of the TW values ÷ annual target; ``kumulatif`` — the TW
  value ÷ annual target (a quarter with nothing scheduled keeps the level reached);
  ``tetap`` — 100% in every scheduled quarter (blank in the others).
- **Program progress** per quarter is budget-weighted: each kegiatan counts with its share
  of the program's budget, at the cumulative percentage of its own indicator (capped at
  100%; a quarter with nothing scheduled keeps the kegiatan's previous level, 0 before its
  first). A kegiatan without a readable budget or percentage does not count; a program
  with no such kegiatan has no progress.
- **Subtotal** of a program is the sum of its kegiatan budgets (in today's shape a
  kegiatan's budget is the sum of its sub kegiatan pagu); the **grand total** the sum of
  all; a program's **share** is its subtotal ÷ the grand total.

Percentages are exact ``Decimal``; round them only to show them (:func:`rounded`, half up
as spreadsheets do).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from renaksi_xl.core.model import Indikator, Kegiatan, Program, Quantity, Renaksi, Sifat, Target
from renaksi_xl.core.quantity import budget_value
from renaksi_xl.core.sifat import infer, map_indicators

HUNDRED = Decimal(100)
Quarterly = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]
NO_PROGRESS: Quarterly = (None, None, None, None)


def rounded(value: Decimal, places: int = 2) -> Decimal:
    """Half-up rounding, as Excel's ROUND: 2.345 → 2.35."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def effective_sifat(target: Target) -> Sifat | None:
    """The written sifat, else the inferred one."""
    if target.sifat is not None:
        return target.sifat
    inference = infer(target)
    return inference.sifat if inference is not None else None


def cumulative_percent(target: Target, sifat: Sifat | None = None) -> Quarterly:
    """Percentage of the annual target reached by the end of each quarter (see module)."""
    sifat = sifat or effective_sifat(target)
    annual = target.tahunan.value
    if sifat is None or annual is None or annual == 0 or target.tahunan.parts:
        return NO_PROGRESS
    values = [q.value if not q.parts else None for q in target.triwulan]
    if any(v is None and not q.is_empty for v, q in zip(values, target.triwulan, strict=True)):
        return NO_PROGRESS
    result: list[Decimal | None] = []
    level: Decimal | None = None
    for value in values:
        if sifat is Sifat.TETAP:
            result.append(HUNDRED if value is not None else None)
            continue
        if value is not None:
            level = (level or Decimal(0)) + value if sifat is Sifat.PER_TRIWULAN else value
        result.append(level / annual * HUNDRED if level is not None else None)
    return (result[0], result[1], result[2], result[3])


def kegiatan_budget(kegiatan: Kegiatan) -> Decimal | None:
    """A kegiatan's budget: in today's shape the sum of its sub kegiatan pagu (unreadable
    ones count as nothing; a stated kegiatan pagu is not trusted), else its own budget."""
    if kegiatan.sub_kegiatan:
        return sum((budget_value(s.pagu) or Decimal(0) for s in kegiatan.sub_kegiatan), Decimal(0))
    return budget_value(kegiatan.anggaran)


def program_budget(program: Program) -> Decimal:
    """Sum of the program's kegiatan budgets (unreadable budgets count as nothing)."""
    return sum((kegiatan_budget(k) or Decimal(0) for k in program.kegiatan), Decimal(0))


def grand_total(renaksi: Renaksi) -> Decimal:
    """Sum of all kegiatan budgets."""
    return sum((program_budget(p) for p in renaksi.program), Decimal(0))


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``; None when there is no whole."""
    return part / whole * HUNDRED if whole else None


def program_progress(program: Program) -> Quarterly:
    """Budget-weighted cumulative progress of the program's kegiatan, per quarter."""
    weighted: list[tuple[Decimal, Quarterly]] = []
    for kegiatan in program.kegiatan:
        budget = kegiatan_budget(kegiatan)
        progress = cumulative_percent(kegiatan.indikator.target)
        if budget is None or budget <= 0 or progress == NO_PROGRESS:
            continue
        levels: list[Decimal] = []
        for value in progress:
            levels.append(
                min(value, HUNDRED) if value is not None else (levels or [Decimal(0)])[-1]
            )
        weighted.append((budget, (levels[0], levels[1], levels[2], levels[3])))
    weight = sum((b for b, _ in weighted), Decimal(0))
    if not weight:
        return NO_PROGRESS
    result = []
    for quarter in range(4):
        total = sum((b * (p[quarter] or Decimal(0)) for b, p in weighted), Decimal(0))
        result.append(total / weight)
    return (result[0], result[1], result[2], result[3])


def recompute(renaksi: Renaksi) -> Renaksi:
    """A new model with every computed value filled in: each indicator's cumulative
    percentages, each program's subtotal, share and progress, and the grand total. The
    input is not changed."""

    def with_cumulative(indikator: Indikator) -> Indikator:
        target = dataclasses.replace(
            indikator.target, kumulatif=cumulative_percent(indikator.target)
        )
        return dataclasses.replace(indikator, target=target)

    computed = map_indicators(renaksi, with_cumulative)
    total = grand_total(computed)
    programs = tuple(
        dataclasses.replace(
            program,
            subtotal_tertulis=_rupiah(program_budget(program), program.subtotal_tertulis),
            porsi=share(program_budget(program), total),
            progres=program_progress(program),
        )
        for program in computed.program
    )
    return dataclasses.replace(
        computed, program=programs, total_tertulis=_rupiah(total, computed.total_tertulis)
    )


def _rupiah(value: Decimal, stated: Quantity | None) -> Quantity:
    """A computed amount, kept at the place of the stated one."""
    source = stated.source if stated is not None else None
    return Quantity(raw="", value=value, unit="rupiah", unit_text="Rp", source=source)


def weighted_mean(values: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ weight × value ÷ Σ weight; None without weight."""
    weight = sum((w for w, _ in values), Decimal(0))
    if not weight:
        return None
    return sum((w * v for w, v in values), Decimal(0)) / weight
