"""The fast query constructor and the packed query's layout, which searches rely on."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from offramp.match.packed import pack_query
from offramp.match.query import Query, extended_names, query_of, surname_mask
from offramp.model import DateValue, Identifier, Schema
from offramp.normalize.names import normalize_name

NAMES = ["Hangzhou Hikvision Digital Technology Co., Ltd.", "MADURO MOROS, Nicolas",
         "杭州海康威视数字技术股份有限公司", "van der Berg, Pieter", "Maru No. 8", "J. Smith",
         "Банк Россия"]


def test_query_of_equals_the_dataclass_in_every_field() -> None:
    norm = normalize_name("MADURO MOROS, Nicolas")
    args = ("MADURO MOROS, Nicolas", norm, (1.0, 0.5, 0.25), Schema.PERSON, "VE",
            DateValue.parse("1962-11-23"), (Identifier("passport", "X123"),),
            surname_mask(norm))
    fast, plain = query_of(*args), Query(*args)
    assert fast == plain and repr(fast) == repr(plain)
    # every field is set (a field added to Query but not to query_of would fail here)
    assert [getattr(fast, f.name) for f in fields(Query)] == list(args)


@pytest.mark.parametrize("text", NAMES)
def test_packed_words_begin_with_the_joined_name(text: str) -> None:
    # Screener.search hands this prefix to the candidate selection as the joined name.
    norm = normalize_name(text)
    q = query_of(text, norm, (1.0,) * len(norm.tokens), None, None, None, (),
                 surname_mask(norm))
    joined = np.frombuffer(norm.joined.encode("utf-32-le"), dtype=np.int32)
    assert np.array_equal(pack_query(q).chars[:len(norm.joined)], joined)


def test_extended_names_flags_short_forms_of_the_same_entity() -> None:
    names = [normalize_name(t) for t in ("Dahua", "Dahua Technology", "Zhejiang Dahua",
                                         "NAFTAN OAO", "Naftan", "Dahua", "Hikvision Ltd",
                                         "Hikvision")]
    # entities: 0 has the three Dahua names, 1 the two Naftan ones (the same key words,
    # one with a legal form), 2 a lone Dahua, 3 Hikvision with and without a legal form
    entities = [0, 0, 0, 1, 1, 2, 3, 3]
    assert extended_names(entities, names) == [True, False, False, False, False, False,
                                               False, False]
