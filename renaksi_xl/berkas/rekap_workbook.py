"""The rekap workbook: *Rekap* (one row per OPD), *Anggaran Program* (OPD × program
budgets), *Grafik* (budget and planned progress per OPD and year), a sheet per program
across OPDs and *Berkas gagal* (the files that could not be read)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renaksi_xl.berkas.rekap_table import (
    PROGRAM_PREFIX,
    QUARTERS,
    RUPIAH,
    Column,
    columns_of,
    fit_columns,
    print_setup,
    write_table,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from renaksi_xl.berkas.rekap import Consolidation

REKAP_SHEET = "Rekap"
PROGRAM_SHEET = "Anggaran Program"
CHART_SHEET = "Grafik"
FAILED_SHEET = "Berkas gagal"
SHEET_NAME_LIMIT = 31
"""Excel refuses a longer sheet name."""
_PROGRAMS_PER_PAGE = 10
_CONNECTORS = frozenset({"dan", "serta", "atau", "di", "ke", "dari", "untuk", "yang", "pada"})


def write_workbook(consolidation: Consolidation, target: Path) -> None:
    """The consolidation workbook, ready to print on A4: *Rekap* (one row per OPD),
    *Anggaran Program* (OPD × program budgets), *Grafik* (budget and planned progress per
    OPD and year), a sheet per program across OPDs, and the files that failed."""
    from openpyxl import Workbook

    book = Workbook()
    rekap = book.active
    assert rekap is not None
    rekap.title = REKAP_SHEET
    titles = columns_of(consolidation.opd)
    main = [t for t in titles if not t.startswith(PROGRAM_PREFIX)] or ["OPD"]
    programs = [t for t in titles if t.startswith(PROGRAM_PREFIX)]
    rows = [[row.get(t) for t in main] for row in consolidation.opd]
    write_table(rekap, fit_columns(main, rows), rows)
    print_setup(rekap, "Rekap Rencana Aksi OPD", landscape=True)
    taken = {REKAP_SHEET.casefold(), FAILED_SHEET.casefold()}
    if programs:
        taken.add(PROGRAM_SHEET.casefold())
        _write_program_matrix(book.create_sheet(PROGRAM_SHEET), consolidation, programs)
    if consolidation.opd:
        taken.add(CHART_SHEET.casefold())
        _write_charts(book.create_sheet(CHART_SHEET), consolidation)
    for key, program_rows in consolidation.programs.items():
        full_name = consolidation.program_names[key]
        sheet = book.create_sheet(_sheet_name(full_name, taken))
        sheet.cell(row=1, column=1, value=f"{PROGRAM_PREFIX}{full_name}").font = _title_font()
        program_titles = columns_of(program_rows)
        values = [[row.get(t) for t in program_titles] for row in program_rows]
        write_table(sheet, fit_columns(program_titles, values), values, header_row=3)
        sheet.print_title_rows = "1:3"  # the program's whole name on every page
        print_setup(sheet, None, landscape=False)
    write_failed(book, consolidation)
    book.save(target)


def _title_font() -> Any:
    from openpyxl.styles import Font

    return Font(name="Calibri", bold=True, size=12)


def _write_program_matrix(
    ws: Worksheet, consolidation: Consolidation, programs: Sequence[str]
) -> None:
    """OPD × program budgets, a program's full name over its column; wide matrices print
    ten programs to a page with the OPD repeated at the left."""
    titles = ["OPD", "Tahun", *programs]
    rows = [[row.get(t) for t in titles] for row in consolidation.opd]
    columns = fit_columns(titles, rows)
    names = [
        Column(c.title.removeprefix(PROGRAM_PREFIX), max(c.width, 16.0), c.number_format)
        for c in columns[2:]
    ]
    write_table(ws, [*columns[:2], *names], rows, frozen_columns=2)
    pages = max(1, math.ceil(len(programs) / _PROGRAMS_PER_PAGE))
    print_setup(ws, "Anggaran per program (Rp)", landscape=True, pages_wide=pages)


def _write_charts(ws: Worksheet, consolidation: Consolidation) -> None:
    """The charts' data (an OPD and its year per row) and the two charts under it: budget
    per OPD as horizontal bars, planned cumulative progress per quarter as straight lines."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.series import SeriesLabel

    quarters = [f"Progres {q} (%)" for q in QUARTERS]
    titles = ["OPD (tahun)", "Anggaran (Rp)", *quarters]
    rows = [
        [_label(row), row.get("Anggaran (Rp)"), *(row.get(q) for q in quarters)]
        for row in consolidation.opd
    ]
    write_table(ws, fit_columns(titles, rows), rows)
    count = len(rows)
    labels = Reference(ws, min_col=1, min_row=2, max_row=count + 1)
    bar = BarChart()
    bar.type = "bar"  # horizontal: long OPD names stay readable
    bar.title = "Anggaran per OPD"
    bar.x_axis.title = "OPD (tahun)"
    bar.y_axis.title = "Rupiah"
    bar.y_axis.numFmt = RUPIAH
    bar.legend = None
    bar.add_data(Reference(ws, min_col=2, min_row=1, max_row=count + 1), titles_from_data=True)
    bar.set_categories(labels)
    _text_categories(bar)
    bar.width, bar.height = 25, max(9.0, 1.3 * count + 4)  # room for every label
    ws.add_chart(bar, f"A{count + 4}")
    line = LineChart()
    line.title = "Rencana capaian kumulatif per triwulan (%)"
    line.y_axis.title = "%"
    line.x_axis.title = "Triwulan"
    for index in range(count):
        values = Reference(ws, min_col=3, max_col=6, min_row=index + 2, max_row=index + 2)
        line.add_data(values, from_rows=True, titles_from_data=False)
    for index, series in enumerate(line.series):
        series.tx = SeriesLabel(v=rows[index][0])
        series.smooth = False
    line.set_categories(Reference(ws, min_col=3, max_col=6, min_row=1))
    _text_categories(line)
    line.width, line.height = 25, 10
    ws.add_chart(line, f"A{count + 6 + math.ceil(bar.height / 0.53)}")
    print_setup(ws, "Grafik rekap Renaksi", landscape=False)


def _text_categories(chart: Any) -> None:
    """Categories read as text (openpyxl refers to them as numbers, and the OPD names and
    quarters are text)."""
    from openpyxl.chart.data_source import AxDataSource, StrRef

    for series in chart.series:
        if series.cat is not None and series.cat.numRef is not None:
            series.cat = AxDataSource(strRef=StrRef(f=series.cat.numRef.f))


def text_cells(book: Any) -> None:
    """Make every formula openpyxl would write as text: the rekap writes no formulas, so any
    came from a document's text (an OPD or program named ``=HYPERLINK(…)``)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def write_failed(book: Any, consolidation: Consolidation) -> None:
    """The sheet *Berkas gagal*: every file that could not be read, and why; and the other
    sheets' text made safe (:func:`text_cells`)."""
    if consolidation.failed:
        failed = book.create_sheet(FAILED_SHEET)
        failed_rows = [[str(path), reason] for path, reason in consolidation.failed]
        write_table(failed, fit_columns(["Berkas", "Alasan"], failed_rows, widest=70), failed_rows)
        print_setup(failed, "Berkas yang gagal dibaca", landscape=True)
    text_cells(book)


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters at the end of a word (not a connecting
    word such as *dan*), marked with an ellipsis, when it is longer."""
    if len(text) <= limit:
        return text
    room = limit - 1  # and the ellipsis
    words = text[:room].split(" ")
    if text[room] != " " and len(words) > 1:
        words.pop()  # a word cut in the middle
    while len(words) > 1 and words[-1].casefold().strip(",.;") in _CONNECTORS:
        words.pop()
    shortened = " ".join(words).rstrip(" ,.;-–")
    if len(shortened) > room:
        shortened = shortened[:room].rstrip(" ,.;-–")
    return shortened + "…"


def _sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name for ``name`` Excel accepts: no ``[]:*?/\\``, at most 31 characters cut
    at a word's end, no leading or trailing space or apostrophe, and unique ignoring case
    among ``taken`` (which it joins)."""
    clean = (
        re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\\x00-\x1f]", " ", name)).strip(" '") or "Program"
    )
    candidate, number = _cut(clean, SHEET_NAME_LIMIT), 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = _cut(clean, SHEET_NAME_LIMIT - len(suffix)) + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _label(row: dict[str, Any]) -> str:
    """An OPD and its year, as charts name it (two years of one OPD stay apart)."""
    year = row.get("Tahun")
    return f"{row.get('OPD', '')} {year}".strip() if year else str(row.get("OPD", ""))
