"""The Renaksi buttons' entry points: the only module that imports xlwings.

Each button is one function taking the workbook it works on, so the same code serves two
hosts: the classic *Renaksi* ribbon tab (VBA → ``RunPython`` → :func:`dispatch`, which passes
the user's workbook: in an add-in ``Book.caller()`` is the add-in itself, so the active
one), and xlwings Lite, whose ``@script`` functions receive ``book`` and call these (see
:mod:`renaksi_xl.excel.lite`). Values are read through xlwings and go through the same parsing,
rules and computation as the command line (:func:`renaksi_xl.berkas.reader.rows_from_values`);
results are written back through xlwings.

Lite (Office.js) cannot everything desktop Excel can: a note needs ExcelApi 1.18 (Microsoft
365 ≥ 2501, Excel on the web, Mac ≥ 16.93), a cell's own fill cannot be read back, and no
file can be opened by path. :func:`validasi` then marks with fills only and says so in the
*Hasil Validasi* sheet; :func:`template_baru` writes the new template's sheets into the open
workbook instead of opening a file.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from html import unescape
from typing import TYPE_CHECKING, Any

import xlwings as xw

# the rule modules, which validate() would load on the first click: with this module, so
# that xlwings Lite (which imports main.py when it starts) has them before any click
import renaksi_xl.core.rules.anggaran
import renaksi_xl.core.rules.ketikan
import renaksi_xl.core.rules.struktur
import renaksi_xl.core.rules.target  # noqa: F401
from renaksi_xl.berkas.legacy import parse_sheets
from renaksi_xl.berkas.reader import rows_from_values
from renaksi_xl.berkas.xlsxpatch import OWN_SHEET_MARK, free_sheet_name
from renaksi_xl.core.capaian import (
    CAPAIAN_SHEET,
    LINK_COLUMN,
    WIDTHS,
    budget_formula_plan,
    capaian_rows,
    level_budget_plan,
)
from renaksi_xl.core.capaian import TITLE as CAPAIAN_TITLE
from renaksi_xl.core.compute import recompute
from renaksi_xl.core.layout import (
    KEGIATAN_SEKARANG,
    SHEET_DAFTAR,
    SHEET_KEGIATAN,
    SHEET_PETUNJUK,
    SHEET_PROGRAM,
    SHEET_SASARAN,
    TABLES,
    column_number,
    kegiatan_layout_of,
    split_coordinate,
)
from renaksi_xl.core.marks import (
    RESULT_HEADER,
    RESULT_SHEET,
    STATE_SHEET,
    cell_marks,
    link_target,
    result_rows,
    summary_line,
)
from renaksi_xl.core.model import Renaksi
from renaksi_xl.core.quantity import rupiah
from renaksi_xl.core.validate import validate

if TYPE_CHECKING:
    from renaksi_xl.berkas.templates import TemplateRequest

TITLE = "Renaksi"
TEMPLATE_SHEETS = (SHEET_PETUNJUK, SHEET_SASARAN, SHEET_PROGRAM, SHEET_KEGIATAN, SHEET_DAFTAR)


def user_book() -> Any:
    """The workbook the user works in: the caller, unless the caller is the add-in."""
    caller = xw.Book.caller()
    if str(caller.name).lower().endswith(".xlam"):
        return xw.books.active
    return caller


def _sheet_names(book: Any) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def _values(sheet: Any) -> list[list[Any]]:
    used = sheet.used_range
    values = used.options(ndim=2).value or []
    # the used range may not start at A1; the parser counts rows and columns from A1
    row, column = used.row, used.column
    padded = [[None] * (column - 1) + list(r) for r in values]
    return [[None] * len(padded[0] if padded else [])] * (row - 1) + padded


def read_renaksi(book: Any) -> Renaksi:
    """The open workbook as a model, read through xlwings."""
    names = _sheet_names(book)
    sheets = [
        rows_from_values(layout.sheet, _values(book.sheets[layout.sheet]))
        for layout in TABLES
        if layout.sheet in names
    ]
    return parse_sheets(sheets, sumber=str(book.name))


def _alert(book: Any, text: str) -> None:
    book.app.alert(text, title=TITLE)
    if sys.platform == "emscripten":  # xlwings Lite also shows it in its output pane
        print(text)


RESULTS, STATE, CAPAIAN = "hasil", "tanda", "capaian"
"""What a sheet of the tool is, as the value of its :data:`OWN_SHEET_MARK` name says (the
command line writes the same values)."""
RIBBON_STATE_HEADER = ("lembar", "sel", "tanda", "warna_asli")
CLI_STATE_HEADER = ("lembar", "sel", "isi_asli")
RESULT_TITLE = "Hasil Validasi Renaksi"


def _marker(refers_to: object) -> str | None:
    """``hasil`` for a name defined as ``="hasil"``, else None."""
    text = str(refers_to or "").lstrip("=").strip().strip('"').strip().lower()
    return text if text in (RESULTS, STATE, CAPAIAN) else None


def own_sheets(book: Any) -> dict[str, str]:
    """The sheets this tool wrote, by name, with what each is (``hasil``, ``tanda``,
    ``capaian``): told by the sheet-scoped name :data:`OWN_SHEET_MARK`, as the command line
    tells them, or, for sheets written before there was a marker (or by a client that does
    not send names), by their exact layout: a state sheet whose first row is one of the
    tool's headers, beside it a *Hasil Validasi* that starts as the tool wrote it, a
    *Capaian* whose A1 names the tool. Never by the sheet's name alone: a user may call a
    sheet so too."""
    found: dict[str, str] = {}
    for sheet in book.sheets:
        for name in sheet.names:
            if str(name.name).rpartition("!")[2].lower() != OWN_SHEET_MARK.lower():
                continue
            kind = _marker(name.refers_to)
            if kind is not None:
                found[sheet.name] = kind
    kinds = set(found.values())
    names = _sheet_names(book)
    if STATE not in kinds and STATE_SHEET in names and STATE_SHEET not in found:
        header = _first_row(book.sheets[STATE_SHEET])
        if header[:4] == RIBBON_STATE_HEADER or header[:3] == CLI_STATE_HEADER:
            found[STATE_SHEET] = STATE
            if RESULTS not in kinds and RESULT_SHEET in names and RESULT_SHEET not in found:
                rows = _values(book.sheets[RESULT_SHEET])
                if (
                    len(rows) >= 4
                    and rows[0][:1] == [RESULT_TITLE]
                    and tuple(rows[3][:6]) == RESULT_HEADER
                ):
                    found[RESULT_SHEET] = RESULTS
    if CAPAIAN_SHEET in names and CAPAIAN_SHEET not in found:
        title = book.sheets[CAPAIAN_SHEET]["A1"].value
        if isinstance(title, str) and title.startswith(CAPAIAN_TITLE):
            found[CAPAIAN_SHEET] = CAPAIAN
    return found


def _first_row(sheet: Any) -> tuple[Any, ...]:
    rows = _values(sheet)
    return tuple(rows[0]) if rows else ()


def _add_own_sheet(book: Any, base: str, kind: str) -> Any:
    """A new sheet after the others, called ``base`` or, when a user's sheet is called so,
    ``base (2)`` and so on, marked as the tool's by a sheet-scoped :data:`OWN_SHEET_MARK`
    (Excel keeps it with the sheet; the command line reads it too)."""
    names = _sheet_names(book)
    sheet = book.sheets.add(free_sheet_name(base, names), after=book.sheets[len(names) - 1])
    sheet.names.add(OWN_SHEET_MARK, f'="{kind}"')
    return sheet


def _clear_marks(book: Any) -> tuple[int, list[str]]:
    """Undo the marks of an earlier validation (the ribbon's or ``renaksi validasi
    --tandai``'s): each marked cell's fill and the note the tool added; then drop the
    tool's results and state sheets. Returns how many cells were restored and the cells
    whose fill could not be told back (a theme or pattern fill the command line
    remembered as XML, which Office.js cannot set)."""
    own = own_sheets(book)
    names = _sheet_names(book)
    cleared, kept = 0, []
    for state_name, kind in own.items():
        if kind != STATE:
            continue
        state = _values(book.sheets[state_name])
        for row in state[1:]:
            if len(row) < 3 or row[0] not in names or row[0] in own or not row[1]:
                continue
            cell = book.sheets[row[0]][str(row[1])]
            if row[2] in ("catatan", "warna"):  # the ribbon's own
                original = row[3] if len(row) > 3 and row[3] else None
                cell.color = original  # the user's fill where Excel could tell it, else none
                if row[2] == "catatan":
                    note = cell.note
                    if note is not None:
                        note.delete()
                cleared += 1
            elif _restore_from_cli(cell, str(row[2])):
                cleared += 1
            else:
                kept.append(f"{row[0]}!{row[1]}")
    for name, kind in own.items():
        if kind in (RESULTS, STATE):
            book.sheets[name].delete()
    return cleared, kept


def _restore_from_cli(cell: Any, remembered: str) -> bool:
    """Give a cell that ``renaksi validasi --tandai`` marked back its fill and note, from
    what the command line remembered (the fill's XML, the note's XML); False when the fill
    cannot be put back through xlwings (a theme colour or a pattern): then the cell keeps
    the mark's fill."""
    try:
        original = json.loads(remembered)
    except ValueError:
        return False
    if not isinstance(original, dict):
        return False
    fill = _fill_color(original.get("fill"))
    own = original.get("catatan")
    note = cell.note
    if isinstance(own, dict) and own.get("xml"):
        if note is not None:
            note.text = _note_text(str(own["xml"]))  # the user's text without our addition
    elif note is not None:
        note.delete()  # the note was the tool's
    if fill is False:
        return False
    cell.color = fill
    return True


def _fill_color(fill: object) -> str | bool | None:
    """``#RRGGBB`` for a solid fill's XML, None for no fill, False for a fill Office.js
    cannot set (theme or indexed colour, a pattern)."""
    if fill is None:
        return None
    text = str(fill)
    if re.fullmatch(r'<fill>\s*<patternFill(\s*|\s+patternType="none"\s*)/>\s*</fill>', text):
        return None
    solid = re.search(
        r'patternType="solid".*?<fgColor\s+rgb="[0-9A-F]{2}([0-9A-F]{6})"', text, re.S | re.I
    )
    return f"#{solid.group(1).upper()}" if solid else False


def _note_text(xml: str) -> str:
    """The plain text of a note's ``<comment>`` XML."""
    return "".join(unescape(t) for t in re.findall(r"<t(?:\s[^>]*)?>(.*?)</t>", xml, re.DOTALL))


def _fill_of(cell: Any) -> str | None:
    """The cell's own fill as ``#RRGGBB``, to put back later. Desktop Excel tells it; an
    Office.js client cannot be asked synchronously, and then the fill is not kept."""
    try:
        color = cell.color
    except NotImplementedError:
        return None
    if isinstance(color, tuple) and len(color) == 3:
        return "#{:02X}{:02X}{:02X}".format(*color)
    return color if isinstance(color, str) else None


NOTES_UNSUPPORTED = (
    "Catatan sel tidak dapat ditambahkan: Excel ini belum mendukung catatan dari add-in "
    "(perlu Microsoft 365 versi 2501 atau lebih baru, Excel di web, atau Excel Mac 16.93 ke "
    "atas). Sel bertemuan hanya diwarnai; pesannya ada di tabel di bawah (klik Lokasi)."
)


def validasi(book: Any) -> None:
    """Check the workbook and mark every finding in it: a fill per severity and a note on
    each cell concerned, and a *Hasil Validasi* sheet with links to the cells. Where Excel
    cannot take notes (ExcelApi < 1.18), the fills and the sheet carry the findings and a
    line at the top of the sheet says why there are no notes."""
    _, kept = _clear_marks(book)
    report = validate(read_renaksi(book))
    marks, _ = cell_marks(report, _sheet_names(book))  # findings are on the Renaksi sheets
    state: list[list[Any]] = [list(RIBBON_STATE_HEADER)]
    notes = True
    for mark in marks:
        cell = book.sheets[mark.sheet][mark.cell]
        original = _fill_of(cell)
        cell.color = f"#{mark.color}"
        kind = "warna"  # the user's own note stays as it is; the message is in Hasil Validasi
        if notes and cell.note is None:
            try:
                cell.add_note(mark.note())
                kind = "catatan"
            except NotImplementedError:  # ExcelApi < 1.18, or a client without notes
                notes = False
        state.append([mark.sheet, mark.cell, kind, original])
    results = _add_own_sheet(book, RESULT_SHEET, RESULTS)
    notice = None if notes or not marks else NOTES_UNSUPPORTED
    results["A1"].value = [[RESULT_TITLE], [summary_line(report)], [notice]]
    rows = result_rows(report)
    results["A4"].value = rows
    results["A4"].resize(1, len(RESULT_HEADER)).font.bold = True
    for number, finding in enumerate(report.findings, start=1):
        target = link_target(finding)
        if target is not None:
            results[f"D{4 + number}"].add_hyperlink(f"#{target}", rows[number][3])
    hidden = _add_own_sheet(book, STATE_SHEET, STATE)
    hidden["A1"].value = state
    hidden.visible = False
    message = f"Validasi selesai: {summary_line(report)}."
    if notice:
        message += " Excel ini belum mendukung catatan sel: lihat lembar Hasil Validasi."
    if kept:
        message += " " + _kept_notice(kept)
    _alert(book, message)


def _kept_notice(kept: list[str]) -> str:
    return (
        f"Warna asli {len(kept)} sel ({', '.join(kept[:5])}{' …' if len(kept) > 5 else ''}) "
        "tidak dapat dipulihkan dari add-in (warna tema atau pola): sel itu masih berwarna "
        "tanda. Jalankan 'renaksi bersihkan' pada berkasnya untuk memulihkannya."
    )


def bersihkan(book: Any) -> None:
    """Remove the marks of the last validation, and nothing else."""
    cleared, kept = _clear_marks(book)
    message = (
        f"Tanda validasi dihapus dari {cleared} sel." if cleared else "Tidak ada tanda validasi."
    )
    if kept:
        message += " " + _kept_notice(kept)
    _alert(book, message)


hapus_tanda = bersihkan  # the button's name


def hitung_ulang(book: Any) -> None:
    """Put back the subtotal, total and CEK formulas where a value was typed over them, and
    write the *Capaian* sheet: cumulative percentages, program shares and progress."""
    renaksi = read_renaksi(book)
    computed = recompute(renaksi)
    restored = _restore_formulas(book, renaksi, computed)
    for name, kind in own_sheets(book).items():
        if kind == CAPAIAN:  # the tool's earlier Capaian, never a user's sheet so called
            book.sheets[name].delete()
    sheet = _add_own_sheet(book, CAPAIAN_SHEET, CAPAIAN)
    rows, layout = capaian_rows(computed)
    width = max(len(r) for r in rows)
    sheet["A1"].value = [r + [None] * (width - len(r)) for r in rows]
    for row_number, where in layout.links:
        sheet[f"{LINK_COLUMN}{row_number}"].add_hyperlink(
            f"#'{where.sheet}'!{where.cell}", where.describe()
        )
    _format_capaian(book, sheet, len(rows), layout)
    total = computed.total_tertulis.value if computed.total_tertulis else None
    message = f"Hitung ulang selesai: Jumlah komulatif {rupiah(total or Decimal(0))}."
    if restored:
        message += f" Rumus dipulihkan di {', '.join(restored)}."
    _alert(book, message)


def _format_capaian(book: Any, sheet: Any, height: int, layout: Any) -> None:
    """What of the command line's Capaian print setup xlwings can say on every engine:
    column widths, the merged program names, bold title, headers and total, wrapped
    headers, ``#,##0`` for rupiah and ``0.00`` for percentages, and the print area. Borders,
    the header fill, orientation, fit to width and print titles are not set (the remote
    engine has no page setup but the print area)."""
    last = chr(ord("A") + len(WIDTHS) - 1)
    for number, chars in enumerate(WIDTHS):
        sheet.range(f"{chr(ord('A') + number)}1").column_width = _column_width(book, chars)
    sheet["A1"].font.bold = True
    for header in (layout.program_header, layout.indicator_header):
        cells = sheet.range(f"A{header}:{last}{header}")
        cells.font.bold = True
        cells.wrap_text = True
    for merged in layout.merges:
        sheet.range(merged).merge()
    first, end = layout.program_rows[0], layout.program_rows[-1]
    sheet.range(f"A{end}:{last}{end}").font.bold = True  # the total
    sheet.range(f"D{first}:D{end}").number_format = "#,##0"
    sheet.range(f"E{first}:{last}{end}").number_format = "0.00"
    if height > layout.indicator_header:
        sheet.range(f"F{layout.indicator_header + 1}:{last}{height}").number_format = "0.00"
    sheet.page_setup.print_area = f"A1:{last}{height}"


def _column_width(book: Any, chars: float) -> float:
    """A width in characters of the default font as the engine takes it: desktop Excel in
    characters, the remote engine (Office.js) in points (Calibri 11: 7 pixels a character
    and 5 of margin, ¾ point a pixel)."""
    if type(book.impl).__module__.endswith("_xlremote"):
        return round(int(chars * 7 + 5) * 0.75, 2)
    return chars


def _restore_formulas(book: Any, renaksi: Renaksi, computed: Renaksi) -> list[str]:
    """Write back the budget formulas (program subtotals and the total; in today's shape the
    pagu of kegiatan, program and the total) whose cell shows another value than the one
    the formula gives from the values shown (a typed number); returns the cells."""
    if SHEET_KEGIATAN not in _sheet_names(book):
        return []
    sheet = book.sheets[SHEET_KEGIATAN]
    grid = _values(sheet)
    if kegiatan_layout_of(grid) is KEGIATAN_SEKARANG:
        # the file path's plan, on the values Excel shows: which cell was typed over
        plan = level_budget_plan(grid, _grid_value(grid), chained=False)
    else:
        plan = budget_formula_plan(renaksi, computed)
    restored = []
    for cell, formula, expected in plan:
        split = split_coordinate(cell)
        shown = _at(grid, split[1], split[0]) if split else None
        if not _same(shown, expected):
            sheet[cell].formula = formula
            restored.append(f"{SHEET_KEGIATAN}!{cell}")
    return restored


def _grid_value(grid: list[list[Any]]) -> Callable[[int, str], Any]:
    """A cell of today's Kegiatan sheet by row and column key, as Excel shows it (a whole
    number as an int, as a cell stores it)."""

    def value(row: int, key: str) -> Any:
        return _at(grid, row, KEGIATAN_SEKARANG.letter(key))

    return value


def _at(grid: list[list[Any]], row: int, letter: str) -> Any:
    column = column_number(letter)
    if row > len(grid) or column > len(grid[row - 1]):
        return None
    shown = grid[row - 1][column - 1]
    if isinstance(shown, float) and shown.is_integer():
        return int(shown)
    return shown


def _same(shown: Any, expected: Any) -> bool:
    if shown in (None, "") and expected in (None, ""):
        return True  # a formula showing nothing (a row without a name yet)
    if isinstance(shown, int | float) and isinstance(expected, int | float):
        return abs(shown - expected) < 0.5
    return bool(shown == expected)


def _template_request(book: Any, opd: object, tahun: object) -> TemplateRequest | None:
    """The request for OPD and year as typed, or None after telling the user what is wrong."""
    from renaksi_xl.berkas.templates import TemplateRequest, parse_year

    name = str(opd or "").strip()
    if not name:
        _alert(book, "Isi nama OPD untuk templat baru.")
        return None
    year = parse_year(str(tahun if tahun is not None else ""))
    if year is None:
        _alert(book, f"Tahun '{tahun}' tidak sah (isi empat angka, mis. 2021).")
        return None
    return TemplateRequest(opd=name, tahun=year)


def template_baru(book: Any, opd: str, tahun: int | str) -> None:
    """Write a blank Renaksi template for the OPD and year into this workbook, as new sheets
    (*Petunjuk*, *Sasaran*, *Program*, *Kegiatan* and the hidden *Daftar*): xlwings Lite
    cannot open a file, so the template is made where the user is — typically a new, empty
    workbook, which the user then saves under the name offered. The cells, formulas,
    merges, column widths, fills, bold text, number formats, wrapping and dropdowns are
    carried over; borders, input rules for numbers, the CEK colouring and print setup are
    not (the file from ``renaksi template`` or the desktop button has them)."""
    request = _template_request(book, opd, tahun)
    if request is None:
        return
    taken = {name.lower() for name in _sheet_names(book)}
    clash = [name for name in TEMPLATE_SHEETS if name.lower() in taken]
    if clash:
        _alert(
            book,
            f"Buku kerja ini sudah berisi lembar {', '.join(clash)}. Buat buku kerja kosong "
            "baru, lalu jalankan Template Baru di sana.",
        )
        return
    try:
        source = _template_workbook(request)
    except ImportError:  # openpyxl: only Template Baru needs it
        _alert(
            book,
            "Template Baru memerlukan paket openpyxl: tambahkan baris 'openpyxl' di "
            "requirements.txt lalu mulai ulang xlwings Lite.",
        )
        return
    existing = list(book.sheets)
    _copy_workbook(source, book)
    if len(existing) == 1 and _is_empty(existing[0]):
        existing[0].delete()  # the new workbook's own empty sheet
    _alert(
        book,
        f"Templat Renaksi {request.opd} {request.tahun} dibuat di buku kerja ini. "
        f"Simpan dengan nama {request.file_name}.",
    )


def template_baru_dialog(book: Any) -> None:
    """The desktop button: ask for the OPD and the year (offering those of the open
    workbook, a year on) and open a new template file for them."""
    import tempfile
    from pathlib import Path

    from renaksi_xl.berkas.writer import write_workbook

    try:
        current = read_renaksi(book)
        opd = current.opd.value if current.opd else ""
        year = str(current.tahun + 1) if current.tahun else ""
    except Exception:  # the open workbook may be anything: then nothing is offered
        opd, year = "", ""
    ask = book.app.api.InputBox
    opd = ask("Nama OPD:", TITLE, opd)
    if opd is False or not str(opd).strip():
        return  # cancelled
    answer = ask("Tahun Renaksi:", TITLE, year)
    if answer is False:
        return
    request = _template_request(book, opd, answer)
    if request is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="renaksi-"))
    path = write_workbook(request.model(), folder / request.file_name)
    xw.Book(str(path))


def _template_workbook(request: TemplateRequest) -> Any:
    """The blank template as the writer makes it, opened with openpyxl to be copied."""
    import tempfile
    from pathlib import Path

    from openpyxl import load_workbook

    from renaksi_xl.berkas.writer import write_workbook

    with tempfile.TemporaryDirectory(prefix="renaksi-") as folder:
        path = write_workbook(request.model(), Path(folder) / request.file_name)
        return load_workbook(path)


def _is_empty(sheet: Any) -> bool:
    values = sheet.used_range.options(ndim=2).value or []
    return all(v in (None, "") for row in values for v in row)


def _cell_text(cell: Any) -> Any:
    """What to send for one template cell: a formula as ``=…``; text that Excel would take
    for a formula kept as text by a leading apostrophe."""
    value = cell.value
    if cell.data_type == "f":
        return str(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def _looks(cell: Any) -> tuple[bool, str | None, str | None, bool]:
    """(bold, fill ``#RRGGBB``, number format, wrap) of an openpyxl cell."""
    fill = None
    if cell.fill is not None and cell.fill.fill_type == "solid":
        rgb = cell.fill.fgColor.rgb
        if isinstance(rgb, str) and len(rgb) == 8:
            fill = f"#{rgb[2:]}"
    number_format = cell.number_format if cell.number_format != "General" else None
    wrap = bool(cell.alignment is not None and cell.alignment.wrap_text)
    return bool(cell.font is not None and cell.font.b), fill, number_format, wrap


def _copy_workbook(source: Any, book: Any) -> None:
    """Copy an openpyxl workbook's sheets into an xlwings book: contents in one write per
    sheet, looks in one action per run of alike cells in a row."""
    for ws in source.worksheets:
        sheet = book.sheets.add(ws.title, after=book.sheets[len(_sheet_names(book)) - 1])
        rows, columns = ws.max_row, ws.max_column
        grid = [[_cell_text(c) for c in row] for row in ws.iter_rows(1, rows, 1, columns)]
        sheet.range((1, 1), (rows, columns)).formula = grid
        for r, row in enumerate(ws.iter_rows(1, rows, 1, columns), start=1):
            start, current = 1, _looks(row[0])
            for c in range(2, columns + 2):
                looks = _looks(row[c - 1]) if c <= columns else None
                if looks == current:
                    continue
                _apply_looks(sheet.range((r, start), (r, c - 1)), current)
                start, current = c, looks  # type: ignore[assignment]
        # openpyxl keeps ranges in sets: sorted, the actions come in the same order each run
        for merged in sorted(ws.merged_cells.ranges, key=_range_order):
            sheet.range(merged.coord).merge()
        for letter, dimension in ws.column_dimensions.items():
            if dimension.width:
                sheet.range(f"{letter}1").column_width = _column_width(book, dimension.width)
        if ws.freeze_panes:
            sheet.freeze_panes.freeze_at(ws.freeze_panes)
        if ws.sheet_state != "visible":
            sheet.visible = False
    for ws in source.worksheets:  # a list may come from a sheet copied after its own
        for validation in ws.data_validations.dataValidation:
            if validation.type != "list" or not validation.formula1:
                continue
            target = _list_source(source, book, validation.formula1)
            for cells in sorted(validation.sqref.ranges, key=_range_order):
                book.sheets[ws.title].range(cells.coord).data_validation.set_list(target)


def _range_order(cells: Any) -> tuple[int, int]:
    return int(cells.min_row), int(cells.min_col)


def _apply_looks(cells: Any, looks: tuple[bool, str | None, str | None, bool]) -> None:
    bold, fill, number_format, wrap = looks
    if bold:
        cells.font.bold = True
    if fill:
        cells.color = fill
    if number_format:
        cells.number_format = number_format
    if wrap:
        cells.wrap_text = True


def _list_source(source: Any, book: Any, formula: str) -> Any:
    """A dropdown's list: a defined name of the template or a range, as a range of the
    copied sheets."""
    reference = formula.lstrip("=")
    defined = source.defined_names.get(reference)
    if defined is not None:
        reference = defined.attr_text
    sheet_name, _, cells = reference.rpartition("!")
    return book.sheets[sheet_name.strip("'")].range(cells.replace("$", ""))


HANDLERS: dict[str, Callable[[Any], None]] = {
    "rnxValidasi": validasi,
    "rnxHitungUlang": hitung_ulang,
    "rnxHapusTanda": bersihkan,
    "rnxTemplateBaru": template_baru_dialog,
}


def dispatch(control_id: str) -> None:
    """The ribbon's one callback: run the handler of the button that was clicked on the
    user's workbook."""
    book = user_book()
    handler = HANDLERS.get(control_id)
    if handler is None:
        _alert(book, f"Tombol tidak dikenal: {control_id}")
        return
    handler(book)
