"""Findings written into the workbook, and taken out again, by changing its XML parts.

Each cell a finding concerns gets a fill colour per severity (a cell style derived from the
cell's own, so its number format, borders and font stay) and a note with the message,
after the user's own note when there is one; a *Hasil Validasi* sheet lists every finding
with a link to its cell. What a marked cell was before (its style index and its note's XML)
is kept in a very hidden sheet, so that marking again replaces the previous marks instead
of stacking them, and :func:`clear_marks` restores exactly the user's own styles and notes.

The workbook is patched, not loaded and saved (:mod:`renaksi_xl.berkas.xlsxpatch`): every part
marking does not change (pictures, charts, Excel's extensions, threaded comments, slicers,
form controls) is copied byte for byte. The tool's sheets are recognised by the name it
scopes to them (:data:`~renaksi_xl.berkas.xlsxpatch.OWN_SHEET_MARK`), never by their names.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renaksi_xl.berkas.grid import column_letter
from renaksi_xl.berkas.xlsxnotes import Note, ShapeIds, SheetNotes
from renaksi_xl.berkas.xlsxpatch import (
    _FONT,
    _XF,
    CellStyle,
    Package,
    PackageError,
    _find_or_add,
    _font_xml,
    cell_xml,
    escape,
    worksheet_xml,
)
from renaksi_xl.core.findings import Report, Severity
from renaksi_xl.core.formulas import CellOut
from renaksi_xl.core.layout import column_number, split_coordinate
from renaksi_xl.core.marks import (
    COLORS,
    NOTE_AUTHOR,
    RESULT_HEADER,
    RESULT_SHEET,
    STATE_SHEET,
    cell_marks,
    link_target,
    summary_line,
)
from renaksi_xl.errors import UnreadableFileError

RESULTS = "hasil"
"""What the *Hasil Validasi* sheet is called in its marker."""
STATE = "tanda"
"""What the hidden sheet remembering the marked cells is called in its marker."""
_STATE_HEADER = ("lembar", "sel", "isi_asli")
_RIBBON_STATE_HEADER = ("lembar", "sel", "tanda", "warna_asli")  # renaksi_xl.excel.tombol's
_COORDINATE = re.compile(r"[A-Z]{1,3}[0-9]{1,7}")
_WIDTHS = (5, 12, 9, 16, 40, 90)
_FILL = re.compile(r"<fill\b[^>]*?(?:/>|>.*?</fill>)", re.DOTALL)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class MarkSummary:
    """What marking did: cells marked, findings listed, findings without a cell."""

    cells: int
    findings: int
    without_cell: int


def mark_workbook(source: Path, report: Report, target: Path) -> MarkSummary:
    """Write ``report`` into a copy of ``source`` saved as ``target`` (may be the same path
    only through :func:`renaksi_xl.berkas.files.write_atomically`)."""
    with _opened(source) as package:
        marking = _Marking(package, source)
        marking.clear()
        summary = marking.mark(report)
        marking.finish()
        package.save(target)
    return summary


def clear_marks(source: Path, target: Path) -> int:
    """Remove every mark this tool made in ``source`` and save as ``target``; returns how
    many cells were restored (0: there were no marks, nothing is written)."""
    with _opened(source) as package:
        marking = _Marking(package, source)
        if not marking.has_marks:
            return 0
        restored = marking.clear()
        marking.finish()
        package.save(target)
    return max(restored, 1)


def has_marks(path: Path) -> bool:
    """Whether the workbook carries marks of this tool (its results or its state sheet)."""
    with _opened(path) as package:
        return any(kind in (RESULTS, STATE) for kind in package.own_sheets().values())


@contextmanager
def _opened(path: Path) -> Iterator[Package]:
    """The package, with every way it can be unreadable told in Indonesian."""
    from python_calamine import CalamineError

    try:
        with Package(path) as package:
            yield package
    except (
        PackageError,
        KeyError,
        ValueError,
        UnicodeDecodeError,
        zipfile.BadZipFile,
        CalamineError,
    ) as error:
        raise UnreadableFileError(
            f"buku kerja tidak dapat ditandai atau dibersihkan ({error})", file=path
        ) from error


class _Marking:
    """Marks taken out of and put into one package, parts written back by :meth:`finish`."""

    def __init__(self, package: Package, source: Path) -> None:
        self.package = package
        self.source = source
        self.own = package.own_sheets()
        if STATE not in self.own.values():
            self.own.update(self._earlier_marks())
        self.ids = ShapeIds(package)
        self.notes: dict[str, SheetNotes] = {}
        self.touched: dict[str, None] = {}
        self.styles = _Styles(package)

    @property
    def has_marks(self) -> bool:
        return any(kind in (RESULTS, STATE) for kind in self.own.values())

    def sheet_notes(self, name: str) -> SheetNotes:
        if name not in self.notes:
            xml = self.package.sheet(name).xml
            self.notes[name] = SheetNotes(self.package, name, self.ids, xml)
        return self.notes[name]

    def clear(self) -> int:
        """Give every marked cell back its style and note and remove the tool's results
        and state sheets; returns how many cells were restored."""
        restored = 0
        for name, kind in self.own.items():
            if kind != STATE:
                continue
            for sheet_name, cell, original in self._state_rows(name):
                if sheet_name not in self.package.sheet_names or sheet_name in self.own:
                    continue
                sheet = self.package.sheet(sheet_name)
                notes = self.sheet_notes(sheet_name)
                self.touched[sheet_name] = None
                if "pita" in original:
                    self._restore_from_ribbon(sheet_name, cell, original)
                    restored += 1
                    continue
                if "s" not in original and isinstance(original.get("fill"), str):
                    self._restore_earlier(sheet_name, cell, original)
                    restored += 1
                    continue
                sheet.set_style(cell, self._original_style(sheet.style_now(cell), original))
                if not notes.is_threaded(cell):
                    notes.put(cell, Note.from_json(original.get("catatan")))
                self.touched[sheet_name] = None
                restored += 1
        for name, kind in list(self.own.items()):
            if kind in (RESULTS, STATE):
                self.package.remove_sheet(name)
                del self.own[name]
        return restored

    def _earlier_marks(self) -> dict[str, str]:
        """The sheets of marks made without the marker (by versions that saved through
        openpyxl, or by the ribbon): a hidden ``_renaksi_tanda`` whose first row is one of
        their headers, and beside it a *Hasil Validasi* that starts as the tool wrote it.
        Neither is taken on its name alone."""
        from python_calamine import CalamineWorkbook

        workbook = self.package.part_text("xl/workbook.xml")
        hidden = re.search(
            rf'<sheet\b(?=[^>]*\bname="{re.escape(STATE_SHEET)}")'
            r'(?=[^>]*\bstate="(?:veryHidden|hidden)")',
            workbook,
        )
        if hidden is None or STATE_SHEET not in self.package.sheet_names:
            return {}
        book = CalamineWorkbook.from_path(str(self.source))
        rows = book.get_sheet_by_name(STATE_SHEET).to_python()
        header = tuple(rows[0]) if rows else ()
        if header[:3] != _STATE_HEADER and header[:4] != _RIBBON_STATE_HEADER:
            return {}
        found = {STATE_SHEET: STATE}
        if RESULT_SHEET in self.package.sheet_names:
            results = book.get_sheet_by_name(RESULT_SHEET).to_python()
            if (
                len(results) >= 4
                and results[0][:1] == ["Hasil Validasi Renaksi"]
                and tuple(results[3][:6]) == RESULT_HEADER
            ):
                found[RESULT_SHEET] = RESULTS
        return found

    def _restore_earlier(self, sheet_name: str, cell: str, original: dict[str, Any]) -> None:
        """A cell as marks made through openpyxl remembered it: its fill's XML, and its
        note's text and author."""
        sheet = self.package.sheet(sheet_name)
        fill = str(original["fill"])
        if re.fullmatch(r"<fill>\s*<patternFill\s*/>\s*</fill>", fill):
            fill = '<fill><patternFill patternType="none"/></fill>'
        sheet.set_style(cell, str(self.styles.refilled(sheet.style_now(cell), fill, "1")))
        notes = self.sheet_notes(sheet_name)
        comment = original.get("comment")
        note = None
        if isinstance(comment, dict):
            text = escape(str(comment.get("text") or ""))
            element = (
                f'<comment ref="{cell}"><text><t xml:space="preserve">{text}</t></text></comment>'
            )
            note = Note(str(comment.get("author") or ""), element)
        if not notes.is_threaded(cell):
            notes.put(cell, note)

    def _restore_from_ribbon(self, sheet_name: str, cell: str, original: dict[str, Any]) -> None:
        """A cell the ribbon marked: its fill colour (``#RRGGBB``, or none) back, and the
        note removed when the ribbon added it (a user's own note it left alone)."""
        sheet = self.package.sheet(sheet_name)
        color = str(original.get("warna") or "")
        fill = '<fill><patternFill patternType="none"/></fill>'
        if re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
            fill = (
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color[1:].upper()}"/>'
                '<bgColor indexed="64"/></patternFill></fill>'
            )
        sheet.set_style(cell, str(self.styles.refilled(sheet.style_now(cell), fill, "1")))
        notes = self.sheet_notes(sheet_name)
        if original.get("pita") == "catatan" and not notes.is_threaded(cell):
            notes.put(cell, None)

    def _original_style(self, now: str | None, original: dict[str, Any]) -> str | None:
        """The style index a marked cell had: as remembered while the styles are as this
        tool left them, else (another program renumbered them on saving) the cell's
        present style with the user's own fill back in place of ours."""
        style, xf, fill = original.get("s"), original.get("xf"), original.get("fill")
        if xf is None or fill is None or self.styles.cell_xf(style) == xf:
            return style
        apply = re.search(r'\bapplyFill="([^"]*)"', xf[: xf.find(">")])
        return str(self.styles.refilled(now, fill, apply.group(1) if apply else None))

    def _state_rows(self, name: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(sheet, cell, what it was) for every cell the state sheet remembers, read with
        python-calamine (Excel may have turned the texts into shared strings)."""
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(self.source)).get_sheet_by_name(name).to_python()
        for row in rows[1:]:
            if len(row) < 3 or not all(isinstance(v, str) for v in row[:3]):
                continue
            sheet, cell, original = (str(v) for v in row[:3])
            if not _COORDINATE.fullmatch(cell):
                continue
            if original in ("catatan", "warna"):  # the ribbon's (renaksi_xl.excel.tombol)
                color = row[3] if len(row) > 3 and isinstance(row[3], str) and row[3] else None
                yield sheet, cell, {"pita": original, "warna": color}
                continue
            try:
                data = json.loads(original)
            except ValueError:
                continue
            if isinstance(data, dict):
                yield sheet, cell, data

    def mark(self, report: Report) -> MarkSummary:
        """Fill and note every cell a finding concerns; add the results and state sheets."""
        user_sheets = [n for n in self.package.sheet_names if n not in self.own]
        marks, without_cell = cell_marks(report, user_sheets, self._anchor())
        remembered: list[list[str | None]] = [list(_STATE_HEADER)]
        for mark in marks:
            sheet = self.package.sheet(mark.sheet)
            notes = self.sheet_notes(mark.sheet)
            style = sheet.style_now(mark.cell)
            own = notes.note(mark.cell)
            xf = self.styles.cell_xf(style)
            original = {
                "s": style,
                "xf": xf,
                "fill": self.styles.fill_of(xf),
                "catatan": own.to_json() if own else None,
            }
            remembered.append([mark.sheet, mark.cell, json.dumps(original, ensure_ascii=False)])
            sheet.set_style(mark.cell, str(self.styles.marked(style, mark.severity)))
            if not notes.is_threaded(mark.cell):
                notes.append(mark.cell, NOTE_AUTHOR, mark.addition())
            self.touched[mark.sheet] = None
        self._add_results(report, user_sheets)
        state = worksheet_xml(remembered, lambda *_: None, [], (16, 10, 80))
        self.package.add_own_sheet(STATE_SHEET, state, STATE, state="veryHidden")
        return MarkSummary(len(marks), len(report.findings), without_cell)

    def _anchor(self) -> Callable[[str, str], str]:
        """The first cell of the merged range a cell is in (Excel shows only that one)."""
        ranges: dict[str, list[tuple[int, int, int, int, str]]] = {}

        def anchor(sheet: str, cell: str) -> str:
            if sheet not in ranges:
                found = []
                for merged in self.package.sheet(sheet).merged_ranges():
                    first, _, last = merged.partition(":")
                    a, b = split_coordinate(first), split_coordinate(last or first)
                    if a and b:
                        found.append((column_number(a[0]), a[1], column_number(b[0]), b[1], first))
                ranges[sheet] = found
            split = split_coordinate(cell)
            if split is None:
                return cell
            column, row = column_number(split[0]), split[1]
            for left, top, right, bottom, first in ranges[sheet]:
                if left <= column <= right and top <= row <= bottom:
                    return first
            return cell

        return anchor

    def _add_results(self, report: Report, user_sheets: list[str]) -> None:
        styles = self.styles
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
        name = self.package.add_own_sheet(RESULT_SHEET, xml, RESULTS)
        quoted = "'" + name.replace("'", "''") + "'"
        self.package.add_defined_name(
            "_xlnm.Print_Titles", f"{quoted}!$4:$4", self.package.sheet_names.index(name)
        )

    def finish(self) -> None:
        """Write the changed sheets, notes and styles back into the package."""
        for name in self.touched:
            xml = self.package.sheet(name).to_xml()
            if name in self.notes:
                xml = self.notes[name].flush(xml)
            self.package.put_sheet(name, xml)
        self.styles.save()


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


class _Styles:
    """Cell styles added to ``xl/styles.xml``; one found again rather than added twice."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.xml = package.part_text("xl/styles.xml")
        self.original = self.xml
        self._marked: dict[tuple[str | None, Severity], int] = {}

    def _fill(self, color: str) -> int:
        fill = (
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
        )
        self.xml, index = _find_or_add(self.xml, "fills", _FILL, fill)
        return index

    def _children(self, container: str, element: re.Pattern[str]) -> list[str]:
        opening = re.search(rf"<{container}\b[^>]*?>", self.xml)
        closing = self.xml.find(f"</{container}>")
        if opening is None or closing < 0:
            raise PackageError(f"xl/styles.xml tanpa <{container}>")
        return element.findall(self.xml, opening.end(), closing)

    def cell_xf(self, style: str | None) -> str:
        """The ``<xf>`` of cells styled ``style`` (``None``: the default, 0)."""
        xfs = self._children("cellXfs", _XF)
        if not xfs:
            raise PackageError("xl/styles.xml tanpa gaya sel")
        index = int(style) if style and style.isdigit() else 0
        return xfs[index] if index < len(xfs) else xfs[0]

    def fill_of(self, xf: str) -> str | None:
        """The ``<fill>`` an ``<xf>`` uses."""
        found = re.search(r'\bfillId="(\d+)"', xf[: xf.find(">")])
        fills = self._children("fills", _FILL)
        index = int(found.group(1)) if found else 0
        return fills[index] if index < len(fills) else None

    def marked(self, style: str | None, severity: Severity) -> int:
        """The style index of a cell styled ``style`` (its ``s``) filled for ``severity``."""
        key = (style, severity)
        if key not in self._marked:
            fill = self._fill(COLORS[severity])
            xf = _with_attributes(self.cell_xf(style), fillId=str(fill), applyFill="1")
            self.xml, self._marked[key] = _find_or_add(self.xml, "cellXfs", _XF, xf)
        return self._marked[key]

    def refilled(self, style: str | None, fill: str, apply_fill: str | None) -> int:
        """The style index of a cell styled ``style`` with ``fill`` instead of its own:
        the user's fill put back where another program renumbered the styles."""
        self.xml, fill_id = _find_or_add(self.xml, "fills", _FILL, fill)
        values = {"fillId": str(fill_id)}
        xf = _with_attributes(self.cell_xf(style), **values)
        xf = re.sub(r'\sapplyFill="[^"]*"', "", xf, count=1)
        if apply_fill is not None:
            xf = _with_attributes(xf, applyFill=apply_fill)
        self.xml, index = _find_or_add(self.xml, "cellXfs", _XF, xf)
        return index

    def xf(
        self,
        *,
        font: CellStyle | None = None,
        fill: str | None = None,
        top: bool = False,
        wrap: bool = False,
    ) -> int:
        """A style on the workbook's own font (bolder, larger or a link: one typeface for
        the whole sheet), optionally filled, aligned to the top and wrapped."""
        font_id = 0
        if font is not None:
            default = _FONT.search(self.xml)
            if default is None:
                raise PackageError("xl/styles.xml tanpa <font>")
            self.xml, font_id = _find_or_add(self.xml, "fonts", _FONT, _font_xml(default[0], font))
        fill_id = self._fill(fill) if fill else 0
        alignment = ""
        if top or wrap:
            alignment = (
                "<alignment"
                + (' vertical="top"' if top else "")
                + (' wrapText="1"' if wrap else "")
                + "/>"
            )
        xf = (
            f'<xf numFmtId="0" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0"'
            + (' applyFont="1"' if font_id else "")
            + (' applyFill="1"' if fill_id else "")
            + (' applyAlignment="1"' if alignment else "")
            + (f">{alignment}</xf>" if alignment else "/>")
        )
        self.xml, index = _find_or_add(self.xml, "cellXfs", _XF, xf)
        return index

    def save(self) -> None:
        if self.xml != self.original:
            self.package.put_part("xl/styles.xml", self.xml)


def _with_attributes(element: str, **values: str) -> str:
    """``element`` with the attributes of its opening tag set to ``values``."""
    match = re.match(r"<\w+\b([^>]*?)(/?)>", element)
    if match is None:
        return element
    attributes = match.group(1)
    for name, value in values.items():
        if re.search(rf'\b{name}="[^"]*"', attributes):
            attributes = re.sub(rf'\b{name}="[^"]*"', f'{name}="{value}"', attributes)
        else:
            attributes += f' {name}="{value}"'
    tag = element[1 : match.start(1)]
    return f"<{tag}{attributes}{match.group(2)}>{element[match.end() :]}"
