"""The ``renaksi`` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from enum import IntEnum
from pathlib import Path
from typing import NoReturn

from renaksi_xl.errors import RenaksiError
from renaksi_xl.loading import load, sample_path
from renaksi_xl.quantity import format_number
from renaksi_xl.summary import Ringkasan, summarize


class ExitCode(IntEnum):
    """Exit codes shared by every sub-command."""

    OK = 0
    TEMUAN = 1
    PENGGUNAAN = 2
    MASUKAN = 3


class _Parser(argparse.ArgumentParser):
    """argparse with Indonesian section titles and error lines."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            ExitCode.PENGGUNAAN,
            f"{self.prog}: galat: {message}\nKetik '{self.prog} --help' untuk bantuan.\n",
        )

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "penggunaan:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "penggunaan:", 1)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``renaksi`` and its sub-commands."""
    parser = _Parser(
        prog="renaksi",
        description="Renaksi: Rencana Aksi Perjanjian Kinerja — impor, ringkasan dan pemeriksaan.",
    )
    commands = parser.add_subparsers(dest="perintah", metavar="PERINTAH", parser_class=_Parser)
    commands.required = True

    ringkas = commands.add_parser(
        "ringkas",
        help="ringkasan dokumen: OPD, tahun, jumlah butir per tabel, anggaran per program",
        description="Ringkasan sebuah Renaksi: OPD, tahun, jumlah butir per tabel, "
        "anggaran per program dan total.",
    )
    ringkas.add_argument(
        "berkas", nargs="?", type=Path, metavar="BERKAS", help="Renaksi (.xlsx, .xlsm, .txt, .tsv)"
    )
    ringkas.add_argument(
        "--contoh", action="store_true", help="pakai contoh bawaan (Kecamatan Sidayu 2020)"
    )
    ringkas.add_argument(
        "--format", choices=("teks", "json"), default="teks", help="bentuk keluaran (bawaan: teks)"
    )
    ringkas.set_defaults(handler=_ringkas)

    contoh = commands.add_parser(
        "contoh",
        help="tampilkan lokasi contoh Renaksi bawaan",
        description="Menampilkan lokasi berkas contoh bawaan (Renaksi Kecamatan Sidayu 2020).",
    )
    contoh.set_defaults(handler=_contoh)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``renaksi`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(parser, args)
    except RenaksiError as error:
        print(f"renaksi: galat: {error}", file=sys.stderr)
        return ExitCode.MASUKAN
    except KeyboardInterrupt:
        print("renaksi: dibatalkan.", file=sys.stderr)
        return 130
    return code


def _ringkas(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if (args.berkas is None) == (not args.contoh):
        parser.error("sebutkan satu BERKAS, atau --contoh untuk contoh bawaan")
    path = sample_path() if args.contoh else args.berkas
    summary = summarize(load(path))
    if args.format == "json":
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary, Path(path).name))
    return ExitCode.OK


def _contoh(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    print(sample_path())
    return ExitCode.OK


def rupiah(value: Decimal) -> str:
    """``1021600000`` → ``Rp 1.021.600.000``."""
    return f"Rp {format_number(value)}"


def format_summary(summary: Ringkasan, name: str) -> str:
    """The human-readable ``ringkas`` report."""
    title = f"Renaksi {summary.opd or '(OPD tidak disebut)'}"
    title += f" — tahun {summary.tahun}" if summary.tahun else " — tahun tidak disebut"
    lines = [title, f"Sumber: {name}", ""]
    counts = [
        ("Sasaran strategis", summary.sasaran, ""),
        ("Program", summary.program, f"({summary.indikator_program} indikator)"),
        ("Kegiatan", summary.kegiatan, ""),
        ("Aksi/sub-kegiatan", summary.aksi, ""),
    ]
    lines += [f"  {label:<20}{count:>5}  {extra}".rstrip() for label, count, extra in counts]
    lines.append("")
    name_width = min(58, max([len(p.nama) for p in summary.anggaran_per_program] + [20]))
    amounts = [format_number(p.anggaran) for p in summary.anggaran_per_program]
    amount_width = max([len(a) for a in amounts] + [len(format_number(summary.anggaran_total)), 13])
    header = (
        f"  {'No':>3}  {'Program':<{name_width}}  {'Kegiatan':>8}  "
        f"{'Anggaran (Rp)':>{amount_width}}"
    )
    lines += [header, "  " + "-" * (len(header) - 2)]
    for program, amount in zip(summary.anggaran_per_program, amounts, strict=True):
        nama = (
            program.nama
            if len(program.nama) <= name_width
            else program.nama[: name_width - 1] + "…"
        )
        lines.append(
            f"  {program.nomor or '':>3}  {nama:<{name_width}}  {program.kegiatan:>8}  "
            f"{amount:>{amount_width}}"
        )
    lines.append("  " + "-" * (len(header) - 2))
    lines.append(
        f"  {'':>3}  {'Jumlah':<{name_width}}  {summary.kegiatan:>8}  "
        f"{format_number(summary.anggaran_total):>{amount_width}}"
    )
    lines.append("")
    if summary.total_tertulis is None:
        lines.append("Total tertulis di dokumen: tidak ada")
    else:
        same = summary.total_tertulis == summary.anggaran_total
        verdict = (
            "sama dengan jumlah kegiatan"
            if same
            else (f"BERBEDA dari jumlah kegiatan ({rupiah(summary.anggaran_total)})")
        )
        lines.append(f"Total tertulis di dokumen: {rupiah(summary.total_tertulis)} — {verdict}")
    if summary.anggaran_tak_terbaca:
        lines.append(
            f"Perhatian: {summary.anggaran_tak_terbaca} anggaran kegiatan tidak terbaca dan "
            "tidak dijumlahkan."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
