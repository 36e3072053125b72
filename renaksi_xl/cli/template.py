"""``renaksi template``: empty workbooks, for one OPD or for every row of a list."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from renaksi_xl.berkas.files import publish
from renaksi_xl.cli.bersama import ExitCode, add_writing_options, report_error
from renaksi_xl.core.layout import BENTUK, BENTUK_SEKARANG
from renaksi_xl.errors import RenaksiError

if TYPE_CHECKING:
    from renaksi_xl.berkas.templates import TemplateRequest
    from renaksi_xl.cli.bersama import Parser


def add_template(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi template``."""
    template = commands.add_parser(
        "template",
        help="buat templat Renaksi kosong untuk satu OPD, atau untuk setiap baris daftar OPD",
        description="Membuat buku kerja Renaksi kosong yang siap diisi: tiga tabel, daftar "
        "pilihan, rumus subtotal dan cek, tata letak cetak dengan blok tanda tangan.",
    )
    template.add_argument("--opd", help='nama OPD, mis. "Kecamatan Sidayu"')
    template.add_argument("--tahun", help="tahun Renaksi, mis. 2021")
    template.add_argument("--tempat", help="tempat penandatanganan, mis. Gresik")
    template.add_argument("--tanggal", help='tanggal penandatanganan, mis. "4 Januari 2021"')
    template.add_argument("--penandatangan", help="nama penandatangan beserta gelar")
    template.add_argument("--jabatan", help='jabatan penandatangan, mis. "CAMAT SIDAYU"')
    template.add_argument("--pangkat", help="pangkat/golongan penandatangan")
    template.add_argument("--nip", help="NIP penandatangan (18 angka)")
    template.add_argument(
        "--daftar",
        type=Path,
        metavar="BERKAS",
        help="daftar OPD (.csv atau .xlsx): satu templat per baris",
    )
    template.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        default=Path(),
        metavar="FOLDER",
        help="folder tujuan (bawaan: folder kerja)",
    )
    template.add_argument(
        "--bentuk",
        choices=BENTUK,
        default=BENTUK_SEKARANG,
        help="bentuk lembar Kegiatan: sekarang (Permendagri 90/2019: program, kegiatan, sub "
        "kegiatan dengan K dan Rp per triwulan dan pagu) atau lama (bentuk 2020: kegiatan "
        "dan aksi); bawaan: sekarang",
    )
    add_writing_options(template)
    template.set_defaults(handler=_template)


def _template(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.templates import TemplateRequest, clean_text, parse_year, read_list
    from renaksi_xl.cli.progress import Progress

    single = [
        args.opd,
        args.tahun,
        args.tempat,
        args.tanggal,
        args.penandatangan,
        args.jabatan,
        args.pangkat,
        args.nip,
    ]
    if args.daftar is not None:
        if any(v is not None for v in single):
            parser.error(
                "--daftar tidak dapat digabung dengan --opd/--tahun/…; isi kolomnya di daftar"
            )
        requests, errors = read_list(args.daftar)
        where = str(args.daftar)
    else:
        if not args.opd or not args.tahun:
            parser.error("sebutkan --opd dan --tahun, atau --daftar BERKAS")
        year = parse_year(args.tahun)
        if year is None:
            parser.error(f"--tahun '{args.tahun}' tidak sah (isi empat angka, mis. 2021)")
        opd = clean_text(args.opd)
        if not opd:
            parser.error("--opd berisi hanya spasi atau karakter kendali")
        fields = (
            args.tempat,
            args.tanggal,
            args.jabatan,
            args.penandatangan,
            args.pangkat,
            args.nip,
        )
        tempat, tanggal, jabatan, penandatangan, pangkat, nip = (
            clean_text(v) or None if v is not None else None for v in fields
        )
        problem = _nip_problem(nip)
        if problem:
            parser.error(f"--nip '{args.nip}' tidak sah: {problem}")
        requests = [
            TemplateRequest(opd, year, tempat, tanggal, jabatan, penandatangan, pangkat, nip)
        ]
        errors = []
        where = ""
    failures = [
        (f"{where}, {e.source.describe()}" if where else e.source.describe(), e.message)
        for e in errors
    ]
    written: list[Path] = []
    taken: dict[Path, str] = {}
    progress = Progress(len(requests), "Membuat templat")
    for request in requests:
        target = args.keluaran / request.file_name
        label = f"{where}, {request.source.describe()}" if request.source else request.opd
        nip_problem = _nip_problem(request.nip)
        if target in taken:
            failures.append((label, f"nama berkas {target.name} sama dengan {taken[target]}"))
        elif nip_problem:
            failures.append((label, f"NIP '{request.nip}' tidak sah: {nip_problem}"))
        else:
            try:
                publish(
                    target,
                    partial(_write_template, request, args.kertas, args.bentuk),
                    inputs=[args.daftar] if args.daftar is not None else [],
                    overwrite=args.timpa,
                )
            except RenaksiError as error:
                if args.daftar is None:
                    raise
                failures.append((label, str(error)))
            else:
                written.append(target)
                taken[target] = label
        progress.advance(request.opd)
    seconds = progress.close()
    for path in written if len(written) <= 3 else ():
        print(f"Templat dibuat: {path}")
    if len(written) > 3:
        print(f"{len(written)} templat dibuat di {args.keluaran} ({seconds:.1f} detik).")
    for label, message in failures:
        report_error(f"{label}: {message}")
    if failures:
        rest = "templat lain tetap dibuat" if written else "tidak ada templat yang dibuat"
        print(f"{len(failures)} baris gagal; {rest}.", file=sys.stderr)
        return ExitCode.TEMUAN
    return ExitCode.OK


def _nip_problem(nip: str | None) -> str | None:
    """Why a signer's NIP given for a template is not valid (the RNX107 check), or None."""
    if nip is None or not nip.strip():
        return None
    from renaksi_xl.core.rules.struktur import nip_problem

    return nip_problem(nip)


def _write_template(request: TemplateRequest, paper: str, bentuk: str, path: Path) -> None:
    from renaksi_xl.berkas.writer import write_workbook  # openpyxl: only when writing

    write_workbook(request.model(), path, paper=paper, bentuk=bentuk)
