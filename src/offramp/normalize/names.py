"""Names as the matcher sees them: romanised, tokenised, classified, legal forms set aside.

``normalize_name("Hangzhou Hikvision Digital Technology Co., Ltd.")`` and
``normalize_name("杭州海康威视数字技术股份有限公司")`` both give the key tokens hangzhou,
digital, technology and the legal form ``ltd``. The steps, in order:

1. CJK/Thai business words and legal forms are translated by dictionary (``vocab``), then the
   text is romanised (``translit.to_ascii``) and lower-cased. Web addresses give their host's
   names ("WWW.SERCUBA.COM" -> "sercuba"; ``web``).
2. Words are split (``tokens.split_words``): punctuation and hyphens separate words,
   apostrophes join them, dotted letter groups of three or more letters are one acronym
   ("A-B-C" -> "abc", a WORD; "J. R." stays two INITIALs).
3. Honorifics (Mr, Dr, ...) starting the name or a comma part are dropped; legal forms are
   removed and reported by code (``legal_forms``).
4. Each remaining token gets a kind; generic organisation words become one English token
   ("banco" -> "bank", "holdings" -> "holding"), and a given name written in another
   language's form its Russian one ("oleksandr" -> "aleksandr"); an ordinal is its number, in
   words or in digits ("seventh", "7th" -> "7", a NUMBER). Order is kept: the matcher handles
   order. Arabic names built on the article are one word however they are spaced ("NASR AL
   DIN" / "NASSEREDDINE" -> nasraldin / nasseraldin), and "Abd al-X" is two words however
   its article is written ("'ABD AL-MALIK" / "Abdelmalek" -> abdal malik / abdal malek). A
   Korean name is spelt one way whatever its romanisation ("CHO'NG, Kyo'ng-t'aek" / "JONG,
   Kyong Thaek" -> jong kyong taek; ``korean``).

Everything is pure and cached; plain ASCII names cost a few microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache

from offramp.model.pickling import quick_pickle
from offramp.model.scripts import detect_script
from offramp.normalize.abbreviations import written_out
from offramp.normalize.korean import korean_words
from offramp.normalize.legal_forms import (
    find_legal_forms,
    names_no_one,
    short_letter_groups,
    spaced_letters,
)
from offramp.normalize.phonetic import ABJAD_SCRIPTS, KATAKANA
from offramp.normalize.titles import without_titles
from offramp.normalize.tokens import split_name_words
from offramp.normalize.translit import to_ascii
from offramp.normalize.vocab import (
    function_words,
    given_names,
    has_japanese_word,
    number_words,
    org_words,
    particles,
    translate_cjk_words,
)
from offramp.normalize.web import web_names

# Names longer than this are cut before tokenising, which bounds the time any input can take;
# ``original`` keeps the full text so the matcher can flag it as not a real name.
MAX_NAME_CHARS = 1000
# Katakana letters (not the middle dot or the long-vowel mark), full-width or half-width.
_KATAKANA_LETTER = re.compile(r"[\u30a1-\u30fa\u31f0-\u31ff\uff66-\uff9d]")
# The Persian and Urdu ezafe ("of"), romanised as a hyphened e, i, ye or yi: between two
# words (JAISH-E-MOHAMMED / JAISH-I-MOHAMMED, FALAH-I-INSANIAT) or, e and ye only, after one
# (SEPAH-E PASDARAN-E ENQELAB-E ESLAMI, SANA'TI-YE MALEK). Spelt e here and i there, it
# would read as two different initials; it is no word of the name. (A hyphened i after a
# word is left alone: a vessel's or a series' Roman numeral, BLUE STAR-I.)
_EZAFE = re.compile(r"(?<=[a-z]{2})-(?:(?:e|i|ye|yi)-(?=[a-z])|(?:e|ye)(?![a-z0-9.-]))")


class TokenKind(StrEnum):
    """What a token is, which decides how much it counts in a match."""

    WORD = "word"  # an ordinary name word
    NUMBER = "number"  # contains a digit ("8", "11420", "2nd"): numerals must match exactly
    STOP = "stop"  # stop words and name particles: of, the, de, van, der, al, bin, abu, ...
    INITIAL = "initial"  # a single letter (person initials)


@quick_pickle
@dataclass(frozen=True, slots=True)
class NormalizedName:
    """A name ready for matching; ``original`` is the text as given.

    (``normalize_name`` fills the slots directly, skipping ``__init__``: a new field must be
    set there too.)
    """

    original: str
    tokens: tuple[str, ...]  # lowercase ASCII tokens, in order, legal forms removed
    kinds: tuple[TokenKind, ...]  # same length as tokens
    legal_forms: tuple[str, ...]  # canonical legal-form codes found, e.g. ("ltd",)
    script: str  # ISO 15924 of the original
    # the initials of the words as written (see ``written_initials``), for acronyms
    initials: tuple[str, ...] = field(default=(), compare=False)
    # Computed once: the matcher reads these many times per name (the joined forms only
    # for some names, so on first use).
    _key_tokens: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _joined: str = field(init=False, repr=False, compare=False)
    _sorted_joined: str | None = field(default=None, init=False, repr=False, compare=False)
    _glued_joined: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.tokens) != len(self.kinds):
            raise ValueError("a NormalizedName needs one kind per token")
        # (most names have no stop word: their key tokens are their tokens)
        key = self.tokens if _STOP not in self.kinds else tuple(
            t for t, k in zip(self.tokens, self.kinds, strict=True) if k is not _STOP)
        object.__setattr__(self, "_key_tokens", key)
        object.__setattr__(self, "_joined", "".join(self.tokens))

    @property
    def key_tokens(self) -> tuple[str, ...]:
        """The tokens that identify the party: words, numbers and initials, not stop words."""
        return self._key_tokens

    @property
    def joined(self) -> str:
        """All tokens without spaces, to compare "Hai Kang Wei Shi" with "Haikangweishi"."""
        return self._joined

    @property
    def sorted_joined(self) -> str:
        """The key tokens in alphabetical order without spaces: word order ignored."""
        if self._sorted_joined is None:
            object.__setattr__(self, "_sorted_joined", "".join(sorted(self._key_tokens)))
        assert self._sorted_joined is not None
        return self._sorted_joined

    @property
    def glued_joined(self) -> str:
        """Words with their particles glued on ("vanderberg"), sorted, without spaces.

        Meets "VANDERBERG, Pieter" and "AL-QAHTANI" / "Alqahtani" in any word order.
        """
        if self._glued_joined is None:
            glued: list[str] = []
            prefix = ""
            for token, kind in zip(self.tokens, self.kinds, strict=True):
                if kind is _STOP:
                    prefix += token
                else:
                    glued.append(prefix + token)
                    prefix = ""
            if prefix:
                glued.append(prefix)
            object.__setattr__(self, "_glued_joined", "".join(sorted(glued)))
        assert self._glued_joined is not None
        return self._glued_joined


_WORD, _NUMBER, _STOP, _INITIAL = (
    TokenKind.WORD,
    TokenKind.NUMBER,
    TokenKind.STOP,
    TokenKind.INITIAL,
)


# What the kind rules decide for the words of the vocabulary tables (particles, titles,
# organisation words and given names), taken once per table word instead of once per token:
# (token to keep, kind, is a "No."-style word). A "No."-style word is a STOP before a number
# and otherwise what its table entry says. Every other token is a NUMBER, an INITIAL or a WORD
# kept as is.
_Decided = tuple[str, TokenKind, bool]


@cache
def _special_words(abjad: bool) -> dict[str, _Decided]:
    roles = particles(abjad)
    vocab = org_words(abjad) | given_names() | number_words()
    table: dict[str, _Decided] = {}
    for token in (*roles, *vocab):
        role = roles.get(token)
        if not token.isalpha():
            table[token] = (token, _NUMBER, False)
        elif not vocab.get(token, token).isalpha():  # a number word: "seventh" is "7"
            table[token] = (vocab[token], _NUMBER, False)
        elif role == "stop":
            table[token] = (token, _STOP, False)
        elif len(token) == 1:
            table[token] = (token, _INITIAL, role == "numero")
        else:
            table[token] = (vocab.get(token, token), _WORD, role == "numero")
    return table


_NOT_NUMBER: _Decided = ("", _WORD, False)
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})


@cache
def _titles(abjad: bool) -> frozenset[str]:
    return frozenset(word for word, role in particles(abjad).items() if role == "title")


def _kinds(words: list[str], abjad: bool) -> tuple[tuple[str, ...], tuple[TokenKind, ...]]:
    """Each token's kind, generic organisation words replaced by their English token.

    Tokens are lower-case ASCII letters and digits here, so ``isalpha`` means "no digit".
    (A plain loop over the small table beats per-token caches: names have few tokens.)
    """
    special = _special_words(abjad)
    out: list[str] = []
    kinds: list[TokenKind] = []
    last = len(words) - 1
    for i, token in enumerate(words):
        decided = special.get(token)
        if decided is None:
            if token.isalpha():
                out.append(token)
                kinds.append(_INITIAL if len(token) == 1 else _WORD)
            else:
                # an ordinal is its number: "7th" is 7, as "SEVENTH" is (number_words.csv)
                out.append(token[:-2] if token[-2:] in _ORDINAL_ENDINGS
                           and token[:-2].isdigit() else token)
                kinds.append(_NUMBER)
            continue
        word, kind, numero = decided
        if numero and i < last and (not words[i + 1].isalpha() or special.get(
                words[i + 1], _NOT_NUMBER)[1] is _NUMBER):
            word, kind = token, _STOP  # "No. 8", "No. Eighth": the number is what counts
        out.append(word)
        kinds.append(kind)
    return tuple(out), tuple(kinds)


# Arabic names of the form "X al-Din" (Nasr al-Din, Salah al-Din, Taj al-Din) are romanised
# written apart or together, with the article as spoken before d: NASR AL DIN, NASSEREDDINE,
# Najm Eddine, SALAHUDDIN, BASHIR-UD-DIN, TAJIDEEN. Each becomes one word, X + "aldin", so
# that the spellings differ only in X ("nasraldin" / "nasseraldin"); the article stays as
# written, so the skeleton keeps its l ("tjldn") as Arabic script's "تاج الدين" does
# (tj + ldn). Latin script only: Arabic script is compared by its skeletons.
_DIN_CONNECTORS = frozenset({"al", "el", "ul", "ud", "ad", "ed", "id"})
_DIN_WORDS = frozenset({"din", "dine", "deen", "diin"})
# "eddine", "uddin", "aldin", "eldine" as a word of their own ("Najm Eddine", "Nor Eldin")
_DIN_ALONE = re.compile(r"(?:[aeiou]dd|[aeu]ld)(?:i|ee|ii)ne?")
# written onto X: a vowel and a doubled d ("badreddine", "sirajuddin", "mohiddin"), the
# article spelt out (after four letters or more: "nasraldine", not "geraldine"), or one d
# before "deen" ("tajideen"); never one d before "dine" (Claudine, Amandine, Jardine)
_DIN_GLUED = re.compile(r"([a-z]{3,}?)(?:[aeiou]|ou)dd(?:i|ee)ne?|([a-z]{4,}?)[aeu]ld(?:i|ee)ne?"
                        r"|([a-z]{3,}?)[aeiou]deen")


def _ad_din(words: list[str]) -> list[str]:
    """The "X al-Din" names written as one word, X + "aldin" (see ``_DIN_GLUED``)."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        joins = bool(out) and out[-1].isalpha() and out[-1] not in _DIN_CONNECTORS
        if joins and word in _DIN_CONNECTORS and i + 1 < n and words[i + 1] in _DIN_WORDS:
            out[-1] += "aldin"  # NASR AL DIN, BASHIR-UD-DIN
            i += 2
            continue
        if joins and _DIN_ALONE.fullmatch(word):
            out[-1] += "aldin"  # Najm Eddine
            i += 1
            continue
        glued = _DIN_GLUED.fullmatch(word)
        if glued:
            word = (glued.group(1) or glued.group(2) or glued.group(3)) + "aldin"
        out.append(word)
        i += 1
    return out


# "Abd al-X" (servant of X: Abd al-Rahman, Abd al-Malik) is romanised with the article in
# many forms, or as spoken before a sun letter: 'ABD AL-MALIK, Abdelmalek, Abdel Moneim,
# ABD-UR-RAHMAN, ABDURRAHMAN, Abdulhafid, Abdirahman, Abdoulaziz. Each becomes two words,
# "abdal" and X ("abdal malik" / "abdal malek"), the form lists mostly write ("Abdul
# Rahman"): written together, one side's name would no longer pair with the other's two words
# (Abdel Moneim / ABDALMUNIM), and "Abdul" is a given name of its own too ("Abdul Khan" is
# "KHAN, Abdul": both give abdal, khan). Abd Allah is one word in every form (Abdullah,
# Abdallah, Abdellah, ABD ALLAH: abdallah), as Arabic script keeps الله one word.
_ABD_CONNECTORS = frozenset({"al", "el", "ul", "il", "ol", "ar", "ur", "er", "as", "us", "es",
                             "ash", "ush", "at", "ut", "an", "un", "en", "az", "uz", "ad",
                             "ud", "ed"})
# (on its own; before a sun letter as spoken: "REHMAN, Abdur", Abdus Salam, Abdush Shakur)
_ABD_ARTICLE = frozenset({"abdul", "abdel", "abdal", "abdol", "abdoul", "abdil", "abdur",
                          "abdus", "abdush", "abdut", "abduz", "abdun", "abdud", "abder",
                          "abdes", "abdor"})
# written together: abd, a vowel or two, perhaps the l, then X (a sun letter doubled once)
_ABD_GLUED = re.compile(r"abd(?:ou|[aeiou])?l?((?:([rstdzn])\2)?[a-z]{3,})")
_ABD_ALLAH = re.compile(r"abd(?:ou|[aeiou])?l{1,2}ah?(i?)")  # Abdullah, Abdalla, Abdullahi


def _abd_al(words: list[str]) -> list[str]:
    """The "Abd al-X" names as two words, "abdal" and X (see ``_ABD_GLUED``)."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        i += 1
        if word == "abd" and i < n and words[i] == "allah":
            out.append("abdallah")  # ABD ALLAH
            i += 1
        elif word == "abd" and i + 1 < n and words[i] in _ABD_CONNECTORS and words[
                i + 1].isalpha():
            out += ("abdal", words[i + 1])  # 'ABD AL-MALIK, ABD-UR-RAHMAN
            i += 2
        elif word in _ABD_ARTICLE:
            out.append("abdal")  # Abdul Rahman, Abdel-Hafez, KHAN, Abdul
        elif allah := _ABD_ALLAH.fullmatch(word):
            out.append("abdallah" + allah.group(1))  # Abdullah, Abdellah, Abdullahi
        elif glued := _ABD_GLUED.fullmatch(word):
            # ABDURRAHMAN, Abdelmalek
            out += ("abdal", glued.group(1)[1:] if glued.group(2) else glued.group(1))
        else:
            out.append(word)
    return out


def _al_written_on(words: list[str]) -> list[str]:
    """A name in Arabic script: "عبد الرحمن" (bd al rhmn) and "عبدالرحمن" (bdalrhmn) as
    "bdal rhmn", as the Latin forms are "abdal rahman" (``_abd_al``: skeletons bdl rhmn on
    both sides), and "تاج الدين" (taj al dyn) as one word, as its Latin forms are
    ("tajaldin", ``_ad_din``: skeletons tjldn)."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        if word == "bd" and i + 2 < n and words[i + 1] == "al" and words[i + 2].isalpha():
            out += ("bdal", words[i + 2])
            i += 3
            continue
        if (out and out[-1].isalpha() and word == "al" and i + 1 < n
                and words[i + 1] == "dyn"):
            out[-1] += "aldyn"
            i += 2
            continue
        if word.startswith("bdal") and len(word) >= 6 and not word.endswith("lh"):
            out += ("bdal", word[4:])  # (عبدالله, bdallh, stays one word)
        else:
            out.append(word)
        i += 1
    return out


# Acronyms are made of a name's words as written, legal form included: NIOC is National
# Iranian Oil Company, PGPICC Persian Gulf Petrochemical Industry Commercial Co., ERPAC
# Ejercito Revolucionario Popular Antiterrorista de Colombia (whose "ejercito" the matcher
# reads as "army"). A legal form gives its first letter (Company, Co., Corp.: C) or, written
# as letters, all of them (S.A., OOO); these are the abbreviations of one word, which give
# their first letter.
_WORD_FORMS = frozenset({"co", "corp", "inc", "ltd", "cia", "cie", "est", "bhd"})
# The initials of this many words at most (an acronym is one word of up to eight letters).
INITIALS_WORDS_MAX = 8
INITIALS_LETTERS = (3, 8)
# Letters the name's own words (not its legal form nor its stop words) must give: two words
# and a legal form spell too many innocent names' initials ("Banco del Norte S.A." / BNSA CO;
# "Instalaciones Rosa S.A." / IRSA S.A.), and the stop words too many real words ("Andrea
# Navarrete de Anda" / ANDA COMPANY, "Moss Inc" / MINISTRY OF STATE SECURITY), so neither
# counts (bench/screen_batch.py's names: 28 more false alerts with them).
INITIALS_OWN_LETTERS = 3
# A legal form written as letters before the name (OOO, ZAO, JSC, OJSC, PAO) is a label, not
# part of the name's acronym: OOO 'DOROZHNAYA STROITELNAYA KOMPANIA' is OOO 'DSK'.
LEADING_FORM_LETTERS = 4


def written_initials(words: list[str], removed: list[bool] | tuple[()]) -> tuple[str, ...]:
    """The acronym a name's words could be written as (see ``_WORD_FORMS``), stop words
    skipped ("Compagnie Aerienne des Grands Lacs": cagl), when it has ``INITIALS_LETTERS``
    letters, ``INITIALS_OWN_LETTERS`` of them from words that are no legal form; none for a
    name with a number. ``words`` are the name's words before its legal forms were taken out,
    ``removed`` flags those that were (empty: none). A tuple, empty or of one acronym."""
    if not 2 <= len(words) <= INITIALS_WORDS_MAX:
        return ()
    special = _special_words(False)
    letters: list[str] = []
    own = 0
    for at, word in enumerate(words):
        if not word.isalpha():
            return ()
        if removed and removed[at]:
            if not letters and len(word) <= LEADING_FORM_LETTERS and word not in _WORD_FORMS:
                continue  # a legal form written as letters before the name
            letters.append(word if len(word) <= 3 and word not in _WORD_FORMS else word[0])
            continue
        decided = special.get(word)
        if decided is None or decided[1] is not _STOP:
            letters.append(word[0])
            own += 1
    initials = "".join(letters)
    low, high = INITIALS_LETTERS
    return (initials,) if own >= INITIALS_OWN_LETTERS and low <= len(initials) <= high else ()


def _setter(slot: str) -> Callable[[NormalizedName, object], None]:
    setter: Callable[[NormalizedName, object], None] = vars(NormalizedName)[slot].__set__
    return setter


_new = object.__new__
# Slot setters of NormalizedName: building one through them skips the frozen dataclass's
# __init__ (one object.__setattr__ per field, then __post_init__), over half the cost of a
# short ASCII name. normalize_name computes the derived fields itself.
_set_original = _setter("original")
_set_tokens = _setter("tokens")
_set_kinds = _setter("kinds")
_set_legal_forms = _setter("legal_forms")
_set_script = _setter("script")
_set_initials = _setter("initials")
_set_key_tokens = _setter("_key_tokens")
_set_joined = _setter("_joined")
_set_sorted_joined = _setter("_sorted_joined")
_set_glued_joined = _setter("_glued_joined")


# An acronym a name declares in parentheses after the words it abbreviates, "TEHRIK-E
# TALIBAN PAKISTAN (TTP)", "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", says those
# words again: left in, it is a rare word that every other spelling of the name lacks
# ("TEHREEK-E-TALIBAN" / TEHRIK-E TALIBAN PAKISTAN (TTP) 0.77). It is left out when its
# letters are the initials of the words just before it (stop words and legal forms skipped),
# as those words' initials are then the name's candidate key (index.candidates.acronym); an
# acronym with a legal form's letter (KOREA KWANGSON BANKING CORPORATION (KKBC)) stays a word,
# as does a name that is only its acronym.
_DECLARED = re.compile(r"\(([a-z]{2,8})\)")
_WORD_RUN = re.compile(r"[a-z0-9]+")


def _without_declared_acronyms(body: str, abjad: bool) -> str:
    """``body`` without the acronyms in parentheses that spell the words before them (see
    ``_DECLARED``)."""
    special = _special_words(abjad)
    out = body
    for found in reversed(list(_DECLARED.finditer(body))):
        letters = found.group(1)
        before = [w for w in _WORD_RUN.findall(body[:found.start()])
                  if special.get(w, _NOT_NUMBER)[1] is not _STOP]
        forms, _ = find_legal_forms(before)
        before = [w for w, form in zip(before, forms, strict=True) if not form]
        if len(before) >= len(letters) and "".join(
                w[0] for w in before[-len(letters):]) == letters:
            out = out[:found.start()] + " " + out[found.end():]
    return out


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> NormalizedName:
    """Romanise, tokenise and classify a name for matching (see the module docstring).

    Empty, punctuation-only and untransliterable input gives no key tokens, which the matcher
    reports as unscreenable rather than as "no match".
    """
    script = detect_script(text)
    body = text[:MAX_NAME_CHARS]
    if not body.isascii():
        # Kanji alone are read in Mandarin, unless a word only Japanese uses says the name is
        # Japanese (株式会社日立製作所: Hitachi, not "rilizhizuosuo"). Its script stays Han:
        # without kana it transcribes no foreign name, so consonant skeletons would only find
        # more chance likenesses (株式会社森銀行, Mori Bank: "mr bnk", as kana would leave MELLI
        # BANK).
        japanese = script == "Jpan" or (script == "Hani" and has_japanese_word(body))
        if script == "Jpan" and _KATAKANA_LETTER.search(body):
            script = KATAKANA  # a foreign name's sounds: compared by skeletons too
        body = to_ascii(translate_cjk_words(body), japanese=japanese)
    body = body.lower()
    body = without_titles(body)  # (Dipl.-Ing., Dott., B.Sc., MBA: normalize.titles)
    if "." in body:  # (a web address has dots; most names with dots are "Co., Ltd.")
        body = written_out(web_names(body))  # (San., Ind., Bros.: normalize.abbreviations)
    # (the particles and titles of names in Arabic or Hebrew script are their own: vocab)
    abjad = script in ABJAD_SCRIPTS
    if "-" in body and not abjad:
        body = _EZAFE.sub(" ", body)
    if "(" in body:
        body = _without_declared_acronyms(body, abjad)
    words = split_name_words(body, short_letter_groups(), _titles(abjad))
    words = spaced_letters(words)
    cyrillic = script == "Cyrl"
    removed, codes = find_legal_forms(words, cyrillic)
    if codes:  # (no code found means no token removed)
        written = words
        words = [t for t, gone in zip(words, removed, strict=True) if not gone]
        if not words:
            # A company whose one word reads as a title ("MS Ltd", "Dr AG", "Frau GmbH"):
            # the legal form says it is no honorific, so the word is its name.
            written = spaced_letters(split_name_words(body, short_letter_groups(), ()))
            removed, codes = find_legal_forms(written, cyrillic)
            words = [t for t, gone in zip(written, removed, strict=True) if not gone]
            if not words and not names_no_one(written, cyrillic):
                # A name whose every word reads as a legal form, the first one a form only
                # at a name's edge, is named by that first word: "SPC" and "KHK" are OFAC's
                # aliases of SYRIAN PETROLEUM COMPANY and of the PKK, "SAE OOO" of SISTEMY
                # AVTONOMNOI ENERGII, "Sá S.A." a company named Sá; none could be searched
                # or found. ("LLC", "CORP", "Co." say only what kind of company: no name.)
                words = written[:1]
                rest, codes = find_legal_forms(written[1:], cyrillic)
                removed = [False, *rest]
        initials = written_initials(written, removed) if script == "Latn" else ()
    else:
        initials = written_initials(words, ()) if script == "Latn" else ()
    if abjad:
        # (Arabic script writes the article onto its word: "al-dyn", "bdalrhmn")
        if "al-" in body or "bdal" in body:
            words = _al_written_on(words)
    else:
        if "din" in body or "deen" in body:
            words = _ad_din(words)
        if "abd" in body:
            words = _abd_al(words)
        if not codes:  # (a legal form: a company's name)
            words = korean_words(words)
    tokens, kinds = _kinds(words, abjad)
    if kinds and kinds.count(_STOP) == len(kinds):
        # A name of particles alone is a name all the same ("Vân Lê": van, le; "DAS", an
        # Indian surname; "Le Ltd"): its particles are its words, but for the words that are
        # never a name ("The Company LLC", "of the" stay unscreenable).
        never = function_words()
        kinds = tuple(_STOP if token in never else _WORD for token in tokens)
    name = _new(NormalizedName)
    _set_original(name, text)
    _set_tokens(name, tokens)
    _set_kinds(name, kinds)
    _set_legal_forms(name, codes)
    _set_script(name, script)
    _set_initials(name, initials)
    # (most names have no stop word: their key tokens are their tokens)
    _set_key_tokens(name, tokens if _STOP not in kinds else tuple(
        t for t, k in zip(tokens, kinds, strict=True) if k is not _STOP))
    _set_joined(name, "".join(tokens))
    _set_sorted_joined(name, None)
    _set_glued_joined(name, None)
    return name
