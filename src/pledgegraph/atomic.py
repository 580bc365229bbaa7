"""Write files so that a failure leaves nothing half-written: a file goes to a temporary name
beside its target and is renamed into place; a set of files (``build``'s output folder) is
written into a new folder beside the old one and swapped in with one rename."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import tempfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pledgegraph.errors import PledgeGraphError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every ``name -> content`` into ``folder``; content must be complete beforehand."""
    written = []
    for name, data in files.items():
        target = folder / name
        write_atomic(target, data)
        written.append(target)
    return written


# ---------------------------------------------------------------- a folder as a set

_RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths in one step
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` in one system call (Linux ``renameat2``); False where the
    system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """While writing, SIGTERM unwinds like Ctrl-C does (``finally`` blocks run), then the
    process exits with the usual status 143."""

    def interrupted(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, interrupted)
    except ValueError:  # not the main thread: signals stay as they are
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check_replaceable(out: Path, names: Collection[str]) -> None:
    """``out`` may be replaced only if it is missing, or a folder holding only ``names``."""
    if not out.exists():
        return
    if not out.is_dir():
        raise PledgeGraphError(f"{out}: not a folder")
    foreign = sorted(p.name for p in out.iterdir() if p.name not in names)
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise PledgeGraphError(
            f"{out}: holds files a build does not write ({shown}); "
            "remove them or choose another folder with --out"
        )


@contextmanager
def replaced_folder(out: Path, names: Collection[str]) -> Iterator[Path]:
    """A new empty folder beside ``out`` to write a set of files into; when the block ends
    without error, it takes the place of ``out`` in one step and the old set is removed.

    An error, Ctrl-C or SIGTERM inside the block removes the new folder and leaves ``out`` as
    it was. ``out`` must hold only files named in ``names`` (see ``check_replaceable``).
    """
    out = out.absolute()
    check_replaceable(out, names)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    try:
        with _terminate_as_exception():
            yield staging
            staging.chmod(0o755)
            blocked = {signal.SIGINT, signal.SIGTERM}
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
            try:
                _swap_in(staging, out)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the new set if it failed, else the old


def _swap_in(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out``; the old ``out`` (if any) ends up at ``staging``."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
    old.rmdir()
    out.rename(old)
    staging.rename(out)
    old.rename(staging)
