"""RNX301–RNX304: budgets in whole rupiah, stated pagu of kegiatan and program against their
children, the grand total, and the plan per quarter (RNX305–RNX306, the amounts a document
states above its sub kegiatan, are in :mod:`renaksi_xl.core.rules.anggaran_tertulis`).

In today's shape (Permendagri 90/2019) the pagu sits on the sub kegiatan: a defect there is
reported at the sub kegiatan, and a stated pagu of its kegiatan or program (or the total)
that differs only because of it (a pagu that could not be added, or one that differs from
its own Rp per quarter while the parent added the Rp) is a warning naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from renaksi_xl.core.compute import kegiatan_budget
from renaksi_xl.core.findings import Severity
from renaksi_xl.core.model import Kegiatan, Quantity, Source
from renaksi_xl.core.quantity import budget_value, rupiah
from renaksi_xl.core.rules import Hit, rule
from renaksi_xl.core.rules.document import TW, Document, SubKegiatanEntry, program_path


def readable_budget(quantity: Quantity) -> bool:
    """An amount that can be added: read, single, in rupiah or without a unit."""
    return quantity.is_parsed and not quantity.parts and quantity.unit in (None, "rupiah")


def _budget_problem(budget: Quantity) -> str | None:
    """Why a budget cell is not a whole, non-negative rupiah amount; None when it is, or
    when it cannot be read at all (RNX102 says why)."""
    if budget.is_empty:
        return "kosong"
    if not budget.is_parsed:
        return None
    if budget.parts or budget.unit not in (None, "rupiah") or budget.value is None:
        return f"bukan rupiah: '{budget.raw.strip()}'"
    if budget.value < 0:
        return f"negatif: {rupiah(budget.value)}"
    if budget.value != budget.value.to_integral_value():
        return f"tidak bulat: {rupiah(budget.value)}"
    return None


def stated_kegiatan_pagu(kegiatan: Kegiatan) -> Quantity | None:
    """The pagu a kegiatan row with sub kegiatan states (a reader may have put it in
    ``anggaran``), if readable."""
    stated = kegiatan.pagu_tertulis
    if stated is None and not kegiatan.anggaran.is_empty:
        stated = kegiatan.anggaran
    if stated is None or stated.value is None or not readable_budget(stated):
        return None
    return stated


def _negative(stated: Quantity) -> bool:
    """A stated amount below zero: RNX305 names it at its cell, a difference would not."""
    return stated.value is not None and stated.value < 0


def _unadded(subs: Iterable[SubKegiatanEntry]) -> list[SubKegiatanEntry]:
    """Sub kegiatan whose pagu is not a rupiah amount and so counts as nothing in a sum."""
    return [s for s in subs if s.sub.pagu.value is None or not readable_budget(s.sub.pagu)]


def _plan_total(plan: tuple[Quantity, ...]) -> Decimal | None:
    """Σ of a plan per quarter (Rp TW I–IV), or None when nothing is planned or a planned
    cell cannot be read."""
    total, planned = Decimal(0), False
    for quantity in plan:
        if quantity.is_empty:
            continue
        value = budget_value(quantity)
        if value is None:
            return None
        total, planned = total + value, True
    return total if planned else None


def _names(subs: list[SubKegiatanEntry]) -> str:
    return ", ".join(s.label for s in subs[:3]) + (" dan lainnya" if len(subs) > 3 else "")


def _cause(subs: list[SubKegiatanEntry], stated: Decimal, total: Decimal) -> str:
    """Why a stated pagu differs from the sum of its sub kegiatan, when a sub kegiatan's own
    defect explains it: its pagu could not be added, or the stated amount is what the sum
    would be with that sub kegiatan's pagu equal to its Rp per quarter (RNX304 there)."""
    unadded = _unadded(subs)
    if unadded:
        return (
            f"; pagu sub kegiatan {_names(unadded)} kosong atau tidak terbaca sehingga tidak "
            "ikut dijumlahkan: perbaiki pagu itu dahulu"
        )
    disputed: list[tuple[SubKegiatanEntry, Decimal]] = []
    for entry in subs:
        planned = _plan_total(entry.sub.anggaran_triwulan)
        pagu = budget_value(entry.sub.pagu)
        if planned is not None and pagu is not None and planned != pagu:
            disputed.append((entry, planned - pagu))
    if disputed and stated == total + sum((d for _, d in disputed), Decimal(0)):
        return (
            f"; sama dengan jumlahnya bila pagu sub kegiatan {_names([e for e, _ in disputed])} "
            "sebesar jumlah Rp per triwulannya, yang tidak sama dengan pagunya: periksa pagu "
            "itu dahulu"
        )
    return ""


def _difference(
    label: str,
    stated: Quantity,
    total: Decimal,
    dasar: str,
    subs: list[SubKegiatanEntry],
    fallback: Source | None,
    item: str,
    because: str = "",
) -> Hit:
    """A stated amount that differs from the sum of its parts: an error, or a warning when
    the defect of a sub kegiatan (:func:`_cause`) or (``because``) of a kegiatan explains it,
    naming that one."""
    value = stated.value or Decimal(0)
    because = _cause(subs, value, total) or because
    tertulis, jumlah, selisih = rupiah(value), rupiah(total), rupiah(value - total)
    context = {
        "label": label,
        "tertulis": tertulis,
        "jumlah": jumlah,
        "selisih": selisih,
        "dasar": dasar,
        "keterangan": because,
        # RNX301's template names the level and the problem in its own words
        "tingkat": label,
        "masalah": f"tertulis {tertulis}, padahal jumlah {dasar} {jumlah} (selisih {selisih})",
    }
    severity = Severity.WARNING if because else None
    return Hit(stated.source or fallback, item, context, severity)


@rule(
    "RNX301",
    Severity.ERROR,
    "Anggaran atau pagu kosong, negatif, tidak bulat, atau tidak sama dengan sub kegiatannya",
    "{tingkat} {masalah}{keterangan}.",
)
def kegiatan_budget_rule(document: Document) -> Iterator[Hit]:
    """Setiap kegiatan (bentuk lama) atau sub kegiatan (Permendagri 90/2019) punya anggaran
    atau pagu dalam rupiah bulat yang tidak negatif, dan pagu kegiatan yang tertulis sama
    dengan jumlah pagu sub kegiatannya.

    Salah: anggaran kosong, ``-5.000.000``, ``1.500.000,50`` atau ``12 kali``; pagu kegiatan
    tertulis 95.400.000 untuk sub kegiatan 6.500.000 + 20.000.000 + 68.000.000.
    Benar: ``20.381.000``; pagu kegiatan 94.500.000.
    """
    for entry in document.kegiatan:
        kegiatan = entry.kegiatan
        if kegiatan.sub_kegiatan:
            stated = stated_kegiatan_pagu(kegiatan)
            subs = document.sub_kegiatan_of.get(id(kegiatan), [])
            total = kegiatan_budget(kegiatan) or Decimal(0)
            if stated is None or stated.value == total or _negative(stated):
                continue
            yield _difference(
                "Pagu kegiatan",
                stated,
                total,
                "pagu sub kegiatannya",
                subs,
                kegiatan.source,
                entry.item,
            )
            continue
        budget = kegiatan.anggaran
        problem = _budget_problem(budget)
        if problem is not None:
            yield Hit(
                budget.source or kegiatan.source,
                entry.item,
                {"tingkat": "Anggaran kegiatan", "masalah": problem, "keterangan": ""},
            )
    for sub_entry in document.sub_kegiatan:
        pagu = sub_entry.sub.pagu
        problem = _budget_problem(pagu)
        if problem is not None:
            yield Hit(
                pagu.source or sub_entry.sub.source,
                sub_entry.item,
                {"tingkat": "Pagu sub kegiatan", "masalah": problem, "keterangan": ""},
            )


def _kegiatan_sum(kegiatan: Iterable[Kegiatan]) -> Decimal:
    return sum((kegiatan_budget(k) or Decimal(0) for k in kegiatan), Decimal(0))


@rule(
    "RNX302",
    Severity.ERROR,
    "Subtotal (pagu) program tidak sama dengan jumlah kegiatannya",
    "{label} tertulis {tertulis}, padahal jumlah {dasar} {jumlah} (selisih {selisih}){keterangan}.",
)
def program_subtotal(document: Document) -> Iterator[Hit]:
    """Subtotal anggaran (pagu) program sama dengan jumlah anggaran kegiatannya; dalam bentuk
    Permendagri 90/2019, dengan jumlah pagu sub kegiatannya.

    Salah: subtotal 290.000.000 untuk kegiatan 20.381.000 + 1.800.000 + … = 287.238.000.
    Benar: subtotal 287.238.000.
    """
    for number, program in enumerate(document.renaksi.program, start=1):
        stated = program.subtotal_tertulis
        if stated is None or stated.value is None or not readable_budget(stated):
            continue
        total = _kegiatan_sum(program.kegiatan)
        if stated.value == total or _negative(stated):
            continue
        current = any(k.sub_kegiatan for k in program.kegiatan)
        subs = document.program_sub_kegiatan(program)
        yield _difference(
            "Pagu program" if current else "Subtotal program",
            stated,
            total,
            "pagu sub kegiatannya" if current else "anggaran kegiatannya",
            subs,
            program.source,
            program_path(program, number),
            _follows_kegiatan(program.kegiatan, stated.value) if current else "",
        )


def _follows_kegiatan(kegiatan: tuple[Kegiatan, ...], stated: Decimal) -> str:
    """When a program states the sum of its kegiatan rows' pagu and only some of those differ
    from their sub kegiatan (RNX301 there), which ones; else ``""``."""
    written = [stated_kegiatan_pagu(k) for k in kegiatan]
    if any(w is None for w in written):
        return ""
    if sum((w.value or Decimal(0) for w in written if w is not None), Decimal(0)) != stated:
        return ""
    wrong = [
        k.kode or k.nama.value
        for k, w in zip(kegiatan, written, strict=True)
        if w is not None and w.value != kegiatan_budget(k)
    ]
    return (
        f"; sama dengan jumlah pagu kegiatan yang tertulis, jadi selisihnya berasal dari pagu "
        f"kegiatan {', '.join(wrong)} yang tidak sama dengan jumlah sub kegiatannya"
    )


@rule(
    "RNX303",
    Severity.ERROR,
    "Jumlah komulatif tidak sama dengan jumlah semua kegiatan",
    "{label} tertulis {tertulis}, padahal jumlah {dasar} {jumlah} (selisih {selisih}){keterangan}.",
)
def grand_total(document: Document) -> Iterator[Hit]:
    """*Jumlah komulatif* sama dengan jumlah anggaran semua kegiatan; dalam bentuk
    Permendagri 90/2019, jumlah pagu sama dengan jumlah pagu semua sub kegiatan.

    Salah: tertulis 1.000.000.000, kegiatan berjumlah 1.021.600.000.
    Benar: tertulis 1.021.600.000.
    """
    stated = document.renaksi.total_tertulis
    if stated is None or stated.value is None or not readable_budget(stated):
        return
    total = _kegiatan_sum(e.kegiatan for e in document.kegiatan)
    if stated.value == total or _negative(stated):
        return
    current = bool(document.sub_kegiatan)
    yield _difference(
        "Jumlah pagu" if current else "Jumlah komulatif",
        stated,
        total,
        "pagu semua sub kegiatan" if current else "anggaran semua kegiatan",
        document.sub_kegiatan,
        None,
        "Jumlah komulatif",
    )


def _quarter_hit(
    plan: tuple[Quantity, ...],
    budget: Decimal | None,
    source: Source | None,
    item: str,
    words: tuple[str, str],
) -> Hit | None:
    """A hit when the readable plan per quarter does not add up to the budget."""
    total = _plan_total(plan)
    if total is None or budget is None or total == budget:
        return None
    rincian = " + ".join(
        f"{TW[i]} {rupiah(v)}"
        for i, q in enumerate(plan)
        if not q.is_empty and (v := budget_value(q)) is not None
    )
    return Hit(
        source,
        item,
        {
            "rencana": words[0],
            "tingkat": words[1],
            "rincian": rincian,
            "jumlah": rupiah(total),
            "anggaran": rupiah(budget),
            "selisih": rupiah(total - budget),
        },
    )


@rule(
    "RNX304",
    Severity.ERROR,
    "Rencana anggaran (Rp) per triwulan tidak sama dengan anggaran atau pagu",
    "{rencana} {rincian} berjumlah {jumlah}, padahal {tingkat} {anggaran} (selisih {selisih}).",
)
def quarterly_budget(document: Document) -> Iterator[Hit]:
    """Rencana anggaran per triwulan (kolom Rp) berjumlah anggaran kegiatan itu, atau pagu
    sub kegiatan itu dalam bentuk Permendagri 90/2019.

    Salah: anggaran 20.000.000; per triwulan 5.000.000 + 5.000.000 + 5.000.000 + 4.000.000.
    Benar: 5.000.000 × 4 = 20.000.000.
    """
    for entry in document.kegiatan:
        kegiatan = entry.kegiatan
        plan = kegiatan.anggaran_triwulan
        first = next((q for q in plan if not q.is_empty), None)
        hit = _quarter_hit(
            plan,
            budget_value(kegiatan.anggaran),
            (first.source if first else None) or kegiatan.source,
            entry.item,
            ("Anggaran per triwulan", "anggaran kegiatan"),
        )
        if hit is not None:
            yield hit
    for sub_entry in document.sub_kegiatan:
        sub = sub_entry.sub
        hit = _quarter_hit(
            sub.anggaran_triwulan,
            budget_value(sub.pagu) if readable_budget(sub.pagu) else None,
            sub.pagu.source or sub.source,
            sub_entry.item,
            ("Rp per triwulan", "pagu sub kegiatan"),
        )
        if hit is not None:
            yield hit
