"""Readable, stable record ids: ``<source>-<title>-<date>-<word>-<topic>``.

For example ``ukho-ffm-2022-12-shkej-stigma``: the UK Home Office's fact-finding mission report
of December 2022, the quote that opens with SHKEJ, in the stigma section. Ids depend only on the
record's own text and its position among records with the same stem (``-2``, ``-3`` in report
order), never on hash order.
"""

from __future__ import annotations

import re
import unicodedata

from cocite.models import Source

# Short names editors use for the report's frequent sources (first match wins).
AUTHOR_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"^UK Home Office", "ukho"),
    (r"^US Department of State", "usdos"),
    (r"^US Department of Labou?r", "usdol"),
    (r"^European Commission", "ec"),
    (r"^Council of Europe", "coe"),
    (r"^GRETA", "greta"),
    (r"^UNICEF Albania Child Protection Specialist", "unicef-cps"),
    (r"^UNICEF", "unicef"),
    (r"^IOM\b", "iom"),
    (r"^Beneficiary (?:of )?(?:D&E|Different and Equal)|^D&E Beneficiary", "de-beneficiary"),
    (r"^(?:Different (?:and|&) Equal|D&E)\b", "de"),
    (r"^Beneficiary A\.?B", "beneficiary-ab"),
    (r"^Tjeter Vizion", "tv"),
    (r"^(?:NISMA[- ]ARSIS|Nisma-ARSIS)", "arsis"),
    (r"^Vatra representative on behalf of the beneficiary", "vatra-beneficiary"),
    (r"^Vatra", "vatra"),
    (r"^Terre des hommes", "tdh"),
    (r"^Arise Albania Coordinator", "arise-albania"),
    (r"^Arise\b", "arise"),
    (r"Brachou", "brachou"),
    (r"Ramaj", "ramaj"),
    (r"Schwan\w*-Sievers|Stephanie-Schwander", "schwandner-sievers"),
    (r"^Global Initiative Against Transnational Organized Crime", "gitoc"),
    (r"^Western Balkans Organized Crime Radar", "wbocr"),
    (r"^Office of the General Prosecutor", "ogp"),
    (r"^United Nations Convention against Torture", "uncat"),
    (r"^United Nations International Covenant on Civil and Political Rights", "iccpr"),
    (r"^The People’s Advocate", "people-advocate"),
)
TITLE_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"fact-finding mission", "ffm"),
    (r"Trafficking in Persons Report", "tip"),
    (r"Country Reports on Human Rights Practices", "hrr"),
    (r"Child[- ]Notice", "child-notice"),
)
_ORG_WORDS = re.compile(
    r"\b(?:Office|Department|Council|Commission|Committee|Cent(?:re|er)|Network|Organi[sz]ation|"
    r"Foundation|Agency|Institute|Ministry|Government|Union|Nations|Initiative|Radar|News|Forum|"
    r"Association|Coalition|Advocate|Press|Programme|Program|Development|Daily|International|"
    r"Gazeta|Policy|House|Insight|Euractiv|Freedom)\b"
)
STOP = frozenset(
    ["about", "above", "after", "again", "against", "albania", "albanian", "although", "among", "another", "because", "been", "before", "being", "between", "both", "cases", "could", "country", "during", "each", "either", "every", "first", "found", "from", "further", "given", "have", "having", "however", "including", "into", "itself", "large", "later", "least", "little", "many", "might", "more", "most", "much", "must", "never", "other", "others", "otherwise", "ours", "over", "particular", "people", "persons", "perhaps", "quite", "rather", "report", "really", "several", "shall", "should", "since", "some", "still", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "though", "through", "under", "until", "very", "were", "what", "when", "where", "which", "while", "whilst", "with", "within", "without", "would", "your", "also", "there's", "it's", "that's", "victims", "victim", "trafficking", "trafficked", "human", "beings", "said", "says", "stated", "noted", "reported", "according", "yes", "the", "and", "are", "was", "has"]
)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def source_stem(source: Source) -> str:
    for pattern, abbr in AUTHOR_ABBREVIATIONS:
        if re.search(pattern, source.author):
            return abbr
    first = source.author.split(",")[0].strip()
    trailing = re.search(r"\s[-–]\s*([A-Z]{2,10})$", first)  # "United Response ... - URAT"
    if trailing:
        return slug(trailing.group(1))
    acronym = re.search(r"\(([A-Z][A-Z/&-]{1,12})\)", source.author) or re.fullmatch(r"[A-Z][A-Z&-]{1,10}", first)
    if acronym:
        return slug(acronym.group(1) if acronym.re.groups else acronym.group(0))
    words = re.findall(r"[^\W\d_][\w’'-]*", first)
    if 1 < len(words) <= 4 and not _ORG_WORDS.search(first):
        return slug(words[-1])  # a person: the surname
    initials = "".join(w[0] for w in words if w[0].isupper())
    return slug(initials) or slug(first)[:12] or "source"


def title_stem(source: Source) -> str:
    for pattern, abbr in TITLE_ABBREVIATIONS:
        if source.title and re.search(pattern, source.title, re.IGNORECASE):
            return abbr
    return ""


def distinctive_word(quote: str) -> str:
    """The first word of the quote that tells it apart (a name, or an uncommon word)."""
    text = re.sub(r"\[[^\]]*\]", " ", quote)
    for word in re.findall(r"[^\W\d_]{4,}", text):
        if word.isupper() and len(word) <= 8:  # SHKEJ, OSCE, NRM: names editors recognise
            return slug(word)
        low = word.lower()
        if len(low) >= 5 and low not in STOP:
            return slug(low)
    return "quote"


def record_stem(source: Source, quote: str, topic: str | None) -> str:
    parts = [source_stem(source), title_stem(source), source.date or "nd", distinctive_word(quote)]
    if topic:
        parts.append(topic)
    return "-".join(p for p in parts if p)


def unique_ids(stems: list[str]) -> list[str]:
    """Stems made unique in order: the first keeps its stem, later ones get -2, -3, ..."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for stem in stems:
        count = seen.get(stem, 0) + 1
        seen[stem] = count
        out.append(stem if count == 1 else f"{stem}-{count}")
    # A suffixed id could equal another stem ("x-2" as a stem): suffix again until unique.
    taken: set[str] = set()
    final: list[str] = []
    for rid in out:
        candidate, n = rid, 1
        while candidate in taken:
            n += 1
            candidate = f"{rid}-{n}"
        taken.add(candidate)
        final.append(candidate)
    return final
