"""Validation of the reference document finds what a careful reviewer finds there, by line
of ``renaksi-kecamatan-sidayu-2020.txt``, and leaves the correct rows alone."""

from __future__ import annotations

import pytest

from renaksi_xl import Renaksi
from renaksi_xl.core.findings import Report, Severity
from renaksi_xl.core.validate import validate


@pytest.fixture(scope="module")
def report(reference: Renaksi) -> Report:
    return validate(reference)


def lines_of(report: Report, code: str) -> list[int]:
    return sorted(
        f.source.line for f in report.findings if f.code == code and f.source and f.source.line
    )


def message_at(report: Report, code: str, line: int) -> str:
    return next(
        f.message for f in report.findings if f.code == code and f.source and f.source.line == line
    )


def test_quarters_adding_to_one_more_than_the_annual_target(report: Report) -> None:
    assert 41 in lines_of(report, "RNX201")
    assert "39 + 48 + 48 + 36 = 171" in message_at(report, "RNX201", 41)
    assert "target tahunan 170" in message_at(report, "RNX201", 41)


def test_per_quarter_percentages_adding_to_101(report: Report) -> None:
    assert lines_of(report, "RNX207") == [40]
    assert "22% + 29% + 28% + 22% berjumlah 101%" in message_at(report, "RNX207", 40)


def test_rows_shifted_one_column_to_the_right(report: Report) -> None:
    assert {128, 131, 134, 135, 139, 142, 143, 144} <= set(lines_of(report, "RNX103"))
    monev = message_at(report, "RNX103", 128)
    assert "bergeser satu kolom ke kanan" in monev
    assert "24 kali, 26 kali, 25 kali, 21 kali" in monev
    assert "sesuai target tahunan 96 Kali" in monev


def test_values_in_columns_their_row_does_not_use(report: Report) -> None:
    assert {34, 53} <= set(lines_of(report, "RNX103"))


def test_annual_units_that_differ_from_the_quarters(report: Report) -> None:
    assert lines_of(report, "RNX205") == [58, 69, 73, 90, 92, 117, 126, 134, 163]
    assert "21 TP PKK" in message_at(report, "RNX205", 73)


def test_aksi_copied_under_another_kegiatan(report: Report) -> None:
    assert lines_of(report, "RNX105") == [50]
    assert "Program 2 › Kegiatan 1" in message_at(report, "RNX105", 50)


def test_aksi_without_indicator(report: Report) -> None:
    assert lines_of(report, "RNX101") == [78, 91, 92, 122, 123, 125]


def test_malformed_nip(report: Report) -> None:
    assert lines_of(report, "RNX107") == [171]
    assert "19 angka" in message_at(report, "RNX107", 171)


def test_unknown_unit_spellings_are_information(report: Report) -> None:
    assert lines_of(report, "RNX104") == [73, 90, 116, 117]
    assert {f.severity for f in report.findings if f.code == "RNX104"} == {Severity.INFO}


def test_the_whole_report(report: Report) -> None:
    found = sorted({(f.code, f.source.line) for f in report.findings if f.source})
    assert found == sorted(
        [("RNX101", n) for n in (78, 91, 92, 122, 123, 125)]
        + [("RNX103", n) for n in (34, 53, 128, 131, 134, 135, 139, 142, 143, 144)]
        + [("RNX104", n) for n in (73, 90, 116, 117)]
        + [("RNX105", 50), ("RNX107", 171), ("RNX207", 40)]
        + [("RNX201", n) for n in (41, 130, 132, 140, 145)]
        + [("RNX205", n) for n in (58, 69, 73, 90, 92, 117, 126, 134, 163)]
    )
    assert report.counts == {"error": 24, "warning": 10, "info": 4}
    assert not report.ok


@pytest.mark.parametrize(
    ("line", "what"),
    [
        (32, "1360 bh = 316 + 514 + 266 + 264"),
        (33, "25.302 Lbr = 4.144 + 7.592 + 8.195 + 5.371"),
        (108, "25 Peserta/122 Kali: 25 peserta every quarter, 30 + 30 + 32 + 30 kali"),
        (111, "122 Kali = 30 + 30 + 32 + 30"),
        (14, "cumulative program percentages 18%, 48%, 72%, 100%"),
        (19, "100% every quarter"),
        (9, "SKM 90% in TW III only"),
        (47, "percent shares 18 + 27 + 43 + 12 = 100"),
        (51, "7 unit every quarter"),
        (164, "the stated total Rp 1.021.600.000"),
    ],
)
def test_correct_rows_are_not_flagged(report: Report, line: int, what: str) -> None:
    assert not [f for f in report.findings if f.source and f.source.line == line], what


def test_findings_are_sorted_by_location(report: Report) -> None:
    lines = [f.source.line for f in report.findings if f.source and f.source.line]
    assert lines == sorted(lines)
