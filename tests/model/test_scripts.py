import pytest

from offramp.model import Name, NameKind
from offramp.model.scripts import detect_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Hangzhou Hikvision", "Latn"),
        ("Société Générale", "Latn"),
        ("Банк Россия", "Cyrl"),
        ("Τράπεζα", "Grek"),
        ("محمد", "Arab"),
        ("ישראל", "Hebr"),
        ("杭州海康威视数字技术股份有限公司", "Hani"),
        ("ハイクビジョン株式会社", "Jpan"),
        ("株式会社", "Hani"),
        ("조선무역은행", "Hang"),
        ("朝鮮 무역", "Kore"),
        ("ธนาคาร", "Thai"),
        ("11420", "Zyyy"),
        ("", "Zzzz"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_name_detects_its_script_unless_given() -> None:
    assert Name("Иванов").script == "Cyrl"
    assert Name("Ivanov", NameKind.AKA, script="Latn").script == "Latn"


def reference_script(text: str) -> str:
    """Count the script of every letter; the most frequent wins, the first seen on a tie."""
    from collections import Counter

    from offramp.model.scripts import char_script

    counts = Counter(filter(None, map(char_script, text)))
    if not counts:
        return "Zyyy" if text.strip() else "Zzzz"
    if counts.get("Hira") or counts.get("Kana"):
        return "Jpan"
    if counts.get("Hang") and counts.get("Hani"):
        return "Kore"
    return counts.most_common(1)[0][0]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow Москва", "Москва Moscow", "ab вг", "вг ab", "абв abc", "a б", "б a",
        "中文 한국어 العربية", "Ελλάδα и Россия", "😀", "😀 a", " \u00a0", "١٢٣", "ｱｲｳ",
        "ー", "々中", "Ⓐ", "ǅ", "\u0301", "e\u0301", "שלום abc", "abc שלום", "ab שלו",
    ],
)
def test_detect_script_counts_letters(text: str) -> None:
    assert detect_script(text) == reference_script(text)
