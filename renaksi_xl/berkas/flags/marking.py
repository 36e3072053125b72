"""Marks taken out of and put into one package: the fill and note of every cell a finding
concerns, the state sheet remembering what those cells were, and the results sheet."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from renaksi_xl.berkas.flags.results import RESULTS, add_results
from renaksi_xl.berkas.flags.state import (
    STATE,
    STATE_HEADER,
    earlier_marks,
    put_note,
    restore_earlier,
    restore_from_ribbon,
    state_rows,
)
from renaksi_xl.berkas.flags.styles import Styles
from renaksi_xl.berkas.xlsxnotes import Note, ShapeIds, SheetNotes
from renaksi_xl.berkas.xlsxpatch import Package, worksheet_xml
from renaksi_xl.core.findings import Report
from renaksi_xl.core.layout import column_number, split_coordinate
from renaksi_xl.core.marks import NOTE_AUTHOR, STATE_SHEET, cell_marks
from renaksi_xl.core.record import record


@record
class MarkSummary:
    """What marking did: cells marked, findings listed, findings without a cell."""

    cells: int
    findings: int
    without_cell: int


class Marking:
    """Marks taken out of and put into one package, parts written back by :meth:`finish`."""

    def __init__(self, package: Package, source: Path) -> None:
        self.package = package
        self.source = source
        self.own = package.own_sheets()
        if STATE not in self.own.values():
            self.own.update(earlier_marks(package, source))
        self.ids = ShapeIds(package)
        self.notes: dict[str, SheetNotes] = {}
        self.touched: dict[str, None] = {}
        self.styles = Styles(package)

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
            for sheet_name, cell, original in state_rows(self.source, name):
                if sheet_name not in self.package.sheet_names or sheet_name in self.own:
                    continue
                sheet = self.package.sheet(sheet_name)
                notes = self.sheet_notes(sheet_name)
                self.touched[sheet_name] = None
                restored += 1
                if "pita" in original:
                    restore_from_ribbon(sheet, notes, self.styles, cell, original)
                elif "s" not in original and isinstance(original.get("fill"), str):
                    restore_earlier(sheet, notes, self.styles, cell, original)
                else:
                    sheet.set_style(cell, self._original_style(sheet.style_now(cell), original))
                    put_note(notes, cell, Note.from_json(original.get("catatan")))
        for name, kind in list(self.own.items()):
            if kind in (RESULTS, STATE):
                self.package.remove_sheet(name)
                del self.own[name]
        return restored

    def _original_style(self, now: str | None, original: dict[str, Any]) -> str | None:
        """The style index a marked cell had: as remembered while the styles are as this
        tool left them, else (another program renumbered them on saving) the cell's
        present style with the user's own fill back in place of ours."""
        style, xf, fill = original.get("s"), original.get("xf"), original.get("fill")
        if xf is None or fill is None or self.styles.cell_xf(style) == xf:
            return style
        apply = re.search(r'\bapplyFill="([^"]*)"', xf[: xf.find(">")])
        return str(self.styles.refilled(now, fill, apply.group(1) if apply else None))

    def mark(self, report: Report) -> MarkSummary:
        """Fill and note every cell a finding concerns; add the results and state sheets."""
        user_sheets = [n for n in self.package.sheet_names if n not in self.own]
        marks, without_cell = cell_marks(report, user_sheets, self._anchor())
        remembered: list[list[str | None]] = [list(STATE_HEADER)]
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
        add_results(self.package, self.styles, report, user_sheets)
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

    def finish(self) -> None:
        """Write the changed sheets, notes and styles back into the package."""
        for name in self.touched:
            xml = self.package.sheet(name).to_xml()
            if name in self.notes:
                xml = self.notes[name].flush(xml)
            self.package.put_sheet(name, xml)
        self.styles.save()
