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

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from renaksi_xl.berkas.flags.marking import Marking, MarkSummary
from renaksi_xl.berkas.flags.results import RESULTS
from renaksi_xl.berkas.flags.state import STATE
from renaksi_xl.berkas.xlsxpatch import Package, PackageError
from renaksi_xl.core.findings import Report
from renaksi_xl.errors import UnreadableFileError

__all__ = ["RESULTS", "STATE", "MarkSummary", "clear_marks", "has_marks", "mark_workbook"]


def mark_workbook(source: Path, report: Report, target: Path) -> MarkSummary:
    """Write ``report`` into a copy of ``source`` saved as ``target`` (may be the same path
    only through :func:`renaksi_xl.berkas.files.write_atomically`)."""
    with _opened(source) as package:
        marking = Marking(package, source)
        marking.clear()
        summary = marking.mark(report)
        marking.finish()
        package.save(target)
    return summary


def clear_marks(source: Path, target: Path) -> int:
    """Remove every mark this tool made in ``source`` and save as ``target``; returns how
    many cells were restored (0: there were no marks, nothing is written)."""
    with _opened(source) as package:
        marking = Marking(package, source)
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
