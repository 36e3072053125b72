"""Reading the rows of the recognised tables into a Renaksi: the Sasaran and Program
tables' items with their indicators, the Kegiatan table's programs, kegiatan, sub kegiatan
and aksi by the level each row has (old layout and today's shape), the total, and the
signature block; what cannot be placed is kept as text.
"""

from __future__ import annotations

from collections.abc import Sequence

from renaksi_xl.berkas.baca import items
from renaksi_xl.berkas.baca.cells import TableHeader, budget_at, indikator, row_text
from renaksi_xl.berkas.baca.items import KegiatanDraft, Named, Section, SubDraft
from renaksi_xl.berkas.baca.levels import (
    PROGRAM_SEGMENTS,
    SUB_KEGIATAN_SEGMENTS,
    has_budget,
    is_program_header,
    is_total,
    name_parts,
    only_computed,
    row_level,
    sub_in_aksi_column,
)
from renaksi_xl.berkas.baca.preamble import title_case
from renaksi_xl.berkas.baca.signature import is_signature_start, read_signature
from renaksi_xl.berkas.baca.tablemap import BUDGET_QUARTERS, Role, TableKind
from renaksi_xl.berkas.grid import GridCell, GridRow
from renaksi_xl.core.layout import JENIS_AKSI
from renaksi_xl.core.model import (
    Penandatangan,
    Program,
    Quantity,
    SasaranStrategis,
    Text,
)


class Builder:
    """The Renaksi's parts as the tables are read, one table after another."""

    def __init__(self) -> None:
        self.sasaran: list[SasaranStrategis] = []
        self.program_rows: list[Named] = []
        self.sections: list[Section] = []
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
        named: list[Named] = []
        for position, row in enumerate(rows):
            if is_signature_start(row):
                self._store_named(header.kind, named)
                return rows[position:]
            self.rows_read += 1
            self._read_named_row(header, row, named)
        self._store_named(header.kind, named)
        return ()

    def _read_named_row(self, header: TableHeader, row: GridRow, named: list[Named]) -> None:
        columns = header.columns
        name_cell = row.cell(columns.get(Role.NAMA))
        found = indikator(row, columns, Role.INDIKATOR, Role.TARGET, self.unplaced)
        if name_cell is not None and not name_cell.is_blank:
            number, code, name = name_parts(row, columns, name_cell)
            named.append(Named(number, code, Text(name, name_cell.source), name_cell.source))
            if found is not None:
                named[-1].indikator.append(found)
        elif found is not None and named:
            named[-1].indikator.append(found)
        else:
            self.rows_unplaced += 1
            self.unplaced.append(row_text(row))

    def _store_named(self, kind: TableKind, named: list[Named]) -> None:
        if kind is TableKind.SASARAN:
            self.sasaran.extend(
                SasaranStrategis(i.nama, tuple(i.indikator), i.nomor, i.source) for i in named
            )
        else:
            self.program_rows.extend(named)

    def _read_kegiatan_table(
        self, header: TableHeader, rows: Sequence[GridRow]
    ) -> Sequence[GridRow]:
        columns = header.columns
        current: KegiatanDraft | None = None
        # the sub kegiatan being read (today's shape): uncoded rows under it are its aksi
        sub: SubDraft | None = None
        # today's shape without codes: programs in capitals, kegiatan in bold, and the plain
        # rows with their own pagu under a bold kegiatan its sub kegiatan (a table with Rp
        # per quarter only: in older documents bold marks the program)
        planned = any(r in columns for r in BUDGET_QUARTERS)
        program_in_capitals = bold_kegiatan = subs_in_aksi_column = False
        for position, row in enumerate(rows):
            if is_signature_start(row):
                return rows[position:]
            if is_total(row, columns):
                self.total = budget_at(row, columns, Role.ANGGARAN)
                return rows[position + 1 :]
            if only_computed(row, columns):
                continue
            self.rows_read += 1
            name_cell = row.cell(columns.get(Role.NAMA))
            if name_cell is not None and not name_cell.is_blank:
                if current is not None and row.text(columns.get(Role.JENIS)) == JENIS_AKSI:
                    # today's template marks its aksi rows, also those directly under a
                    # kegiatan, which an uncoded row would otherwise start
                    aksi_row = items.named_aksi(row, header, name_cell, self.unplaced)
                    (sub.aksi if sub is not None else current.aksi).append(aksi_row)
                    continue
                level = row_level(row, columns, name_cell)
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
                    level is None and is_program_header(row, columns, name_cell, self.program_rows)
                ):
                    self.sections.append(
                        items.program_section(row, header, name_cell, coded=level is not None)
                    )
                    current = sub = None
                    program_in_capitals = level is not None or name_cell.text.isupper()
                    bold_kegiatan = False
                    continue
                if level is None and sub is None and bold_kegiatan and has_budget(row, columns):
                    assert current is not None
                    sub = self._sub(current, row, header, name_cell)
                    continue
                if level == SUB_KEGIATAN_SEGMENTS and current is not None:
                    sub = self._sub(current, row, header, name_cell)
                    continue
                if level is None and sub is not None:
                    assert current is not None
                    if has_budget(row, columns):
                        # an uncoded sibling with its own pagu: a sub kegiatan, not an aksi
                        sub = self._sub(current, row, header, name_cell)
                    else:
                        sub.aksi.append(items.named_aksi(row, header, name_cell, self.unplaced))
                    continue
                current = self._kegiatan(row, header, name_cell)
                sub, bold_kegiatan = None, False
                continue
            aksi_cell = row.cell(columns.get(Role.AKSI))
            if (
                current is not None
                and aksi_cell is not None
                and not aksi_cell.is_blank
                and sub_in_aksi_column(
                    row, columns, aksi_cell, planned=planned, seen=subs_in_aksi_column
                )
            ):
                sub = self._sub(current, row, header, aksi_cell, aksi_column=True)
                subs_in_aksi_column = True
                continue
            aksi = items.aksi(row, header, self.unplaced)
            if aksi is not None and sub is not None:
                sub.aksi.append(aksi)
            elif aksi is not None and current is not None:
                current.aksi.append(aksi)
            else:
                self.rows_unplaced += 1
                self.unplaced.append(row_text(row))
        return ()

    def _kegiatan(self, row: GridRow, header: TableHeader, name_cell: GridCell) -> KegiatanDraft:
        if not self.sections:
            self.sections.append(Section(None, None, None, ()))
        draft = KegiatanDraft(items.kegiatan(row, header, name_cell, self.unplaced))
        self.sections[-1].kegiatan.append(draft)
        return draft

    def _sub(
        self,
        current: KegiatanDraft,
        row: GridRow,
        header: TableHeader,
        name_cell: GridCell,
        *,
        aksi_column: bool = False,
    ) -> SubDraft:
        """A sub kegiatan row, placed under the kegiatan being read."""
        sub = items.sub_kegiatan(row, header, name_cell, self.unplaced, aksi_column=aksi_column)
        draft = SubDraft(sub)
        current.subs.append(draft)
        return draft

    def read_signature(self, rows: Sequence[GridRow]) -> None:
        """The signer of the document; lines around the signature block are unplaced."""
        self.signer, others = read_signature(rows)
        self.unplaced.extend(others)

    def programs(self) -> tuple[Program, ...]:
        """Programs of the Program table joined with the Kegiatan table's sections by name."""
        matched = items.match_sections([n.nama.value for n in self.program_rows], self.sections)
        result = []
        for position, named in enumerate(self.program_rows):
            match = matched.get(position)
            result.append(items.program(named, self.sections[match] if match is not None else None))
        taken = set(matched.values())
        for index in (i for i in range(len(self.sections)) if i not in taken):
            section = self.sections[index]
            nama = section.judul or Text("")
            # a program the Program table does not name: its header as it is written
            title = Named(
                section.nomor, section.kode, Text(title_case(nama.value), nama.source), nama.source
            )
            result.append(items.program(title, section))
        return tuple(result)
