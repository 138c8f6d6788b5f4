"""cocite add --source-from: the source fields from a reference manager's CSL JSON export."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite.cli import cli
from cocite.checking import validate
from cocite.yamlio import load_file

DATA = Path(__file__).parent / "data"

# As Zotero 7 writes it (File > Export Collection... > CSL JSON), two items.
ZOTERO = [
    {"id": "ramaj2021", "type": "article-journal", "title": "The Aftermath of Human Trafficking",
     "container-title": "Journal of Human Trafficking", "volume": "7", "page": "1-20",
     "URL": "https://www.tandfonline.com/doi/full/10.1080/23322705.2021.1920823",
     "author": [{"family": "Ramaj", "given": "Klea"}],
     "accessed": {"date-parts": [["2024", 1, 5]]}, "issued": {"date-parts": [["2021", 5, 7]]}},
    {"id": "http://zotero.org/users/1/items/ABCD", "citation-key": "ukho2022",
     "type": "report", "title": "Report of a fact-finding mission: Albania: Human trafficking",
     "publisher": "UK Home Office", "author": [{"literal": "UK Home Office"}],
     "issued": {"date-parts": [[2022, 12]]}},
]


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(DATA / "add-library-excerpts.yaml", tmp_path / "excerpts.yaml")
    (tmp_path / "vocabulary.yaml").write_text(
        "topics:\n  - {id: stigma, label: Stigma}\n"
        "profiles:\n  - {id: male, label: Men and boys}\n", encoding="utf-8")
    (tmp_path / "reports.yaml").write_text("- {id: r, title: T, publisher: P, country: AL}\n", encoding="utf-8")
    (tmp_path / "zotero.json").write_text(json.dumps(ZOTERO), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COCITE_DATA", str(tmp_path / "excerpts.yaml"))
    return tmp_path / "excerpts.yaml"


REST = ["--topic", "stigma", "--material", "desk-review", "--quote", "Verbatim text."]


def test_source_fields_come_from_the_item(runner: CliRunner, library: Path) -> None:
    result = runner.invoke(cli, ["add", "--source-from", "zotero.json", "--key", "ramaj2021",
                                 "--pages", "5", *REST])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "- id: kr-2021-05-07-stigma\n  topics: [stigma]\n  material: desk-review\n"
        "  quote: Verbatim text.\n  source:\n    author: Klea Ramaj\n"
        "    title: The Aftermath of Human Trafficking\n    kind: academic\n"
        "    date: \"2021-05-07\"\n    pages: \"5\"\n"
        "    url: https://www.tandfonline.com/doi/full/10.1080/23322705.2021.1920823\n"
        "    accessed: \"2024-01-05\"\n    publisher: Journal of Human Trafficking\n"
        "    version: '7'\n"
    )
    assert [r["id"] for r in load_file(library)][0] == "kr-2021-05-07-stigma"
    assert validate([library]).problems == ()


def test_options_override_the_item_and_citation_key_finds_it(runner: CliRunner,
                                                             library: Path) -> None:
    result = runner.invoke(cli, ["add", "--source-from", "zotero.json", "--key", "ukho2022",
                                 "--title", "Albania: Human trafficking", "--dry-run", *REST])
    assert result.exit_code == 0, result.output
    assert "    author: UK Home Office\n    title: 'Albania: Human trafficking'\n" in result.stdout
    assert "    kind: report\n    date: \"2022-12\"\n" in result.stdout


@pytest.mark.parametrize(("args", "content", "message"), [
    (["--key", "ramaj2012"], None,
     "Error: --key ramaj2012: no such item in zotero.json; did you mean ramaj2021?"),
    ([], None, "Error: --source-from zotero.json: 2 items; say which with --key (ids: ramaj2021, "
     "http://zotero.org/users/1/items/ABCD, ukho2022)"),
    (["--key", "x"], '[{"id": "x",', "Error: zotero.json:1:13: not valid JSON"),
    (["--key", "x"], '{"id": "x", "title": "No author"}',
     "Error: zotero.json: item 1 (x): no author (cocite needs one; add it in the reference manager)"),
    (["--key", "x"], '"a string"', "Error: --source-from zotero.json: expected a list of CSL"),
    (["--key", "x"], b"\xff\xfe", "Error: --source-from zotero.json: not UTF-8 text"),
])
def test_bad_exports_are_refused_clearly(runner: CliRunner, library: Path, args: list[str],
                                         content: str | bytes | None, message: str) -> None:
    path = library.parent / "zotero.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    before = library.read_bytes()
    result = runner.invoke(cli, ["add", "--source-from", "zotero.json", *args, *REST])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert library.read_bytes() == before


def test_key_without_a_file_and_a_fifo_are_refused(runner: CliRunner, library: Path) -> None:
    result = runner.invoke(cli, ["add", "--key", "ramaj2021", *REST])
    assert result.exit_code == 2
    assert "give --source-from FILE.json" in result.stderr
    os.mkfifo(library.parent / "pipe.json")
    result = runner.invoke(cli, ["add", "--source-from", "pipe.json", "--key", "k", *REST])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
