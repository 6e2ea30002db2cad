import pytest

from offramp.normalize.phonetic import phonetic_key


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("muhammad", "MHMT"),
        ("mohamed", "MHMT"),
        ("mhmd", "MHMT"),  # Arabic-script skeleton meets the Latin spellings
        ("ivanov", "IFNF"),
        ("ivanoff", "IFNF"),
        ("sulaymani", "SLMN"),
        ("soleimani", "SLMN"),
        # numbers return themselves: "8" must never meet "6"
        ("8", "8"),
        ("11420", "11420"),
        ("2nd", "2nd"),
        # one- and two-letter tokens return themselves, upper-cased
        ("x", "X"),
        ("a", "A"),
        ("ab", "AB"),
    ],
)
def test_phonetic_key(token: str, expected: str) -> None:
    assert phonetic_key(token) == expected


def test_phonetic_keys_do_not_collide_with_tokens() -> None:
    # The index may hold tokens (lower case) and keys (upper case) in one table.
    assert phonetic_key("steel") != "steel"
    assert phonetic_key("steel").isupper()
