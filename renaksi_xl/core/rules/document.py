"""The document as the rules see it: every indicator with its place, path and sifat."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Program,
    Quantity,
    Renaksi,
    Sifat,
    Source,
    StrayValue,
    SubKegiatan,
    Target,
)
from renaksi_xl.core.quantity import format_number
from renaksi_xl.core.record import record
from renaksi_xl.core.sifat import LABELS, Inference, infer

BUDGET_HEADER_WORDS = ("ANGGARAN", "PAGU", "BIAYA")
TW = ("TW I", "TW II", "TW III", "TW IV")
QUANTITY_LABELS = ("target tahunan", *TW)


@record
class Part:
    """One checkable quantity series: the whole target, or one part of a compound one
    (``25 Peserta/122 Kali`` is checked as 25 peserta and as 122 kali)."""

    label: str
    target: Target
    sifat: Sifat | None
    inference: Inference | None

    @property
    def sifat_note(self) -> str:
        """`` (sifat per triwulan disimpulkan dari angka TW)`` when it was inferred."""
        if self.inference is None or self.sifat is None:
            return ""
        closest = "" if self.inference.exact else ", paling mendekati"
        return f" (sifat {LABELS[self.sifat]} disimpulkan dari angka TW{closest})"


@dataclass(eq=False)
class Site:
    """An indicator where it stands: table, item path, owning row and its stray cells.

    Several rules ask the same questions of a site; the answers are kept in ``memo``."""

    table: str
    item: str
    indikator: Indikator
    row_source: Source | None
    stray: tuple[StrayValue, ...] = ()
    is_aksi: bool = False
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    target: Target = field(init=False, repr=False)
    """The indicator's target (an attribute, not a property: every rule asks for it)."""

    def __post_init__(self) -> None:
        self.target = self.indikator.target

    @property
    def source(self) -> Source | None:
        """Where to point for the indicator as a whole: its annual target, else its row."""
        return self.target.tahunan.source or self.indikator.nama.source or self.row_source

    def quantities(self) -> Iterator[tuple[str, Quantity]]:
        """(column, quantity) of the annual target and TW I–IV."""
        target = self.target
        return zip(QUANTITY_LABELS, (target.tahunan, *target.triwulan), strict=True)

    def budget_strays(self) -> list[StrayValue]:
        """Cells this row has in the budget column although it has no budget of its own."""
        return [s for s in self.stray if any(w in s.header.upper() for w in BUDGET_HEADER_WORDS)]

    def shifted_quarters(self) -> tuple[Quantity, ...] | None:
        """If the row looks shifted one column to the right (TW I empty, a value in the budget
        column), the TW values it would have shifted back; else None."""
        if "shifted" not in self.memo:  # None is an answer too
            self.memo["shifted"] = self._shifted_quarters()
        found: tuple[Quantity, ...] | None = self.memo["shifted"]
        return found

    def _shifted_quarters(self) -> tuple[Quantity, ...] | None:
        strays = self.budget_strays()
        quarters = self.target.triwulan
        if not self.is_aksi or len(strays) != 1 or not quarters[0].is_empty:
            return None
        from renaksi_xl.core.quantity import parse_quantity, with_default_unit

        annual = self.target.tahunan
        moved = with_default_unit(
            parse_quantity(strays[0].text.value, source=strays[0].text.source),
            annual.unit,
            annual.unit_text,
        )
        if moved.value is None:
            return None
        return (*quarters[1:], moved)

    def parts(self) -> list[Part]:
        """The series to check arithmetically, each with its sifat (written or inferred)."""
        found: list[Part] | None = self.memo.get("parts")
        if found is None:  # asked for by several rules per row: no call to typing.cast
            found = self.memo["parts"] = self._parts()
        return found

    def _parts(self) -> list[Part]:
        target = self.target
        annual = target.tahunan
        if not annual.parts:
            return [_part("", target, self.table)]
        width = len(annual.parts)
        scheduled = [q for q in target.triwulan if not q.is_empty]
        if any(len(q.parts) != width for q in scheduled):
            return []
        result = []
        for index, piece in enumerate(annual.parts):
            quarters = tuple(q.parts[index] if q.parts else q for q in target.triwulan)
            split = Target(piece, quarters, target.sifat)  # type: ignore[arg-type]
            label = f" (bagian {index + 1}: {piece.unit or 'tanpa satuan'})"
            result.append(_part(label, split, self.table))
        return result


def _part(label: str, target: Target, table: str) -> Part:
    if target.sifat is not None:
        return Part(label, target, target.sifat, None)
    inference = infer(target, table)
    return Part(label, target, inference.sifat if inference else None, inference)


@record
class KegiatanEntry:
    """A kegiatan with its program and readable path."""

    program: Program
    kegiatan: Kegiatan
    item: str


@record
class SubKegiatanEntry:
    """A sub kegiatan with its kegiatan (and program) and readable path."""

    parent: KegiatanEntry
    sub: SubKegiatan
    item: str

    @property
    def label(self) -> str:
        """How a message names it: ``7.01.01.2.01.0001 Penyusunan Dokumen …``."""
        return " ".join(p for p in (self.sub.kode, self.sub.nama.value) if p) or self.item


class Document:
    """The Renaksi prepared for the rules."""

    def __init__(self, renaksi: Renaksi) -> None:
        self.renaksi = renaksi
        self.sites: list[Site] = []
        self.kegiatan: list[KegiatanEntry] = []
        self.aksi: list[tuple[KegiatanEntry, Aksi, str]] = []
        self.aksi_of: dict[int, list[tuple[Aksi, str]]] = {}
        """Aksi by the id of the kegiatan or sub kegiatan they stand under."""
        self.kegiatan_of: dict[int, list[KegiatanEntry]] = {}
        self.sub_kegiatan: list[SubKegiatanEntry] = []
        self.sub_kegiatan_of: dict[int, list[SubKegiatanEntry]] = {}
        for number, sasaran in enumerate(renaksi.sasaran, start=1):
            path = f"Sasaran {sasaran.nomor or number}"
            for index, indikator in enumerate(sasaran.indikator, start=1):
                item = path if len(sasaran.indikator) == 1 else f"{path} › Indikator {index}"
                self.sites.append(Site("Sasaran Strategis", item, indikator, sasaran.source))
        for number, program in enumerate(renaksi.program, start=1):
            path = program_path(program, number)
            for index, indikator in enumerate(program.indikator, start=1):
                item = path if len(program.indikator) == 1 else f"{path} › Indikator {index}"
                self.sites.append(Site("Program", item, indikator, program.source))
            for k_number, kegiatan in enumerate(program.kegiatan, start=1):
                k_path = f"{path} › Kegiatan {kegiatan.nomor or k_number}"
                entry = KegiatanEntry(program, kegiatan, k_path)
                self.kegiatan.append(entry)
                self.kegiatan_of.setdefault(id(program), []).append(entry)
                self.sites.append(
                    Site("Kegiatan", k_path, kegiatan.indikator, kegiatan.source, kegiatan.stray)
                )
                self._add_aksi(entry, id(kegiatan), kegiatan.aksi, k_path)
                for s_number, sub in enumerate(kegiatan.sub_kegiatan, start=1):
                    s_path = f"{k_path} › Sub Kegiatan {sub.nomor or s_number}"
                    sub_entry = SubKegiatanEntry(entry, sub, s_path)
                    self.sub_kegiatan.append(sub_entry)
                    self.sub_kegiatan_of.setdefault(id(kegiatan), []).append(sub_entry)
                    self.sites.append(
                        Site("Sub Kegiatan", s_path, sub.indikator, sub.source, sub.stray)
                    )
                    self._add_aksi(entry, id(sub), sub.aksi, s_path)

    def program_sub_kegiatan(self, program: Program) -> list[SubKegiatanEntry]:
        """A program's sub kegiatan, kegiatan by kegiatan."""
        return [s for k in program.kegiatan for s in self.sub_kegiatan_of.get(id(k), [])]

    def _add_aksi(
        self, entry: KegiatanEntry, owner: int, aksi_list: tuple[Aksi, ...], path: str
    ) -> None:
        """Aksi under a kegiatan (old shape) or a sub kegiatan (``owner`` is its id)."""
        for a_number, aksi in enumerate(aksi_list, start=1):
            a_path = f"{path} › {aksi.nama.value or f'Aksi {a_number}'}"
            self.aksi.append((entry, aksi, a_path))
            self.aksi_of.setdefault(owner, []).append((aksi, a_path))
            self.sites.append(
                Site("Aksi", a_path, aksi.indikator, aksi.source, aksi.stray, is_aksi=True)
            )

    def template_cell(self, sheet: str, row: int) -> Source | None:
        """Where a missing value belongs in the template workbook (column A of the
        heading rows, the name column of a table's first row); None for other documents."""
        if not self.is_template:
            return None
        from renaksi_xl.core.layout import FIRST_DATA_ROW, TABLES

        if row != FIRST_DATA_ROW:
            return Source(sheet=sheet, cell=f"A{row}")
        layout = next(t for t in TABLES if t.sheet == sheet)
        return Source(sheet=sheet, cell=f"{layout.letter('nama')}{row}")

    @property
    def is_template(self) -> bool:
        """Whether the document was read from this tool's template workbook (its title is
        where the writer puts it)."""
        from renaksi_xl.core.layout import SHEET_SASARAN, TITLE_ROW

        judul = self.renaksi.judul
        return judul is not None and judul.source == Source(SHEET_SASARAN, f"A{TITLE_ROW}")


def all_read(target: Target) -> bool:
    """Whether the annual target and TW I–IV were all understood (nearly every row: the
    five looked at one by one, not by a generator, as several rules ask it of every row)."""
    first, second, third, fourth = target.triwulan
    return (
        target.tahunan.problem is None
        and first.problem is None
        and second.problem is None
        and third.problem is None
        and fourth.problem is None
    )


def program_path(program: Program, number: int) -> str:
    """``Program 7``."""
    return f"Program {program.nomor or number}"


def shown(quantity: Quantity) -> str:
    """A quantity as the message shows it, in the document's spelling: ``1.360 bh``,
    ``101%``, or its text when it is not one number."""
    if quantity.value is None:
        return quantity.raw.strip() or "(kosong)"
    return shown_value(quantity.value, quantity.unit, quantity.unit_text)


def shown_value(value: Decimal, unit: str | None, unit_text: str | None = None) -> str:
    """``Decimal(171), "kali"`` → ``171 kali``; percent as ``101%``."""
    if unit == "persen":
        return f"{format_number(value)}%"
    label = unit_text or unit
    return f"{format_number(value)} {label}" if label else format_number(value)
