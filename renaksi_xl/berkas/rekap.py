"""Consolidation for the central office: one row per OPD, a sheet per program, charts.

Here the documents are read and their rows gathered (and written as CSV); the workbook is
:mod:`renaksi_xl.berkas.rekap_workbook`, its tables :mod:`renaksi_xl.berkas.rekap_table`.
Callers import all of it from here."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renaksi_xl.berkas.loading import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, load
from renaksi_xl.berkas.rekap_table import PROGRAM_PREFIX, QUARTERS
from renaksi_xl.berkas.rekap_workbook import (
    CHART_SHEET,
    FAILED_SHEET,
    PROGRAM_SHEET,
    REKAP_SHEET,
    SHEET_NAME_LIMIT,
    text_cells,
    write_failed,
    write_workbook,
)
from renaksi_xl.core.compute import program_budget, program_progress, recompute, rounded
from renaksi_xl.core.model import Program, Text
from renaksi_xl.core.validate import validate
from renaksi_xl.errors import RenaksiError

if TYPE_CHECKING:
    import pandas as pd

    from renaksi_xl.core.findings import Report
    from renaksi_xl.core.model import Renaksi

__all__ = [
    "CHART_SHEET",
    "FAILED_SHEET",
    "PROGRAM_PREFIX",
    "PROGRAM_SHEET",
    "QUARTERS",
    "REKAP_SHEET",
    "SHEET_NAME_LIMIT",
    "STATUS_EMPTY",
    "UNREADABLE_SUFFIXES",
    "Consolidation",
    "consolidate",
    "csv_safe",
    "opd_table",
    "sources_in",
    "status",
    "text_cells",
    "write_csv",
    "write_failed",
    "write_workbook",
]


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
    from renaksi_xl.berkas.hitung import SKIPPED_NAME

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
            "Status": status(renaksi, report),
        }
        for quarter, value in zip(QUARTERS, progress, strict=True):
            row[f"Progres {quarter} (%)"] = _percent(value)
        for program in renaksi.program:
            key = _program_key(program.nama.value)
            result.program_names.setdefault(key, program.nama.value)
            budget = program_budget(program)
            row[PROGRAM_PREFIX + result.program_names[key]] = _whole(budget)
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


def status(renaksi: Renaksi, report: Report) -> str:
    """An OPD's state in the rekap: ``belum diisi`` (a template with no sasaran, program or
    kegiatan yet, not to be mistaken for a clean one at Rp 0), ``siap ditandatangani`` or
    ``belum siap``."""
    if not renaksi.sasaran and not any(p.indikator or p.kegiatan for p in renaksi.program):
        return STATUS_EMPTY
    return "siap ditandatangani" if report.ready else "belum siap"


STATUS_EMPTY = "belum diisi"


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
