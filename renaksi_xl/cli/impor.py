"""``renaksi impor``: an old-format Renaksi into the template workbook."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from renaksi_xl.berkas.files import publish, refuse_existing
from renaksi_xl.berkas.loading import load_mapped
from renaksi_xl.cli.bersama import ExitCode, add_writing_options, require_suffix
from renaksi_xl.core.layout import BENTUK_LAMA, BENTUK_SEKARANG
from renaksi_xl.core.quantity import rupiah

if TYPE_CHECKING:
    from renaksi_xl.cli.bersama import Parser


def add_impor(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi impor``."""
    impor = commands.add_parser(
        "impor",
        help="ubah dokumen Renaksi lama (.txt/.tsv/.xlsx) menjadi buku kerja templat",
        description="Mengimpor Renaksi berformat lama ke buku kerja templat terstruktur; sifat "
        "target tiap indikator disimpulkan dari angka TW-nya.",
    )
    impor.add_argument("sumber", type=Path, metavar="SUMBER", help="dokumen Renaksi lama")
    impor.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        help="buku kerja hasil (bawaan: SUMBER-templat.xlsx di folder yang sama)",
    )
    impor.add_argument(
        "--peta",
        action="store_true",
        help="tampilkan peta kolom yang dipakai: peran setiap kolom tiap tabel (juga bila "
        "dokumen ditolak)",
    )
    add_writing_options(impor)
    impor.set_defaults(handler=_impor)


def _impor(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    source: Path = args.sumber
    target: Path = args.keluaran or source.with_name(f"{source.stem}-templat.xlsx")
    require_suffix(parser, target, ".xlsx")
    refuse_existing(target, overwrite=args.timpa, inputs=[source])
    from renaksi_xl.berkas.recognise import NotAPlanError, format_map
    from renaksi_xl.berkas.writer import write_workbook  # openpyxl: only when writing
    from renaksi_xl.core.sifat import infer_counts, with_inferred_sifat
    from renaksi_xl.core.summary import summarize

    try:
        renaksi, tables = load_mapped(source)
    except NotAPlanError as refused:
        if args.peta:
            print(format_map(refused.tables))
        raise
    if args.peta:
        print(format_map(tables))
    # a document in today's shape (sub kegiatan with pagu and Rp per quarter) goes into the
    # template of today's shape; the 2020 one could not hold them
    bentuk = BENTUK_SEKARANG if renaksi.has_sub_kegiatan else BENTUK_LAMA
    inferred = with_inferred_sifat(renaksi)
    publish(
        target,
        lambda p: write_workbook(inferred, p, paper=args.kertas, bentuk=bentuk),
        inputs=[source],
        overwrite=args.timpa,
    )
    summary = summarize(inferred)
    counts = infer_counts(renaksi)
    print(
        f"Diimpor ke {target}: {summary.program} program, {summary.kegiatan} kegiatan, "
        f"{summary.aksi} aksi, anggaran {_budget_text(summary.anggaran_total)}."
    )
    print(
        f"Sifat target disimpulkan untuk {counts.inferred} indikator; {counts.inexact} di "
        "antaranya tidak pas dengan sifat apa pun (lihat kolom CEK)."
    )
    if counts.unknown:
        print(
            f"{counts.unknown} indikator tanpa angka TW yang dapat dinilai: pilih sifatnya "
            "sendiri di kolom SIFAT TARGET."
        )
    return ExitCode.OK


def _budget_text(amount: Decimal | None) -> str:
    return rupiah(amount) if amount is not None else "tidak terbaca"
