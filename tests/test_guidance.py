"""Country guidance: the known decisions (checked, listed) and a case file's per-issue reliance."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from cocite.cli import cli
from cocite.guidance import GUIDANCE_FILE, load_guidance

REPO = Path(__file__).resolve().parents[1]
CASE = REPO / "tests" / "data" / "case-adult-man.yaml"


@pytest.fixture(autouse=True)
def _estimated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COCITE_SOFFICE", "/nonexistent/soffice")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1725148800")


def test_bundled_decisions_are_valid_and_listed() -> None:
    known = load_guidance()
    assert known["td-and-ad-2016"].full == "TD and AD (Trafficked women) CG [2016] UKUT 92 (IAC)"
    assert known["am-and-bm-2010"].replaced_by == "td-and-ad-2016"
    result = CliRunner().invoke(cli, ["guidance"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "td-and-ad-2016: TD and AD (Trafficked women) CG [2016] UKUT 92 (IAC) (Albania, "
        "2016-02-09) http://www.bailii.org/uk/cases/UKUT/IAC/2016/92.html")


def test_a_bad_guidance_file_names_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "cg.yaml"
    bad.write_text(
        "- id: a-2016\n  name: A CG\n  citation: '[2016] UKUT 92'\n"
        "- id: b-2016\n  name: B CG\n  citation: '[2016] UKUT 1 (IAC)'\n  date: '2015-01-01'\n"
        "  url: ftp://example.org/b\n  replaced_by: nothing\n"
        "- id: c-2099\n  name: C CG\n  citation: '[2099] UKUT 1 (IAC)'\n  date: '2099-01-01'\n",
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["guidance", "--file", str(bad)])
    assert result.exit_code == 1
    err = result.stderr
    assert (f"{bad}:3: [0].citation: expected a neutral citation such as [2016] UKUT 92 (IAC) or "
            "[2004] UKIAT 123, got '[2016] UKUT 92'") in err
    assert f"{bad}:7: [1].date: the neutral citation says 2016, the date 2015-01-01" in err
    assert f"{bad}:8: [1].url: expected a valid http(s) address with a host name" in err
    assert f"{bad}:13: [2].date: expected a date that is not in the future" in err
    assert "Traceback" not in err


def _case(tmp_path: Path, guidance: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(CASE.read_text(encoding="utf-8").replace(
        "  - title: Internal relocation\n",
        "  - title: Internal relocation\n    country_guidance:\n" + guidance), encoding="utf-8")
    return path


def run(case: Path, out: str = "-") -> Result:
    return CliRunner().invoke(cli, ["--data", str(REPO / "tests" / "data" / "case-library"),
                                    "schedule", str(case), "-o", out])


def test_case_file_guidance_is_printed_at_the_head_of_its_issue(tmp_path: Path) -> None:
    case = _case(tmp_path, "      - case: td-and-ad-2016\n        paragraphs: headnote (b)\n")
    result = run(case)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    head = out.split("## 3. Internal relocation\n\n")[1].split("### 3.1")[0]
    assert head == (
        "**Country guidance**\n\n"
        "- *TD and AD (Trafficked women) CG* [2016] UKUT 92 (IAC), headnote (b) "
        "<http://www.bailii.org/uk/cases/UKUT/IAC/2016/92.html>\n\n")
    docx = tmp_path / "s.docx"
    assert run(case, str(docx)).exit_code == 0
    doc = Document(io.BytesIO(docx.read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("Country guidance")
    assert texts[at - 1] == "3. Internal relocation"
    # The URL shown may break after each "/" (zero-width spaces: see url_display).
    assert texts[at + 1] == ("–\tTD and AD (Trafficked women) CG [2016] UKUT 92 (IAC), headnote (b) "
                             "http://www.bailii.org/\u200buk/\u200bcases/\u200bUKUT/\u200bIAC/"
                             "\u200b2016/\u200b92.html")
    links = {r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert "http://www.bailii.org/uk/cases/UKUT/IAC/2016/92.html" in links


def test_replaced_guidance_warns_unknown_id_and_bad_inline_fail(tmp_path: Path) -> None:
    result = run(_case(tmp_path, "      - case: am-and-bm-2010\n"))
    assert result.exit_code == 0
    assert ("issues[2].country_guidance[0].case: AM and BM (Trafficked women) Albania CG [2010] "
            "UKUT 80 (IAC) was replaced in part: TD and AD") in result.stderr
    result = run(_case(tmp_path, "      - case: td-and-ad\n"))
    assert result.exit_code == 1
    assert ("no country guidance decision with id 'td-and-ad'; did you mean 'td-and-ad-2016'?"
            ) in result.stderr
    result = run(_case(tmp_path, "      - name: X CG\n        citation: 2016 UKUT 1\n"
                                 "        url: not a url\n"))
    assert result.exit_code == 1
    err = result.stderr
    assert "issues[2].country_guidance[0].citation: expected a neutral citation" in err
    assert "issues[2].country_guidance[0].url: expected a valid http(s) address" in err


def test_inline_guidance_without_a_url_is_printed_without_one(tmp_path: Path) -> None:
    result = run(_case(tmp_path, "      - name: XY (Test) Albania CG\n"
                                 "        citation: '[2020] UKUT 1 (IAC)'\n"))
    assert result.exit_code == 0, result.stderr
    assert "- *XY (Test) Albania CG* [2020] UKUT 1 (IAC)\n" in result.stdout


def test_guidance_file_is_shipped_in_the_package() -> None:
    assert GUIDANCE_FILE.is_file()
    assert GUIDANCE_FILE.parent.parent.name == "cocite"
