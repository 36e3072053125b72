"""The *Hasil Validasi* sheet: every finding with its severity, rule, place (a link to its
cell) and message, written as sheet XML on the workbook's own font."""

from __future__ import annotations

from renaksi_xl.berkas.flags.styles import Styles
from renaksi_xl.berkas.grid import column_letter
from renaksi_xl.berkas.xlsxpatch import CellStyle, Package, cell_xml
from renaksi_xl.core.findings import Report, Severity
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.marks import (
    COLORS,
    RESULT_HEADER,
    RESULT_SHEET,
    link_target,
    summary_line,
)

RESULTS = "hasil"
"""What the *Hasil Validasi* sheet is called in its marker."""
_WIDTHS = (5, 12, 9, 16, 40, 90)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_results(package: Package, styles: Styles, report: Report, user_sheets: list[str]) -> None:
    """Add the results sheet (linking only into ``user_sheets``), its header row repeated
    on every printed page."""
    title = styles.xf(font=CellStyle(bold=True, size=12))
    header = styles.xf(font=CellStyle(bold=True))
    top = styles.xf(top=True)
    wrap = styles.xf(top=True, wrap=True)
    link = styles.xf(font=CellStyle(link=True), top=True)
    severity = {s: styles.xf(fill=COLORS[s], top=True) for s in Severity}
    rows = [
        f'<row r="1">{cell_xml("A1", "Hasil Validasi Renaksi", title)}</row>',
        f'<row r="2">{cell_xml("A2", summary_line(report))}</row>',
        '<row r="4">'
        + "".join(
            cell_xml(f"{column_letter(n)}4", text, header)
            for n, text in enumerate(RESULT_HEADER, start=1)
        )
        + "</row>",
    ]
    links = []
    for number, finding in enumerate(report.findings, start=1):
        row = 4 + number
        where = finding.source
        place = where.describe() if where is not None else "dokumen"
        target = link_target(finding)
        linked = target is not None and where is not None and where.sheet in user_sheets
        if linked:
            links.append(f'<hyperlink ref="D{row}" location="{_attribute(target or "")}"/>')
        values: tuple[CellOut, ...] = (
            number,
            finding.severity.label,
            finding.code,
            place,
            finding.item,
        )
        styles_of = (top, severity[finding.severity], top, link if linked else top, wrap)
        cells = "".join(
            cell_xml(f"{column_letter(n)}{row}", value, style)
            for n, (value, style) in enumerate(zip(values, styles_of, strict=True), start=1)
        ) + cell_xml(f"F{row}", finding.message, wrap)
        # rows tall enough for the wrapped text (spreadsheets do not size them on opening)
        lines = max(-(-len(finding.message) // 95), -(-len(finding.item) // 42), 1)
        height = f' ht="{13 * lines + 2}" customHeight="1"' if lines > 1 else ""
        rows.append(f'<row r="{row}"{height}>{cells}</row>')
    last = 4 + len(report.findings)
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
        for n, w in enumerate(_WIDTHS, start=1)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_RELATIONSHIPS_NS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:F{last}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A5" sqref="A5"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols>'
        f"<sheetData>{''.join(rows)}</sheetData>"
        + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
        + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
        'footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
    name = package.add_own_sheet(RESULT_SHEET, xml, RESULTS)
    quoted = "'" + name.replace("'", "''") + "'"
    package.add_defined_name(
        "_xlnm.Print_Titles", f"{quoted}!$4:$4", package.sheet_names.index(name)
    )


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
