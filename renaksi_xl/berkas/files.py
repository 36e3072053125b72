"""Writing files so that nothing is lost: one door for every file the tool writes.

:func:`publish` writes a temporary file beside the target, checks it (a workbook is
re-opened and checked by :mod:`renaksi_xl.berkas.package_check`), and only then renames it into
place. It never replaces an existing file unless asked, never writes over one of the
command's inputs, gives a new file the mode the user's umask allows and a replaced file its
old mode and owner, writes through a symbolic link to the file it points at, and — for a
file changed in place — holds a lock on it and keeps a backup under a name no other run can
take.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from renaksi_xl.errors import OutputExistsError, RenaksiError, UnreadableFileError

PACKAGE_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlam"})
LOCK_WAIT_SECONDS = 30.0
"""How long an in-place run waits for another run on the same file before refusing."""


class OutputIsInputError(RenaksiError):
    """The output would be written over one of the command's inputs: refused (exit 3)."""


class OutputCheckError(RenaksiError):
    """What was written failed the check before publishing; nothing was published."""


class FileBusyError(RenaksiError):
    """Another run (or Excel) is working on the file."""


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: after ``..`` and symbolic links, or as hard links."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return first.samefile(second)
    except OSError:
        return False


def refuse_existing(target: Path, *, overwrite: bool, inputs: Sequence[Path] = ()) -> None:
    """Raise when ``target`` is one of ``inputs``, or exists and ``overwrite`` is false:
    the same policy for every command, checked before any work is done."""
    for source in inputs:
        if same_file(target, source):
            raise OutputIsInputError(
                f"berkas hasil sama dengan berkas masukan '{source}'; pilih nama lain "
                "(masukan tidak pernah ditimpa)",
                file=target,
            )
    if not overwrite and (target.exists() or target.is_symlink()):
        raise OutputExistsError(target)


def publish(
    target: Path,
    write: Callable[[Path], object],
    *,
    inputs: Sequence[Path] = (),
    overwrite: bool = False,
    check: bool = True,
) -> Path:
    """Write a new output file ``target`` through ``write(temporary_path)``.

    Refuses (before writing) when ``target`` is one of ``inputs`` or exists without
    ``overwrite``; a workbook is checked before it is renamed into place. Returns
    ``target``."""
    refuse_existing(target, overwrite=overwrite, inputs=inputs)
    return write_atomically(target, write, check=check)


def write_atomically(
    target: Path,
    write: Callable[[Path], object],
    *,
    check: bool = True,
    before_replace: Callable[[], object] | None = None,
) -> Path:
    """Call ``write(temporary_path)`` and move the result onto ``target`` in one step, so a
    failure half-way never leaves a broken or partial file at ``target``. A workbook
    (``.xlsx``/``.xlsm``/``.xlam``) is re-opened and checked first (``check``); a file that
    fails is not published. ``target`` is replaced if it exists (see :func:`publish` for
    the policy); a symbolic link keeps pointing at the file, which is replaced.
    ``before_replace()`` runs once the result has passed, just before the rename."""
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    temporary = _temporary_beside(real, real.suffix)
    try:
        write(temporary)
        if check and real.suffix.lower() in PACKAGE_SUFFIXES:
            _check_package(temporary, target)
        _give_mode(temporary, real)
        _flush_to_disk(temporary)
        if before_replace is not None:
            before_replace()
        temporary.replace(real)
    except OSError as error:
        raise UnreadableFileError(
            f"berkas tidak dapat ditulis ({error.strerror})", file=target
        ) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return target


def _temporary_beside(path: Path, suffix: str) -> Path:
    """A new empty hidden file in ``path``'s folder (made if missing), for content that
    takes ``path``'s or another name only once it is whole."""
    import tempfile  # not at the top: it brings random and hashing, which reading never needs

    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.stem[:40]}-", suffix=suffix, dir=folder)
    except OSError as error:
        raise UnreadableFileError(
            f"folder tidak dapat ditulisi ({error.strerror})", file=folder
        ) from error
    os.close(handle)
    return Path(name)


def _check_package(temporary: Path, target: Path) -> None:
    from renaksi_xl.berkas.package_check import package_problems

    problems = package_problems(temporary)
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; dan {len(problems) - 3} lagi" if len(problems) > 3 else ""
        )
        raise OutputCheckError(
            f"hasil tidak lolos pemeriksaan sebelum disimpan ({shown}); tidak ada berkas "
            "yang ditulis dan masukan tidak diubah. Mohon laporkan berkas ini.",
            file=target,
        )


def _give_mode(temporary: Path, real: Path) -> None:
    """The mode and owner a replaced file had; for a new file, what the umask allows
    (``mkstemp`` makes it readable by its owner only)."""
    try:
        existing = real.stat()
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)
        return
    temporary.chmod(stat.S_IMODE(existing.st_mode))
    if hasattr(os, "chown"):
        with contextlib.suppress(OSError):  # only an administrator may give files away
            os.chown(temporary, existing.st_uid, existing.st_gid)


def _flush_to_disk(path: Path) -> None:
    """The bytes on disk before the rename, so a power cut leaves the old or the new file."""
    with contextlib.suppress(OSError), path.open("rb+") as handle:
        os.fsync(handle.fileno())


BACKUP_INFIX = ".cadangan-"


def keep_backup(path: Path) -> Path:
    """Copy ``path`` to ``NAME.cadangan-YYYYMMDD-HHMMSS.xlsx`` beside it (``…-2``, ``…-3``
    when that name is taken: a backup never replaces another), before the file is
    replaced; returns the copy. The copy is whole before it takes its name, so a run
    stopped half-way leaves no partial backup under a backup's name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    real = Path(os.path.realpath(path))
    copy = _temporary_beside(path, ".cadangan")
    try:
        with copy.open("wb") as out, real.open("rb") as original:
            shutil.copyfileobj(original, out)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(real, copy)
        for number in range(1, 10_000):
            suffix = "" if number == 1 else f"-{number}"
            backup = path.with_name(f"{path.stem}{BACKUP_INFIX}{stamp}{suffix}{path.suffix}")
            try:
                _take_name(copy, backup)
            except FileExistsError:
                continue
            return backup
    except OSError as error:
        raise UnreadableFileError(
            f"cadangan tidak dapat dibuat ({error.strerror}); berkas tidak diubah", file=path
        ) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            copy.unlink()
    raise UnreadableFileError("terlalu banyak cadangan dengan waktu yang sama", file=path)


def _take_name(source: Path, name: Path) -> None:
    """Give ``source``'s content the name ``name`` without ever replacing a file already
    called so (FileExistsError then): a hard link where the file system has them, else an
    exclusive copy."""
    try:
        os.link(source, name)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network shares, FAT)
        with name.open("xb") as out, source.open("rb") as original:
            shutil.copyfileobj(original, out)
        shutil.copystat(source, name)


def not_writable(path: Path) -> str | None:
    """Why the file must not be replaced in place, if it must not: marked read-only, or
    open in Excel (which leaves a ``~$`` lock file beside it)."""
    if path.with_name(f"~${path.name}").exists():
        return "sedang dibuka di Excel (terkunci); tutup dulu di Excel"
    # the mode bits, not os.access alone: an administrator may write anything, but a file
    # marked read-only was marked so on purpose
    real = Path(os.path.realpath(path))
    if not real.stat().st_mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        return "berkas hanya-baca"
    return None


@contextlib.contextmanager
def locked(path: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the tool's lock on ``path`` while it is changed in place, so that two runs on
    one file (two users, a folder listing it twice) take turns instead of one losing the
    other's change. Waits up to ``wait`` seconds, then refuses in plain words."""
    real = Path(os.path.realpath(path))
    lock = real.with_name(f".~renaksi.{real.name}.kunci")
    deadline = time.monotonic() + wait
    while True:
        handle = _try_lock(lock)
        if handle is not None:
            break
        if time.monotonic() >= deadline:
            raise FileBusyError(
                "sedang diubah oleh proses renaksi lain; coba lagi setelah selesai", file=path
            )
        time.sleep(0.05)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()
        _unlock(handle)


def _try_lock(lock: Path) -> int | None:
    """An open descriptor holding the lock file's lock, or None when another run has it.
    The file is removed on release; a lock taken on a file already removed is retried."""
    try:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise UnreadableFileError(
            f"folder tidak dapat ditulisi ({error.strerror})", file=lock.parent
        ) from error
    if not _lock_descriptor(descriptor):
        os.close(descriptor)
        return None
    try:
        same = os.path.samestat(os.fstat(descriptor), lock.stat())
    except FileNotFoundError:
        same = False
    if not same:  # the previous holder removed it between our open and our lock
        _unlock(descriptor)
        return None
    return descriptor


def _lock_descriptor(descriptor: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        os.close(descriptor)  # closing releases flock and msvcrt locks alike


def replace_in_place(path: Path, write: Callable[[Path], object]) -> Path:
    """Change ``path`` itself through ``write(temporary_path)`` (which may read ``path``):
    under the tool's lock, refusing read-only files and files open in Excel, with a backup
    kept before the rename. Returns the backup."""
    with locked(path):
        problem = not_writable(path)
        if problem:
            raise FileBusyError(f"{problem}; tidak diubah", file=path)
        backups: list[Path] = []
        # the backup only once the result has passed: a file that fails leaves none
        write_atomically(path, write, before_replace=lambda: backups.append(keep_backup(path)))
    return backups[0]


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
