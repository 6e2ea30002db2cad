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
