"""*Sifat target*: how quarterly values aggregate to the annual target (DESIGN §2.1).

| sifat          | consistent when                                                   |
|----------------|-------------------------------------------------------------------|
| ``kumulatif``    | values never decrease; the last scheduled value = annual target |
| ``per_triwulan`` | sum of the scheduled values = annual target                     |
| ``tetap``        | every scheduled value = annual target                           |

For old documents the sifat is inferred: the type that fits exactly wins; if none fits, the
closest one is named with its gap. Two things a reviewer reads first come before the gap:
the table (a Program table of percentages that ends at the annual target is cumulative: it is
the program's progress), and the shape of the series (rising to the annual target with one
dip is a cumulative series with an error at the dip, not a stock that missed its level three
times).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal

from renaksi_xl.core.model import Indikator, Quantity, Renaksi, Sifat, Target
from renaksi_xl.core.quantity import UnitType, unit_type
from renaksi_xl.core.record import record

LABELS: dict[Sifat, str] = {
    Sifat.KUMULATIF: "kumulatif",
    Sifat.PER_TRIWULAN: "per triwulan",
    Sifat.TETAP: "tetap",
}


@functools.lru_cache(maxsize=64)
def parse_sifat(text: str) -> Sifat | None:
    """``per triwulan``/``per_triwulan``/``Pertriwulan``/``kumulatif``/``tetap`` → Sifat."""
    key = "".join(ch for ch in text.casefold() if ch.isalpha())
    aliases = {
        "kumulatif": Sifat.KUMULATIF,
        "komulatif": Sifat.KUMULATIF,
        "pertriwulan": Sifat.PER_TRIWULAN,
        "triwulanan": Sifat.PER_TRIWULAN,
        "tetap": Sifat.TETAP,
    }
    return aliases.get(key)


@record
class Fit:
    """How well a target's schedule fits one sifat: exact, or off by ``gap``."""

    sifat: Sifat
    exact: bool
    gap: Decimal
    detail: str


@record
class Inference:
    """The inferred sifat and the fits of every type it considered."""

    sifat: Sifat
    exact: bool
    fits: tuple[Fit, ...]

    @property
    def best(self) -> Fit:
        """The fit of the chosen sifat."""
        return next(f for f in self.fits if f.sifat is self.sifat)


def scheduled_values(target: Target) -> list[tuple[int, Decimal]] | None:
    """(quarter index, value) of every scheduled quarter, or None when a quarter or the
    annual target is not a single number (compound, unreadable)."""
    values = []
    for index, quarter in enumerate(target.triwulan):
        if quarter.is_empty:
            continue
        if quarter.value is None or quarter.parts:
            return None
        values.append((index, quarter.value))
    return values


def fit(sifat: Sifat, annual: Decimal, values: Sequence[Decimal]) -> Fit:
    """How the scheduled values fit one sifat against the annual target."""
    if sifat is Sifat.PER_TRIWULAN:
        total = sum(values, Decimal(0))
        gap = total - annual
        return Fit(sifat, gap == 0, gap, f"jumlah TW {total}")
    if sifat is Sifat.TETAP:
        off = [v for v in values if v != annual]
        gap = max((abs(v - annual) for v in off), default=Decimal(0))
        return Fit(sifat, not off, gap, f"{len(off)} TW tidak sama dengan target tahunan")
    decreases = sum(1 for a, b in itertools.pairwise(values) if b < a)
    last = values[-1] if values else Decimal(0)
    gap = last - annual
    detail = f"TW terakhir {last}" + (f", {decreases} kali menurun" if decreases else "")
    penalty = Decimal(decreases) * max(abs(annual), Decimal(1))
    return Fit(sifat, gap == 0 and not decreases, abs(gap) + penalty, detail)


def preference(annual: Quantity) -> tuple[Sifat, ...]:
    """Tie-break when several types fit: percentages are usually cumulative, counts usually
    per quarter, and a value repeated every quarter is a stock (tetap)."""
    if unit_type(annual.unit) is UnitType.PERSEN:
        return (Sifat.KUMULATIF, Sifat.TETAP, Sifat.PER_TRIWULAN)
    return (Sifat.PER_TRIWULAN, Sifat.TETAP, Sifat.KUMULATIF)


PROGRAM_TABLE = "Program"
"""The table whose percentages are the programs' progress (``table`` of :func:`infer`)."""


def rises_with_one_dip(annual: Decimal, values: Sequence[Decimal]) -> bool:
    """The shape of a cumulative series with one mistake: it ends at the annual target,
    ends higher than it starts, and decreases exactly once (``20%, 45%, 40%, 100%``)."""
    decreases = sum(1 for a, b in itertools.pairwise(values) if b < a)
    return decreases == 1 and values[-1] == annual and values[0] < values[-1]


def infer(target: Target, table: str | None = None) -> Inference | None:
    """Infer the sifat of a target from its numbers (and the ``table`` it stands in, e.g.
    :data:`PROGRAM_TABLE`); None when it has none to judge by."""
    annual = target.tahunan.value
    scheduled = scheduled_values(target)
    if annual is None or target.tahunan.parts or not scheduled:
        return None
    values = [v for _, v in scheduled]
    order = preference(target.tahunan)
    fits = tuple(fit(s, annual, values) for s in order)
    cumulative = next(f for f in fits if f.sifat is Sifat.KUMULATIF)
    percent = unit_type(target.tahunan.unit) is UnitType.PERSEN
    if table == PROGRAM_TABLE and percent and values[-1] == annual:
        return Inference(Sifat.KUMULATIF, cumulative.exact, fits)
    exact = [f for f in fits if f.exact]
    if exact:
        return Inference(exact[0].sifat, True, fits)
    if rises_with_one_dip(annual, values):
        return Inference(Sifat.KUMULATIF, False, fits)
    scale = max(abs(annual), Decimal(1))
    closest = min(fits, key=lambda f: (abs(f.gap) / scale, order.index(f.sifat)))
    return Inference(closest.sifat, False, fits)


def with_inferred_sifat(renaksi: Renaksi) -> Renaksi:
    """Every indicator without a sifat gets the inferred one (marked ``sifat_inferred``)."""

    def infer_one(indikator: Indikator, table: str | None = None) -> Indikator:
        target = indikator.target
        if target.sifat is not None:
            return indikator
        inference = infer(target, table)
        if inference is None:
            return indikator
        new_target = dataclasses.replace(target, sifat=inference.sifat, sifat_inferred=True)
        return dataclasses.replace(indikator, target=new_target)

    return map_indicators(renaksi, infer_one, functools.partial(infer_one, table=PROGRAM_TABLE))


def map_indicators(
    renaksi: Renaksi,
    change: Callable[[Indikator], Indikator],
    program_change: Callable[[Indikator], Indikator] | None = None,
) -> Renaksi:
    """A copy of the document with ``change`` applied to every indicator of every table
    (``program_change`` instead, if given, to those of the Program table)."""
    program_change = program_change or change
    sasaran = tuple(
        dataclasses.replace(s, indikator=tuple(change(i) for i in s.indikator))
        for s in renaksi.sasaran
    )
    programs = []
    for program in renaksi.program:
        kegiatan = []
        for item in program.kegiatan:
            aksi = tuple(dataclasses.replace(a, indikator=change(a.indikator)) for a in item.aksi)
            changed = dataclasses.replace(item, indikator=change(item.indikator), aksi=aksi)
            if item.sub_kegiatan:
                changed = dataclasses.replace(
                    changed,
                    sub_kegiatan=tuple(
                        dataclasses.replace(
                            sub,
                            indikator=change(sub.indikator),
                            aksi=tuple(
                                dataclasses.replace(a, indikator=change(a.indikator))
                                for a in sub.aksi
                            ),
                        )
                        for sub in item.sub_kegiatan
                    ),
                )
            kegiatan.append(changed)
        programs.append(
            dataclasses.replace(
                program,
                indikator=tuple(program_change(i) for i in program.indikator),
                kegiatan=tuple(kegiatan),
            )
        )
    return dataclasses.replace(renaksi, sasaran=sasaran, program=tuple(programs))


@record
class InferenceCounts:
    """How many indicators got an inferred sifat, how many of those fit no type exactly,
    and how many had nothing to infer from."""

    inferred: int
    inexact: int
    unknown: int


def infer_counts(renaksi: Renaksi) -> InferenceCounts:
    """Count what :func:`with_inferred_sifat` would do to the document."""
    results = []

    def record(indikator: Indikator, table: str | None = None) -> Indikator:
        if indikator.target.sifat is None:
            results.append(infer(indikator.target, table))
        return indikator

    map_indicators(renaksi, record, functools.partial(record, table=PROGRAM_TABLE))
    return InferenceCounts(
        inferred=sum(1 for r in results if r is not None),
        inexact=sum(1 for r in results if r is not None and not r.exact),
        unknown=sum(1 for r in results if r is None),
    )
