"""A citation as parts, so renderers can italicise a title and make a URL clickable."""

from __future__ import annotations

from typing import NamedTuple


class Part(NamedTuple):
    """A piece of a citation: plain text, italic text, or a URL to make clickable."""

    text: str
    italic: bool = False
    url: str | None = None
