"""Korean names in Latin letters: one spelling whatever the romanisation (normalize.korean)."""

from __future__ import annotations

import pytest

from offramp.normalize.korean import korean_words
from offramp.normalize.names import normalize_name


@pytest.mark.parametrize(
    ("alias", "listed"),
    [
        # OFAC SDN 2021-07-07: an entry's name and its alias in another romanisation
        ("CHO'NG, Kyo'ng-t'aek", "JONG, Kyong Thaek"),  # McCune-Reischauer / DPRK (23212)
        ("CHO, Kyo'ng-ch'o'l", "JO, Kyong-Chol"),  # (23090)
        ("CHOI, Bu-il", "CHOE, Pu Il"),  # South Korean / DPRK (20120)
        ("CH'OE, Pu-il", "CHOE, Pu Il"),
        ("BAK, Gwang Hun", "PAK, Kwang Hun"),  # Revised Romanization / DPRK (23516)
        ("PAK, Ch'in-hyo'k", "PARK, Jin Hyok"),  # (24918)
        ("RI, Che-Son", "RI, Je-Son"),  # (12216)
        ("JANG, Pom Su", "JANG, Bom Su"),  # (18556)
        ("JU, Kyu-Chang", "CHU, Kyu-Chang"),  # (15770)
        ("KIM, Ho Gyu", "KIM, Ho Kyu"),
        ("CHO, Yongwon", "JO, Yong-Won"),  # a given name of two syllables written as one
    ],
)
def test_romanisations_of_one_korean_name_are_one_spelling(alias: str, listed: str) -> None:
    a, b = normalize_name(alias).tokens, normalize_name(listed).tokens
    if len(a) == len(b):
        assert a == b
    else:
        assert "".join(a) == "".join(b)


def test_hangul_gives_the_same_spelling() -> None:
    assert normalize_name("최룡해").joined == normalize_name("CHOE, Ryong Hae").joined
    assert normalize_name("김영철").joined == normalize_name("KIM, Yong Chol").joined
    assert normalize_name("CH'OE, Ryong-hae").joined == normalize_name("최룡해").joined


def test_one_spelling_per_syllable() -> None:
    assert korean_words(["jong", "kyong", "thaek"]) == ["jong", "kyong", "taek"]
    assert korean_words(["chong", "kyong", "taek"]) == ["jong", "kyong", "taek"]
    assert korean_words(["o", "chong", "euk"]) == ["o", "jong", "uk"]  # eu is u, ch is j
    assert korean_words(["park", "jin", "hyok"]) == ["pak", "jin", "hyok"]  # the surname table


@pytest.mark.parametrize(
    "words",
    [
        ["daniel", "lee"],  # no Korean surname first
        ["lee", "ka", "chiu"],  # Lee is as often Chinese (Hong Kong: LEE, Ka Chiu)
        ["li", "ming"],  # Chinese
        ["kim", "james"],  # a given name that is no Korean syllables
        ["kim", "jong", "un", "smith"],
        ["kim", "jong", "chol", "chang", "su"],  # a surname and at most three given names
        ["chong", "chon", "gang", "shipping"],  # an organisation's generic word
        ["han", "solo"],  # l is no first consonant of a Korean syllable in these spellings
        ["kim"],  # a surname alone
    ],
)
def test_names_that_do_not_read_as_korean_are_left_alone(words: list[str]) -> None:
    assert korean_words(words) == words


def test_a_company_with_a_legal_form_is_left_alone() -> None:
    assert normalize_name("CHON MYONG SHIPPING COMPANY LIMITED").tokens[0] == "chon"
    assert normalize_name("KIM CHOL CO., LTD.").tokens == ("kim", "chol")
