"""A small progress bar for long CLI work (drawn only on a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``[██████░░░░] 12/40  nama berkas`` on one line of stderr, redrawn in place."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.enabled = self.stream.isatty() and total > 1
        self.started = time.monotonic()

    def advance(self, note: str = "") -> None:
        """One more item finished."""
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = round(width * self.done / max(self.total, 1))
        bar = "█" * filled + "░" * (width - filled)
        text = f"\r{self.label} [{bar}] {self.done}/{self.total}  {note[:40]:<40}"
        self.stream.write(text)
        self.stream.flush()

    def close(self) -> float:
        """End the bar's line; returns the seconds elapsed."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
        return time.monotonic() - self.started
