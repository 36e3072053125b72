"""The items of a Renaksi as their rows state them: a program header of the Kegiatan table,
a kegiatan, a sub kegiatan, an aksi (in its own columns or in the name column), each with
the columns its kind leaves empty; and the drafts that collect them until the tables are
read and the Program table's programs are joined with the Kegiatan table's sections.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from renaksi_xl.berkas.baca.cells import (
    TableHeader,
    budget,
    budget_at,
    budget_plan,
    indikator,
    indikator_or_blank,
    stated_plan,
    stray,
)
from renaksi_xl.berkas.baca.levels import MATCH_RATIO, name_parts, ratio, split_name, squash
from renaksi_xl.berkas.baca.tablemap import BUDGET_QUARTERS, FOREIGN, QUARTERS, Role
from renaksi_xl.berkas.grid import GridCell, GridRow
from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Program,
    Quantity,
    Source,
    StrayValue,
    SubKegiatan,
    Text,
)

# the columns each row kind of the Kegiatan table leaves empty
_UNUSED_BY_KEGIATAN = frozenset({Role.AKSI, Role.AKSI_INDIKATOR, Role.AKSI_TARGET})
_UNUSED_BY_AKSI = frozenset(
    {Role.NO, Role.NAMA, Role.INDIKATOR, Role.TARGET, Role.ANGGARAN, *BUDGET_QUARTERS}
)
_UNUSED_BY_HEADER = (
    frozenset(Role)
    - {Role.NO, Role.NAMA, Role.KODE, Role.CEK, Role.JENIS, Role.ANGGARAN, Role.PENANGGUNG_JAWAB}
    - FOREIGN
)
_INDICATOR_ROLES = frozenset({Role.INDIKATOR, Role.TARGET, Role.SATUAN, Role.SIFAT, *QUARTERS})
_UNUSED_BY_SHARED_KEGIATAN = frozenset({Role.AKSI})
# a coded program row of today's shape states the program's indicator, schedule and Rp
_UNUSED_BY_CODED_PROGRAM = _UNUSED_BY_HEADER - _INDICATOR_ROLES - set(BUDGET_QUARTERS)
# an aksi written in the name column under a sub kegiatan: the pagu is the sub kegiatan's
_UNUSED_BY_NAMED_AKSI = _UNUSED_BY_KEGIATAN | {Role.ANGGARAN, *BUDGET_QUARTERS}


@dataclass
class SubDraft:
    """A sub kegiatan while the aksi under it are read."""

    sub: SubKegiatan
    aksi: list[Aksi] = field(default_factory=list)

    def build(self) -> SubKegiatan:
        """The sub kegiatan with its aksi."""
        if not self.aksi:
            return self.sub  # read without aksi, as most are
        return dataclasses.replace(self.sub, aksi=tuple(self.aksi))


@dataclass
class KegiatanDraft:
    """A kegiatan while the aksi and sub kegiatan under it are read."""

    kegiatan: Kegiatan
    aksi: list[Aksi] = field(default_factory=list)
    subs: list[SubDraft] = field(default_factory=list)

    def build(self) -> Kegiatan:
        """The kegiatan with what is under it."""
        kegiatan = self.kegiatan
        if not self.subs:
            return dataclasses.replace(kegiatan, aksi=tuple(self.aksi))
        # today's shape: the pagu is the sub kegiatan's; what the kegiatan row states is a
        # value to check against them
        stated = kegiatan.anggaran
        return dataclasses.replace(
            kegiatan,
            anggaran=Quantity(),
            aksi=tuple(self.aksi),
            anggaran_triwulan=stated_plan(kegiatan.anggaran_triwulan),
            sub_kegiatan=tuple(s.build() for s in self.subs),
            pagu_tertulis=None if stated.is_empty and stated.is_parsed else stated,
        )


@dataclass
class Section:
    """A program header row of the Kegiatan table and the kegiatan under it."""

    judul: Text | None
    nomor: str | None
    kode: str | None
    stray: tuple[StrayValue, ...]
    subtotal: Quantity | None = None
    kegiatan: list[KegiatanDraft] = field(default_factory=list)
    indikator: tuple[Indikator, ...] = ()
    anggaran_triwulan: tuple[Quantity, ...] = ()


@dataclass
class Named:
    """An item of the Sasaran or Program table while its indicators are collected."""

    nomor: str | None
    kode: str | None
    nama: Text
    source: Source | None
    indikator: list[Indikator] = field(default_factory=list)


def shared_indicator(columns: dict[Role, int]) -> bool:
    """One indicator column after a SUB KEGIATAN column, used by every level (the recogniser
    maps it to the aksi, as in the old layout's separate aksi columns)."""
    return Role.INDIKATOR not in columns and Role.AKSI_INDIKATOR in columns


def indicator_roles(columns: dict[Role, int], *, aksi_column: bool = False) -> tuple[Role, Role]:
    """The indicator and annual-target columns of a row: the aksi's for a row named in the
    aksi column or where the aksi's are shared by every level."""
    if Role.AKSI_INDIKATOR in columns and (aksi_column or Role.INDIKATOR not in columns):
        return Role.AKSI_INDIKATOR, Role.AKSI_TARGET
    return Role.INDIKATOR, Role.TARGET


def _unused_by_kegiatan(columns: dict[Role, int]) -> frozenset[Role]:
    return _UNUSED_BY_SHARED_KEGIATAN if shared_indicator(columns) else _UNUSED_BY_KEGIATAN


def program_section(
    row: GridRow, header: TableHeader, name_cell: GridCell, *, coded: bool = False
) -> Section:
    """A program header row; one with a program code (today's shape) may state the
    program's indicator, schedule and Rp per quarter."""
    columns = header.columns
    number, code, name = name_parts(row, columns, name_cell)
    budget_cell = row.cell(columns.get(Role.ANGGARAN))
    subtotal = budget(budget_cell) if budget_cell is not None and not budget_cell.is_blank else None
    unused = _UNUSED_BY_HEADER
    found: Indikator | None = None
    plan: tuple[Quantity, ...] = ()
    if coded:
        name_role, target_role = indicator_roles(columns)
        found = indikator(row, columns, name_role, target_role, [])
        # four quarters, as a kegiatan's: one the table lacks states nothing, in its place
        plan = budget_plan(row, columns)
        unused = _UNUSED_BY_CODED_PROGRAM - {name_role, target_role}
    return Section(
        Text(name, name_cell.source),
        number,
        code,
        stray(row, header, unused),
        subtotal,
        indikator=(found,) if found is not None else (),
        anggaran_triwulan=stated_plan(plan),
    )


def kegiatan(
    row: GridRow, header: TableHeader, name_cell: GridCell, problems: list[Text]
) -> Kegiatan:
    """A kegiatan row: its indicator, pagu and Rp per quarter as the row states them."""
    columns = header.columns
    number, code, name = name_parts(row, columns, name_cell)
    roles = indicator_roles(columns)
    return Kegiatan(
        nama=Text(name, name_cell.source),
        indikator=indikator_or_blank(row, columns, roles, problems, name_cell.source),
        anggaran=budget_at(row, columns, Role.ANGGARAN),
        anggaran_triwulan=budget_plan(row, columns),
        nomor=number,
        kode=code,
        source=name_cell.source,
        stray=stray(row, header, _unused_by_kegiatan(columns)),
    )


def sub_kegiatan(
    row: GridRow,
    header: TableHeader,
    name_cell: GridCell,
    problems: list[Text],
    *,
    aksi_column: bool = False,
) -> SubKegiatan:
    """A sub kegiatan row: its indicator (K per quarter as the target's TW I–IV), the Rp
    per quarter and the pagu; named in the name column, or in a SUB KEGIATAN column (which
    the recogniser calls the aksi column)."""
    columns = header.columns
    number, code, name = name_parts(row, columns, name_cell)
    roles = indicator_roles(columns, aksi_column=aksi_column)
    unused = _unused_by_kegiatan(columns)
    if aksi_column:
        others = {Role.INDIKATOR, Role.TARGET, Role.AKSI_INDIKATOR, Role.AKSI_TARGET}
        unused = frozenset({Role.NAMA} | (others - set(roles)))
    return SubKegiatan(
        nama=Text(name, name_cell.source),
        indikator=indikator_or_blank(row, columns, roles, problems, name_cell.source),
        kode=code,
        pagu=budget_at(row, columns, Role.ANGGARAN),
        anggaran_triwulan=budget_plan(row, columns),
        nomor=number,
        source=name_cell.source,
        stray=stray(row, header, unused),
    )


def named_aksi(
    row: GridRow, header: TableHeader, name_cell: GridCell, problems: list[Text]
) -> Aksi:
    """An aksi written in the name column under a sub kegiatan, its name as written
    (``a. Sosialisasi …``: the model's aksi has no number of its own)."""
    columns = header.columns
    roles = indicator_roles(columns)
    code = row.text(columns.get(Role.KODE)) or None
    return Aksi(
        Text(name_cell.text, name_cell.source),
        indikator_or_blank(row, columns, roles, problems, name_cell.source),
        code,
        name_cell.source,
        stray(row, header, _UNUSED_BY_NAMED_AKSI - set(roles)),
    )


_AKSI_ROLES = (Role.AKSI, Role.AKSI_INDIKATOR, Role.AKSI_TARGET, *QUARTERS)


def aksi(row: GridRow, header: TableHeader, problems: list[Text]) -> Aksi | None:
    """An aksi in the aksi columns; None for a row with nothing in them."""
    columns = header.columns
    for role in _AKSI_ROLES:  # a loop, not a generator: every aksi row of a sheet asks
        if row.text(columns.get(role)) != "":
            break
    else:
        return None
    name_cell = row.cell(columns.get(Role.AKSI))
    source = name_cell.source if name_cell is not None else row.source
    _, code, name = split_name(name_cell.text) if name_cell is not None else (None, None, "")
    code = row.text(columns.get(Role.KODE)) or code
    roles = (Role.AKSI_INDIKATOR, Role.AKSI_TARGET)
    found = indikator_or_blank(row, columns, roles, problems, source)
    return Aksi(Text(name, source), found, code, source, stray(row, header, _UNUSED_BY_AKSI))


def program(named: Named, section: Section | None) -> Program:
    """A program of the Program table with the Kegiatan table's section of its name."""
    return Program(
        nama=named.nama,
        indikator=tuple(named.indikator) or (section.indikator if section else ()),
        kegiatan=tuple(k.build() for k in section.kegiatan) if section else (),
        nomor=named.nomor,
        kode=named.kode or (section.kode if section else None),
        judul_kegiatan=section.judul if section else None,
        subtotal_tertulis=section.subtotal if section else None,
        source=named.source,
        stray=section.stray if section else (),
        anggaran_triwulan=section.anggaran_triwulan if section else (),
    )


def match_sections(names: Sequence[str], sections: Sequence[Section]) -> dict[int, int]:
    """Program (by position in ``names``) → the section whose header is most like its name,
    if alike enough. The most alike pairs are joined first, so a section named exactly as a
    later program is that program's, not taken by an earlier one whose name is merely
    similar; each section joins one program at most."""
    squashed = [squash(s.judul.value) if s.judul is not None else None for s in sections]
    mine = [squash(name) for name in names]
    matched: dict[int, int] = {}
    taken: set[int] = set()
    # the most alike are the identical ones (nothing else is alike to 1), nearly every
    # program: joined without comparing each with every header; between equals the earlier
    # program, and the later section (as the one-by-one matching this replaces chose)
    headers: dict[str, list[int]] = {}
    for index, header in enumerate(squashed):
        if header is not None:
            headers.setdefault(header, []).append(index)
    for program, name in enumerate(mine):
        free = [index for index in headers.get(name, ()) if index not in taken]
        if free:
            matched[program] = free[-1]
            taken.add(free[-1])
    pairs = []
    for program, name in enumerate(mine):
        if program in matched:
            continue
        for index, header in enumerate(squashed):
            if header is not None and index not in taken:
                score = ratio(name, header)
                if score >= MATCH_RATIO:
                    pairs.append((score, program, index))
    for _, program, index in sorted(pairs, key=lambda p: (-p[0], p[1], -p[2])):
        if program not in matched and index not in taken:
            matched[program] = index
            taken.add(index)
    return matched
