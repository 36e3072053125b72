"""The ``ringkas`` summary of a Renaksi: counts per table and budget per program.

In today's shape (Permendagri 90/2019) the budget is the sum of the sub kegiatan pagu; the
pagu a kegiatan or program row states is checked by validation, not added here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from renaksi_xl.compute import kegiatan_budget
from renaksi_xl.model import Kegiatan, Renaksi
from renaksi_xl.quantity import budget_value


@dataclass(frozen=True)
class ProgramBudget:
    """One program's line in the summary."""

    nomor: str | None
    nama: str
    kegiatan: int
    anggaran: Decimal
    anggaran_tak_terbaca: int


@dataclass(frozen=True)
class Ringkasan:
    """Counts and budget totals of a document."""

    opd: str | None
    tahun: int | None
    sasaran: int
    program: int
    indikator_program: int
    kegiatan: int
    aksi: int
    anggaran_total: Decimal
    total_tertulis: Decimal | None
    anggaran_per_program: tuple[ProgramBudget, ...]
    anggaran_tak_terbaca: int
    sub_kegiatan: int = 0
    """Sub kegiatan (Permendagri 90/2019); 0 in a document of the old shape."""

    def to_json(self) -> dict[str, Any]:
        """The ``--format json`` form: counts as integers, rupiah as numbers."""
        return {
            "opd": self.opd,
            "tahun": self.tahun,
            "sasaran": self.sasaran,
            "program": self.program,
            "indikator_program": self.indikator_program,
            "kegiatan": self.kegiatan,
            "sub_kegiatan": self.sub_kegiatan,
            "aksi": self.aksi,
            "anggaran_total": _json_number(self.anggaran_total),
            "total_tertulis": (
                _json_number(self.total_tertulis) if self.total_tertulis is not None else None
            ),
            "anggaran_tak_terbaca": self.anggaran_tak_terbaca,
            "anggaran_per_program": [
                {
                    "nomor": p.nomor,
                    "nama": p.nama,
                    "kegiatan": p.kegiatan,
                    "anggaran": _json_number(p.anggaran),
                }
                for p in self.anggaran_per_program
            ],
        }


def summarize(renaksi: Renaksi) -> Ringkasan:
    """Count the tables' items and add up the kegiatan budgets."""
    per_program = []
    for program in renaksi.program:
        values = [kegiatan_budget(k) for k in program.kegiatan]
        per_program.append(
            ProgramBudget(
                nomor=program.nomor,
                nama=program.nama.value,
                kegiatan=len(program.kegiatan),
                anggaran=sum((v for v in values if v is not None), Decimal(0)),
                anggaran_tak_terbaca=sum(_unreadable(k) for k in program.kegiatan),
            )
        )
    total = renaksi.total_tertulis
    return Ringkasan(
        opd=renaksi.opd.value if renaksi.opd else None,
        tahun=renaksi.tahun,
        sasaran=len(renaksi.sasaran),
        program=len(renaksi.program),
        indikator_program=sum(len(p.indikator) for p in renaksi.program),
        kegiatan=sum(len(p.kegiatan) for p in renaksi.program),
        aksi=sum(len(k.aksi) for _, k in renaksi.iter_kegiatan())
        + sum(len(s.aksi) for _, _, s in renaksi.iter_sub_kegiatan()),
        anggaran_total=sum((p.anggaran for p in per_program), Decimal(0)),
        total_tertulis=budget_value(total) if total is not None else None,
        anggaran_per_program=tuple(per_program),
        anggaran_tak_terbaca=sum(p.anggaran_tak_terbaca for p in per_program),
        sub_kegiatan=sum(1 for _ in renaksi.iter_sub_kegiatan()),
    )


def _unreadable(kegiatan: Kegiatan) -> int:
    """How many budget cells of a kegiatan (its own, or its sub kegiatan pagu) hold
    something that is not a rupiah amount."""
    cells = [s.pagu for s in kegiatan.sub_kegiatan] or [kegiatan.anggaran]
    return sum(1 for q in cells if budget_value(q) is None and not q.is_empty)


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
