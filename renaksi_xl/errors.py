"""Errors that mean "cannot proceed", each naming the file and, where known, sheet and cell.

Rules never raise for bad data (they report findings); these are for unreadable files and
layouts the tool does not recognise. Messages are Indonesian: users read them.
"""

from __future__ import annotations

from pathlib import Path

from renaksi_xl.core.model import Source


class RenaksiError(Exception):
    """Base class: a message plus where the problem is."""

    exit_code = 3
    """The command's exit code when this ends it: the input was refused."""

    def __init__(
        self, message: str, *, file: str | Path | None = None, source: Source | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.source = source

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"berkas '{self.file}'")
        if self.source is not None:
            if self.source.sheet:
                where.append(f"lembar '{self.source.sheet}'")
            if self.source.cell:
                where.append(f"sel {self.source.cell}")
            if self.source.line is not None:
                where.append(f"baris {self.source.line}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class UnreadableFileError(RenaksiError):
    """The file cannot be opened or is not in a format the tool reads."""


class LayoutError(RenaksiError):
    """The file opens, but its content is not a Renaksi layout the tool recognises."""


class OutputExistsError(RenaksiError):
    """The output file already exists and ``--timpa`` was not given: the request is refused
    (exit code 3 in every command)."""

    def __init__(self, target: str | Path) -> None:
        super().__init__("sudah ada (pakai --timpa untuk menimpa)", file=target)
