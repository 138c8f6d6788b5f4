"""Each distinct URL printed once per issue: in the issue's sources; citations link titles.

A schedule's 12 pages are too few to print the same long address under every extract. In an
extract, the citation keeps every word but its URL, and its title (or, for an untitled source
such as an interview, the whole citation) links to the URL. In the issue's sources the URL is
printed the first time it occurs; a later entry with the same URL links its title instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from cocite.citation.parts import Part


def _without_url(parts: Sequence[Part]) -> tuple[list[Part], str | None]:
    """The parts without the URL and the separators the style put around it."""
    at = next((i for i, p in enumerate(parts) if p.url), None)
    if at is None:
        return list(parts), None
    before, after = list(parts[:at]), list(parts[at + 1:])
    if before and before[-1].text.endswith("<"):  # OSCOLA's "(2022) 20 <" + URL + ">."
        kept = before[-1].text[:-1].rstrip()
        before[-1:] = [before[-1]._replace(text=kept)] if kept else []
    elif before and before[-1].text == " ":
        before.pop()
    if after and after[0].text.startswith(">"):
        rest = after[0].text[1:]
        after = ([after[0]._replace(text=rest)] if rest else []) + after[1:]
    return before + after, parts[at].url


def title_linked(parts: Sequence[Part], title: str | None) -> tuple[Part, ...]:
    """The citation without its URL printed, the title linked to it instead."""
    rest, url = _without_url(parts)
    if url is None:
        return tuple(parts)
    for i, part in enumerate(rest):
        if part.italic and part.text.strip():
            rest[i] = Part(part.text, url=url)
            return tuple(rest)
        if title and title in part.text:
            head, _, tail = part.text.partition(title)
            pieces = [Part(head), Part(title, url=url), Part(tail)]
            rest[i:i + 1] = [p for p in pieces if p.text]
            return tuple(rest)
    text = "".join(p.text for p in rest).rstrip()
    return (Part(text, url=url),) if text else tuple(parts)
