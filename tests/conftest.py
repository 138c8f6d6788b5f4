"""Shared fixtures: a Click runner, the fixture folder, and the seed report when present."""

from __future__ import annotations

import os
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
# The project's shared folder beside the checkout (`../shared`): the seed report's text and the
# YAML test suite. Tests that read it carry the `needs_shared` mark; without the folder they are
# skipped, except where COCITE_REQUIRE_SHARED=1 (CI sets it): there a missing folder fails them.
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "asylos-albania-trafficking-2024.txt"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    if os.environ.get("COCITE_REQUIRE_SHARED") == "1":
        if any(item.get_closest_marker("needs_shared") for item in items):
            raise pytest.UsageError(
                f"{SHARED} is missing and COCITE_REQUIRE_SHARED=1: tests that need the seed "
                "report or the YAML test suite cannot run")
        return
    skip = pytest.mark.skip(reason=f"{SHARED} (seed report, YAML test suite) is not beside "
                            "this checkout; CI runs these tests")
    for item in items:
        if item.get_closest_marker("needs_shared"):
            item.add_marker(skip)


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
