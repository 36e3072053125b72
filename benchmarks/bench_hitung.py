"""Bulk recalculation (``renaksi hitung``) against a bare openpyxl load + save of the same
files, and peak memory on a 2,000-row workbook.

(a) 200 workbooks (the reference document under 200 OPD names): per-workbook cost of
    ``renaksi hitung DIR --jobs 1`` as a ratio to ``load_workbook(f).save(g)`` (target
    ≤ 0.6), the speed-up from ``--jobs 1`` to ``--jobs 2`` (target ≥ 1.7 on 2 cores), and
    the share of the check every written workbook passes before it is published (target
    ≤ 10 %);
(b) the same ratio for 200 workbooks of the reference in today's shape (target ≤ 0.6);
(c) peak memory (max RSS) of ``renaksi hitung`` on a 2,000-row workbook, next to that of a
    bare openpyxl load + save of it, and the time of both on 2,000 rows in today's shape.

    python benchmarks/bench_hitung.py [--berkas 200]
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_validasi import CHILD_ENV, large_current_renaksi, large_renaksi

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.loading import CURRENT_SAMPLE_NAME
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import BENTUK_LAMA, BENTUK_SEKARANG
from renaksi_xl.core.model import Renaksi, Text
from renaksi_xl.core.sifat import with_inferred_sifat

# saves into a folder of its own, so the folder that renaksi processes is left as it was
BARE = (
    "import sys, pathlib; from openpyxl import load_workbook\n"
    "out = pathlib.Path(sys.argv[1]); out.mkdir(exist_ok=True)\n"
    "for f in sys.argv[2:]: load_workbook(f).save(out / pathlib.Path(f).name)"
)


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and the child's peak memory in MiB (each command in a fresh process)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        capture_output=True,
        text=True,
        check=True,
        env=CHILD_ENV,
    ).stdout.split()
    return float(out[0]), int(out[1]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--berkas", type=int, default=200, help="jumlah buku kerja")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="renaksi-bench-hitung-"))
    source = _copies(folder / "asli", with_inferred_sifat(load(sample_path())), args.berkas)
    files = sorted(str(p) for p in source.glob("*.xlsx"))

    def fresh(name: str) -> Path:
        copy = folder / name
        shutil.copytree(source, copy)
        return copy

    bare, _ = run([sys.executable, "-c", BARE, str(folder / "openpyxl"), *files])
    one_dir, two_dir = fresh("jobs1"), fresh("jobs2")
    renaksi = [sys.executable, "-m", "renaksi_xl", "hitung"]
    jobs1, _ = run([*renaksi, str(one_dir), "--di-tempat", "--jobs", "1"])
    jobs2, _ = run([*renaksi, str(two_dir), "--di-tempat", "--jobs", "2"])
    n = args.berkas
    print(f"{n} buku kerja (dokumen rujukan): openpyxl load+save {bare / n * 1000:.1f} ms/berkas")
    print(
        f"  hitung --jobs 1: {jobs1 / n * 1000:.1f} ms/berkas, "
        f"rasio {jobs1 / bare:.2f} (target ≤ 0,6)"
    )
    check = _check_seconds(sorted(one_dir.glob("opd-*.xlsx")))
    print(
        f"  pemeriksaan sebelum terbit: {check * 1000:.1f} ms/berkas, "
        f"{check / (jobs1 / n) * 100:.0f}% dari hitung (target ≤ 10%)"
    )
    print(
        f"  hitung --jobs 2: {jobs2 / n * 1000:.1f} ms/berkas, percepatan {jobs1 / jobs2:.2f}× "
        "(target ≥ 1,7)"
    )

    current_model = with_inferred_sifat(load(sample_path(CURRENT_SAMPLE_NAME)))
    current = _copies(folder / "sekarang", current_model, n, bentuk=BENTUK_SEKARANG)
    current_files = sorted(str(p) for p in current.glob("*.xlsx"))
    current_bare, _ = run([sys.executable, "-c", BARE, str(folder / "openpyxl-2"), *current_files])
    current_ours, _ = run([*renaksi, str(current), "--di-tempat", "--jobs", "1"])
    print(
        f"{n} buku kerja (rujukan bentuk sekarang): openpyxl load+save "
        f"{current_bare / n * 1000:.1f} ms/berkas; hitung --jobs 1 "
        f"{current_ours / n * 1000:.1f} ms/berkas, rasio {current_ours / current_bare:.2f} "
        "(target ≤ 0,6)"
    )

    big = write_workbook(large_renaksi(), folder / "besar-2000.xlsx")
    ours_time, ours_memory = run([*renaksi, str(big)])
    bare_time, bare_memory = run([sys.executable, "-c", BARE, str(folder / "openpyxl"), str(big)])
    print(
        f"2.020 baris: hitung {ours_time:.2f} s, puncak memori {ours_memory} MiB; "
        f"openpyxl load+save {bare_time:.2f} s, {bare_memory} MiB "
        f"(rasio memori {ours_memory / bare_memory:.2f})"
    )
    big_current = write_workbook(
        large_current_renaksi(), folder / "besar-sekarang.xlsx", bentuk=BENTUK_SEKARANG
    )
    ours_time, ours_memory = run([*renaksi, str(big_current)])
    bare_time, bare_memory = run(
        [sys.executable, "-c", BARE, str(folder / "openpyxl"), str(big_current)]
    )
    print(
        f"2.010 baris bentuk sekarang: hitung {ours_time:.2f} s, {ours_memory} MiB; openpyxl "
        f"load+save {bare_time:.2f} s, {bare_memory} MiB (rasio waktu "
        f"{ours_time / bare_time:.2f}, memori {ours_memory / bare_memory:.2f})"
    )


def _copies(folder: Path, model: Renaksi, count: int, *, bentuk: str = BENTUK_LAMA) -> Path:
    """``count`` workbooks of ``model`` in ``folder``, the first under its own OPD name."""
    folder.mkdir()
    first = write_workbook(
        dataclasses.replace(model, opd=Text("Kecamatan 000")),
        folder / "opd-000.xlsx",
        bentuk=bentuk,
    )
    for number in range(1, count):
        shutil.copy(first, folder / f"opd-{number:03d}.xlsx")
    return folder


def _check_seconds(paths: list[Path]) -> float:
    """Median seconds of the pre-publication check of one recalculated workbook."""
    import statistics
    import time

    from renaksi_xl.berkas.package_check import package_problems

    times = []
    for path in paths[:50]:
        start = time.perf_counter()
        assert package_problems(path) == []
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
