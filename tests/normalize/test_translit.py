import pytest

from offramp.normalize.translit import to_ascii


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Latin with diacritics
        ("Société Générale", "Societe Generale"),
        ("Straße", "Strasse"),
        ("Łódź", "Lodz"),
        ("Türkiye Halk Bankası A.Ş.", "Turkiye Halk Bankasi A.S."),
        ("ＡＢＣ　Ｔｒａｄｉｎｇ", "ABC Trading"),
        # Russian Cyrillic, BGN/PCGN as OFAC writes it
        ("Сбербанк", "Sberbank"),
        ("Газпром", "Gazprom"),
        ("Иванов", "Ivanov"),
        ("Юрий", "Yuriy"),
        ("Дмитрий", "Dmitriy"),
        ("Сергей", "Sergey"),
        ("Евгений Пригожин", "Yevgeniy Prigozhin"),
        ("Ельцин", "Yeltsin"),
        ("Щукин", "Shchukin"),
        ("Хабаров", "Khabarov"),
        ("Объединённая", "Obyedinennaya"),
        # Ukrainian letters switch to the Ukrainian table
        ("Андрій Єрмак", "Andriy Yermak"),
        ("Київ", "Kyiv"),
        # other Cyrillic languages fall back to anyascii (no Russian "ye")
        ("Београд", "Beograd"),
        # Greek
        ("Αθήνα", "Athina"),
        # Arabic: consonant skeleton, alef read as "a", article split off
        ("محمد", "mhmd"),
        ("الأسد", "al-asd"),
        ("قاسم سليماني", "qasm slymany"),
        # Hebrew: consonant skeleton (the aleph mark is dropped later by the tokenizer)
        ("אברהם", "'vrhm"),
        # Chinese: pinyin without tones, one word per Han run
        ("海康威视", "haikangweishi"),
        ("華為", "huawei"),
        ("重庆", "chongqing"),
        # Japanese kana -> romaji
        ("サムスン", "samusun"),
        # Korean: Revised Romanization via anyascii
        ("김정은", "kimjongun"),
        ("리병철", "ripyongchol"),
        # Thai
        ("กรุงเทพ", "krungethph"),
        # symbols and emoji are not part of names
        ("🙂🙂", ""),
        ("\u200b", ""),
        ("", ""),
    ],
)
def test_to_ascii(text: str, expected: str) -> None:
    assert to_ascii(text) == expected


def test_to_ascii_leaves_ascii_alone() -> None:
    assert to_ascii("MADURO MOROS, Nicolas") == "MADURO MOROS, Nicolas"


def test_han_runs_become_separate_words() -> None:
    assert to_ascii("トヨタ自動車").split() == ["toyota", "zidongche"]
