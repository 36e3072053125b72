"""``renaksi validasi`` (check, and mark the findings), ``renaksi bersihkan`` (remove the
marks) and ``renaksi aturan`` (the rule catalogue)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from renaksi_xl.berkas.files import publish, refuse_existing, replace_in_place
from renaksi_xl.berkas.loading import load
from renaksi_xl.cli.bersama import WORKBOOKS, ExitCode, report_error
from renaksi_xl.errors import RenaksiError, UnreadableFileError

if TYPE_CHECKING:
    from renaksi_xl.cli.bersama import Parser
    from renaksi_xl.core.findings import Report
    from renaksi_xl.core.validate import RuleConfig


def add_validasi(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi validasi``."""
    validasi = commands.add_parser(
        "validasi",
        help="periksa Renaksi dan laporkan setiap ketidaksesuaian",
        description="Memeriksa satu atau beberapa Renaksi (buku kerja templat atau dokumen "
        "lama .txt/.tsv/.xlsx) dengan katalog aturan (lihat 'renaksi aturan'). Kode keluar: 0 "
        "tanpa galat, 1 ada galat, 2 perintah salah, 3 berkas tidak dapat dibaca.",
    )
    validasi.add_argument(
        "berkas", nargs="+", type=Path, metavar="BERKAS", help="Renaksi yang diperiksa"
    )
    validasi.add_argument(
        "--format", choices=("teks", "json"), default="teks", help="bentuk laporan (bawaan: teks)"
    )
    validasi.add_argument(
        "--output",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        dest="output",
        help="tulis laporan ke berkas, bukan ke layar",
    )
    validasi.add_argument(
        "--pilih",
        metavar="KODE[,KODE…]",
        default="",
        help="jalankan hanya aturan ini (awalan boleh: RNX2)",
    )
    validasi.add_argument(
        "--abaikan", metavar="KODE[,KODE…]", default="", help="lewati aturan ini (awalan boleh)"
    )
    validasi.add_argument(
        "--tingkat",
        metavar="KODE=TINGKAT",
        action="append",
        default=[],
        help="ubah tingkat aturan: galat, peringatan atau info (juga error, warning; boleh "
        "berulang), mis. RNX205=galat",
    )
    validasi.add_argument(
        "--tandai",
        action="store_true",
        help="tandai temuan di buku kerja: warna dan catatan pada sel, lembar Hasil Validasi; "
        "ditulis ke BERKAS-divalidasi.xlsx",
    )
    validasi.add_argument(
        "--di-tempat",
        action="store_true",
        dest="di_tempat",
        help="dengan --tandai: tulis ke berkas itu sendiri (aslinya disimpan sebagai cadangan)",
    )
    validasi.add_argument(
        "--timpa",
        action="store_true",
        help="timpa berkas hasil (--output, BERKAS-divalidasi.xlsx) yang sudah ada",
    )
    validasi.set_defaults(handler=_validasi, tanpa_gc=True)


def add_bersihkan(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi bersihkan``."""
    bersihkan = commands.add_parser(
        "bersihkan",
        help="hapus semua tanda validasi dari buku kerja",
        description="Menghapus warna, catatan dan lembar Hasil Validasi yang dibuat "
        "'renaksi validasi --tandai'; warna dan catatan buatan pengguna tetap.",
    )
    bersihkan.add_argument("berkas", type=Path, metavar="BERKAS", help="buku kerja (.xlsx)")
    bersihkan.add_argument(
        "-o",
        "--keluaran",
        type=Path,
        metavar="BERKAS",
        help="tulis hasil ke berkas lain (bawaan: berkas itu sendiri)",
    )
    bersihkan.add_argument("--timpa", action="store_true", help="timpa berkas -o yang sudah ada")
    bersihkan.set_defaults(handler=_bersihkan)


def add_aturan(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi aturan``."""
    aturan = commands.add_parser(
        "aturan",
        help="daftar aturan pemeriksaan",
        description="Menampilkan katalog aturan; dengan KODE, penjelasannya beserta contoh "
        "yang salah dan yang benar.",
    )
    aturan.add_argument(
        "kode", nargs="*", metavar="KODE", help="aturan yang dijelaskan (awalan boleh)"
    )
    aturan.set_defaults(handler=_aturan)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in text.split(",") if c.strip())


def _rule_config(parser: argparse.ArgumentParser, args: argparse.Namespace) -> RuleConfig:
    from renaksi_xl.core.findings import Severity
    from renaksi_xl.core.validate import RuleConfig, unknown_codes

    severities: dict[str, Severity] = {}
    for item in args.tingkat:
        code, _, level = item.partition("=")
        severity = Severity.parse(level)
        if not code.strip() or severity is None:
            parser.error(
                f"--tingkat '{item}': tulis KODE=galat, KODE=peringatan atau KODE=info "
                "(atau error, warning, info)"
            )
        severities[code.strip().upper()] = severity
    config = RuleConfig(_codes(args.pilih), _codes(args.abaikan), severities)
    unknown = unknown_codes([*config.select, *config.ignore, *severities])
    if unknown:
        parser.error(f"kode aturan tidak dikenal: {', '.join(unknown)} (lihat 'renaksi aturan')")
    return config


def _validasi(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.core.report_text import format_report
    from renaksi_xl.core.validate import validate

    config = _rule_config(parser, args)
    if args.di_tempat and not args.tandai:
        parser.error("--di-tempat hanya berlaku bersama --tandai")
    if args.tandai:
        not_workbooks = [str(p) for p in args.berkas if p.suffix.lower() not in WORKBOOKS]
        if not_workbooks:
            parser.error(f"--tandai hanya untuk buku kerja .xlsx/.xlsm: {', '.join(not_workbooks)}")
    if args.output is not None:
        refuse_existing(args.output, overwrite=args.timpa, inputs=args.berkas)
    if args.tandai and not args.di_tempat:  # before any work: nothing half done
        for path in args.berkas:
            refuse_existing(marked_path(path), overwrite=args.timpa, inputs=args.berkas)
    reports = []
    notes: list[str] = []
    failed: list[tuple[str, str]] = []
    for path in args.berkas:
        try:
            renaksi = load(path)
        except RenaksiError as error:
            report_error(error)
            failed.append((str(path), str(error)))
            continue
        report = dataclasses.replace(validate(renaksi, config), file=str(path))
        reports.append(report)
        if args.tandai:
            try:
                notes.append(_mark(path, report, args.di_tempat, args.timpa, args.berkas))
            except RenaksiError as error:
                report_error(error)
                failed.append((str(path), str(error)))
    if args.format == "json":
        import json

        from renaksi_xl.core.findings import json_envelope

        text = json.dumps(json_envelope(reports, failed), ensure_ascii=False, indent=2)
    else:
        text = "\n\n".join(format_report(r) for r in reports)
    if text and reports:  # nothing read, nothing to report: no empty report file
        if args.output is not None:
            publish(
                args.output,
                lambda p: p.write_text(text + "\n", encoding="utf-8"),
                inputs=args.berkas,
                overwrite=args.timpa,
            )
        else:
            print(text)
    for note in notes:
        print(
            note, file=sys.stderr if args.format == "json" and args.output is None else sys.stdout
        )
    if failed:
        return ExitCode.MASUKAN
    return ExitCode.OK if all(r.ok for r in reports) else ExitCode.TEMUAN


def _mark(
    path: Path, report: Report, in_place: bool, overwrite: bool, inputs: Sequence[Path]
) -> str:
    """Mark the findings in the workbook; returns the line telling the user where."""
    from renaksi_xl.berkas.flags import mark_workbook

    target = None if in_place else marked_path(path)
    where = _write(path, target, lambda p: mark_workbook(path, report, p), inputs, overwrite)
    return f"Ditandai: {where}"


def _write(
    source: Path,
    target: Path | None,
    write: Callable[[Path], object],
    inputs: Sequence[Path],
    overwrite: bool,
) -> str:
    """Write over ``source``, its original kept as a backup, when there is no ``target``;
    else to ``target``. Returns where, as the user is told."""
    if target is None:
        backup = replace_in_place(source, write)
        return f"{source} (aslinya disimpan sebagai {backup.name})"
    publish(target, write, inputs=inputs, overwrite=overwrite)
    return str(target)


def marked_path(path: Path) -> Path:
    """Where ``validasi --tandai`` writes: ``x.xlsx`` → ``x-divalidasi.xlsx``."""
    return path.with_name(f"{path.stem}-divalidasi{path.suffix}")


def _bersihkan(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.flags import clear_marks, has_marks

    source: Path = args.berkas
    if source.suffix.lower() not in WORKBOOKS:
        parser.error(f"bersihkan hanya untuk buku kerja .xlsx/.xlsm: {source}")
    if not source.is_file():
        raise UnreadableFileError("berkas tidak ditemukan", file=source)
    if args.keluaran is not None:
        refuse_existing(args.keluaran, overwrite=args.timpa, inputs=[source])
    if not has_marks(source):  # nothing to write: no copy, and the file stays as it is
        print(f"Tidak ada tanda validasi di {source}; berkas tidak diubah.")
        return ExitCode.OK
    where = _write(source, args.keluaran, lambda p: clear_marks(source, p), [source], args.timpa)
    print(f"Tanda validasi dihapus: {where}")
    return ExitCode.OK


def _aturan(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.core.report_text import format_rules
    from renaksi_xl.core.rules import all_rules
    from renaksi_xl.core.validate import unknown_codes

    codes = [c.upper() for c in args.kode]
    unknown = unknown_codes(codes)
    if unknown:
        parser.error(f"kode aturan tidak dikenal: {', '.join(unknown)}")
    rules = [r for r in all_rules() if not codes or any(r.code.startswith(c) for c in codes)]
    print(format_rules(rules, detail=bool(codes)))
    return ExitCode.OK
