"""Consolidation for the central office: one row per OPD, a sheet per program, charts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from renaksi_xl.compute import program_progress, recompute, rounded
from renaksi_xl.errors import RenaksiError
from renaksi_xl.loading import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, load
from renaksi_xl.model import Program, Text
from renaksi_xl.quantity import budget_value
from renaksi_xl.validate import validate

if TYPE_CHECKING:
    import pandas as pd

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
    from renaksi_xl.hitung import SKIPPED_NAME

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
        }
        for quarter, value in zip(QUARTERS, progress, strict=True):
            row[f"Progres {quarter} (%)"] = _percent(value)
        for program in renaksi.program:
            key = _program_key(program.nama.value)
            result.program_names.setdefault(key, program.nama.value)
            budget = sum(
                (budget_value(k.anggaran) or Decimal(0) for k in program.kegiatan), Decimal(0)
            )
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
    from openpyxl.styles import Font

    if consolidation.failed:
        sheet = book.create_sheet(FAILED_SHEET)
        sheet.append(["Berkas", "Alasan"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for path, reason in consolidation.failed:
            sheet.append([str(path), reason])
        sheet.column_dimensions["A"].width = 50
        sheet.column_dimensions["B"].width = 100
    text_cells(book)


FAILED_SHEET = "Berkas gagal"


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", " ", name).strip(" '")[:28].strip(" '") or "Program"
    candidate, number = base, 2
    while candidate.casefold() in taken:
        candidate = f"{base[:25]} ({number})"
        number += 1
    taken.add(candidate.casefold())
    return candidate


def write_workbook(consolidation: Consolidation, target: Path) -> None:
    """The consolidation workbook: *Rekap* (one row per OPD, with charts), a sheet per
    program across OPDs, and the files that failed."""
    import pandas as pd
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.series import SeriesLabel
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    opd = opd_table(consolidation)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        opd.to_excel(writer, sheet_name="Rekap", index=False)
        taken = {"rekap", FAILED_SHEET.casefold()}
        for key, program_rows in consolidation.programs.items():
            name = _sheet_name(consolidation.program_names[key], taken)
            pd.DataFrame(program_rows).to_excel(writer, sheet_name=name, index=False)
        book = writer.book
        write_failed(book, consolidation)
        sheet = cast(Worksheet, book["Rekap"])
        for column, title in enumerate(opd.columns, start=1):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = max(12, min(45, len(str(title)) + 2))
            if "Rp" in str(title) or str(title).startswith("Program:"):
                for cell in sheet[letter][1:]:
                    cell.number_format = "#,##0"
        rows = len(opd)
        if rows:
            names = Reference(sheet, min_col=1, min_row=2, max_row=rows + 1)
            budget_column = list(opd.columns).index("Anggaran (Rp)") + 1
            bar = BarChart()
            bar.title = "Anggaran per OPD"
            bar.y_axis.title = "Rupiah"
            bar.add_data(
                Reference(sheet, min_col=budget_column, min_row=1, max_row=rows + 1),
                titles_from_data=True,
            )
            bar.set_categories(names)
            bar.width, bar.height = 24, 10
            sheet.add_chart(bar, f"A{rows + 4}")
            first = list(opd.columns).index("Progres TW I (%)") + 1
            line = LineChart()
            line.title = "Rencana capaian kumulatif per triwulan (%)"
            line.y_axis.title = "%"
            for index in range(rows):
                values = Reference(
                    sheet, min_col=first, max_col=first + 3, min_row=index + 2, max_row=index + 2
                )
                line.add_data(values, from_rows=True, titles_from_data=False)
            for index, series in enumerate(line.series):
                series.tx = SeriesLabel(v=str(opd.iloc[index]["OPD"]))
            line.set_categories(Reference(sheet, min_col=first, max_col=first + 3, min_row=1))
            line.width, line.height = 24, 10
            sheet.add_chart(line, f"A{rows + 26}")
