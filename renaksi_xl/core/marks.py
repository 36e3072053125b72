"""What marking a workbook means, independent of how it is written (the package's XML for
files, xlwings for the open workbook): which cells, which colour, which note, which rows of the
*Hasil Validasi* sheet."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from renaksi_xl.core.findings import Finding, Report, Severity
from renaksi_xl.core.record import record

RESULT_SHEET = "Hasil Validasi"
STATE_SHEET = "_renaksi_tanda"
NOTE_AUTHOR = "renaksi_xl"
NOTE_MARK = "— Validasi Renaksi —"
COLORS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
RESULT_HEADER = ("No", "Tingkat", "Kode", "Lokasi", "Butir", "Pesan")
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@record
class CellMark:
    """One marked cell: its colour (the worst finding's) and the note's text."""

    sheet: str
    cell: str
    severity: Severity
    findings: tuple[Finding, ...]

    @property
    def color(self) -> str:
        """``FFC7CE`` and so on: the fill for the worst severity found in the cell."""
        return COLORS[self.severity]

    def note(self, own: str = "") -> str:
        """The note: the user's own text first (kept), then the findings."""
        return f"{own}{self.addition()}" if own else self.addition().lstrip("\n")

    def addition(self) -> str:
        """What marking adds after the user's own note: a blank line, the mark, the
        findings."""
        messages = "\n".join(f"[{f.code}] {f.message}" for f in self.findings)
        return f"\n\n{NOTE_MARK}\n{messages}"


def cell_marks(
    report: Report,
    sheets: Sequence[str],
    anchor: Callable[[str, str], str] | None = None,
) -> tuple[list[CellMark], int]:
    """The cells to mark (findings grouped by cell, in report order) and how many findings
    have no cell of these sheets to go to; ``anchor(sheet, cell)`` gives the cell that
    shows a finding (the first cell of a merged range for any cell in it)."""
    grouped: dict[tuple[str, str], list[Finding]] = {}
    without_cell = 0
    for finding in report.findings:
        where = finding.source
        if where is None or where.sheet is None or where.cell is None or where.sheet not in sheets:
            without_cell += 1
            continue
        cell = anchor(where.sheet, where.cell) if anchor is not None else where.cell
        grouped.setdefault((where.sheet, cell), []).append(finding)
    marks = [
        CellMark(sheet, cell, min((f.severity for f in found), key=_RANK.__getitem__), tuple(found))
        for (sheet, cell), found in grouped.items()
    ]
    return marks, without_cell


def summary_line(report: Report) -> str:
    """``24 galat, 10 peringatan, 4 info — belum siap ditandatangani``."""
    counts = report.counts
    verdict = report.verdict
    counted = f"{counts['error']} galat, {counts['warning']} peringatan, {counts['info']} info"
    return f"{counted} — {verdict}"


def result_rows(report: Report) -> list[list[Any]]:
    """The *Hasil Validasi* table: header, then one row per finding."""
    rows: list[list[Any]] = [list(RESULT_HEADER)]
    for number, finding in enumerate(report.findings, start=1):
        where = finding.source
        place = where.describe() if where is not None else "dokumen"
        rows.append(
            [number, finding.severity.label, finding.code, place, finding.item, finding.message]
        )
    return rows


def link_target(finding: Finding) -> str | None:
    """``'Kegiatan'!C9`` for a finding with a cell."""
    where = finding.source
    if where is None or where.sheet is None or where.cell is None:
        return None
    return f"'{where.sheet}'!{where.cell}"
