"""Loading the library: records, vocabulary, reports, their versions (finding the files:
test_datafiles.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from library_support import valid_library

from cocite.errors import DataError
from cocite.loading import load_library

V = Path(__file__).parent / "data" / "validate"


def test_records_are_loaded_with_their_place(tmp_path: Path) -> None:
    lib = load_library(valid_library(tmp_path / "lib"))
    assert [r.id for r in lib.records] == ["ukho-ffm-2022-12-shkej-stigma", "vatra-2023-06-05-stigma"]
    first = lib.records[0]
    assert first.source.pages == "81"
    assert first.source.date == "2022-12"
    assert [c.section for c in first.cited_in] == ["1.6"]
    assert first.quote == "SHKEJ, 10 October 2022 [...]\nQ. Do men who return from abroad face the same stigma?"
    assert first.line == 2
    assert lib.by_id["vatra-2023-06-05-stigma"].is_general
    assert [t.id for t in lib.vocabulary.topics] == ["stigma", "re-trafficking"]
    assert lib.vocabulary.shorthands == {"boys": ("male", "child")}


def test_invalid_library_raises_with_every_error(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    valid_library(folder)
    shutil.copy(V / "invalid-many.yaml", folder / "excerpts.yaml")
    with pytest.raises(DataError) as info:
        load_library(folder / "excerpts.yaml")
    assert len(info.value.problems) == 14
    assert str(info.value) == "14 error(s) in the data; run `cocite validate`"


def test_version_is_sha256_outside_git_and_commit_inside(tmp_path: Path) -> None:
    lib = load_library(valid_library(tmp_path / "lib"))
    assert lib.version.startswith("sha256 ") and len(lib.version) == len("sha256 ") + 16
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "lib"
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "data"], check=True)
    head = subprocess.run([*git, "rev-parse", "--short=12", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    assert load_library(repo / "excerpts.yaml").version == f"git {head}"
    with (repo / "excerpts.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert load_library(repo / "excerpts.yaml").version == f"git {head}+modified"


def test_records_take_their_reports_country_unless_they_give_their_own(tmp_path: Path) -> None:
    path = valid_library(tmp_path / "lib")
    text = path.read_text(encoding="utf-8")
    # The second record says it is about Kosovo; the first takes its report's Albania.
    path.write_text(text.replace("  material: interview\n", "  material: interview\n  country: XK\n", 1),
                    encoding="utf-8")
    lib = load_library(path)
    assert [(r.id, r.country) for r in lib.records] == [
        ("ukho-ffm-2022-12-shkej-stigma", "AL"), ("vatra-2023-06-05-stigma", "XK")]
    assert lib.reports["asylos-albania-trafficking-2024"].country == "AL"


def test_joint_sources_are_loaded(tmp_path: Path) -> None:
    path = valid_library(tmp_path / "lib")
    text = path.read_text(encoding="utf-8")
    joint = "  joint_sources:\n  - {author: Tjeter Vizion, kind: interview, date: \"2023-06-21\"}\n"
    path.write_text(text.replace("  cited_in:\n", joint + "  cited_in:\n", 1), encoding="utf-8")
    first = load_library(path).records[0]
    assert [(s.author, s.date) for s in first.joint_sources] == [("Tjeter Vizion", "2023-06-21")]
