"""What validation finds: severities, findings and the report that collects them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import field
from enum import StrEnum
from typing import Any

from renaksi_xl.core.layout import column_number, split_coordinate
from renaksi_xl.core.model import Source
from renaksi_xl.core.record import record

REPORT_VERSION = 2
"""Version of the JSON envelope of ``renaksi validasi --format json`` (:func:`json_envelope`)."""


class Severity(StrEnum):
    """How bad a finding is: an error blocks signing, a warning asks for a look."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """Indonesian name, as users read it."""
        return {"error": "galat", "warning": "peringatan", "info": "info"}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity | None:
        """``galat``/``error``, ``peringatan``/``warning``, ``info`` (any case) → Severity."""
        key = text.strip().lower()
        for severity in cls:
            if key in (severity.value, severity.label):
                return severity
        return None


@record
class Finding:
    """One inconsistency: which rule, how bad, what is wrong (in Indonesian), where, which
    item of the document it concerns, and the values behind the message."""

    code: str
    severity: Severity
    message: str
    source: Source | None
    item: str
    context: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        """The finding in the report's JSON form."""
        source = self.source or Source()
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "sheet": source.sheet,
            "cell": source.cell,
            "line": source.line,
            "item": self.item,
            "context": {k: _plain(v) for k, v in self.context.items()},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def location_key(source: Source | None, sheet_order: Mapping[str, int]) -> tuple[Any, ...]:
    """Sort key: sheets in workbook order, then row, then column; or line, then column."""
    if source is None:
        return (2, 0, 0, 0)
    if source.cell is not None:
        split = split_coordinate(source.cell)
        row, column = (split[1], column_number(split[0])) if split else (0, 0)
        return (0, sheet_order.get(source.sheet or "", len(sheet_order)), row, column)
    return (1, 0, source.line or 0, source.column or 0)


@record
class Report:
    """All findings of one document, sorted by where they are."""

    file: str | None
    findings: tuple[Finding, ...]
    skipped: tuple[str, ...] = ()
    """Codes of the catalogue's rules that did not run (``--pilih``/``--abaikan``)."""

    @classmethod
    def build(
        cls,
        file: str | None,
        findings: Iterable[Finding],
        sheet_order: Mapping[str, int],
        skipped: Iterable[str] = (),
    ) -> Report:
        """A report with the findings sorted by location (and code, for the same place)."""
        ordered = sorted(findings, key=lambda f: (location_key(f.source, sheet_order), f.code))
        return cls(file, tuple(ordered), tuple(skipped))

    @property
    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        counted = Counter(f.severity for f in self.findings)
        return {s.value: counted.get(s, 0) for s in Severity}

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def complete(self) -> bool:
        """True when every rule of the catalogue ran."""
        return not self.skipped

    @property
    def ready(self) -> bool:
        """Ready to sign: the whole catalogue ran and found no error. (An empty document is
        never ready: it gets an RNX101 error for each missing part.)"""
        return self.ok and self.complete

    @property
    def verdict(self) -> str:
        """``siap ditandatangani`` only when :attr:`ready`; otherwise why not."""
        if self.ready:
            return "siap ditandatangani"
        if not self.ok:
            return "belum siap ditandatangani"
        return f"belum tentu siap ditandatangani: {len(self.skipped)} aturan tidak dijalankan"

    @property
    def skipped_line(self) -> str:
        """``Aturan yang tidak dijalankan: RNX101, …`` (empty when all ran)."""
        if not self.skipped:
            return ""
        return f"Aturan yang tidak dijalankan ({len(self.skipped)}): {', '.join(self.skipped)}."

    def to_json(self) -> dict[str, Any]:
        """One file of the envelope: ``{"file", "ok", "siap", "counts", "skipped",
        "findings": [...]}``."""
        return {
            "file": self.file,
            "ok": self.ok,
            "siap": self.ready,
            "counts": self.counts,
            "skipped": list(self.skipped),
            "findings": [f.to_json() for f in self.findings],
        }


def json_envelope(
    reports: Iterable[Report], failed: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """The JSON report of ``renaksi validasi``, the same shape for one file or many:
    ``{"version": 2, "ok", "counts", "files": [...], "failed": [{"file", "error"}]}``.
    ``ok`` is true when every file was read and none has an error."""
    reports = list(reports)
    failures = [{"file": file, "error": error} for file, error in failed]
    counts = {s.value: sum(r.counts[s.value] for r in reports) for s in Severity}
    return {
        "version": REPORT_VERSION,
        "ok": not failures and all(r.ok for r in reports),
        "counts": counts,
        "files": [r.to_json() for r in reports],
        "failed": failures,
    }
