"""A recognised table as data: the tables of a Renaksi, what a column may hold (its role),
the column map and the reasons of a verdict, and how they are shown to people (``impor
--peta``, the refusal message).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from enum import Enum, IntEnum, auto
from typing import Any

from renaksi_xl.berkas.grid import column_letter
from renaksi_xl.core.model import Source
from renaksi_xl.core.record import record
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


@record
class Reason:
    """One reason of a verdict, as data: a stable code, the roles and column captions it is
    about, and the Indonesian sentence for the user."""

    code: str
    message: str
    roles: tuple[Role, ...] = ()
    columns: tuple[str, ...] = ()


@record
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


@record
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


def refusal_message(table: TableMap) -> str:
    """The Indonesian sentence that says what the table seems to be and why it is refused."""
    reasons = "; ".join(r.message for r in table.reasons)
    if table.dokumen is None:
        return f"tabel {table.kind.value} tidak dapat dibaca sebagai Rencana Aksi: {reasons}"
    foreign = unique(c.header for c in table.columns if c.role in FOREIGN)
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


def unique(texts: Iterable[str]) -> list[str]:
    """The texts without repeats, in their first order."""
    seen: list[str] = []
    for text in texts:
        if text not in seen:
            seen.append(text)
    return seen


def _top_captions(headers: Sequence[str]) -> list[str]:
    return unique(h.split(" / ")[0] for h in headers)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
