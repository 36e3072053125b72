"""Import of Renaksi documents in the old free-text layout (the reference document's).

The three tables are found by their header rows, not by position, and each is recognised
before it is read (:mod:`renaksi_xl.berkas.recognise`: a role per column, and whether the table is
a Renaksi plan at all; what is not is refused, never turned into figures). The importer
keeps what the document says (odd units, shifted cells, a malformed NIP) and leaves judging
it to validation: values in a column that a row kind does not use are kept as
:class:`~renaksi_xl.core.model.StrayValue`, rows it cannot place as ``Renaksi.tak_dikenal``.

Documents in today's shape (Permendagri 90/2019) are read by the same code: the level of a
Kegiatan-table row comes from its code (3 segments a program, 5 a kegiatan, 6 a sub
kegiatan), else from the document's cues (a JENIS column, outline numbering, programs in
capitals with bold kegiatan). A sub kegiatan holds the pagu and the Rp per quarter; what
kegiatan, program and total rows state is kept as stated, to be checked.

The code is in :mod:`renaksi_xl.berkas.baca` (:mod:`~renaksi_xl.berkas.baca.sheets` the
entry points, :mod:`~renaksi_xl.berkas.baca.builder` the tables' rows,
:mod:`~renaksi_xl.berkas.baca.items` one item per row, :mod:`~renaksi_xl.berkas.baca.cells`
a row's values, :mod:`~renaksi_xl.berkas.baca.levels` a row's level,
:mod:`~renaksi_xl.berkas.baca.preamble` and :mod:`~renaksi_xl.berkas.baca.signature` the
text around the tables); this module keeps their public names where callers have always
imported them.
"""

from __future__ import annotations

from renaksi_xl.berkas.baca.captions import quarter_of
from renaksi_xl.berkas.baca.cells import TableHeader
from renaksi_xl.berkas.baca.levels import (
    KEGIATAN_SEGMENTS,
    MATCH_RATIO,
    PROGRAM_SEGMENTS,
    SUB_KEGIATAN_SEGMENTS,
    similar,
    split_name,
)
from renaksi_xl.berkas.baca.sheets import (
    MAX_ROWS_SEARCHED,
    MIN_ROWS_JUDGED,
    check_sheets,
    parse_rows,
    parse_sheets,
    read_sheets,
)

__all__ = [
    "KEGIATAN_SEGMENTS",
    "MATCH_RATIO",
    "MAX_ROWS_SEARCHED",
    "MIN_ROWS_JUDGED",
    "PROGRAM_SEGMENTS",
    "SUB_KEGIATAN_SEGMENTS",
    "TableHeader",
    "check_sheets",
    "parse_rows",
    "parse_sheets",
    "quarter_of",
    "read_sheets",
    "similar",
    "split_name",
]
