"""The *Capaian* sheet's content, pure: the same rows whether a file is recalculated
(openpyxl) or the open workbook (xlwings)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from renaksi_xl.compute import effective_sifat, rounded
from renaksi_xl.formulas import as_cell_number, subtotal_formula, total_formula
from renaksi_xl.layout import KEGIATAN, TOTAL_LABEL, split_coordinate
from renaksi_xl.model import Renaksi, Source
from renaksi_xl.rules.document import Document
from renaksi_xl.sifat import LABELS

CAPAIAN_SHEET = "Capaian"
TITLE = "Capaian kumulatif dan anggaran (dihitung ulang oleh renaksi_xl)"
PROGRAM_HEADER = (
    "Program",
    "Anggaran (Rp)",
    "Porsi (%)",
    "Progres TW I (%)",
    "TW II",
    "TW III",
    "TW IV",
)
INDICATOR_HEADER = (
    "Tabel",
    "Lokasi",
    "Butir",
    "Indikator",
    "Sifat",
    "Kumulatif TW I (%)",
    "TW II",
    "TW III",
    "TW IV",
)


def percent(value: Decimal | None) -> float | None:
    """A percentage as the sheet shows it: rounded half up to two places."""
    return float(rounded(value)) if value is not None else None


@dataclass(frozen=True)
class Layout:
    """Where the two tables of the sheet start (1-based rows) and what links where."""

    program_header: int
    indicator_header: int
    links: tuple[tuple[int, Source], ...]
    """(row, cell it points at) for every indicator row with a place."""


def capaian_rows(computed: Renaksi) -> tuple[list[list[Any]], Layout]:
    """Rows of the Capaian sheet (from A1) for a recomputed document, and its layout."""
    rows: list[list[Any]] = [[TITLE], [], list(PROGRAM_HEADER)]
    for program in computed.program:
        subtotal = program.subtotal_tertulis.value if program.subtotal_tertulis else None
        progress = [percent(v) for v in program.progres] or [None] * 4
        rows.append(
            [
                f"{program.nomor or ''} {program.nama.value}".strip(),
                int(subtotal) if subtotal is not None else None,
                percent(program.porsi),
                *progress,
            ]
        )
    total = (computed.total_tertulis.value if computed.total_tertulis else None) or Decimal(0)
    rows.append([TOTAL_LABEL, int(total), 100.0 if total else None])
    rows.append([])
    rows.append(list(INDICATOR_HEADER))
    indicator_header = len(rows)
    links = []
    for site in Document(computed).sites:
        target = site.target
        where = site.source
        sifat = effective_sifat(target)
        rows.append(
            [
                site.table,
                where.describe() if where is not None else "",
                site.item,
                site.indikator.nama.value,
                LABELS[sifat] if sifat else "",
                *[percent(v) for v in (target.kumulatif or (None,) * 4)],
            ]
        )
        if where is not None and where.sheet and where.cell:
            links.append((len(rows), where))
    return rows, Layout(3, indicator_header, tuple(links))


def row_of(source: Source | None) -> int | None:
    """The row number of a cell source (``Kegiatan!C9`` → 9)."""
    if source is None or source.cell is None:
        return None
    split = split_coordinate(source.cell)
    return split[1] if split else None


def budget_rows(
    renaksi: Renaksi, marked_headers: Iterable[int] = ()
) -> tuple[list[tuple[int, int, int]], int | None]:
    """Where the Kegiatan sheet's budget formulas go: (program header row, its first and
    last kegiatan row) for every program, and the *Jumlah komulatif* row, found from where
    the document has its program headers and total. ``marked_headers`` adds the rows a
    template marks as program headers (JENIS BARIS), which a blank or half-filled template
    has before any program is named there."""
    headers = sorted(
        {
            row
            for program in renaksi.program
            if program.judul_kegiatan is not None and (row := row_of(program.judul_kegiatan.source))
        }
        | set(marked_headers)
    )
    total_row = row_of(renaksi.total_tertulis.source) if renaksi.total_tertulis else None
    if not headers:
        return [], total_row
    # without a total row, the last program runs to its last kegiatan or aksi row
    last_item = max(
        (
            row
            for program in renaksi.program
            for kegiatan in program.kegiatan
            for source in (kegiatan.source, *(a.source for a in kegiatan.aksi))
            if (row := row_of(source))
        ),
        default=headers[-1],
    )
    ends = [*headers[1:], total_row if total_row is not None else max(last_item, headers[-1]) + 1]
    ranges = [
        (header, header + 1, following - 1) for header, following in zip(headers, ends, strict=True)
    ]
    return ranges, total_row


def budget_formula_plan(renaksi: Renaksi, computed: Renaksi) -> list[tuple[str, str, Any]]:
    """(cell, formula, expected value) of every program subtotal and the grand total on the
    Kegiatan sheet, from where the document has them."""
    ranges, total_row = budget_rows(renaksi)
    headers = [header for header, _, _ in ranges]
    if not headers or total_row is None:
        return []
    budget = KEGIATAN.letter("anggaran")
    by_row = {
        row_of(p.judul_kegiatan.source): p for p in computed.program if p.judul_kegiatan is not None
    }
    plan = []
    for header, first, last in ranges:
        program = by_row.get(header)
        value = program.subtotal_tertulis.value if program and program.subtotal_tertulis else None
        expected = as_cell_number(value) if value is not None else 0
        plan.append(
            (f"{budget}{header}", subtotal_formula(KEGIATAN, header, first, last), expected)
        )
    grand = computed.total_tertulis.value if computed.total_tertulis else Decimal(0)
    plan.append(
        (
            f"{budget}{total_row}",
            total_formula([f"{budget}{h}" for h in headers]),
            as_cell_number(grand or Decimal(0)),
        )
    )
    return plan
