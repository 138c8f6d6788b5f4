"""Importing into a records file (cocite.importers.merge): the report's records replaced.

Fixtures are in tests/data/import/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asylos_support import FIXTURES, REPO, REPORT_ID

from cocite import yamlio


def test_import_into_a_file_keeps_every_other_record(runner: Any, tmp_path: Path) -> None:
    """Only the records of the imported report are replaced; an editor's records stay."""
    import shutil

    from cocite.cli import cli

    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(REPO / "data" / name, tmp_path / name)
    editors = (
        "- id: editor-added-2024\n  topics: [stigma]\n  material: desk-review\n"
        "  quote: Added by an editor.\n"
        "  source: {author: An NGO, title: A report, kind: report, date: \"2024\", url: null}\n"
        "- id: old-import-record\n  topics: [stigma]\n  material: desk-review\n"
        "  quote: From an earlier import.\n"
        "  source: {author: An NGO, title: A report, kind: report, date: \"2024\", url: null}\n"
        f"  cited_in: [{{report: {REPORT_ID}, section: \"1.1\"}}]\n"
    )
    out = tmp_path / "excerpts.yaml"
    out.write_text(editors, encoding="utf-8")
    result = runner.invoke(cli, [
        "--data", str(out), "import", "asylos", str(FIXTURES / "missing-url-block.txt"),
        "--report", REPORT_ID, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(
        f"written to {out} (2 records of {REPORT_ID}; 1 other record kept)\n")
    ids = [r["id"] for r in yamlio.loads(out.read_text(encoding="utf-8"), "out")]
    assert "editor-added-2024" in ids and "old-import-record" not in ids and len(ids) == 3
    # Standard order: the report's records first, records without cited_in last.
    assert ids[-1] == "editor-added-2024"
    again = runner.invoke(cli, ["--data", str(out), "fmt", "--check", str(out)])
    assert again.exit_code == 0, again.output


def test_import_into_a_file_that_is_not_records_writes_nothing(runner: Any, tmp_path: Path) -> None:
    import shutil

    from cocite.cli import cli

    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(REPO / "data" / name, tmp_path / name)
    (tmp_path / "excerpts.yaml").write_text("[]\n", encoding="utf-8")
    out = tmp_path / "notes.yaml"
    out.write_text("title: my notes\n", encoding="utf-8")
    result = runner.invoke(cli, [
        "--data", str(tmp_path / "excerpts.yaml"), "import", "asylos",
        str(FIXTURES / "missing-url-block.txt"), "--report", REPORT_ID, "-o", str(out)])
    assert result.exit_code == 1
    assert f"{out}:1: expected a list of records" in result.stderr
    assert out.read_text(encoding="utf-8") == "title: my notes\n"


def test_import_into_a_device_writes_the_records_through(runner: Any, tmp_path: Path) -> None:
    """-o /dev/null (or a pipe): there is no records file to merge into; the device stays."""
    import shutil
    import stat

    from cocite.cli import cli

    for name in ("vocabulary.yaml", "reports.yaml"):
        shutil.copy(REPO / "data" / name, tmp_path / name)
    (tmp_path / "excerpts.yaml").write_text("[]\n", encoding="utf-8")
    result = runner.invoke(cli, [
        "--data", str(tmp_path / "excerpts.yaml"), "import", "asylos",
        str(FIXTURES / "missing-url-block.txt"), "--report", REPORT_ID, "-o", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(
        f"written to /dev/null (2 records of {REPORT_ID}; 0 other records kept)\n")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
