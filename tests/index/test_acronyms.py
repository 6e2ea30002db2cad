"""Organisations are found by their initials, and by their name written out in full when the
list has only the initials."""

from offramp.index.candidates import ACRONYM_WEIGHT, CandidateIndex, acronym
from offramp.model import Entity, Name, Schema
from offramp.normalize.names import normalize_name
from offramp.screening.screener import Screener


def test_acronym_is_the_initials_of_three_to_eight_words() -> None:
    assert acronym(normalize_name("Islamic State of Iraq and the Levant")) == "isil"
    assert acronym(normalize_name("Revival of Islamic Heritage Society")) == "rihs"
    assert acronym(normalize_name("Bank Melli")) is None  # two letters find too much
    assert acronym(normalize_name("A B C D E F G H I J")) is None


def _index(names: list[str], persons: list[bool]) -> CandidateIndex:
    return CandidateIndex.build([normalize_name(n) for n in names], persons)


def test_initials_find_the_name_written_out() -> None:
    index = _index(["ISLAMIC STATE OF IRAQ AND THE LEVANT", "ISAAC SILVA ILYA LOPEZ",
                    "GOLDEN STAR TRADING"], [False, True, False])
    query = normalize_name("ISIL")
    assert 0 in index.candidates(query, [1.0]).tolist()
    # by keys alone (the trigram fallback still finds "ISaac SILva" by its letters): a
    # person's initials are no key
    assert index.keyed_candidates(query, [1.0]).tolist() == [0]


def test_name_written_out_finds_the_initials() -> None:
    index = _index(["RIHS", "GOLDEN STAR TRADING"], [False, False])
    query = normalize_name("Revival of Islamic Heritage Society")
    weights = [1.0 for _ in query.tokens]
    assert 0 in index.candidates(query, weights).tolist()
    assert 0 < ACRONYM_WEIGHT < 1  # weaker evidence than a shared word


def test_search_explains_the_acronym() -> None:
    screener = Screener.from_entities([
        Entity(id="1", schema=Schema.ORGANIZATION,
               names=(Name("ISLAMIC STATE OF IRAQ AND THE LEVANT"),), source="t"),
        Entity(id="2", schema=Schema.COMPANY, names=(Name("ISLA TRADING"),), source="t"),
    ])
    found = screener.search("ISIL")
    assert [m.entity.id for m in found][:1] == ["1"]
    assert any("acronym" in part.detail for part in found[0].explanation)
