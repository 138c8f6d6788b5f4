"""The options several commands share (cocite/cli/options.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cocite.cli import cli
from cocite.cli.options import selection

LIB = Path(__file__).resolve().parents[1] / "data" / "bundle-library"

FILTERS = {"--topic", "--profile", "--include-general", "--all-profiles", "--since", "--until",
           "--material", "--country", "--source", "--query", "--id", "--exclude", "--all"}


def _given(**values: object) -> dict[str, object]:
    empty: dict[str, object] = {
        "topics": (), "profiles": (), "include_general": False, "all_profiles": False,
        "since": None, "until": None, "material": None, "country": None, "source_text": None,
        "query": None, "ids": (), "exclude": (), "all_": False, "fmt": "table"}
    return {**empty, **values}


def test_every_selecting_command_has_the_same_filters() -> None:
    for name in ("build", "list", "search", "export"):
        options = {opt for param in cli.commands[name].params for opt in param.opts}
        assert FILTERS <= options, name


def test_comma_separated_values_are_several_values_and_other_options_stay() -> None:
    kwargs = _given(topics=("stigma, shelters", "", "feud"), profiles=("male,child",),
                    ids=["a", "b"], all_=True)
    chosen = selection(kwargs)
    assert chosen.topics == ("stigma", "shelters", "feud")
    assert chosen.profiles == ("male", "child")
    assert chosen.ids == ("a", "b")
    assert chosen.all is True
    assert kwargs == {"fmt": "table"}  # the filters are taken out; the command's own options stay


def test_country_codes_are_read_as_capitals(runner: CliRunner) -> None:
    lower = runner.invoke(cli, ["--data", str(LIB), "list", "--country", " al ", "--format", "ids"])
    upper = runner.invoke(cli, ["--data", str(LIB), "list", "--country", "AL", "--format", "ids"])
    assert lower.exit_code == upper.exit_code == 0
    assert lower.stdout == upper.stdout != ""
