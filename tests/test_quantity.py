"""Indonesian numbers, units and compound cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import quantities

from renaksi_xl.core.model import Quantity
from renaksi_xl.core.quantity import (
    UnitType,
    format_number,
    format_quantity,
    normalize_unit,
    parse_number,
    parse_quantity,
    same_quantity,
    unit_type,
    with_default_unit,
)


@pytest.mark.parametrize(
    ("text", "value", "unit", "unit_text"),
    [
        ("2 Jenis", "2", "jenis", "Jenis"),
        ("25.302 Lbr", "25302", "lembar", "Lbr"),
        ("1.021.600.000", "1021600000", None, None),
        ("82,5%", "82.5", "persen", "%"),
        ("90%", "90", "persen", "%"),
        ("90 %", "90", "persen", "%"),
        ("1360 bh", "1360", "buah", "bh"),
        ("266 Bh", "266", "buah", "Bh"),
        ("9 keg.", "9", "kegiatan", "keg."),
        ("6 Keg.", "6", "kegiatan", "Keg."),
        ("24 explar", "24", "eksemplar", "explar"),
        ("12 bln", "12", "bulan", "bln"),
        ("147 org", "147", "orang", "org"),
        ("3 Lap. Monev", "3", "laporan monev", "Lap. Monev"),
        ("12 Laporan Monev", "12", "laporan monev", "Laporan Monev"),
        ("7", "7", None, None),
        ("Rp 20.381.000,-", "20381000", "rupiah", "Rp"),
        ("Rp. 1.500.000,50", "1500000.5", "rupiah", "Rp."),
        ("-5 unit", "-5", "unit", "unit"),
    ],
)
def test_parses_reference_cells(
    text: str, value: str, unit: str | None, unit_text: str | None
) -> None:
    quantity = parse_quantity(text)
    assert quantity.is_parsed
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit
    assert quantity.unit_text == unit_text
    assert quantity.raw == text


def test_quantity_with_note() -> None:
    quantity = parse_quantity("6 Org ( 3 bln )")
    assert (quantity.value, quantity.unit, quantity.note) == (Decimal(6), "orang", "3 bln")


@pytest.mark.parametrize(
    ("text", "joiner", "parts"),
    [
        ("25 peserta / 30 kali", "/", [("25", "peserta"), ("30", "kali")]),
        ("25 Peserta/122 Kali", "/", [("25", "peserta"), ("122", "kali")]),
        ("46 Kahafila x 2 Keg.", "x", [("46", "kahafila"), ("2", "kegiatan")]),
    ],
)
def test_compound_cells_keep_each_quantity(
    text: str, joiner: str, parts: list[tuple[str, str]]
) -> None:
    quantity = parse_quantity(text)
    assert quantity.is_compound and quantity.is_parsed
    assert quantity.value is None
    assert quantity.joiner == joiner
    assert [(p.value, p.unit) for p in quantity.parts] == [(Decimal(v), u) for v, u in parts]


@pytest.mark.parametrize("text", ["", "   ", "-", "–"])
def test_blank_cells_are_empty(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.is_empty and quantity.is_parsed and quantity.value is None


def test_none_is_empty() -> None:
    assert parse_quantity(None).is_empty


@pytest.mark.parametrize(
    "text",
    ["82.5%", "1.5 bln", "Jumlah barang", "3 7", "1,2,3", "12.34.567", "5 (3", "Terlaksana"],
)
def test_ambiguous_or_wordy_text_is_unparsed_not_guessed(text: str) -> None:
    quantity = parse_quantity(text)
    assert not quantity.is_parsed
    assert quantity.value is None
    assert quantity.problem
    assert quantity.raw == text


def test_numeric_cells_are_taken_as_numbers() -> None:
    assert parse_quantity(20381000).value == Decimal(20381000)
    assert parse_quantity(0.1 + 0.2).value == Decimal("0.30000000000000004")
    assert parse_quantity(Decimal("82.50")).value == Decimal("82.5")
    percent = parse_quantity(0.9, number_format="0%")
    assert (percent.value, percent.unit, percent.raw) == (Decimal(90), "persen", "90%")
    assert parse_quantity(0.825, number_format="0.0%").value == Decimal("82.5")


def test_non_numbers_in_cells_are_problems() -> None:
    assert not parse_quantity(dt.date(2020, 1, 10)).is_parsed
    assert not parse_quantity(True).is_parsed
    assert not parse_quantity(float("nan")).is_parsed


def test_unit_aliases_and_types() -> None:
    assert normalize_unit("Keg.") == normalize_unit("kegiatan") == "kegiatan"
    assert normalize_unit("Org") == normalize_unit("orang") == "orang"
    assert normalize_unit("bh") == "buah"
    assert normalize_unit("Lap") == normalize_unit("laporan") == "laporan"
    assert normalize_unit("explar") == "eksemplar"
    assert normalize_unit("Koordinasi dan kunsultasi") == "koordinasi dan kunsultasi"
    assert unit_type("persen") is UnitType.PERSEN
    assert unit_type("rupiah") is UnitType.RUPIAH
    assert unit_type("bulan") is UnitType.WAKTU
    assert unit_type("laporan monev") is UnitType.JUMLAH
    assert unit_type("tp pkk") is None
    assert unit_type(None) is None


def test_bare_number_takes_the_annual_unit() -> None:
    annual = parse_quantity("28 Unit")
    quarter = with_default_unit(parse_quantity("3"), annual.unit, annual.unit_text)
    assert (quarter.value, quarter.unit, quarter.unit_inferred) == (Decimal(3), "unit", True)
    written = with_default_unit(parse_quantity("3 bh"), annual.unit, annual.unit_text)
    assert (written.unit, written.unit_inferred) == ("buah", False)


def test_number_spelling() -> None:
    assert parse_number("1.021.600.000") == Decimal(1021600000)
    assert parse_number("82,5") == Decimal("82.5")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("82.5") is None
    assert format_number(Decimal(1021600000)) == "1.021.600.000"
    assert format_number(Decimal("82.50")) == "82,5"
    assert format_number(Decimal("-1234.5")) == "-1.234,5"


# --- properties -------------------------------------------------------------------------

cell_values = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789.,% -/xRrpkeg()bln"),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(),
    st.dates(),
)


@given(cell_values, st.sampled_from([None, "General", "0%", "#,##0"]))
def test_parser_never_raises(value: object, number_format: str | None) -> None:
    quantity = parse_quantity(value, number_format=number_format)  # type: ignore[arg-type]
    assert quantity.is_parsed or quantity.problem
    assert quantity.is_parsed or quantity.value is None


@given(quantities())
def test_formatting_then_parsing_gives_the_quantity_back(quantity: Quantity) -> None:
    text = format_quantity(quantity)
    parsed = parse_quantity(text)
    assert parsed.is_parsed, (text, parsed.problem)
    assert same_quantity(parsed, quantity), (text, parsed)


@given(st.text())
def test_parsing_formatted_text_is_stable(text: str) -> None:
    first = parse_quantity(text)
    if first.is_parsed:
        assert same_quantity(parse_quantity(format_quantity(first)), first)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("(1.000.000)", None),
        ("(Rp 1.000.000)", "rupiah"),
        ("Rp (1.000.000)", "rupiah"),
        ("( 1.000.000,- )", None),
        ('" (1.000.000) "', None),  # an accounting cell exported to text, quotes and all
        ("(Rp 1000000)", "rupiah"),
    ],
)
def test_accounting_brackets_are_a_negative_amount(text: str, unit: str | None) -> None:
    quantity = parse_quantity(text)
    assert (quantity.value, quantity.unit, quantity.problem) == (Decimal(-1_000_000), unit, None)
    assert quantity.raw == text
    # in a budget cell (the reader's default unit) it is minus one million rupiah
    budget = with_default_unit(quantity, "rupiah", "Rp")
    assert (budget.value, budget.unit) == (Decimal(-1_000_000), "rupiah")
    again = parse_quantity(format_quantity(budget))
    assert again.value == Decimal(-1_000_000)


@pytest.mark.parametrize(
    "text", ["(5 dokumen)", "(-1.000.000)", "(0)", "(1.000.000) (2)", "(5)", "(250)"]
)
def test_other_bracketed_text_is_not_a_negative_amount(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity.value is None and quantity.problem
