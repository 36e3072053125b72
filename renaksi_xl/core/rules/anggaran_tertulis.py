"""RNX305–RNX306: the amounts a document states besides its sub kegiatan's pagu. None is
below zero, and the Rp per quarter a kegiatan or program states equals the sum of its sub
kegiatan's for that quarter (a defect of one sub kegiatan is reported there, by RNX102).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from renaksi_xl.core.findings import Severity
from renaksi_xl.core.model import Quantity, Source
from renaksi_xl.core.quantity import budget_value, rupiah
from renaksi_xl.core.rules import Hit, rule
from renaksi_xl.core.rules.anggaran import readable_budget, stated_kegiatan_pagu
from renaksi_xl.core.rules.document import TW, Document, SubKegiatanEntry, program_path

_RP_PROGRAM = tuple(f"Rp {quarter} program" for quarter in TW)
_RP_KEGIATAN = tuple(f"Rp {quarter} kegiatan" for quarter in TW)
_RP_SUB = tuple(f"Rp {quarter} sub kegiatan" for quarter in TW)


def _stated_amounts(document: Document) -> Iterator[tuple[str, Quantity, str]]:
    """(what, amount, item) of every amount a document states that must not be below zero
    and that RNX301 does not judge itself: each Rp per quarter of a sub kegiatan, kegiatan
    and program, and the pagu kegiatan and program rows and the total row state."""
    for number, program in enumerate(document.renaksi.program, start=1):
        path = program_path(program, number)
        for label, quantity in zip(_RP_PROGRAM, program.anggaran_triwulan, strict=False):
            yield label, quantity, path
        if program.subtotal_tertulis is not None:
            current = any(k.sub_kegiatan for k in program.kegiatan)
            yield (
                ("Pagu program" if current else "Subtotal program"),
                program.subtotal_tertulis,
                path,
            )
    for entry in document.kegiatan:
        kegiatan = entry.kegiatan
        for label, quantity in zip(_RP_KEGIATAN, kegiatan.anggaran_triwulan, strict=False):
            yield label, quantity, entry.item
        stated = stated_kegiatan_pagu(kegiatan) if kegiatan.sub_kegiatan else None
        if stated is not None:
            yield "Pagu kegiatan", stated, entry.item
    for sub_entry in document.sub_kegiatan:
        for label, quantity in zip(_RP_SUB, sub_entry.sub.anggaran_triwulan, strict=False):
            yield label, quantity, sub_entry.item
    total = document.renaksi.total_tertulis
    if total is not None:
        yield "Jumlah komulatif", total, "Jumlah komulatif"


@rule(
    "RNX305",
    Severity.ERROR,
    "Rencana anggaran (Rp) per triwulan atau pagu tertulis negatif",
    "{tingkat} negatif: {jumlah} (tertulis '{tertulis}'); anggaran tidak boleh kurang dari "
    "nol{keterangan}.",
)
def negative_amounts(document: Document) -> Iterator[Hit]:
    """Rencana anggaran (Rp) per triwulan, pagu kegiatan dan program, dan *Jumlah komulatif*
    yang tertulis tidak negatif. Angka dalam kurung seperti ``(1.000.000)`` adalah cara format
    akuntansi menulis minus (pagu sub kegiatan dan anggaran kegiatan diperiksa RNX301).

    Salah: Rp TW II ``(1.000.000)`` atau ``-2.500.000``; pagu kegiatan ``(Rp 10.000.000)``.
    Benar: Rp TW II ``1.000.000`` atau ``-`` (nol).
    """
    for what, quantity, item in _stated_amounts(document):
        value = budget_value(quantity)
        if value is None or value >= 0:
            continue
        bracket = quantity.note is None and quantity.raw.strip().strip('"').strip().endswith(")")
        yield Hit(
            quantity.source,
            item,
            {
                "tingkat": what,
                "jumlah": rupiah(value),
                "tertulis": quantity.raw.strip(),
                "keterangan": (
                    " (angka dalam kurung berarti minus dalam format akuntansi)" if bracket else ""
                ),
            },
        )


def _quarter_sum(
    subs: list[SubKegiatanEntry], index: int
) -> tuple[Decimal, list[tuple[SubKegiatanEntry, Decimal]]] | None:
    """Σ of the sub kegiatan's Rp for one quarter (blank or ``-`` counts as nothing), with
    each one's amount; None when one of them cannot be read (RNX102 says so there)."""
    amounts = []
    for entry in subs:
        plan = entry.sub.anggaran_triwulan
        quantity = plan[index] if index < len(plan) else Quantity()
        if quantity.is_empty:
            amounts.append((entry, Decimal(0)))
            continue
        value = budget_value(quantity)
        if value is None or not readable_budget(quantity):
            return None
        amounts.append((entry, value))
    return sum((v for _, v in amounts), Decimal(0)), amounts


def _parent_quarters(
    plan: tuple[Quantity, ...],
    subs: list[SubKegiatanEntry],
    fallback: Source | None,
    item: str,
    level: str,
) -> Iterator[Hit]:
    """A hit for each quarter whose Rp a kegiatan or program states (a written ``-`` is a
    stated zero, a blank cell states nothing) and that differs from its sub kegiatan's."""
    if not subs:
        return
    for index, stated in enumerate(plan[:4]):
        if not stated.raw.strip():
            continue  # not stated
        value = Decimal(0) if stated.is_empty else budget_value(stated)
        if value is None or value < 0 or not (stated.is_empty or readable_budget(stated)):
            continue  # unreadable (RNX102) or below zero (RNX305) there
        summed = _quarter_sum(subs, index)
        if summed is None or summed[0] == value:
            continue
        total, amounts = summed
        named = [(e, v) for e, v in amounts if v] or amounts
        rincian = ", ".join(f"{e.label} {rupiah(v)}" for e, v in named[:4])
        if len(named) > 4:
            rincian += f" dan {len(named) - 4} lainnya"
        yield Hit(
            stated.source or fallback,
            item,
            {
                "tingkat": level,
                "triwulan": TW[index],
                "tertulis": rupiah(value),
                "jumlah": rupiah(total),
                "selisih": rupiah(value - total),
                "rincian": rincian,
            },
        )


@rule(
    "RNX306",
    Severity.WARNING,
    "Rp per triwulan kegiatan atau program tidak sama dengan jumlah Rp sub kegiatannya",
    "Rp {triwulan} {tingkat} tertulis {tertulis}, padahal jumlah Rp {triwulan} sub "
    "kegiatannya {jumlah} (selisih {selisih}): {rincian}.",
)
def parent_quarterly_budget(document: Document) -> Iterator[Hit]:
    """Rp per triwulan yang tertulis pada baris kegiatan atau program sama dengan jumlah Rp
    triwulan itu pada sub kegiatannya (bentuk Permendagri 90/2019).

    Salah: kegiatan menulis Rp TW I 5.000.000, sub kegiatannya 3.250.000 + 2.400.000.
    Benar: Rp TW I kegiatan 5.650.000.
    """
    for number, program in enumerate(document.renaksi.program, start=1):
        subs = document.program_sub_kegiatan(program)
        yield from _parent_quarters(
            program.anggaran_triwulan,
            subs,
            program.source,
            program_path(program, number),
            "program",
        )
    for entry in document.kegiatan:
        kegiatan = entry.kegiatan
        yield from _parent_quarters(
            kegiatan.anggaran_triwulan,
            document.sub_kegiatan_of.get(id(kegiatan), []),
            kegiatan.source,
            entry.item,
            "kegiatan",
        )
