"""``renaksi validasi`` as a whole process against merely opening the same workbook with
openpyxl (``python -c "import openpyxl; openpyxl.load_workbook(F)"``), in the same run.
Targets: ≤ 0.5 on the reference documents' workbooks (the 2020 one and today's shape), ≤ 0.6
on a 2,000-row workbook in either shape.

With ``--tandai``, ``renaksi validasi F --tandai`` (validating, and writing the marked copy)
against a bare openpyxl load and save of the same workbook; target ≤ 1.0 on both.

    python benchmarks/bench_validasi.py [--ulang 7] [--tandai]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

from renaksi_xl import load, sample_path
from renaksi_xl.berkas.loading import CURRENT_SAMPLE_NAME
from renaksi_xl.berkas.writer import write_workbook
from renaksi_xl.core.layout import BENTUK_SEKARANG
from renaksi_xl.core.model import (
    Aksi,
    Indikator,
    Kegiatan,
    Penandatangan,
    Program,
    Quantity,
    Renaksi,
    Sifat,
    SubKegiatan,
    Target,
    Text,
)
from renaksi_xl.core.sifat import with_inferred_sifat


def _count(value: int, unit: str = "Laporan") -> Quantity:
    return Quantity(value=Decimal(value), unit="laporan", unit_text=unit)


SIGNER = Penandatangan(
    Text("Gresik"),
    Text("4 Januari 2021"),
    Text("CAMAT UJI"),
    Text("BUDI"),
    Text("Pembina"),
    Text("19671020 198803 1 009"),
)


def large_renaksi(programs: int = 20, kegiatan: int = 10, aksi: int = 9) -> Renaksi:
    """A document of programs × (1 + kegiatan × (1 + aksi)) rows in the Kegiatan sheet."""

    def indikator(name: str, quarters: tuple[int, int, int, int]) -> Indikator:
        target = Target(
            _count(sum(quarters)),
            tuple(_count(q) for q in quarters),  # type: ignore[arg-type]
            Sifat.PER_TRIWULAN,
        )
        return Indikator(Text(name), target)

    items = []
    for p in range(1, programs + 1):
        kegiatan_items = []
        for k in range(1, kegiatan + 1):
            actions = tuple(
                Aksi(
                    Text(f"Aksi {p}.{k}.{a} penyusunan bahan"),
                    indikator(f"Jumlah bahan {p}.{k}.{a}", (a, a + 1, a, a + 2)),
                )
                for a in range(1, aksi + 1)
            )
            kegiatan_items.append(
                Kegiatan(
                    Text(f"Kegiatan {p}.{k} pelayanan administrasi"),
                    indikator(f"Jumlah laporan kegiatan {p}.{k}", (3, 3, 3, 3)),
                    Quantity(value=Decimal(10_000_000 + k * 1000), unit="rupiah"),
                    actions,
                    nomor=str(k),
                )
            )
        name = f"Program Uji Nomor {p}"
        items.append(
            Program(
                Text(name),
                (indikator(f"Persentase capaian program {p}", (25, 25, 25, 25)),),
                tuple(kegiatan_items),
                nomor=str(p),
                judul_kegiatan=Text(name.upper()),
            )
        )
    return Renaksi(
        opd=Text("Kecamatan Uji"), tahun=2021, program=tuple(items), penandatangan=SIGNER
    )


def _rupiah(value: int) -> Quantity:
    return Quantity(value=Decimal(value), unit="rupiah")


def large_current_renaksi(programs: int = 10, kegiatan: int = 10, sub: int = 19) -> Renaksi:
    """Today's shape (Permendagri 90 codes, pagu per sub kegiatan, K and Rp per quarter):
    programs × (1 + kegiatan × (1 + sub)) rows in the Kegiatan sheet, 2,010 by default."""

    def indikator(name: str, quarters: tuple[int, int, int, int]) -> Indikator:
        target = Target(
            _count(sum(quarters), "Dokumen"),
            tuple(_count(q, "Dokumen") for q in quarters),  # type: ignore[arg-type]
            Sifat.PER_TRIWULAN,
        )
        return Indikator(Text(name), target)

    items = []
    for p in range(1, programs + 1):
        program_code = f"7.01.{p:02d}"
        kegiatan_items = []
        for k in range(1, kegiatan + 1):
            kegiatan_code = f"{program_code}.2.{k:02d}"
            subs = []
            for s in range(1, sub + 1):
                quarterly = (1_000_000 * s, 2_000_000, 1_500_000, 500_000 + 1000 * k)
                subs.append(
                    SubKegiatan(
                        Text(f"Penyusunan dokumen {p}.{k}.{s} perangkat daerah"),
                        indikator(f"Jumlah dokumen {p}.{k}.{s}", (1, s % 3, 1, 2)),
                        kode=f"{kegiatan_code}.{s:04d}",
                        pagu=_rupiah(sum(quarterly)),
                        anggaran_triwulan=tuple(_rupiah(q) for q in quarterly),
                    )
                )
            kegiatan_items.append(
                Kegiatan(
                    Text(f"Kegiatan {p}.{k} administrasi perangkat daerah"),
                    indikator(f"Jumlah laporan kegiatan {p}.{k}", (3, 3, 3, 3)),
                    kode=kegiatan_code,
                    sub_kegiatan=tuple(subs),
                )
            )
        items.append(
            Program(
                Text(f"Program Penunjang Uji Nomor {p}"),
                (indikator(f"Persentase capaian program {p}", (25, 25, 25, 25)),),
                tuple(kegiatan_items),
                kode=program_code,
            )
        )
    return Renaksi(
        opd=Text("Kecamatan Uji"),
        tahun=2027,
        program=tuple(items),
        penandatangan=SIGNER,
    )


def without_half_the_targets(renaksi: Renaksi) -> Renaksi:
    """Every other aksi without its target: one finding (and one marked cell) each."""
    from dataclasses import replace

    def aksi(items: tuple[Aksi, ...]) -> tuple[Aksi, ...]:
        return tuple(
            replace(a, indikator=replace(a.indikator, target=Target())) if i % 2 == 0 else a
            for i, a in enumerate(items)
        )

    return replace(
        renaksi,
        program=tuple(
            replace(p, kegiatan=tuple(replace(k, aksi=aksi(k.aksi)) for k in p.kegiatan))
            for p in renaksi.program
        ),
    )


# Installed by pip, a package runs from bytecode compiled at install time, as openpyxl and
# xlwings do here. Where PYTHONDONTWRITEBYTECODE is set (this machine sets it), an editable
# checkout would be compiled from source in every run: the children may write bytecode, and
# the warm-up run does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def process(command: list[str], *, check: bool = False) -> Callable[[], object]:
    """An action running ``command`` in a fresh process, its output discarded."""
    return partial(
        subprocess.run,
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=check,
        env=CHILD_ENV,
    )


def seconds(action: Callable[[], object]) -> float:
    """Wall seconds of one run of ``action``."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def paired(
    ours: Callable[[], object], base: Callable[[], object], repeat: int
) -> tuple[float, float, float]:
    """Run ours and the baseline alternately (so load on the machine hits both alike);
    returns the medians of ours, of the baseline, and of the per-pair ratios."""
    pairs = [(seconds(ours), seconds(base)) for _ in range(repeat)]
    return (
        statistics.median(p[0] for p in pairs),
        statistics.median(p[1] for p in pairs),
        statistics.median(p[0] / p[1] for p in pairs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ulang", type=int, default=7, help="pengulangan (median)")
    parser.add_argument(
        "--tandai", action="store_true", help="ukur validasi --tandai terhadap openpyxl"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="renaksi-bench-"))
    reference = write_workbook(with_inferred_sifat(load(sample_path())), folder / "sidayu.xlsx")
    current = write_workbook(
        with_inferred_sifat(load(sample_path(CURRENT_SAMPLE_NAME))),
        folder / "sukamaju.xlsx",
        bentuk=BENTUK_SEKARANG,
    )
    large = write_workbook(large_renaksi(), folder / "besar-2000.xlsx")
    large_current = write_workbook(
        large_current_renaksi(), folder / "besar-sekarang.xlsx", bentuk=BENTUK_SEKARANG
    )
    rows = sum(
        1 + len(p.kegiatan) + sum(len(k.aksi) for k in p.kegiatan) for p in load(large).program
    )
    current_rows = sum(
        1 + len(p.kegiatan) + sum(len(k.sub_kegiatan) for k in p.kegiatan)
        for p in load(large_current).program
    )
    cases = [
        ("dokumen rujukan 2020", reference),
        ("dokumen rujukan bentuk sekarang", current),
        (f"{rows} baris Kegiatan (2020)", large),
        (f"{current_rows} baris (bentuk sekarang)", large_current),
    ]
    if args.tandai:  # marking is the work: a large workbook with many cells to mark
        flawed = write_workbook(without_half_the_targets(large_renaksi()), folder / "temuan.xlsx")
        cases.append((f"{rows} baris, 1000 temuan", flawed))
    print(f"{'buku kerja':<34}{'validasi':>10}{'openpyxl':>10}{'rasio':>8}")
    for label, path in cases:
        if args.tandai:
            ours_run, base_run = _marking_runs(path)
        else:
            ours_run = process([sys.executable, "-m", "renaksi_xl", "validasi", str(path)])
            base_run = process(
                [sys.executable, "-c", f"import openpyxl; openpyxl.load_workbook({str(path)!r})"]
            )
        paired(ours_run, base_run, 1)  # warm the file cache and the bytecode
        ours, base, ratio = paired(ours_run, base_run, args.ulang)
        print(f"{label:<34}{ours:>9.3f}s{base:>9.3f}s{ratio:>8.2f}")
    if args.tandai:
        print("target: rasio ≤ 1,0 (validasi --tandai terhadap openpyxl membuka dan menyimpan)")
    else:
        print("target: rasio ≤ 0,5 (rujukan) dan ≤ 0,6 (2.000 baris)")


def _marking_runs(path: Path) -> tuple[Callable[[], object], Callable[[], object]]:
    """``validasi --tandai`` (its earlier output removed first, so every run writes one)
    and a bare openpyxl load and save of the same workbook."""
    marked = path.with_name(f"{path.stem}-divalidasi{path.suffix}")
    mark = process([sys.executable, "-m", "renaksi_xl", "validasi", str(path), "--tandai"])
    saved = path.with_name(f"{path.stem}-openpyxl{path.suffix}")
    code = f"import openpyxl; openpyxl.load_workbook({str(path)!r}).save({str(saved)!r})"
    base = process([sys.executable, "-c", code])

    def ours() -> object:
        marked.unlink(missing_ok=True)
        return mark()

    return ours, base


if __name__ == "__main__":
    main()
