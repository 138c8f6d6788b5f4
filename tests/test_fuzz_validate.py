"""Fuzzing the loader and `validate`: any bytes, any mutation of a valid file.

Whatever the input, `cocite validate` ends with exit code 0 or 1 (never 3: no uncaught
exception), and every problem line names the file (and a line where the input has lines).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cocite.cli import cli

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]

V = Path(__file__).parent / "data" / "validate"
VALID = (V / "valid.yaml").read_bytes()
VOCABULARY = (V / "vocabulary.yaml").read_bytes()
_RUNNER = CliRunner()


def _workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, folder / name)
    return folder


def _check(folder: Path, name: str, data: bytes, *, has_lines: bool = True) -> None:
    target = folder / name
    target.write_bytes(data)
    result = _RUNNER.invoke(cli, ["validate", str(target)])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, data[:200])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    shown = str(target)
    for line in result.stdout.splitlines():
        assert line.startswith(shown + ":") or line.startswith(shown), line
    if result.exit_code == 1:
        assert result.stdout, "a failing run must say why"


@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _check(_workdir(tmp_path_factory), "excerpts.yaml", data)


def _lines() -> st.SearchStrategy[list[bytes]]:
    return st.just(VALID.splitlines(keepends=True))


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "indent", "dedent", "unicode", "duplicate", "swap"]))
        if action == "delete":
            del lines[i]
        elif action == "indent":
            lines[i] = b"  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i].lstrip(b" ")
        elif action == "unicode":
            text = draw(st.text(max_size=8)).encode("utf-8", "surrogatepass")
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + text + lines[i][pos:]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    data = b"".join(lines)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@given(data=mutated(VALID))
def test_mutated_records(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _check(_workdir(tmp_path_factory), "excerpts.yaml", data)


@given(data=mutated(VOCABULARY))
def test_mutated_vocabulary(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = _workdir(tmp_path_factory)
    _check(folder, "vocabulary.yaml", data)


@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10), children, max_size=4),
        max_leaves=20,
    )
)
def test_arbitrary_yaml_structures(tmp_path_factory: pytest.TempPathFactory, data: object) -> None:
    """Well-formed YAML of any shape: wrong types everywhere, never a crash."""
    import json

    # JSON is YAML: this writes any structure without going through cocite's own writer.
    text = json.dumps([data, {"id": "x", "source": data}], ensure_ascii=False)
    _check(_workdir(tmp_path_factory), "excerpts.yaml", text.encode("utf-8", "surrogatepass"))


def test_problem_lines_carry_line_numbers(tmp_path: Path) -> None:
    """The property above checks the file name; this pins that lines are given too."""
    folder = tmp_path
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, folder / name)
    broken = VALID.replace(b"material: interview", b"material: interviw")
    (folder / "x.yaml").write_bytes(broken)
    result = _RUNNER.invoke(cli, ["validate", str(folder / "x.yaml")])
    assert result.exit_code == 1
    assert re.fullmatch(rf"{re.escape(str(folder / 'x.yaml'))}:\d+: record .*\n", result.stdout)
