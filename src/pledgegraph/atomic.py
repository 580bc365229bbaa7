"""Write files so that a failure leaves nothing half-written: all content is made first, then
each file goes to a temporary name beside its target and is renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


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
