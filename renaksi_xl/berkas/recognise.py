"""Recognising a table before reading it: which rows are its header, what each column
holds, and whether the table is a Renaksi plan at all.

Documents that look like a Renaksi but are not one — the quarterly *Realisasi Kinerja*
report, the *Evaluasi Renja/RKPD* — have the same names, indicators and quarter columns;
only their headers say that the quarter figures are results, not targets. Reading them as
plans would give confident wrong figures, so a table is first mapped column by column
(:data:`HEADER_WORDS`, one table of header words per role) and judged; what is not a plan,
or what cannot be mapped with confidence, is refused with the reasons as data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum, IntEnum, auto
from typing import Any

from renaksi_xl.berkas.grid import GridRow, column_letter
from renaksi_xl.core.layout import JENIS_HEADER
from renaksi_xl.core.model import Source
from renaksi_xl.errors import LayoutError


class TableKind(Enum):
    """The three tables of a Renaksi."""

    SASARAN = "Sasaran Strategis"
    PROGRAM = "Program"
    KEGIATAN = "Kegiatan"


class Role(IntEnum):
    """What a column holds (an IntEnum: role lookups are on every cell's path, and an
    IntEnum hashes in C)."""

    NO = auto()
    NAMA = auto()
    INDIKATOR = auto()
    TARGET = auto()
    TW1 = auto()
    TW2 = auto()
    TW3 = auto()
    TW4 = auto()
    AKSI = auto()
    AKSI_INDIKATOR = auto()
    AKSI_TARGET = auto()
    ANGGARAN = auto()
    ANGGARAN_TW1 = auto()
    ANGGARAN_TW2 = auto()
    ANGGARAN_TW3 = auto()
    ANGGARAN_TW4 = auto()
    KODE = auto()
    SATUAN = auto()
    SIFAT = auto()
    CEK = auto()
    JENIS = auto()
    PENANGGUNG_JAWAB = auto()
    # what a plan does not have: results, achievement and other plans' targets
    REALISASI = auto()
    CAPAIAN = auto()
    EVALUASI = auto()
    RENSTRA = auto()
    RKPD = auto()


QUARTERS = (Role.TW1, Role.TW2, Role.TW3, Role.TW4)
BUDGET_QUARTERS = (Role.ANGGARAN_TW1, Role.ANGGARAN_TW2, Role.ANGGARAN_TW3, Role.ANGGARAN_TW4)
FOREIGN = frozenset({Role.REALISASI, Role.CAPAIAN, Role.EVALUASI, Role.RENSTRA, Role.RKPD})
# roles a second column may also claim without making the table ambiguous
_MAY_REPEAT = FOREIGN | {Role.NO, Role.PENANGGUNG_JAWAB, Role.CEK}

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

ROLE_LABELS: dict[Role, str] = {
    Role.NO: "nomor",
    Role.NAMA: "nama",
    Role.INDIKATOR: "indikator",
    Role.TARGET: "target tahunan",
    Role.TW1: "target TW I",
    Role.TW2: "target TW II",
    Role.TW3: "target TW III",
    Role.TW4: "target TW IV",
    Role.AKSI: "aksi/sub kegiatan",
    Role.AKSI_INDIKATOR: "indikator aksi",
    Role.AKSI_TARGET: "target tahunan aksi",
    Role.ANGGARAN: "anggaran/pagu",
    Role.ANGGARAN_TW1: "anggaran TW I (Rp)",
    Role.ANGGARAN_TW2: "anggaran TW II (Rp)",
    Role.ANGGARAN_TW3: "anggaran TW III (Rp)",
    Role.ANGGARAN_TW4: "anggaran TW IV (Rp)",
    Role.KODE: "kode",
    Role.SATUAN: "satuan",
    Role.SIFAT: "sifat target",
    Role.CEK: "cek",
    Role.JENIS: "jenis baris",
    Role.PENANGGUNG_JAWAB: "penanggung jawab",
    Role.REALISASI: "realisasi (bukan target, diabaikan)",
    Role.CAPAIAN: "capaian (bukan target, diabaikan)",
    Role.EVALUASI: "evaluasi (bukan target, diabaikan)",
    Role.RENSTRA: "Renstra (bukan target tahun ini, diabaikan)",
    Role.RKPD: "RKPD (bukan target Renaksi, diabaikan)",
}


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


@dataclass(frozen=True)
class Reason:
    """One reason of a verdict, as data: a stable code, the roles and column captions it is
    about, and the Indonesian sentence for the user."""

    code: str
    message: str
    roles: tuple[Role, ...] = ()
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnMap:
    """One column: its 0-based index, its header caption(s) and the role it was given."""

    index: int
    header: str
    role: Role | None
    raw: str = ""
    """The captions as written in this column's own cells (no merged caption spread)."""

    @property
    def letter(self) -> str:
        """The column's letter, as a spreadsheet names it."""
        return column_letter(self.index + 1)

    def to_json(self) -> dict[str, Any]:
        """The column in ``peta_kolom``."""
        return {
            "kolom": self.letter,
            "judul": self.header,
            "peran": self.role.name.lower() if self.role is not None else None,
            "keterangan": ROLE_LABELS[self.role] if self.role is not None else "tidak dipakai",
        }


@dataclass(frozen=True)
class TableMap:
    """A recognised table: where its header is, its columns, and the verdict."""

    kind: TableKind
    source: Source
    header_rows: tuple[int, ...]
    first_data_row: int
    columns: tuple[ColumnMap, ...]
    reasons: tuple[Reason, ...] = ()
    dokumen: str | None = None
    """What the table seems to be when it is not a plan (``laporan realisasi triwulan``)."""
    roles: dict[Role, int] = field(default_factory=dict, compare=False)

    @property
    def is_plan(self) -> bool:
        """Whether the table can be read as a Renaksi plan."""
        return not self.reasons

    def where(self) -> str:
        """``lembar 'X', baris 5–7`` / ``baris 11–13``: the header's place, for people."""
        rows = [r for r in self.header_rows if r]
        span = f"{rows[0]}–{rows[-1]}" if len(rows) > 1 else (str(rows[0]) if rows else "?")
        sheet = f"lembar '{self.source.sheet}', " if self.source.sheet else ""
        return f"{sheet}baris {span}"

    def to_json(self) -> dict[str, Any]:
        """The table in ``peta_kolom``."""
        return {
            "tabel": self.kind.value,
            "lembar": self.source.sheet,
            "baris_judul": list(self.header_rows),
            "kolom": [c.to_json() for c in self.columns],
            "rencana_aksi": self.is_plan,
            "alasan": [{"kode": r.code, "pesan": r.message} for r in self.reasons],
        }


class NotAPlanError(LayoutError):
    """The document is not a Renaksi plan, or cannot be mapped with confidence; carries the
    map of what was seen, so that ``impor --peta`` can show it."""

    def __init__(self, message: str, *, tables: Sequence[TableMap], source: Source | None) -> None:
        super().__init__(message, source=source)
        self.tables = tuple(tables)


def table_kind(row: GridRow) -> TableKind | None:
    """The table whose header row this is, or None for any other row."""
    texts = [c.text for c in row.filled()]
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


def recognise_table(
    kind: TableKind, rows: Sequence[GridRow], index: int, end: int | None = None
) -> TableMap:
    """Map the columns of the table whose header row is ``rows[index]`` and judge it;
    ``end``: where the next table's header is, when the caller knows (else it is found)."""
    header_block, numbering, first = _header_block(rows, index)
    levels = _levels(header_block)
    width = max(len(r.cells) for r in (*header_block, *numbering))
    captions = [" / ".join(_unique(level[c] for level in levels if level[c])) for c in range(width)]
    claims = [_column_role(kind, [level[c] for level in levels]) for c in range(width)]
    if end is None or end < first:
        end = next(
            (i for i in range(first, len(rows)) if table_kind(rows[i]) is not None), len(rows)
        )
    roles = _resolve(kind, claims, captions, rows[first:end])
    columns = tuple(
        ColumnMap(
            c,
            captions[c] or f"kolom {c + 1}",
            roles.get(c),
            " ".join(t for row in header_block if (t := row.text(c))) or f"kolom {c + 1}",
        )
        for c in range(width)
    )
    header_rows = tuple(_row_number(r) for r in (*header_block, *numbering))
    table = TableMap(kind, rows[index].source, tuple(sorted(header_rows)), first, columns)
    return _judge(table)


def refuse(tables: Sequence[TableMap]) -> None:
    """Raise :class:`NotAPlanError` for the first table that is not a plan, if any, or when
    no table at all has a target per quarter (a plan without a schedule is no Renaksi)."""
    for table in tables:
        if not table.is_plan:
            raise NotAPlanError(refusal_message(table), tables=tables, source=table.source)
    if tables and not any(all(q in t.roles for q in QUARTERS) for t in tables):
        raise NotAPlanError(
            "tidak ada kolom target per triwulan (TW I–IV) di tabel mana pun: dokumen ini "
            "bukan Rencana Aksi (mungkin Perjanjian Kinerja atau Renja, yang hanya memuat "
            "target tahunan)",
            tables=tables,
            source=tables[0].source,
        )


def refusal_message(table: TableMap) -> str:
    """The Indonesian sentence that says what the table seems to be and why it is refused."""
    reasons = "; ".join(r.message for r in table.reasons)
    if table.dokumen is None:
        return f"tabel {table.kind.value} tidak dapat dibaca sebagai Rencana Aksi: {reasons}"
    foreign = _unique(c.header for c in table.columns if c.role in FOREIGN)
    shown = ", ".join(f"'{_short(h)}'" for h in _top_captions(foreign)[:3])
    return f"tabel ini tampaknya {table.dokumen} (kolom {shown}), bukan Rencana Aksi: {reasons}"


def format_map(tables: Sequence[TableMap]) -> str:
    """The column map as ``impor --peta`` prints it."""
    lines = ["Peta kolom:"]
    for table in tables:
        verdict = "" if table.is_plan else "  — BUKAN Rencana Aksi"
        lines.append(f"Tabel {table.kind.value} ({table.where()}){verdict}")
        width = min(60, max([len(c.header) for c in table.columns] + [10]))
        for column in table.columns:
            header = column.header if len(column.header) <= width else column.header[: width - 1]
            header += "…" if len(column.header) > width else ""
            label = ROLE_LABELS[column.role] if column.role is not None else "tidak dipakai"
            lines.append(f"  {column.letter:>3}  {header:<{width}}  → {label}")
        lines.extend(f"  alasan: {r.message}" for r in table.reasons)
    return "\n".join(lines)


def _header_block(rows: Sequence[GridRow], index: int) -> tuple[list[GridRow], list[GridRow], int]:
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
    texts = [c.text for c in row.filled()]
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
    texts = [c.text for c in row.filled()]
    if len(texts) < 3 or not all(_COLUMN_NUMBER.match(t) for t in texts):
        return False
    numbers = [int(re.match(r"\d+", t).group()) for t in texts]  # type: ignore[union-attr]
    return len(set(numbers)) == len(numbers)


def _is_integer(text: str) -> bool:
    return text.rstrip(".").isdigit()


def _levels(block: Sequence[GridRow]) -> list[list[str]]:
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


def _column_role(kind: TableKind, path: Sequence[str]) -> Role | None:
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


def _resolve(
    kind: TableKind,
    claims: Sequence[Role | None],
    captions: Sequence[str],
    data: Sequence[GridRow],
) -> dict[int, Role]:
    """Columns → roles. In the Kegiatan table an indicator or target column not named for
    either level belongs to the level whose name is written on the same rows (so column
    order does not matter); without data, to the level whose name column is left of it."""
    roles = {c: r for c, r in enumerate(claims) if r is not None}
    if kind is not TableKind.KEGIATAN:
        return roles
    name = next((c for c, r in roles.items() if r is Role.NAMA), None)
    aksi = next((c for c, r in roles.items() if r is Role.AKSI), None)
    for plain, of_aksi in ((Role.INDIKATOR, Role.AKSI_INDIKATOR), (Role.TARGET, Role.AKSI_TARGET)):
        open_columns = [c for c, r in roles.items() if r is plain]
        if aksi is None or not open_columns:
            continue
        if of_aksi in roles.values():
            continue  # the aksi's column is named: every plain one is the kegiatan's
        scored = sorted(
            open_columns, key=lambda c: (_level_score(data, c, name, aksi), -c), reverse=True
        )
        if len(open_columns) == 1:
            score = _level_score(data, open_columns[0], name, aksi)
            if score < 0 or (score == 0 and open_columns[0] > aksi):
                roles[open_columns[0]] = of_aksi
            continue
        if _level_score(data, scored[-1], name, aksi) == _level_score(data, scored[0], name, aksi):
            scored = sorted(open_columns)  # no evidence: the left one is the kegiatan's
        roles[scored[-1]] = of_aksi
    return roles


def _level_score(data: Sequence[GridRow], column: int, name: int | None, aksi: int) -> int:
    """Rows where the column is filled beside a kegiatan name, minus those beside an aksi."""
    score = 0
    for row in data:
        if not row.text(column):
            continue
        if name is not None and row.text(name):
            score += 1
        elif row.text(aksi):
            score -= 1
    return score


REQUIRED: dict[TableKind, tuple[Role, ...]] = {
    TableKind.SASARAN: (Role.NAMA, Role.INDIKATOR, Role.TARGET, *QUARTERS),
    TableKind.PROGRAM: (Role.NAMA, Role.INDIKATOR, Role.TARGET, *QUARTERS),
    TableKind.KEGIATAN: (Role.NAMA, *QUARTERS),
}


def _judge(table: TableMap) -> TableMap:
    roles: dict[Role, int] = {}
    claimed: dict[Role, list[ColumnMap]] = {}
    for column in table.columns:
        if column.role is not None:
            claimed.setdefault(column.role, []).append(column)
            roles.setdefault(column.role, column.index)
    reasons: list[Reason] = []
    required = REQUIRED[table.kind]
    if Role.NAMA not in roles:
        name = "SASARAN STRATEGIS" if table.kind is TableKind.SASARAN else table.kind.value.upper()
        reasons.append(Reason("tanpa_nama", f"tidak ada kolom nama ({name})", (Role.NAMA,)))
    missing_quarters = tuple(q for q in QUARTERS if q not in roles)
    foreign = [c for c in table.columns if c.role in FOREIGN]
    # A Sasaran or Program table may give annual targets only (the document's quarters are
    # then in its other tables: see refuse()); some quarters but not all is a misread header
    if missing_quarters and (
        len(missing_quarters) < 4 or table.kind is TableKind.KEGIATAN or foreign
    ):
        text = (
            "tidak ada kolom target per triwulan"
            if len(missing_quarters) == 4
            else "tidak ada kolom " + ", ".join(ROLE_LABELS[q] for q in missing_quarters)
        )
        reasons.append(Reason("tanpa_target_triwulan", text, missing_quarters))
    others = [r for r in required if r not in roles and r is not Role.NAMA and r not in QUARTERS]
    if table.kind is TableKind.KEGIATAN:
        if Role.INDIKATOR not in roles and Role.AKSI_INDIKATOR not in roles:
            others.append(Role.INDIKATOR)
        if Role.TARGET not in roles and Role.AKSI_TARGET not in roles:
            others.append(Role.TARGET)
    if others:
        reasons.append(
            Reason(
                "peran_hilang",
                "tidak ada kolom " + ", ".join(ROLE_LABELS[r] for r in others),
                tuple(others),
            )
        )
    for role, columns in claimed.items():
        if len(columns) > 1 and role not in _MAY_REPEAT:
            headers = tuple(c.header for c in columns)
            reasons.append(
                Reason(
                    "peran_ganda",
                    f"kolom {' dan '.join(repr(h) for h in headers)} sama-sama tampak sebagai "
                    f"{ROLE_LABELS[role]}; tidak jelas mana yang dipakai",
                    (role,),
                    headers,
                )
            )
    dokumen = None
    if foreign and (missing_quarters or Role.TARGET not in roles):
        kinds = {c.role for c in foreign}
        dokumen = (
            "evaluasi hasil Renja/RKPD"
            if kinds & {Role.RENSTRA, Role.RKPD, Role.CAPAIAN, Role.EVALUASI}
            else "laporan realisasi triwulan"
        )
        if not any(r.code == "tanpa_target_triwulan" for r in reasons):
            reasons.append(Reason("tanpa_target_triwulan", "tidak ada kolom target per triwulan"))
    return TableMap(
        table.kind,
        table.source,
        table.header_rows,
        table.first_data_row,
        table.columns,
        tuple(reasons),
        dokumen,
        roles,
    )


def _row_number(row: GridRow) -> int:
    if row.number:
        return row.number
    if row.source.line is not None:
        return row.source.line
    cell = row.source.cell or ""
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0


def _unique(texts: Any) -> list[str]:
    seen: list[str] = []
    for text in texts:
        if text not in seen:
            seen.append(text)
    return seen


def _top_captions(headers: Sequence[str]) -> list[str]:
    return _unique(h.split(" / ")[0] for h in headers)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
