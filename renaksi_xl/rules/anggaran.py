"""RNX3xx: budgets in whole rupiah, program subtotals and the grand total."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from renaksi_xl.findings import Severity
from renaksi_xl.model import Quantity
from renaksi_xl.quantity import budget_value, rupiah
from renaksi_xl.rules import Hit, rule
from renaksi_xl.rules.document import Document, program_path
from renaksi_xl.rules.target import TW


def _readable_budget(quantity: Quantity) -> bool:
    return quantity.is_parsed and not quantity.parts and quantity.unit in (None, "rupiah")


@rule(
    "RNX301",
    Severity.ERROR,
    "Anggaran kegiatan kosong, negatif atau tidak bulat",
    "Anggaran kegiatan {masalah}.",
)
def kegiatan_budget(document: Document) -> Iterator[Hit]:
    """Setiap kegiatan punya anggaran dalam rupiah bulat yang tidak negatif.

    Salah: anggaran kosong, ``-5.000.000``, ``1.500.000,50`` atau ``12 kali``.
    Benar: ``20.381.000``.
    """
    for entry in document.kegiatan:
        budget = entry.kegiatan.anggaran
        source = budget.source or entry.kegiatan.source
        if budget.is_empty:
            yield Hit(source, entry.item, {"masalah": "kosong"})
        elif not budget.is_parsed:
            continue  # RNX102 says why it cannot be read
        elif budget.parts or budget.unit not in (None, "rupiah") or budget.value is None:
            yield Hit(source, entry.item, {"masalah": f"bukan rupiah: '{budget.raw.strip()}'"})
        elif budget.value < 0:
            yield Hit(source, entry.item, {"masalah": f"negatif: {rupiah(budget.value)}"})
        elif budget.value != budget.value.to_integral_value():
            yield Hit(source, entry.item, {"masalah": f"tidak bulat: {rupiah(budget.value)}"})


def _kegiatan_sum(budgets: list[Quantity]) -> Decimal:
    return sum((budget_value(b) or Decimal(0) for b in budgets), Decimal(0))


@rule(
    "RNX302",
    Severity.ERROR,
    "Subtotal program tidak sama dengan jumlah kegiatannya",
    "Subtotal program tertulis {tertulis}, padahal jumlah anggaran kegiatannya {jumlah} "
    "(selisih {selisih}).",
)
def program_subtotal(document: Document) -> Iterator[Hit]:
    """Subtotal anggaran program sama dengan jumlah anggaran kegiatannya.

    Salah: subtotal 290.000.000 untuk kegiatan 20.381.000 + 1.800.000 + … = 287.238.000.
    Benar: subtotal 287.238.000.
    """
    for number, program in enumerate(document.renaksi.program, start=1):
        stated = program.subtotal_tertulis
        if stated is None or stated.value is None or not _readable_budget(stated):
            continue
        total = _kegiatan_sum([k.anggaran for k in program.kegiatan])
        if stated.value != total:
            yield Hit(
                stated.source or program.source,
                program_path(program, number),
                {
                    "tertulis": rupiah(stated.value),
                    "jumlah": rupiah(total),
                    "selisih": rupiah(stated.value - total),
                },
            )


@rule(
    "RNX303",
    Severity.ERROR,
    "Jumlah komulatif tidak sama dengan jumlah semua kegiatan",
    "Jumlah komulatif tertulis {tertulis}, padahal jumlah anggaran semua kegiatan {jumlah} "
    "(selisih {selisih}).",
)
def grand_total(document: Document) -> Iterator[Hit]:
    """*Jumlah komulatif* sama dengan jumlah anggaran semua kegiatan.

    Salah: tertulis 1.000.000.000, kegiatan berjumlah 1.021.600.000.
    Benar: tertulis 1.021.600.000.
    """
    stated = document.renaksi.total_tertulis
    if stated is None or stated.value is None or not _readable_budget(stated):
        return
    total = _kegiatan_sum([e.kegiatan.anggaran for e in document.kegiatan])
    if stated.value != total:
        yield Hit(
            stated.source,
            "Jumlah komulatif",
            {
                "tertulis": rupiah(stated.value),
                "jumlah": rupiah(total),
                "selisih": rupiah(stated.value - total),
            },
        )


@rule(
    "RNX304",
    Severity.ERROR,
    "Rencana anggaran per triwulan tidak sama dengan anggaran kegiatan",
    "Anggaran per triwulan {rincian} berjumlah {jumlah}, padahal anggaran kegiatan {anggaran} "
    "(selisih {selisih}).",
)
def quarterly_budget(document: Document) -> Iterator[Hit]:
    """Bila dokumen merinci anggaran kegiatan per triwulan, rinciannya berjumlah anggaran
    kegiatan itu.

    Salah: anggaran 20.000.000; per triwulan 5.000.000 + 5.000.000 + 5.000.000 + 4.000.000.
    Benar: 5.000.000 × 4 = 20.000.000.
    """
    for entry in document.kegiatan:
        kegiatan = entry.kegiatan
        plan = kegiatan.anggaran_triwulan
        budget = budget_value(kegiatan.anggaran)
        if not plan or budget is None or all(q.is_empty for q in plan):
            continue
        values = [budget_value(q) for q in plan if not q.is_empty]
        if any(v is None for v in values):
            continue
        total = sum((v for v in values if v is not None), Decimal(0))
        if total != budget:
            rincian = " + ".join(
                f"{TW[i]} {rupiah(v)}"
                for i, q in enumerate(plan)
                if not q.is_empty and (v := budget_value(q)) is not None
            )
            first = next(q for q in plan if not q.is_empty)
            yield Hit(
                first.source or kegiatan.source,
                entry.item,
                {
                    "rincian": rincian,
                    "jumlah": rupiah(total),
                    "anggaran": rupiah(budget),
                    "selisih": rupiah(total - budget),
                },
            )
