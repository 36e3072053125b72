"""RNX2xx: annual targets against their quarterly schedule (TW I–IV)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from renaksi_xl.core.findings import Severity
from renaksi_xl.core.model import Quantity, Sifat
from renaksi_xl.core.quantity import UnitType, format_number, unit_type
from renaksi_xl.core.rules import Hit, rule
from renaksi_xl.core.rules.document import (
    TW,
    Document,
    Part,
    Site,
    all_read,
    shown,
    shown_value,
)
from renaksi_xl.core.rules.ketikan import mistyped


def units_compatible(a: str | None, b: str | None) -> bool:
    """Same unit after aliases, or one a more specific form of the other
    (``laporan`` and ``laporan monev``)."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    first, second = a.split(), b.split()
    shorter, longer = sorted((first, second), key=len)
    return longer[: len(shorter)] == shorter


def unit_mismatches(site: Site) -> list[tuple[int, Quantity]]:
    """Quarters whose unit differs from the annual target's."""
    found: list[tuple[int, Quantity]] | None = site.memo.get("units")
    if found is None:
        found = site.memo["units"] = _unit_mismatches(site)
    return found


def _unit_mismatches(site: Site) -> list[tuple[int, Quantity]]:
    annual = site.target.tahunan
    if annual.is_empty or not annual.is_parsed:
        return []
    quarters = site.target.triwulan
    unit = annual.unit
    first, second, third, fourth = quarters
    if (
        not annual.parts
        and first.unit == second.unit == third.unit == fourth.unit == unit
        and not (first.parts or second.parts or third.parts or fourth.parts)
    ):
        return []  # nearly every row: one unit throughout
    found = []
    for index, quarter in enumerate(quarters):
        if quarter.is_empty or not quarter.is_parsed:
            continue
        if bool(annual.parts) != bool(quarter.parts) or len(annual.parts) != len(quarter.parts):
            found.append((index, quarter))
        elif annual.parts:
            if not all(
                units_compatible(a.unit, q.unit)
                for a, q in zip(annual.parts, quarter.parts, strict=True)
            ):
                found.append((index, quarter))
        elif not units_compatible(annual.unit, quarter.unit):
            found.append((index, quarter))
    return found


def checkable_parts(site: Site) -> list[Part]:
    """The series whose arithmetic can be judged: readable, in one unit, not shifted."""
    found: list[Part] | None = site.memo.get("checkable")
    if found is None:
        found = site.memo["checkable"] = _checkable_parts(site)
    return found


def _checkable_parts(site: Site) -> list[Part]:
    target = site.target
    if not all_read(target):
        return []
    if unit_mismatches(site) or site.shifted_quarters() is not None:
        return []
    if mistyped(site):
        return []  # RNX209/RNX210 name the typing slip; a sum error would repeat it
    return [p for p in site.parts() if p.sifat is not None and p.target.tahunan.value is not None]


def _scheduled(part: Part) -> list[tuple[int, Quantity, Decimal]]:
    return [(i, q, q.value) for i, q in enumerate(part.target.triwulan) if q.value is not None]


def _is_percent(part: Part) -> bool:
    return unit_type(part.target.tahunan.unit) is UnitType.PERSEN


def out_of_range(quantity: Quantity) -> bool:
    """A percentage below 0 or above 100: RNX206 reports it, so the rules that compare the
    same cell with the target leave it to that one finding (one finding per cause)."""
    value = quantity.value
    if value is None or unit_type(quantity.unit) is not UnitType.PERSEN:
        return False
    return not Decimal(0) <= value <= Decimal(100)


def _sum_hits(document: Document, percent: bool) -> Iterator[Hit]:
    for site in document.sites:
        for part in checkable_parts(site):
            if part.sifat is not Sifat.PER_TRIWULAN or _is_percent(part) != percent:
                continue
            scheduled = _scheduled(part)
            if not scheduled:
                continue
            annual = part.target.tahunan
            assert annual.value is not None
            total = sum((v for _, _, v in scheduled), Decimal(0))
            if total != annual.value:
                yield Hit(
                    annual.source or site.source,
                    site.item,
                    {
                        "jumlah": shown_value(total, annual.unit, annual.unit_text),
                        "target": shown(annual),
                        "selisih": shown_value(total - annual.value, annual.unit, annual.unit_text),
                        "rincian": " + ".join(
                            shown_value(v, annual.unit) if percent else format_number(v)
                            for _, _, v in scheduled
                        ),
                        "bagian": part.label,
                        "sifat": part.sifat_note,
                    },
                )


@rule(
    "RNX201",
    Severity.ERROR,
    "Jumlah TW tidak sama dengan target tahunan (per triwulan)",
    "Jumlah TW I–IV{bagian}: {rincian} = {jumlah}, padahal target tahunan {target} "
    "(selisih {selisih}){sifat}.",
)
def per_triwulan_sum(document: Document) -> Iterator[Hit]:
    """Sifat ``per triwulan``: tiap TW adalah jumlah triwulan itu sendiri, jadi jumlah TW I–IV
    harus sama dengan target tahunan.

    Salah: target 170 kali, TW 39 + 48 + 48 + 36 = 171 kali.
    Benar: target 1360 bh, TW 316 + 514 + 266 + 264 = 1360 bh.
    """
    yield from _sum_hits(document, percent=False)


@rule(
    "RNX207",
    Severity.ERROR,
    "Bagian persen per triwulan tidak berjumlah 100",
    "Persentase per triwulan{bagian} {rincian} berjumlah {jumlah}, padahal target tahunan "
    "{target} (selisih {selisih}){sifat}.",
)
def percent_shares(document: Document) -> Iterator[Hit]:
    """Persen yang dibagi per triwulan (sifat ``per triwulan``) harus berjumlah tepat
    target tahunan, biasanya 100%.

    Salah: target 100%, TW 22% + 29% + 28% + 22% = 101%.
    Benar: target 100%, TW 18% + 27% + 43% + 12% = 100%.
    """
    yield from _sum_hits(document, percent=True)


@rule(
    "RNX202",
    Severity.ERROR,
    "Nilai kumulatif menurun",
    "Sifat kumulatif{bagian}: {triwulan} = {nilai} lebih rendah dari {sebelumnya} "
    "pada triwulan sebelumnya{sifat}.",
)
def cumulative_decreasing(document: Document) -> Iterator[Hit]:
    """Sifat ``kumulatif``: tiap TW adalah capaian sampai akhir triwulan itu, jadi nilainya
    tidak boleh turun.

    Salah: 25%, 50%, 40%, 100%.
    Benar: 18%, 48%, 72%, 100%.
    """
    for site in document.sites:
        for part in checkable_parts(site):
            if part.sifat is not Sifat.KUMULATIF:
                continue
            highest: tuple[Decimal, Quantity] | None = None
            for index, quarter, value in _scheduled(part):
                if highest is not None and value < highest[0]:
                    yield Hit(
                        quarter.source or site.source,
                        site.item,
                        {
                            "triwulan": TW[index],
                            "nilai": shown(quarter),
                            "sebelumnya": shown(highest[1]),
                            "bagian": part.label,
                            "sifat": part.sifat_note,
                        },
                    )
                if (highest is None or value > highest[0]) and not out_of_range(quarter):
                    highest = (value, quarter)


@rule(
    "RNX203",
    Severity.ERROR,
    "TW terakhir tidak sama dengan target tahunan (kumulatif)",
    "Sifat kumulatif{bagian}: TW terakhir yang dijadwalkan ({triwulan}) = {nilai}, padahal "
    "target tahunan {target}{sifat}.",
)
def cumulative_end(document: Document) -> Iterator[Hit]:
    """Sifat ``kumulatif``: nilai TW terakhir yang dijadwalkan adalah capaian setahun, jadi
    harus sama dengan target tahunan.

    Salah: target 100%, TW 20%, 40%, 60%, 90%.
    Benar: target 100%, TW 18%, 48%, 72%, 100%.
    """
    for site in document.sites:
        for part in checkable_parts(site):
            if part.sifat is not Sifat.KUMULATIF:
                continue
            scheduled = _scheduled(part)
            if not scheduled:
                continue
            index, quarter, value = scheduled[-1]
            annual = part.target.tahunan
            if value != annual.value and not out_of_range(quarter):
                yield Hit(
                    quarter.source or site.source,
                    site.item,
                    {
                        "triwulan": TW[index],
                        "nilai": shown(quarter),
                        "target": shown(annual),
                        "bagian": part.label,
                        "sifat": part.sifat_note,
                    },
                )


@rule(
    "RNX204",
    Severity.ERROR,
    "Nilai tetap tidak sama dengan target tahunan",
    "Sifat tetap{bagian}: {triwulan}, padahal setiap triwulan yang dijadwalkan harus sama "
    "dengan target tahunan {target}{sifat}.",
)
def constant_values(document: Document) -> Iterator[Hit]:
    """Sifat ``tetap``: jumlah yang dijaga setiap triwulan (7 kendaraan, 21 desa), jadi setiap
    TW yang dijadwalkan sama dengan target tahunan.

    Salah: target 21 desa, TW 21, 21, 18, 21 desa.
    Benar: target 7 unit, TW 7, 7, 7, 7 unit.
    """
    for site in document.sites:
        for part in checkable_parts(site):
            if part.sifat is not Sifat.TETAP:
                continue
            annual = part.target.tahunan
            off = [
                (i, q)
                for i, q, value in _scheduled(part)
                if value != annual.value and not out_of_range(q)
            ]
            if off:
                yield Hit(
                    off[0][1].source or site.source,
                    site.item,
                    {
                        "triwulan": _quarter_list(off),
                        "target": shown(annual),
                        "bagian": part.label,
                        "sifat": part.sifat_note,
                    },
                )


def _quarter_list(quarters: list[tuple[int, Quantity]]) -> str:
    """``TW III = 18 desa`` or ``TW I = 3, TW II = 4 (kegiatan)``."""
    return ", ".join(f"{TW[i]} = {shown(q)}" for i, q in quarters)


@rule(
    "RNX205",
    Severity.WARNING,
    "Satuan TW berbeda dari satuan target tahunan",
    "{triwulan} memakai satuan yang berbeda dari target tahunan {target}; jumlah dan capaian "
    "tidak dapat dihitung.",
)
def quarter_units(document: Document) -> Iterator[Hit]:
    """Nilai TW harus memakai satuan target tahunan (setelah ejaan disamakan: ``Keg.`` =
    ``kegiatan``), agar dapat dijumlahkan dan dibandingkan.

    Salah: target 21 TP PKK, TW 21 Desa setiap triwulan.
    Benar: target 21 desa, TW 21 Desa setiap triwulan.
    """
    for site in document.sites:
        mismatches = unit_mismatches(site)
        if mismatches:
            yield Hit(
                mismatches[0][1].source or site.source,
                site.item,
                {"triwulan": _quarter_list(mismatches), "target": shown(site.target.tahunan)},
            )


_ZERO, _HUNDRED = Decimal(0), Decimal(100)


@rule(
    "RNX206",
    Severity.ERROR,
    "Persentase di luar 0–100",
    "{kolom} = {nilai}: persentase harus antara 0% dan 100%.",
)
def percent_range(document: Document) -> Iterator[Hit]:
    """Persentase target dan TW berada di antara 0 dan 100.

    Salah: TW III 130%.
    Benar: TW III 72%.
    """
    for site in document.sites:
        for label, quantity in site.quantities():
            for piece in quantity.parts or (quantity,):
                value = piece.value
                # the bounds first: nearly every value is within them, whatever its unit
                if value is not None and not _ZERO <= value <= _HUNDRED:
                    if unit_type(piece.unit) is not UnitType.PERSEN:
                        continue
                    yield Hit(
                        quantity.source or site.source,
                        site.item,
                        {"kolom": label, "nilai": shown(piece)},
                    )


@rule(
    "RNX208",
    Severity.WARNING,
    "Target tahunan tanpa jadwal triwulan",
    "Target tahunan {target} tidak dijadwalkan pada triwulan mana pun (TW I–IV kosong).",
)
def unscheduled(document: Document) -> Iterator[Hit]:
    """Setiap target tahunan dijadwalkan pada sekurang-kurangnya satu triwulan.

    Salah: target 12 laporan, TW I–IV kosong.
    Benar: target 12 laporan, TW 3, 3, 3, 3 laporan.
    """
    for site in document.sites:
        target = site.target
        if target.tahunan.is_empty or not all(q.is_empty for q in target.triwulan):
            continue
        if site.shifted_quarters() is not None or site.budget_strays():
            continue
        yield Hit(
            target.tahunan.source or site.source, site.item, {"target": shown(target.tahunan)}
        )
