"""``renaksi hitung``: recalculate workbooks, several at once in worker processes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from renaksi_xl.cli.bersama import INTEGER, ExitCode
from renaksi_xl.errors import UnreadableFileError

if TYPE_CHECKING:
    from renaksi_xl.berkas.hitung import FileOutcome
    from renaksi_xl.cli.bersama import Parser
    from renaksi_xl.cli.progress import Progress


def add_hitung(commands: argparse._SubParsersAction[Parser]) -> None:
    """``renaksi hitung``."""
    hitung = commands.add_parser(
        "hitung",
        help="hitung ulang subtotal, jumlah, cek dan capaian kumulatif buku kerja Renaksi",
        description="Menghitung ulang buku kerja templat: rumus subtotal dan Jumlah komulatif "
        "dipulihkan bila tertimpa angka ketikan, semua hasil rumus dihitung dan disimpan, dan "
        "lembar Capaian berisi capaian kumulatif, porsi dan progres program. BERKAS boleh "
        "folder: semua .xlsx di dalamnya diproses. Kode keluar 0 bila semua berhasil, 1 bila "
        "ada yang gagal.",
    )
    hitung.add_argument(
        "berkas",
        nargs="+",
        type=Path,
        metavar="BERKAS|FOLDER",
        help="buku kerja templat, atau folder berisi buku kerja",
    )
    hitung.add_argument(
        "--jobs",
        "-j",
        type=INTEGER,
        metavar="N",
        help="jumlah proses sejajar (bawaan: sebanyak inti prosesor, paling banyak 8)",
    )
    hitung.add_argument(
        "--di-tempat",
        action="store_true",
        dest="di_tempat",
        help="tulis ke berkas itu sendiri (aslinya disimpan sebagai cadangan); "
        "bawaan: BERKAS-dihitung.xlsx",
    )
    hitung.add_argument(
        "--timpa", action="store_true", help="timpa BERKAS-dihitung.xlsx yang sudah ada"
    )
    hitung.set_defaults(handler=_hitung)


MAX_DEFAULT_JOBS = 8
"""Bulk recalculation uses every core by default, up to this many processes."""


def _hitung(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from renaksi_xl.berkas.hitung import FileOutcome, find_workbooks, skipped_lines
    from renaksi_xl.cli.progress import Progress

    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs harus 1 atau lebih")
    missing = [str(p) for p in args.berkas if not p.exists()]
    if missing:
        raise UnreadableFileError("berkas atau folder tidak ditemukan", file=", ".join(missing))
    files = find_workbooks(args.berkas)
    for line in skipped_lines(args.berkas):
        print(line, file=sys.stderr)
    others = _unreadable_in(args.berkas)
    if not files and not others:
        print("Tidak ada buku kerja .xlsx untuk dihitung.", file=sys.stderr)
        return ExitCode.TEMUAN
    progress = Progress(len(files), "Menghitung ulang")
    jobs = args.jobs or min(os.cpu_count() or 1, MAX_DEFAULT_JOBS)
    outcomes = _recalculate_all(files, args.di_tempat, args.timpa, jobs, progress)
    outcomes += [
        FileOutcome(
            path,
            None,
            None,
            f"format {path.suffix.lower()} tidak dapat dibaca; simpan sebagai .xlsx lalu ulangi",
        )
        for path in others
    ]
    seconds = progress.close()
    print(format_outcomes(outcomes, seconds))
    return ExitCode.OK if all(o.error is None for o in outcomes) else ExitCode.TEMUAN


def _unreadable_in(paths: Sequence[Path]) -> list[Path]:
    """Spreadsheets in the folders named that the tool cannot read (.xls, .ods…): they are
    reported as failed rather than skipped without a word."""
    from renaksi_xl.berkas.rekap import UNREADABLE_SUFFIXES

    return [
        candidate
        for path in paths
        if path.is_dir()
        for candidate in sorted(path.rglob("*"))
        if candidate.suffix.lower() in UNREADABLE_SUFFIXES
        and not candidate.name.startswith(("~$", "."))
    ]


WORKER_DIED = (
    "proses yang membacanya berhenti mendadak (berkas mungkin rusak atau terlalu besar); "
    "tidak diubah"
)


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops handing out files and says
    so), not a traceback from every worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _recalculate_all(
    files: Sequence[Path], in_place: bool, overwrite: bool, jobs: int, progress: Progress
) -> list[FileOutcome]:
    """Recalculate every file, in ``jobs`` processes when there are several; a worker that
    dies takes only its own file with it: the files it left unfinished are run again, each in
    a process of its own, and the one that dies again is reported as failed."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from renaksi_xl.berkas.hitung import FileOutcome, recalculate_file

    if jobs == 1 or len(files) == 1:
        outcomes = []
        for path in files:
            outcomes.append(recalculate_file(path, in_place, overwrite, files))
            progress.advance(path.name)
        return outcomes
    done: dict[Path, FileOutcome] = {}
    again: list[Path] = []
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(files)), initializer=ignore_interrupts
    ) as pool:
        futures = {
            pool.submit(recalculate_file, path, in_place, overwrite, files): path for path in files
        }
        try:
            for future in as_completed(futures):
                path = futures[future]
                try:
                    done[path] = future.result()
                except BrokenProcessPool:
                    again.append(path)
                    continue
                progress.advance(path.name)
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)  # the files under way finish whole
            raise
    for path in again:
        with ProcessPoolExecutor(max_workers=1, initializer=ignore_interrupts) as alone:
            try:
                done[path] = alone.submit(
                    recalculate_file, path, in_place, overwrite, files
                ).result()
            except BrokenProcessPool:
                done[path] = FileOutcome(path, None, None, WORKER_DIED)
        progress.advance(path.name)
    return [done[path] for path in files]


def format_outcomes(outcomes: Sequence[FileOutcome], seconds: float) -> str:
    """The final table of a bulk recalculation: one line per file, then the counts."""
    width = max([len(str(o.source)) for o in outcomes] + [6])
    lines = [f"{'Berkas':<{width}}  {'Hasil':<6}  {'Sel berubah':>11}  Keterangan"]
    for outcome in outcomes:
        if outcome.error is not None or outcome.result is None:
            lines.append(f"{outcome.source!s:<{width}}  {'galat':<6}  {'-':>11}  {outcome.error}")
            continue
        result = outcome.result
        notes = [f"ditulis ke {outcome.target}"]
        if result.restored:
            cells = ", ".join(
                f"{r.sheet}!{r.cell} (tertulis {r.typed})" for r in result.restored[:5]
            )
            more = f" dan {len(result.restored) - 5} lagi" if len(result.restored) > 5 else ""
            notes.append(f"rumus dipulihkan: {cells}{more}")
        lines.append(
            f"{outcome.source!s:<{width}}  {'ok':<6}  {result.changed:>11}  {'; '.join(notes)}"
        )
    failed = sum(1 for o in outcomes if o.error is not None)
    lines.append(
        f"{len(outcomes) - failed} berhasil, {failed} gagal, {len(outcomes)} berkas "
        f"({seconds:.1f} detik)."
    )
    return "\n".join(lines)
