"""Import of Renaksi documents in the old free-text layout (the reference document's).

The three tables are found by their header rows, not by position, and each is recognised
before it is read (:mod:`renaksi_xl.berkas.recognise`: a role per column, and whether the table is
a Renaksi plan at all; what is not is refused, never turned into figures). The importer
keeps what the document says (odd units, shifted cells, a malformed NIP) and leaves judging
it to validation: values in a column that a row kind does not use are kept as
:class:`~renaksi_xl.core.model.StrayValue`, rows it cannot place as ``Renaksi.tak_dikenal``.

Documents in today's shape (Permendagri 90/2019) are read by the same code: the level of a
Kegiatan-table row comes from its code (:func:`_level`: 3 segments a program, 5 a kegiatan,
6 a sub kegiatan), else from the document's cues (a JENIS column, outline numbering,
programs in capitals with bold kegiatan). A sub kegiatan holds the pagu and the Rp per
quarter; what kegiatan, program and total rows state is kept as stated, to be checked.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from renaksi_xl.berkas.grid import GridCell, GridRow
from renaksi_xl.berkas.recognise import (
    BUDGET_QUARTERS,
    FOREIGN,
    QUARTERS,
    NotAPlanError,
    Role,
    TableKind,
    TableMap,
    recognise_table,
    refuse,
    table_kind,
)
from renaksi_xl.berkas.recognise import (
    quarter_of as quarter_of,  # re-exported: part of this module's interface
)
from renaksi_xl.core.layout import JENIS_AKSI, JENIS_PROGRAM, SIGNATURE_PLACEHOLDERS
from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Penandatangan,
    Program,
    Quantity,
    Renaksi,
    SasaranStrategis,
    Source,
    StrayValue,
    SubKegiatan,
    Target,
    Text,
)
from renaksi_xl.core.quantity import (
    BULAN,
    budget_value,
    normalize_unit,
    parse_quantity,
    with_default_unit,
)
from renaksi_xl.core.sifat import parse_sifat
from renaksi_xl.errors import LayoutError

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
# Permendagri 90/2019 codes by their number of segments: U.BB.PP, U.BB.PP.L.KK,
# U.BB.PP.L.KK.SS(SS)
PROGRAM_SEGMENTS, KEGIATAN_SEGMENTS, SUB_KEGIATAN_SEGMENTS = 3, 5, 6
_CODE_PREFIX = re.compile(r"^(?P<code>\d+(?:\.\d+){2,})\.?\s+(?P<rest>\S.*)$")
_NUMBER_PREFIX = re.compile(r"^(?P<number>\d{1,3}|[a-z])[.)]\s*(?P<rest>[^\d\s.].*)$")
# a Permendagri 90 code (``7.01.01``, ``X.XX.01.2.01``), not a numbering like ``1.1.1``
_PERMENDAGRI_CODE = re.compile(r"^[\dX]{1,2}\.[\dX]{2}\.\d{2}(?:\.|$)", re.IGNORECASE)
# an outline number of two or more levels (``1.2``, ``1.2.3``), which no code looks like
_NUMBERING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}$")
_TOTAL_LABEL = re.compile(r"^(jumlah|total)\b", re.IGNORECASE)
_YEAR = re.compile(r"\bTAHUN\s+(?:ANGGARAN\s+)?(\d{4})\b", re.IGNORECASE)
_OPD = re.compile(
    r"^(?:NAMA\s+)?(?:OPD|PERANGKAT\s+DAERAH|SKPD|UNIT\s+KERJA)\s*:\s*(?P<name>.+)$",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d][^,]*),\s*(?P<date>\d{1,2}\s+(?:"
    + "|".join(BULAN)
    + r")\s+\d{4}|[.…_]{3,}[ .…_]*(?:\d{4})?|"
    + re.escape(SIGNATURE_PLACEHOLDERS["tanggal"])
    + r")\s*$",
    re.IGNORECASE,
)
_NIP = re.compile(r"^NIP\s*\.?\s*:?\s*(?P<nip>.*)$", re.IGNORECASE)
_RANK = re.compile(
    r"^(?:(pembina|penata|pengatur|juru)\b|" + re.escape(SIGNATURE_PLACEHOLDERS["pangkat"]) + ")",
    re.IGNORECASE,
)
# a table of fewer rows is not judged by how many of them could be placed
MIN_ROWS_JUDGED = 4
# rows searched for a hint of what a document without a Renaksi table is
MAX_ROWS_SEARCHED = 60
# how alike a Kegiatan-table program header and a Program-table name must be to be one program
MATCH_RATIO = 0.75
_SMALL_WORDS = {"dan", "di", "ke", "dari", "yang", "untuk", "atau", "pada", "serta"}


@dataclass(frozen=True)
class TableHeader:
    """A table's header: its kind, which column holds what, and where data starts."""

    kind: TableKind
    columns: dict[Role, int]
    headers: dict[int, str]
    header_row: int
    first_data_row: int
    map: TableMap
    _unused_columns: dict[frozenset[Role], frozenset[int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @functools.cached_property
    def mapped_columns(self) -> frozenset[int]:
        """Columns that have a role."""
        return frozenset(self.columns.values())

    def unused_columns(self, unused: frozenset[Role]) -> frozenset[int]:
        """Columns of the given roles (cached: asked for every row)."""
        found = self._unused_columns.get(unused)
        if found is None:
            found = frozenset(self.columns[r] for r in unused if r in self.columns)
            self._unused_columns[unused] = found
        return found


def parse_rows(rows: Sequence[GridRow], *, sumber: str | None = None) -> Renaksi:
    """Build a :class:`Renaksi` from the rows of one old-layout text or sheet."""
    return parse_sheets([rows], sumber=sumber)


def parse_sheets(sheets: Sequence[Sequence[GridRow]], *, sumber: str | None = None) -> Renaksi:
    """Build a :class:`Renaksi` from several sheets' rows (the tables may be on one sheet or
    spread over several, each with its own title rows). Sheets without a table header are
    passed over: instructions, lists, notes."""
    return read_sheets(sheets, sumber=sumber)[0]


def check_sheets(sheets: Sequence[Sequence[GridRow]]) -> None:
    """Refuse, as :func:`read_sheets` would, the tables that are not a Renaksi plan, without
    reading them (a document without any table is left for the full read to judge)."""
    refuse([header.map for rows in sheets for header in _find_headers(rows)])


def read_sheets(
    sheets: Sequence[Sequence[GridRow]], *, sumber: str | None = None
) -> tuple[Renaksi, tuple[TableMap, ...]]:
    """:func:`parse_sheets`, with the column map of every table it read.

    Every table is recognised before it is read (:mod:`renaksi_xl.berkas.recognise`): a table that
    is not a Renaksi plan, or whose columns cannot be mapped with confidence, is refused with
    a :class:`~renaksi_xl.berkas.recognise.NotAPlanError` and nothing of the document is read."""
    tables: list[tuple[TableHeader, Sequence[GridRow]]] = []
    preamble: list[GridRow] = []
    for rows in sheets:
        headers = _find_headers(rows)
        if not headers:
            continue
        preamble.extend(rows[: headers[0].header_row])
        for position, header in enumerate(headers):
            end = headers[position + 1].header_row if position + 1 < len(headers) else len(rows)
            tables.append((header, rows[header.first_data_row : end]))
    if not tables:
        raise LayoutError(_no_table_message(sheets))
    maps = tuple(header.map for header, _ in tables)
    refuse(maps)
    kinds = [header.kind for header, _ in tables]
    signature_table = (
        len(kinds) - 1 - kinds[::-1].index(TableKind.KEGIATAN)
        if TableKind.KEGIATAN in kinds
        else len(kinds) - 1
    )
    builder = _Builder()
    for position, (header, rows) in enumerate(tables):
        rest = builder.read_table(header, rows)
        if position == signature_table:
            builder.read_signature(rest)
        else:
            builder.unplaced.extend(_row_text(r) for r in rest)
    if builder.rows_read >= MIN_ROWS_JUDGED and builder.rows_unplaced * 2 > builder.rows_read:
        raise NotAPlanError(
            f"sebagian besar baris tabel ({builder.rows_unplaced} dari {builder.rows_read}) "
            "tidak dapat ditempatkan sebagai sasaran, program, kegiatan atau aksi; dokumen "
            "ini tampaknya bukan Rencana Aksi, atau tata letaknya tidak dikenali",
            tables=maps,
            source=maps[0].source,
        )
    opd, tahun, judul = _read_preamble(preamble)
    renaksi = Renaksi(
        opd=opd,
        tahun=tahun,
        judul=judul,
        sasaran=tuple(builder.sasaran),
        program=builder.programs(),
        total_tertulis=builder.total,
        penandatangan=builder.signer,
        tak_dikenal=tuple(builder.unplaced),
        sumber=sumber,
    )
    return renaksi, maps


def _no_table_message(sheets: Sequence[Sequence[GridRow]]) -> str:
    message = (
        "tidak ditemukan tabel Renaksi: tidak ada baris judul kolom seperti "
        "'SASARAN STRATEGIS', 'PROGRAM' dan 'INDIKATOR', atau 'KEGIATAN' dan 'AKSI'"
    )
    for rows in sheets:
        for row in rows[:MAX_ROWS_SEARCHED]:
            for cell in row.filled():
                upper = cell.text.upper()
                if "REALISASI" in upper or "CAPAIAN" in upper:
                    return (
                        f"{message}; ada sel '{cell.text[:70]}': dokumen ini tampaknya "
                        "laporan realisasi atau capaian, bukan Rencana Aksi"
                    )
    return message


def split_name(text: str) -> tuple[str | None, str | None, str]:
    """``1. Penyediaan …`` → ("1", None, "Penyediaan …"); ``7.01.01.2.01 Nama`` → code."""
    code_match = _CODE_PREFIX.match(text)
    if code_match:
        return None, code_match["code"], code_match["rest"].strip()
    number_match = _NUMBER_PREFIX.match(text)
    if number_match:
        return number_match["number"], None, number_match["rest"].strip()
    return None, None, text


def _find_headers(rows: Sequence[GridRow]) -> list[TableHeader]:
    starts = [(i, kind) for i, row in enumerate(rows) if (kind := table_kind(row)) is not None]
    headers: list[TableHeader] = []
    for position, (index, kind) in enumerate(starts):
        if headers and index < headers[-1].first_data_row:
            continue  # a row of the previous table's header block
        end = next((i for i, _ in starts[position + 1 :] if i > index), len(rows))
        table = recognise_table(kind, rows, index, end)
        headers.append(
            TableHeader(
                kind,
                dict(table.roles),
                {c.index: c.raw for c in table.columns},
                index,
                table.first_data_row,
                table,
            )
        )
    return headers


def _row_text(row: GridRow) -> Text:
    return Text(" | ".join(c.text for c in row.filled()), row.source)


def _title_case(text: str) -> str:
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


def _read_preamble(rows: Sequence[GridRow]) -> tuple[Text | None, int | None, Text | None]:
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
                opd = Text(_title_case(name["name"].strip()), cell.source)
    return opd, tahun, judul


@dataclass
class _SubDraft:
    sub: SubKegiatan
    aksi: list[Aksi] = field(default_factory=list)

    def build(self) -> SubKegiatan:
        return dataclasses.replace(self.sub, aksi=tuple(self.aksi))


@dataclass
class _KegiatanDraft:
    kegiatan: Kegiatan
    aksi: list[Aksi] = field(default_factory=list)
    subs: list[_SubDraft] = field(default_factory=list)

    def build(self) -> Kegiatan:
        kegiatan = self.kegiatan
        if not self.subs:
            return dataclasses.replace(kegiatan, aksi=tuple(self.aksi))
        # today's shape: the pagu is the sub kegiatan's; what the kegiatan row states is a
        # value to check against them
        stated = kegiatan.anggaran
        plan = kegiatan.anggaran_triwulan
        return dataclasses.replace(
            kegiatan,
            anggaran=Quantity(),
            aksi=tuple(self.aksi),
            anggaran_triwulan=plan if any(_says_something(q) for q in plan) else (),
            sub_kegiatan=tuple(s.build() for s in self.subs),
            pagu_tertulis=None if stated.is_empty and stated.is_parsed else stated,
        )


def _says_something(quantity: Quantity) -> bool:
    """Not blank, and not the zero an accounting format shows as ``-``."""
    return not quantity.is_empty and (not quantity.is_parsed or budget_value(quantity) != 0)


@dataclass
class _Section:
    """A program header row of the Kegiatan table and the kegiatan under it."""

    judul: Text | None
    nomor: str | None
    kode: str | None
    stray: tuple[StrayValue, ...]
    subtotal: Quantity | None = None
    kegiatan: list[_KegiatanDraft] = field(default_factory=list)
    indikator: tuple[Indikator, ...] = ()
    anggaran_triwulan: tuple[Quantity, ...] = ()


@dataclass
class _Named:
    """An item of the Sasaran or Program table while its indicators are collected."""

    nomor: str | None
    kode: str | None
    nama: Text
    source: Source
    indikator: list[Indikator] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.sasaran: list[SasaranStrategis] = []
        self.program_rows: list[_Named] = []
        self.sections: list[_Section] = []
        self.total: Quantity | None = None
        self.signer = Penandatangan()
        self.unplaced: list[Text] = []
        # rows of the tables read, and those of them placed nowhere: most rows unplaced
        # means the layout was not understood
        self.rows_read = 0
        self.rows_unplaced = 0

    def read_table(self, header: TableHeader, rows: Sequence[GridRow]) -> Sequence[GridRow]:
        """Read the table's rows; returns the rows after the table's end."""
        if header.kind is TableKind.KEGIATAN:
            return self._read_kegiatan_table(header, rows)
        items: list[_Named] = []
        for position, row in enumerate(rows):
            if _is_signature_start(row):
                self._store_named(header.kind, items)
                return rows[position:]
            self.rows_read += 1
            self._read_named_row(header, row, items)
        self._store_named(header.kind, items)
        return ()

    def _read_named_row(self, header: TableHeader, row: GridRow, items: list[_Named]) -> None:
        columns = header.columns
        name_cell = row.cell(columns.get(Role.NAMA))
        indikator = _indikator(row, columns, Role.INDIKATOR, Role.TARGET, self.unplaced)
        if name_cell is not None and not name_cell.is_blank:
            number, code, name = _name_parts(row, columns, name_cell)
            items.append(_Named(number, code, Text(name, name_cell.source), name_cell.source))
            if indikator is not None:
                items[-1].indikator.append(indikator)
        elif indikator is not None and items:
            items[-1].indikator.append(indikator)
        else:
            self.rows_unplaced += 1
            self.unplaced.append(_row_text(row))

    def _store_named(self, kind: TableKind, items: list[_Named]) -> None:
        if kind is TableKind.SASARAN:
            self.sasaran.extend(
                SasaranStrategis(i.nama, tuple(i.indikator), i.nomor, i.source) for i in items
            )
        else:
            self.program_rows.extend(items)

    def _read_kegiatan_table(
        self, header: TableHeader, rows: Sequence[GridRow]
    ) -> Sequence[GridRow]:
        columns = header.columns
        current: _KegiatanDraft | None = None
        # the sub kegiatan being read (today's shape): uncoded rows under it are its aksi
        sub: _SubDraft | None = None
        # today's shape without codes: programs in capitals, kegiatan in bold, and the plain
        # rows with their own pagu under a bold kegiatan its sub kegiatan (a table with Rp
        # per quarter only: in older documents bold marks the program)
        planned = any(r in columns for r in BUDGET_QUARTERS)
        program_in_capitals = bold_kegiatan = subs_in_aksi_column = False
        for position, row in enumerate(rows):
            if _is_signature_start(row):
                return rows[position:]
            if _is_total(row, columns):
                cell = row.cell(columns.get(Role.ANGGARAN))
                self.total = _budget(cell) if cell is not None else Quantity()
                return rows[position + 1 :]
            if _only_computed(row, columns):
                continue
            self.rows_read += 1
            name_cell = row.cell(columns.get(Role.NAMA))
            if name_cell is not None and not name_cell.is_blank:
                if current is not None and row.text(columns.get(Role.JENIS)) == JENIS_AKSI:
                    # today's template marks its aksi rows, also those directly under a
                    # kegiatan, which an uncoded row would otherwise start
                    aksi_row = _named_aksi(row, header, name_cell, self.unplaced)
                    (sub.aksi if sub is not None else current.aksi).append(aksi_row)
                    continue
                level = _level(row, columns, name_cell)
                if (
                    level is None
                    and planned
                    and program_in_capitals
                    and name_cell.bold
                    and not name_cell.text.isupper()
                ):
                    current = self._kegiatan(row, header, name_cell)
                    sub, bold_kegiatan = None, True
                    continue
                if level == PROGRAM_SEGMENTS or (
                    level is None and _is_program_header(row, columns, name_cell, self.program_rows)
                ):
                    self.sections.append(_section(row, header, name_cell, coded=level is not None))
                    current = sub = None
                    program_in_capitals = level is not None or name_cell.text.isupper()
                    bold_kegiatan = False
                    continue
                if level is None and sub is None and bold_kegiatan and _has_budget(row, columns):
                    assert current is not None
                    sub = _SubDraft(_sub_kegiatan(row, header, name_cell, self.unplaced))
                    current.subs.append(sub)
                    continue
                if level == SUB_KEGIATAN_SEGMENTS and current is not None:
                    sub = _SubDraft(_sub_kegiatan(row, header, name_cell, self.unplaced))
                    current.subs.append(sub)
                    continue
                if level is None and sub is not None:
                    assert current is not None
                    if _has_budget(row, columns):
                        # an uncoded sibling with its own pagu: a sub kegiatan, not an aksi
                        sub = _SubDraft(_sub_kegiatan(row, header, name_cell, self.unplaced))
                        current.subs.append(sub)
                    else:
                        sub.aksi.append(_named_aksi(row, header, name_cell, self.unplaced))
                    continue
                current = self._kegiatan(row, header, name_cell)
                sub, bold_kegiatan = None, False
                continue
            aksi_cell = row.cell(columns.get(Role.AKSI))
            if (
                current is not None
                and aksi_cell is not None
                and not aksi_cell.is_blank
                and _sub_in_aksi_column(
                    row, columns, aksi_cell, planned=planned, seen=subs_in_aksi_column
                )
            ):
                sub = _SubDraft(
                    _sub_kegiatan(row, header, aksi_cell, self.unplaced, aksi_column=True)
                )
                current.subs.append(sub)
                subs_in_aksi_column = True
                continue
            aksi = _aksi(row, header, self.unplaced)
            if aksi is not None and sub is not None:
                sub.aksi.append(aksi)
            elif aksi is not None and current is not None:
                current.aksi.append(aksi)
            else:
                self.rows_unplaced += 1
                self.unplaced.append(_row_text(row))
        return ()

    def _kegiatan(self, row: GridRow, header: TableHeader, name_cell: GridCell) -> _KegiatanDraft:
        columns = header.columns
        number, code, name = _name_parts(row, columns, name_cell)
        if not self.sections:
            self.sections.append(_Section(None, None, None, ()))
        name_role, target_role = _indicator_roles(columns)
        indikator = _indikator(row, columns, name_role, target_role, self.unplaced) or Indikator(
            Text("", name_cell.source)
        )
        budget_cell = row.cell(columns.get(Role.ANGGARAN))
        plan: tuple[Quantity, ...] = ()
        if any(r in columns for r in BUDGET_QUARTERS):
            plan = tuple(
                _budget(cell) if (cell := row.cell(columns.get(r))) is not None else Quantity()
                for r in BUDGET_QUARTERS
            )
        kegiatan = Kegiatan(
            nama=Text(name, name_cell.source),
            indikator=indikator,
            anggaran=_budget(budget_cell) if budget_cell is not None else Quantity(),
            anggaran_triwulan=plan,
            nomor=number,
            kode=code,
            source=name_cell.source,
            stray=_stray(row, header, _unused_by_kegiatan(columns)),
        )
        draft = _KegiatanDraft(kegiatan)
        self.sections[-1].kegiatan.append(draft)
        return draft

    def read_signature(self, rows: Sequence[GridRow]) -> None:
        """Place, date, title, name, rank and NIP of the signer, as written."""
        lines: list[Text] = []
        for row in rows:
            filled = row.filled()
            if filled:
                lines.append(Text(" ".join(c.text for c in filled), filled[0].source))
        start = next((i for i, t in enumerate(lines) if _PLACE_DATE.match(t.value)), None)
        tempat = tanggal = None
        if start is not None:
            match = _PLACE_DATE.match(lines[start].value)
            assert match is not None
            source = lines[start].source
            tempat, tanggal = Text(match["place"].strip(), source), Text(match["date"], source)
            self.unplaced.extend(lines[:start])
            lines = lines[start + 1 :]
        end = next((i for i, t in enumerate(lines) if _NIP.match(t.value)), None)
        nip = None
        if end is not None:
            match = _NIP.match(lines[end].value)
            assert match is not None
            nip = Text(match["nip"].strip(), lines[end].source)
            self.unplaced.extend(lines[end + 1 :])
            lines = lines[:end]
        pangkat = lines.pop() if lines and _RANK.match(lines[-1].value) else None
        nama = lines.pop() if lines and (nip is not None or pangkat is not None) else None
        jabatan = None
        if lines:
            jabatan = Text(" ".join(t.value for t in lines), lines[0].source)
        self.signer = Penandatangan(
            *(_unless_placeholder(t) for t in (tempat, tanggal, jabatan, nama, pangkat, nip))
        )

    def programs(self) -> tuple[Program, ...]:
        """Programs of the Program table joined with the Kegiatan table's sections by name."""
        unmatched = list(range(len(self.sections)))
        result = []
        for named in self.program_rows:
            match = _best_section(named.nama.value, [(i, self.sections[i]) for i in unmatched])
            section = None
            if match is not None:
                unmatched.remove(match)
                section = self.sections[match]
            result.append(_program(named, section))
        for index in unmatched:
            section = self.sections[index]
            nama = section.judul or Text("")
            result.append(
                Program(
                    nama=Text(_title_case(nama.value), nama.source),
                    indikator=section.indikator,
                    kegiatan=tuple(k.build() for k in section.kegiatan),
                    nomor=section.nomor,
                    kode=section.kode,
                    judul_kegiatan=section.judul,
                    subtotal_tertulis=section.subtotal,
                    source=nama.source,
                    stray=section.stray,
                    anggaran_triwulan=section.anggaran_triwulan,
                )
            )
        return tuple(result)


def _program(named: _Named, section: _Section | None) -> Program:
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


def _best_section(name: str, candidates: list[tuple[int, _Section]]) -> int | None:
    def similarity(section: _Section) -> float:
        if section.judul is None:
            return 0.0
        return _ratio(_squash(name), _squash(section.judul.value))

    scored = [(similarity(section), index) for index, section in candidates]
    best = max(scored, default=(0.0, -1))
    return best[1] if best[0] >= MATCH_RATIO else None


def _ratio(a: str, b: str) -> float:
    """difflib's similarity, skipping the full comparison when the cheap bounds rule it out."""
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < MATCH_RATIO or matcher.quick_ratio() < MATCH_RATIO:
        return 0.0
    return matcher.ratio()


def similar(a: str, b: str) -> bool:
    """Whether two squashed names are the same program (spelling aside)."""
    return _ratio(a, b) >= MATCH_RATIO


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def _section(
    row: GridRow, header: TableHeader, name_cell: GridCell, *, coded: bool = False
) -> _Section:
    """A program header row; one with a program code (today's shape) may state the
    program's indicator, schedule and Rp per quarter."""
    number, code, name = _name_parts(row, header.columns, name_cell)
    budget_cell = row.cell(header.columns.get(Role.ANGGARAN))
    subtotal = (
        _budget(budget_cell) if budget_cell is not None and not budget_cell.is_blank else None
    )
    if not coded:
        return _Section(
            Text(name, name_cell.source),
            number,
            code,
            _stray(row, header, _UNUSED_BY_HEADER),
            subtotal,
        )
    name_role, target_role = _indicator_roles(header.columns)
    found = _indikator(row, header.columns, name_role, target_role, [])
    plan = tuple(
        _budget(cell) if (cell := row.cell(header.columns.get(r))) is not None else Quantity()
        for r in BUDGET_QUARTERS
        if r in header.columns
    )
    return _Section(
        Text(name, name_cell.source),
        number,
        code,
        _stray(row, header, _UNUSED_BY_CODED_PROGRAM - {name_role, target_role}),
        subtotal,
        indikator=(found,) if found is not None else (),
        # "-" (a zero in accounting format) on every quarter says nothing
        anggaran_triwulan=plan if any(_says_something(q) for q in plan) else (),
    )


def _level(row: GridRow, columns: dict[Role, int], name_cell: GridCell) -> int | None:
    """The level of a row of today's shape: from its Permendagri 90 code where it has one
    (the number of segments: 3 program, 5 kegiatan, 6 sub kegiatan), else from a JENIS
    column saying ``sub kegiatan``, a name in capitals beginning ``PROGRAM``, or outline
    numbering (``1.1``, ``1.1.1``); None where none says (the older cues decide)."""
    _, code, _ = _name_parts(row, columns, name_cell)
    if code is not None and _PERMENDAGRI_CODE.match(code):
        return _code_level(code)
    jenis = _squash(row.text(columns.get(Role.JENIS)))
    if jenis == "subkegiatan":
        return SUB_KEGIATAN_SEGMENTS
    if jenis == "kegiatan":
        return KEGIATAN_SEGMENTS
    number, _, name = _name_parts(row, columns, name_cell)
    if name.isupper() and name.startswith("PROGRAM "):
        return PROGRAM_SEGMENTS  # a program of today's shape may state pagu and indicator
    if number is not None and _is_numbering(number):
        # outline numbering: 1 program, 1.1 kegiatan, 1.1.1 sub kegiatan
        depth = number.count(".") + 1
        return KEGIATAN_SEGMENTS if depth == 2 else SUB_KEGIATAN_SEGMENTS
    return None


def _code_level(code: str) -> int | None:
    """The level of a Permendagri 90 code by its number of segments."""
    segments = code.count(".") + 1
    if segments in (PROGRAM_SEGMENTS, KEGIATAN_SEGMENTS):
        return segments
    return SUB_KEGIATAN_SEGMENTS if segments >= SUB_KEGIATAN_SEGMENTS else None


def _shared_indicator(columns: dict[Role, int]) -> bool:
    """One indicator column after a SUB KEGIATAN column, used by every level (the recogniser
    maps it to the aksi, as in the old layout's separate aksi columns)."""
    return Role.INDIKATOR not in columns and Role.AKSI_INDIKATOR in columns


def _indicator_roles(columns: dict[Role, int], *, aksi_column: bool = False) -> tuple[Role, Role]:
    """The indicator and annual-target columns of a row: the aksi's for a row named in the
    aksi column or where the aksi's are shared by every level."""
    if Role.AKSI_INDIKATOR in columns and (aksi_column or Role.INDIKATOR not in columns):
        return Role.AKSI_INDIKATOR, Role.AKSI_TARGET
    return Role.INDIKATOR, Role.TARGET


def _unused_by_kegiatan(columns: dict[Role, int]) -> frozenset[Role]:
    return _UNUSED_BY_SHARED_KEGIATAN if _shared_indicator(columns) else _UNUSED_BY_KEGIATAN


def _is_numbering(text: str) -> bool:
    """``1.2``, ``1.2.3``: an outline number; ``7.01.01`` (two-digit segments) is a code."""
    return bool(_NUMBERING.match(text)) and not _PERMENDAGRI_CODE.match(text)


def _coded_sub(row: GridRow, columns: dict[Role, int], name_cell: GridCell) -> bool:
    _, code, _ = _name_parts(row, columns, name_cell)
    return (
        code is not None
        and bool(_PERMENDAGRI_CODE.match(code))
        and _code_level(code) == SUB_KEGIATAN_SEGMENTS
    )


def _sub_in_aksi_column(
    row: GridRow, columns: dict[Role, int], name_cell: GridCell, *, planned: bool, seen: bool
) -> bool:
    """Whether a row named in the aksi column is a sub kegiatan of a SUB KEGIATAN column: in
    a table with Rp per quarter, the first must have a sub kegiatan code and a pagu or Rp of
    its own; after it, either will do. (An aksi of an old document whose budget slipped
    into the budget column stays an aksi, its budget a misplaced value.)"""
    coded = _coded_sub(row, columns, name_cell)
    budget = _has_budget(row, columns)
    if seen:
        return coded or budget
    return planned and coded and budget


def _has_budget(row: GridRow, columns: dict[Role, int]) -> bool:
    return any(row.text(columns.get(r)) != "" for r in (Role.ANGGARAN, *BUDGET_QUARTERS))


def _sub_kegiatan(
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
    number, code, name = _name_parts(row, columns, name_cell)
    name_role, target_role = _indicator_roles(columns, aksi_column=aksi_column)
    indikator = _indikator(row, columns, name_role, target_role, problems) or Indikator(
        Text("", name_cell.source)
    )
    unused = _unused_by_kegiatan(columns)
    if aksi_column:
        others = {Role.INDIKATOR, Role.TARGET, Role.AKSI_INDIKATOR, Role.AKSI_TARGET}
        unused = frozenset({Role.NAMA} | (others - {name_role, target_role}))
    pagu_cell = row.cell(columns.get(Role.ANGGARAN))
    plan: tuple[Quantity, ...] = ()
    if any(r in columns for r in BUDGET_QUARTERS):
        plan = tuple(
            _budget(cell) if (cell := row.cell(columns.get(r))) is not None else Quantity()
            for r in BUDGET_QUARTERS
        )
    return SubKegiatan(
        nama=Text(name, name_cell.source),
        indikator=indikator,
        kode=code,
        pagu=_budget(pagu_cell) if pagu_cell is not None else Quantity(),
        anggaran_triwulan=plan,
        nomor=number,
        source=name_cell.source,
        stray=_stray(row, header, unused),
    )


def _named_aksi(
    row: GridRow, header: TableHeader, name_cell: GridCell, problems: list[Text]
) -> Aksi:
    """An aksi written in the name column under a sub kegiatan, its name as written
    (``a. Sosialisasi …``: the model's aksi has no number of its own)."""
    columns = header.columns
    name_role, target_role = _indicator_roles(columns)
    indikator = _indikator(row, columns, name_role, target_role, problems) or Indikator(
        Text("", name_cell.source)
    )
    unused = _UNUSED_BY_NAMED_AKSI - {name_role, target_role}
    code = row.text(columns.get(Role.KODE)) or None
    return Aksi(
        Text(name_cell.text, name_cell.source),
        indikator,
        code,
        name_cell.source,
        _stray(row, header, unused),
    )


def _aksi(row: GridRow, header: TableHeader, problems: list[Text]) -> Aksi | None:
    columns = header.columns
    used = (Role.AKSI, Role.AKSI_INDIKATOR, Role.AKSI_TARGET, *QUARTERS)
    if all(row.text(columns.get(role)) == "" for role in used):
        return None
    name_cell = row.cell(columns.get(Role.AKSI))
    source = name_cell.source if name_cell is not None else row.source
    _, code, name = split_name(name_cell.text) if name_cell is not None else (None, None, "")
    code = row.text(columns.get(Role.KODE)) or code
    indikator = _indikator(
        row, columns, Role.AKSI_INDIKATOR, Role.AKSI_TARGET, problems
    ) or Indikator(Text("", source))
    stray = _stray(row, header, _UNUSED_BY_AKSI)
    return Aksi(Text(name, source), indikator, code, source, stray)


def _stray(row: GridRow, header: TableHeader, unused: frozenset[Role]) -> tuple[StrayValue, ...]:
    """Non-blank cells in the columns of roles this row kind does not use, or in columns
    with no role at all."""
    wanted = header.unused_columns(unused)
    mapped = header.mapped_columns
    return tuple(
        StrayValue(header.headers.get(column, f"kolom {column + 1}"), Text(cell.text, cell.source))
        for column, cell in row.items()
        if column in wanted or column not in mapped
    )


def _indikator(
    row: GridRow,
    columns: dict[Role, int],
    name_role: Role,
    target_role: Role,
    problems: list[Text],
) -> Indikator | None:
    """The row's indicator: name, annual target (with the row's SATUAN, where the layout has
    one), TW I–IV (a bare number takes the annual target's unit) and SIFAT TARGET."""
    name_cell = row.cell(columns.get(name_role))
    annual_cell = row.cell(columns.get(target_role))
    quarter_cells = [row.cell(columns.get(q)) for q in QUARTERS]
    cells = [name_cell, annual_cell, *quarter_cells]
    if all(c is None or c.is_blank for c in cells):
        return None
    satuan = row.text(columns.get(Role.SATUAN))
    if satuan:
        annual = _quantity(annual_cell, normalize_unit(satuan), satuan, unit_written=True)
    else:
        annual = _quantity(annual_cell)
    q1, q2, q3, q4 = (_quantity(c, annual.unit, annual.unit_text) for c in quarter_cells)
    sifat_cell = row.cell(columns.get(Role.SIFAT))
    sifat = None
    if sifat_cell is not None and not sifat_cell.is_blank:
        sifat = parse_sifat(sifat_cell.text)
        if sifat is None:
            problems.append(
                Text(f"SIFAT TARGET tidak dikenal: {sifat_cell.text}", sifat_cell.source)
            )
    source = name_cell.source if name_cell is not None else row.source
    nama = Text(name_cell.text if name_cell is not None else "", source)
    return Indikator(nama, Target(annual, (q1, q2, q3, q4), sifat=sifat))


def _name_parts(
    row: GridRow, columns: dict[Role, int], name_cell: GridCell
) -> tuple[str | None, str | None, str]:
    """(nomor, kode, nama): the NO and KODE columns where filled, else the name's prefix."""
    number, code, name = split_name(name_cell.text)
    if code is not None and _is_numbering(code):
        number, code = code, None  # "1.1.1 Nama": an outline number, not a code
    number = row.text(columns.get(Role.NO)).rstrip(".") or number
    code = row.text(columns.get(Role.KODE)) or code
    return number or None, code or None, name


def _quantity(
    cell: GridCell | None,
    default_unit: str | None = None,
    default_text: str | None = None,
    *,
    unit_written: bool = False,
) -> Quantity:
    if cell is None:
        return Quantity()
    value = cell.value
    if isinstance(value, str):
        value = cell.text
    return parse_quantity(
        value,
        number_format=cell.number_format,
        source=cell.source,
        default_unit=default_unit,
        default_unit_text=default_text,
        unit_written=unit_written,
    )


def _budget(cell: GridCell) -> Quantity:
    return with_default_unit(_quantity(cell), "rupiah", "Rp")


def _is_total(row: GridRow, columns: dict[Role, int]) -> bool:
    label_columns = [columns.get(Role.NO), columns.get(Role.NAMA)]
    labels = [row.text(c) for c in label_columns if c is not None]
    if not any(_TOTAL_LABEL.match(label) for label in labels):
        return False
    return row.text(columns.get(Role.INDIKATOR)) == "" and row.text(columns.get(Role.AKSI)) == ""


def _is_program_header(
    row: GridRow, columns: dict[Role, int], name_cell: GridCell, programs: Sequence[_Named]
) -> bool:
    """Marked as such by the template, bold, a program-level code (``7.01.01``), a name from
    the Program table, or an all-capitals name, on a row without indicator, target or
    schedule."""
    if name_cell.bold or row.text(columns.get(Role.JENIS)).casefold() == JENIS_PROGRAM:
        return True
    _, code, name = _name_parts(row, columns, name_cell)
    if code is not None and code.count(".") == 2:
        return True
    others = (Role.INDIKATOR, Role.TARGET, *QUARTERS)
    if any(row.text(columns.get(r)) != "" for r in others):
        return False
    squashed = _squash(name)
    known = any(similar(squashed, _squash(p.nama.value)) for p in programs)
    return known or (name.isupper() and row.text(columns.get(Role.ANGGARAN)) == "")


def _only_computed(row: GridRow, columns: dict[Role, int]) -> bool:
    """A row of a blank template block: nothing but the tool's own check and marker cells."""
    computed = {columns[r] for r in (Role.CEK, Role.JENIS, Role.ANGGARAN) if r in columns}
    if not computed:
        return False
    for index, _ in row.items():
        if index not in computed:
            return False
    return row.text(columns.get(Role.ANGGARAN)) in ("", "0")


def _unless_placeholder(text: Text | None) -> Text | None:
    """A value of the signature block, empty (at its cell) where the template's labelled
    placeholder has not been typed over."""
    if text is not None and text.value in _PLACEHOLDER_TEXTS:
        return Text("", text.source)
    return text


_PLACEHOLDER_TEXTS = frozenset(SIGNATURE_PLACEHOLDERS.values())


def _is_signature_start(row: GridRow) -> bool:
    filled = row.filled()
    if not filled or len(filled) > 2:
        return False
    text = " ".join(c.text for c in filled)
    return bool(_PLACE_DATE.match(text) or _NIP.match(text))
