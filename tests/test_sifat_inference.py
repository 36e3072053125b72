"""Sifat inference reads a series as a reviewer does: the table it stands in and its shape
come before the arithmetic gap, and a cell wrong for one cause gets one finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_cases import Case

from renaksi_xl import load
from renaksi_xl.core.model import Renaksi, Sifat, Target
from renaksi_xl.core.quantity import parse_quantity
from renaksi_xl.core.sifat import PROGRAM_TABLE, infer, infer_counts, with_inferred_sifat
from renaksi_xl.core.validate import validate


def target(annual: str, *quarters: str) -> Target:
    tw = tuple(parse_quantity(q) for q in quarters)
    assert len(tw) == 4
    return Target(parse_quantity(annual), tw)


def document(tmp_path: Path, **data: object) -> Renaksi:
    path = tmp_path / "dok.txt"
    path.write_text(Case("x", "salah", "", dict(data)).text(), encoding="utf-8")
    return load(path)


def findings(renaksi: Renaksi) -> list[tuple[str, str]]:
    """(code, cell as 'baris N, kolom M') of the target rules' findings."""
    return [
        (f.code, f.source.describe() if f.source else "")
        for f in validate(renaksi).findings
        if f.code.startswith("RNX2")
    ]


def test_a_program_percentage_series_with_one_dip_is_cumulative(tmp_path: Path) -> None:
    """The issue's case: 100% | 20%, 45%, 40%, 100% in the Program table."""
    renaksi = document(
        tmp_path,
        program=["1|Program Uji Coba|Persentase kegiatan terlaksana|100%|20%|45%|40%|100%"],
    )
    inference = infer(renaksi.program[0].indikator[0].target, PROGRAM_TABLE)
    assert inference is not None
    assert (inference.sifat, inference.exact) == (Sifat.KUMULATIF, False)
    found = [f for f in validate(renaksi).findings if f.code.startswith("RNX2")]
    assert [f.code for f in found] == ["RNX202"]
    assert found[0].message == (
        "Sifat kumulatif: TW III = 40% lebih rendah dari 45% pada triwulan sebelumnya "
        "(sifat kumulatif disimpulkan dari angka TW, paling mendekati)."
    )
    assert "TW III" in found[0].message
    inferred = with_inferred_sifat(renaksi)
    assert inferred.program[0].indikator[0].target.sifat is Sifat.KUMULATIF


def test_the_program_table_context_decides_a_series_with_two_dips(tmp_path: Path) -> None:
    """30%, 20%, 10%, 100% is no shape of its own; in the Program table, ending at the
    annual target, it is the program's cumulative progress written wrongly twice."""
    series = target("100%", "30%", "20%", "10%", "100%")
    program = infer(series, PROGRAM_TABLE)
    elsewhere = infer(series)
    assert program is not None and elsewhere is not None
    assert program.sifat is Sifat.KUMULATIF
    assert elsewhere.sifat is Sifat.PER_TRIWULAN  # the closest gap, without the context
    renaksi = document(
        tmp_path,
        program=["1|Program Uji Coba|Persentase kegiatan terlaksana|100%|30%|20%|10%|100%"],
    )
    assert [code for code, _ in findings(renaksi)] == ["RNX202", "RNX202"]
    assert infer_counts(renaksi).inexact == 1


def test_a_program_series_that_does_not_end_at_the_target_keeps_the_closest_fit() -> None:
    series = target("100%", "25%", "25%", "25%", "25%")
    inference = infer(series, PROGRAM_TABLE)
    assert inference is not None and (inference.sifat, inference.exact) == (
        Sifat.PER_TRIWULAN,
        True,
    )


@pytest.mark.parametrize(
    ("series", "sifat"),
    [
        (("12 laporan", "3 laporan", "6 laporan", "5 laporan", "12 laporan"), Sifat.KUMULATIF),
        (("100%", "20%", "45%", "40%", "100%"), Sifat.KUMULATIF),
        # level, not rising: a stock that missed its level once
        (("21 desa", "21 desa", "21 desa", "18 desa", "21 desa"), Sifat.TETAP),
        # two dips: no cumulative shape; the closest type wins
        (("12 laporan", "4 laporan", "3 laporan", "2 laporan", "2 laporan"), Sifat.PER_TRIWULAN),
    ],
)
def test_the_shape_of_a_series_outside_the_program_table(
    series: tuple[str, ...], sifat: Sifat
) -> None:
    inference = infer(target(*series))
    assert inference is not None and inference.sifat is sifat and not inference.exact


def test_exact_fits_still_win() -> None:
    for series, sifat in [
        (("1360 bh", "316 bh", "514 bh", "266 bh", "264 bh"), Sifat.PER_TRIWULAN),
        (("100%", "18%", "48%", "72%", "100%"), Sifat.KUMULATIF),
        (("7 unit", "7 unit", "7 unit", "7 unit", "7 unit"), Sifat.TETAP),
    ]:
        inference = infer(target(*series), PROGRAM_TABLE)
        assert inference is not None and (inference.sifat, inference.exact) == (sifat, True)


def test_120_percent_in_a_quarter_is_one_finding_on_its_cell(tmp_path: Path) -> None:
    """100% every quarter but 120% in TW III: RNX206 says it; RNX204 does not say it again."""
    renaksi = document(
        tmp_path,
        program=["1|Program Uji Coba|Persentase kegiatan terlaksana|100%|100%|100%|120%|100%"],
    )
    found = findings(renaksi)
    assert [code for code, _ in found] == ["RNX206"]
    assert len({cell for _, cell in found}) == len(found)


def test_a_cumulative_series_ending_above_100_percent_is_one_finding(tmp_path: Path) -> None:
    """20%, 50%, 80%, 120%: TW IV is above 100% (RNX206); that it differs from the annual
    target is the same 120%, so no RNX203 on the same cell."""
    renaksi = document(
        tmp_path,
        program=["1|Program Uji Coba|Persentase kegiatan terlaksana|100%|20%|50%|80%|120%"],
    )
    inference = infer(renaksi.program[0].indikator[0].target, PROGRAM_TABLE)
    assert inference is not None and inference.sifat is Sifat.KUMULATIF
    found = findings(renaksi)
    assert [code for code, _ in found] == ["RNX206"]
    assert "TW IV = 120%" in next(
        f.message for f in validate(renaksi).findings if f.code == "RNX206"
    )
