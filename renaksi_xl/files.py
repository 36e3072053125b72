"""Writing files so that nothing is lost: a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from renaksi_xl.errors import UnreadableFileError


def write_atomically(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(temporary_path)`` and move the result onto ``target`` in one step, so a
    failure half-way never leaves a broken or partial file at ``target``."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=folder)
    except OSError as error:
        raise UnreadableFileError(
            f"folder tidak dapat ditulisi ({error.strerror})", file=folder
        ) from error
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.replace(target)
    except OSError as error:
        raise UnreadableFileError(
            f"berkas tidak dapat ditulis ({error.strerror})", file=target
        ) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return target


def keep_backup(path: Path) -> Path:
    """Copy ``path`` to ``NAME.cadangan-YYYYMMDD-HHMMSS.xlsx`` beside it, before the file is
    replaced; returns the copy."""
    import shutil
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.cadangan-{stamp}{path.suffix}")
    shutil.copy2(path, backup)
    return backup


def read_text_file(path: Path, what: str = "berkas teks") -> str:
    """A text file as Indonesian offices save it: UTF-8 (with or without BOM) or Windows'
    "ANSI" (cp1252). Binary content is refused rather than read as gibberish."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise UnreadableFileError(f"bukan {what} (berisi data biner)", file=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
