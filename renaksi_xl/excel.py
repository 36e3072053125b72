"""The *Renaksi* ribbon tab's entry points: the only module that imports xlwings.

Each button runs one function on the user's open workbook (in an add-in, ``Book.caller()``
is the add-in itself; the user's workbook is the active one). Values are read through
xlwings and go through the same parsing, rules and computation as the command line
(:func:`renaksi_xl.reader.rows_from_values`); results are written back through xlwings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import xlwings as xw

from renaksi_xl.capaian import CAPAIAN_SHEET, LINK_COLUMN, budget_formula_plan, capaian_rows
from renaksi_xl.compute import recompute
from renaksi_xl.layout import SHEET_KEGIATAN, TABLES
from renaksi_xl.legacy import parse_sheets
from renaksi_xl.marks import (
    RESULT_SHEET,
    STATE_SHEET,
    cell_marks,
    link_target,
    result_rows,
    summary_line,
)
from renaksi_xl.model import Renaksi
from renaksi_xl.quantity import rupiah
from renaksi_xl.reader import rows_from_values
from renaksi_xl.validate import validate

TITLE = "Renaksi"


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


def _delete_sheet(book: Any, name: str) -> None:
    if name in _sheet_names(book):
        book.sheets[name].delete()


def _clear_marks(book: Any) -> int:
    """Undo the marks of an earlier validation: the fill of each marked cell and the note
    the tool added; then drop the tool's sheets."""
    names = _sheet_names(book)
    cleared = 0
    if STATE_SHEET in names:
        state = _values(book.sheets[STATE_SHEET])
        for row in state[1:]:
            if len(row) < 3 or row[0] not in names or not row[1]:
                continue
            cell = book.sheets[row[0]][str(row[1])]
            original = row[3] if len(row) > 3 and row[3] else None
            cell.color = original  # the user's own fill where Excel could tell it, else none
            if row[2] == "catatan":
                note = cell.note
                if note is not None:
                    note.delete()
            cleared += 1
    for name in (STATE_SHEET, RESULT_SHEET):
        _delete_sheet(book, name)
    return cleared


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


def validasi() -> None:
    """Check the open workbook and mark every finding in it: a fill per severity and a note
    on each cell concerned, and a *Hasil Validasi* sheet with links to the cells."""
    book = user_book()
    _clear_marks(book)
    report = validate(read_renaksi(book))
    names = _sheet_names(book)
    marks, _ = cell_marks(report, names)
    state: list[list[Any]] = [["lembar", "sel", "tanda", "warna_asli"]]
    for mark in marks:
        cell = book.sheets[mark.sheet][mark.cell]
        original = _fill_of(cell)
        cell.color = f"#{mark.color}"
        if cell.note is None:
            cell.add_note(mark.note())
            state.append([mark.sheet, mark.cell, "catatan", original])
        else:
            # the user's own note stays as it is; the message is in Hasil Validasi
            state.append([mark.sheet, mark.cell, "warna", original])
    results = book.sheets.add(RESULT_SHEET, after=book.sheets[len(names) - 1])
    results["A1"].value = [["Hasil Validasi Renaksi"], [summary_line(report)], [None]]
    rows = result_rows(report)
    results["A4"].value = rows
    for number, finding in enumerate(report.findings, start=1):
        target = link_target(finding)
        if target is not None:
            results[f"D{4 + number}"].add_hyperlink(f"#{target}", rows[number][3])
    hidden = book.sheets.add(STATE_SHEET, after=results)
    hidden["A1"].value = state
    hidden.visible = False
    _alert(book, f"Validasi selesai: {summary_line(report)}.")


def bersihkan() -> None:
    """Remove the marks of the last validation, and nothing else."""
    book = user_book()
    cleared = _clear_marks(book)
    _alert(
        book,
        f"Tanda validasi dihapus dari {cleared} sel." if cleared else "Tidak ada tanda validasi.",
    )


def hitung_ulang() -> None:
    """Put back the subtotal, total and CEK formulas where a value was typed over them, and
    write the *Capaian* sheet: cumulative percentages, program shares and progress."""
    book = user_book()
    renaksi = read_renaksi(book)
    computed = recompute(renaksi)
    restored = _restore_formulas(book, renaksi, computed)
    _delete_sheet(book, CAPAIAN_SHEET)
    sheet = book.sheets.add(CAPAIAN_SHEET, after=book.sheets[len(_sheet_names(book)) - 1])
    rows, layout = capaian_rows(computed)
    width = max(len(r) for r in rows)
    sheet["A1"].value = [r + [None] * (width - len(r)) for r in rows]
    for row_number, where in layout.links:
        sheet[f"{LINK_COLUMN}{row_number}"].add_hyperlink(
            f"#'{where.sheet}'!{where.cell}", where.describe()
        )
    total = computed.total_tertulis.value if computed.total_tertulis else None
    message = f"Hitung ulang selesai: Jumlah komulatif {rupiah(total or Decimal(0))}."
    if restored:
        message += f" Rumus dipulihkan di {', '.join(restored)}."
    _alert(book, message)


def _restore_formulas(book: Any, renaksi: Renaksi, computed: Renaksi) -> list[str]:
    """Write back subtotal and total formulas whose cell shows another value than the one
    the formula gives (a typed number); returns the cells."""
    if SHEET_KEGIATAN not in _sheet_names(book):
        return []
    sheet = book.sheets[SHEET_KEGIATAN]
    restored = []
    for cell, formula, expected in budget_formula_plan(renaksi, computed):
        shown = sheet[cell].value
        if shown is None or not _same(shown, expected):
            sheet[cell].formula = formula
            restored.append(f"{SHEET_KEGIATAN}!{cell}")
    return restored


def _same(shown: Any, expected: Any) -> bool:
    if isinstance(shown, int | float) and isinstance(expected, int | float):
        return abs(shown - expected) < 0.5
    return bool(shown == expected)


def template_baru() -> None:
    """Ask for the OPD and the year (offering those of the open workbook, a year on) and
    open a new blank template for them."""
    import tempfile
    from pathlib import Path

    from renaksi_xl.templates import TemplateRequest, parse_year
    from renaksi_xl.writer import write_workbook

    book = user_book()
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
    parsed = parse_year(str(answer))
    if parsed is None:
        _alert(book, f"Tahun '{answer}' tidak sah (isi empat angka, mis. 2021).")
        return
    request = TemplateRequest(opd=str(opd).strip(), tahun=parsed)
    folder = Path(tempfile.mkdtemp(prefix="renaksi-"))
    path = write_workbook(request.model(), folder / request.file_name)
    xw.Book(str(path))


HANDLERS = {
    "rnxValidasi": validasi,
    "rnxHitungUlang": hitung_ulang,
    "rnxHapusTanda": bersihkan,
    "rnxTemplateBaru": template_baru,
}


def dispatch(control_id: str) -> None:
    """The ribbon's one callback: run the handler of the button that was clicked."""
    handler = HANDLERS.get(control_id)
    if handler is None:
        _alert(user_book(), f"Tombol tidak dikenal: {control_id}")
        return
    handler()
