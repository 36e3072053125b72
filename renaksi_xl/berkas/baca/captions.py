"""Header captions: the header words of each role (:data:`HEADER_WORDS`), quarter labels,
which row starts a table, which rows under it belong to its header, and the role a column's
captions give it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from renaksi_xl.berkas.baca.tablemap import (
    BUDGET_QUARTERS,
    FOREIGN,
    QUARTERS,
    Role,
    TableKind,
)
from renaksi_xl.berkas.grid import GridRow
from renaksi_xl.core.layout import JENIS_HEADER

# Header words per role, in the order they are tried on one header caption (upper case,
# single spaces); the first pattern found wins. The foreign roles come first: a column
# headed "Realisasi … Anggaran" is a result, whatever else its caption says.
HEADER_WORDS: tuple[tuple[Role, str], ...] = (
    (Role.CAPAIAN, r"\bTINGKAT CAPAIAN\b"),
    (Role.REALISASI, r"\bREALISASI\b"),
    (Role.EVALUASI, r"\bEVALUASI\b"),
    (Role.RENSTRA, r"\bRENSTRA\b"),
    (Role.RKPD, r"\bRKPD\b"),
    # "Target Capaian …" and "Indikator Capaian …" are a plan's own words
    (Role.CAPAIAN, r"^(?!.*\b(?:TARGET|INDIKATOR)\b).*\bCAPAIAN\b"),
    (Role.NO, r"^(?:NO\.?|NOMOR|NOMER)$"),
    (Role.KODE, r"^KODE\b"),
    (Role.SATUAN, r"^SATUAN\b"),
    (Role.SIFAT, r"SIFAT"),
    (Role.CEK, r"^(?:CEK|PERIKSA)$"),
    (Role.JENIS, rf"^{re.escape(JENIS_HEADER)}$"),
    (Role.PENANGGUNG_JAWAB, r"PENANGGUNG ?JAWAB|^PJ$|^PELAKSANA$"),
    # the money; under a quarter ("TW I" over "K" and "Rp") the quarter's financial plan
    (Role.ANGGARAN, r"ANGGARAN|PAGU|BIAYA|KEUANGAN|^\(?RP\.?\)?$"),
    (Role.INDIKATOR, r"INDIKATOR"),
    # the target; under a quarter the quarter's physical target
    (Role.TARGET, r"TARGET|^K$|^FISIK$|^KINERJA$|^VOLUME$"),
    (Role.NAMA, r"SASARAN|PROGRAM|BIDANG|KEGIATAN|URAIAN|NOMENKLATUR"),
    # the aksi (sub-kegiatan) level of the Kegiatan table
    (Role.AKSI, r"\bAKSI\b|SUB ?-?KEGIATAN"),
)
_HEADER_PATTERNS = tuple((role, re.compile(pattern)) for role, pattern in HEADER_WORDS)
_AKSI_WORDS = next(p for r, p in _HEADER_PATTERNS if r is Role.AKSI)
_ITEM_WORDS = next(p for r, p in _HEADER_PATTERNS if r is Role.NAMA)
# a sub-heading is short: "K", "Rp", "Fisik", "Realisasi K", never a whole caption
_LABEL_WORDS = 3
_QUARTER_LABEL = re.compile(
    r"^(?:(?:TW|TRIWULAN|TRW|TR|Q)\s*\.?\s*(?P<prefixed>IV|I{1,3}|[1-4])|(?P<bare>IV|I{1,3}))\.?$"
)
_QUARTER_AT_END = re.compile(r"\b(?:TW|TRIWULAN|TRW)\s*\.?\s*(?P<q>IV|I{1,3}|[1-4])\.?$")
_ROMAN = {"I": 0, "II": 1, "III": 2, "IV": 3, "1": 0, "2": 1, "3": 2, "4": 3}
_COLUMN_NUMBER = re.compile(r"^\d{1,3}\.?$|^\d{1,3}\s*=")
# at most this many rows under the header row belong to the header (sub-headings and the
# column-number row)
MAX_HEADER_ROWS = 4


def quarter_of(text: str) -> int | None:
    """``TW I``/``TW. I``/``Triwulan 1``/``I`` → 0; anything else → None."""
    match = _QUARTER_LABEL.match(" ".join(text.upper().split()))
    if match is None:
        return None
    return _ROMAN[match["prefixed"] or match["bare"]]


def _caption_quarter(caption: str) -> int | None:
    """A quarter label, alone or closing a caption (``TARGET TW II``)."""
    found = quarter_of(caption)
    if found is not None:
        return found
    match = _QUARTER_AT_END.search(caption)
    return _ROMAN[match["q"]] if match else None


def table_kind(row: GridRow) -> TableKind | None:
    """The table whose header row this is, or None for any other row."""
    texts = row.texts()
    if len(texts) < 3:
        return None
    joined = "\x00".join(texts).upper()  # one search per word, never across two cells
    # without those words, only a row of nothing but column captions (a header that lacks
    # its indicator column, say) is a header: data rows say "target" too
    if not any(w in joined for w in ("INDIKATOR", "AKSI", "ANGGARAN", "PAGU")) and (
        "TARGET" not in joined or not all(_is_caption(t) for t in texts)
    ):
        return None
    if all(_is_integer(t) for t in texts):
        return None

    def has(*words: str) -> bool:
        return any(word in joined for word in words)

    if has("KEGIATAN", "URAIAN") and has("AKSI", "ANGGARAN", "PAGU"):
        return TableKind.KEGIATAN
    if has("SASARAN") and has("INDIKATOR", "TARGET"):
        return TableKind.SASARAN
    if has("PROGRAM") and has("INDIKATOR", "TARGET"):
        return TableKind.PROGRAM
    return None


def _is_caption(text: str) -> bool:
    caption = " ".join(text.upper().split())
    return _caption_role(caption) is not None or _is_label(caption)


def header_block_at(
    rows: Sequence[GridRow], index: int
) -> tuple[list[GridRow], list[GridRow], int]:
    """The header row and its sub-heading rows, the column-number rows, and the position of
    the first data row."""
    block = [rows[index]]
    numbering: list[GridRow] = []
    position = index + 1
    while position < len(rows) and position - index <= MAX_HEADER_ROWS:
        row = rows[position]
        if is_numbering(row) and not numbering:
            numbering.append(row)
        elif is_subheading(row):
            block.append(row)
        else:
            break
        position += 1
    return block, numbering, position


def is_subheading(row: GridRow) -> bool:
    """A row of quarter labels (``TW I … TW IV``) or of what is given per quarter
    (``K``/``Rp``, ``Fisik``/``Keuangan``, ``Target``/``Realisasi``), without figures."""
    texts = row.texts()
    labels = [t for t in texts if _is_label(" ".join(t.upper().split()))]
    return len(labels) >= 2 and not any(_is_integer(t) for t in texts)


def _is_label(caption: str) -> bool:
    if quarter_of(caption) is not None or caption == "%":
        return True
    if len(caption.split()) > _LABEL_WORDS:
        return False
    role = _caption_role(caption)
    return role is Role.TARGET or role is Role.ANGGARAN or role in FOREIGN


def is_numbering(row: GridRow) -> bool:
    """The column-number row under a header: ``1 2 3 …``, in any order, or ``13 = 9 + 10``."""
    texts = row.texts()
    if len(texts) < 3 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    numbers = [int(re.match(r"\d+", t).group()) for t in texts]  # type: ignore[union-attr]
    return len(set(numbers)) == len(numbers)


def _is_integer(text: str) -> bool:
    return text.rstrip(".").isdigit()


def caption_levels(block: Sequence[GridRow]) -> list[list[str]]:
    """Each header row's caption per column, a caption spread to the right over the blank
    cells a merged caption leaves, as long as a lower header row names those columns."""
    width = max(len(r.cells) for r in block)
    texts = [[row.text(c) for c in range(width)] for row in block]
    levels = []
    for depth, level in enumerate(texts):
        spread = list(level)

        def named_below(column: int, depth: int = depth) -> bool:
            return any(texts[lower][column] for lower in range(depth + 1, len(texts)))

        current = ""
        for column in range(width):
            if level[column]:
                current = level[column] if named_below(column) else ""
            elif current and named_below(column):
                spread[column] = current
            else:
                current = ""
        levels.append(spread)
    return levels


def column_role(kind: TableKind, path: Sequence[str]) -> Role | None:
    """A column's role from its captions, top to bottom (before the Kegiatan table's
    kegiatan/aksi columns are told apart)."""
    upper = [" ".join(p.upper().split()) for p in path if p]
    if not upper:
        return None
    for caption in upper:
        role = _caption_role(caption)
        if role in FOREIGN:
            return role
    quarter = next((q for c in upper if (q := _caption_quarter(c)) is not None), None)
    if upper[-1] == "%":
        return None  # a share beside the figure, not read
    if quarter is not None:
        # the lowest caption that names the target or the money decides ("TW I" over "Rp")
        named = (_caption_role(c) for c in reversed(upper))
        measure = next((r for r in named if r in (Role.TARGET, Role.ANGGARAN)), Role.TARGET)
        return (BUDGET_QUARTERS if measure is Role.ANGGARAN else QUARTERS)[quarter]
    for caption in reversed(upper):
        role = _caption_role(caption)
        if role is Role.TARGET and "TRIWULAN" in caption:
            return None  # a group caption over quarters whose labels are missing
        if role is not None:
            return _kegiatan_role(kind, role, caption)
    return None


def _caption_role(caption: str) -> Role | None:
    for role, pattern in _HEADER_PATTERNS:
        if pattern.search(caption):
            return role
    return None


def _kegiatan_role(kind: TableKind, role: Role, caption: str) -> Role | None:
    """In the Kegiatan table a caption naming the aksi level (and no other) is the aksi's."""
    if kind is not TableKind.KEGIATAN:
        return None if role is Role.AKSI else role
    aksi = _AKSI_WORDS.search(caption) is not None
    other_level = _ITEM_WORDS.search(_AKSI_WORDS.sub("", caption)) is not None
    if role is Role.NAMA and aksi and not re.search(r"SASARAN|PROGRAM|BIDANG", caption):
        return Role.AKSI
    if aksi and not other_level:
        if role is Role.INDIKATOR:
            return Role.AKSI_INDIKATOR
        if role is Role.TARGET:
            return Role.AKSI_TARGET
    return role
