"""What the current-shape reference document says, counted by hand from
``renaksi_xl/data/renaksi-kecamatan-sukamaju-2027.txt`` (shared by the tests, and the
expected result for whoever reads that document: line n of the text is row n of the
old-layout workbook ``tests/current_shape.py`` writes, field k is column k).

Layout of the main table (lines 12–14 are its two header rows and the column numbers):
A KODE · B PROGRAM / KEGIATAN / SUB KEGIATAN · C INDIKATOR KINERJA · D SATUAN ·
E TARGET TAHUNAN · F SIFAT TARGET · G/H TW I K/Rp · I/J TW II K/Rp · K/L TW III K/Rp ·
M/N TW IV K/Rp · O PAGU ANGGARAN (Rp) · P PENANGGUNG JAWAB. Program rows are lines 15, 31,
39, 46; the JUMLAH row is line 50; the signature block lines 53–60.
"""

from __future__ import annotations

from dataclasses import dataclass

FILE = "renaksi-kecamatan-sukamaju-2027.txt"
SHEET = "Renaksi 2027"
OPD = "KECAMATAN SUKAMAJU"
TAHUN = 2027

SASARAN = 1
INDIKATOR_SASARAN = 2
PROGRAM = 4
KEGIATAN = 8
SUB_KEGIATAN = 20
AKSI = 3
"""The three aksi (lines 42–44) stand under sub kegiatan 7.01.03.2.01.0001 (line 41)."""

KEGIATAN_PER_PROGRAM = {"7.01.01": 4, "7.01.02": 2, "7.01.03": 1, "7.01.04": 1}
SUB_KEGIATAN_PER_KEGIATAN = {
    "7.01.01.2.01": 4,
    "7.01.01.2.02": 2,
    "7.01.01.2.06": 3,
    "7.01.01.2.08": 2,
    "7.01.02.2.01": 2,
    "7.01.02.2.02": 3,
    "7.01.03.2.01": 2,
    "7.01.04.2.01": 2,
}

KEGIATAN_PAGU = {
    "7.01.01.2.01": 14_900_000,
    "7.01.01.2.02": 2_454_301_200,
    "7.01.01.2.06": 61_600_000,
    "7.01.01.2.08": 216_000_000,
    "7.01.02.2.01": 15_600_000,
    "7.01.02.2.02": 94_500_000,
    "7.01.03.2.01": 43_200_000,
    "7.01.04.2.01": 24_000_000,
}
"""Each kegiatan's sub kegiatan pagu added up."""

KEGIATAN_PAGU_TERTULIS = {**KEGIATAN_PAGU, "7.01.02.2.02": 95_400_000}
"""The pagu each kegiatan row states (column O): one is wrong (line 35)."""

PROGRAM_PAGU = {
    "7.01.01": 2_746_801_200,
    "7.01.02": 110_100_000,
    "7.01.03": 43_200_000,
    "7.01.04": 24_000_000,
}
"""Each program's sub kegiatan pagu added up; the program rows state the same."""

PROGRAM_PAGU_TERTULIS = dict(PROGRAM_PAGU)

TOTAL = 2_924_101_200
"""The sum of all 20 sub kegiatan pagu."""

TOTAL_TERTULIS = 2_924_101_200
"""What the JUMLAH row (line 50, ``" 2.924.101.200 "``) states."""

SIGNER_NIP = "19740312 199803 1 004"


@dataclass(frozen=True)
class Mistake:
    """A mistake planted in the document: the rule that must find it, where (text line and
    workbook cell of the finding), and what is wrong."""

    code: str
    line: int
    cell: str
    what: str


MISTAKES = (
    Mistake(
        "RNX202",
        24,
        "K24",
        "kegiatan 7.01.01.2.06 (sifat Kumulatif): K TW III 45% after 50% in TW II",
    ),
    Mistake(
        "RNX304",
        27,
        "O27",
        "sub kegiatan 7.01.01.2.06.0009: Rp 9.000.000 × 3 + 8.000.000 = 35.000.000, pagu "
        "36.000.000 (selisih -1.000.000)",
    ),
    Mistake(
        "RNX106",
        34,
        "B34",
        "sub kegiatan 7.01.02.2.02.0002 under kegiatan 7.01.02.2.01: a code copied from "
        "the next kegiatan (should be 7.01.02.2.01.0002)",
    ),
    Mistake(
        "RNX301",
        35,
        "O35",
        "kegiatan 7.01.02.2.02 states pagu 95.400.000; its sub kegiatan add up to "
        "94.500.000 (selisih 900.000, two digits swapped)",
    ),
    Mistake(
        "RNX106",
        49,
        "B49",
        "sub kegiatan code 7.01.04.2.01.002: three digits where Permendagri 90 has four",
    ),
)
"""The code findings point at the row (its name cell, column B), as the model keeps a code
as text without a cell of its own."""

SEVERITIES = {"RNX202": "error", "RNX304": "error", "RNX106": "warning", "RNX301": "error"}

DATA_LINES = tuple(range(15, 51))
"""Every line of the main table, program rows to the JUMLAH row."""

CLEAN_LINES = tuple(
    n for n in (9, 10, *DATA_LINES, *range(53, 61)) if n not in {m.line for m in MISTAKES}
)
"""Lines that must produce no finding: the sasaran rows, every other row of the main table
(its program and kegiatan rows included: the stated pagu of programs and of the total is
right, and no mistake above makes a parent's total wrong), and the signature block."""
