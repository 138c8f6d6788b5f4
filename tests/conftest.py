"""Shared fixtures: a Click runner, the fixture folder, and the seed report when present."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

# Property-based tests: a fixed, derandomised profile for CI (the default), and a long one
# to run by hand: `pytest -m fuzz --hypothesis-profile=long`. The counts are the figures the
# README's "Reliability" section reports.
FUZZ_EXAMPLES = {"ci": 300, "long": 20_000}
settings.register_profile(
    "ci", max_examples=FUZZ_EXAMPLES["ci"], derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long", max_examples=FUZZ_EXAMPLES["long"], deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = REPO.parent / "shared" / "seed" / "asylos-albania-trafficking-2024.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def fixtures() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests must not see a developer's own data, cache or colour settings.
    monkeypatch.delenv("COCITE_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("NO_COLOR", "1")
