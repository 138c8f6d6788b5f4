"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from cocite.errors import OutputError


def write_atomic(path: Path, data: bytes | str | Sequence[bytes]) -> None:
    """Write ``data`` to ``path`` via a temp file in the same directory, fsync, then rename.

    ``data`` may be a sequence of byte strings, written one after the other (so a large
    file need not be joined into one more copy in memory first). The temp file is removed
    if anything fails, so no debris is left next to the target. An existing file's
    permission bits are kept.
    """
    chunks: Sequence[bytes]
    if isinstance(data, str):
        chunks = (data.encode("utf-8"),)
    elif isinstance(data, (bytes, bytearray, memoryview)):
        chunks = (bytes(data) if not isinstance(data, bytes) else data,)
    else:
        chunks = data
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        raise
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    # Make the rename itself durable; not possible on every platform, so best effort.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a data folder while its files are read, changed and written.

    ``cocite add`` and ``cocite fmt`` both take it, so neither loses the other's change.
    No lock file is left behind on POSIX (the folder itself is locked).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: a lock file beside the data
        import msvcrt  # type: ignore[import-not-found,unused-ignore]

        with open(folder / ".cocite-add.lock", "a+b") as fh:
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
            try:
                yield
            finally:
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
