"""`cocite add`: propose an id, check against the whole library, write canonically, lock."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite import add as A
from cocite.cli import cli
from cocite.errors import DataError
from cocite.fmt import format_text
from cocite.checking import validate
from cocite.yamlio import load_file

DATA = Path(__file__).resolve().parent / "data"
OPTIONS = ["--author", "UK Home Office", "--title", "Albania: trafficking", "--kind", "report",
           "--date", "2022-12", "--url", "https://www.gov.uk/r.pdf", "--material", "desk-review",
           "-t", "stigma", "-p", "male"]


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(DATA / "add-library-excerpts.yaml", tmp_path / "excerpts.yaml")
    (tmp_path / "vocabulary.yaml").write_text(
        "topics:\n  - {id: stigma, label: Stigma}\n  - {id: re-trafficking, label: Re-trafficking}\n"
        "profiles:\n  - {id: male, label: Men and boys}\n", encoding="utf-8")
    (tmp_path / "reports.yaml").write_text("- {id: r, title: T, publisher: P, country: AL}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COCITE_DATA", str(tmp_path / "excerpts.yaml"))
    return tmp_path / "excerpts.yaml"


def ids(path: Path) -> list[str]:
    return [r["id"] for r in load_file(path)]


@pytest.mark.parametrize(
    ("author", "date", "expected"),
    [
        ("UK Home Office", "2022-12", "ukho-2022-12-stigma"),
        ("Vatra", "2023-06-05", "vatra-2023-06-05-stigma-return-face-stigma"),
        ("Different and Equal", None, "de-undated-stigma"),
        ("Mirëdita Çështje", "2020", "mc-2020-stigma"),
    ],
)
def test_proposed_ids(author: str, date: str | None, expected: str) -> None:
    record = {"topics": ["stigma"], "quote": "Men who return face stigma",
              "source": {"author": author, "date": date}}
    assert A.propose_id(record, {"vatra-2023-06-05-stigma"}) == expected


def test_a_taken_id_gets_a_number() -> None:
    record = {"topics": ["stigma"], "quote": "", "source": {"author": "A", "date": "2020"}}
    assert A.propose_id(record, {"a-2020-stigma", "a-2020-stigma-2"}) == "a-2020-stigma-3"


def test_add_from_options(runner: CliRunner, library: Path) -> None:
    result = runner.invoke(cli, ["add", *OPTIONS, "--quote", "-"], input="Verbatim text.\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "- id: ukho-2022-12-stigma\n  topics: [stigma]\n  profiles: [male]\n"
        "  material: desk-review\n  quote: Verbatim text.\n  source:\n    author: UK Home Office\n"
        "    title: 'Albania: trafficking'\n    kind: report\n    date: \"2022-12\"\n"
        "    url: https://www.gov.uk/r.pdf\n"
    )
    assert result.stderr == (
        "proposed id: ukho-2022-12-stigma (give --id to choose another)\n"
        f"added ukho-2022-12-stigma to {library}\n"
    )
    assert ids(library) == ["ukho-2022-12-stigma", "vatra-2023-06-05-stigma"]
    text = library.read_text(encoding="utf-8")
    assert format_text(text, "excerpts.yaml") == text  # written canonically
    assert validate([library]).problems == ()


def test_add_from_a_yaml_snippet_dry_run_writes_nothing(runner: CliRunner, library: Path) -> None:
    before = library.read_bytes()
    result = runner.invoke(cli, ["add", "--from-file", str(DATA / "add-record.yaml"), "--dry-run"])
    assert result.exit_code == 0
    assert result.stdout.startswith("- id: ukho-ffm-2022-12-shkej-stigma\n")
    assert result.stderr == "dry run: nothing written\n"
    assert library.read_bytes() == before


def test_a_duplicate_id_is_refused(runner: CliRunner, library: Path) -> None:
    result = runner.invoke(cli, ["add", *OPTIONS, "--id", "vatra-2023-06-05-stigma", "--quote", "New."])
    assert result.exit_code == 1
    assert result.stderr == (
        "excerpts.yaml: record vatra-2023-06-05-stigma: id: id already used at excerpts.yaml:2; "
        "ids are never reused: choose another (free: ukho-2022-12-stigma)\n"
    )


def test_an_unknown_topic_is_refused_with_a_suggestion(runner: CliRunner, library: Path) -> None:
    before = library.read_bytes()
    options = [o if o != "stigma" else "stigmaa" for o in OPTIONS]
    result = runner.invoke(cli, ["add", *options, "--quote", "New text."])
    assert result.exit_code == 1
    assert ("excerpts.yaml:3: record ukho-2022-12-stigmaa: topics[0]: unknown topic 'stigmaa'; "
            "did you mean 'stigma'? (see data/vocabulary.yaml)\n") in result.stderr
    assert result.stderr.endswith("Error: record not added: 1 error(s) above\n")
    assert library.read_bytes() == before


def test_a_near_duplicate_quote_needs_force(runner: CliRunner, library: Path) -> None:
    quote = "men who return face STIGMA -- and many of them never tell their families what happened to them abroad"
    result = runner.invoke(cli, ["add", *OPTIONS, "--quote", quote])
    assert result.exit_code == 1
    assert ("record vatra-2023-06-05-stigma: quote: warning: nearly the same quote as record "
            "ukho-2022-12-stigma") in result.stderr
    assert result.stderr.endswith(
        "Error: record not added: fix the warnings above, or add it anyway with --force\n")
    assert ids(library) == ["vatra-2023-06-05-stigma"]
    forced = runner.invoke(cli, ["add", *OPTIONS, "--quote", quote, "--force"])
    assert forced.exit_code == 0
    assert len(ids(library)) == 2


def test_a_file_with_comments_is_not_rewritten(library: Path) -> None:
    library.write_text(library.read_text(encoding="utf-8") + "# a note\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        A.commit({"topics": ["stigma"], "material": "interview", "quote": "Q.",
                  "source": {"author": "A", "kind": "interview", "date": None}})
    assert "comments are not kept in data files" in str(info.value.problems[0])


def test_interactive_mode_prompts_then_confirms(runner: CliRunner, library: Path) -> None:
    # author, kind, title, date, pages, url, material, topics, profiles, lead-in, report, confirm
    answers = "Vatra\ninterview\n\n2023-06-05\n\n\ninterview\nstigma\n\n\n\ny\n"
    result = runner.invoke(cli, ["add", "-i", "--quote", "A new interview answer."], input=answers)
    assert result.exit_code == 0, result.output
    assert "Topics, separated by commas (stigma, re-trafficking)" in result.output
    assert "proposed id: vatra-2023-06-05-stigma-interview-answer" in result.stderr
    assert ids(library) == ["vatra-2023-06-05-stigma", "vatra-2023-06-05-stigma-interview-answer"]


def test_concurrent_adds_never_lose_a_record(library: Path) -> None:
    errors: list[BaseException] = []

    def add(n: int) -> None:
        try:
            A.commit({"topics": ["stigma"], "material": "interview", "quote": f"Answer number {n}.",
                      "source": {"author": "Vatra", "kind": "interview", "date": "2023-06-05"}})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids(library))) == 9
