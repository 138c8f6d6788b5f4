"""The Asylos importer: each PDF-extraction artefact on a small fixture, then the whole seed report.

Fixtures in tests/data/import/ are named for the artefact they show. The seed tests use the
report text beside the repository (``<repo>/../shared/seed/...``) and are skipped without it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from cocite import yamlio
from cocite.citation.asylos import format_source, normalise_citation
from cocite.errors import ImportParseError
from cocite.importers.asylos import ImportResult, import_asylos, summary_lines
from cocite.importers.asylos_overrides import load_overrides
from cocite.importers.asylos_sources import split_citations
from cocite.models import Source, Term, Vocabulary

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "data" / "import"
# The seed sits beside the checkout (``<repo>/../shared/seed``), or beside the worktrees'
# folder for a git worktree (``<repo>/../../shared/seed``).
SEED = next(
    (p for up in (2, 3) if (p := Path(__file__).parents[up] / "shared/seed/asylos-albania-trafficking-2024.txt").is_file()),
    Path(__file__).parents[2] / "shared/seed/asylos-albania-trafficking-2024.txt",
)
REPORT_ID = "asylos-albania-trafficking-2024"
ANNEX = "https://www.asylos.eu/Handlers/Download.ashx?IDMF=annex"
SEED_ANNEX = "https://www.asylos.eu/Handlers/Download.ashx?IDMF=3e64b0a9-58dc-4386-ab28-8d0eca67f8b1"

needs_seed = pytest.mark.needs_shared  # see conftest.py: skipped only outside CI


def load_vocabulary(path: Path) -> Vocabulary:
    """data/vocabulary.yaml as a Vocabulary (the library's own loader is not needed here)."""
    data = yamlio.loads(path.read_text(encoding="utf-8"), str(path))

    def terms(items: list[dict[str, Any]]) -> tuple[Term, ...]:
        return tuple(
            Term(
                id=t["id"], label=t["label"], description=t.get("description", ""),
                aliases=tuple(t.get("aliases") or ()), sections=tuple(t.get("sections") or ()),
            )
            for t in items
        )

    shorthands = {k: tuple(v) for k, v in (data.get("shorthands") or {}).items()}
    return Vocabulary(terms(data["topics"]), terms(data["profiles"]), shorthands)


def fixture(name: str) -> ImportResult:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return import_asylos(text, report_id="r", name=name, annex_url=ANNEX)


def only_record(result: ImportResult) -> dict[str, Any]:
    assert len(result.records) == 1
    return result.records[0]


def messages(result: ImportResult) -> list[str]:
    return [w.message for w in result.warnings]


# --- artefacts, one fixture each ------------------------------------------------------------


def test_wrapped_source_line_is_read_over_four_lines() -> None:
    rec = only_record(fixture("wrapped-source-line.txt"))
    assert rec["source"] == {
        "author": "United Nations Convention against Torture and Other Cruel, Inhuman or Degrading "
        "Treatment or Punishment, Committee against Torture",
        "title": "Third periodic report submitted by Albania under article 19 of the Convention, "
        "due in 2016 [Date received: 19 July 2021]",
        "kind": "report",
        "date": "2022-04-05",
        "pages": "23-24",
        "url": "https://www.ecoi.net/en/file/local/2071097/G2230117.pdf",
    }
    assert rec["quote"] == (
        "Both the potential victims/victims of trafficking have access to social care services."
    )


def test_url_block_mid_quote_is_removed_and_the_page_initial_space_too() -> None:
    rec = only_record(fixture("url-block-mid-quote.txt"))
    assert rec["quote"] == (
        "Albania remains a country of origin, transit and destination of trafficking in human "
        "beings. Albanian women and children are subject to trafficking mostly for sexual "
        "exploitation […]"
    )
    # The link of the first page belongs to no citation; the citation's own page gives its link.
    assert rec["source"]["url"] == (
        "https://www.ecoi.net/en/file/local/2101210/SWD_2023_690+Albania+report.pdf"
    )
    assert rec["source"]["pages"] == "45"


def test_missing_url_block_leaves_url_null_and_never_borrows_a_link() -> None:
    result = fixture("missing-url-block.txt")
    first, second = result.records
    # Written out as ``url: null``: the report gives no link that can be attributed to it.
    assert first["source"]["url"] is None
    assert first["source"]["title"] == "2023 Trafficking in Persons Report: Albania"
    assert second["source"]["url"] == "https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania"
    assert result.without_url == [first["id"]]
    assert "no link for this citation on its page" in messages(result)


def test_one_leading_space_in_mid_page_is_not_a_page_start() -> None:
    # " The COVID-19 ..." starts with one space like a page's first line, but the page is far
    # too short to end there: the citation stays on the page whose link block gives its link.
    rec = only_record(fixture("mid-page-space.txt"))
    assert rec["source"]["url"] == "https://www.arisefdn.org/post/2nd-dec-youth-exploitation-in-albania"
    assert rec["quote"].endswith("trafficking operations. The COVID-19 pandemic was identified as a "
                                 "catalyst for younger Albanians gaining access.")


def test_title_variants_are_one_source() -> None:
    from cocite.importers.asylos_ownership import source_key as _source_key

    def key(author: str, title: str) -> tuple[str, str]:
        return _source_key(Source(author=author, kind="report", date=None, title=title))

    assert key("UNICEF", "Albania-Child-Notice-2021.pdf") == key("UNICEF", "Albania-Child-Notice-2021,")
    assert key("D&E", "Input on “contemporary forms”") == key("D&E", "Input on ‘contemporary forms’")
    assert key("Valbona Lenja", "Services – To the Survivors") == key("Valbona Lenja", "Services - To the Survivors")
    assert key("US Department of State (USDOS)", "T") == key("US Department of State", "T")
    assert key("UNICEF", "Albania Child Notice") != key("UNICEF", "Albania Child Notice 2")


def test_translation_note_and_original_source() -> None:
    rec = only_record(fixture("translation-original-source.txt"))
    assert rec["quote"] == (
        "Human trafficking, including children, continues to be a concern in Albania. [...]"
    )
    assert rec["translation"] == {
        "language": "sq",
        "original": "Trafikimi i qenieve njerëzore, përfshirë fëmijët, vazhdon të jetë shqetësim "
        "në Shqipëri. [...]",
        "note": "In-house translation. The author is an Albanian native speaker.",
    }
    # A title with a nested quotation keeps it.
    assert rec["source"]["title"] == (
        "UNICEF ngre alarmin: Shqetësim për trafikimin e qenieve njerëzore në Shqipëri, "
        "“viktima” edhe fëmijët!"
    )
    assert rec["source"]["kind"] == "news"


def test_footnote_in_quote_goes_to_footnotes_and_leaves_the_marker() -> None:
    result = fixture("footnote-in-quote.txt")
    rec = only_record(result)
    assert rec["quote"] == (
        "The situation on child trafficking in Albania remains problematic. Referring to the "
        "GRETA Report for Albania 2020:\n"
        "‘The proportion of child victims of trafficking remains high (around 48%).’1"
    )
    assert rec["footnotes"] == [
        ("1 GRETA, “Evaluation Report Albania, Third evaluation round, Access to justice and "
        "effective remedies for victims of trafficking in human beings”, 15 December 2020, p.8")
    ]
    assert rec["material"] == "interview"
    assert rec["source"] == {
        "author": "Different and Equal", "kind": "written-communication", "date": "2023-06-29",
        "url": ANNEX,
    }
    assert messages(result) == []


def test_source_inside_quote_is_part_of_the_quote_not_a_citation() -> None:
    rec = only_record(fixture("source-inside-quote.txt"))
    assert rec["quote"] == (
        "Identified victims 2021 2022\nAdults 20 25\nSource: INSTAT, Labour Force Survey\n"
        "Children 10 12"
    )
    assert rec["source"]["author"] == "Office of the General Prosecutor"
    assert rec["source"]["pages"] == "Table 36, p.264"


def test_missing_closing_quote_keeps_the_text_and_warns() -> None:
    result = fixture("missing-closing-quote.txt")
    rec = only_record(result)
    assert rec["quote"] == (
        "Children placed in institutions […] are particularly vulnerable to trafficking."
    )
    assert messages(result) == ["the quote has no closing quotation mark"]


def test_hyphen_rejoin_only_with_evidence_from_the_report() -> None:
    rec = only_record(fixture("hyphen-rejoin.txt"))
    # "anti-trafficking" is spelt with its hyphen elsewhere: kept. "Punishment" is spelt whole
    # elsewhere: re-joined. "mis-take" has no evidence either way: the hyphen is kept.
    assert rec["quote"] == (
        "The national coalition supports anti-trafficking shelters, and the Punishment of "
        "traffickers is rare; the mis-take is common."
    )


def test_qa_transcript_keeps_question_and_answer_lines() -> None:
    rec = only_record(fixture("qa-transcript.txt"))
    assert rec["quote"] == (
        "SHKEJ, 10 October 2022 [...]\n"
        "Q. Why are boys trafficked?\n"
        "A. [...] men and boys are trafficked for forced labour and drugs, and the families of "
        "the boys do not report it to the police, because of the shame.\n"
        "[...]\n"
        "Q. Is there stigma?\n"
        "A. Yes."
    )
    assert rec["id"] == "ukho-ffm-2022-12-shkej"
    assert rec["profiles"] == ["male", "child", "adult", "forced-labour"]
    assert rec["source"]["pages"] == "19-20"


def test_vocabulary_gives_topics_from_the_section() -> None:
    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    text = (FIXTURES / "qa-transcript.txt").read_text(encoding="utf-8").replace(
        "1.1 Victims of trafficking – profiles", "1.6 Stigma affecting trafficked men and boys"
    )
    result = import_asylos(text, report_id="r", name="qa", vocabulary=vocabulary, annex_url=ANNEX)
    rec = only_record(result)
    assert rec["id"] == "ukho-ffm-2022-12-shkej-stigma"
    assert rec["topics"] == ["stigma"]
    assert rec["profiles"] == ["male", "child", "adult", "forced-labour"]
    assert rec["cited_in"] == [{"report": "r", "section": "1.6"}]


def test_unreadable_citation_raises_naming_the_line() -> None:
    text = (FIXTURES / "missing-closing-quote.txt").read_text(encoding="utf-8").replace(
        "Source: European Commission, “Albania 2023 Report”, 8 November 2023, p. 52",
        "Source: European Commission and nothing else",
    )
    with pytest.raises(ImportParseError) as info:
        import_asylos(text, report_id="r", name="broken.txt")
    assert [(p.file, p.line, p.field) for p in info.value.problems] == [("broken.txt", 11, "source")]


def test_text_without_chapter_heading_raises() -> None:
    with pytest.raises(ImportParseError) as info:
        import_asylos("just some text\n", report_id="r", name="empty.txt")
    assert str(info.value) == "empty.txt:1: no numbered chapter heading ('1. ...') found"


def test_same_input_same_output() -> None:
    text = (FIXTURES / "qa-transcript.txt").read_text(encoding="utf-8")
    first = import_asylos(text, report_id="r", name="a", annex_url=ANNEX)
    second = import_asylos(text, report_id="r", name="a", annex_url=ANNEX)
    assert yamlio.dumps_records(first.records) == yamlio.dumps_records(second.records)


def test_summary_lines() -> None:
    lines = summary_lines(fixture("missing-url-block.txt"))
    assert lines[:5] == [
        "2 records",
        "by material: desk-review 2",
        "by section:",
        "  1.1       2",
        "translations: 0, footnotes: 0",
    ]
    assert "desk-review sources without url: 1" in lines


def test_citation_without_prefix_ends_the_excerpt() -> None:
    result = fixture("citation-without-prefix.txt")
    first, second = result.records
    assert first["quote"].endswith("family visits etc on a case by case basis.")
    assert first["source"]["pages"] == "84, 85, 86"
    assert second["lead_in"] == (
        "The same interlocutor provided the UK Home Office with the following information:"
    )
    assert second["source"]["pages"] == "87-89"
    assert result.citation_lines == [12, 19]
    assert "a citation without the 'Source:' prefix" in messages(result)


def test_see_sources_line_is_a_citation_of_a_paraphrase() -> None:
    result = fixture("see-sources.txt")
    rec = only_record(result)
    # The summary and its "See Sources:" line are not swallowed into the next lead-in.
    assert rec["lead_in"] == "Ana Majko, Executive Director of ARSIS, noted that:"
    assert [n for n, _ in result.paraphrases] == [10]


def test_paraphrase_is_listed_not_imported_and_a_standalone_note_is_not_a_lead_in() -> None:
    result = fixture("paraphrase.txt")
    rec = only_record(result)
    assert result.paraphrases == [(10, (
        "Different and Equal, Tjeter Vizion and Vatra Psycho-Social Center indicated in written "
        "communication and an interview respectively, that 27% of assisted cases in 2022 were "
        "boys or men."
    ))]
    assert rec["lead_in"] == "In written communication with Asylos, Tjeter Vizion commented that:"
    assert rec["quote"] == "Boys are trafficked for forced begging."
    assert any("not imported as a record" in m for m in messages(result))
    assert "paraphrases not imported (the report's own summary, no quotation): 1" in summary_lines(result)


def test_source_inside_a_footnote_does_not_end_an_excerpt() -> None:
    result = fixture("source-in-footnote.txt")
    first, second = result.records
    assert first["quote"] == "young boys for forced labour or debt bondage8 is usually this glamorous lifestyle."
    # The footnote's wrapped "Source: ..., “Business and Forced Labour”" stays in the footnote.
    assert second["lead_in"].startswith("In April 2023 the Albanian Daily News outlet reported")
    assert second["quote"] == (
        "Then he illegally transported the 8-year-old to Athens, where he forced him to beg."
    )
    # The glued footnote marker does not hide "debt bondage" from the tagging rule.
    assert "forced-labour" in first["profiles"]
    # Footnote 8, printed after the citation, is the footnote of the quote with "bondage8".
    assert [f[:50] for f in first["footnotes"]] == ["8 The International Labour Organization provides t"]
    assert "footnotes" not in second


def test_page_break_mid_sentence_is_a_line_wrap() -> None:
    rec = only_record(fixture("page-break-mid-sentence.txt"))
    assert rec["quote"] == (
        "Nisma ARSIS, 6 October 2022 [...]\n"
        "A. Or when they are easily identified as someone that could be exploited. We have had "
        "the same cases 3 or 4 times.\n"
        "Q. Are they being re-trafficked by the same people?\n"
        # A sentence ends at the page break and a new one starts: a paragraph break stays.
        "A. I don’t have that information. The programme is over.\n"
        "They come back to us."
    )


def test_bullet_glyph_extracted_as_x_is_restored() -> None:
    rec = only_record(fixture("bullet-glyph.txt"))
    assert rec["quote"] == (
        "The law provides these mechanisms for solving the problem of housing for victims of "
        "trafficking:\n"
        "• Rent subsidy (article 34-35 of the law) – As a rule, it is carried out from the income "
        "of the local self-government unit, where victims of trafficking are also beneficiaries;\n"
        "• Specialized apartments for victims\n"
        "D&E has a strong collaboration with the Employment Offices."
    )


LONG = "Services are provided in the region. " * 25  # a long quote (over 800 characters)


@pytest.mark.parametrize(("quote", "absent", "present"), [
    ("Albanian Women Empowerment Network (AWEN) said boys are trafficked.", ["female"], ["male"]),
    (("It ratified the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially "
      "Women and Children."), ["female", "child"], []),
    ("Trafficking in adults and Trafficking in minors are offences.", ["adult", "child"], []),
    ("Can women live independently, with or without children?", ["child"], ["female"]),
    ("Organised crime groups are mostly involved in drug trafficking.", ["forced-criminality"], []),
    ("Male traffickers recruit victims.", ["male"], []),
    ("economically disabled persons", ["disability"], []),
    ("any Albanian or foreign citizen can deposit money", ["foreign-national"], []),
    ("the young guy was supported", [], ["male"]),
    ("the pimp running the brothel", [], ["sexual-exploitation"]),
    ("Some children begged", [], ["forced-begging", "child"]),
    ("her teenage daughter", [], ["child"]),
    ("vulnerable refugees and asylum-seekers", [], ["foreign-national"]),
    ("sexual and labour exploitation", [], ["sexual-exploitation", "forced-labour"]),
    ("He worked for 3 years to pay the debt", [], ["forced-labour"]),
    ("children at risk of committing petty crimes", [], ["forced-criminality"]),
    ("Sexual\nexploitation 36 65", [], ["sexual-exploitation"]),
    ("forced labour or debt bondage8 is", [], ["forced-labour"]),
    # Women and men are adults, girls and boys children.
    ("Women and men are trafficked.", [], ["adult", "female", "male"]),
    ("Girls and boys are trafficked.", ["adult"], ["child", "female", "male"]),
    # The victim as a pronoun.
    ("Then he transported the 8-year-old to Athens, where he forced him to beg.", [], ["male", "forced-begging"]),
    # A long quote: one decisive sentence decides; a passing mention does not.
    (LONG + "We can say that girls are more at risk than boys.", [], ["female", "male", "child"]),
    (LONG + "Free schooling for children is one of the benefits.", ["child"], []),
    # Accused traffickers are not victims.
    ("two young boys, they had been accused of trafficking", ["male", "child"], []),
])
def test_profile_rules(quote: str, absent: list[str], present: list[str]) -> None:
    from cocite.importers.asylos_tags import profiles_for

    found = profiles_for((), quote, None)
    assert [p for p in absent if p in found] == []
    assert [p for p in present if p not in found] == []


def test_a_heading_profile_never_tags_someone_elses_children() -> None:
    from cocite.importers.asylos_tags import profiles_for

    heading = ("Children (boys and girls)",)
    # The children are the victims' own: the heading's people are not the quote's.
    own = profiles_for(heading, "Women who come back with children but no husband need housing.", None)
    assert "child" not in own and "female" in own
    # A quote that does not name people at all keeps the heading's profiles.
    assert profiles_for(heading, "Shelters are underfunded.", None) == ["male", "female", "child"]


@pytest.mark.parametrize(("section_topic", "quote", "added"), [
    ("legal-framework", "Victims of trafficking have been prosecuted for various criminal offences, "
     "such as practising prostitution.", ["non-punishment"]),
    ("shelters", "Victims can access primary health care and medical treatment.", ["healthcare"]),
    # Names of bodies and passing words decide nothing.
    ("legal-framework", "The Special Prosecution Office against Corruption and Organized Crime "
     "investigates.", []),
    ("statistics", "There were some cases with mental health problems.", []),
    ("risk-factors", "The parents are unemployed.", []),
    ("prevention", "Cases of online sexual abuse may not be prosecuted adequately.", []),
    ("identification", "She was referred to a shelter.", []),
])
def test_secondary_topic_rules(section_topic: str, quote: str, added: list[str]) -> None:
    from cocite.importers.asylos_topics import secondary_topics

    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    assert secondary_topics([section_topic], quote, vocabulary) == [section_topic, *added]


def test_same_excerpt_with_other_quote_marks_is_one_record() -> None:
    from cocite.importers.asylos_repeats import quote_identity

    assert quote_identity("‘free to harm all of us’ she said") == quote_identity("“free to harm all of us,” she said")
    assert quote_identity("a month,12 which") == quote_identity("a month,15 which")


def _overrides_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overrides_apply_after_the_rules(tmp_path: Path) -> None:
    from cocite.importers.asylos_overrides import load_overrides

    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    text = (FIXTURES / "missing-url-block.txt").read_text(encoding="utf-8")
    plain = import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX)
    first, second = (r["id"] for r in plain.records)
    assert plain.records[0]["profiles"] == ["child", "forced-begging"]
    assert "profiles" not in plain.records[1]
    path = _overrides_file(tmp_path, (
        f"- id: {first}\n  remove_profiles: [child, forced-begging]\n  reason: checked\n"
        f"- id: {second}\n  add_profiles: [forced-begging, child]\n"
        "  source: {kind: news}\n  reason: checked\n"
    ))
    result = import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX,
                           overrides=load_overrides(path), overrides_name=str(path))
    one, two = result.records
    assert "profiles" not in one  # no profile left: the excerpt is general
    assert list(two)[:3] == ["id", "topics", "profiles"]  # canonical key order kept
    assert two["profiles"] == ["child", "forced-begging"]  # vocabulary order
    assert two["source"]["kind"] == "news"
    assert result.overridden == [
        (first, "-child -forced-begging"), (second, "+forced-begging +child source.kind"),
    ]


def test_overrides_unknown_id_tag_or_foreign_link_is_an_error(tmp_path: Path) -> None:
    from cocite.errors import DataError
    from cocite.importers.asylos_overrides import load_overrides

    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    text = (FIXTURES / "missing-url-block.txt").read_text(encoding="utf-8")
    plain = import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX)
    first = plain.records[0]["id"]
    path = _overrides_file(tmp_path, (
        f"- id: {first}x\n  reason: typo\n"
        f"- id: {first}\n  add_profiles: [boyz]\n  reason: typo\n"
        f"- id: {plain.records[1]['id']}\n"
        "  source: {url: 'https://invented.example/'}\n  reason: not on the page\n"
    ))
    with pytest.raises(DataError) as info:
        import_asylos(text, report_id="r", name="t", vocabulary=vocabulary, annex_url=ANNEX,
                      overrides=load_overrides(path), overrides_name=str(path))
    shown = [str(p) for p in info.value.problems]
    assert shown[0] == f"{path}:1: record {first}x: id: no record with this id in the import; did you mean {first!r}?"
    assert shown[1].startswith(f"{path}:4: record {first}: add_profiles: unknown id 'boyz'")
    assert shown[2].startswith(f"{path}:7: record {plain.records[1]['id']}: source.url: this link is not in")


def test_overrides_file_shape_is_checked(tmp_path: Path) -> None:
    from cocite.errors import DataError
    from cocite.importers.asylos_overrides import load_overrides

    path = _overrides_file(tmp_path, "- id: x\n  add_profile: [male]\n  source: {title: T}\n")
    with pytest.raises(DataError) as info:
        load_overrides(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["add_profile", "reason", "source.title"]


# --- the seed report ------------------------------------------------------------------------


OVERRIDES = REPO / "data" / "overrides" / f"{REPORT_ID}.yaml"


@lru_cache(maxsize=1)
def seed_import() -> ImportResult:
    """The seed as ``cocite import asylos`` imports it (with the library's reviewed overrides)."""
    vocabulary = load_vocabulary(REPO / "data" / "vocabulary.yaml")
    return import_asylos(
        SEED.read_text(encoding="utf-8"), report_id=REPORT_ID, name=SEED.name, vocabulary=vocabulary,
        overrides=load_overrides(OVERRIDES) if OVERRIDES.is_file() else (),
        overrides_name=str(OVERRIDES),
    )


# Citations printed without the "Source:" prefix (UK Home Office, “Report ...”, ..., pp. 84, 85, 86).
BARE_CITATION_LINES = [6689, 6746, 6951, 8490, 8512]
# Citations of the compiler's own summaries (no quotation): not records (see ImportResult.paraphrases).
PARAPHRASE_LINES = [1456, 1524, 1567, 1602, 1704, 1770, 1817, 3874]


def citation_lines(text: str) -> list[int]:
    """Input lines that start a citation: ``Source:``/``Sources:``/``See Sources:`` at the start
    of a line, and the citations the report prints without a prefix."""
    return sorted(
        [n for n, line in enumerate(text.splitlines(), start=1) if re.match(r"^ ?(?:See )?Sources?:", line)]
        + BARE_CITATION_LINES
    )


@needs_seed
def test_seed_every_citation_line_maps_to_exactly_one_record() -> None:
    result = seed_import()
    mapped = list(result.citation_lines) + [n for more in result.merged_lines.values() for n in more]
    paraphrases = [n for n, _ in result.paraphrases]
    # Each line maps to one record, except the citations of paraphrases: 792 citations, 8 of
    # them paraphrases; 8 citations cover two passages joined by the compiler's linking
    # sentence (one three), which become records of their own; 14 passages repeat one already
    # cited (same quote, same source) and are merged into that record.
    assert paraphrases == PARAPHRASE_LINES
    assert sorted(set(mapped) | set(paraphrases)) == citation_lines(SEED.read_text(encoding="utf-8"))
    twice = sorted(n for n in set(mapped) if mapped.count(n) > 1)
    assert [(n, mapped.count(n)) for n in twice] == [
        (2056, 2), (3087, 2), (4868, 2), (5758, 2), (9922, 3), (10145, 2), (11204, 2), (11788, 2)]
    assert len(mapped) + len(paraphrases) == 792 + 9
    assert len(result.records) == 779
    assert len({r["id"] for r in result.records}) == 779


@needs_seed
def test_seed_paraphrases_are_listed_not_imported() -> None:
    result = seed_import()
    texts = dict(result.paraphrases)
    assert texts[1524].startswith("Different and Equal, Tjeter Vizion and Vatra Psycho-Social Center")
    assert "27% of assisted cases in 2022 were boys or men" in texts[1524]
    quotes = " ".join(r["quote"] for r in result.records)
    assert "27% of assisted cases in 2022 were boys or men" not in quotes
    assert "paraphrases not imported (the report's own summary, no quotation): 8" in summary_lines(result)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=1)
def _seed_haystack() -> tuple[str, list[int]]:
    """The seed text without white space and without page furniture (link blocks, printed
    footers: a quote that runs across a page break is joined over them); and for each kept
    char, the index in the text."""
    from cocite.importers.asylos_pages import is_footer_line, is_url_line

    raw = "\n".join(
        "" if is_url_line(line) or is_footer_line(line) else line
        for line in SEED.read_text(encoding="utf-8").split("\n")
    )
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(raw):
        if not ch.isspace():
            chars.append(ch)
            where.append(i)
    return "".join(chars), where


def found_verbatim(piece: str) -> bool:
    """``piece`` occurs in the seed (see :func:`found_once`), or in two parts with something
    taken out between them (a footnote and a page break inside a sentence)."""
    if found_once(piece):
        return True
    words = piece.split(" ")
    return any(
        found_once(" ".join(words[:k])) and found_once(" ".join(words[k:])) for k in range(1, len(words))
    )


def found_once(piece: str) -> bool:
    """``piece`` occurs in the seed, ignoring white space (line wraps, page-initial spaces,
    link blocks in between are also skipped) and line-break hyphenation."""
    hay, _ = _seed_haystack()
    needle = _squash(piece)
    if needle in hay:
        return True
    # Allow a hyphen of the report at a line end to be dropped (re-joined word), and a "•" to
    # be the bullet glyph the PDF extraction turned into "x" (restored: artefact repair).
    pattern = "".join(("[•x]" if ch == "•" else re.escape(ch)) + "-?" for ch in needle)
    return re.search(pattern, hay) is not None


def quote_segments(quote: str) -> list[str]:
    """The lines of a quote or lead-in: a link block, page footer or footnote may sit between
    two of them in the text, so each is checked on its own (wraps inside a line are joined)."""
    return [seg for seg in quote.split("\n") if seg.strip()]


@needs_seed
def test_seed_every_quote_and_lead_in_is_verbatim() -> None:
    missing: list[str] = []
    for rec in seed_import().records:
        for seg in quote_segments(rec["quote"]):
            if not found_verbatim(seg):
                missing.append(f"{rec['id']}: quote: {seg[:80]}")
        for seg in quote_segments(rec.get("lead_in", "")):
            if not found_verbatim(seg):
                missing.append(f"{rec['id']}: lead_in: {seg[:80]}")
    assert missing == []


# Citation lines that the normalisation cannot even out, and why (line -> reason).
IRREGULAR_CITATIONS = {
    2251: "the report gives no date; the record says undated",
    6001: "'June-July 2021' is kept as the year 2021",
    6330: "a document symbol between title and date is kept as publisher",
    10213: "the report gives no date; the record says undated",
    10388: "the report gives no date; the record says undated",
    10888: "the page reference comes before the date in the report",
    13222: "the report's page number has no 'p.'",
}


@needs_seed
def test_seed_format_source_reproduces_each_source_line() -> None:
    result = seed_import()
    printed_lines = SEED.read_text(encoding="utf-8").splitlines()
    mismatches: list[tuple[int, str, str]] = []
    for rec, line, cited in zip(result.records, result.citation_lines, result.citation_texts):
        # The citation as read starts with what is printed on its line (wraps add the rest).
        printed = re.sub(r"^ ?Sources?:\s*", "", printed_lines[line - 1])
        assert re.sub(r"\s+", " ", cited).startswith(re.sub(r"\s+", " ", printed).strip())
        if line in IRREGULAR_CITATIONS:
            continue
        first = split_citations(cited)[0]  # a record keeps the first of several sources
        # The report's own spelling of the author, where the record corrects it.
        as_cited = {**rec["source"], "author": rec["source"].get("author_as_cited") or rec["source"]["author"]}
        as_cited.pop("author_as_cited", None)
        mine = normalise_citation(format_source(Source(**as_cited)))
        if mine != normalise_citation(first):
            mismatches.append((line, mine, normalise_citation(first)))
    assert mismatches == []


@needs_seed
def test_seed_every_numbered_section_with_excerpts_has_records() -> None:
    result = seed_import()
    text = SEED.read_text(encoding="utf-8").splitlines()
    headings = [
        (n, m.group(1)) for n, line in enumerate(text, start=1)
        if (m := re.match(r"^\s*(\d\.\d{1,2}(?:\.\d{1,2}){0,2})\s+[A-Z]", line))
        and not re.search(r"on page \d+", line)
    ]
    starts = citation_lines("\n".join(text))
    with_excerpts = set()
    for (line, number), nxt in zip(headings, [*headings[1:], (len(text) + 1, "")]):
        if any(line < s < nxt[0] for s in starts):
            with_excerpts.add(number)
    assert with_excerpts - set(result.per_section) == set()
    assert len(result.per_section) == 62


@needs_seed
def test_seed_every_section_with_records_has_a_topic() -> None:
    result = seed_import()
    assert [r["id"] for r in result.records if not r["topics"]] == []


@needs_seed
def test_seed_annex_link_and_interview_urls() -> None:
    result = seed_import()
    assert result.annex_url == SEED_ANNEX
    interviews = [r for r in result.records if r["material"] == "interview"]
    assert {r["source"]["url"] for r in interviews} == {SEED_ANNEX}


@needs_seed
def test_seed_committed_excerpts_equal_a_fresh_import() -> None:
    """The report's records in the committed data are a fresh import (records that editors
    add, of other reports or none, are theirs: not compared)."""
    from cocite.importers.merge import cites_report

    committed = yamlio.loads((REPO / "data" / "excerpts.yaml").read_text(encoding="utf-8"), "excerpts")
    mine = [r for r in committed if cites_report(r, REPORT_ID)]
    assert yamlio.dumps_records(fmt_plain(mine)) == yamlio.dumps_records(seed_import().records)


def fmt_plain(records: list[Any]) -> list[dict[str, Any]]:
    from cocite.fmt import _plain

    return [_plain(r) for r in records]


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


def test_link_of_another_source_is_not_kept_and_own_link_is_reused() -> None:
    """Positional alignment can misfire; links are checked source by source."""
    from cocite.importers.asylos_ownership import reconcile_links as _reconcile_links

    a, b = ("A", "Report A"), ("B", "Report B")
    keys = [a, a, a, b, b]
    urls = {0: "https://a.example/a", 1: "https://a.example/a", 3: "https://a.example/a",
            4: "https://b.example/b"}
    out = _reconcile_links(urls, keys, [False] * 5)
    # Record 3 (source B) had A's link: dropped, then given B's own link.
    # Record 2 (source A, no link on its page) takes A's only link.
    assert out == {0: "https://a.example/a", 1: "https://a.example/a", 2: "https://a.example/a",
                   3: "https://b.example/b", 4: "https://b.example/b"}
    # A source with two links of its own gets neither when its citation has none.
    two = _reconcile_links({0: "https://x.example/1", 1: "https://x.example/2"}, [a, a, a],
                           [False] * 3)
    assert two == {0: "https://x.example/1", 1: "https://x.example/2"}


@needs_seed
def test_seed_no_citation_with_a_link_in_its_page_block_is_null() -> None:
    """A desk-review record without a link: every link of its page's link block (but the
    annex, and URLs written out in a footnote) is the link of another record cited on the
    page; and the summary says why."""
    from cocite.importers.asylos_pages import is_url_line, split_pages
    from cocite.importers.asylos_parse import parse_report

    result = seed_import()
    text = SEED.read_text(encoding="utf-8")
    paged = split_pages(text)
    written_out = {
        m.group(0) for line in text.splitlines() if not is_url_line(line)
        for m in re.finditer(r"https?://\S+", line)
    }
    excerpts = {ex.citation_line: ex for ex in parse_report(paged.lines, "seed").excerpts}
    url_at: dict[int, str | None] = {}
    for rec, line in zip(result.records, result.citation_lines):
        for n in [line, *result.merged_lines.get(rec["id"], [])]:
            url_at[n] = rec["source"].get("url")
    unexplained = []
    for rec, line in zip(result.records, result.citation_lines):
        if rec["material"] != "desk-review" or rec["source"]["url"] is not None:
            continue
        page = excerpts[line].citation_page
        others = {url_at.get(ex.citation_line) for ex in excerpts.values() if ex.citation_page == page}
        stray = [
            link for link in paged.pages[page].links
            if link != SEED_ANNEX and link not in others and link not in written_out
        ]
        if stray:
            unexplained.append((rec["id"], stray))
    assert unexplained == []
    assert result.without_url == [
        "usdos-2023-03-20-displaced-statistics", "adn-2023-04-27-details-trafficker-profiles",
        "wbocr-2022-11-04-official-trafficker-profiles", "birn-2022-07-19-crime-trafficker-profiles",
        "instat-nd-unemployed-employment",
    ]
    summary = summary_lines(result)
    assert ("  adn-2023-04-27-details-trafficker-profiles: the link block of its page is lost in the "
            "text (citation at line 2813), and the report links this source nowhere else") in summary


TIP_STATE = "https://www.state.gov/reports/2023-trafficking-in-persons-report/albania/"
TANDF = ("https://www.tandfonline.com/doi/full/10.1080/23322705.2021.1920823?scroll=top"
         "&needAccess=true&role=tab&aria-labelledby=full-article")


@needs_seed
@pytest.mark.parametrize(("rid", "url"), [
    # A mid-page line with one leading space had cut this citation off from its page's links.
    ("usdos-tip-2023-06-15-years-recruitment", TIP_STATE),
    # Cited with and without a closing comma / ".pdf" in the title: one source.
    ("unicef-child-notice-2022-gathered-identification",
     "https://www.ecoi.net/en/file/local/2087459/Albania-Child-Notice-2021.pdf"),
    # "(ICCPR)" in one citation's author only.
    ("iccpr-2023-01-10-article-legal-framework", "https://www.ecoi.net/en/file/local/2085636/G2300156.pdf"),
    # Ramaj's article: the link's words do not name it; the pages where it is cited do.
    ("ramaj-2021-05-07-challenges-justice-system", TANDF),
    ("ramaj-2021-05-07-false-corruption", TANDF),
    # Lenja's study had Ramaj's link; its page gives the Vatra studies page.
    ("lenja-2021-challenges-bureaucracy", "http://qendravatra.org.al/studies/"),
    # Its page has only Ramaj's link: the report's link for Lenja's study on other pages.
    ("lenja-2021-challenges-healthcare", "http://qendravatra.org.al/studies/"),
    # The page's only other link is UNICEF's, whose words name UNICEF's report better.
    ("de-2022-03-01-crises-employment", "http://differentandequal.org/en/stages-of-reintegration-a-reintegration-guide/"),
])
def test_seed_links_follow_the_source(rid: str, url: str) -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    assert by_id[rid]["source"]["url"] == url


@needs_seed
def test_seed_no_record_carries_another_sources_link() -> None:
    from cocite.importers.asylos_ownership import source_key as _source_key

    users: dict[str, set[tuple[str, str]]] = {}
    for rec in seed_import().records:
        if rec["material"] == "desk-review" and rec["source"]["url"]:
            users.setdefault(rec["source"]["url"], set()).add(_source_key(Source(**rec["source"])))
    shared = {url: sorted(a for a, _ in keys) for url, keys in users.items() if len(keys) > 1}
    # One link, two sources: Vatra's studies page (two Vatra studies); one statement that
    # Arise published for URAT, cited under both names; one research report cited with and
    # without its co-author (and "speaks itself" for "speaks for itself"); UNICEF's annual report cited under two titles.
    assert shared == {
        "http://differentandequal.org/wp-content/uploads/2023/03/Research-Report-The-Evidence-Speaks-Itself.pdf":
            ["different and equal"] + ["different and equal & safer young lives research centre, university of bedfordshire"] * 2,
        "https://www.unicef.org/media/135301/file/Albania-2022-COAR.pdf": ["unicef", "unicef"],
        "http://qendravatra.org.al/studies/": ["judge albana boksi, dr arta mandro", "valbona lenja"],
        "https://www.arisefdn.org/post/4-things-the-albanian-anti-slavery-sector-wants-you-to-know":
            ["arise", "united response against trafficking in persons in albania-urat"],
    }


@needs_seed
def test_seed_every_footnote_marker_has_its_footnote() -> None:
    from cocite.footnote_markers import unmatched_markers

    records = seed_import().records
    assert [(r["id"], unmatched_markers(r["quote"], r.get("footnotes", []))) for r in records
            if unmatched_markers(r["quote"], r.get("footnotes", []))] == []
    by_id = {r["id"]: r for r in records}
    # "1210" in the prosecutors' table: 12 convicted, footnote 10 (printed after the next citation).
    assert [f[:40] for f in by_id["ogp-2023-03-criminal-prosecutions"]["footnotes"]] == [
        "10 Note: It is unclear how 12 defendants"]
    # Footnote 15 is the repeated excerpt's (merged into the record with footnote 12), not this one's.
    assert "footnotes" not in by_id["tdh-2023-06-06-youth-employment"]
    assert [f[:3] for f in by_id["tdh-2023-06-06-mentioned-identification"]["footnotes"]] == ["12 "]
    # A footnote run into the one before it in the extraction ("... Crime. 42 Zhilla, F.").
    assert "42 Zhilla, F. Lamallari" in " ".join(by_id["wbocr-2022-11-04-official-trafficker-profiles"]["footnotes"])
    assert seed_import().footnotes == 71


@needs_seed
def test_seed_an_excerpt_cited_twice_keeps_both_places() -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    assert by_id["arsis-2023-06-19-child-justice-system"]["cited_in"] == [
        {"report": REPORT_ID, "section": "2.4.3"}, {"report": REPORT_ID, "section": "2.4.7.2"}]
    places = sum(len(r["cited_in"]) for r in seed_import().records)
    assert places == 779 + 14  # every passage cited is one place of one record


@needs_seed
def test_seed_compilers_linking_sentence_is_a_lead_in_not_part_of_a_quote() -> None:
    records = seed_import().records
    by_id = {r["id"]: r for r in records}
    first, second = by_id["de-2023-06-29-based-statistics-2"], by_id["de-2023-06-29-males-statistics"]
    assert first["quote"].endswith("were exploited for forced labour.")
    assert second["lead_in"] == "The same interlocutor stated:"
    assert second["quote"].startswith("Males were exploited mostly for forced criminal activities")
    assert second["source"] == first["source"]
    linking = re.compile(r"^The same interlocutor\b.*:$", re.MULTILINE)
    assert [r["id"] for r in records if linking.search(r["quote"])] == []


@needs_seed
def test_seed_extraction_artefacts_are_repaired() -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    # "2021-⏎2023": a range broken at the line end keeps no space.
    assert "the 2021-2023 NAP" in by_id["usdos-tip-2023-06-15-government-prevention-2"]["quote"]
    # A footnote and a page break inside a sentence are no paragraph break.
    assert "you need to go to the state offices." in by_id["tdh-2023-06-06-mentioned-stigma-2"]["quote"]
    # A bulleted list flattened into running lines gets its line breaks back.
    assert "following reasons:\n• Victims’ fear of being judged:" in by_id["de-2023-03-survey-juvenile-justice"]["quote"]


@needs_seed
def test_seed_authors_as_the_source_names_them() -> None:
    by_id = {r["id"]: r for r in seed_import().records}
    source = by_id["schwandner-sievers-2023-05-25-things-corruption"]["source"]
    assert (source["author"], source["author_as_cited"]) == (
        "Dr Stephanie Schwandner-Sievers", "Dr Stephanie-Schwander-Sievers")
    assert by_id["arise-albania-2023-05-24-shelters-funding"]["source"]["author"] == "Arise Albania Coordinator"
    # Another work with one more author is not a misspelling.
    assert "author_as_cited" not in by_id["davy-2022-09-survey-risk-factors"]["source"]
    assert [(rid, right) for rid, _, right in seed_import().authors] == [
        ("schwandner-sievers-2023-05-25-known-stigma", "Dr Stephanie Schwandner-Sievers"),
        ("schwandner-sievers-2023-05-25-things-corruption", "Dr Stephanie Schwandner-Sievers"),
        ("arise-albania-2023-05-24-shelters-funding", "Arise Albania Coordinator"),
    ]


@needs_seed
def test_seed_a_joint_statement_lists_every_author() -> None:
    joint = {r["id"]: r["joint_sources"] for r in seed_import().records if "joint_sources" in r}
    assert joint["de-2023-06-29-mental-statistics"] == [{
        "author": "Tjeter Vizion", "kind": "written-communication", "date": "2023-06-21",
        "url": SEED_ANNEX}]
    assert sorted(joint) == [
        "de-2023-06-29-legislation-compensation", "de-2023-06-29-mental-statistics",
        "de-2023-06-29-related-legal-framework", "tv-2023-06-20-reintegration-shelters"]
