"""The refusal of a document that is not a Renaksi plan costs little: ``renaksi ringkas`` as
a whole process on every document of ``tests/data/dokumen-lain`` (realisasi reports and an
Evaluasi Renja, as .txt and .xlsx), median wall time of several runs. Target: ≤ 0.5 s each.
The reference document, which is read in full, is timed beside them for comparison.

    python benchmarks/bench_recognise.py [--ulang 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from renaksi_xl import sample_path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "dokumen-lain"
TARGET_SECONDS = 0.5


def documents() -> list[Path]:
    """The corpus documents (not their source notes)."""
    return sorted(
        p
        for p in CORPUS.iterdir()
        if p.suffix in (".txt", ".xlsx") and not p.name.endswith(".source.txt")
    )


def ringkas_seconds(path: Path, runs: int) -> tuple[float, int]:
    """Median wall time of ``renaksi ringkas PATH`` and its exit code."""
    command = [sys.executable, "-m", "renaksi_xl", "ringkas", str(path)]
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run(command, capture_output=True, check=False).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


def main() -> int:
    """Time every document; exit 1 when one is slower than the target or not refused."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=7, help="runs per document (median)")
    args = parser.parse_args()
    slow = False
    for path in documents():
        seconds, code = ringkas_seconds(path, args.ulang)
        verdict = "ditolak" if code == 3 else f"TIDAK DITOLAK (kode {code})"
        over = seconds > TARGET_SECONDS
        slow = slow or over or code != 3
        print(f"{path.name:<45} {seconds:6.3f} s  {verdict}{'  > 0,5 s' if over else ''}")
    seconds, code = ringkas_seconds(sample_path(), args.ulang)
    print(f"{'(pembanding) ' + sample_path().name:<45} {seconds:6.3f} s  kode {code}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
