"""Bulk recalculation (``renaksi hitung``) against a bare openpyxl load + save of the same
files, and peak memory on a 2,000-row workbook.

(a) 200 workbooks (the reference document under 200 OPD names): per-workbook cost of
    ``renaksi hitung DIR --jobs 1`` as a ratio to ``load_workbook(f).save(g)`` (target
    ≤ 0.6), the speed-up from ``--jobs 1`` to ``--jobs 2`` (target ≥ 1.7 on 2 cores), and
    the share of the check every written workbook passes before it is published (target
    ≤ 10 %);
(b) peak memory (max RSS) of ``renaksi hitung`` on a 2,000-row workbook, next to that of a
    bare openpyxl load + save of it.

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

from bench_validasi import CHILD_ENV, large_renaksi

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.model import Text
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
    model = with_inferred_sifat(load(sample_path()))
    source = folder / "asli"
    source.mkdir()
    first = write_workbook(
        dataclasses.replace(model, opd=Text("Kecamatan 000")), source / "opd-000.xlsx"
    )
    for number in range(1, args.berkas):
        shutil.copy(first, source / f"opd-{number:03d}.xlsx")
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

    big = write_workbook(large_renaksi(), folder / "besar-2000.xlsx")
    ours_time, ours_memory = run([*renaksi, str(big)])
    bare_time, bare_memory = run([sys.executable, "-c", BARE, str(folder / "openpyxl"), str(big)])
    print(
        f"2.020 baris: hitung {ours_time:.2f} s, puncak memori {ours_memory} MiB; "
        f"openpyxl load+save {bare_time:.2f} s, {bare_memory} MiB "
        f"(rasio memori {ours_memory / bare_memory:.2f})"
    )


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
