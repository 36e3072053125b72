"""Recomputation: hand-computed values for the reference document, and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference_facts import PROGRAM_BUDGETS, TOTAL

from renaksi_xl import Renaksi
from renaksi_xl.core.compute import (
    cumulative_percent,
    grand_total,
    program_budget,
    program_progress,
    recompute,
    rounded,
)
from renaksi_xl.core.model import Indikator, Kegiatan, Program, Quantity, Sifat, Target, Text


def _q(value: int | str, unit: str = "kali") -> Quantity:
    return Quantity(value=Decimal(value), unit=unit)


def _target(annual: int, quarters: list[int | None], sifat: Sifat | None = None) -> Target:
    q = [_q(v) if v is not None else Quantity() for v in quarters]
    return Target(_q(annual), (q[0], q[1], q[2], q[3]), sifat)


def _percents(values: tuple[Decimal | None, ...]) -> list[Decimal | None]:
    return [rounded(v) if v is not None else None for v in values]


def test_reference_subtotals_total_and_shares(reference: Renaksi) -> None:
    computed = recompute(reference)
    assert [p.subtotal_tertulis.value for p in computed.program if p.subtotal_tertulis] == [
        Decimal(b) for b in PROGRAM_BUDGETS
    ]
    assert computed.total_tertulis is not None and computed.total_tertulis.value == TOTAL
    assert grand_total(reference) == TOTAL
    shares = [p.porsi for p in computed.program]
    assert rounded(shares[0] or Decimal(0)) == Decimal("28.12")  # 287.238.000 / 1.021.600.000
    assert sum((s or Decimal(0) for s in shares), Decimal(0)) == Decimal(100)


def test_reference_cumulative_percentages(reference: Renaksi) -> None:
    computed = recompute(reference)
    cetakan = computed.program[0].kegiatan[0].aksi[1].indikator.target
    # 316, 316 + 514 = 830, 830 + 266 = 1096, 1096 + 264 = 1360 of 1360 (per triwulan)
    assert _percents(cetakan.kumulatif) == [
        Decimal("23.24"),
        Decimal("61.03"),
        Decimal("80.59"),
        Decimal("100.00"),
    ]
    assert cetakan.kumulatif[1] == Decimal(830) / Decimal(1360) * 100
    program = computed.program[0].indikator[0].target  # 18%, 48%, 72%, 100% (kumulatif)
    assert _percents(program.kumulatif) == [
        Decimal(v) for v in ("18.00", "48.00", "72.00", "100.00")
    ]
    kendaraan = computed.program[1].kegiatan[2].indikator.target  # 7 unit every quarter (tetap)
    assert kendaraan.kumulatif == (Decimal(100),) * 4


def test_recompute_leaves_its_input_alone(reference: Renaksi) -> None:
    before = reference.to_dict()
    recompute(reference)
    assert reference.to_dict() == before
    assert reference.program[0].kegiatan[0].indikator.target.kumulatif == ()


def test_sifat_decides_the_percentages() -> None:
    assert _percents(cumulative_percent(_target(12, [3, 3, 3, 3], Sifat.PER_TRIWULAN))) == [
        Decimal("25.00"),
        Decimal("50.00"),
        Decimal("75.00"),
        Decimal("100.00"),
    ]
    assert _percents(cumulative_percent(_target(100, [20, None, 60, 100], Sifat.KUMULATIF))) == [
        Decimal("20.00"),
        Decimal("20.00"),
        Decimal("60.00"),
        Decimal("100.00"),
    ]
    assert cumulative_percent(_target(21, [21, None, 21, 21], Sifat.TETAP)) == (
        Decimal(100),
        None,
        Decimal(100),
        Decimal(100),
    )
    assert cumulative_percent(_target(0, [1, 1, 1, 1], Sifat.PER_TRIWULAN)) == (None,) * 4


def test_program_progress_is_budget_weighted() -> None:
    def kegiatan(budget: int, target: Target) -> Kegiatan:
        return Kegiatan(Text("k"), Indikator(Text("i"), target), _q(budget, "rupiah"))

    program = Program(
        Text("p"),
        kegiatan=(
            kegiatan(300, _target(4, [1, 1, 1, 1], Sifat.PER_TRIWULAN)),  # 25, 50, 75, 100
            kegiatan(100, _target(4, [None, None, None, 4], Sifat.PER_TRIWULAN)),  # 0, 0, 0, 100
        ),
    )
    assert program_progress(program) == (
        Decimal("18.75"),
        Decimal("37.5"),
        Decimal("56.25"),
        Decimal(100),
    )
    assert program_budget(program) == 400


amount = st.integers(min_value=0, max_value=10_000)


@given(st.lists(amount, min_size=4, max_size=4).filter(lambda v: sum(v) > 0))
def test_per_quarter_percentages_never_decrease_and_end_at_100(values: list[int]) -> None:
    result = cumulative_percent(_target(sum(values), list(values), Sifat.PER_TRIWULAN))
    numbers = [v for v in result if v is not None]
    assert numbers == sorted(numbers)
    assert result[3] == Decimal(100)


@given(st.lists(amount, min_size=4, max_size=4).filter(lambda v: v[-1] > 0))
def test_cumulative_percentages_of_a_rising_series_never_decrease(values: list[int]) -> None:
    rising = sorted(values)
    result = cumulative_percent(_target(rising[-1], list(rising), Sifat.KUMULATIF))
    numbers = [v for v in result if v is not None]
    assert numbers == sorted(numbers) and result[3] == Decimal(100)


@given(st.lists(st.lists(st.integers(0, 10**12), max_size=5), min_size=1, max_size=6))
def test_subtotals_add_up_to_the_total(budgets: list[list[int]]) -> None:
    programs = tuple(
        Program(
            Text(f"p{n}"),
            kegiatan=tuple(
                Kegiatan(Text("k"), Indikator(Text("i")), _q(b, "rupiah")) for b in program
            ),
        )
        for n, program in enumerate(budgets)
    )
    computed = recompute(Renaksi(program=programs))
    subtotals = [
        p.subtotal_tertulis.value or Decimal(0) for p in computed.program if p.subtotal_tertulis
    ]
    assert computed.total_tertulis is not None
    assert sum(subtotals, Decimal(0)) == computed.total_tertulis.value == sum(map(sum, budgets))
    if computed.total_tertulis.value:
        shares = sum((p.porsi or Decimal(0) for p in computed.program), Decimal(0))
        assert shares == pytest.approx(Decimal(100))
