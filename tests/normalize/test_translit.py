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
        ("عبد الله", "`bd allh"),  # the name of God is one word, not the article and "lh"
        ("حمزة", "hmza"),  # taa marbuta is the vowel a (Hamza, Qaida), not an h
        # Persian and Pashto read ذ ض ظ as z and ث as s: a name with a letter only they use
        # (here the Persian ی and ک) is read their way; Arabic spelling keeps dh, d, th
        ("عظیم", "`zym"),
        ("عظيم", "`dhym"),
        ("ذاکر", "zakr"),
        ("ذاكر", "dhakr"),
        ("ثاقب کریمی", "saqb krymy"),
        ("ثاقب", "thaqb"),
        ("قاسم سليماني", "qasm slymany"),
        # Hebrew: ו and י are vowels inside a word, consonants first or doubled; א, ע and a
        # final ה are vowels; ב and פ are b and p only first in a word; a geresh marks the
        # sounds Hebrew has no letter for; vowel points are dropped
        ("אברהם", "avrhm"),
        ("ולדימיר פוטין", "vldimir putin"),
        ("יבגני פריגוז'ין", "yvgni priguzhin"),
        ("רומן אברמוביץ׳", "rumn avrmuvich"),
        ("ג'יהאד", "jihad"),
        ("עלי ח'אמנאי", "ali khamnai"),
        ("דאהואה", "dahuaa"),
        ("הואווי", "huavi"),
        ("עבדאללה", "avdallh"),
        ("שָׁלוֹם", "shlum"),
        ("הואווי טכנולוגיות בע״מ", "huavi tknulugiut  Ltd"),
        # Chinese: pinyin without tones, one word per Han run
        ("海康威视", "haikangweishi"),
        ("華為", "huawei"),
        ("重庆", "chongqing"),
        # Japanese: kana and the kanji among them read in Japanese (Hepburn, long vowels
        # once); the katakana middle dot, which separates words, becomes a hyphen
        ("サムスン", "samusun"),
        ("カスペルスキー・ラボ", "kasuperusuki - rabo"),
        ("トヨタ自動車", "toyota jidosha"),
        ("オウム真理教", "omu shinrikyo"),
        # Korean: the North Korean spelling lists use, with one letter for the consonants
        # they write two ways (ㅊ as j: Chol and Jol are both jol; normalize.korean)
        ("김정은", "kimjongun"),
        ("리병철", "ripyongjol"),
        # the Arabic article written onto its word is split off, as Arabic's is; not before
        # ㄹ (Alexander) nor from a word of two syllables (Ali)
        ("바샤르 알아사드", "pasyaru al-asatu"),
        ("알카에다", "al-kaeta"),
        ("알렉산더", "alreksanto"),
        ("알리", "alri"),
        # Thai: a vowel written before its consonant is read after it (เท, "the"), and the
        # silent อ a syllable opens a vowel with goes (แอ, "ae")
        ("กรุงเทพ", "krungtheph"),
        ("โรสเนฟต์", "rosneft"),
        ("แคสเปอร์สกี้", "khaespeorski"),
        ("แอร์โรฟลอต", "aerroflot"),
        ("ไชน่า โมบาย", "chaina mobay"),
        # and before a vowel written above, below or after it (อี, "i"; อั, "a"), but an
        # อ before a consonant is the vowel o (ลาฟรอฟ)
        ("อีวานอฟ", "iwanof"),
        ("อัลกออิดะห์", "alkoidah"),
        ("ลาฟรอฟ", "lafrof"),
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
    assert to_ascii("中国 海康威视").split() == ["zhongguo", "haikangweishi"]
    assert to_ascii("ABC海康威视").split() == ["ABC", "haikangweishi"]


# The Cyrillic tables and the cached pinyin are shortcuts; these hold them to the rules. ------

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_UK = {**_RU, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye", "е": "e", "ь": ""}


def reference_cyrillic_word(word: str) -> str:
    """BGN/PCGN Russian / Ukrainian national system, letter by letter."""
    from anyascii import anyascii

    lower = word.lower()
    if not set(lower) <= set(_RU) | set("еёіїєґ"):
        return str(anyascii(word))
    ukrainian = bool(set("іїєґ") & set(lower))
    table = _UK if ukrainian else _RU
    out, previous = [], ""
    for char, low in zip(word, lower, strict=True):
        if low in "её" and not ukrainian:
            latin = "ye" if previous == "" or previous in "аеёиоуыэюяйъь" else "e"
        elif low == "ї" and previous:
            latin = "i"
        else:
            latin = table[low] if low in table else str(anyascii(low))
        if char != low and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = low
    return "".join(out)


def test_cyrillic_words_follow_the_letter_rules() -> None:
    import itertools

    letters = "аеёйьъоЕЁЙЬаґїіЇєщЩђ"
    for size in range(1, 4):
        for chars in itertools.product(letters, repeat=size):
            word = "".join(chars)
            assert to_ascii(word) == reference_cyrillic_word(word), word


def test_every_cyrillic_letter_follows_the_letter_rules() -> None:
    for code in range(0x0400, 0x0500):
        for word in (chr(code), "а" + chr(code), chr(code) + "е", "ї" + chr(code) + "ї"):
            if word.isalpha():
                assert to_ascii(word) == reference_cyrillic_word(word).strip(), word


@pytest.mark.parametrize(
    "run", ["海康威视", "中国银行", "重庆", "长城", "朝阳", "李荣", "乐乐", "𠀀中", "银行行长"]
)
def test_han_runs_read_as_lazy_pinyin(run: str) -> None:
    from pypinyin import lazy_pinyin

    # (phrases matter: 重庆 is "chongqing", not the first reading of 重, "zhong")
    assert to_ascii(run) == "".join(lazy_pinyin(run))


def test_kanji_are_read_in_japanese_only_in_japanese_text() -> None:
    assert to_ascii("日立製作所") == "rilizhizuosuo"  # no kana: read as Chinese
    assert to_ascii("日立製作所", japanese=True) == "hitachiseisakusho"
    assert to_ascii("東芝") == "dongzhi"
    assert to_ascii("東芝", japanese=True) == "toshiba"


def test_pykakasi_loads_once_for_concurrent_first_japanese_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from concurrent.futures import ThreadPoolExecutor

    import pykakasi

    from offramp.normalize import translit

    real = pykakasi.kakasi
    made: list[int] = []

    def counting() -> object:
        made.append(1)
        time.sleep(0.05)  # (a slow load, so that the threads meet)
        return real()

    monkeypatch.setattr(pykakasi, "kakasi", counting)
    translit._load_kakasi.cache_clear()
    try:
        with ThreadPoolExecutor(4) as pool:
            read = list(pool.map(lambda text: to_ascii(text, japanese=True),
                                 ["日立製作所 一", "東芝 二", "富士通 三", "三菱 四"]))
    finally:
        translit._load_kakasi.cache_clear()  # (the next Japanese name loads it unpatched)
    assert len(made) == 1
    assert read[1].split()[0] == "toshiba"


# Kana words of several shapes: long-vowel marks, small kana (ファ, ジョ), the doubling ッ,
# ン before a vowel, ヴ, and hiragana.
_KANA_WORDS = ["ファーウェイ", "ハイクビジョン", "ダーファ", "ロスネフチ", "ハイテラ", "ロケット",
               "ヴァグネル", "シンイチ", "ジェトロ", "アエロフロート", "ひらがな", "きっぷ",
               "しんいち", "ちゃーはん"]


@pytest.mark.parametrize("word", _KANA_WORDS)
def test_a_run_of_one_kana_script_reads_as_pykakasi_reads_it(word: str) -> None:
    import pykakasi

    from offramp.normalize import translit

    kakasi = pykakasi.kakasi()  # type: ignore[no-untyped-call]
    full = " ".join(item["hepburn"] for item in kakasi.convert(word))
    assert translit._japanese_reading(word) == " " + translit._LONG_VOWEL.sub(
        translit._one_vowel, full) + " "


def test_katakana_names_need_no_kanji_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    from offramp.normalize import translit

    def refuse() -> object:
        raise AssertionError("the kanji dictionary was loaded for kana")

    monkeypatch.setattr(translit, "_kakasi", refuse)
    translit._japanese_reading.cache_clear()
    to_ascii.cache_clear()
    try:
        assert to_ascii("ハイクビジョン・ファーウェイ") == "haikubijon - fauei"
        with pytest.raises(AssertionError, match="kanji dictionary"):
            to_ascii("トヨタ自動車")  # (kana with kanji: the full converter)
    finally:
        translit._japanese_reading.cache_clear()
        to_ascii.cache_clear()
