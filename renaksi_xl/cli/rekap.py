"""``renaksi rekap``: many OPD's Renaksi in one consolidated workbook or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from renaksi_xl.berkas.files import publish, refuse_existing
from renaksi_xl.cli.bersama import ExitCode, report_error
from renaksi_xl.errors import UnreadableFileError

if TYPE_CHECKING:
    from renaksi_xl.cli.bersama import Parser


def add_rekap(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi rekap``."""
    rekap = commands.add_parser(
        "rekap",
        help="rekap banyak Renaksi OPD: anggaran, program, temuan dan progres",
        description="Membuat rekap untuk kantor pusat dari semua Renaksi di FOLDER: satu baris "
        "per OPD (anggaran total, anggaran per program, jumlah galat dan peringatan, progres "
        "per triwulan), satu lembar per program, dan grafik.",
    )
    rekap.add_argument("folder", type=Path, metavar="FOLDER", help="folder berisi Renaksi OPD")
    rekap.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        required=True,
        metavar="BERKAS",
        help="REKAP.xlsx, atau REKAP.csv dengan --format csv",
    )
    rekap.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        default=None,
        help="bentuk rekap (bawaan: menurut akhiran BERKAS)",
    )
    rekap.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")
    rekap.set_defaults(handler=_rekap)


def _rekap(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas import rekap

    folder: Path = args.folder
    target: Path = args.keluaran
    kind = args.format or ("csv" if target.suffix.lower() == ".csv" else "xlsx")
    if target.suffix.lower() != f".{kind}":
        parser.error(f"berkas rekap {kind.upper()} harus berakhiran .{kind}: {target}")
    if not folder.is_dir():
        raise UnreadableFileError("folder tidak ditemukan", file=folder)
    sources = rekap.sources_in(folder)
    refuse_existing(target, overwrite=args.timpa, inputs=sources)
    if not sources:
        print(f"Tidak ada Renaksi di {folder}.", file=sys.stderr)
        return ExitCode.TEMUAN
    result = rekap.consolidate(sources)
    writer = rekap.write_csv if kind == "csv" else rekap.write_workbook
    publish(target, lambda path: writer(result, path), inputs=sources, overwrite=args.timpa)
    print(f"Rekap {len(result.opd)} OPD ditulis ke {target}.")
    for path, reason in result.failed:
        report_error(f"berkas '{path}': {reason}")
    return ExitCode.TEMUAN if result.failed else ExitCode.OK
