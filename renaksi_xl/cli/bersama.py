"""What every ``renaksi`` sub-command shares: the exit codes, argparse in Indonesian, the
options of the commands that write workbooks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import NoReturn

from renaksi_xl.core.layout import PAPER_SIZES


class ExitCode(IntEnum):
    """Exit codes shared by every sub-command (the table in the README)."""

    OK = 0
    TEMUAN = 1
    """validation found an error, or some of several files/rows failed"""
    PENGGUNAAN = 2
    """the command is mistyped: an unknown option, a missing or invalid argument"""
    MASUKAN = 3
    """the request is refused: an input cannot be read, or the output already exists
    without ``--timpa``"""


# argparse's own messages (msgids of Python 3.11–3.13), in Indonesian. argparse looks them up
# through ``gettext`` when it formats them; :func:`_indonesian` swaps that lookup in while
# one of our parsers works, so this table is the one place the command's English goes.
ARGPARSE_TEXTS = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen",
    "options": "pilihan",
    "optional arguments": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi renaksi lalu keluar",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "unrecognized arguments: %(args)s": "argumen tidak dikenal: %(args)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "pilihan %(value)r tidak ada (pilih salah satu: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "nilai %(value)r bukan %(type)s",
    "expected one argument": "memerlukan satu nilai",
    "expected at most one argument": "memerlukan paling banyak satu nilai",
    "expected at least one argument": "memerlukan sekurang-kurangnya satu nilai",
    "expected %s argument": "memerlukan %s nilai",
    "expected %s arguments": "memerlukan %s nilai",
    "ambiguous option: %(option)s could match %(matches)s": (
        "pilihan %(option)s tidak jelas: bisa berarti %(matches)s"
    ),
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen ini wajib: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "perintah %(parser_name)r tidak ada (pilih salah satu: %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
}


def translate(message: str) -> str:
    return ARGPARSE_TEXTS.get(message, message)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextmanager
def _indonesian() -> Iterator[None]:
    """argparse speaks Indonesian inside this block (and only there: other parsers in the
    same process, pytest's for one, keep their language)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = _translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _typed(convert: Callable[[str], object], name: str) -> Callable[[str], object]:
    """An argument type whose name argparse shows in Indonesian (``nilai 'x' bukan
    bilangan bulat``)."""

    def typed(text: str) -> object:
        return convert(text)

    typed.__name__ = name
    return typed


INTEGER = _typed(int, "bilangan bulat")


class Parser(argparse.ArgumentParser):
    """argparse with Indonesian section titles, messages and error lines."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("add_help", False)
        with _indonesian():
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument(
            "-h", "--help", action="help", help=translate("show this help message and exit")
        )

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _indonesian():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _indonesian():
            return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            ExitCode.PENGGUNAAN,
            f"{self.prog}: galat: {message}\nKetik '{self.prog} --help' untuk bantuan.\n",
        )

    def format_usage(self) -> str:
        with _indonesian():
            return super().format_usage()

    def format_help(self) -> str:
        with _indonesian():
            return super().format_help()


WORKBOOKS = (".xlsx", ".xlsm")


def add_writing_options(parser: argparse.ArgumentParser) -> None:
    """Options of every command that writes workbooks."""
    parser.add_argument(
        "--kertas",
        choices=tuple(PAPER_SIZES),
        default="A4",
        help="ukuran kertas cetak (bawaan: A4)",
    )
    parser.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")


def report_error(message: object) -> None:
    """Say on stderr what went wrong, as every command does: ``renaksi: galat: …``."""
    print(f"renaksi: galat: {message}", file=sys.stderr)


def require_suffix(parser: argparse.ArgumentParser, target: Path, suffix: str) -> None:
    """Refuse (exit code 2) an output file whose name does not end in ``suffix``."""
    if target.suffix.lower() != suffix:
        parser.error(f"berkas hasil harus berakhiran {suffix}: {target}")
