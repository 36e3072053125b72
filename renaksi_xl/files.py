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
    """A text file as Indonesian offices save it: UTF-8 (with or without BOM), Windows'
    "ANSI" (cp1252) or Excel's "Unicode text" (UTF-16). Binary content is refused rather
    than read as gibberish; control characters other than tab and line ends are dropped
    (no workbook can hold them)."""
    import re

    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(
            f"{what} tidak dapat dibaca ({error.strerror or error})", file=path
        ) from error
    text = _utf16_text(data)
    if text is None:
        if b"\x00" in data:
            raise UnreadableFileError(f"bukan {what} (berisi data biner)", file=path)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def _utf16_text(data: bytes) -> str | None:
    """The text of a UTF-16 file (with a byte-order mark, or without one but with every
    other byte zero, as ASCII-only UTF-16 is); None for anything else."""
    head = data[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(head) >= 4 and head[1::2].count(0) > 0.9 * (len(head) // 2) and 0 not in head[0::2]:
        encoding = "utf-16-le"
    elif len(head) >= 4 and head[0::2].count(0) > 0.9 * (len(head) // 2) and 0 not in head[1::2]:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
