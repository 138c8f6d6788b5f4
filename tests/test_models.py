"""The record types: immutable, and a record's place in a file is not part of what it is."""

from __future__ import annotations

import pytest

from cocite.models import Record, Source, Vocabulary


def _record(**change: object) -> Record:
    record = Record(id="r-1", topics=("stigma",), material="desk-review", quote="A quote.",
                    source=Source(author="Vatra", kind="interview", date="2023"),
                    file="data/excerpts.yaml", line=12)
    return record._replace(**change)  # type: ignore[arg-type]


def test_equality_and_hash_ignore_where_the_record_was_read() -> None:
    here, there = _record(), _record(file="shard-2.yaml", line=400)
    assert here == there
    assert not here != there
    assert hash(here) == hash(there)
    assert len({here, there}) == 1


def test_records_that_differ_in_a_field_of_the_format_are_different() -> None:
    assert _record() != _record(quote="A quote!")
    assert _record() != _record(country="AL")
    assert not _record() == _record(source=Source(author="Vatra", kind="interview", date="2024"))


def test_a_record_is_not_equal_to_a_tuple_of_its_values() -> None:
    record = _record()
    assert record != tuple(record)
    assert tuple(record) != record


def test_records_and_vocabularies_cannot_be_changed_in_place() -> None:
    record = _record()
    with pytest.raises(AttributeError):
        record.quote = "altered"  # type: ignore[misc]
    vocabulary = Vocabulary(topics=(), profiles=())
    with pytest.raises(TypeError):
        vocabulary.shorthands["boys"] = ("male",)  # type: ignore[index]
