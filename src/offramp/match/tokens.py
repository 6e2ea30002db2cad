"""Word-level comparison of two names: which words pair up, and how well.

Names are compared as sets of weighted words rather than as strings, so that a different
distinctive word ("Steel Tubes" / "Steel Wires") costs what that word is worth, and word
order ("MADURO MOROS, Nicolas" / "Nicolas Maduro") costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz.distance import Indel

from offramp.normalize.names import TokenKind
from offramp.normalize.phonetic import generic_words, squeezed, variant_key
from offramp.normalize.vocab import body_words, function_words, given_name_sexes

# Below this a pair of words is "different", not "similar": ratio("tube", "wire") is 0.25,
# ratio("qaida", "qaeda") 0.8, ratio("mohammed", "muhammad") 0.75.
PAIR_MIN = 0.6
# Weights by kind: particles and stop words barely count; initials count a little.
STOP_WEIGHT = 0.15
INITIAL_WEIGHT = 0.35
# An initial against a word it could abbreviate ("J" / "John"; match-5: 0.8 -> 0.7).
INITIAL_SCORE = 0.7


# Names are written with and without a space between their parts ("GHOLAMREZA" / "Ghulam
# Reza", "HADDAD-ADEL" / "HADDADADEL", "AERO-CARIBBEAN" / "AEROCARIBBEAN"): two adjacent words
# on one side pair with the one word they spell together on the other, when that spelling is
# at least this similar (edit similarity; a different first letter counts FIRST_LETTER_FACTOR).
# The first of the two may be a name particle glued on the other side: "ALAMIN" / AL-AMIN,
# "ABUTURAB" / ABU TURAB, "ELKADDAFI" / EL KADDAFI (the particle is a stop word, and the word
# alone, "amin" / "alamin", paired at 0.8). Its first letter is then the spelling's own: a
# variant key leaves a glued article out ("alharamain" -> "haramain", phonetic._fold). Not a
# function word ("Davis and Sons" is no DAVID, Andoson), and only before a word of
# PARTICLE_WORD_MIN letters or more: "Alain" is no AL AIN, the city.
COMPOUND_MIN = 0.85
PARTICLE_WORD_MIN = 4


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned words and their similarity; or, for a compound, two adjacent words on one
    side (``query`` and ``query + 1`` when ``query_next``, likewise ``candidate_next``) and
    the one word they spell on the other."""

    query: int
    candidate: int
    similarity: float
    query_next: bool = False
    candidate_next: bool = False
    # An acronym inside a name ("IRGC GROUND FORCES"): the words after the first that its
    # letters spell on the other side (see ACRONYM_PAIR).
    query_extra: int = 0
    candidate_extra: int = 0

    @property
    def compound(self) -> bool:
        """Whether several words on one side make this pair."""
        return (self.query_next or self.candidate_next or self.query_extra > 0
                or self.candidate_extra > 0)

    @property
    def acronym(self) -> bool:
        """Whether this pair is an acronym and the words it stands for."""
        return self.query_extra > 0 or self.candidate_extra > 0

    @property
    def query_words(self) -> tuple[int, ...]:
        """The query words in this pair."""
        if self.query_extra:
            return tuple(range(self.query, self.query + 1 + self.query_extra))
        return (self.query, self.query + 1) if self.query_next else (self.query,)

    @property
    def candidate_words(self) -> tuple[int, ...]:
        """The candidate words in this pair."""
        if self.candidate_extra:
            return tuple(range(self.candidate, self.candidate + 1 + self.candidate_extra))
        return (self.candidate, self.candidate + 1) if self.candidate_next else (self.candidate,)


def word_similarity(a: str, ka: TokenKind, b: str, kb: TokenKind) -> float:
    """Similarity of two normalised words in [0, 1].

    Numbers must be equal; an initial pairs with a word it abbreviates (0.8) or the same
    initial; other words by normalised Indel similarity (edit distance on characters).
    """
    if a == b:
        return 1.0
    if ka is TokenKind.NUMBER or kb is TokenKind.NUMBER:
        return 0.0
    if ka is TokenKind.INITIAL or kb is TokenKind.INITIAL:
        if ka is TokenKind.INITIAL and kb is TokenKind.INITIAL:
            return 0.0
        return INITIAL_SCORE if a[0] == b[0] else 0.0
    sim = Indel.normalized_similarity(a, b)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if is_abbreviation(short, long):
        sim = max(sim, PREFIX_SCORE)  # an abbreviation: "tech" / "technology", "intl" is not
    if len(a) >= VARIANT_MIN_LENGTH and len(b) >= VARIANT_MIN_LENGTH:
        va, vb = variant_key(a), variant_key(b)
        sim = max(sim, VARIANT_FACTOR * Indel.normalized_similarity(va, vb))
        if va[0] != vb[0]:
            sim *= FIRST_LETTER_FACTOR
    elif a[0] != b[0]:
        sim *= FIRST_LETTER_FACTOR
    return sim


# Romanisations of the same name differ in predictable ways (normalize.phonetic.variant_key
# folds them: Mohammed / Muhammad, Hassan / Hasan, Qaida / Kaida, Bozhkov / Bojkov, Ghasem /
# Qasem); comparing the folded "variant keys" catches them. Short words are exempt, where
# folding makes different names equal.
VARIANT_MIN_LENGTH = 4
# A word of four letters or more that begins a word twice as long is read as its
# abbreviation.
PREFIX_MIN_LENGTH = 4
PREFIX_SCORE = 0.8
VARIANT_FACTOR = 0.92
# A different first sound is rarer between spellings of one name than between two names
# (Hartman / Artman, Martin / Artin).
FIRST_LETTER_FACTOR = 0.85


def is_abbreviation(short: str, long: str) -> bool:
    """``short`` begins ``long`` and is at most half its length: "tech" / "technology" (a
    name that merely begins another, "Song" / "Songjin", is a different name)."""
    return (len(short) >= PREFIX_MIN_LENGTH and 2 * len(short) <= len(long)
            and long.startswith(short))


# Word pairs recur across queries ("mohammed"/"muhammad"): their similarity is kept.
_CACHE: dict[tuple[str, str] | tuple[str, str, TokenKind, TokenKind], float] = {}
_CACHE_LIMIT = 300_000  # about 60 MB


def cached_similarity(a: str, ka: TokenKind, b: str, kb: TokenKind) -> float:
    """:func:`word_similarity`, remembered per pair of words.

    A word's kind mostly follows from its spelling (digits: number), but one letter may be
    an initial or a word's consonant skeleton ("MA LI" compared by skeletons is "m l", two
    words): a pair with such a letter is remembered with its kinds. (Keyed by the words
    alone, "mhmd" / "m" kept an initial's 0.7 from an earlier query, and the explanation of
    a later one disagreed with its compiled score.)
    """
    if a == b:
        return 1.0
    key: tuple[str, str] | tuple[str, str, TokenKind, TokenKind] = (
        (a, b) if len(a) > 1 and len(b) > 1 else (a, b, ka, kb))
    sim = _CACHE.get(key)
    if sim is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        sim = _CACHE[key] = word_similarity(a, ka, b, kb)
    return sim


def compound_similarity(first: str, second: str, word: str, particle: bool = False) -> float:
    """Similarity of two words written together and one word, as :func:`word_similarity`
    compares long words: the better of the spellings' and the variant keys' edit similarity
    (a compound's variant key is its words' keys joined), discounted when the keys' first
    letters differ -- or with ``particle`` (``first`` is a name particle: see COMPOUND_MIN)
    the spellings'. 0 when the lengths alone rule out COMPOUND_MIN."""
    joined = first + second
    keyed = variant_key(first) + variant_key(second)
    key = variant_key(word)
    if (2 * min(len(joined), len(word)) < COMPOUND_MIN * (len(joined) + len(word))
            and 2 * VARIANT_FACTOR * min(len(keyed), len(key))
            < COMPOUND_MIN * (len(keyed) + len(key))):
        return 0.0
    sim = max(Indel.normalized_similarity(joined, word),
              VARIANT_FACTOR * Indel.normalized_similarity(keyed, key))
    if (joined[0] != word[0]) if particle else (keyed[0] != key[0]):
        sim *= FIRST_LETTER_FACTOR
    return sim


def syllabic_similarity(sim: float) -> float:
    """A near miss between words romanised syllable by syllable (Chinese, Japanese, Korean)
    counts its similarity cubed.

    Such words are spelled from a closed set of syllables, so two that differ are different
    characters ("xiang" / "xian", "pyong" / "yong"), not two spellings of one: 0.94 becomes
    0.83, and 0.67 becomes 0.30, below PAIR_MIN, so no pair.
    """
    return sim if sim >= 1.0 else sim * sim * sim


# Across scripts -- a name in Arabic, Hebrew or katakana script against one that is not -- a
# generic word (one the vocabulary tables translate into: army, bank, foundation) pairs with
# another word only when spelt nearly alike. Such a word on the Latin side is a translation,
# which the other side's name writes as a translation too (جيش, jysh -> army) or not at all;
# a given name romanised from Arabic script that happens to spell like it is no sign of it:
# Rami (رامي, ramy) and Arij (aryj) against army (0.64, 0.75), Banan (بنان, bnan) against
# bank (0.75). Within one script such words vary in form between spellings of one name
# (POUYA AIRLINES / POUYA AIR, SOVFRACHT MANAGEMENT / MANAGING COMPANY), so the rule is
# not applied there (docs/matching.md, Known limits).
GENERIC_ACROSS_MIN = 0.8


@cache
def generic_spellings() -> frozenset[str]:
    """The generic words (``phonetic.generic_words``) and, as consonant skeletons leave
    them, squeezed (a doubled letter written once: "committee" -> "comite")."""
    words = generic_words()
    return words | frozenset(squeezed(w) for w in words)


@cache
def body_spellings() -> frozenset[str]:
    """The generic words that say what kind of body an organisation is, or its character,
    rather than its trade (``vocab.body_words``: foundation, society, group, charitable)."""
    return body_words() & generic_words()


# A word's flags for the compiled scorer (``packed``, ``kernels``): a generic word, and a
# generic word that names a kind of body (``body_spellings``); a man's and a woman's given
# name (``opposite_sexes``); a function word, never glued onto a word (``_particle``).
GENERIC_FLAG = 1
BODY_FLAG = 2
MASCULINE_FLAG = 4
FEMININE_FLAG = 8
FUNCTION_FLAG = 16


def generic_flag(word: str) -> int:
    """GENERIC_FLAG and BODY_FLAG of ``word``, or'ed (0 for a word that is neither)."""
    if word not in generic_spellings():
        return 0
    return GENERIC_FLAG | (BODY_FLAG if word in body_spellings() else 0)


def word_flags(word: str) -> int:
    """All of ``word``'s flags for the compiled scorer: :func:`generic_flag`'s,
    MASCULINE_FLAG or FEMININE_FLAG for a given name of ``vocab.given_name_sexes``, and
    FUNCTION_FLAG for a word of ``vocab.function_words``."""
    sex = given_name_sexes().get(word)
    return (generic_flag(word) | (0 if sex is None else
                                  MASCULINE_FLAG if sex == "m" else FEMININE_FLAG)
            | (FUNCTION_FLAG if word in function_words() else 0))


# A man's given name and a woman's are two names, however alike they are spelt: Juana is not
# Juan, nor Luisa Luis, Fernanda Fernando or Francisca Francisco; and where an unrelated
# name of the other sex spells close enough to pair (Lisa / Luis 0.75, Amanda / Armando
# 0.77, Frances / Frank 0.77), it is no spelling of it either. So such words never pair
# (match-24): the innocents "Rafaela Castro" (CARO QUINTERO, Rafael) and "Juan Payne" (PAYAN
# MERAZ, Juana) alerted at 0.81 and 0.78. The table leaves out names given to both sexes
# (Andrea, Jean, Nikita); Russian women's names that are also a man's name's genitive
# (Aleksandra, Yevgeniya, Valentina: "imeni Aleksandra", named after Aleksandr, and an alias
# may write a person so, MELNIKOVA, Andreya Gennadevicha); and Arabic ones, whose kunya
# names a child (ABU AZIZAH is the father of Azizah, and an alias writes him ABU AZIZ).
def opposite_sexes(a: str, b: str) -> bool:
    """Whether one word is a man's given name and the other a woman's
    (``vocab.given_name_sexes``)."""
    sexes = given_name_sexes()
    first = sexes.get(a)
    return first is not None and (second := sexes.get(b)) is not None and first != second


def align(q_tokens: tuple[str, ...], q_kinds: tuple[TokenKind, ...],
          c_tokens: tuple[str, ...], c_kinds: tuple[TokenKind, ...],
          syllabic: bool = False, acronyms: bool = True, across: bool = False) -> list[Pair]:
    """Pair words one-to-one, best pairs first (greedy maximum alignment); ties go to the
    later words; then two words with the one they spell together (:func:`_compounds`), and
    when ``acronyms`` an acronym with the words it stands for (:func:`_acronym_pairs`).
    ``syllabic``: the query was written in a syllabic script (see
    :func:`syllabic_similarity`). ``across``: the names are in different kinds of script
    (see ``GENERIC_ACROSS_MIN``). A man's given name never pairs with a woman's
    (:func:`opposite_sexes`).

    Greedy is exact enough here: names have few words, and the best pair for a word is
    almost always its counterpart.
    """
    scored = []
    generic = generic_spellings()
    for i, a in enumerate(q_tokens):
        for j, b in enumerate(c_tokens):
            sim = cached_similarity(a, q_kinds[i], b, c_kinds[j])
            if across and sim < GENERIC_ACROSS_MIN and (a in generic or b in generic):
                sim = 0.0
            if sim < 1.0 and opposite_sexes(a, b):
                sim = 0.0
            if syllabic:
                sim = syllabic_similarity(sim)
            if sim >= PAIR_MIN:
                scored.append((sim, i, j))
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for sim, i, j in scored:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append(Pair(i, j, sim))
    if syllabic:  # syllables are written together or apart at will: the joined rule's job
        return pairs
    pairs = _compounds(pairs, q_tokens, q_kinds, c_tokens, c_kinds)
    if not acronyms:
        return pairs
    return _acronym_pairs(pairs, q_tokens, q_kinds, c_tokens, c_kinds)


# An acronym inside a longer name stands for words of the other name: "IRGC GROUND FORCES" /
# "ISLAMIC REVOLUTIONARY GUARD CORPS GROUND FORCE", "JSC CB NORTH CREDIT" / "... COMMERCIAL
# BANK NORTH CREDIT", "CONTINUITY IRA". An unpaired word of ACRONYM_PAIR_LETTERS letters on
# one side pairs, at ACRONYM_PAIR, with unpaired adjacent words on the other whose initials
# it spells (stop words between them skipped, "PFLP" / "popular front for the liberation of
# palestine"). Only inside a name of several key words: a name that is one acronym is the
# name-level acronym rule's (features._acronym), which scores three letters lower. Not for
# persons, whose initials are single letters ("Ilya Pavlovich" is no "IP").
ACRONYM_PAIR = 0.9
ACRONYM_PAIR_LETTERS = (2, 6)


def _acronym_pairs(pairs: list[Pair], q_tokens: tuple[str, ...],
                   q_kinds: tuple[TokenKind, ...], c_tokens: tuple[str, ...],
                   c_kinds: tuple[TokenKind, ...]) -> list[Pair]:
    """Add the acronym pairs (see ACRONYM_PAIR): query words first, left to right, each
    against the leftmost run of the candidate's it spells; then the candidate's words."""
    used_q = {i for p in pairs for i in p.query_words}
    used_c = {j for p in pairs for j in p.candidate_words}
    for side in (0, 1):
        s_tokens, s_kinds, used_s = (q_tokens, q_kinds, used_q) if side == 0 else (
            c_tokens, c_kinds, used_c)
        l_tokens, l_kinds, used_l = (c_tokens, c_kinds, used_c) if side == 0 else (
            q_tokens, q_kinds, used_q)
        if sum(k is not TokenKind.STOP for k in s_kinds) < 2:
            continue
        for a, token in enumerate(s_tokens):
            if (a in used_s or s_kinds[a] is not TokenKind.WORD
                    or not ACRONYM_PAIR_LETTERS[0] <= len(token) <= ACRONYM_PAIR_LETTERS[1]):
                continue
            end = _spelled_run(token, l_tokens, l_kinds, used_l)
            if end is None:
                continue
            b, e = end
            used_s.add(a)
            used_l.update(range(b, e + 1))
            pairs.append(Pair(a, b, ACRONYM_PAIR, candidate_extra=e - b) if side == 0
                         else Pair(b, a, ACRONYM_PAIR, query_extra=e - b))
    return pairs


def _spelled_run(token: str, tokens: tuple[str, ...], kinds: tuple[TokenKind, ...],
                 used: set[int]) -> tuple[int, int] | None:
    """The leftmost run ``tokens[b..e]`` of unpaired words whose initials are ``token``
    (stop words inside the run skipped, none at its ends), as (b, e); None if none."""
    n = len(tokens)
    for b in range(n):
        if b in used or kinds[b] is TokenKind.STOP or tokens[b][0] != token[0]:
            continue
        got = 0
        x = b
        while x < n and got < len(token):
            if x in used:
                break
            if kinds[x] is not TokenKind.STOP:
                if kinds[x] is not TokenKind.WORD or tokens[x][0] != token[got]:
                    break
                got += 1
            x += 1
        if got == len(token):
            return b, x - 1
    return None


def _particle(tokens: tuple[str, ...], kinds: tuple[TokenKind, ...], at: int) -> bool:
    """Whether ``tokens[at]`` is a name particle that may be glued onto the word after it in
    a compound (see COMPOUND_MIN): a stop word, no function word, before a word of
    PARTICLE_WORD_MIN letters or more."""
    return (kinds[at] is TokenKind.STOP and len(tokens[at + 1]) >= PARTICLE_WORD_MIN
            and tokens[at] not in function_words())


def _compounds(pairs: list[Pair], q_tokens: tuple[str, ...], q_kinds: tuple[TokenKind, ...],
               c_tokens: tuple[str, ...], c_kinds: tuple[TokenKind, ...]) -> list[Pair]:
    """Replace one-to-one pairs by compounds (see COMPOUND_MIN) where a compound is more
    similar than every pair it would displace, best compound first.

    A compound may only take words that are unpaired or paired among themselves
    ("ghulam"~"gholamreza" gives way to "ghulam"+"reza"~"gholamreza"). Kept pairs stay in
    order; compounds follow in the order they were made.
    """
    word = TokenKind.WORD
    options: list[tuple[float, int, int, int]] = []  # (similarity, side, query, candidate)
    for a in range(len(q_tokens) - 1):
        particle = _particle(q_tokens, q_kinds, a)
        if (q_kinds[a] is word or particle) and q_kinds[a + 1] is word:
            for b, token in enumerate(c_tokens):
                if c_kinds[b] is word:
                    sim = compound_similarity(q_tokens[a], q_tokens[a + 1], token, particle)
                    if sim >= COMPOUND_MIN:
                        options.append((sim, 0, a, b))
    for b in range(len(c_tokens) - 1):
        particle = _particle(c_tokens, c_kinds, b)
        if (c_kinds[b] is word or particle) and c_kinds[b + 1] is word:
            for a, token in enumerate(q_tokens):
                if q_kinds[a] is word:
                    sim = compound_similarity(c_tokens[b], c_tokens[b + 1], token, particle)
                    if sim >= COMPOUND_MIN:
                        options.append((sim, 1, a, b))
    if not options:
        return pairs
    options.sort(reverse=True)
    for sim, side, a, b in options:
        made = Pair(a, b, sim, query_next=side == 0, candidate_next=side == 1)
        q_words, c_words = set(made.query_words), set(made.candidate_words)
        touched = [p for p in pairs if q_words & set(p.query_words)
                   or c_words & set(p.candidate_words)]
        if all(not p.compound and p.query in q_words and p.candidate in c_words
               and p.similarity < sim for p in touched):
            pairs = [p for p in pairs if p not in touched] + [made]
    return pairs
