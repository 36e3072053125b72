"""Clicking *Validasi* in xlwings Lite must feel instant: in Pyodide (the npm package under
Node, as tests/test_lite_pyodide.py runs it), the time from the script's start to its
actions being ready, for ``validasi`` on the reference document's workbook, as a ratio to
the same script under CPython (target ≤ 3). Also: how long Pyodide takes to start and to
install the packages the first time.

    python benchmarks/bench_lite.py [--ulang 5] [--satu-berkas]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported
from excel_client import payload
from lite_harness import dependency_wheels, own_wheel, run_cpython, run_pyodide

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat
from renaksi_xl.excel import lite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=5, help="klik per putaran")
    parser.add_argument("--satu-berkas", action="store_true", help="main.py satu berkas")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="renaksi-bench-lite-"))
    written = write_workbook(with_inferred_sifat(load(sample_path())), folder / "sidayu.xlsx")
    (computed,) = convert([written], folder / "lo")
    (main_py, _) = lite.write_files(folder / "lite", single_file=args.satu_berkas)
    wheels = dependency_wheels()
    if not args.satu_berkas:
        wheels.append(own_wheel(folder / "dist"))
    runs = [{"script": "validasi", "payload": payload(computed)} for _ in range(args.ulang)]
    ours = run_pyodide(wheels, main_py, runs, folder)
    reference = run_cpython(main_py, runs, folder)
    first = ours["runs"][0]["seconds"], reference["runs"][0]["seconds"]
    later = (
        statistics.median(r["seconds"] for r in ours["runs"][1:]),
        statistics.median(r["seconds"] for r in reference["runs"][1:]),
    )
    print(
        f"Pyodide: muat {ours['load_seconds']:.2f} s, "
        f"pasang paket {ours['install_seconds']:.2f} s, "
        f"impor main.py {ours['import_seconds']:.2f} s "
        f"(CPython {reference['import_seconds']:.2f} s)"
    )
    print(
        f"klik Validasi pertama: Pyodide {first[0]:.3f} s, CPython {first[1]:.3f} s, "
        f"rasio {first[0] / first[1]:.2f} (target ≤ 3)"
    )
    print(
        f"klik berikutnya (median): Pyodide {later[0]:.3f} s, CPython {later[1]:.3f} s, "
        f"rasio {later[0] / later[1]:.2f}"
    )


if __name__ == "__main__":
    main()
