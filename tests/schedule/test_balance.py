"""The balance and currency report (`schedule/balance.py`): its warnings and `--stale-years`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from schedule_support import EPOCH, no_lo, _pinned, schedule  # noqa: F401 - _pinned: autouse


def test_same_source_note_and_stale_years(tmp_path: Path, no_lo: None) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("issues:\n  - title: Protection\n    topics: [justice-system]\n    profiles: [female]\n"
                    "    include_general: true\n", encoding="utf-8")
    result = schedule(tmp_path / "s.docx", "--stale-years", "10", case=case)
    assert result.exit_code == 0, result.stderr
    assert "warning:" not in result.stderr  # 2018 is within 10 years; three sources
    result = schedule(tmp_path / "s.docx", "--stale-years", "6", case=case)
    assert "issue 1 'Protection' extract 1.3 is more than 6 years old or undated" in result.stderr
