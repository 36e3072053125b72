"""The rule catalogue: one module per group, each rule a small function with a stable code.

A rule is registered with :func:`rule`, receives the :class:`Document` (the model prepared
for checking: every indicator with its item path and sifat) and yields :class:`Hit` s; the
engine turns them into findings by filling the rule's Indonesian message template from the
hit's context. Rules never raise on bad data: what cannot be judged is not judged.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from dataclasses import field
from typing import Any

from renaksi_xl.core.findings import Severity
from renaksi_xl.core.model import Source
from renaksi_xl.core.record import record


@record
class Hit:
    """A rule's raw finding: where, which item, and the values for the message."""

    source: Source | None
    item: str
    context: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None


@record
class Rule:
    """A catalogue entry: code, default severity, title, message template and the check."""

    code: str
    severity: Severity
    title: str
    message: str
    check: Callable[[Any], Iterator[Hit]]

    @property
    def doc(self) -> str:
        """The rule's docstring: what it checks, with a wrong and a right example."""
        return (self.check.__doc__ or "").strip()

    @property
    def placeholders(self) -> set[str]:
        """Names the message template needs from a hit's context."""
        return {name for _, name, _, _ in string.Formatter().parse(self.message) if name}


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, severity: Severity, title: str, message: str
) -> Callable[[Callable[[Any], Iterator[Hit]]], Callable[[Any], Iterator[Hit]]]:
    """Register a check function under a stable code."""

    def register(check: Callable[[Any], Iterator[Hit]]) -> Callable[[Any], Iterator[Hit]]:
        if code in REGISTRY:
            raise ValueError(f"kode aturan ganda: {code}")
        REGISTRY[code] = Rule(code, severity, title, message, check)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by code (importing the rule modules registers them)."""
    from renaksi_xl.core.rules import (  # noqa: F401
        anggaran,
        anggaran_tertulis,
        ketikan,
        struktur,
        target,
    )

    return [REGISTRY[code] for code in sorted(REGISTRY)]
