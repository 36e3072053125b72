"""Rule test cases as data: each ``tests/rules/RNXnnn.toml`` holds documents that must break
the rule (``[[salah]]``) and documents that must not (``[[benar]]``).

A case gives only what differs from a small valid Renaksi: its kegiatan rows (cells separated
by ``|``), and where needed the program table, the total row, the signature block, the
Kegiatan table header or the title lines.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
