"""The rule catalogue: its shape, and every rule against its failing and passing cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_cases import CASES, SIGNATURE, Case, load_cases

from renaksi_xl import load
from renaksi_xl.core.findings import Severity
from renaksi_xl.core.rules import all_rules
from renaksi_xl.core.validate import RuleConfig, validate

DESIGN_CODES = {
    "RNX101",
    "RNX102",
    "RNX103",
    "RNX104",
    "RNX105",
    "RNX106",
    "RNX107",
    "RNX201",
    "RNX202",
    "RNX203",
    "RNX204",
    "RNX205",
    "RNX206",
    "RNX207",
    "RNX208",
    "RNX209",
    "RNX210",
    "RNX301",
    "RNX302",
    "RNX303",
    "RNX304",
    "RNX305",
    "RNX306",
    "RNX401",
}


def test_catalogue_has_every_design_rule_once() -> None:
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    assert set(codes) == DESIGN_CODES


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented_with_a_wrong_and_a_right_example(rule: object) -> None:
    from renaksi_xl.core.rules import Rule

    assert isinstance(rule, Rule)
    assert "Salah:" in rule.doc and "Benar:" in rule.doc
    assert rule.title and rule.message
    assert (CASES / f"{rule.code}.toml").exists()


def _validate_case(case: Case, tmp_path: Path) -> list[tuple[str, str, dict[str, object]]]:
    path = tmp_path / f"{case.code}.txt"
    path.write_text(case.text(), encoding="utf-8")
    report = validate(case.apply(load(path)))
    return [(f.code, f.message, dict(f.context)) for f in report.findings]


CASE_LIST = load_cases()


@pytest.mark.parametrize("case", CASE_LIST, ids=lambda c: c.id)
def test_rule_case(case: Case, tmp_path: Path) -> None:
    findings = _validate_case(case, tmp_path)
    codes = [code for code, _, _ in findings]
    if case.kind == "salah":
        assert case.code in codes, findings
    else:
        assert case.code not in codes, findings
    rules = {r.code: r for r in all_rules()}
    for code, message, context in findings:
        assert rules[code].placeholders <= set(context), (code, context)
        assert "{" not in message


def test_every_rule_has_failing_and_passing_cases() -> None:
    kinds = {(c.code, c.kind) for c in CASE_LIST}
    for code in DESIGN_CODES:
        assert (code, "salah") in kinds and (code, "benar") in kinds, code


def test_the_base_case_document_is_clean(tmp_path: Path) -> None:
    base = Case("dasar", "benar", "dokumen dasar", {})
    assert _validate_case(base, tmp_path) == []


def test_select_ignore_and_severity_overrides(tmp_path: Path) -> None:
    case = Case(
        "x",
        "salah",
        "campuran",
        {
            "kegiatan": ["|1. Rapat koordinasi|Jumlah koordinasi|170 Koordinasi||||39|48|48|36|"],
            "ttd": [*SIGNATURE[:-1], "NIP. 19671020 1988031 1 009"],
        },
    )
    path = tmp_path / "x.txt"
    path.write_text(case.text(), encoding="utf-8")
    renaksi = load(path)
    every = {f.code for f in validate(renaksi).findings}
    assert {"RNX201", "RNX301", "RNX107"} <= every
    only_targets = validate(renaksi, RuleConfig(select=("RNX2",)))
    assert {f.code for f in only_targets.findings} == {"RNX201"}
    ignored = validate(renaksi, RuleConfig(ignore=("RNX3", "RNX107")))
    assert "RNX301" not in {f.code for f in ignored.findings}
    softer = validate(renaksi, RuleConfig(severity={"RNX201": Severity.INFO}))
    assert next(f for f in softer.findings if f.code == "RNX201").severity is Severity.INFO


@pytest.mark.parametrize(
    "case",
    [c for c in CASE_LIST if c.code in ("RNX209", "RNX210") and c.kind == "salah"],
    ids=lambda c: c.id,
)
def test_a_typing_slip_is_one_finding_not_a_sum_error(case: Case, tmp_path: Path) -> None:
    findings = _validate_case(case, tmp_path)
    assert [code for code, _, _ in findings] == [case.code], findings
