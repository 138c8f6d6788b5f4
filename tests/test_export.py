"""cocite export: each source once, read back by its own library with every field intact."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bundle_support import HOSTILE
from click.testing import CliRunner

from cocite.cli import cli
from cocite.export import balanced, bibtex, bibtex_fields, csl_json, export, ris, ris_entry, works
from cocite.loading import load_library
from cocite.models import CitedIn, Record, Source


@pytest.fixture(scope="module")
def records():  # type: ignore[no-untyped-def]
    return load_library(use_cache=False).records


def hostile_records() -> list[Record]:
    out = []
    for n, text in enumerate([*HOSTILE, "unbalanced { brace", "closing } first {", "% not a comment"]):
        src = Source(author=f"{text} & Co", kind=("report", "academic", "article", "news")[n % 4],
                     date=("2023", "2023-06", "2023-06-05")[n % 3], title=text,
                     pages=f"{n}-{n + 2}", url=f"https://example.org/{n}?a=1&b=2",
                     publisher=f"Pub {text}" if n % 2 else None, accessed="2024-01-02",
                     archive_url=f"https://web.archive.org/{n}", version="2" if n % 5 == 0 else None)
        out.append(Record(id=f"hostile-{n}", topics=("stigma",), material="desk-review",
                          quote="q", source=src, cited_in=(CitedIn("r"),)))
    return out


def test_each_work_once_with_every_pinpoint(records) -> None:  # type: ignore[no-untyped-def]
    ws = works(records)
    assert len(ws) == len({w.source for w in ws}) == 111
    # Every record once, and each of the 4 joint statements once more per co-source.
    assert sum(len(w.pinpoints) for w in ws) == 779 + 4
    assert len({w.key for w in ws}) == len(ws)
    ukho = [w for w in ws if w.source.author == "UK Home Office"]
    assert any("ukho-ffm-2022-12-shkej-stigma: p " in p for w in ukho for p in w.pinpoints)


def test_csl_json_reads_back(records) -> None:  # type: ignore[no-untyped-def]
    for recs in (records, hostile_records()):
        ws = works(recs)
        items = json.loads(csl_json(ws))
        assert [i["id"] for i in items] == [w.key for w in ws]
        for item, w in zip(items, ws, strict=True):
            assert item["author"] == [{"literal": w.source.author}]
            assert item.get("title") == w.source.title
            assert item.get("URL") == w.source.url
            assert item["note"].splitlines()[1:] == list(w.pinpoints)


def test_ris_reads_back_with_every_field(records) -> None:  # type: ignore[no-untyped-def]
    for recs in (records, hostile_records()):
        ws = works(recs)
        back = rispy.loads(ris(ws))
        assert len(back) == len(ws)
        for entry, w in zip(back, ws, strict=True):
            assert entry == ris_entry(w), w.key


def test_bibtex_reads_back_with_every_field(records) -> None:  # type: ignore[no-untyped-def]
    for recs in (records, hostile_records()):
        ws = works(recs)
        library = bibtexparser.parse_string(bibtex(ws))
        assert not library.failed_blocks
        assert [e.key for e in library.entries] == [w.key for w in ws]
        for entry, w in zip(library.entries, ws, strict=True):
            got = {f.key: f.value for f in entry.fields}
            for key, value in bibtex_fields(w):
                assert got[key] == balanced(value), (w.key, key)
                if recs is records:  # the library's text needs no BibTeX escape at all
                    assert balanced(value) == value
            assert got["author"].startswith("{")  # one name, never split into given/family


def test_export_command(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "stigma.ris"
    result = runner.invoke(cli, ["export", "--topic", "stigma", "--profile", "male", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f": {out}\n")
    assert rispy.loads(out.read_text(encoding="utf-8"))
    result = runner.invoke(cli, ["export", "--id", "arise-2023-12-02-young-victim-profiles",
                                 "--format", "bibtex"])
    assert result.exit_code == 0
    assert result.stdout.startswith("@techreport{arise-2023-")
    assert "\tauthor = {{Arise}},\n" in result.stdout
    bad = runner.invoke(cli, ["export", "--all", "-o", str(tmp_path / "x.txt")])
    assert bad.exit_code == 2
    assert "cannot tell the format from the name" in bad.stderr
    nothing = runner.invoke(cli, ["export", "--topic", "stigmaa"])
    assert nothing.exit_code == 2
    assert export([], "csl-json") == "[]\n"
