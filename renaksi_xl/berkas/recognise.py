"""Recognising a table before reading it: which rows are its header, what each column
holds, and whether the table is a Renaksi plan at all.

Documents that look like a Renaksi but are not one — the quarterly *Realisasi Kinerja*
report, the *Evaluasi Renja/RKPD* — have the same names, indicators and quarter columns;
only their headers say that the quarter figures are results, not targets. Reading them as
plans would give confident wrong figures, so a table is first mapped column by column
(:data:`HEADER_WORDS`, one table of header words per role) and judged; what is not a plan,
or what cannot be mapped with confidence, is refused with the reasons as data.

The code is in :mod:`renaksi_xl.berkas.baca` (:mod:`~renaksi_xl.berkas.baca.tablemap` the
map as data, :mod:`~renaksi_xl.berkas.baca.captions` the header words,
:mod:`~renaksi_xl.berkas.baca.judge` the mapping and the verdict); this module keeps their
public names where callers have always imported them.
"""

from __future__ import annotations

from renaksi_xl.berkas.baca.captions import (
    HEADER_WORDS,
    MAX_HEADER_ROWS,
    is_numbering,
    is_subheading,
    quarter_of,
    table_kind,
)
from renaksi_xl.berkas.baca.judge import REQUIRED, recognise_table, refuse
from renaksi_xl.berkas.baca.tablemap import (
    BUDGET_QUARTERS,
    FOREIGN,
    QUARTERS,
    ROLE_LABELS,
    ColumnMap,
    NotAPlanError,
    Reason,
    Role,
    TableKind,
    TableMap,
    format_map,
    refusal_message,
)

__all__ = [
    "BUDGET_QUARTERS",
    "FOREIGN",
    "HEADER_WORDS",
    "MAX_HEADER_ROWS",
    "QUARTERS",
    "REQUIRED",
    "ROLE_LABELS",
    "ColumnMap",
    "NotAPlanError",
    "Reason",
    "Role",
    "TableKind",
    "TableMap",
    "format_map",
    "is_numbering",
    "is_subheading",
    "quarter_of",
    "recognise_table",
    "refusal_message",
    "refuse",
    "table_kind",
]
