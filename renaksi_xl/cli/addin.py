"""``renaksi addin`` (build or install the Excel add-in) and ``renaksi lite`` (the buttons
for xlwings Lite)."""

from __future__ import annotations

import argparse
from pathlib import Path

from renaksi_xl.berkas.files import publish
from renaksi_xl.cli.bersama import ExitCode, Parser, require_suffix
from renaksi_xl.errors import UnreadableFileError


def add_addin(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi addin build`` and ``renaksi addin install``."""
    addin = commands.add_parser(
        "addin",
        help="bangun atau pasang add-in Excel (tab Renaksi)",
        description="Membangun add-in Excel (.xlam) dari folder vba/ dan modul VBA xlwings, "
        "atau memasangnya untuk pengguna ini (Windows/macOS).",
    )
    addin_commands = addin.add_subparsers(dest="aksi", metavar="AKSI", parser_class=Parser)
    addin_commands.required = True
    build = addin_commands.add_parser("build", help="bangun berkas .xlam")
    build.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        help="add-in hasil (bawaan: renaksi.xlam, atau renaksi.xlsm dengan --xlsm, di folder "
        "kerja)",
    )
    build.add_argument(
        "--vba",
        type=Path,
        metavar="FOLDER",
        help="folder ribbon dan modul VBA (bawaan: vba/ proyek)",
    )
    build.add_argument(
        "--xlsm",
        action="store_true",
        help="bangun buku kerja .xlsm bermakro yang sama (untuk pengujian)",
    )
    build.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")
    build.set_defaults(handler=_addin_build)
    install = addin_commands.add_parser("install", help="pasang add-in untuk pengguna ini")
    install.add_argument(
        "berkas",
        type=Path,
        nargs="?",
        metavar="BERKAS",
        help="add-in yang dipasang (bawaan: dibangun saat itu dari renaksi_xl yang terpasang)",
    )
    install.set_defaults(handler=_addin_install)


def add_lite(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi lite``: the buttons for xlwings Lite (Excel without Python on the PC)."""
    lite = commands.add_parser(
        "lite",
        help="tulis main.py dan requirements.txt untuk xlwings Lite (tanpa Python di PC)",
        description="Menulis main.py (tombol Validasi, Hitung Ulang, Hapus Tanda, Template "
        "Baru) dan requirements.txt untuk diimpor ke add-in xlwings Lite.",
    )
    lite.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        default=Path("renaksi-lite"),
        metavar="FOLDER",
        help="folder hasil (bawaan: renaksi-lite)",
    )
    lite.add_argument(
        "--satu-berkas",
        action="store_true",
        help="bundel paket renaksi_xl ke dalam main.py (bagi kantor tanpa akses indeks paket)",
    )
    lite.add_argument(
        "--paket",
        metavar="PERSYARATAN",
        help="baris renaksi_xl di requirements.txt, mis. URL wheel yang dilayani kantor "
        "(bawaan: renaksi_xl==VERSI dari PyPI)",
    )
    lite.add_argument("--timpa", action="store_true", help="timpa berkas yang sudah ada")
    lite.set_defaults(handler=_lite)


def _lite(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.excel.lite import write_files

    folder: Path = args.keluaran
    if args.satu_berkas and args.paket:
        parser.error("--paket tidak dipakai bersama --satu-berkas (paket sudah di main.py)")
    existing = [folder / n for n in ("main.py", "requirements.txt") if (folder / n).exists()]
    if existing and not args.timpa:
        parser.error(f"{existing[0]} sudah ada (pakai --timpa untuk menimpa)")
    for path in write_files(folder, single_file=args.satu_berkas, package=args.paket):
        print(f"Ditulis: {path}")
    print("Impor kedua berkas ke xlwings Lite (lihat README, bagian xlwings Lite).")
    return ExitCode.OK


def _addin_build(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.excel.addin import build

    wanted = ".xlsm" if args.xlsm else ".xlam"
    target: Path = args.keluaran or Path(f"renaksi{wanted}")
    require_suffix(parser, target, wanted)
    publish(
        target, lambda p: build(p, macro_workbook=args.xlsm, vba=args.vba), overwrite=args.timpa
    )
    print(f"Add-in dibangun: {target}")
    return ExitCode.OK


def _addin_install(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.excel.addin import install

    if args.berkas is not None and not args.berkas.is_file():
        raise UnreadableFileError(
            "add-in tidak ditemukan; bangun dulu dengan 'renaksi addin build'", file=args.berkas
        )
    print(install(args.berkas))
    return ExitCode.OK
