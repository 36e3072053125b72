"""The lines above the first table: the document's title, year and OPD."""

from __future__ import annotations

import re
from collections.abc import Sequence

from renaksi_xl.berkas.grid import GridRow
from renaksi_xl.core.model import Text

_YEAR = re.compile(r"\bTAHUN\s+(?:ANGGARAN\s+)?(\d{4})\b", re.IGNORECASE)
_OPD = re.compile(
    r"^(?:NAMA\s+)?(?:OPD|PERANGKAT\s+DAERAH|SKPD|UNIT\s+KERJA)\s*:\s*(?P<name>.+)$",
    re.IGNORECASE,
)
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "atau", "pada", "serta"}


def read_preamble(rows: Sequence[GridRow]) -> tuple[Text | None, int | None, Text | None]:
    """(OPD, year, title) as the first cells that state them say."""
    opd: Text | None = None
    tahun: int | None = None
    judul: Text | None = None
    for row in rows:
        for cell in row.filled():
            text = cell.text
            if judul is None and "RENCANA AKSI" in text.upper():
                judul = Text(text, cell.source)
            year = _YEAR.search(text)
            if tahun is None and year:
                tahun = int(year.group(1))
            name = _OPD.match(text)
            if opd is None and name:
                opd = Text(title_case(name["name"].strip()), cell.source)
    return opd, tahun, judul


def title_case(text: str) -> str:
    """A name written in capitals, in title case (short words and acronyms kept)."""
    if not text.isupper():
        return text
    words = []
    for position, word in enumerate(text.split()):
        lower = word.lower()
        if position and lower in _SMALL_WORDS:
            words.append(lower)
        elif len(word) <= 3 and word.isalpha() and not any(v in lower for v in "aiueo"):
            words.append(word)
        else:
            # "KABUPATEN/KOTA" → "Kabupaten/Kota", not "Kabupaten/kota"
            words.append("/".join(part.capitalize() for part in word.split("/")))
    return " ".join(words)
