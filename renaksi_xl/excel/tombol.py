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

What works on xlwings objects without importing xlwings lives beside this module:
:mod:`~renaksi_xl.excel.lembar` (the sheets and the tool's own ones),
:mod:`~renaksi_xl.excel.tanda` (undoing marks), :mod:`~renaksi_xl.excel.hitung` (formulas
put back, the *Capaian* sheet) and :mod:`~renaksi_xl.excel.salin` (the template copied in).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal
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
from renaksi_xl.core.compute import recompute
from renaksi_xl.core.layout import (
    SHEET_DAFTAR,
    SHEET_KEGIATAN,
    SHEET_PETUNJUK,
    SHEET_PROGRAM,
    SHEET_SASARAN,
    TABLES,
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
from renaksi_xl.excel.hitung import restore_formulas, write_capaian
from renaksi_xl.excel.lembar import (
    RESULT_TITLE,
    RESULTS,
    RIBBON_STATE_HEADER,
    STATE,
    add_own_sheet,
    own_sheets,
    sheet_names,
    sheet_values,
)
from renaksi_xl.excel.salin import copy_workbook, is_empty, template_workbook
from renaksi_xl.excel.tanda import NOTES_UNSUPPORTED, clear_marks, fill_of, kept_notice

if TYPE_CHECKING:
    from renaksi_xl.berkas.templates import TemplateRequest

__all__ = [
    "HANDLERS",
    "NOTES_UNSUPPORTED",
    "TEMPLATE_SHEETS",
    "TITLE",
    "bersihkan",
    "dispatch",
    "hapus_tanda",
    "hitung_ulang",
    "own_sheets",
    "read_renaksi",
    "template_baru",
    "template_baru_dialog",
    "user_book",
    "validasi",
]

TITLE = "Renaksi"
TEMPLATE_SHEETS = (SHEET_PETUNJUK, SHEET_SASARAN, SHEET_PROGRAM, SHEET_KEGIATAN, SHEET_DAFTAR)


def user_book() -> Any:
    """The workbook the user works in: the caller, unless the caller is the add-in."""
    caller = xw.Book.caller()
    if str(caller.name).lower().endswith(".xlam"):
        return xw.books.active
    return caller


def read_renaksi(book: Any) -> Renaksi:
    """The open workbook as a model, read through xlwings."""
    names = sheet_names(book)
    sheets = [
        rows_from_values(layout.sheet, sheet_values(book.sheets[layout.sheet]))
        for layout in TABLES
        if layout.sheet in names
    ]
    return parse_sheets(sheets, sumber=str(book.name))


def _alert(book: Any, text: str) -> None:
    book.app.alert(text, title=TITLE)
    if sys.platform == "emscripten":  # xlwings Lite also shows it in its output pane
        print(text)


def validasi(book: Any) -> None:
    """Check the workbook and mark every finding in it: a fill per severity and a note on
    each cell concerned, and a *Hasil Validasi* sheet with links to the cells. Where Excel
    cannot take notes (ExcelApi < 1.18), the fills and the sheet carry the findings and a
    line at the top of the sheet says why there are no notes."""
    _, kept = clear_marks(book)
    report = validate(read_renaksi(book))
    marks, _ = cell_marks(report, sheet_names(book))  # findings are on the Renaksi sheets
    state: list[list[Any]] = [list(RIBBON_STATE_HEADER)]
    notes = True
    for mark in marks:
        cell = book.sheets[mark.sheet][mark.cell]
        original = fill_of(cell)
        cell.color = f"#{mark.color}"
        kind = "warna"  # the user's own note stays as it is; the message is in Hasil Validasi
        if notes and cell.note is None:
            try:
                cell.add_note(mark.note())
                kind = "catatan"
            except NotImplementedError:  # ExcelApi < 1.18, or a client without notes
                notes = False
        state.append([mark.sheet, mark.cell, kind, original])
    results = add_own_sheet(book, RESULT_SHEET, RESULTS)
    notice = None if notes or not marks else NOTES_UNSUPPORTED
    results["A1"].value = [[RESULT_TITLE], [summary_line(report)], [notice]]
    rows = result_rows(report)
    results["A4"].value = rows
    results["A4"].resize(1, len(RESULT_HEADER)).font.bold = True
    for number, finding in enumerate(report.findings, start=1):
        target = link_target(finding)
        if target is not None:
            results[f"D{4 + number}"].add_hyperlink(f"#{target}", rows[number][3])
    hidden = add_own_sheet(book, STATE_SHEET, STATE)
    hidden["A1"].value = state
    hidden.visible = False
    message = f"Validasi selesai: {summary_line(report)}."
    if notice:
        message += " Excel ini belum mendukung catatan sel: lihat lembar Hasil Validasi."
    if kept:
        message += " " + kept_notice(kept)
    _alert(book, message)


def bersihkan(book: Any) -> None:
    """Remove the marks of the last validation, and nothing else."""
    cleared, kept = clear_marks(book)
    message = (
        f"Tanda validasi dihapus dari {cleared} sel." if cleared else "Tidak ada tanda validasi."
    )
    if kept:
        message += " " + kept_notice(kept)
    _alert(book, message)


hapus_tanda = bersihkan  # the button's name


def hitung_ulang(book: Any) -> None:
    """Put back the budget formulas where a value was typed over them (program subtotals and
    the total; in today's shape the pagu of kegiatan, program and the total), and write the
    *Capaian* sheet: cumulative percentages, program shares and progress."""
    renaksi = read_renaksi(book)
    computed = recompute(renaksi)
    restored = restore_formulas(book, renaksi, computed)
    write_capaian(book, computed)
    total = computed.total_tertulis.value if computed.total_tertulis else None
    message = f"Hitung ulang selesai: Jumlah komulatif {rupiah(total or Decimal(0))}."
    if restored:
        message += f" Rumus dipulihkan di {', '.join(restored)}."
    _alert(book, message)


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
    taken = {name.lower() for name in sheet_names(book)}
    clash = [name for name in TEMPLATE_SHEETS if name.lower() in taken]
    if clash:
        _alert(
            book,
            f"Buku kerja ini sudah berisi lembar {', '.join(clash)}. Buat buku kerja kosong "
            "baru, lalu jalankan Template Baru di sana.",
        )
        return
    try:
        source = template_workbook(request)
    except ImportError:  # openpyxl: only Template Baru needs it
        _alert(
            book,
            "Template Baru memerlukan paket openpyxl: tambahkan baris 'openpyxl' di "
            "requirements.txt lalu mulai ulang xlwings Lite.",
        )
        return
    existing = list(book.sheets)
    copy_workbook(source, book)
    if len(existing) == 1 and is_empty(existing[0]):
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
