"""The ``ringkas`` summary of a Renaksi: counts per table and budget per program.

A budget that cannot be read is said to be unreadable, never counted as 0: a program whose
budgets are all unreadable or missing has no amount (``None``), and so has the whole
document when none of its budgets can be read. In today's shape (Permendagri 90/2019) the
budget is the sum of the sub kegiatan pagu; the pagu a kegiatan or program row states is
checked by validation, not added here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from renaksi_xl.core.model import Kegiatan, Quantity, Renaksi
from renaksi_xl.core.quantity import budget_value
from renaksi_xl.core.record import record

if TYPE_CHECKING:  # the recogniser is in berkas/; the core only carries its column map
    from renaksi_xl.berkas.recognise import TableMap


@record
class ProgramBudget:
    """One program's line in the summary."""

    nomor: str | None
    nama: str
    kegiatan: int
    anggaran: Decimal | None
    """Sum of the kegiatan budgets that can be read; None when none of them can."""
    anggaran_tak_terbaca: int
    anggaran_kosong: int = 0


@record
class Ringkasan:
    """Counts and budget totals of a document."""

    opd: str | None
    tahun: int | None
    sasaran: int
    program: int
    indikator_program: int
    kegiatan: int
    aksi: int
    anggaran_total: Decimal | None
    """Sum of the kegiatan budgets that can be read; None when none of them can."""
    total_tertulis: Decimal | None
    anggaran_per_program: tuple[ProgramBudget, ...]
    anggaran_tak_terbaca: int
    anggaran_kosong: int = 0
    """Kegiatan without any budget written."""
    peta_kolom: tuple[TableMap, ...] = ()
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
            "total_tertulis": _json_number(self.total_tertulis),
            "anggaran_tak_terbaca": self.anggaran_tak_terbaca,
            "anggaran_kosong": self.anggaran_kosong,
            "anggaran_per_program": [
                {
                    "nomor": p.nomor,
                    "nama": p.nama,
                    "kegiatan": p.kegiatan,
                    "anggaran": _json_number(p.anggaran),
                }
                for p in self.anggaran_per_program
            ],
            "peta_kolom": [table.to_json() for table in self.peta_kolom],
        }


def summarize(renaksi: Renaksi, peta_kolom: Sequence[TableMap] = ()) -> Ringkasan:
    """Count the tables' items and add up the kegiatan budgets (``peta_kolom``: the column
    map the document was read with, reported as it is)."""
    per_program = []
    for program in renaksi.program:
        cells = [cell for k in program.kegiatan for cell in _budget_cells(k)]
        values = [budget_value(cell) for cell in cells]
        readable = [v for v in values if v is not None]
        per_program.append(
            ProgramBudget(
                nomor=program.nomor,
                nama=program.nama.value,
                kegiatan=len(program.kegiatan),
                anggaran=sum(readable, Decimal(0)) if readable or not values else None,
                anggaran_tak_terbaca=sum(
                    1
                    for cell, v in zip(cells, values, strict=True)
                    if v is None and not cell.is_empty
                ),
                anggaran_kosong=sum(1 for cell in cells if cell.is_empty),
            )
        )
    amounts = [p.anggaran for p in per_program if p.anggaran is not None]
    kegiatan = sum(p.kegiatan for p in per_program)
    total = renaksi.total_tertulis
    return Ringkasan(
        opd=renaksi.opd.value if renaksi.opd else None,
        tahun=renaksi.tahun,
        sasaran=len(renaksi.sasaran),
        program=len(renaksi.program),
        indikator_program=sum(len(p.indikator) for p in renaksi.program),
        kegiatan=kegiatan,
        aksi=sum(len(k.aksi) for _, k in renaksi.iter_kegiatan())
        + sum(len(s.aksi) for _, _, s in renaksi.iter_sub_kegiatan()),
        anggaran_total=sum(amounts, Decimal(0)) if amounts or not kegiatan else None,
        total_tertulis=budget_value(total) if total is not None else None,
        anggaran_per_program=tuple(per_program),
        anggaran_tak_terbaca=sum(p.anggaran_tak_terbaca for p in per_program),
        anggaran_kosong=sum(p.anggaran_kosong for p in per_program),
        peta_kolom=tuple(peta_kolom),
        sub_kegiatan=sum(1 for _ in renaksi.iter_sub_kegiatan()),
    )


def _budget_cells(kegiatan: Kegiatan) -> list[Quantity]:
    """A kegiatan's budget cells: its sub kegiatan pagu in today's shape (a stated kegiatan
    pagu is checked by validation, not added), else its own budget."""
    return [s.pagu for s in kegiatan.sub_kegiatan] or [kegiatan.anggaran]


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
