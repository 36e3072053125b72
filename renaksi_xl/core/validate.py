"""The validation engine: run the rule catalogue over a Renaksi and collect a Report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field

from renaksi_xl.core.findings import Finding, Report, Severity
from renaksi_xl.core.model import Renaksi
from renaksi_xl.core.record import record
from renaksi_xl.core.rules import Rule, all_rules
from renaksi_xl.core.rules.document import Document


@record
class RuleConfig:
    """Which rules run and how severe they are. Codes may be prefixes: ``RNX2`` is every
    RNX2xx rule (as in ruff)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        """Whether the rule with this code runs."""
        if self.select and not any(code.startswith(p) for p in self.select):
            return False
        return not any(code.startswith(p) for p in self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        """The rule's severity after overrides (the longest matching prefix wins)."""
        matches = [p for p in self.severity if rule.code.startswith(p)]
        return self.severity[max(matches, key=len)] if matches else rule.severity


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """Codes or prefixes that match no rule of the catalogue."""
    known = [r.code for r in all_rules()]
    return [c for c in codes if not any(k.startswith(c) for k in known)]


def validate(renaksi: Renaksi, config: RuleConfig | None = None) -> Report:
    """Check the document against every enabled rule; the findings come sorted by location."""
    config = config or RuleConfig()
    document = Document(renaksi)
    findings = []
    skipped = []
    for rule in all_rules():
        if not config.enabled(rule.code):
            skipped.append(rule.code)
            continue
        severity = config.severity_of(rule)
        for hit in rule.check(document):
            findings.append(
                Finding(
                    code=rule.code,
                    severity=hit.severity or severity,
                    message=_tidy(rule.message.format(**hit.context)),
                    source=hit.source,
                    item=hit.item,
                    context=hit.context,
                )
            )
    return Report.build(renaksi.sumber, findings, _sheet_order(renaksi), skipped)


def _tidy(message: str) -> str:
    """A unit spelled with a dot (``keg.``) at the end of a sentence gives no double dot."""
    return message[:-1] if message.endswith("..") and not message.endswith("...") else message


def _sheet_order(renaksi: Renaksi) -> dict[str, int]:
    from renaksi_xl.core.layout import SHEET_KEGIATAN, SHEET_PROGRAM, SHEET_SASARAN

    return {SHEET_SASARAN: 0, SHEET_PROGRAM: 1, SHEET_KEGIATAN: 2}
