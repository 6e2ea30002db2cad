import pytest

from offramp.normalize.text import fold


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BANCO NACIONAL DE CUBA", "Banco Nacional de Cuba"),
        ("Société Générale", "societe generale"),
        ("Hangzhou Hikvision Digital Technology Co., Ltd.",
         "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD"),
        ("ＡＢＣ　Ｔｒａｄｉｎｇ", "ABC Trading"),
        ("Sberbank   Rossii", "sberbank-rossii"),
    ],
)
def test_fold_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_transliterates_other_scripts() -> None:
    assert fold("Сбербанк") == "sberbank"
    assert fold("海康威视") == "haikangweishi"


@pytest.mark.parametrize("text", ["", "   ", "---", "!!!"])
def test_fold_of_no_letters_is_empty(text: str) -> None:
    assert fold(text) == ""
