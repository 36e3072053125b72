"""*Template Baru* for xlwings Lite, which cannot open a file: the template the writer makes,
opened with openpyxl and copied sheet by sheet into the open workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from renaksi_xl.excel.lembar import column_width, sheet_names

if TYPE_CHECKING:
    from renaksi_xl.berkas.templates import TemplateRequest


def template_workbook(request: TemplateRequest) -> Any:
    """The blank template as the writer makes it, opened with openpyxl to be copied."""
    import tempfile
    from pathlib import Path

    from openpyxl import load_workbook

    from renaksi_xl.berkas.writer import write_workbook

    with tempfile.TemporaryDirectory(prefix="renaksi-") as folder:
        path = write_workbook(request.model(), Path(folder) / request.file_name)
        return load_workbook(path)


def is_empty(sheet: Any) -> bool:
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


def copy_workbook(source: Any, book: Any) -> None:
    """Copy an openpyxl workbook's sheets into an xlwings book: contents in one write per
    sheet, looks in one action per run of alike cells in a row."""
    for ws in source.worksheets:
        sheet = book.sheets.add(ws.title, after=book.sheets[len(sheet_names(book)) - 1])
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
                sheet.range(f"{letter}1").column_width = column_width(book, dimension.width)
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
