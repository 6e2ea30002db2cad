"""Word tables for name normalisation, read from ``data/*.csv``.

Each table is reference data reviewed like code: every row says where it comes from.

- ``name_particles.csv``: stop words and name particles (kind STOP), honorifics dropped at the
  start of a name, and "No."-style words that are STOP only before a number. Column
  ``function_word``: never a name ("of", "and", "jr"); the other particles are names too when
  a name has no other word (Vietnamese Lê and Văn, the surname Das).
- ``org_words.csv``: generic organisation words in many languages -> one English token
  ("banco", "banque", "bankasi" -> "bank"). Plurals of every entry are added here ("tubes",
  "industries", "holdings"), which is the only stemming we do: a plural folds only when its
  singular is a known generic word, so names like "Thomas", "Lewis" or "Hess" never change.
- ``org_words_abjad.csv``: the same words in names written in Arabic script, as this normaliser
  romanises them (consonants and long vowels: "جمعية" -> "jmya" -> "society"), and a few
  Hebrew ones ("מערכות" -> "markut" -> "system"; match-14). They are read
  only for names in Arabic or Hebrew script, where a romanised "bnk" or "hrs" can only be
  البنك or الحرس; a Latin "BNK" is an acronym.
- ``given_names.csv``: given names that are one name in several languages' romanisations ->
  its Russian BGN/PCGN spelling, the one OFAC mostly uses ("oleksandr" (Ukrainian),
  "alexander" -> "aleksandr"; "mykola", "nikolai" -> "nikolay"). Lists write a Ukrainian or
  Belarusian person's names now in Ukrainian, now in Russian form (YANUKOVYCH, Oleksandr /
  YANUKOVICH, Alexander), and the forms are too far apart for spelling similarity.
- ``given_name_sexes.csv``: given names that are a man's or a woman's (column ``sex``), as
  names are written after ``given_names.csv``: a man's name and a woman's are two names
  however alike they are spelt (Juan / Juana, Luis / Luisa, Rafael / Rafaela, Fernando /
  Fernanda), so the matcher never pairs them (``match.tokens.opposite_sexes``). Names given
  to both (Andrea, Jean, Joan, Nikita, Dominique) are left out, and so are Russian women's
  names that are also a man's name's genitive (Aleksandra, Valentina: "imeni Aleksandra",
  named after Aleksandr).
- ``number_words.csv``: numbers written in words -> their digits (English ordinals:
  "seventh" -> "7", as "7th" is 7), so "SEVENTH OF TIR" is "7TH OF TIR", "FIRST BRANCH" is
  "BRANCH 1", and each counts as a number, which must agree exactly ("2nd" is not "3rd").
- ``place_words.csv``: country, region and country-code words ("uk", "europe", "germany").
  Names keep them; the matcher counts one that only one side gives as little as a common
  word ("Hikvision UK Ltd" / HIKVISION: ``match.features.PLACE_WEIGHT``).
- ``body_words.csv``: the generic words (English, as ``org_words.csv`` translates them) that
  say what kind of body an organisation is, or its character, rather than its trade
  ("foundation", "society", "group", "charitable"): OFAC's aliases of one entry vary them
  (STICHTING AL-AQSA / AL-AQSA FOUNDATION; AL-SALAH SOCIETY / AL-SALAH ORGANIZATION), where
  a trade word ("Steel Tubes" / "Steel Wires", MILENYUM SHIPPING / MILENYUM ENERGY) tells
  companies apart (``match.features._whole_with_generic``).
- ``titles.csv``: academic and professional titles written before a name (Dipl.-Ing., Dott.,
  Lic.) and degrees written after it (B.Sc., MBA, S.Kom), which are not the name
  (``normalize.titles``).
- ``article_lookalikes.csv``: European names that begin as a glued Arabic article does
  (Alberto, Alfredo, Elvira), whose "al" or "el" a variant key keeps (``phonetic._fold``).
- ``cjk_words.csv``: Chinese/Japanese/Korean/Thai business words and legal forms replaced by
  their English rendering *before* romanisation, because official English names translate
  them ("数字技术" -> "Digital Technology") rather than romanise them.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources


def read_table(filename: str) -> list[dict[str, str]]:
    """The rows of ``data/<filename>`` (a CSV with a header), as dicts."""
    path = resources.files("offramp.normalize").joinpath("data", filename)
    with path.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if any(row.values())]


@cache
def particles(abjad: bool = False) -> dict[str, str]:
    """Word -> role ("stop", "title" or "numero") for particles and titles: of names in Latin
    and other scripts, or with ``abjad`` of names in Arabic or Hebrew script.

    A romanised Arabic word is never a Portuguese particle or an English title: "دعاء" gives
    "da", "لا" "la", "عمر" (Omar) "mr" and "در" "dr". The table's ``scripts`` column says which
    rows hold for which names: ``any``, ``latin`` (not Arabic or Hebrew script) or ``abjad``
    (only those, such as "bn" and "abw", the romanised skeletons of bin and abu).
    """
    wanted = ("any", "abjad") if abjad else ("any", "latin")
    return {row["word"]: row["role"] for row in read_table("name_particles.csv")
            if row["scripts"] in wanted}


@cache
def function_words() -> frozenset[str]:
    """The stop words that are never a name (``name_particles.csv``, ``function_word``)."""
    return frozenset(row["word"] for row in read_table("name_particles.csv")
                     if row["function_word"] == "yes")


def _plurals(word: str) -> list[str]:
    forms = [word + "s"]
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    if word.endswith(("s", "x", "ch", "sh")):
        forms.append(word + "es")
    return forms


@cache
def org_words(abjad: bool = False) -> dict[str, str]:
    """Token -> canonical English token, singular and plural forms of every entry; with
    ``abjad``, for names in Arabic or Hebrew script, ``org_words_abjad.csv`` too."""
    table: dict[str, str] = {}
    rows = read_table("org_words.csv")
    if abjad:
        rows += read_table("org_words_abjad.csv")
    for row in rows:
        table[row["variant"]] = row["canonical"]
    for row in rows:
        for plural in _plurals(row["variant"]):
            table.setdefault(plural, row["canonical"])
    return table


@cache
def article_lookalikes() -> frozenset[str]:
    """European names that begin as a glued Arabic article does (al, el and a consonant:
    Alberto, Alfredo, Elvira, Alvarez), whose "al" or "el" is no article
    (``article_lookalikes.csv``; ``phonetic._fold``)."""
    return frozenset(row["word"] for row in read_table("article_lookalikes.csv"))


@cache
def body_words() -> frozenset[str]:
    """The generic words that name a kind of body or its character (see ``body_words.csv``)."""
    return frozenset(row["word"] for row in read_table("body_words.csv"))


@cache
def number_words() -> dict[str, str]:
    """Number word -> its digits (see ``number_words.csv``)."""
    return {row["variant"]: row["canonical"] for row in read_table("number_words.csv")}


@cache
def place_words() -> frozenset[str]:
    """Country, region and country-code words (see ``place_words.csv``)."""
    return frozenset(row["word"] for row in read_table("place_words.csv"))


@cache
def korean_surnames() -> dict[str, str]:
    """Korean surname as lists write it -> one spelling (see ``korean_surnames.csv``)."""
    return {row["variant"]: row["canonical"] for row in read_table("korean_surnames.csv")}


@cache
def given_names() -> dict[str, str]:
    """Given name -> its canonical spelling (see ``given_names.csv``)."""
    return {row["variant"]: row["canonical"] for row in read_table("given_names.csv")}


@cache
def given_name_sexes() -> dict[str, str]:
    """Given name -> "m" or "f" (see ``given_name_sexes.csv``)."""
    return {row["name"]: row["sex"] for row in read_table("given_name_sexes.csv")}


@cache
def _cjk_table() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {row["word"]: row["replacement"] for row in read_table("cjk_words.csv")}
    # Longest first, so 股份有限公司 wins over 有限公司 and 公司.
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alternation), words


@cache
def _japanese_words() -> re.Pattern[str]:
    words = [row["word"] for row in read_table("cjk_words.csv") if row["lang"] == "ja"]
    return re.compile("|".join(re.escape(w) for w in words))


def has_japanese_word(text: str) -> bool:
    """Whether ``text`` holds a word of ``cjk_words.csv`` that only Japanese uses (株式会社,
    有限会社, 商事, ...): a name written in kanji alone is then Japanese, not Chinese."""
    return _japanese_words().search(text) is not None


def translate_cjk_words(text: str) -> str:
    """Replace known CJK/Thai business words and legal forms by their English rendering.

    Each replacement is padded with spaces so it splits the surrounding Han run:
    ``"杭州海康威视数字技术股份有限公司"`` -> ``" hangzhou 海康威视 digital  technology  co ltd "``.
    """
    pattern, words = _cjk_table()
    return pattern.sub(lambda m: " " + words[m.group(0)] + " ", text)
