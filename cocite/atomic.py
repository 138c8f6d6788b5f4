"""Writing results safely: a reader sees the old file or the new one, never half of one.

What happens at an output path (``-o``, ``--report``, the manifest), decided before any work:

* a regular file (or nothing yet) is replaced atomically: temp file in the same folder, fsync,
  rename; its permission bits (and, where allowed, owner and group) are kept;
* a read-only file is refused, never replaced (even for root, who could);
* a symbolic link is kept: the file it points to is written (atomically, as above); a dangling
  link is refused;
* a character device or named pipe (``/dev/null``, ``/dev/tty``, ``>(cmd)``) is written
  through, never replaced; a pipe nobody reads is refused instead of waiting forever;
  ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` write to that open descriptor, exactly as
  the shell's redirection would (appending stays appending);
* anything else (a folder, a block device, a socket) is refused.

:func:`write_outputs` writes several files all together or not at all: every file is written
to its temp file first, and only when all are complete are they renamed into place (with the
old files restored if a rename fails). :func:`check_outputs` refuses an output that is one of
the command's inputs, or another output of the same run, compared by real path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cocite.errors import OutputError, UsageError

Data = bytes | str | Sequence[bytes]
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STD_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2}


@dataclass(frozen=True)
class Target:
    """Where one output goes, decided by :func:`target`."""

    given: Path  # as the user named it
    path: Path  # the file written: the link's target for a link, else ``given``
    through: bool = False  # a device, pipe or descriptor: written through, not replaced
    fd: int | None = None  # /dev/stdout, /dev/fd/N: this descriptor


def _chunks(data: Data) -> Sequence[bytes]:
    if isinstance(data, str):
        return (data.encode("utf-8"),)
    if isinstance(data, (bytes, bytearray, memoryview)):
        return (bytes(data),)
    return data


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def target(path: Path | str) -> Target:
    """Classify an output path (see the module docstring); raise OutputError if refused."""
    given = Path(path)
    name = os.path.normpath(str(given))
    fd = _STD_NAMES.get(name)
    match = _FD_PATH.match(name)
    if fd is None and match:
        fd = int(match.group(1))
    if fd is not None:
        try:
            os.fstat(fd)
        except OSError:
            raise OutputError(f"{given}: descriptor {fd} is not open") from None
        return Target(given, given, through=True, fd=fd)
    try:
        st = os.stat(given)
    except FileNotFoundError:
        if given.is_symlink():
            raise OutputError(f"{given}: a link to a file that does not exist; not followed "
                              "(write to the file itself, or remove the link)") from None
        parent = given.parent if str(given.parent) else Path(".")
        if not parent.is_dir():
            raise OutputError(f"{given}: no such folder: {parent}") from None
        return Target(given, given)
    except OSError as exc:
        raise OutputError(f"{given}: cannot write: {_why(exc)}") from None
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return Target(given, given, through=True)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{given}: is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{given}: not a regular file (a block device or socket); not written")
    real = Path(os.path.realpath(given)) if given.is_symlink() else given
    if st.st_mode & 0o222 == 0 or not os.access(real, os.W_OK):
        raise OutputError(f"{given}: the file is read-only; not replaced (make it writable "
                          "or choose another name)")
    return Target(given, real)


def identity(path: Path) -> tuple[str, tuple[int, int] | None]:
    """A file's real path, and its device and inode if it exists (hard links count)."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
        return real, (st.st_dev, st.st_ino)
    except OSError:
        return real, None


def check_outputs(outputs: Sequence[tuple[str, Target]], inputs: Iterable[Path],
                  data_folder: Path | None = None) -> None:
    """Refuse an output that is an input, another output, or a new records file inside a
    folder library (the next load would read it as records). ``outputs``: (option, target)."""
    known: dict[object, str] = {}
    for p in inputs:
        real, ino = identity(p)
        known[real] = f"an input of this command ({p})"
        if ino is not None:
            known[ino] = known[real]
    folder = os.path.realpath(data_folder) if data_folder is not None else None
    for option, t in outputs:
        if t.through:
            continue
        real, ino = identity(t.path)
        clash = known.get(real) or (known.get(ino) if ino is not None else None)
        if clash:
            raise UsageError(f"{option} {t.given}: that is {clash}; it would be overwritten. "
                             "Choose another output name")
        if (folder is not None and real.lower().endswith((".yaml", ".yml"))
                and real.startswith(folder + os.sep)):
            raise UsageError(f"{option} {t.given}: inside the data folder {data_folder}, a "
                             ".yaml file would be read as records; write it elsewhere")
        known[real] = f"another output of this command ({option} {t.given})"
        if ino is not None:
            known[ino] = known[real]


def place(output: str, default: str, option: str = "-o") -> Path:
    """``-o FOLDER`` or ``-o FOLDER/`` -> FOLDER/default; a name ending in / must be a folder."""
    if not output:
        raise UsageError(f"{option} '': an empty name; give a file or folder name")
    path = Path(output).expanduser()
    if path.is_dir():
        return path / default
    if output.endswith(("/", os.sep)):
        raise UsageError(f"{option} {output}: no such folder (create it first, or give a "
                         "file name)")
    return path


def write_atomic(path: Path, data: Data) -> None:
    """Write one file (see the module docstring for what each kind of path gets)."""
    write_outputs([(target(path), data)])


def write_outputs(items: Sequence[tuple[Target, Data]]) -> None:
    """Write every item, all or nothing (as far as a file system allows).

    Order: every replaced file is staged in a temp file (a full disk fails here, before any
    output changed); then devices and pipes are written (they cannot be taken back); then
    the staged files are renamed into place, old ones restored if a rename fails.
    """
    staged: list[tuple[Target, str]] = []
    try:
        for t, data in items:
            if not t.through:
                staged.append((t, _stage(t.path, _chunks(data))))
        for t, data in items:
            if t.through:
                _write_through(t, _chunks(data))
        _commit(staged)
    except BaseException:
        for _, tmp in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _stage(path: Path, chunks: Sequence[bytes]) -> str:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        old: os.stat_result | None = os.stat(path)
    except OSError:
        old = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {_why(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
            if old is not None:
                # Keep the owner and group where we may (root may; others: their own group).
                with contextlib.suppress(OSError):
                    os.fchown(fh.fileno(), old.st_uid, old.st_gid)
        if old is not None:
            os.chmod(tmp, old.st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {_why(exc)}") from None
        raise
    return tmp


def _commit(staged: list[tuple[Target, str]]) -> None:
    done: list[tuple[Path, str | None]] = []  # renamed paths and their backup links
    try:
        for t, tmp in staged:
            backup = None
            if len(staged) > 1 and t.path.exists():
                # Named like the temp file (".NAME.*.tmp"): a kill here leaves only the kind of
                # hidden debris a kill while staging can leave, which loaders skip.
                backup = f"{tmp[:-len('.tmp')]}.old.tmp"
                try:
                    os.link(t.path, backup)
                except OSError:
                    backup = None
            try:
                os.replace(tmp, t.path)
            except OSError as exc:
                if backup:
                    with contextlib.suppress(OSError):
                        os.unlink(backup)
                raise OutputError(f"{t.given}: cannot write: {_why(exc)}") from None
            done.append((t.path, backup))
            _fsync_dir(t.path.parent if str(t.path.parent) else Path("."))
    except BaseException:
        for path, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup:
                    os.replace(backup, path)
                else:
                    os.unlink(path)
        raise
    for _, backup in done:
        if backup:
            with contextlib.suppress(OSError):
                os.unlink(backup)


def _write_through(t: Target, chunks: Sequence[bytes]) -> None:
    """Write to a device, a pipe or an open descriptor, without replacing anything."""
    try:
        if t.fd is not None:
            fd = os.dup(t.fd)
        else:
            # O_NONBLOCK: a named pipe nobody reads is refused (ENXIO) rather than waited on.
            fd = os.open(t.path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
            os.set_blocking(fd, True)
    except OSError as exc:
        if exc.errno == errno.ENXIO and _is_fifo(t.path):
            raise OutputError(f"{t.given}: a named pipe that nobody is reading; not "
                              "written") from None
        raise OutputError(f"{t.given}: cannot write: {_why(exc)}") from None
    try:
        import sys

        with contextlib.suppress(Exception):
            sys.stdout.flush()
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise BrokenPipeError(exc.errno, exc.strerror) from None
        raise OutputError(f"{t.given}: cannot write: {_why(exc)}") from None
    finally:
        os.close(fd)


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


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
