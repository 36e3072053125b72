"""What the reference document says, counted by hand from the text (shared by the tests)."""

from __future__ import annotations

PROGRAM_BUDGETS = [
    287_238_000,
    219_642_000,
    7_369_000,
    28_550_000,
    155_166_000,
    107_454_000,
    96_501_000,
    74_620_000,
    45_060_000,
]
"""Each program's kegiatan budgets added up, program 1 to 9."""

TOTAL = 1_021_600_000
"""The sum of all 29 kegiatan budgets, which is also the stated *Jumlah komulatif*."""
