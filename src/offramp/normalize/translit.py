"""Transliteration of any script to ASCII, the way sanctions lists romanise names.

The matcher compares names in one alphabet, so every name is romanised; the original is kept
for display. Generic transliteration is anyascii; three scripts get better treatment because
lists are full of them:

- **Russian/Ukrainian Cyrillic** follows BGN/PCGN, the system OFAC and OFSI mostly use:
  е is "ye" at the start of a word and after a vowel or й/ъ/ь ("Yevgeniy", "Yeltsin"), ь and ъ
  are dropped, й is "y" ("Yuriy", "Sergey"). Ukrainian words (those with і ї є ґ) use the
  Ukrainian table (г -> h). Other Cyrillic languages (Serbian, Kazakh, ...) fall back to anyascii.
- **Chinese** (Han runs) is read as pypinyin reads it, without tones (``normalize.pinyin``,
  from a table made from pypinyin's dictionaries); the syllables of one run are joined into
  one word ("海康威视" -> "haikangweishi"), because Latin pinyin in lists is written both
  spaced and unspaced and the matcher compares the joined form.
- **Japanese** (any kana, or a word only Japanese uses such as 株式会社) is read by pykakasi's
  dictionary in Hepburn, kanji included ("日立製作所" -> "hitachi seisakusho", "三菱重工業" ->
  "mitsubishi jukogyo"), long vowels written once as English spellings of Japanese names do
  (Toshiba, not Toushiba; Shoko, not Shoukou).
- **Arabic** is written without short vowels, so any romanisation is a consonant skeleton
  ("محمد" -> "mhmd"). We keep anyascii's skeleton but read alef (and a final ة) as "a" and split
  off the article "ال" as "al-", which brings skeletons closer to list spellings ("الأسد" ->
  "al-asd"), except from "الله" (one word: Abdullah); the phonetic keys (metaphone) then meet
  the Latin spellings ("mhmd" and "muhammad" -> "MHMT"). A name with letters only Persian or
  Pashto use is read their way (ذ ض ظ as z, ث as s).

- **Korean** (Hangul) is romanised syllable by syllable the way sanctions lists write North
  Korean names (the DPRK 1992 system, without aspiration marks), with one letter for the
  consonants lists write two ways, as ``normalize.korean`` writes Latin Korean names: 김정은 ->
  "Kim Jong Un", 최룡해 -> "Joe Ryong Hae" (CHOE), 박봉주 -> "Pak Pong Ju". Each Hangul word
  becomes one ASCII word
  ("kimjongun"), which the matcher compares with the lists' "KIM Jong Un" / "KIM, Jong-Un"
  through the joined spelling. Business words (은행 -> bank, and 조선, Joson, -> korea, as
  DPRK names in English begin) are translated before this (``data/cjk_words.csv``). The
  Arabic article Korean writes onto a word is split off as Arabic's is (알아사드 ->
  "al-asatu", al-Assad; ``_hangul_word``).

- **Hebrew** is read the way Hebrew spells foreign and Arabic names
  (``_hebrew_word``): without vowel points, ו and י stand for the vowels u/o and i/e except
  at the start of a word or doubled (וו, יי: v and y), א and ע for vowels, a final ה for
  the a or e it ends a name with ("דאהואה" -> "dahuaa", Dahua); a geresh marks the sounds
  Hebrew lacks (ג' j, ז' zh, צ' ch, ח' kh, ת' th: "פריגוז'ין" -> "prigozhin"); ב and פ are b
  and p at the start of a word, v and f after it. anyascii read every ו as v, every כ as
  kh and ש as s, so Putin (פוטין) was "fvtyn" and Muhammad (מוחמד) "mvhmd". Which of b/v,
  p/f and k/q a letter stands for is not written; skeletons fold them
  (``phonetic.skeleton_word``). The company suffix בע"מ is read as Ltd.

- **Thai** is anyascii's, with two fixes: the vowels Thai writes before their consonant
  (เ แ โ ใ ไ) are read after it, as they are spoken: "แคสเปอร์สกี้" is "khaespeorski"
  (Kaspersky), not anyascii's "aekhseporski", and "โรสเนฟต์" "rosneft", not "orsenft"; and
  the silent อ a syllable that begins with a vowel is written with goes ("อีวานอฟ" is
  "iwanof", Ivanov, not "oiwanof").
  Its aspirated letters (kh, th, ph) are compared as k, t and p in skeletons
  (``phonetic.thai_skeleton``).

Greek uses anyascii as is.
"""

from __future__ import annotations

import gc
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from anyascii import anyascii

from offramp.normalize.pinyin import han_pinyin

# Japanese: kana (NFKC has made half-width ones full-width) with the kanji among them; the
# katakana middle dot ・ (U+30FB) separates words, so it is no part of a run.
_KANA = re.compile(r"[\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff]")
_JAPANESE_RUN = re.compile(
    r"[\u3005\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A long vowel written twice (ou for o: "toushiba", "shoukou"), as English spellings of
# Japanese names do not.
_LONG_VOWEL = re.compile(r"ou|aa|ii|uu|ee|oo")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
# A Hebrew word: letters (Yiddish ligatures included), vowel points and cantillation marks,
# and the geresh (׳, or an apostrophe) that follows a letter.
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea\u05f0-\u05f2][\u0591-\u05c7\u05d0-\u05f3']*")
_HEBREW_POINTS = re.compile(r"[\u0591-\u05c7]")

# BGN/PCGN 1947 Russian; е/ё are handled by position in _cyrillic_word.
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
# Ukrainian national system (2010), used by OFAC for Ukrainian names; differences from _RU.
_UK = {**_RU, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye", "е": "e",
       "щ": "shch", "ь": ""}  # fmt: skip
_UK_MARKERS = frozenset("іїєґ")
_RU_LETTERS = frozenset(_RU) | {"е", "ё"}
_CYRILLIC_LETTERS = _RU_LETTERS | _UK_MARKERS
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# Thai writes the vowels เ แ โ ใ ไ before the consonant they follow in speech (แค is "khae",
# เก "ke"); anyascii keeps the written order ("aekh"). A preposed vowel and the consonant
# after it (Thai consonants: U+0E01-U+0E2E) swap places before anyascii reads them; อ there
# is the silent letter a syllable that begins with a vowel is written with (แอ, "ae": anyascii
# would write it "o"), so it goes.
_THAI_PREPOSED = re.compile(r"([\u0e40-\u0e44])([\u0e01-\u0e2e])")
# The same silent อ before a vowel written above, below or after it (อี, "i": อีวานอฟ is
# Ivanov, anyascii's "oiwanof"; อัล, "al"); an อ before a consonant is the vowel o (ลาฟรอฟ,
# Lavrov, "lafrof").
_THAI_SILENT_O = re.compile("\u0e2d(?=[\u0e48-\u0e4b]?[\u0e31-\u0e39])")


def _thai_syllable(match: re.Match[str]) -> str:
    vowel, consonant = match.group(1), match.group(2)
    return vowel if consonant == "\u0e2d" else consonant + vowel
# Initial consonants, vowels and final consonants of a Hangul syllable, in Unicode order.
# (one spelling for the consonants lists write two ways, as ``normalize.korean`` writes Latin
# Korean names: ㄲ as k, ㅊ as j -- "Chol" and "Jol" are both jol)
_KO_INITIAL = ("k", "k", "n", "t", "t", "r", "m", "p", "p", "s", "s", "", "j", "j", "j",
               "k", "t", "p", "h")
_KO_VOWEL = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "u", "ui", "i")
_KO_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l",
             "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")
# Alefs are read as vowels, and so is the taa marbuta ending a word: it is the a of Hamza,
# Qaida, Jama'a (anyascii writes an h that no Latin spelling has).
_ALEFS = str.maketrans({"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ة": "a"})
# Persian, Dari and Pashto read the Arabic letters ذ ض ظ as z and ث as s, where Arabic
# romanisation writes dh, d, z and th: نظر is Nazar, ضیا Zia, عظیم Azim, ثاقب Saqib. A name
# with a letter that only those languages use (Persian پ چ ژ گ ک ی, Pashto ځ څ ټ ډ ړ ښ ږ ۍ ې)
# is read their way.
_PERSIAN_ONLY = frozenset("پچژگکیځڅټډړښږۍې")
_PERSIAN_READING = str.maketrans({"ذ": "ز", "ض": "ز", "ظ": "ز", "ث": "س"})


def _cyrillic_table(table: dict[str, str]) -> dict[int, str]:
    """``str.translate`` table for the Cyrillic letters of ``table`` in both cases.

    An upper-case source letter gives a capitalised spelling: "Щ" -> "Shch" (display case).
    """
    out: dict[int, str] = {}
    for code in range(0x0400, 0x0500):
        char = chr(code)
        low = char.lower()
        if low not in _CYRILLIC_LETTERS:
            continue
        latin = table[low] if low in table else str(anyascii(low))
        if char != low and latin:
            latin = latin[0].upper() + latin[1:]
        out[code] = latin
    return out


# Russian е/ё read "ye" at the start of a word and after a vowel or й/ъ/ь (either case); the
# table then reads the remaining ones as "e". Ukrainian ї is "yi" only word-initially (Kyiv,
# not Kyyiv).
_RU_YE = re.compile("(?<![^аеёиоуыэюяйъьАЕЁИОУЫЭЮЯЙЪЬ])[еёЕЁ]")
_YE = {"е": "ye", "ё": "ye", "Е": "Ye", "Ё": "Ye"}
_UK_INNER_YI = re.compile("(?<=.)[їЇ]")
_YI = {"ї": "i", "Ї": "I"}
_RU_TABLE = _cyrillic_table(_RU)
_UK_TABLE = _cyrillic_table(_UK)


def _cyrillic_word(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    if not _CYRILLIC_LETTERS.issuperset(lower):
        return str(anyascii(word))  # Serbian, Kazakh, ... letters: no hand-made table
    # The context rules first (they look at the original letters), then one table lookup
    # per letter: a C loop instead of a Python one. Their ASCII output passes the table as is.
    if _UK_MARKERS.isdisjoint(lower):
        return _RU_YE.sub(lambda m: _YE[m.group(0)], word).translate(_RU_TABLE)
    return _UK_INNER_YI.sub(lambda m: _YI[m.group(0)], word).translate(_UK_TABLE)


def _han_run(match: re.Match[str]) -> str:
    return " " + han_pinyin(match.group(0)) + " "


def _ko_parts(char: str) -> tuple[int, int, int]:
    """A Hangul syllable's initial, vowel and final, as indexes in Unicode order."""
    initial, rest = divmod(ord(char) - 0xAC00, 21 * 28)
    vowel, final = divmod(rest, 28)
    return initial, vowel, final


def _ko_syllable(char: str) -> str:
    initial, vowel, final = _ko_parts(char)
    return _KO_INITIAL[initial] + _KO_VOWEL[vowel] + _KO_FINAL[final]


# Korean writes the Arabic article onto its word as Arabic does (알카에다, al-Qaeda; 알아사드,
# al-Assad; 알샤바브, al-Shabaab): it is split off as Arabic's is, when two syllables or more
# follow and the next does not begin with ㄹ, as Alexander (알렉산더) and aluminium (알루미늄)
# do. No Korean surname or common given name begins with 알.
_KO_ARTICLE = "알"
_KO_RIEUL = 5  # ㄹ among the initials


def _hangul_word(match: re.Match[str]) -> str:
    # One word, like a Chinese run: the matcher meets the lists' "KIM Jong Un" through the
    # joined spelling ("kimjongun"), while names sharing a syllable or two ("Kim Yong Mi" /
    # "KIM Yong Chol") stay apart -- Korean names have few surnames and short syllables.
    word = match.group(0)
    prefix = ""
    if (len(word) >= 3 and word[0] == _KO_ARTICLE
            and _ko_parts(word[1])[0] != _KO_RIEUL):
        prefix, word = "al-", word[1:]
    return prefix + "".join(_ko_syllable(c) for c in word)


# The name of God, which begins with the letters of the article but is one word (Abdullah,
# Abd Allah, Hamidullah): split, it left a stray "lh" that no Latin spelling pairs with.
_ALLAH = "الله"


def _arabic_word(match: re.Match[str]) -> str:
    word = match.group(0)
    prefix = ""
    if len(word) > 3 and word.startswith("ال") and word != _ALLAH:
        prefix, word = "al-", word[2:]
    return prefix + str(anyascii(word.translate(_ALEFS)))


# Hebrew letters as names written in Hebrew mean them (see the module docstring). Read in
# _hebrew_word, after the geresh pairs and the letters whose reading depends on their place.
_HE = {
    "א": "a", "ב": "v", "ג": "g", "ד": "d", "ה": "h", "ו": "u", "ז": "z", "ח": "h", "ט": "t",
    "י": "i", "כ": "k", "ך": "kh", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s",
    "ע": "a", "פ": "f", "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh",
    "ת": "t", "װ": "v", "ױ": "oy", "ײ": "ey",
}  # fmt: skip
_HE_TABLE = str.maketrans(_HE)
# A geresh after a letter writes a sound Hebrew has no letter for (Arabic and European names).
_HE_GERESH = {"ג": "j", "ז": "zh", "צ": "ch", "ץ": "ch", "ח": "kh", "ת": "th", "ד": "dh",
              "ע": "gh", "ר": "gh", "ט": "z"}
_HE_GERESH_PAIR = re.compile("([גזצץחתדערט])['\u05f3]")
# Places where a letter reads otherwise: the first letter of a word (ב b, פ p, ו v, י y),
# a doubled ו or י (consonants v and y), and a final ה (a vowel, except in -allah).
_HE_PLACES = re.compile(r"^[בפוי]|וו|יי|(?<!לל)ה$")
_HE_PLACE = {"ב": "b", "פ": "p", "ו": "v", "י": "y", "וו": "v", "יי": "y", "ה": "a"}
# בע"מ (be'eravon mugbal, with limited liability) ends the names of Israeli companies as Ltd
# ends English ones; it is written with gershayim (״ or ") and read as Ltd, a legal form.
_HE_LTD = re.compile('בע["\u05f4]מ(?![\u05d0-\u05ea])')


def _hebrew_place(match: re.Match[str]) -> str:
    return _HE_PLACE[match.group(0)]


def _hebrew_word(match: re.Match[str]) -> str:
    word = _HEBREW_POINTS.sub("", match.group(0))
    word = _HE_GERESH_PAIR.sub(lambda m: _HE_GERESH[m.group(1)], word)
    return _HE_PLACES.sub(_hebrew_place, word).translate(_HE_TABLE).replace("'", "")


class _NameChars(dict[int, str]):
    """``str.translate`` table: symbols, emoji, format and private-use characters (Unicode
    categories S* and C*, outside ASCII) -> a space; every other character -> itself.

    Filled on first use of each character, so a name is filtered in one C loop. Bounded by
    clearing when full; a concurrent clear only costs recomputation.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kept = char if code < 128 or unicodedata.category(char)[0] not in "SC" else " "
        if len(self) >= 65536:
            self.clear()
        self[code] = kept
        return kept


_NAME_CHARS = _NameChars()


_KAKASI_LOCK = threading.Lock()


def _kakasi() -> Callable[[str], list[dict[str, str]]]:
    with _KAKASI_LOCK:  # (two threads' first Japanese names load it once)
        return _load_kakasi()


@lru_cache(maxsize=1)
def _load_kakasi() -> Callable[[str], list[dict[str, str]]]:
    # Imported lazily: pykakasi loads its dictionaries (about half a second and 130 MB) and
    # few names are Japanese.
    import pykakasi

    kakasi = pykakasi.kakasi()  # type: ignore[no-untyped-call]
    convert: Callable[[str], list[dict[str, str]]] = kakasi.convert
    convert("日本")  # (the kanji dictionary is read on first use)
    # Its dictionaries are about 280,000 Python objects kept for good: out of the cyclic
    # collector's walks, as a screener is (screening.screener._settle), or every full
    # collection walks them (searches were 10% slower once a Japanese name had been read).
    # (A full collection first, once, so that no garbage is frozen with them.)
    gc.collect()
    gc.freeze()
    return convert


def _japanese_run(match: re.Match[str]) -> str:
    return _japanese_reading(match.group(0))


# A run all in katakana or all in hiragana (a long-vowel mark after its first letter): one
# segment for pykakasi, read by its kana tables alone.
_KANA_ONLY = re.compile(
    r"[\u30a1-\u30fa][\u30a1-\u30fa\u30fc]*|[\u3041-\u3096][\u3041-\u3096\u30fc]*")


@lru_cache(maxsize=1)
def _kana_tables() -> Callable[[str, str], dict[str, str]]:
    # pykakasi's kana-to-romaji converter alone: a tenth of a second to load, where its
    # kanji dictionary takes half a second and 130 MB. The bundled lists' Japanese names are
    # all katakana (ファーウェイ, ハイクビジョン, ダーファ), so building their screener needs
    # no kanji dictionary. (Loading it twice in a race only costs the time.)
    from pykakasi.scripts import IConv

    convert: Callable[[str, str], dict[str, str]] = IConv().convert  # type: ignore[no-untyped-call]
    return convert


@lru_cache(maxsize=16384)
def _japanese_reading(run: str) -> str:
    """A run of kana and kanji read by pykakasi (remembered: a run is a word, names repeat
    words, and a reading costs a quarter of a millisecond).

    A run of one kana script is read by pykakasi's kana tables alone, as its full converter
    reads it (one segment, ``tests/normalize/test_translit.py``) without its kanji
    dictionary."""
    if _KANA_ONLY.fullmatch(run):
        words: Iterable[str] = (_kana_tables()(run, run)["hepburn"],)
    else:
        words = (item["hepburn"] for item in _kakasi()(run))
    return " " + _LONG_VOWEL.sub(_one_vowel, " ".join(w for w in words if w.strip())) + " "


def _one_vowel(match: re.Match[str]) -> str:
    return match.group(0)[0]


@lru_cache(maxsize=65536)
def to_ascii(text: str, japanese: bool = False) -> str:
    """Romanise ``text`` to ASCII, keeping case where the script has it.

    NFKC first (full-width forms, ligatures), then the script-specific rules described in the
    module docstring, then anyascii for everything else. Punctuation is left in place; the
    tokenizer decides what it means. ``to_ascii("Газпром") == "Gazprom"``. ``japanese``: read
    kanji in Japanese even without kana in ``text`` (the caller knows the name is Japanese).
    """
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    # Symbols, emoji, format and private-use characters are not part of a name; anyascii would
    # spell emoji out as words (":slight_smile:").
    text = text.translate(_NAME_CHARS)
    if japanese or _KANA.search(text):
        text = _JAPANESE_RUN.sub(_japanese_run, text)
    if _HAN_RUN.search(text):
        text = _HAN_RUN.sub(_han_run, text)
    if _CYRILLIC_WORD.search(text):
        text = _CYRILLIC_WORD.sub(_cyrillic_word, text)
    if _ARABIC_WORD.search(text):
        if not _PERSIAN_ONLY.isdisjoint(text):
            text = text.translate(_PERSIAN_READING)
        text = _ARABIC_WORD.sub(_arabic_word, text)
    if _HANGUL_WORD.search(text):
        text = _HANGUL_WORD.sub(_hangul_word, text)
    if _HEBREW_WORD.search(text):
        text = _HEBREW_WORD.sub(_hebrew_word, _HE_LTD.sub(" Ltd ", text))
    if _THAI_PREPOSED.search(text):
        text = _THAI_PREPOSED.sub(_thai_syllable, text)
    if _THAI_SILENT_O.search(text):
        text = _THAI_SILENT_O.sub("", text)
    return str(anyascii(text)).strip()
