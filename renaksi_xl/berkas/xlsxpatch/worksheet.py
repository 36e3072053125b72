"""A whole worksheet part written from values, for the sheets this tool adds (*Capaian*,
the findings): styled cells, column widths, row heights, merges, links, frozen rows and
the print setup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from renaksi_xl.berkas.xlsxpatch.sheet import cell_xml
from renaksi_xl.berkas.xlsxpatch.xmltext import MAIN_NS, RELATIONSHIPS_NS, escape, quoteattr
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.record import record


@record
class PageSetup:
    """How a sheet written by :func:`worksheet_xml` prints: paper (``9`` = A4), orientation,
    scaled to the page width and as many pages down as it needs, a page-number footer."""

    orientation: str = "portrait"
    paper: int = 9
    footer: str = "Halaman &P dari &N"


def worksheet_xml(
    rows: Sequence[Sequence[CellOut]],
    style_of: Callable[[int, int, CellOut], int | None],
    links: Sequence[tuple[str, str]],
    widths: Sequence[float],
    *,
    heights: Mapping[int, float] | None = None,
    merges: Sequence[str] = (),
    frozen_rows: int = 0,
    page: PageSetup | None = None,
) -> str:
    """A worksheet part from values (``rows[0]`` is row 1), the style index of each cell
    from ``style_of(row, column, value)``, internal hyperlinks as (cell, location), column
    widths from A, row heights in points, merged ranges, the rows frozen at the top and the
    print setup. Print titles are a workbook name (:meth:`Package.set_print_titles`)."""
    from renaksi_xl.berkas.grid import column_letter

    heights = heights or {}
    body: list[str] = []
    for number, values in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{column_letter(column)}{number}", value, style_of(number, column, value))
            for column, value in enumerate(values, start=1)
        )
        height = heights.get(number)
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        if cells or size:
            body.append(f'<row r="{number}"{size}>{cells}</row>')
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
        for n, w in enumerate(widths, start=1)
    )
    hyperlinks = "".join(
        f'<hyperlink ref="{cell}" location={quoteattr(location)}/>' for cell, location in links
    )
    if frozen_rows:
        corner = f"A{frozen_rows + 1}"
        view = (
            f'<sheetView workbookViewId="0"><pane ySplit="{frozen_rows}" topLeftCell="{corner}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            f'activeCell="{corner}" sqref="{corner}"/></sheetView>'
        )
    else:
        view = '<sheetView workbookViewId="0"/>'
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    if page is None:
        margins = (
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>'
        )
        properties = setup = ""
    else:
        properties = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        margins = (
            '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" '
            'footer="0.3"/>'
            f'<pageSetup paperSize="{page.paper}" orientation="{page.orientation}" '
            'fitToWidth="1" fitToHeight="0"/>'
        )
        setup = (
            f"<headerFooter><oddFooter>{escape('&C' + page.footer)}</oddFooter></headerFooter>"
            if page.footer
            else ""
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{RELATIONSHIPS_NS}">'
        + properties
        + f"<sheetViews>{view}</sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + f"<sheetData>{''.join(body)}</sheetData>"
        + (f'<mergeCells count="{len(merges)}">{merged}</mergeCells>' if merges else "")
        + (f"<hyperlinks>{hyperlinks}</hyperlinks>" if hyperlinks else "")
        + margins
        + setup
        + "</worksheet>"
    )
