"""Talking to the person at the terminal (cocite/console.py)."""

from __future__ import annotations

import pytest
from rich.text import Text

from cocite.console import print_styled, print_table, say, stdout_width


def test_say_goes_to_stderr_and_is_never_markup(capsys: pytest.CaptureFixture[str]) -> None:
    say("[bold]not markup[/bold] :smile:")
    assert capsys.readouterr() == ("", "[bold]not markup[/bold] :smile:\n")


def test_tables_show_cells_as_they_are(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(("status", "link"), [("dead", "https://x.example/[/bold]")])
    out = capsys.readouterr().out
    assert "https://x.example/[/bold]" in out
    assert out.splitlines()[1].split() == ["┃", "status", "┃", "link", "┃"]


def test_styled_text_is_printed_without_a_trailing_line(capsys: pytest.CaptureFixture[str]) -> None:
    print_styled(Text("a [b]\n"))
    assert capsys.readouterr().out == "a [b]\n"


def test_off_a_terminal_lines_are_not_cut_to_a_width() -> None:
    assert stdout_width() == 160  # pytest's captured stdout is not a terminal
