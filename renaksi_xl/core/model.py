"""The Renaksi document as frozen dataclasses.

Every value keeps its :class:`Source` so that findings can point at the sheet cell or the
text line the value came from. ``to_dict``/``from_dict`` give a lossless JSON form.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import field
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from renaksi_xl.core.record import record

SCHEMA_VERSION = 1


class Sifat(StrEnum):
    """How quarterly targets aggregate to the annual target (DESIGN §2.1)."""

    KUMULATIF = "kumulatif"
    PER_TRIWULAN = "per_triwulan"
    TETAP = "tetap"


_T = TypeVar("_T")


@record
class Source:
    """Where a value was read: a workbook cell, or a line (and column) of a text file."""

    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    column: int | None = None

    def describe(self) -> str:
        """Indonesian description, e.g. ``Kegiatan!L30`` or ``baris 30, kolom 12``."""
        if self.cell is not None:
            return f"{self.sheet}!{self.cell}" if self.sheet else self.cell
        if self.line is not None:
            where = f"baris {self.line}"
            return f"{where}, kolom {self.column}" if self.column is not None else where
        return "lokasi tidak diketahui"


@record
class Text:
    """A piece of text from the document with its source."""

    value: str
    source: Source | None = None

    def __str__(self) -> str:
        return self.value


@record
class Quantity:
    """A number with a unit as written in a cell, e.g. ``25.302 Lbr`` or ``82,5%``.

    ``unit`` is the normalised spelling (``lbr`` → ``lembar``), ``unit_text`` the spelling in
    the document. A compound cell (``25 peserta / 30 kali``) has ``parts`` joined by
    ``joiner`` and no value of its own. A cell that could not be understood has
    ``problem`` set and keeps its text in ``raw``: never a guessed number.
    """

    raw: str = ""
    value: Decimal | None = None
    unit: str | None = None
    unit_text: str | None = None
    unit_inferred: bool = False
    note: str | None = None
    parts: tuple[Quantity, ...] = ()
    joiner: str | None = None
    problem: str | None = None
    source: Source | None = None

    @property
    def is_empty(self) -> bool:
        """True for a blank cell (or a lone dash): nothing scheduled."""
        return self.value is None and not self.parts and self.problem is None

    @property
    def is_parsed(self) -> bool:
        """True unless the text could not be understood."""
        return self.problem is None

    @property
    def is_compound(self) -> bool:
        """True for cells holding several quantities, like ``25 peserta / 30 kali``."""
        return bool(self.parts)


@record
class Target:
    """An annual target and its schedule over the four quarters (TW I–IV)."""

    tahunan: Quantity = field(default_factory=Quantity)
    triwulan: tuple[Quantity, Quantity, Quantity, Quantity] = (
        Quantity(),
        Quantity(),
        Quantity(),
        Quantity(),
    )
    sifat: Sifat | None = None
    sifat_inferred: bool = False
    kumulatif: tuple[Decimal | None, ...] = ()
    """Computed (:func:`renaksi_xl.core.compute.recompute`): % of the annual target reached by
    the end of TW I–IV; empty until computed."""


@record
class Indikator:
    """A performance indicator with its target."""

    nama: Text
    target: Target = field(default_factory=Target)


@record
class StrayValue:
    """A cell with content in a column that this kind of row does not use."""

    header: str
    text: Text


@record
class Aksi:
    """An action under a sub kegiatan or, in old documents, directly under a kegiatan."""

    nama: Text
    indikator: Indikator
    kode: str | None = None
    source: Source | None = None
    stray: tuple[StrayValue, ...] = ()


@record
class SubKegiatan:
    """A sub kegiatan (Permendagri 90/2019, ``7.01.01.2.01.0001``): the level that holds the
    pagu. Its indicator's TW I–IV are the physical targets (K); ``anggaran_triwulan`` the
    financial plan (Rp) of TW I–IV, which adds up to ``pagu``. Aksi under it are optional."""

    nama: Text
    indikator: Indikator
    kode: str | None = None
    pagu: Quantity = field(default_factory=Quantity)
    anggaran_triwulan: tuple[Quantity, ...] = ()
    aksi: tuple[Aksi, ...] = ()
    nomor: str | None = None
    source: Source | None = None
    stray: tuple[StrayValue, ...] = ()


@record
class Kegiatan:
    """An activity with its indicator, budget (whole rupiah) and actions; where the document
    plans the budget per quarter, ``anggaran_triwulan`` holds TW I–IV.

    In today's shape (Permendagri 90/2019) the budget sits on the ``sub_kegiatan``; the
    kegiatan then has no ``anggaran`` of its own, and the pagu its row states, if any, is
    ``pagu_tertulis``: a value to check against its sub kegiatan, not to trust. Old
    documents have no sub kegiatan and their aksi directly under the kegiatan.
    """

    nama: Text
    indikator: Indikator
    anggaran: Quantity = field(default_factory=Quantity)
    aksi: tuple[Aksi, ...] = ()
    anggaran_triwulan: tuple[Quantity, ...] = ()
    nomor: str | None = None
    kode: str | None = None
    source: Source | None = None
    stray: tuple[StrayValue, ...] = ()
    sub_kegiatan: tuple[SubKegiatan, ...] = ()
    pagu_tertulis: Quantity | None = None


@record
class Program:
    """A program with one or more indicators and its kegiatan.

    ``nama`` comes from the Program table; ``judul_kegiatan`` is the program header row as
    written in the Kegiatan table (the two are matched by name when importing), and
    ``subtotal_tertulis`` the budget subtotal (pagu) that row states, if any: in both shapes
    a value to check against its kegiatan, not to trust.
    """

    nama: Text
    indikator: tuple[Indikator, ...] = ()
    kegiatan: tuple[Kegiatan, ...] = ()
    nomor: str | None = None
    kode: str | None = None
    judul_kegiatan: Text | None = None
    subtotal_tertulis: Quantity | None = None
    source: Source | None = None
    stray: tuple[StrayValue, ...] = ()
    porsi: Decimal | None = None
    """Computed: the program's share of the grand total, in percent."""
    progres: tuple[Decimal | None, ...] = ()
    """Computed: budget-weighted cumulative progress of its kegiatan by the end of TW I–IV."""
    anggaran_triwulan: tuple[Quantity, ...] = ()
    """The Rp per quarter (TW I–IV) a program row of today's shape states, if any: like
    ``subtotal_tertulis``, a value to check against its sub kegiatan, not to trust."""


@record
class SasaranStrategis:
    """A strategic objective with its indicators."""

    nama: Text
    indikator: tuple[Indikator, ...] = ()
    nomor: str | None = None
    source: Source | None = None


@record
class Penandatangan:
    """The signature block: place and date, title, name, rank and NIP as written."""

    tempat: Text | None = None
    tanggal: Text | None = None
    jabatan: Text | None = None
    nama: Text | None = None
    pangkat: Text | None = None
    nip: Text | None = None


@record
class Renaksi:
    """A whole Rencana Aksi document."""

    opd: Text | None = None
    tahun: int | None = None
    judul: Text | None = None
    sasaran: tuple[SasaranStrategis, ...] = ()
    program: tuple[Program, ...] = ()
    total_tertulis: Quantity | None = None
    penandatangan: Penandatangan = field(default_factory=Penandatangan)
    tak_dikenal: tuple[Text, ...] = ()
    sumber: str | None = None

    def iter_kegiatan(self) -> typing.Iterator[tuple[Program, Kegiatan]]:
        """Every kegiatan with the program it belongs to, in document order."""
        for program in self.program:
            for kegiatan in program.kegiatan:
                yield program, kegiatan

    def iter_sub_kegiatan(self) -> typing.Iterator[tuple[Program, Kegiatan, SubKegiatan]]:
        """Every sub kegiatan with its program and kegiatan, in document order."""
        for program in self.program:
            for kegiatan in program.kegiatan:
                for sub in kegiatan.sub_kegiatan:
                    yield program, kegiatan, sub

    @property
    def has_sub_kegiatan(self) -> bool:
        """True for a document in today's shape (its pagu sits on sub kegiatan)."""
        return any(k.sub_kegiatan for p in self.program for k in p.kegiatan)

    def to_dict(self) -> dict[str, Any]:
        """Lossless JSON-ready form (Decimal as string); see :meth:`from_dict`."""
        return {"versi": SCHEMA_VERSION, **_dump(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Renaksi:
        """Rebuild a model from :meth:`to_dict` output."""
        body = {k: v for k, v in data.items() if k != "versi"}
        return typing.cast(Renaksi, _load(cls, body))


def without_sources(value: _T) -> _T:
    """The same model with every source location removed, to compare content only."""
    if isinstance(value, Source):
        raise TypeError("Source has no content of its own")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: None
            if f.name in ("source", "sumber")
            else without_sources(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
        return typing.cast(_T, dataclasses.replace(value, **changes))
    if isinstance(value, tuple):
        return typing.cast(_T, tuple(without_sources(v) for v in value))
    return value


def comparable(value: _T) -> _T:
    """The model reduced to its content: no sources, and quantities only by value, unit
    (normalised), note and parts, whatever their spelling; a sifat whether written or
    inferred. Two documents that say the same thing compare equal."""
    if isinstance(value, Quantity):
        return typing.cast(
            _T,
            Quantity(
                value=value.value,
                unit=value.unit,
                note=value.note,
                parts=tuple(comparable(p) for p in value.parts),
                joiner=value.joiner,
                problem="" if value.problem is not None else None,
            ),
        )
    if isinstance(value, Target):
        return typing.cast(
            _T,
            Target(
                tahunan=comparable(value.tahunan),
                triwulan=comparable(value.triwulan),
                sifat=value.sifat,
            ),
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: None if f.name in ("source", "sumber") else comparable(getattr(value, f.name))
            for f in dataclasses.fields(value)
        }
        return typing.cast(_T, dataclasses.replace(value, **changes))
    if isinstance(value, tuple):
        return typing.cast(_T, tuple(comparable(v) for v in value))
    return value


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


def _load(annotation: Any, data: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if data is None:
            return None
        return _load(options[0], data)
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in data)
        return tuple(_load(a, v) for a, v in zip(args, data, strict=True))
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        hints = typing.get_type_hints(annotation)
        kwargs = {
            f.name: _load(hints[f.name], data[f.name])
            for f in dataclasses.fields(annotation)
            if f.name in data
        }
        return annotation(**kwargs)
    if annotation is Decimal:
        return Decimal(data)
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return annotation(data)
    return data
