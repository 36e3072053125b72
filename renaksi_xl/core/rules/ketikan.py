"""RNX209–RNX210: numbers Excel changed while they were typed.

Excel stores what it understood, not what was typed: ``18%`` becomes 0,18 (a percent format
shows it, but the ribbon and values-only readers see 0,18), and ``1.360`` typed on a PC set
to an English locale becomes 1,36. Where a row shows exactly that, one finding names the
cause, and the sum and cumulative rules stay quiet on the row (one finding per cause).
"""

from __future__ import annotations

import functools
import itertools
import typing
from collections.abc import Iterator, Sequence
from decimal import Decimal

from renaksi_xl.core.findings import Severity
from renaksi_xl.core.model import Quantity, Sifat
from renaksi_xl.core.quantity import UnitType, format_number, unit_type
from renaksi_xl.core.record import record
from renaksi_xl.core.rules import Hit, rule
from renaksi_xl.core.rules.document import TW, Document, Site

HUNDRED = Decimal(100)
THOUSAND = Decimal(1000)
# counted things: never a fraction (metres, hectares and index values may be)
_FRACTIONAL_UNITS = frozenset({"meter", "km", "ha", "nilai", "tahun", "bulan", "hari"})


@record
class Typed:
    """A cell whose stored number is not what was typed: where, what is stored, what the
    typist meant."""

    label: str
    quantity: Quantity
    stored: Decimal
    meant: Decimal


def _single(quantity: Quantity) -> bool:
    return not quantity.parts and quantity.problem is None and quantity.value is not None


def _series(site: Site) -> tuple[Quantity, list[tuple[int, Quantity]]] | None:
    """The annual target and the scheduled quarters, when all are single numbers."""
    target = site.target
    annual = target.tahunan
    if not _single(annual):
        return None
    scheduled = [(i, q) for i, q in enumerate(target.triwulan) if not q.is_empty]
    if not scheduled or not all(_single(q) for _, q in scheduled):
        return None
    return annual, scheduled


def fits(annual: Decimal, values: Sequence[Decimal], sifat: Sifat | None) -> bool:
    """Whether the scheduled values agree with the annual target for the sifat (any sifat
    when none is written)."""
    if not values:
        return False
    if sifat is None:
        return any(_fits(annual, values, each) for each in Sifat)
    return _fits(annual, values, sifat)


def _fits(annual: Decimal, values: Sequence[Decimal], sifat: Sifat) -> bool:
    if sifat is Sifat.PER_TRIWULAN:
        return sum(values, Decimal(0)) == annual
    if sifat is Sifat.KUMULATIF:
        return values[-1] == annual and all(b >= a for a, b in itertools.pairwise(values))
    return all(v == annual for v in values)


def percent_typed(site: Site) -> list[Typed]:
    """Cells of a percent row typed as ``18%`` (stored 0,18) where the rest of the row holds
    whole percentages, or the reverse; empty when the row shows no such thing."""
    found: list[Typed] | None = site.memo.get("percent_typed")
    if found is None:
        found = site.memo["percent_typed"] = _percent_typed(site)
    return found


def _percent_typed(site: Site) -> list[Typed]:
    if unit_type(site.target.tahunan.unit) is not UnitType.PERSEN:
        return []  # first: most rows count things
    series = _series(site)
    if series is None:
        return []
    annual, scheduled = series
    if any(unit_type(q.unit) is not UnitType.PERSEN for _, q in scheduled):
        return []
    target = typing.cast(Decimal, annual.value)
    values = [typing.cast(Decimal, q.value) for _, q in scheduled]
    if fits(target, values, site.target.sifat):
        return []  # 1% reached in quarters of 0,25% is a plan, not a typing slip
    if target >= 1 and all(v <= 1 for v in values) and any(v > 0 for v in values):
        return [
            Typed(TW[i], q, v, v * HUNDRED)
            for (i, q), v in zip(scheduled, values, strict=True)
            if v > 0
        ]
    if 0 < target <= 1 and max(values) > 1 and max(values) == target * HUNDRED:
        return [Typed("target tahunan", annual, target, target * HUNDRED)]
    return []


def locale_typed(site: Site) -> list[Typed]:
    """Cells of a count row holding a fraction that, read as thousands (``1,36`` as
    ``1.360``), makes the row agree with its annual target."""
    found: list[Typed] | None = site.memo.get("locale_typed")
    if found is None:
        found = site.memo["locale_typed"] = _locale_typed(site)
    return found


@functools.lru_cache(maxsize=1024)
def _is_count(unit: str | None) -> bool:
    return (
        unit_type(unit) is UnitType.JUMLAH
        and unit is not None
        and unit.split()[0] not in _FRACTIONAL_UNITS
    )


def _thousands(value: Decimal) -> Decimal | None:
    """``1.36`` → 1360: a fraction with at most three decimals, as thousands."""
    if value == value.to_integral_value() or value < 1:
        return None
    meant = value * THOUSAND
    return meant if meant == meant.to_integral_value() else None


def _locale_typed(site: Site) -> list[Typed]:
    planned = site.target
    if not _is_count(planned.tahunan.unit):
        return []
    for quantity in (planned.tahunan, *planned.triwulan):
        value = quantity.value
        if value is not None and value != value.to_integral_value():
            break
    else:
        return []  # nearly every row: no fraction, so nothing read as thousands
    series = _series(site)
    if series is None:
        return []
    annual, scheduled = series
    target = typing.cast(Decimal, annual.value)
    values = [typing.cast(Decimal, q.value) for _, q in scheduled]
    found: list[Typed] = []
    meant_target = _thousands(target)
    if meant_target is not None:
        found.append(Typed("target tahunan", annual, target, meant_target))
    meant_values = []
    for (index, quarter), value in zip(scheduled, values, strict=True):
        meant = _thousands(value)
        if meant is not None:
            found.append(Typed(TW[index], quarter, value, meant))
        meant_values.append(meant if meant is not None else value)
    if not found:  # fractions, but none that reads as thousands
        return []
    sifat = site.target.sifat
    if fits(target, values, sifat) or not fits(meant_target or target, meant_values, sifat):
        return []
    return found


def mistyped(site: Site) -> bool:
    """Whether one of this module's rules explains the row's arithmetic: the sum and
    cumulative rules then leave it to that finding."""
    return bool(percent_typed(site) or locale_typed(site))


def _hit(site: Site, cells: list[Typed], context: dict[str, str]) -> Hit:
    first = cells[0]
    return Hit(first.quantity.source or site.source, site.item, context)


def _list(cells: list[Typed], value: typing.Callable[[Typed], str]) -> str:
    return ", ".join(f"{c.label} {value(c)}" for c in cells)


@rule(
    "RNX209",
    Severity.ERROR,
    "Persen tersimpan sebagai pecahan (diketik dengan tanda %)",
    "Satuan %: angka {kolom} tampaknya diketik sebagai {persen} (tersimpan {tersimpan}); "
    "ketik angka persennya: {angka}, bukan {persen} atau {tersimpan} ({rincian}).",
)
def percent_as_fraction(document: Document) -> Iterator[Hit]:
    """Pada baris bersatuan %, Excel menyimpan ketikan ``18%`` sebagai 0,18. Bila target
    tahunan 100 sementara TW semuanya 1 atau kurang (atau sebaliknya), angka itu diketik
    dengan tanda %: ketik angka persennya saja. Aturan jumlah dan kumulatif tidak ikut
    melaporkan baris itu.

    Salah: satuan %, target 100, TW 0,18; 0,48; 0,72; 1.
    Benar: satuan %, target 100, TW 18; 48; 72; 100.
    """
    for site in document.sites:
        cells = percent_typed(site)
        if not cells:
            continue
        first = next((c for c in cells if c.stored < 1), cells[0])
        yield _hit(
            site,
            [first],
            {
                "kolom": "TW" if first.label in TW else first.label,
                "persen": f"{format_number(first.meant)}%",
                "tersimpan": format_number(first.stored),
                "angka": format_number(first.meant),
                "rincian": _list(
                    cells,
                    lambda c: f"{format_number(c.stored)} → {format_number(c.meant)}",
                ),
            },
        )


@rule(
    "RNX210",
    Severity.ERROR,
    "Ribuan terbaca sebagai desimal (Excel berbahasa Inggris)",
    "{kolom} = {tersimpan} {satuan}: satuan hitungan tidak berpecahan; tampaknya {ketikan} "
    "diketik di Excel berbahasa Inggris, yang membaca titik sebagai desimal (tersimpan "
    "{tersimpan}). Ketik {angka} tanpa titik ({rincian}).",
)
def thousands_as_decimal(document: Document) -> Iterator[Hit]:
    """Excel dengan pengaturan bahasa Inggris membaca ``1.360`` sebagai 1,36. Pada satuan
    hitungan (bh, orang, dokumen, …) pecahan seperti itu, yang bila dibaca sebagai ribuan
    membuat TW sesuai dengan target tahunan, dilaporkan sekali, bukan sebagai selisih jumlah.

    Salah: target 1.360 bh, TW 316; 514; 266; 0,264 bh.
    Benar: target 1.360 bh, TW 316; 514; 266; 264 bh.
    """
    for site in document.sites:
        cells = locale_typed(site)
        if not cells:
            continue
        first = cells[0]
        meant = format_number(first.meant)
        unit = site.target.tahunan.unit_text or site.target.tahunan.unit or ""
        yield _hit(
            site,
            cells,
            {
                "kolom": first.label,
                "tersimpan": format_number(first.stored),
                "satuan": unit,
                "ketikan": meant,
                "angka": str(int(first.meant)),
                "rincian": _list(
                    cells,
                    lambda c: f"{format_number(c.stored)} → {format_number(c.meant)}",
                ),
            },
        )
