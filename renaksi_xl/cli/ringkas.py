"""``renaksi ringkas`` (a document's summary) and ``renaksi contoh`` (where the samples
are)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from renaksi_xl.berkas.loading import load_mapped, sample_path
from renaksi_xl.cli.bersama import ExitCode
from renaksi_xl.core.quantity import format_number, rupiah

if TYPE_CHECKING:
    from renaksi_xl.cli.bersama import Parser
    from renaksi_xl.core.summary import Ringkasan


def add_ringkas(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi ringkas``."""
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
    ringkas.set_defaults(handler=_ringkas, tanpa_gc=True)


def add_contoh(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi contoh``."""
    contoh = commands.add_parser(
        "contoh",
        help="tampilkan lokasi contoh Renaksi bawaan",
        description="Menampilkan lokasi berkas contoh bawaan (Renaksi Kecamatan Sidayu 2020, "
        "bentuk lama; dengan --sekarang: Kecamatan Sukamaju 2027, bentuk Permendagri 90/2019).",
    )
    contoh.add_argument(
        "--sekarang",
        action="store_true",
        help="contoh bentuk sekarang (program, kegiatan, sub kegiatan, pagu, K dan Rp per TW)",
    )
    contoh.set_defaults(handler=_contoh)


def _ringkas(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.core.summary import summarize

    if (args.berkas is None) == (not args.contoh):
        parser.error("sebutkan satu BERKAS, atau --contoh untuk contoh bawaan")
    path = sample_path() if args.contoh else args.berkas
    summary = summarize(*load_mapped(path))
    if args.format == "json":
        import json

        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary, Path(path).name))
    return ExitCode.OK


def _contoh(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.loading import CURRENT_SAMPLE_NAME, SAMPLE_NAME

    print(sample_path(CURRENT_SAMPLE_NAME if args.sekarang else SAMPLE_NAME))
    return ExitCode.OK


def format_summary(summary: Ringkasan, name: str) -> str:
    """The human-readable ``ringkas`` report; a budget that cannot be read is written as
    such, never as 0."""
    title = f"Renaksi {summary.opd or '(OPD tidak disebut)'}"
    title += f" — tahun {summary.tahun}" if summary.tahun else " — tahun tidak disebut"
    lines = [title, f"Sumber: {name}", ""]
    counts = [
        ("Sasaran strategis", summary.sasaran, ""),
        ("Program", summary.program, f"({summary.indikator_program} indikator)"),
        ("Kegiatan", summary.kegiatan, ""),
    ]
    if summary.sub_kegiatan:  # today's shape: sub kegiatan carry the pagu, aksi are below them
        counts += [("Sub kegiatan", summary.sub_kegiatan, ""), ("Aksi", summary.aksi, "")]
    else:
        counts.append(("Aksi/sub-kegiatan", summary.aksi, ""))
    summed = "pagu sub kegiatan" if summary.sub_kegiatan else "kegiatan"
    lines += [f"  {label:<20}{count:>5}  {extra}".rstrip() for label, count, extra in counts]
    lines.append("")
    unreadable = "tak terbaca"
    name_width = min(58, max([len(p.nama) for p in summary.anggaran_per_program] + [20]))
    amounts = [
        format_number(p.anggaran) if p.anggaran is not None else unreadable
        for p in summary.anggaran_per_program
    ]
    total = (
        format_number(summary.anggaran_total) if summary.anggaran_total is not None else unreadable
    )
    amount_width = max([len(a) for a in amounts] + [len(total), 13])
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
        f"  {'':>3}  {'Jumlah':<{name_width}}  {summary.kegiatan:>8}  {total:>{amount_width}}"
    )
    lines.append("")
    if summary.total_tertulis is None:
        lines.append("Total tertulis di dokumen: tidak ada")
    elif summary.anggaran_total is None:
        lines.append(
            f"Total tertulis di dokumen: {rupiah(summary.total_tertulis)} — tidak dapat "
            "dibandingkan: anggaran kegiatan tidak terbaca"
        )
    else:
        same = summary.total_tertulis == summary.anggaran_total
        verdict = (
            f"sama dengan jumlah {summed}"
            if same
            else (f"BERBEDA dari jumlah {summed} ({rupiah(summary.anggaran_total)})")
        )
        lines.append(f"Total tertulis di dokumen: {rupiah(summary.total_tertulis)} — {verdict}")
    if summary.anggaran_tak_terbaca:
        lines.append(
            f"Perhatian: {summary.anggaran_tak_terbaca} anggaran kegiatan tidak terbaca dan "
            "tidak dijumlahkan."
        )
    if summary.anggaran_kosong:
        lines.append(
            f"Perhatian: {summary.anggaran_kosong} kegiatan tanpa anggaran tertulis; tidak "
            "dijumlahkan."
        )
    return "\n".join(lines)
