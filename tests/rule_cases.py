"""Rule test cases as data: each ``tests/rules/RNXnnn.toml`` holds documents that must break
the rule (``[[salah]]``) and documents that must not (``[[benar]]``).

A case gives only what differs from a small valid Renaksi: its kegiatan rows (cells separated
by ``|``), and where needed the program table, the total row, the signature block, the
Kegiatan table header or the title lines.

A case in today's shape (Permendagri 90/2019) adds ``sub_kegiatan`` rows, cells separated by
``|``: KODE | NAMA | INDIKATOR | TARGET | K TW I–IV | Rp TW I–IV | PAGU. They are put under
the first kegiatan, whose budget cell then is the pagu that kegiatan row states. (Until the
reader reads the current shape, they are added to the model read from the text.)
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renaksi_xl.core.model import Indikator, Quantity, Renaksi, Source, SubKegiatan, Target, Text
from renaksi_xl.core.quantity import parse_quantity, with_default_unit

CASES = Path(__file__).parent / "rules"

TITLE = ["RENCANA AKSI PERJANJIAN KINERJA TAHUN 2021", "NAMA OPD : KECAMATAN UJI", ""]
SASARAN = [
    "NO|SASARAN STRATEGIS|INDIKATOR SASARAN STRATEGIS|TARGET KINERJA TAHUNAN|"
    "TARGET KINERJA TRIWULAN|||",
    "||||TW I|TW II|TW III|TW IV",
    "1.|Meningkatnya pelayanan publik|Nilai SKM|90%|||90%|",
    "",
]
PROGRAM = [
    "1|Program Uji Coba|Persentase kegiatan terlaksana|100%|25%|50%|75%|100%",
]
PROGRAM_HEADER = [
    "NO|PROGRAM|INDIKATOR KINERJA PROGRAM|TARGET KINERJA TAHUNAN|TARGET KINERJA TRIWULAN|||",
    "||||TW I|TW II|TW III|TW IV",
]
KEGIATAN_HEADER = [
    "NO|BIDANG/PROGRAM/KEGIATAN|INDIKATOR KEGIATAN|TARGET KINERJA TAHUNAN|AKSI/SUBKEGIATAN|"
    "INDIKATOR KINERJA AKSI/SUBKEGIATAN|TARGET TAHUNAN|JADWAL PELAKSANAAN||||JUMLAH ANGGARAN",
    "|||||||I|II|III|IV|",
]
PROGRAM_ROW = ["1.|<b>PROGRAM UJI COBA</b>"]
KEGIATAN = [
    "|1. Penyusunan laporan kinerja|Jumlah laporan|12 Laporan||||3|3|3|3|10.000.000",
    "||||Penyusunan laporan triwulan|Jumlah laporan triwulan|12 Laporan|3|3|3|3|",
]
SIGNATURE = [
    "",
    "Gresik, 4 Januari 2021",
    "CAMAT UJI",
    "",
    "BUDI SANTOSO, S.Sos",
    "Pembina",
    "NIP. 19671020 198803 1 009",
]


@dataclass(frozen=True)
class Case:
    """One document of a rule's test data."""

    code: str
    kind: str  # "salah" or "benar"
    title: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        """A readable test id."""
        return f"{self.code}-{self.kind}-{self.title}"

    def text(self) -> str:
        """The whole document as tab-separated text."""
        d = self.data
        lines = [*d.get("judul_dokumen", TITLE)]
        lines += d.get("sasaran", SASARAN)
        if d.get("tabel_program", True):
            lines += PROGRAM_HEADER + d.get("program", PROGRAM) + [""]
        lines += d.get("kepala_kegiatan", KEGIATAN_HEADER)
        lines += d.get("baris_program", PROGRAM_ROW)
        lines += d.get("kegiatan", KEGIATAN)
        if "total" in d:
            lines.append(d["total"])
        lines += d.get("ttd", SIGNATURE)
        return "\n".join(line.replace("|", "\t") for line in lines) + "\n"

    def apply(self, renaksi: Renaksi) -> Renaksi:
        """The model read from :meth:`text` with the case's sub kegiatan added, if any."""
        rows = self.data.get("sub_kegiatan")
        if not rows:
            return renaksi
        subs = tuple(_sub_kegiatan(row, 100 + number) for number, row in enumerate(rows))
        program = renaksi.program[0]
        first = program.kegiatan[0]
        kegiatan = dataclasses.replace(
            first,
            anggaran=Quantity(),
            pagu_tertulis=None if first.anggaran.is_empty else first.anggaran,
            sub_kegiatan=subs,
        )
        program = dataclasses.replace(program, kegiatan=(kegiatan, *program.kegiatan[1:]))
        return dataclasses.replace(renaksi, program=(program, *renaksi.program[1:]))


def _sub_kegiatan(row: str, line: int) -> SubKegiatan:
    """A sub kegiatan from ``KODE|NAMA|INDIKATOR|TARGET|K1..K4|Rp1..Rp4|PAGU`` on ``line``."""
    cells = row.split("|")
    kode, nama, indikator = cells[:3]

    def cell(column: int) -> Quantity:
        return parse_quantity(cells[column - 1], source=Source(line=line, column=column))

    annual = cell(4)
    quarters = tuple(
        with_default_unit(cell(c), annual.unit, annual.unit_text) for c in (5, 6, 7, 8)
    )
    return SubKegiatan(
        Text(nama, Source(line=line, column=2)),
        Indikator(Text(indikator), Target(annual, quarters)),  # type: ignore[arg-type]
        kode=kode or None,
        pagu=cell(13),
        anggaran_triwulan=tuple(cell(c) for c in (9, 10, 11, 12)),
        source=Source(line=line, column=2),
    )


def load_cases() -> list[Case]:
    """Every case of every rule file."""
    cases = []
    for path in sorted(CASES.glob("RNX*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for kind in ("salah", "benar"):
            for entry in data.get(kind, []):
                cases.append(Case(path.stem, kind, entry["judul"], entry))
    return cases
