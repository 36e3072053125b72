"""The validation report as text for people: grouped by table and item, counts at the end."""

from __future__ import annotations

import inspect
import re
from itertools import groupby

from renaksi_xl.core.findings import Finding, Report, Severity
from renaksi_xl.core.rules import Rule

TABLE_ORDER = ("Dokumen", "Sasaran Strategis", "Program", "Kegiatan", "Penandatangan")


def table_of(item: str) -> str:
    """Which part of the document an item path belongs to."""
    if item.startswith("Sasaran"):
        return "Sasaran Strategis"
    if item.startswith("Program"):
        return "Kegiatan" if "› Kegiatan" in item else "Program"
    if item == "Jumlah komulatif":
        return "Kegiatan"
    return item if item in TABLE_ORDER else "Dokumen"


def where(finding: Finding) -> str:
    """``Kegiatan!L30`` or ``baris 30, kolom 12``; empty when the whole document is meant."""
    return finding.source.describe() if finding.source is not None else ""


def counts_line(report: Report) -> str:
    """``24 galat, 10 peringatan, 4 info``."""
    counts = report.counts
    return ", ".join(f"{counts[s.value]} {s.label}" for s in Severity)


def format_report(report: Report) -> str:
    """The whole report for one file."""
    lines = [f"{report.file or '(tanpa nama)'}"]
    if not report.findings:
        lines.append("  Tidak ada temuan.")
    ordered = sorted(report.findings, key=lambda f: TABLE_ORDER.index(table_of(f.item)))
    for table, in_table in groupby(ordered, key=lambda f: table_of(f.item)):
        lines.append("")
        lines.append(f"{table}")
        for item, findings in groupby(in_table, key=lambda f: f.item):
            if item != table:
                lines.append(f"  {item}")
            for finding in findings:
                place = where(finding)
                prefix = f"{finding.severity.label} {finding.code}"
                lines.append(
                    f"    {prefix} {place}: {finding.message}"
                    if place
                    else f"    {prefix}: {finding.message}"
                )
    lines += ["", f"Jumlah temuan: {counts_line(report)} — {report.verdict}."]
    if report.skipped:
        lines.append(report.skipped_line)
    return "\n".join(lines)


_LITERAL = re.compile(r"``(.+?)``")
_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`~?([^`]+)`")


def plain_text(doc: str) -> str:
    """A docstring as people read it: no reStructuredText markup (````x```` becomes "x",
    roles lose their markup), no source indentation."""
    text = inspect.cleandoc(doc)
    text = _ROLE.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text)
    return _LITERAL.sub(lambda m: f'"{m.group(1)}"', text)


def format_rules(rules: list[Rule], detail: bool = False) -> str:
    """The catalogue: one line per rule, or each rule's explanation with examples."""
    if not detail:
        return "\n".join(f"{r.code}  {r.severity.label:<10}  {r.title}" for r in rules)
    blocks = []
    for rule in rules:
        blocks.append(
            f"{rule.code} — {rule.title} (bawaan: {rule.severity.label})\n\n{plain_text(rule.doc)}"
        )
    return "\n\n".join(blocks)
