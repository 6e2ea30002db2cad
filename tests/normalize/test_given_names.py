"""A given name written in its Ukrainian, Belarusian or Russian form is one name."""

import pytest

from offramp.normalize.names import normalize_name
from offramp.normalize.vocab import given_names, org_words, particles


@pytest.mark.parametrize("forms", [
    # OFAC SDN spellings of one person's name, and the same names in Cyrillic
    ("YANUKOVYCH, Oleksandr", "YANUKOVYCH, Aleksandr", "YANUKOVYCH, Olexandr"),
    ("KOZITSYN, Mykola", "KOZITSYN, Nikolai", "KOZITSYN, Nikolay"),
    ("BARSUKOU, Alyaksandr", "BARSUKOU, Aliaksandr", "BARSUKOU, Aleksandr"),
    ("ZUBKOU, Siarhei", "ZUBKOU, Sergei", "ZUBKOU, Serhii"),
    ("RADOMSKA, Olena", "RADOMSKA, Elena"),
    ("Олександр Мельничук", "Александр Мельничук", "Аляксандр Мельничук"),
    ("Микола Азаров", "Николай Азаров"),
])
def test_forms_of_one_given_name_normalise_alike(forms: tuple[str, ...]) -> None:
    assert len({normalize_name(f).tokens for f in forms}) == 1, [
        normalize_name(f).tokens for f in forms]


def test_given_name_table_is_one_step_and_clashes_with_no_other_table() -> None:
    table = given_names()
    assert not set(table.values()) & set(table)  # canonical forms are not variants too
    assert not set(table) & (set(org_words()) | set(particles()))


def test_words_that_are_also_business_words_stay() -> None:
    # Ukrainian "Petro" (Peter) is left out: it is the "petro" of PETRO PLUS, PETROIRAN
    assert normalize_name("PETRO PLUS LIMITED").tokens == ("petro", "plus")
    # an English cognate is not a spelling of the Russian name ("Alexander" stays)
    assert normalize_name("Alexander Smith").tokens == ("alexander", "smith")
