"""The level of a Kegiatan-table row: its number and code (``1.``, ``1.1.1``, a Permendagri
90 code ``7.01.01.2.01``), and the cues that place a row without one — a JENIS column,
outline numbering, a name in capitals or bold, a name from the Program table, a total row,
a row of a blank template block. Also how alike two program names must be to be one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from renaksi_xl.berkas.baca.tablemap import BUDGET_QUARTERS, QUARTERS, Role
from renaksi_xl.berkas.grid import GridCell, GridRow
from renaksi_xl.core.layout import JENIS_PROGRAM

if TYPE_CHECKING:
    from renaksi_xl.berkas.baca.items import Named

# Permendagri 90/2019 codes by their number of segments: U.BB.PP, U.BB.PP.L.KK,
# U.BB.PP.L.KK.SS(SS)
PROGRAM_SEGMENTS, KEGIATAN_SEGMENTS, SUB_KEGIATAN_SEGMENTS = 3, 5, 6
_CODE_PREFIX = re.compile(r"^(?P<code>\d+(?:\.\d+){2,})\.?\s+(?P<rest>\S.*)$")
_NUMBER_PREFIX = re.compile(r"^(?P<number>\d{1,3}|[a-z])[.)]\s*(?P<rest>[^\d\s.].*)$")
# a Permendagri 90 code (``7.01.01``, ``X.XX.01.2.01``), not a numbering like ``1.1.1``
_PERMENDAGRI_CODE = re.compile(r"^[\dX]{1,2}\.[\dX]{2}\.\d{2}(?:\.|$)", re.IGNORECASE)
# an outline number of two or more levels (``1.2``, ``1.2.3``), which no code looks like
_NUMBERING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}$")
_TOTAL_LABEL = re.compile(r"^(jumlah|total)\b", re.IGNORECASE)
# how alike a Kegiatan-table program header and a Program-table name must be to be one program
MATCH_RATIO = 0.75


def split_name(text: str) -> tuple[str | None, str | None, str]:
    """``1. Penyediaan …`` → ("1", None, "Penyediaan …"); ``7.01.01.2.01 Nama`` → code."""
    code_match = _CODE_PREFIX.match(text)
    if code_match:
        return None, code_match["code"], code_match["rest"].strip()
    number_match = _NUMBER_PREFIX.match(text)
    if number_match:
        return number_match["number"], None, number_match["rest"].strip()
    return None, None, text


def name_parts(
    row: GridRow, columns: dict[Role, int], name_cell: GridCell
) -> tuple[str | None, str | None, str]:
    """(nomor, kode, nama): the NO and KODE columns where filled, else the name's prefix."""
    number, code, name = split_name(name_cell.text)
    if code is not None and _is_numbering(code):
        number, code = code, None  # "1.1.1 Nama": an outline number, not a code
    number = row.text(columns.get(Role.NO)).rstrip(".") or number
    code = row.text(columns.get(Role.KODE)) or code
    return number or None, code or None, name


def row_level(row: GridRow, columns: dict[Role, int], name_cell: GridCell) -> int | None:
    """The level of a row of today's shape: from its Permendagri 90 code where it has one
    (the number of segments: 3 program, 5 kegiatan, 6 sub kegiatan), else from a JENIS
    column saying ``sub kegiatan``, a name in capitals beginning ``PROGRAM``, or outline
    numbering (``1.1``, ``1.1.1``); None where none says (the older cues decide)."""
    number, code, name = name_parts(row, columns, name_cell)
    if code is not None and _PERMENDAGRI_CODE.match(code):
        return _code_level(code)
    jenis = squash(row.text(columns.get(Role.JENIS)))
    if jenis == "subkegiatan":
        return SUB_KEGIATAN_SEGMENTS
    if jenis == "kegiatan":
        return KEGIATAN_SEGMENTS
    if name.isupper() and name.startswith("PROGRAM "):
        return PROGRAM_SEGMENTS  # a program of today's shape may state pagu and indicator
    if number is not None and _is_numbering(number):
        # outline numbering: 1 program, 1.1 kegiatan, 1.1.1 sub kegiatan
        depth = number.count(".") + 1
        return KEGIATAN_SEGMENTS if depth == 2 else SUB_KEGIATAN_SEGMENTS
    return None


def _code_level(code: str) -> int | None:
    """The level of a Permendagri 90 code by its number of segments."""
    segments = code.count(".") + 1
    if segments in (PROGRAM_SEGMENTS, KEGIATAN_SEGMENTS):
        return segments
    return SUB_KEGIATAN_SEGMENTS if segments >= SUB_KEGIATAN_SEGMENTS else None


def _is_numbering(text: str) -> bool:
    """``1.2``, ``1.2.3``: an outline number; ``7.01.01`` (two-digit segments) is a code."""
    return bool(_NUMBERING.match(text)) and not _PERMENDAGRI_CODE.match(text)


def _coded_sub(row: GridRow, columns: dict[Role, int], name_cell: GridCell) -> bool:
    _, code, _ = name_parts(row, columns, name_cell)
    return (
        code is not None
        and bool(_PERMENDAGRI_CODE.match(code))
        and _code_level(code) == SUB_KEGIATAN_SEGMENTS
    )


def sub_in_aksi_column(
    row: GridRow, columns: dict[Role, int], name_cell: GridCell, *, planned: bool, seen: bool
) -> bool:
    """Whether a row named in the aksi column is a sub kegiatan of a SUB KEGIATAN column: in
    a table with Rp per quarter, the first must have a sub kegiatan code and a pagu or Rp of
    its own; after it, either will do. (An aksi of an old document whose budget slipped
    into the budget column stays an aksi, its budget a misplaced value.)"""
    coded = _coded_sub(row, columns, name_cell)
    budget = has_budget(row, columns)
    if seen:
        return coded or budget
    return planned and coded and budget


def has_budget(row: GridRow, columns: dict[Role, int]) -> bool:
    """Whether the row states a pagu or an Rp per quarter."""
    return any(row.text(columns.get(role)) != "" for role in _BUDGET_ROLES)


_BUDGET_ROLES = (Role.ANGGARAN, *BUDGET_QUARTERS)


def is_total(row: GridRow, columns: dict[Role, int]) -> bool:
    """A ``JUMLAH``/``TOTAL`` row (without indicator or aksi): the table's end."""
    # asked of every row: the two labels looked at in turn, no lists made
    if not (
        _TOTAL_LABEL.match(row.text(columns.get(Role.NO)))
        or _TOTAL_LABEL.match(row.text(columns.get(Role.NAMA)))
    ):
        return False
    return row.text(columns.get(Role.INDIKATOR)) == "" and row.text(columns.get(Role.AKSI)) == ""


def is_program_header(
    row: GridRow, columns: dict[Role, int], name_cell: GridCell, programs: Sequence[Named]
) -> bool:
    """Marked as such by the template, bold, a program-level code (``7.01.01``), a name from
    the Program table, or an all-capitals name, on a row without indicator, target or
    schedule."""
    if name_cell.bold or row.text(columns.get(Role.JENIS)).casefold() == JENIS_PROGRAM:
        return True
    _, code, name = name_parts(row, columns, name_cell)
    if code is not None and code.count(".") == 2:
        return True
    others = (Role.INDIKATOR, Role.TARGET, *QUARTERS)
    if any(row.text(columns.get(r)) != "" for r in others):
        return False
    squashed = squash(name)
    known = any(similar(squashed, squash(p.nama.value)) for p in programs)
    return known or (name.isupper() and row.text(columns.get(Role.ANGGARAN)) == "")


def only_computed(row: GridRow, columns: dict[Role, int]) -> bool:
    """A row of a blank template block: nothing but the tool's own check and marker cells."""
    computed = {columns[r] for r in (Role.CEK, Role.JENIS, Role.ANGGARAN) if r in columns}
    if not computed:
        return False
    for index, cell in enumerate(row.cells):  # a data row: stop at its first own cell
        if cell is not None and cell.text and index not in computed:
            return False
    return row.text(columns.get(Role.ANGGARAN)) in ("", "0")


def ratio(a: str, b: str) -> float:
    """difflib's similarity, skipping the full comparison when the cheap bounds rule it out
    (0 below :data:`MATCH_RATIO`)."""
    if a == b:
        return 1.0  # a program named alike in both tables, as nearly every one is
    import difflib  # not at the top: a millisecond that many documents never need

    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < MATCH_RATIO or matcher.quick_ratio() < MATCH_RATIO:
        return 0.0
    return matcher.ratio()


def similar(a: str, b: str) -> bool:
    """Whether two squashed names are the same program (spelling aside)."""
    return ratio(a, b) >= MATCH_RATIO


def squash(text: str) -> str:
    """The text in lower case without anything but letters and digits, for comparing."""
    return re.sub(r"[^a-z0-9]+", "", text.casefold())
