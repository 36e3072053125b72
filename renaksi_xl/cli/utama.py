"""The ``renaksi`` command: its parser, the run from argv to exit code, and the errors and
Ctrl-C that end it."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from renaksi_xl import __version__
from renaksi_xl.cli.addin import add_addin, add_lite
from renaksi_xl.cli.bersama import ExitCode, Parser, report_error, translate
from renaksi_xl.cli.hitung import add_hitung
from renaksi_xl.cli.impor import add_impor
from renaksi_xl.cli.rekap import add_rekap
from renaksi_xl.cli.ringkas import add_contoh, add_ringkas
from renaksi_xl.cli.template import add_template
from renaksi_xl.cli.validasi import add_aturan, add_bersihkan, add_validasi
from renaksi_xl.errors import RenaksiError

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``renaksi`` and its sub-commands."""
    parser = Parser(
        prog="renaksi",
        description="Renaksi: Rencana Aksi Perjanjian Kinerja — impor, ringkasan dan pemeriksaan.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"renaksi {__version__}",
        help=translate("show program's version number and exit"),
    )
    commands = parser.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=Parser)
    commands.required = True
    for add in (  # in the order the help lists them
        add_ringkas,
        add_template,
        add_impor,
        add_validasi,
        add_bersihkan,
        add_hitung,
        add_rekap,
        add_addin,
        add_aturan,
        add_contoh,
        add_lite,
    ):
        add(commands)
    return parser


def run() -> NoReturn:
    """The ``renaksi`` command: :func:`main`, then exit at once. A large document is a
    hundred thousand small objects; tearing them down one by one at interpreter exit costs
    more than the operating system reclaiming the whole process."""
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # ``renaksi ringkas … | head``: the reader has gone, say nothing
        code = ExitCode.TEMUAN
    except KeyboardInterrupt:
        code = _cancelled()
    os._exit(code)


INTERRUPTED = 130
"""The exit code of a command stopped with Ctrl-C (128 + SIGINT, as shells report it)."""


def _cancelled() -> int:
    with contextlib.suppress(OSError, ValueError):
        print("Dibatalkan.", file=sys.stderr, flush=True)
    return INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    """The command line, for the ``renaksi`` console script and for tests."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return _cancelled()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Reading and checking builds many small objects and no reference cycles that matter; the
    # cyclic collector would only slow it down (a fifth of a validation run). Commands that
    # open workbooks with openpyxl (cyclic by design) keep it, or a bulk run would hoard them.
    collecting = gc.isenabled()
    if getattr(args, "tanpa_gc", False) and not getattr(args, "tandai", False):
        gc.disable()
    try:
        code: int = args.handler(parser, args)
    except RenaksiError as error:
        report_error(error)
        return error.exit_code
    finally:
        if collecting:
            gc.enable()
    return code
