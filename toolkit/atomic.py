"""Atomic file output: a result file is either complete or absent, never half-written.

Every writer in the toolkit goes through :func:`atomic_path` (or :func:`write_text`): the data go
to a hidden temporary file in the destination folder, which replaces the destination with
:func:`os.replace` only once it is complete. An interrupted run leaves the previous file (or no
file) and no temporary file behind.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "out" / "a.txt", "done")
PosixPath('...a.txt')
>>> (folder / "out" / "a.txt").read_text()
'done'
>>> with atomic_path(folder / "b.csv") as tmp:
...     _ = tmp.write_text("x,y")
>>> sorted(p.name for p in folder.iterdir())
['b.csv', 'out']
>>> oct((folder / "b.csv").stat().st_mode & 0o777) == oct(0o666 & ~_umask())
True
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "write_bytes", "write_text"]


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on error it is removed.

    Parent folders are created. The temporary name starts with a dot and ends in ``.tmp``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp creates owner-only files; give the result the mode an ordinary new file gets
        # (or keep the mode of the file it replaces)
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process umask (read by setting and restoring it: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; returns the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding, newline="")
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; returns the path."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
