"""Reading a data file's bytes: missing files, folders, the size limit, and the encoding check
that never decodes a file whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocite.errors import DataError
from cocite.yamlio import load_file
from cocite.yamlio.files import check_text, decode


def _error(path: Path) -> str:
    with pytest.raises(DataError) as info:
        load_file(path, path.name)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.yaml") == "nope.yaml: no such file"
    assert _error(tmp_path) == f"{tmp_path.name}: is a directory, expected a YAML file"


def test_file_over_the_size_limit_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:  # sparse: no disk used
        fh.truncate(1024 * 1024 * 1024)
    assert _error(big) == (
        "big.yaml: file is 1.0 GB, over the 200.0 MB limit "
        "(split it into several files, or raise COCITE_MAX_FILE_MB)"
    )
    monkeypatch.setenv("COCITE_MAX_FILE_MB", "0.5")
    half = tmp_path / "half.yaml"
    half.write_bytes(b"- a\n" * 200_000)
    assert _error(half) == (
        "half.yaml: file is 781.2 KB, over the 512.0 KB limit "
        "(split it into several files, or raise COCITE_MAX_FILE_MB)"
    )


@pytest.mark.slow
def test_fifty_megabyte_file_is_parsed_and_rejected_cleanly(tmp_path: Path) -> None:
    big = tmp_path / "fifty.yaml"
    big.write_bytes(b"x" * (50 * 1024 * 1024) + b"\n")
    assert load_file(big) == "x" * (50 * 1024 * 1024)


@pytest.mark.parametrize("raw", [
    b"- a\n", b"\xef\xbb\xbf- a\n", b"\xef\xbb\xbf\xff\xfe- a\n", b"\xff\xfe- \x00a\x00",
    b"\x00\x00\xfe\xff", b"- a\n- \x00\n", b"-\x00 \x00a\x00", b"- caf\xe9\n", b"- ok\n- \xe2\x80",
    b"- \xe2\x80\x99" * 400_000 + b"\xc3",
])
def test_the_encoding_check_refuses_what_decoding_refuses(raw: bytes) -> None:
    try:
        expected: object = decode(raw, "f.yaml").encode("utf-8")
    except DataError as exc:
        expected = exc.problems
    try:
        got: object = check_text(raw, "f.yaml")
    except DataError as exc:
        got = exc.problems
    assert got == expected
