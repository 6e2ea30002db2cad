"""Spelling-variant and phonetic keys of words, for candidate retrieval and word comparison.

Romanisations of one name differ in predictable ways: vowels (Mohammed / Muhammad, Saeed /
Said, Sergeyev / Sergeev), doubled letters (Hassan / Hasan), and a few consonant spellings
(Qaida / Kaida, Bozhkov / Bojkov, Rjauzow / Ryauzov, Khashiban / Hashiban, and Persian's gh /
q: Ghasem / Qasem, Ghalibaf / Qalibaf; French ch for sh: Chibli / Shibli), and the Arabic ة
written with an h or without (Zubaydah / Zubaida). :func:`variant_key` folds these.

Metaphone (jellyfish) then collapses what is left of the spelling to a sound ("Muhammad",
"Mohamed" and the Arabic-script skeleton "mhmd" all give "MHMT"), so the index can find a
candidate that shares no exact token with the query. Keys are upper case, tokens lower case,
so both can live in one index without colliding.

Arabic and Hebrew script are written without short vowels, so they are compared by consonant
skeletons; :func:`skeleton_word` reduces a Latin word the same way, so the two can be compared
(and Japanese kana, Hangul and Thai, whose romanisations have vowels a foreign name never
had: ``SKELETON_SCRIPTS``, with the sounds each script writes a foreign name with:
:func:`japanese_skeleton`, :func:`korean_skeleton`, :func:`thai_skeleton`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

import jellyfish

from offramp.normalize.vocab import article_lookalikes, org_words

# Scripts written without short vowels: romanised, a word is its consonant skeleton ("محمد"
# -> "mhmd"), which a Latin spelling meets only with its vowels taken out too.
ABJAD_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa"})
# Japanese names with katakana, the kana of foreign names (normalize.names gives them this
# script rather than "Jpan"; names in kanji and hiragana alone are native Japanese).
KATAKANA = "Kana"
# Scripts whose names meet Latin ones by consonant skeletons too: the abjads, and katakana,
# which write a vowel after nearly every consonant of a foreign name (カスペルスキー,
# "kasuperusukii", is Kaspersky; ロスアトム, "rosuatomu", Rosatom): without their vowels
# both sides are "ksprsk" and "rstm".
# Hangul too: Korean writes a foreign name's sounds the same way (카스퍼스키, "kasuposuki",
# is Kaspersky; 로스네프트, "rosuneputu", Rosneft), and a Korean name's own reading meets the
# lists' Latin spelling before skeletons are needed (normalize.korean).
HANGUL = "Hang"
# And Thai, which writes a foreign name's consonants with its own letters and a vowel mark
# after nearly each: แคสเปอร์สกี้ (Kaspersky) is "khaespeorski", ปรีโกจิน (Prigozhin)
# "prikochin".
THAI = "Thai"
SKELETON_SCRIPTS = ABJAD_SCRIPTS | {KATAKANA, HANGUL, THAI}
_VOWELS = re.compile(r"[aeiouyw]+")
# Consonants one script writes with one letter where Latin spellings use two: Hebrew ב is b
# or v, פ p or f, כ/ק k where Arabic names have q; Arabic has no p or v (Persian writes both).
# A skeleton writes each pair as one letter.
_SKELETON_LETTERS = str.maketrans({"v": "b", "f": "p", "q": "k"})

# The Arabic article is written apart (al-madani: a particle and a word) or onto its word
# (ALMADANI); a variant key leaves it out of words this long whose third letter is a
# consonant (not "alexander", "elena"), but for the European names that begin so
# (``data/article_lookalikes.csv``: Alberto is no al-Berto, which met Roberto).
GLUED_ARTICLE_MIN = 6
# A name that ends in Allah (الله) writes its vowel as the romaniser heard it: Hezbollah,
# Hizballah, Hizbullah; Nasrallah, Nasrullah; Abdallah, Abdullah; Ruhollah, Fadlallah. A
# variant key writes that ending -ullah in words of this many letters or more (not mullah).
# (match-25: "Hezbollah" / HIZBALLAH 0.64 -> 0.86; on bench/match_quality.py two aliases fewer
# alerted and three more ranked first, no innocent moved; three namesakes of Abdallahs fewer
# on the screening bench: docs/matching.md, section 5)
THEOPHORIC_MIN = 7
# (German writes the Russian ч tsch and дж dsch: Tschemesow, Abramowitsch, Dschochar are
# Chemezov, Abramovich, Dzhokhar, so both are folded before sch, match-25.)
# (dh, the Arabic ذ, is written d as often: FADHIL / FADIL, QADHAFI / GADDAFI; match-9: three
# more aliases alerted on bench/match_quality.py, six more in the top 10, no false alert
# more; as z instead, one alias fewer and one Arabic-script name more)
_DIGRAPHS = (("gh", "q"), ("kh", "h"), ("ph", "f"), ("ck", "k"), ("dzh", "j"), ("dj", "j"),
             ("zh", "j"), ("dsch", "j"), ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("ou", "u"),
             ("oo", "u"), ("ee", "i"), ("dh", "d"), ("th", "t"))
# ch is written for the sh of Arabic names (French: Chibli / Shibli, Chehade / Shihadi, Hamcho
# / Hamsho) and English and Russian names (Chatayev / Tschatajev), so a variant key writes it
# sh -- except in a Chinese syllable, where ch and sh are two sounds (Chen and Shen, Chang and
# Shang are two surnames; pinyin and Wade-Giles spellings, "chiang", "chieh", "chung"). (tch
# and dzh are folded before this: see _DIGRAPHS.)
_CHINESE_CH = re.compile(r"ch(?:a|ai|an|ang|ao|e|eh|en|eng|i|ia|iang|iao|ieh|ien|ih|in|ing|iu"
                         r"|iung|ong|ou|u|ua|uai|uan|uang|ueh|ui|un|ung|uo)")
_LETTERS = {"q": "k", "w": "v", "y": "i", "e": "i", "o": "u", "c": "k", "x": "ks"}
_VARIANT_LETTERS = str.maketrans(_LETTERS)
# Sound keys leave w alone. In German and Slavic spellings w is a v (Wolkow / Volkov), but in
# Arabic it is also the vowel of و, which romanised Arabic script keeps as a w ("mhmwd",
# Mahmud); metaphone reads a w before a consonant as silent, a v never. Folding it cost 4.8
# points of recall@10 for the Arabic-script names of bench/script_recall.py, and the alias
# benchmark nothing measurable.
_SOUND_LETTERS = str.maketrans({k: v for k, v in _LETTERS.items() if k != "w"})
_CH = re.compile(r"t?s?ch")
# The Arabic and Persian diphthong ay (ـَيْـ) is written ai, ay, ei or ey: Hussein / Husayn /
# Hossein / Hussain, Zeid / Zayd, Sheikh / Shaykh, Heidar / Haidar, Kheir / Khayr. A variant
# key writes ei and ey as ai -- not before a vowel, where the y is a consonant (Sergeyev /
# Sergeev, the Russian ye), nor first in a word, where Persian writes the vowel i so (EYRLOU /
# IRLU), nor after w: the pinyin wei, which Hebrew writes הואווי, "huavi", for Huawei.
# (match-26: bench/match_quality.py nine aliases more alerted, two fewer, no innocent
# more; docs/matching.md, section 5)
_DIPHTHONG = re.compile(r"(?<=[^w])e[iy](?![aeiou])")


def _fold(token: str, letters: dict[int, str]) -> str:
    if len(token) >= GLUED_ARTICLE_MIN and token[:2] in ("al", "el") and (
            token[2] not in "aeiouy") and token not in article_lookalikes():
        token = token[2:]  # an Arabic article written onto its word: almadani, elmabruk
    if len(token) >= THEOPHORIC_MIN and token.endswith("llah") and token[-5] in "aeiou":
        token = token[:-5] + "ullah"  # -allah however romanised: Hezbollah / Hizballah
    if len(token) >= 5 and token[-1] == "h" and token[-2] in "aeiou":
        token = token[:-1]  # the Arabic ة written with an h or not: Zubaydah / Zubaida
    if "e" in token:
        token = _DIPHTHONG.sub("ai", token)
    for old, new in _DIGRAPHS:
        token = token.replace(old, new)
    if "ch" in token and _CHINESE_CH.fullmatch(token) is None:
        token = token.replace("ch", "sh")  # French and English ch: Chibli / Shibli
    return squeezed(token.translate(letters))


@lru_cache(maxsize=65536)
def variant_key(token: str) -> str:
    """``token`` (lower-case ASCII) with romanisation variants folded (see above); doubled
    letters single."""
    return _fold(token, _VARIANT_LETTERS)


@lru_cache(maxsize=131072)
def phonetic_key(token: str) -> str:
    """Metaphone key of a lower-case ASCII token with its romanisation variants folded (as
    :func:`variant_key`, but w stays a w: see ``_SOUND_LETTERS``).

    Folding the variants first gives one key where metaphone alone gives two: it reads a y
    between vowels, a kh or a zh differently from the spellings they vary with ("dogayev"
    TKYF / "dogaev" TKF, "zhukov" SHKF / "joukov" JKF; folded, both TKF and JKF). A ch, tch
    or tsch is read as sh, as metaphone reads them before the fold turns c into k ("hamcho" /
    "hamsho" HMX, "yuryevich" IRFX). Tokens with a
    digit return themselves (numerals must match exactly, "8" is not "6"); tokens of one or
    two letters return themselves upper-cased, because metaphone of an initial or a short
    particle is noise ("x" -> "S").
    """
    if not token.isalpha():
        return token
    if len(token) <= 2:
        return token.upper()
    if "ch" in token:
        token = _CH.sub("sh", token)
    elif "w" not in token:  # folded alike: the variant key, often remembered already
        return jellyfish.metaphone(variant_key(token)) or token.upper()
    return jellyfish.metaphone(_fold(token, _SOUND_LETTERS)) or token.upper()


# How Japanese kana write the sounds of a foreign name, applied to a Latin spelling before its
# skeleton is taken, so that it meets the kana's Hepburn romanisation: no l (Lavrov: ラブロフ,
# raburofu), v as b or, last, f; th as s (Smith: スミス, sumisu); ti, di, si, zi, tu and hu as
# chi, ji, shi, ji, tsu and fu (Putin: プーチン, puuchin); a final ng as n (Samsung: サムスン);
# c as k, or before e, i, y as s; g before e, i, y as j; zh as j (Prigozhin: プリゴジン,
# purigojin) and kh as h (Khamenei: ハメネイ, hamenei); dy and zy as ji too (Kadyrov: カディロフ,
# kadirofu, whose di is ji by the rule above); a first v before l or r as the vowel kana write
# it with (Vladimir: ウラジーミル, urajimiru); -sion and -tion as ジョン or ション
# (:func:`english_ion`); a final h after a vowel not at all; then z and s as one. Hepburn
# itself is left as it is.
# (in three passes that give what the rules above give one after the other: a rule's output
# feeds only the passes after it, as "thi" -> "si" -> "shi")
_JAPANESE_SPELLINGS = re.compile(r"ph|th|ck|zh|kh|c(?=[eiy])|c(?!h)")
_JAPANESE_SPELLING = {"ph": "f", "th": "s", "ck": "k", "zh": "j", "kh": "h", "c": "k"}
_JAPANESE_LETTERS = str.maketrans({"q": "k", "x": "ks", "l": "r", "v": "b"})
_JAPANESE_SYLLABLES = re.compile(r"g(?=[eiy])|t(?=i)|[dz](?=[iy])|s(?=i)|t(?=u)|h(?=u)")
_JAPANESE_SYLLABLE = {"g": "j", "d": "j", "z": "j", "s": "sh", "h": "f"}


# English -sion and -tion as the scripts that write a foreign name by its sounds hear them:
# zh after a vowel (Vision: ビジョン bijon, 비전 pijon, วิชั่น wichan, Hebrew ויז'ן vizhn), sh
# otherwise (Station: ステーション suteshon; Corporation: 코퍼레이션 koporeisyon,
# คอร์ปอเรชั่น, Hebrew קורפוריישן). Not at a word's start (Sion, Tiona).
_ENGLISH_ION = re.compile(r"(?<=(.))(ss|t|s)ion")


def english_ion(token: str, zh: str = "j") -> str:
    """``token`` with each English -sion and -tion written by its sound: ``zh`` + "on" after a
    vowel, "shon" otherwise. "hikvision" -> "hikvijon" (kana, Hangul and Thai write that
    sound as they write j), or with ``zh="zh"`` "hikvizhon" (as Hebrew's ז' and Latin
    spellings of Russian names write it: an Arabic name's z and h, Azhar, are two letters,
    so skeletons do not fold zh into j); "corporation" -> "corporashon"."""
    if "ion" not in token:
        return token
    voiced = zh + "on"

    def sound(match: re.Match[str]) -> str:
        return voiced if match.group(2) == "s" and match.group(1) in "aeiou" else "shon"
    return _ENGLISH_ION.sub(sound, token)


def _without_final_h(token: str) -> str:
    """``token`` without a final h after a vowel, which a script that writes a foreign name
    by its sounds leaves silent or writes apart, so that spellings with and without it meet
    (Hezbollah / Hizballa, Qaidah / Qaida)."""
    if len(token) > 2 and token[-1] == "h" and token[-2] in "aeiou":
        return token[:-1]
    return token


def _spelling(table: dict[str, str]) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that writes each matched spelling as ``table`` says, and a
    lone c as k, or before e, i or y (a soft c) as s: how katakana, Hangul and Thai write
    the sounds of a foreign spelling."""
    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "c":
            nxt = match.string[match.end():match.end() + 1]
            return "s" if nxt and nxt in "eiy" else "k"
        return table[found]
    return replace


_japanese_spelling = _spelling(_JAPANESE_SPELLING)


def _japanese_syllable(match: re.Match[str]) -> str:
    found = match.group(0)
    if found == "t":  # ti, tu
        return "ch" if match.string[match.end()] == "i" else "ts"
    return _JAPANESE_SYLLABLE[found]


@lru_cache(maxsize=131072)
def japanese_skeleton(token: str) -> str:
    """A word's consonant skeleton as Japanese kana would leave it (the sounds above, then
    :func:`skeleton_word`): "kaspersky" and the kana's "kasuperusukii" are both "ksprsk",
    "lavrov" and "raburofu" "rbrf", "putin" and "puuchin" "pchn"."""
    if token in generic_words():
        return squeezed(token)  # (as skeleton_word keeps it)
    return skeleton_word(_japanese_sounds(token))


def _japanese_sounds(token: str) -> str:
    """A word's letters as kana would write them (:func:`japanese_skeleton`), before the
    skeleton is taken."""
    token = english_ion(_without_final_h(token))  # (Hizballah: ヒズボラ, hizubora)
    if token.endswith("neft"):
        # Russian нефть (oil) ends in a soft t, which Japanese writes チ, "chi" (ロスネフチ,
        # Rosneft; ガスプロムネフチ, Gazprom Neft), and Latin spellings drop
        token = token[:-1] + "ch"
    if token[:2] in ("vl", "vr"):
        token = token[1:]  # (Vladimir: ウラジーミル, urajimiru)
    token = _JAPANESE_SPELLINGS.sub(_japanese_spelling, token)
    if token.endswith("v"):
        token = token[:-1] + "f"
    token = _JAPANESE_SYLLABLES.sub(_japanese_syllable, token.translate(_JAPANESE_LETTERS))
    if token.endswith("ng"):
        token = token[:-1]
    # z and s as one, last (zi is ji first): kana write a foreign name's s and z as they
    # are heard, Gazprom's z as s (ガスプロム) and Sberbank's s as z (ズベルバンク)
    return token.replace("z", "s") if "z" in token else token


# How Hangul writes the sounds of a foreign name, applied before a skeleton is taken to both
# sides, a Latin spelling and the Hangul romanisation (normalize.translit writes Hangul as the
# lists write North Korean names: k, t, p, j for the consonants Korean pairs, and one letter
# for r and l): the voiced and voiceless consonants of a pair as one (b, v, f and p as p; d
# and t as t; g and k as k; z, j, ch and zh as j: 가즈프롬, "kajupurom", is Gazprom), l as r,
# sh as s and th as s (스미스, Smith), kh as h (미하일, Mikhail), ts and tz as j (츠), c as k,
# or before e, i, y as s; x as ks; -sion and -tion as 전 or 션 (:func:`english_ion`), and a
# final h after a vowel not at all. Korean's own vowel ㅡ, which it writes after a consonant
# no vowel follows, is a vowel the skeleton drops ("su" of 스).
_KOREAN_SPELLINGS = re.compile(r"t?sch|dzh|tch|sh|ch|zh|dj|kh|gh|ph|th|ck|ts|tz|c")
_KOREAN_SPELLING = {"sch": "s", "tsch": "j", "dzh": "j", "tch": "j", "sh": "s", "ch": "j",
                    "zh": "j", "dj": "j", "kh": "h", "gh": "k", "ph": "p", "th": "s", "ck": "k",
                    "ts": "j", "tz": "j"}
_KOREAN_LETTERS = str.maketrans({"b": "p", "v": "p", "f": "p", "d": "t", "g": "k", "q": "k",
                                 "z": "j", "l": "r", "x": "ks"})

_korean_spelling = _spelling(_KOREAN_SPELLING)


@lru_cache(maxsize=131072)
def korean_skeleton(token: str) -> str:
    """A word's consonant skeleton as Hangul would leave it (the sounds above, then
    :func:`skeleton_word`): "kaspersky" is "ksprsk" and the Hangul's "kasuposuki" "kspsk"
    (Korean drops the r of "per"), "lavrov" and "rapuropu" are both "rprp", "prigozhin" and
    "purikojin" "prkjn"."""
    if token in generic_words():
        return squeezed(token)  # (as skeleton_word keeps it)
    return skeleton_word(_korean_sounds(token))


def _korean_sounds(token: str) -> str:
    """A word's letters as Hangul would write them (:func:`korean_skeleton`), before the
    skeleton is taken."""
    token = english_ion(_without_final_h(token))  # (Hezbollah: 헤즈볼라)
    return _KOREAN_SPELLINGS.sub(_korean_spelling, token).translate(_KOREAN_LETTERS)


# Korean writes no r where English sounds none: after a vowel and not before one (Kaspersky:
# 카스퍼스키, kasuposuki; Morgan: 모건; Peter: 피터), but Russian and German names keep theirs
# (세르게이, Sergei; 이고르, Igor). Which a listed name is, its spelling
# does not say, so the index keys its Korean skeleton both ways where they differ.
_UNSOUNDED_R = re.compile(r"(?<=[aeiouy])r(?![aeiouy])")


@lru_cache(maxsize=131072)
def korean_skeleton_unsounded_r(token: str) -> str:
    """:func:`korean_skeleton` of ``token`` without the r English leaves unsounded, as
    Hangul writes English names: "kaspersky" -> "kspsk" (카스퍼스키; with the r, "ksprsk");
    "sergei" -> "sk" (as an English name; Hangul writes this Russian one 세르게이, "srk")."""
    if token in generic_words() or "r" not in token:
        return korean_skeleton(token)
    return korean_skeleton(_UNSOUNDED_R.sub("", token))


# How Thai writes the sounds of a foreign name, applied to both sides before a skeleton is
# taken (Thai romanised by anyascii, normalize.translit): its aspirated letters are the
# foreign k, t and p (ค kh, ท th, พ ph: Kaspersky is แคสเปอร์สกี้, "khaespeorski"), so kh,
# th and ph are k, t and p; the voiced and voiceless consonants of a pair as one (b and p, d
# and t, g and k), as Thai spellings of foreign names mix them; ch, sh, zh and j as j (ช, จ:
# Shoigu is ชอยกู, "choyku"); z as s (ซ); a v first in a word or before a vowel as w (ว:
# Vladimir, วลาดีมีร์; Ivanov, อีวานอฟ), elsewhere as f (ฟ: Lavrov, ลาฟรอฟ); c as k, or before
# e, i, y as s; q as k; x as ks; -sion and -tion as ชั่น, "chan" (:func:`english_ion`); a
# final h after a vowel not at all (อัลกออิดะห์, al-Qaidah, ends in a silent ห).
_THAI_SPELLINGS = re.compile(r"t?sch|kh|th|ph|ch|sh|zh|dj|ck|c")
_THAI_SPELLING = {"sch": "j", "tsch": "j", "kh": "k", "th": "t", "ph": "p", "ch": "j",
                  "sh": "j", "zh": "j", "dj": "j", "ck": "k"}
_THAI_LETTERS = str.maketrans({"b": "p", "d": "t", "g": "k", "z": "s", "q": "k", "x": "ks",
                               "v": "f"})

_thai_spelling = _spelling(_THAI_SPELLING)
_THAI_V = re.compile(r"^v|v(?=[aeiouy])")


@lru_cache(maxsize=131072)
def thai_skeleton(token: str) -> str:
    """A word's consonant skeleton as Thai would leave it (the sounds above, then
    :func:`skeleton_word`): "kaspersky" and the Thai "khaespeorski" are both "ksprsk",
    "prigozhin" and "prikochin" "prkjn", "lavrov" and "lafrof" "lprp", "hikvision" and
    "hikhwichan" (ฮิควิชั่น) "hkjn"."""
    if token in generic_words():
        return squeezed(token)  # (as skeleton_word keeps it)
    return skeleton_word(_thai_sounds(token))


def _thai_sounds(token: str) -> str:
    """A word's letters as Thai would write them (:func:`thai_skeleton`), before the
    skeleton is taken."""
    if "v" in token:
        token = _THAI_V.sub("w", token)
    token = english_ion(_without_final_h(token))  # (Qaidah / Qaida: อัลกออิดะห์)
    return _THAI_SPELLINGS.sub(_thai_spelling, token).translate(_THAI_LETTERS)


# The skeleton each script's own reading of foreign names leaves (a query in that script
# compares skeletons made this way on both sides); other scripts, skeleton_word.
_READINGS = {KATAKANA: japanese_skeleton, HANGUL: korean_skeleton, THAI: thai_skeleton}
# Every reading a query can have ("" for plain skeletons).
READINGS = ("", *_READINGS)


# Readings whose script writes some Latin spellings two ways: the other skeleton of a list
# word, which the index keys too where it differs (Hangul and the r English leaves unsounded).
_OTHER_READINGS = {HANGUL: korean_skeleton_unsounded_r}


def other_reader(reading: str) -> Callable[[str], str] | None:
    """The second skeleton function of ``reading`` for list words
    (:func:`korean_skeleton_unsounded_r` for Hangul), or None."""
    return _OTHER_READINGS.get(reading)


def skeleton_reader(script: str) -> Callable[[str], str]:
    """The skeleton function for a query written in ``script`` (:func:`japanese_skeleton`,
    :func:`korean_skeleton`, :func:`thai_skeleton`, or :func:`skeleton_word` for every other
    script)."""
    return _READINGS.get(script, skeleton_word)


def reading_of(script: str) -> str:
    """``script`` when it has a skeleton reading of its own (``_READINGS``), else ""."""
    return script if script in _READINGS else ""


_RUN = re.compile(r"(.)\1+", re.DOTALL)


def squeezed(text: str) -> str:
    """``text`` with every run of one letter written once."""
    # (most words have no doubled letter: looking for one first is the cheap way out; this
    # runs for every word a search has not seen before)
    return _RUN.sub(r"\1", text) if _RUN.search(text) else text


@lru_cache(maxsize=131072)
def skeleton_word(token: str) -> str:
    """A word's consonant skeleton: vowels and doubled letters removed ("muhammad" ->
    "mhmd"), v written b, f p and q k (``_SKELETON_LETTERS``: "lavrov" -> "lbrb", as Hebrew
    לברוב); a word of vowels only keeps its vowels ("ee" -> "e"); English -sion and -tion
    read as they sound, as Hebrew writes them (:func:`english_ion` with zh: "hikvision" ->
    "hkbzhn", as הייקוויז'ן). Always squeezed, so two skeletons join squeezed by dropping one
    letter at the seam at most.

    A generic organisation word, which the normaliser has translated into English on both
    sides (``vocab.org_words``: جيش and JAYSH are both army), keeps its vowels: its skeleton
    would be an English word's consonants, which Arabic names share by chance (army, "rm",
    is رامي, Rami)."""
    if token in generic_words():
        return squeezed(token)
    return _plain_consonants(token)


def _plain_consonants(token: str) -> str:
    """:func:`skeleton_word` of any word, a generic one too."""
    token = english_ion(token, "zh")
    return squeezed((_VOWELS.sub("", token) or token).translate(_SKELETON_LETTERS))


# A word's letters as each reading writes them, before its skeleton is taken (for
# glued_skeleton: a generic word written onto a name, GAZPROMBANK, whose bank the kana
# ガスプロムバンク write as a word apart, is in the list word's skeleton as its consonants,
# "gsprmbnk", not as the word it keeps apart).
_SOUNDS = {KATAKANA: _japanese_sounds, HANGUL: _korean_sounds, THAI: _thai_sounds}


@lru_cache(maxsize=4096)
def glued_skeleton(reading: str, token: str) -> str:
    """``token``'s skeleton as ``reading`` leaves it (:func:`skeleton_reader`), a generic word
    reduced to its consonants too, as it is where a list name has it written onto another word
    (GAZPROMBANK: ガスプロムバンク's bank is "bnk" there, where it is "bank" apart)."""
    sounds = _SOUNDS.get(reading)
    return _plain_consonants(sounds(token) if sounds is not None else token)


@cache
def generic_words() -> frozenset[str]:
    """The English words generic organisation words are translated into."""
    return frozenset(org_words(abjad=True).values())
