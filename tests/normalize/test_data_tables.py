"""The normaliser's reference tables are well-formed CSV: every row has its header's fields.

A note with an unquoted comma spills into a field of its own, which ``csv.DictReader`` files
under no name and the table's readers never see (two Thai rows of ``cjk_words.csv`` did).
"""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from offramp.normalize.names import TokenKind, normalize_name
from offramp.normalize.phonetic import generic_words
from offramp.normalize.vocab import (
    body_words,
    function_words,
    given_name_sexes,
    given_names,
    number_words,
    place_words,
    read_table,
)

TABLES = sorted(path.name for path in resources.files("offramp.normalize").joinpath(
    "data").iterdir() if path.name.endswith(".csv"))


def test_the_tables_are_found() -> None:
    assert {"cjk_words.csv", "org_words.csv", "name_particles.csv", "given_names.csv",
            "legal_forms.csv", "number_words.csv", "place_words.csv"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_the_header_fields(name: str) -> None:
    path = resources.files("offramp.normalize").joinpath("data", name)
    with path.open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    bad = [row for row in rows if row and len(row) != len(header)]
    assert bad == [], f"{name}: rows with other than {len(header)} fields"
    assert all(row[0] for row in rows if row), f"{name}: a row without its first field"


def test_every_place_word_is_one_word_token() -> None:
    # match.features.places_of flags tokens by spelling alone: a place word must survive
    # normalisation as itself, one WORD (not a particle, a legal form or a generic word).
    words = place_words()
    assert len(words) == len(read_table("place_words.csv")), "a place word listed twice"
    for word in sorted(words):
        name = normalize_name(f"Acme {word}")
        assert name.tokens == ("acme", word), word
        assert name.kinds == (TokenKind.WORD, TokenKind.WORD), word


def test_function_words_are_stop_words() -> None:
    # name_particles.csv: "function_word" marks stop words that are never a name; a title or
    # a "No." word is no function word
    rows = read_table("name_particles.csv")
    assert {row["function_word"] for row in rows} <= {"yes", ""}
    assert all(row["role"] == "stop" for row in rows if row["function_word"] == "yes")
    assert {"of", "the", "and"} <= function_words()


def test_number_words_are_numbers() -> None:
    for word, digits in number_words().items():
        assert digits.isdigit(), word
        assert normalize_name(word).tokens == (digits,), word


def test_every_arabic_script_org_word_is_what_its_word_romanises_to() -> None:
    # org_words_abjad.csv keys words by this normaliser's romanisation of Arabic and Hebrew
    # script: each row's note begins with the word itself, which must come out as the row's
    # English word (a change to the romanisation that moved a key would otherwise go
    # unnoticed)
    rows = read_table("org_words_abjad.csv")
    assert rows
    for row in rows:
        word = row["note"].split()[0]
        assert normalize_name(word).script in ("Arab", "Hebr"), row
        assert row["canonical"] in normalize_name(word).tokens, row
    assert any(normalize_name(row["note"].split()[0]).script == "Hebr" for row in rows)


def test_body_words_are_generic_words() -> None:
    # body_words.csv names the generic words (org_words.csv's English) that say what kind of
    # body an organisation is: each must be one, or the matcher would never see it
    words = body_words()
    assert len(words) == len(read_table("body_words.csv")), "a body word listed twice"
    assert words <= generic_words(), words - generic_words()
    assert {"foundation", "society", "group"} <= words
    assert not {"trading", "shipping", "steel", "tube", "wire"} & words


def test_every_title_before_a_name_is_written_with_a_dot() -> None:
    # normalize.titles drops a title before a name only as written with its dot: a title
    # row without one would drop that word from every name it starts (ING BANK, Sig Hansen)
    rows = read_table("titles.csv")
    assert {row["place"] for row in rows} == {"before", "after"}
    assert [row["written"] for row in rows
            if row["place"] == "before" and "." not in row["written"]] == []


def test_article_lookalikes_are_words_the_article_rule_would_cut() -> None:
    # phonetic._fold takes al or el off a long word whose third letter is a consonant; a
    # lookalike the rule would not cut anyway is a row that does nothing
    from offramp.normalize.phonetic import GLUED_ARTICLE_MIN
    from offramp.normalize.vocab import article_lookalikes

    words = article_lookalikes()
    assert len(words) == len(read_table("article_lookalikes.csv")), "a word listed twice"
    assert [w for w in words if not (len(w) >= GLUED_ARTICLE_MIN and w[:2] in ("al", "el")
                                     and w[2] not in "aeiouy")] == []


def test_business_abbreviations_have_a_dot_and_stand_for_one_word() -> None:
    # normalize.abbreviations writes an abbreviation out only with its dot (San Jose, Tic
    # Tac), as one word of letters that the rest of the normaliser reads like any other
    rows = read_table("business_abbreviations.csv")
    assert [row["written"] for row in rows if "." not in row["written"]] == []
    assert [row["word"] for row in rows if not (row["word"].isascii()
                                                and row["word"].isalpha()
                                                and row["word"].islower())] == []
    written = [row["written"].lower() for row in rows]
    assert len(set(written)) == len(written), "an abbreviation listed twice"
    # a title is dropped before a name (normalize.titles): one row may not say both
    titles = {row["written"].lower() for row in read_table("titles.csv")}
    assert titles.isdisjoint(written)


def test_given_name_sexes_are_normalised_given_names_of_one_sex() -> None:
    # match.tokens.opposite_sexes looks names up by their tokens: a row must be what the
    # normaliser leaves of the name (after given_names.csv: "elena" is "yelena"), once, and
    # a man's or a woman's
    rows = read_table("given_name_sexes.csv")
    sexes = given_name_sexes()
    assert len(sexes) == len(rows), "a name listed twice"
    assert set(sexes.values()) == {"m", "f"}
    for name in sexes:
        norm = normalize_name(name)
        assert norm.tokens == (name,) and norm.kinds == (TokenKind.WORD,), name
        assert name not in given_names(), f"{name} is written {given_names()[name]}"
    # names given to both sexes are left out
    assert {"andrea", "jean", "joan", "nikita", "dominique", "kim"}.isdisjoint(sexes)


def test_no_womans_name_is_a_mans_slavic_genitive() -> None:
    # Russian, Ukrainian and Belarusian write a man's name in the genitive with an a after it
    # ("imeni Aleksandra", named after Aleksandr; MELNIKOVA, Andreya Gennadevicha, an OFAC
    # alias): a woman's name spelt so is left out of given_name_sexes.csv, or the genitive
    # would no longer meet its name
    rows = {row["name"]: row for row in read_table("given_name_sexes.csv")}
    slavic = ("Russian", "Ukrainian", "Belarusian")
    clashes = [name for name, row in rows.items() if row["sex"] == "f"
               and (man := rows.get(name[:-1])) is not None and name.endswith("a")
               and man["sex"] == "m" and any(lang in man["languages"] for lang in slavic)]
    assert clashes == []
