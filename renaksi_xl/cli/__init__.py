"""The ``renaksi`` command, a module per sub-command (or per small group of related ones):

- :mod:`~renaksi_xl.cli.utama`: the parser, ``main``/``run``, errors → exit codes, Ctrl-C;
- :mod:`~renaksi_xl.cli.bersama`: what the commands share (exit codes, argparse in
  Indonesian, the options of the commands that write workbooks);
- :mod:`~renaksi_xl.cli.ringkas` (ringkas, contoh), :mod:`~renaksi_xl.cli.template`,
  :mod:`~renaksi_xl.cli.impor`, :mod:`~renaksi_xl.cli.validasi` (validasi, bersihkan,
  aturan), :mod:`~renaksi_xl.cli.hitung`, :mod:`~renaksi_xl.cli.rekap`,
  :mod:`~renaksi_xl.cli.addin` (addin, lite);
- :mod:`~renaksi_xl.cli.progress`: the progress bar of the long commands.

The names below stay importable from here, as they were before the split.
"""

from __future__ import annotations

from renaksi_xl.cli.bersama import ARGPARSE_TEXTS, INTEGER, WORKBOOKS, ExitCode
from renaksi_xl.cli.hitung import (
    MAX_DEFAULT_JOBS,
    WORKER_DIED,
    format_outcomes,
    ignore_interrupts,
)
from renaksi_xl.cli.ringkas import format_summary
from renaksi_xl.cli.utama import INTERRUPTED, build_parser, main, run
from renaksi_xl.cli.validasi import marked_path

__all__ = [
    "ARGPARSE_TEXTS",
    "INTEGER",
    "INTERRUPTED",
    "MAX_DEFAULT_JOBS",
    "WORKBOOKS",
    "WORKER_DIED",
    "ExitCode",
    "build_parser",
    "format_outcomes",
    "format_summary",
    "ignore_interrupts",
    "main",
    "marked_path",
    "run",
]
