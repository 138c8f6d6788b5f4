"""Reading and checking a library's files a record at a time: what a file that cannot be read
to its end leaves behind (nothing), the records kept, and one shard checked on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from cocite.checking import ShardCheck, check_files, load_reports, load_vocabulary
from cocite.datafiles import resolve_data

V = Path(__file__).parent / "data" / "validate"
VALID = (V / "valid.yaml").read_text(encoding="utf-8")


def _folder(tmp_path: Path, shards: dict[str, str]) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(V / name, folder / name)
    for name, text in shards.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_file_unreadable_near_its_end_counts_for_nothing(tmp_path: Path) -> None:
    """b.yaml repeats a.yaml's records, then breaks: only its syntax error is reported, and
    c.yaml (the same records again) is told of a.yaml, never of b.yaml."""
    folder = _folder(tmp_path, {"a.yaml": VALID, "b.yaml": VALID + "- [unclosed\n",
                                "c.yaml": VALID})
    checked = check_files(resolve_data(folder))
    shown = [str(p).replace(str(folder) + "/", "") for p in checked.problems]
    assert shown == [
        ("b.yaml:29: YAML syntax error: a list in [brackets] is not closed: expected ',' or ']' "
         "(the list starts on line 28)"),
        "c.yaml:2: record ukho-ffm-2022-12-shkej-stigma: id: duplicate id, first used at a.yaml:2",
        ("c.yaml:7: record ukho-ffm-2022-12-shkej-stigma: quote: same quote as record "
         "ukho-ffm-2022-12-shkej-stigma (a.yaml:2); cite a passage once and tag that record with "
         "every topic it supports"),
        "c.yaml:20: record vatra-2023-06-05-stigma: id: duplicate id, first used at a.yaml:20",
        ("c.yaml:23: record vatra-2023-06-05-stigma: quote: same quote as record "
         "vatra-2023-06-05-stigma (a.yaml:20); cite a passage once and tag that record with "
         "every topic it supports"),
    ]
    assert checked.count == 4
    assert checked.records == ()


def test_records_are_kept_when_asked_for_with_their_country(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.yaml": VALID, "b.yaml": "- [unclosed\n"})
    checked = check_files(resolve_data(folder), duplicates=False, keep=True)
    assert [(r.id, r.file, r.line, r.country) for r in checked.records] == [
        ("ukho-ffm-2022-12-shkej-stigma", str(folder / "a.yaml"), 2, "AL"),
        ("vatra-2023-06-05-stigma", str(folder / "a.yaml"), 20, None),
    ]
    assert checked.vocabulary is not None and checked.reports is not None
    assert [p.line for p in checked.problems] == [2]


def test_a_shard_gives_its_records_then_its_problems(tmp_path: Path) -> None:
    broken = VALID.replace("topics: [stigma]\n  material: interview", "topics: [stigmaa]\n  material: 7")
    folder = _folder(tmp_path, {"a.yaml": broken + VALID.split("\n", 1)[1]})
    vocabulary = load_vocabulary(folder / "vocabulary.yaml", [])
    reports = load_reports(folder / "reports.yaml", [])
    assert vocabulary is not None and reports is not None
    shard = ShardCheck(folder / "a.yaml", vocabulary, set(reports))
    # The second record is not a valid record (material 7): it is checked, never given.
    assert [(r.id, r.line) for r in shard.records()] == [
        ("ukho-ffm-2022-12-shkej-stigma", 2), ("ukho-ffm-2022-12-shkej-stigma", 28),
        ("vatra-2023-06-05-stigma", 46)]
    name = str(folder / "a.yaml")
    assert [(p.line, p.field, p.message) for p in shard.problems if p.file == name] == [
        (22, "material", "expected one of desk-review, interview, got the number 7"),
        (21, "topics[0]", "unknown topic 'stigmaa'; did you mean 'stigma'? (see data/vocabulary.yaml)"),
        (28, "id", "duplicate id, first used at " + name + ":2"),
        (46, "id", "duplicate id, first used at " + name + ":20"),
    ]
