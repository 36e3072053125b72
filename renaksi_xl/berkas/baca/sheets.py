"""Reading a document's sheets: find each table by its header row, recognise it (refusing
what is not a Renaksi plan), read the tables in order, and judge whether enough of their
rows could be placed.
"""

from __future__ import annotations

from collections.abc import Sequence

from renaksi_xl.berkas.baca.builder import Builder
from renaksi_xl.berkas.baca.captions import table_kind
from renaksi_xl.berkas.baca.cells import TableHeader, row_text
from renaksi_xl.berkas.baca.judge import recognise_table, refuse
from renaksi_xl.berkas.baca.preamble import read_preamble
from renaksi_xl.berkas.baca.tablemap import NotAPlanError, TableKind, TableMap
from renaksi_xl.berkas.grid import GridRow
from renaksi_xl.core.model import Renaksi
from renaksi_xl.errors import LayoutError

# a table of fewer rows is not judged by how many of them could be placed
MIN_ROWS_JUDGED = 4
# rows searched for a hint of what a document without a Renaksi table is
MAX_ROWS_SEARCHED = 60


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
    refuse([header.map for rows in sheets for header in find_headers(rows)])


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
        headers = find_headers(rows)
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
    builder = Builder()
    for position, (header, rows) in enumerate(tables):
        rest = builder.read_table(header, rows)
        if position == signature_table:
            builder.read_signature(rest)
        else:
            builder.unplaced.extend(row_text(r) for r in rest)
    if builder.rows_read >= MIN_ROWS_JUDGED and builder.rows_unplaced * 2 > builder.rows_read:
        raise NotAPlanError(
            f"sebagian besar baris tabel ({builder.rows_unplaced} dari {builder.rows_read}) "
            "tidak dapat ditempatkan sebagai sasaran, program, kegiatan atau aksi; dokumen "
            "ini tampaknya bukan Rencana Aksi, atau tata letaknya tidak dikenali",
            tables=maps,
            source=maps[0].source,
        )
    opd, tahun, judul = read_preamble(preamble)
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


def find_headers(rows: Sequence[GridRow]) -> list[TableHeader]:
    """The header of every table on a sheet, recognised, in order."""
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
