"""The robustness corpus (tests/hostile_files.py): every broken, hostile or huge file, and
every file just inside the limits, through every command that reads a workbook, each run
in a fresh process. Reports the corpus size, the peak memory and the slowest run, against
the targets of issue 11 (≤ 300 MiB and ≤ 10 s for any input of ≤ 20 MB on disk).

    python benchmarks/bench_robustness.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from hostile_files import Case, build_corpus, build_near_limits

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat

PEAK_MIB = 300
SECONDS = 10.0
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,"
    " text=True)\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " done.returncode, int('Traceback' in done.stderr))\n"
)


def measure(argv: list[str]) -> tuple[float, float, int, bool]:
    """Seconds, peak MiB, exit code and whether a traceback was printed, for one command in
    a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, "-m", "renaksi_xl", *argv],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2]), out[3] == "1"


def commands(case: Path, work: Path) -> list[list[str]]:
    """Every command that reads ``case`` (its outputs go to ``work``)."""
    folder = work / f"rekap-{case.name}"
    folder.mkdir()
    shutil.copyfile(case, folder / case.name)
    found = [
        ["ringkas", str(case)],
        ["validasi", str(case)],
        ["impor", str(case), "-o", str(work / f"{case.stem}-impor.xlsx"), "--timpa"],
        ["rekap", str(folder), "-o", str(work / f"{case.stem}-rekap.xlsx"), "--timpa"],
    ]
    if case.suffix == ".xlsx":
        copy = work / f"salinan-{case.name}"
        shutil.copyfile(case, copy)
        found += [
            ["validasi", "--tandai", str(copy)],
            ["bersihkan", str(copy), "-o", str(work / f"{case.stem}-bersih.xlsx")],
            ["hitung", str(copy)],
        ]
    return found


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="renaksi-bench-robust-"))
    try:
        good = work / "baik.xlsx"
        write_workbook(with_inferred_sifat(load(sample_path())), good)
        cases: list[Case] = build_corpus(work / "korpus", good)
        cases += build_near_limits(work / "dekat", good)
        runs = []
        print(f"{'berkas':<24} {'perintah':<18} {'kode':>4} {'detik':>6} {'MiB':>6}")
        for case in cases:
            for argv in commands(case.path, work):
                seconds, peak, code, traceback = measure(argv)
                label = " ".join(a for a in argv if not a.startswith(("/", "-o")))[:18]
                runs.append((case.name, label, code, seconds, peak, traceback))
                print(f"{case.name:<24} {label:<18} {code:>4} {seconds:>6.2f} {peak:>6.0f}")
        biggest = max(case.path.stat().st_size for case in cases)
        worst_memory = max(runs, key=lambda r: r[4])
        slowest = max(runs, key=lambda r: r[3])
        tracebacks = [r for r in runs if r[5]]
        print()
        print(
            f"Korpus: {len(cases)} berkas (terbesar {biggest / 1024 / 1024:.1f} MB di disk), "
            f"{len(runs)} jalankan."
        )
        print(
            f"Memori puncak: {worst_memory[4]:.0f} MiB ({worst_memory[0]}, {worst_memory[1]}); "
            f"target ≤ {PEAK_MIB} MiB."
        )
        print(
            f"Paling lambat: {slowest[3]:.2f} s ({slowest[0]}, {slowest[1]}); "
            f"target ≤ {SECONDS:.0f} s."
        )
        print(f"Traceback: {len(tracebacks)}.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
