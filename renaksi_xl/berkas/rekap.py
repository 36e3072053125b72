"""Consolidation for the central office: one row per OPD, a sheet per program, charts."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renaksi_xl.berkas.loading import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, load
from renaksi_xl.core.compute import program_budget, program_progress, recompute, rounded
from renaksi_xl.core.model import Program, Text
from renaksi_xl.core.validate import validate
from renaksi_xl.errors import RenaksiError

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

    from renaksi_xl.core.findings import Report
    from renaksi_xl.core.model import Renaksi

QUARTERS = ("TW I", "TW II", "TW III", "TW IV")


@dataclass
class Consolidation:
    """The OPD rows, the per-program rows, and the files that could not be read."""

    opd: list[dict[str, Any]] = field(default_factory=list)
    programs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    program_names: dict[str, str] = field(default_factory=dict)
    failed: list[tuple[Path, str]] = field(default_factory=list)


def _described(error: RenaksiError) -> str:
    """The error without the file name (the list names the file), with the sheet and cell."""
    source = error.source
    if source is None:
        return error.message
    where = source.describe() if source.cell or source.line else f"lembar '{source.sheet}'"
    return f"{where}: {error.message}"


def _whole(value: Decimal | None) -> int | None:
    """A budget as whole rupiah; None when absent or not finite."""
    if value is None or not value.is_finite():
        return None
    return int(value)


def _percent(value: Decimal | None) -> float | None:
    return float(rounded(value)) if value is not None else None


def _program_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


UNREADABLE_SUFFIXES = frozenset({".xls", ".xlsb", ".ods"})
"""Spreadsheets a folder may hold that the tool cannot read: listed as failed, not skipped."""


def sources_in(folder: Path) -> list[Path]:
    """Every Renaksi the folder holds (workbooks and text exports, and the spreadsheets in
    formats the tool cannot read, so that they are reported), without this tool's own
    outputs and backups."""
    from renaksi_xl.berkas.hitung import SKIPPED_NAME

    suffixes = WORKBOOK_SUFFIXES | TEXT_SUFFIXES | UNREADABLE_SUFFIXES
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.suffix.lower() in suffixes
        and not path.name.startswith(("~$", "."))
        and not SKIPPED_NAME.search(path.stem)
    ]


def consolidate(paths: Sequence[Path]) -> Consolidation:
    """Read, recompute and validate every document; files that fail are listed, not fatal."""
    result = Consolidation()
    for path in paths:
        try:
            renaksi = recompute(load(path))
            report = validate(renaksi)
        except RenaksiError as error:
            result.failed.append((path, _described(error)))
            continue
        except Exception as error:  # one document a reader cannot handle must not stop the rest
            result.failed.append((path, f"tidak dapat diproses ({type(error).__name__}: {error})"))
            continue
        everything = Program(
            nama=Text(""), kegiatan=tuple(k for p in renaksi.program for k in p.kegiatan)
        )
        progress = program_progress(everything)
        total = renaksi.total_tertulis.value if renaksi.total_tertulis else None
        opd = renaksi.opd.value if renaksi.opd else path.stem
        row: dict[str, Any] = {
            "OPD": opd,
            "Tahun": renaksi.tahun,
            "Berkas": path.name,
            "Anggaran (Rp)": _whole(total),
            "Galat": report.counts["error"],
            "Peringatan": report.counts["warning"],
            "Status": status(renaksi, report),
        }
        for quarter, value in zip(QUARTERS, progress, strict=True):
            row[f"Progres {quarter} (%)"] = _percent(value)
        for program in renaksi.program:
            key = _program_key(program.nama.value)
            result.program_names.setdefault(key, program.nama.value)
            budget = program_budget(program)
            row[f"Program: {result.program_names[key]}"] = _whole(budget)
            result.programs.setdefault(key, []).append(
                {
                    "OPD": opd,
                    "Tahun": renaksi.tahun,
                    "Anggaran (Rp)": _whole(budget),
                    "Porsi (%)": _percent(program.porsi),
                    **{
                        f"Progres {q} (%)": _percent(v)
                        for q, v in zip(QUARTERS, program.progres or (None,) * 4, strict=True)
                    },
                }
            )
        result.opd.append(row)
    return result


def status(renaksi: Renaksi, report: Report) -> str:
    """An OPD's state in the rekap: ``belum diisi`` (a template with no sasaran, program or
    kegiatan yet, not to be mistaken for a clean one at Rp 0), ``siap ditandatangani`` or
    ``belum siap``."""
    if not renaksi.sasaran and not any(p.indikator or p.kegiatan for p in renaksi.program):
        return STATUS_EMPTY
    return "siap ditandatangani" if report.ready else "belum siap"


STATUS_EMPTY = "belum diisi"


def opd_table(consolidation: Consolidation) -> pd.DataFrame:
    """One row per OPD (pandas)."""
    import pandas as pd

    return pd.DataFrame(consolidation.opd)


def write_csv(consolidation: Consolidation, target: Path) -> None:
    """The OPD table as a CSV that Indonesian Excel opens: ``;`` between fields, ``,`` as
    the decimal mark, UTF-8 with a BOM; budgets in whole rupiah, and text that a
    spreadsheet would run as a formula made plain text (OWASP: a leading ``'``)."""
    import pandas as pd

    table = opd_table(consolidation)
    for column in table.columns:
        if column == "Anggaran (Rp)" or str(column).startswith("Program:"):
            table[column] = table[column].astype("Int64")  # absent for some OPD: no "…,0"
        elif not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(csv_safe)
    table.columns = [csv_safe(str(c)) for c in table.columns]
    table.to_csv(target, sep=";", decimal=",", index=False, encoding="utf-8-sig")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A CSV field that no spreadsheet runs as a formula: text starting with ``= + - @``,
    a tab or a carriage return gets a leading ``'`` (OWASP's advice); other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


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
        _write_table(
            failed, _fit_columns(["Berkas", "Alasan"], failed_rows, widest=70), failed_rows
        )
        _print_setup(failed, "Berkas yang gagal dibaca", landscape=True)
    text_cells(book)


FAILED_SHEET = "Berkas gagal"


SHEET_NAME_LIMIT = 31
"""Excel refuses a longer sheet name."""
REKAP_SHEET = "Rekap"
PROGRAM_SHEET = "Anggaran Program"
CHART_SHEET = "Grafik"
PROGRAM_PREFIX = "Program: "
_RUPIAH = "#,##0"
_PERCENT = "0.00"
_HEADER_FILL = "D9E1F2"
_LINE_POINTS = 15.0
_PROGRAMS_PER_PAGE = 10


_CONNECTORS = frozenset({"dan", "serta", "atau", "di", "ke", "dari", "untuk", "yang", "pada"})


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


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Every key of the rows, in order of first appearance."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _shown(value: Any, number_format: str | None) -> str:
    """The value as a spreadsheet shows it (for column widths and row heights)."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float) and number_format == _RUPIAH:
        return f"{value:,.0f}"
    if isinstance(value, float) and number_format == _PERCENT:
        return f"{value:.2f}"
    return str(value)


def _number_format(title: str) -> str | None:
    if "Rp" in title or title.startswith(PROGRAM_PREFIX):
        return _RUPIAH
    if "%" in title:
        return _PERCENT
    return None


@dataclass(frozen=True)
class _Column:
    title: str
    width: float
    number_format: str | None


def _fit_columns(
    titles: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    widest: float = 40.0,
    header_words: float = 14.0,
) -> list[_Column]:
    """Columns as wide as their values (up to ``widest``; longer text wraps), and at least
    as wide as the longest word of their header (up to ``header_words``)."""
    from renaksi_xl.core.capaian import text_width

    columns = []
    for index, title in enumerate(titles):
        number_format = _number_format(title)
        values = [_shown(row[index], number_format) for row in rows if index < len(row)]
        longest_value = max((text_width(v) for v in values), default=0.0)
        longest_word = max((text_width(w) for w in title.split()), default=0.0) * 1.15
        width = max(min(longest_value + 2, widest), min(longest_word + 2, header_words), 7.0)
        columns.append(_Column(title, round(width, 1), number_format))
    return columns


def _row_heights(
    ws: Worksheet, columns: Sequence[_Column], first_row: int, rows: Sequence[Sequence[Any]]
) -> None:
    """Heights that show every wrapped line (headers and values)."""
    from renaksi_xl.core.capaian import text_lines

    for offset, row in enumerate(rows):
        lines = max(
            (
                text_lines(_shown(value, column.number_format), column.width, bold=offset == 0)
                for column, value in zip(columns, row, strict=False)
                if value not in (None, "")
            ),
            default=1,
        )
        if lines > 1:
            ws.row_dimensions[first_row + offset].height = _LINE_POINTS * lines


def _write_table(
    ws: Worksheet,
    columns: Sequence[_Column],
    rows: Sequence[Sequence[Any]],
    header_row: int = 1,
    *,
    frozen_columns: int = 1,
) -> None:
    """A boxed table with a wrapped header at ``header_row``: values with their number
    formats, frozen header and first columns, an autofilter, print titles."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    top = Alignment(vertical="top", wrap_text=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(name="Calibri", size=11, bold=True)  # named: LibreOffice prints an unnamed
    # bold font in its own default face
    for number, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(number)].width = column.width
        head = ws.cell(row=header_row, column=number, value=column.title)
        head.font, head.fill, head.border, head.alignment = bold, fill, box, centred
    for offset, values in enumerate(rows, start=1):
        for number, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            cell = ws.cell(row=header_row + offset, column=number)
            cell.border, cell.alignment = box, top
            if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
                continue  # a blank, not an empty string
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a name that looks like a formula stays text
            if column.number_format and isinstance(value, int | float):
                cell.number_format = column.number_format
    _row_heights(ws, columns, header_row, [[c.title for c in columns], *rows])
    last = get_column_letter(len(columns))
    ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    if frozen_columns:
        ws.print_title_cols = f"A:{get_column_letter(frozen_columns)}"


def _print_setup(ws: Worksheet, title: str | None, *, landscape: bool, pages_wide: int = 1) -> None:
    """A4 at page width (or ``pages_wide`` pages), the title (if any) over every page and
    page numbers under it."""
    from openpyxl.worksheet.properties import PageSetupProperties

    setup = ws.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = pages_wide
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.8 if title else 0.6
    ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if title:
        header = ws.oddHeader.center  # type: ignore[union-attr]
        header.text = title.replace("&", "&&")
        header.font = "Calibri,Bold"
        header.size = 11
    footer = ws.oddFooter.center  # type: ignore[union-attr]
    footer.text = "Halaman &P dari &N"
    footer.size = 8


def _label(row: dict[str, Any]) -> str:
    """An OPD and its year, as charts name it (two years of one OPD stay apart)."""
    year = row.get("Tahun")
    return f"{row.get('OPD', '')} {year}".strip() if year else str(row.get("OPD", ""))


def write_workbook(consolidation: Consolidation, target: Path) -> None:
    """The consolidation workbook, ready to print on A4: *Rekap* (one row per OPD),
    *Anggaran Program* (OPD × program budgets), *Grafik* (budget and planned progress per
    OPD and year), a sheet per program across OPDs, and the files that failed."""
    from openpyxl import Workbook

    book = Workbook()
    rekap = book.active
    assert rekap is not None
    rekap.title = REKAP_SHEET
    titles = _columns(consolidation.opd)
    main = [t for t in titles if not t.startswith(PROGRAM_PREFIX)] or ["OPD"]
    programs = [t for t in titles if t.startswith(PROGRAM_PREFIX)]
    rows = [[row.get(t) for t in main] for row in consolidation.opd]
    _write_table(rekap, _fit_columns(main, rows), rows)
    _print_setup(rekap, "Rekap Rencana Aksi OPD", landscape=True)
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
        program_titles = _columns(program_rows)
        values = [[row.get(t) for t in program_titles] for row in program_rows]
        _write_table(sheet, _fit_columns(program_titles, values), values, header_row=3)
        sheet.print_title_rows = "1:3"  # the program's whole name on every page
        _print_setup(sheet, None, landscape=False)
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
    columns = _fit_columns(titles, rows)
    names = [
        _Column(c.title.removeprefix(PROGRAM_PREFIX), max(c.width, 16.0), c.number_format)
        for c in columns[2:]
    ]
    _write_table(ws, [*columns[:2], *names], rows, frozen_columns=2)
    pages = max(1, math.ceil(len(programs) / _PROGRAMS_PER_PAGE))
    _print_setup(ws, "Anggaran per program (Rp)", landscape=True, pages_wide=pages)


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
    _write_table(ws, _fit_columns(titles, rows), rows)
    count = len(rows)
    labels = Reference(ws, min_col=1, min_row=2, max_row=count + 1)
    bar = BarChart()
    bar.type = "bar"  # horizontal: long OPD names stay readable
    bar.title = "Anggaran per OPD"
    bar.x_axis.title = "OPD (tahun)"
    bar.y_axis.title = "Rupiah"
    bar.y_axis.numFmt = _RUPIAH
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
    _print_setup(ws, "Grafik rekap Renaksi", landscape=False)


def _text_categories(chart: Any) -> None:
    """Categories read as text (openpyxl refers to them as numbers, and the OPD names and
    quarters are text)."""
    from openpyxl.chart.data_source import AxDataSource, StrRef

    for series in chart.series:
        if series.cat is not None and series.cat.numRef is not None:
            series.cat = AxDataSource(strRef=StrRef(f=series.cat.numRef.f))
