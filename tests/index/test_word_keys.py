"""Exact keys of names (``index.candidates.word_keys``, ``glued_keys``)."""

from __future__ import annotations

import pytest

from offramp.index.candidates import glued_keys, word_keys
from offramp.normalize.names import normalize_name


@pytest.mark.parametrize(
    ("name", "glued"),
    [
        ("AL-OTAIBI, Mohammad", ["alotaibi"]),
        ("Abu Bakr al-Baghdadi", ["abubakr", "albaghdadi"]),
        # a run of particles glues on whole
        ("Pieter van der Berg", ["vanderberg"]),
        ("Juan de la Cruz", ["delacruz"]),
        # function words are never part of a name
        ("Bank of China", []),
        ("Ministry of Defence and Armed Forces Logistics", []),
        # nothing to glue: no particle, or a particle at the end
        ("ALOTAIBI, Mohammed", []),
        ("Fernando Li", []),
    ],
)
def test_particles_glue_to_the_word_after_them(name: str, glued: list[str]) -> None:
    norm = normalize_name(name)
    assert [key for _, key in glued_keys(norm)] == glued
    for at, key in glued_keys(norm):
        assert key.endswith(norm.tokens[at])
    assert set(glued) <= set(word_keys(norm))


def test_a_name_written_either_way_shares_the_glued_key() -> None:
    apart, together = normalize_name("AL-OTAIBI, Mohammad"), normalize_name("ALOTAIBI, Mohammed I.")
    assert "alotaibi" in set(word_keys(apart)) & set(word_keys(together))
