"""Clicking *Validasi* must feel instant: time from process start to the actions being
ready, for ``validasi`` on the reference document's workbook (payload as an Excel client
sends it), as a ratio to ``python -c "import xlwings"`` in the same run. Target ≤ 1.5.

    python benchmarks/bench_excel.py [--ulang 9]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported
from bench_validasi import paired, process
from excel_client import payload

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.libreoffice import convert
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.sifat import with_inferred_sifat

CLICK = """
import json, sys
import xlwings as xw
from renaksi_xl.excel import tombol as excel
book = xw.Book(json=json.load(open(sys.argv[1], encoding="utf-8")))
excel.validasi(book)
actions = book.json()["actions"]
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=9, help="pengulangan (median)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="renaksi-bench-excel-"))
    written = write_workbook(with_inferred_sifat(load(sample_path())), folder / "sidayu.xlsx")
    (computed,) = convert([written], folder / "lo")
    request = folder / "payload.json"
    request.write_text(json.dumps(payload(computed)), encoding="utf-8")
    click = process([sys.executable, "-c", CLICK, str(request)], check=True)
    bare = process([sys.executable, "-c", "import xlwings"], check=True)
    paired(click, bare, 1)  # warm the file cache and the bytecode
    ours, base, ratio = paired(click, bare, args.ulang)
    print(
        f"klik Validasi (proses utuh): {ours:.3f} s; import xlwings: {base:.3f} s; "
        f"rasio {ratio:.2f} (target ≤ 1,5)"
    )


if __name__ == "__main__":
    main()
