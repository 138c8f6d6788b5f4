"""Reading a data file's bytes, and refusing what is not UTF-8 YAML text, naming the line."""

from __future__ import annotations

import codecs
import errno
import math
import os
import stat
from pathlib import Path

from cocite.errors import DataError
from cocite.problems import Problem

DEFAULT_MAX_FILE_MB = 200
_CHECK_WINDOW = 1 << 20  # bytes decoded at a time to check a file is UTF-8


def max_file_bytes() -> int:
    """The size above which a data file is refused (``COCITE_MAX_FILE_MB``, default 200).

    A value that is not a number of megabytes above 0 (``abc``, ``nan``, ``-1``) is a usage
    error, not silently the default: the user asked for a limit and would not get it.
    """
    raw = os.environ.get("COCITE_MAX_FILE_MB", "").strip()
    if not raw:
        return int(DEFAULT_MAX_FILE_MB * 1024 * 1024)
    try:
        mb = float(raw)
    except ValueError:
        mb = math.nan
    if not (0 < mb < 1e9):  # also false for nan and inf
        from cocite.errors import UsageError

        raise UsageError(f"COCITE_MAX_FILE_MB={raw!r}: expected a number of megabytes above 0 "
                         f"(the default is {DEFAULT_MAX_FILE_MB})")
    return int(mb * 1024 * 1024)


def decode(data: bytes, name: str) -> str:
    """Bytes of a data file as text, or a DataError naming file and line."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise DataError([Problem(name, None, message="file is UTF-32 encoded; save it as UTF-8")])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError([Problem(name, None, message="file is UTF-16 encoded; save it as UTF-8")])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\x00")
    if nul != -1 and _looks_utf16(data):
        raise DataError([Problem(
            name, None, message="file looks UTF-16 encoded (without a byte-order mark); "
            "save it as UTF-8",
        )])
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        raise DataError([Problem(
            name, line, message="contains a NUL byte: this is a binary file, not UTF-8 YAML text"
        )])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError([Problem(
            name, line,
            message=f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {col}); "
            "save the file as UTF-8",
        )]) from None


def check_text(raw: bytes, name: str) -> bytes:
    """The bytes of a data file without their UTF-8 byte-order mark, once :func:`decode` would
    accept them (else its DataError); checked a window at a time, never decoded whole."""
    data = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    if data is raw and raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE,
                                       codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decode(raw, name)
    if b"\x00" in data:
        decode(raw, name)
    checker = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for at in range(0, len(data), _CHECK_WINDOW):
            checker.decode(view[at:at + _CHECK_WINDOW])
        checker.decode(b"", final=True)
    except UnicodeDecodeError:
        decode(raw, name)  # raises, with the line and column
    return data


def _looks_utf16(data: bytes) -> bool:
    """Text saved as UTF-16 without a BOM: ASCII with a NUL before or after every byte."""
    head = data[: min(len(data), 200) // 2 * 2]
    if len(head) < 4:
        return False
    odd, even = head[1::2], head[0::2]
    return (not odd.strip(b"\x00") and even.strip(b"\x00") != b"") or (
        not even.strip(b"\x00") and odd.strip(b"\x00") != b"")


def read_bytes(path: Path, name: str | None = None) -> bytes:
    """A file's bytes, refusing missing files, directories and files over the size limit."""
    label = name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataError([Problem(label, message=_missing(path))]) from None
    except OSError as exc:
        what = (
            "is a loop of symbolic links, not a file" if exc.errno == errno.ELOOP
            else f"cannot read: {exc.strerror or exc}"
        )
        raise DataError([Problem(label, message=what)]) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError([Problem(label, message="is a directory, expected a YAML file")])
    if not stat.S_ISREG(info.st_mode):
        # Reading a named pipe would wait forever for a writer; /dev/zero would never end.
        kind = "a named pipe" if stat.S_ISFIFO(info.st_mode) else (
            "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
        raise DataError([Problem(
            label, message=f"is {kind}, not a regular file; expected a YAML file",
        )])
    size = info.st_size
    limit = max_file_bytes()
    if size > limit:
        raise DataError([Problem(
            label,
            message=f"file is {_human(size)}, over the {_human(limit)} limit "
            "(split it into several files, or raise COCITE_MAX_FILE_MB)",
        )])
    try:
        with path.open("rb") as fh:
            # The size it had, and a byte more to see if it grew: a buffer of the limit's
            # size would be allocated for every file.
            data = fh.read(size + 1)
            if len(data) > size:
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise DataError([Problem(label, message=f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > limit:  # grew while we looked, or a special file
        raise DataError([Problem(label, message=f"file is over the {_human(limit)} limit")])
    return data


def _missing(path: Path) -> str:
    if path.is_symlink():
        try:
            return f"is a broken symbolic link (to {os.readlink(path)}, which does not exist)"
        except OSError:
            pass
    return "no such file"


def _human(size: int) -> str:
    amount = float(size)
    for unit in ("bytes", "KB", "MB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"
