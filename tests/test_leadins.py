"""Lead-ins that refer back ("The same interlocutor stated:"): referent supplied or left out.

Walks the bundled library and every example case file: no printed lead-in may refer back
unless the extract before it (in the same issue) is from the same source.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from cocite import leadins
from cocite.casefile import load_case
from cocite.cli import cli
from cocite.library import Library
from cocite.loading import load_library
from cocite.resources import data_dir
from cocite.schedule.model import build_schedule
from cocite.schedule.select import number_issues

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(data_dir())


def test_the_data_has_lead_ins_that_refer_back(library: Library) -> None:
    referring = [r for r in library.records if leadins.refers_back(r.lead_in)]
    # The import of Asylos's report: 100 "the same ..." lead-ins and 2 "following the interview".
    assert len(referring) >= 100


def test_every_record_as_first_extract_prints_no_referring_lead_in(library: Library) -> None:
    supplied = left_out = 0
    for record in library.records:
        before = record.lead_in
        lead = leadins.resolve(record, None)
        assert record.lead_in == before  # the record is never changed
        if lead.text is None:
            assert (lead.left_out is not None) == bool(before)
            left_out += bool(before)
            continue
        assert not leadins.refers_back(lead.text), (record.id, lead.text)
        if lead.supplied:
            supplied += 1
            assert lead.supplied.startswith("[") and lead.supplied.endswith("]")
            assert lead.supplied in lead.text
        else:
            assert lead.text == before
    assert supplied >= 90
    assert left_out >= 2


def test_referent_in_square_brackets() -> None:
    from cocite.models import Record, Source

    vatra = Source(author="Vatra", kind="interview", date="2023-06-05")
    unicef = Source(author="UNICEF", kind="report", date="2022", title="Albania Child Notice")
    rec = Record("a", ("t",), "interview", "q", vatra,
                 lead_in="In relation to the issue of reprisals, the same interlocutor noted that:")
    other = Record("b", ("t",), "desk-review", "q", unicef, lead_in="The same report stated:")
    assert leadins.resolve(rec, other).text == \
        "In relation to the issue of reprisals, [Vatra] noted that:"
    assert leadins.resolve(rec, None).text == \
        "In relation to the issue of reprisals, [Vatra] noted that:"
    assert leadins.resolve(other, rec).text == "[The report by UNICEF] stated:"
    # After an extract from the same source, the lead-in reads as it did in the report.
    assert leadins.resolve(rec, rec._replace(id="c")).text == rec.lead_in
    assert leadins.resolve(rec._replace(lead_in="She added:"), other).text == "[Vatra] added:"
    # Not a reference back: unchanged.
    plain = rec._replace(lead_in="A representative of Vatra stated:")
    assert leadins.resolve(plain, other).text == plain.lead_in
    # In a report, "the same interlocutor" is someone the report quotes, not its author.
    ffm = rec._replace(source=Source(author="UK Home Office", kind="report", date="2022-12",
                                     title="Report of a fact-finding mission"),
                  lead_in="The same interlocutor stated:")
    lead = leadins.resolve(ffm, other)
    assert lead.text is None and lead.left_out == (
        "it refers back to a person the report quotes, whom the record does not name")
    # The author named elsewhere (or part of its name): "the same organisation" is someone else.
    urat = rec._replace(lead_in="The same organisation published a statement by Vatra:")
    lead = leadins.resolve(urat, other)
    assert lead.text is None and lead.left_out
    urat = rec._replace(source=Source(author="United Response Against Trafficking - URAT",
                                      kind="report", date="2023"),
                   lead_in="The same organisation published a statement by URAT:")
    assert leadins.resolve(urat, other).text is None


@pytest.mark.parametrize("case_path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_print_no_lead_in_that_refers_to_another_source(
        library: Library, case_path: Path) -> None:
    case = load_case(case_path, library)
    numbered = number_issues(case, library)
    schedule = build_schedule(case, library, numbered, frozenset(), _now())
    for issue in schedule.issues:
        previous = None
        for e in issue.extracts:
            if e.lead_in and leadins.refers_back(e.lead_in):
                assert previous is not None and \
                    leadins.resolve(e.record, previous).text == e.record.lead_in, e.number
            previous = e.record
    off = build_schedule(replace(case, lead_ins=False), library, numbered, frozenset(), _now())
    assert all(e.lead_in is None for e in off.extracts)


def _now() -> datetime:
    return datetime(2024, 9, 1, tzinfo=UTC)


def test_male_example_supplies_vatra_and_says_nothing_when_all_resolve(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["schedule", "examples/male-forced-criminality.yaml",
                                      "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "*In relation to the issue of reprisals, [Vatra] stated:*" in result.stdout
    assert "the same interlocutor" not in result.stdout.lower()


def test_case_file_lead_ins_false_and_left_out_note(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    case = tmp_path / "case.yaml"
    case.write_text("appellant: A.B.\nissues:\n  - title: Clarifications\n    ids:\n"
                    "      - vatra-2023-12-19-international-identification\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["schedule", str(case), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "Asylos asked the following clarifying question" not in result.stdout
    assert ("note: lead-in of extract 1.1 (vatra-2023-12-19-international-identification) "
            "left out: it refers to an earlier passage") in result.stderr
    case.write_text("lead_ins: false\nissues:\n  - title: Reprisals\n    ids:\n"
                    "      - ukho-ffm-2022-12-loreto-risk-factors\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["schedule", str(case), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "Similarly" not in result.stdout


def test_bundle_resolves_lead_ins_and_no_lead_in_turns_them_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["build", "--id", "vatra-2023-12-19-international-identification", "-o", "-"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert "clarifying question" not in result.stdout
    assert "note: lead-in of extract 1 " in result.stderr
    result = CliRunner().invoke(cli, [*args, "--no-lead-in"])
    assert "note: lead-in" not in result.stderr
