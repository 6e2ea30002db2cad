"""The matching features. Each compares one aspect of a query and a list entry.

Every feature returns ``(value, detail)`` -- value in [-1, 1], detail a sentence for the
user -- or None when it has nothing to say (no date of birth on either side, say). The
first line of each docstring is the feature's description in explanations.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from rapidfuzz.distance import Indel

from offramp.match.query import PreparedName, Query
from offramp.match.tokens import (
    Pair,
    align,
    body_spellings,
    generic_spellings,
    syllabic_similarity,
)
from offramp.model import DateValue, Entity, NameKind, Schema
from offramp.normalize.legal_forms import legal_forms_compatible
from offramp.normalize.names import NormalizedName, TokenKind
from offramp.normalize.phonetic import (
    HANGUL,
    SKELETON_SCRIPTS,
    reading_of,
    skeleton_reader,
    squeezed,
)
from offramp.normalize.vocab import place_words

Result = tuple[float, str] | None

# Share of the better-covered side in the name score. Persons lean on it more: a list
# entry's middle names missing from the query ("Nicolas Maduro" for "MADURO MOROS,
# Nicolas") are normal, while a company with extra words is often another company.
# offramp-match-5 tuned SINGLE_ALPHA (0.4 -> 0.35), with the other constants marked
# "match-5" below, one at a time on bench/match_quality.py's workload
# (as bench/match_sweep.py varies them), keeping every test-case table passing; on a second
# sample of 5,000 innocents that the tuning never saw, false alerts at 0.78 went from 0.66%
# to 0.56%.
PERSON_ALPHA = 0.6
ORG_ALPHA = 0.5
SINGLE_ALPHA = 0.35
PERSON_EXTRA_NAME = 0.4
# Comparing names with their spaces removed catches "Al Qaida"/"Alqaida" and pinyin written
# with or without syllable breaks; slightly discounted since it ignores word weights.
JOINED_DISCOUNT = 0.95
# A word weighing less than this (found in many list names: "group", "trading", "bank")
# does not identify a party on its own.
TELLING_WEIGHT = 0.5
JOINED_MIN = 0.9
# Between consonant skeletons, the same letters spaced differently are a little less than the
# same words: the vowels that told the words apart are gone (ノバテク, "nbtk", is OAO NOVATEK's
# word "nbtk", and only spelled so by NOVO-VYATKA, "nb" + "btk"), so a word-for-word match
# ranks first where both would score alike (match-17).
SQUEEZED_IDENTICAL = 0.99
# Two or more telling words spelled exactly alike are strong evidence of one organisation
# even when each side has words the other lacks (a former name, an added descriptor: "KOREA
# HYOKSIN EXPORT AND IMPORT CORPORATION" / "KOREA HYOKSIN TRADING CORPORATION"); generic
# words ("digital technology") do not count. The score then closes up to SHARED_BONUS of its
# distance to 1, in proportion to the weight of the shared words (full at SHARED_FULL: two
# rare words). Not for persons: a first name and one surname in
# common ("William Ramirez" / "RAMIREZ VALENCIANO, William") is just how innocent namesakes
# look. Chosen with bench/match_quality.py: alias recall rises with false alerts held
# (match-5: 0.6 -> 0.7).
SHARED_BONUS = 0.7
SHARED_FULL = 2.0
SHARED_MIN_WORDS = 2
# The lift is full, whatever the shared words weigh, when the list name is written whole in
# the query and the query adds only generic words ("NAFTAN PRODUCTION ASSOCIATION" / NAFTAN
# OAO, "TALIBAN ISLAMIC MOVEMENT" / TALIBAN): every key word of the list name pairs exactly,
# and a shared telling word that is no generic word has RARE_MIN_LETTERS letters or more (a
# list name of generic words alone, "TRADING SERVICES", names no party of its own). Not for
# persons, vessels and aircraft, nor between skeletons; nor when the list name is a short
# form of its entity (``PreparedName.extended``): the catalogue's "Dahua" beside its "Dahua
# Technology" is a brand, and "Dahua Electronics Corporation", a Denied Person in New York,
# another company (match-18). Only generic words: were any word allowed (SYRIATEL MOBILE TELECOM /
# SYRIATEL), a list company named with one given name or surname (DENISE COMPANY, DRAKE)
# would meet every person and company that has it. The lift is full too when each name has
# words of its own and all of them say what kind of body it is, or its character, not its
# trade (``tokens.body_spellings``: AL-SALAH ORGANIZATION / AL-SALAH SOCIETY, AMAN GROUP /
# AMAN HOLDING COMPANY), while a trade word keeps two companies apart ("Steel Tubes"
# / "Steel Wires", MILENYUM SHIPPING / MILENYUM ENERGY); and not for a query without a word
# of its own ("(주) 고려", Koryo Ltd, / KORYO BANK).

# One shared word is enough when it is rare enough to name one party (a word found in a
# handful of list names), long enough not to be a chance spelling, and one side has no other
# telling word left over: "PEYKASA" / "PEYKASA MESSAGE-WARE CO.", but not "Steel Tubes" /
# "Steel Wires". Not for vessels and aircraft, whose names are often given names.
RARE_WEIGHT = 0.85
RARE_MIN_LETTERS = 4
# A country or region word on one side only ("Hikvision UK Ltd" / HIKVISION, "Dahua Europe
# B.V." / Dahua, "REYCO GMBH GERMANY" / REYCO GMBH.) says where a company trades, not which
# company it is: unpaired, it weighs at most this much, a word found in nearly every name
# (``normalize/data/place_words.csv``). A place that both names give stays full evidence,
# paired ("PALESTINIAN LEAGUE IN AUSTRIA" / "PALESTINIAN ASSOCIATION IN AUSTRIA") or not
# ("MUJAHIDIN INDONESIA BARAT" / "MUJAHIDIN INDONESIA TIMUR", "Hikvision UK" / "Hikvision
# Europe": each side then keeps its place's full weight). Organisations only: Asia, India,
# Kenya and America are also given names (match-9).
PLACE_WEIGHT = 0.25
# A name whose one word pair is a near miss counts the pair's doubt twice (its similarity
# multiplies the score): two short words a letter apart are often two names ("Melo" /
# "MELON"). A long word a letter or two from another is more often the same word spelt
# another way ("TRANSSERVIS" / TRANSSERVICE, "OBORONLOGISTIKA" / OBORONLOGISTICS): from
# DOUBT_LETTERS[0] letters the second count weakens, to half at DOUBT_LETTERS[1] and beyond
# (the similarity's exponent goes from 1 to 0.5).
DOUBT_LETTERS = (8, 12)


# An organisation's words of one length differing in more than one letter and in more than
# this share of their letters, place by place, are two names, not one spelt two ways, when a
# common word is all the rest of the evidence (see _name_similarity): "Bilgin Industries" /
# BERLIN INDUSTRIES (three of six), but AMNOKKANG / AMROGGANG DEVELOPMENT BANK (three of
# nine) and BAEKSUL / PAEKSOL TRADING (two of seven) are Korean romanised two ways, and two
# neighbours typed the other way round are one slip ("EL IVEJO LUIS"). Not for persons:
# ZOEITER / ZEAITER, Ali and DEIF / AL-DAYF, Muhammad are one surname (match-21).
SWAPPED_SHARE = 1 / 3


def _swapped_letters(a: NormalizedName, b: NormalizedName, pair: Pair) -> int:
    """In how many places a pair's two words (of one length) differ, two neighbours written
    the other way round counting as one (a typing slip: "EL IVEJO LUIS" / EL VIEJO LUIS);
    0 for a compound, whose words' lengths decide alone."""
    if len(pair.query_words) != 1 or len(pair.candidate_words) != 1:
        return 0
    x, y = a.tokens[pair.query], b.tokens[pair.candidate]
    count = at = 0
    while at < len(x):
        if x[at] != y[at]:
            count += 1
            if at + 1 < len(x) and x[at] == y[at + 1] and x[at + 1] == y[at]:
                at += 1  # (the pair of neighbours is one slip)
        at += 1
    return count


def doubt_exponent(letters: int) -> float:
    """The exponent of a single near miss's similarity for a word of ``letters`` letters
    (the longer side's; see DOUBT_LETTERS)."""
    low, high = DOUBT_LETTERS
    if letters <= low:
        return 1.0
    return max(0.5, 1.0 - 0.5 * (letters - low) / (high - low))


# Chinese, Japanese and Korean are romanised syllable by syllable; see
# match.tokens.syllabic_similarity.
SYLLABIC_SCRIPTS = frozenset({"Hani", "Hang", "Hira", "Kana", "Jpan"})


def _coverage(weights: tuple[float, ...], matched: dict[int, float], lenient: bool,
              surname: tuple[bool, ...], places: tuple[bool, ...] = ()) -> float:
    """Weighted share of a name's words that paired.

    When ``lenient`` (a person, two names agreeing) an unpaired extra name counts
    ``PERSON_EXTRA_NAME`` of its weight; an unpaired word flagged in ``places`` (a place
    only this side gives) at most ``PLACE_WEIGHT``.
    """
    # A second surname often goes unrecorded too (MADURO MOROS / Maduro), but not the only
    # one: with no surname word paired, the family name is simply different.
    surname_paired = not surname or any(surname[i] for i in matched)
    got = total = 0.0
    for i, weight in enumerate(weights):
        sim = matched.get(i)
        if sim is not None:
            got += weight * sim
            total += weight
        elif places and places[i]:
            total += min(weight, PLACE_WEIGHT)
        elif lenient and (surname_paired or not surname[i]):
            total += PERSON_EXTRA_NAME * weight
        else:
            total += weight
    return got / total if total > 0 else 0.0


def _unmatched(name: NormalizedName, used: set[int]) -> list[str]:
    return [t for i, (t, k) in enumerate(zip(name.tokens, name.kinds, strict=True))
            if i not in used and k is not TokenKind.STOP]


# Arabic and Hebrew are written without short vowels, so their romanisation is a consonant
# skeleton ("mhmd"); a Latin spelling meets it only with its vowels taken out too
# (normalize.phonetic.skeleton_word). Japanese kana add vowels to a foreign name instead
# ("kasuperusukii", Kaspersky), which the skeletons drop the same way (match-8). Equal
# skeletons are weaker evidence than equal spellings (Omar and Amir share one; match-5: 0.9 ->
# 0.85; match-7: 0.835, once candidate selection found names by their skeletons and so handed
# the scorer many more skeleton twins: on bench/script_recall.py 0.82 alerted 1.9 points
# fewer Arabic names for the same false alerts, and 0.85 let false alerts on the alias
# bench's innocents pass 0.5%).
SKELETON_DISCOUNT = 0.835
SKELETON_ONE_WORD = 0.75
# Skeletons of few consonants in all say as little as one word's: Hebrew writes Leah Cohen
# (לאה כהן) "l khn", as Latin KHAN, Ali is; "m l" is Maya Levi (מאיה לוי) and MA LI. A name
# whose key words' skeletons have fewer letters than this between them is discounted as one
# word is (SKELETON_ONE_WORD).
SKELETON_MIN_LETTERS = 5
# ... and so do skeletons whose words other than generic ones have fewer letters than this:
# a generic word beside a skeleton of one or two letters is no name. KOO TECHNOLOGY (Korean
# 코어기술, "koo technology") is "k technology", as KAIKAI TECHNOLOGY is; Taol Electronics
# (다올전자) "tr electronics", as TELLUR ELEKTRONIKS: once Hangul was compared by skeletons,
# both alerted at 0.835 without this rule, two of 2,000 Faker ko_KR names (match-14 alerted
# so on ファーウェイ・テクノロジーズ, "p technology", for HUAWEI TECHNOLOGIES: the catalogue's
# katakana name for Huawei finds it now). BANK MELLAT (בנק מלת, "bank mlt") has three.
SKELETON_MIN_DISTINCT = 3
# A name in Hangul needs five: a Korean company's name is a Korean word and a business word
# (마루엔지니어링, Maru Engineering; 네오코리아그룹, Neo Korea Group), and a Korean word read
# with the Korean folds (phonetic.korean_skeleton: voiced and voiceless as one, l as r) meets
# a Latin name's consonants by chance: "mr engineering" is MI'MAR ENGINEERING COMPANY, "nkr
# group" OOO ENKOR GRUPP. A foreign name written in Hangul that should alert has more.
SKELETON_MIN_DISTINCT_HANGUL = 5


def skeleton_min_distinct(reading: str) -> int:
    """SKELETON_MIN_DISTINCT for a query whose script has this skeleton ``reading``
    (``phonetic.reading_of``): SKELETON_MIN_DISTINCT_HANGUL for Hangul."""
    return SKELETON_MIN_DISTINCT_HANGUL if reading == HANGUL else SKELETON_MIN_DISTINCT


# Which tokens a skeleton reduces: words and particles, not numbers or initials. Arabic
# writes its particles without short vowels like every other word (بن: bn, ال: l), so a Latin
# "bin" or "al" left whole only half-paired with them ("bn~bin 0.80"), and an article written
# onto its word ("عبدالخالق": bdlkhlq) never spelled the same as the Latin written apart
# ("ABD AL-KHALIQ": bd al khlq). match-7: +3.2 points of alerted recall for the Arabic names
# of bench/script_recall.py, no false alert more on either bench.
SKELETON_KINDS = frozenset({TokenKind.WORD, TokenKind.STOP})


@lru_cache(maxsize=65536)
def skeleton(name: NormalizedName, reading: str = "") -> NormalizedName:
    """The name with every word and particle (not numbers or initials) reduced to its
    consonant skeleton, as Arabic and Hebrew are romanised (``SKELETON_KINDS``); with a
    ``reading`` ("Kana", "Hang" or "Thai"), the skeleton katakana, Hangul or Thai would leave
    (``phonetic.skeleton_reader``)."""
    reduce = skeleton_reader(reading)
    tokens = tuple(reduce(token) if kind in SKELETON_KINDS else token
                   for token, kind in zip(name.tokens, name.kinds, strict=True))
    return NormalizedName(name.original, tokens, name.kinds, name.legal_forms, name.script)


def _letters(name: NormalizedName) -> tuple[int, int, int]:
    """(key words, their letters, the letters of those that are no generic word) of a
    skeleton: SKELETON_MIN_LETTERS, SKELETON_MIN_DISTINCT (``tokens.generic_spellings``)."""
    generic = generic_spellings()
    keys = [token for token, kind in zip(name.tokens, name.kinds, strict=True)
            if kind is not TokenKind.STOP]
    return (len(keys), sum(map(len, keys)),
            sum(len(token) for token in keys if token not in generic))


def places_of(tokens: tuple[str, ...]) -> tuple[bool, ...]:
    """Per token: a country, region or country-code word (``normalize.vocab.place_words``;
    each is one WORD token, ``tests/normalize/test_data_tables.py``)."""
    places = place_words()
    return tuple(token in places for token in tokens)


def place_flags(name: NormalizedName, paired: dict[int, float] | set[int]) -> tuple[bool, ...]:
    """Per token: a place word left unpaired."""
    return tuple(place and i not in paired for i, place in enumerate(places_of(name.tokens)))


def _craft(q: Query, entity: Entity) -> bool:
    """Whether a vessel or an aircraft is compared (their names are often places and given
    names)."""
    return Schema.VESSEL in (entity.schema, q.schema) or Schema.AIRCRAFT in (entity.schema,
                                                                           q.schema)


def _leftover(name: NormalizedName, weights: tuple[float, ...], paired: set[int]) -> bool:
    """Whether a telling word of ``name`` is left unpaired."""
    return any(i not in paired and kind is not TokenKind.STOP and weights[i] >= TELLING_WEIGHT
               for i, kind in enumerate(name.kinds))


def _rare_word_counts(q: Query, c: PreparedName, entity: Entity, pairs: list[Pair]) -> bool:
    """Whether one rare shared word may lift the score (see RARE_WEIGHT): not for vessels or
    aircraft, and only when one side's telling words all paired."""
    if _craft(q, entity):
        return False
    return (not _leftover(q.name, q.weights, {i for p in pairs for i in p.query_words})
            or not _leftover(c.name, c.weights, {j for p in pairs for j in p.candidate_words}))


def _whole_with_generic(q: Query, c: PreparedName, pairs: list[Pair]) -> bool:
    """Whether the two names have the same telling words and differ only in generic ones, in
    one of two ways (see SHARED_BONUS): the list name is written whole in the query, which
    adds only generic words; or each adds words of its own, all of them words that name a
    kind of body or its character (``tokens.body_spellings``: AL-SALAH ORGANIZATION / AL-SALAH
    SOCIETY). The words the names share are spelled exactly alike, one to one, and among them
    is a telling word that is no generic word, of RARE_MIN_LETTERS letters or more."""
    q_kinds, c_kinds = q.name.kinds, c.name.kinds
    generic = generic_spellings()
    exact_q: set[int] = set()
    exact_c: set[int] = set()
    core = False
    for p in pairs:
        if (p.similarity == 1.0 and not p.compound and q_kinds[p.query] is not TokenKind.STOP
                and c_kinds[p.candidate] is not TokenKind.STOP):
            exact_q.add(p.query)
            exact_c.add(p.candidate)
            token = q.name.tokens[p.query]
            # ("TRADING SERVICES" written whole in "Trading Services Group" names no one)
            core = core or (q_kinds[p.query] is TokenKind.WORD and token not in generic
                            and len(token) >= RARE_MIN_LETTERS
                            and min(q.weights[p.query], c.weights[p.candidate])
                            >= TELLING_WEIGHT)
    if not core:
        return False
    q_left = [(token, kind) for i, (token, kind) in enumerate(zip(q.name.tokens, q_kinds,
                                                                   strict=True))
              if kind is not TokenKind.STOP and i not in exact_q]
    c_left = [(token, kind) for j, (token, kind) in enumerate(zip(c.name.tokens, c_kinds,
                                                                   strict=True))
              if kind is not TokenKind.STOP and j not in exact_c]
    if not c_left:
        return all(kind is TokenKind.WORD and token in generic for token, kind in q_left)
    body = body_spellings()
    return bool(q_left) and all(kind is TokenKind.WORD and token in body
                                for token, kind in q_left + c_left)


def _one_side_left(q: Query, c: PreparedName, pairs: list[Pair]) -> bool:
    """Whether one name, and only one, has a word other than a stop word left unpaired.

    Names of as many words are compared without spaces too then: "ALOTAIBI, Mohammed I."
    paired alotaibi with AL-OTAIBI's otaibi (0.73), its initial alone, and scored 0.47;
    spelled without spaces it is 0.86 (match-23). Not when both names keep a word of their
    own: two different words in otherwise equal long names ("AL ATTA ISLAMIC BANK ..." /
    "AL-BILAD ISLAMIC BANK ...") differ by a few letters of many when the spaces go; nor
    between consonant skeletons, where "سفير عتيبة" glued to SPARTA IV's letters."""
    q_left = _unmatched(q.name, {i for p in pairs for i in p.query_words})
    c_left = _unmatched(c.name, {j for p in pairs for j in p.candidate_words})
    return bool(q_left) != bool(c_left)


def _words_align(q: Query, c: PreparedName, pairs: list[Pair]) -> bool:
    """Whether every key word of one of the names is a generic word paired with a word of the
    other spelled exactly alike, one to one (as ``_whole_with_generic`` counts them). The
    names then differ by whole words, the other's telling ones, which the word pairs weigh:
    compared without spaces, "Insurance Group" was 0.86 on STRAKHOVAYA GRUPPA MSK
    (INSURANCE GROUP MSK), whose telling word MSK is three letters of seventeen (match-22).
    A telling word of its own keeps the comparison: NPK URALVAGONZAVOD / URALVAGONZAVOD
    0.86."""
    q_kinds, c_kinds = q.name.kinds, c.name.kinds
    generic = generic_spellings()
    exact = 0
    for p in pairs:
        if (p.similarity == 1.0 and not p.compound and q_kinds[p.query] is not TokenKind.STOP
                and c_kinds[p.candidate] is not TokenKind.STOP):
            if q_kinds[p.query] is not TokenKind.WORD or q.name.tokens[p.query] not in generic:
                return False
            exact += 1
    return exact in (sum(k is not TokenKind.STOP for k in q_kinds),
                     sum(k is not TokenKind.STOP for k in c_kinds))


def name_similarity(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Name: weighted share of words that pair up, order ignored."""
    if (q.name.script in SKELETON_SCRIPTS) != (c.name.script in SKELETON_SCRIPTS):
        plain = _name_similarity(q, c, entity, explain)
        if plain is not None and plain[0] >= SKELETON_DISCOUNT:
            return plain  # a skeleton match could not beat it
        # (a query in katakana or Hangul compares skeletons as that script would leave them;
        # a Latin query against a list name in them, plain skeletons: the compiled scorer
        # keeps one kind of skeleton per query)
        reading = reading_of(q.name.script)
        bare_q = replace(q, name=skeleton(q.name, reading))
        bare_c = replace(c, name=skeleton(c.name, reading))
        # (no acronyms among skeletons: a skeleton's first letter is not the word's)
        # (not syllable by syllable: a skeleton's near misses are a foreign name's sounds)
        bare = _name_similarity(bare_q, bare_c, entity, explain, acronyms=False,
                                squeeze=True, syllabic=False, places=False)
        # One word's skeleton ("ln" for both Alyan and Elyana) says little on its own, nor
        # do few letters (SKELETON_MIN_LETTERS, SKELETON_MIN_DISTINCT).
        q_keys, q_letters, q_distinct = _letters(bare_q.name)
        c_keys, c_letters, c_distinct = _letters(bare_c.name)
        discount = SKELETON_DISCOUNT if (
            min(q_keys, c_keys) >= 2 and min(q_letters, c_letters) >= SKELETON_MIN_LETTERS
            and min(q_distinct, c_distinct) >= skeleton_min_distinct(reading)) else (
            SKELETON_ONE_WORD)
        if bare is not None and plain is not None and discount * bare[0] > plain[0]:
            return discount * bare[0], f"consonants only: {bare[1]}"
        return plain
    return _name_similarity(q, c, entity, explain)


def _name_similarity(q: Query, c: PreparedName, entity: Entity, explain: bool,
                     acronyms: bool = True, squeeze: bool = False,
                     syllabic: bool | None = None, places: bool = True) -> Result:
    person = entity.schema is Schema.PERSON or q.schema is Schema.PERSON
    if syllabic is None:
        syllabic = q.name.script in SYLLABIC_SCRIPTS
    across = (q.name.script in SKELETON_SCRIPTS) != (c.name.script in SKELETON_SCRIPTS)
    # No acronyms across scripts either (match-22): a word romanised from Arabic script is
    # a skeleton, whose first letter need not be the word's, and the initials of a Persian
    # or Arabic name met Latin acronyms by chance ("الأستاذ فاتح طه", astadh fath th: AF
    # TELECOM HOLDING, 0.88; "سرمايه گذاري توسعه ملي": SG-DEVELOPMENT, 0.80).
    acronyms = acronyms and not across
    pairs = align(q.name.tokens, q.name.kinds, c.name.tokens, c.name.kinds, syllabic,
                  acronyms=acronyms and not person, across=across)
    q_kinds = q.name.kinds
    # (a compound whose first word is a particle, "al"+"amin" / "alamin", is a word's pair)
    word_pairs = [p for p in pairs
                  if q_kinds[p.query] is not TokenKind.STOP or len(p.query_words) > 1]
    several = len(word_pairs) >= 2
    # A person's extra names (middle names, a second surname) often go unrecorded, so they
    # count less -- but only once two names agree: one shared first name proves nothing.
    lenient = person and several
    q_matched = {i: p.similarity for p in pairs for i in p.query_words}
    c_matched = {j: p.similarity for p in pairs for j in p.candidate_words}
    # A place only one side gives counts little (PLACE_WEIGHT); not between skeletons, whose
    # words no longer spell a place.
    q_places: tuple[bool, ...] = ()
    c_places: tuple[bool, ...] = ()
    if places and not person and not _craft(q, entity):
        q_open = place_flags(q.name, q_matched)
        c_open = place_flags(c.name, c_matched)
        if not any(c_open):
            q_places = q_open
        if not any(q_open):
            c_places = c_open
    cov_q = _coverage(q.weights, q_matched, lenient, q.surname, q_places)
    cov_c = _coverage(c.weights, c_matched, lenient, c.surname, c_places)
    # One shared word out of several ("Garcia" / "GARCIA, Freddy") proves little: then the
    # less-covered side decides more.
    alpha = (PERSON_ALPHA if person else ORG_ALPHA) if several else SINGLE_ALPHA
    score = alpha * max(cov_q, cov_c) + (1 - alpha) * min(cov_q, cov_c)
    if len(word_pairs) == 1 and word_pairs[0].similarity < 1.0:
        # All the evidence is one word spelled differently ("Melo" / "MELON"): a single
        # near-miss is often a different name, so its doubt counts twice -- less for a long
        # word (see DOUBT_LETTERS).
        single = word_pairs[0]
        score *= single.similarity ** doubt_exponent(max(
            sum(len(q.name.tokens[i]) for i in single.query_words),
            sum(len(c.name.tokens[j]) for j in single.candidate_words)))
    else:
        # The same when the other pairs are only common words ("Ellis Group" / "ELLISSA
        # GROUP"): "group" agreeing says nothing about which group. Only for words of
        # different lengths, though, or for an organisation's with many letters swapped
        # (SWAPPED_SHARE): a letter swapped in a word of the same length is how
        # transliterations differ (Habana / Havana, Qaida / Qaeda). A long word's doubt
        # counts less, as for a single pair.
        telling = [p for p in word_pairs if q.weights[p.query] >= TELLING_WEIGHT]
        if len(telling) == 1 and telling[0].similarity < 1.0:
            q_letters = sum(len(q.name.tokens[i]) for i in telling[0].query_words)
            c_letters = sum(len(c.name.tokens[j]) for j in telling[0].candidate_words)
            if q_letters != c_letters or (not person and _swapped_letters(
                    q.name, c.name, telling[0]) > max(1.0, SWAPPED_SHARE * q_letters)):
                score *= telling[0].similarity ** doubt_exponent(max(q_letters, c_letters))
    shared = 0.0
    n_shared = 0
    longest = 0
    for p in word_pairs:  # (a loop, not sum(): the compiled scorer adds in this order)
        weight = min(q.weights[p.query], c.weights[p.candidate])
        if p.similarity == 1.0 and q_kinds[p.query] is TokenKind.WORD and (
                weight >= TELLING_WEIGHT) and not p.compound:
            shared += weight
            n_shared += 1
            longest = max(longest, len(q.name.tokens[p.query]))
    if not squeeze and any(p.similarity == 1.0 and p.compound and not p.acronym
                           for p in word_pairs) and _rare_word_counts(q, c, entity, pairs):
        # A compound spelled exactly as two words of the other name ("HangzhouHikvision" /
        # HANGZHOU HIKVISION ..., NAFT IRAN / NAFTIRAN) shares those words: each counts as a
        # pair of its own would, against the word it is written in (match-25). Only words
        # of RARE_MIN_LETTERS letters or more ("Bà Vi" is no BAVI, "IR-ITAL" no IRITAL's
        # evidence), not between skeletons, and only when one side has no telling word left
        # over, as for one rare word (_rare_word_counts): "Casa Grande Brito - EI" keeps
        # Brito, and CASAGRANDE EXPORT-IMPORT's office its own word.
        q_tokens, c_tokens, c_kinds = q.name.tokens, c.name.tokens, c.name.kinds
        for p in word_pairs:
            if p.similarity < 1.0 or not p.compound or p.acronym:
                continue
            for i in p.query_words:
                for j in p.candidate_words:
                    weight = min(q.weights[i], c.weights[j])
                    letters = min(len(q_tokens[i]), len(c_tokens[j]))
                    if (q_kinds[i] is TokenKind.WORD and c_kinds[j] is TokenKind.WORD
                            and weight >= TELLING_WEIGHT and letters >= RARE_MIN_LETTERS):
                        shared += weight
                        n_shared += 1
                        longest = max(longest, letters)
    lifted = 0.0
    # (not between skeletons, whose words are no longer the names' own: ``squeeze``)
    whole = (not person and not squeeze and not c.extended and not _craft(q, entity)
             and _whole_with_generic(q, c, pairs))
    if whole or (not person and (n_shared >= SHARED_MIN_WORDS or (
            n_shared == 1 and shared >= RARE_WEIGHT and longest >= RARE_MIN_LETTERS
            and _rare_word_counts(q, c, entity, pairs)))):
        lifted = (1.0 - score) * SHARED_BONUS * (1.0 if whole else min(1.0,
                                                                        shared / SHARED_FULL))
        score += lifted
    how = "words"
    if score < 1.0 and (len(q.name.tokens) != len(c.name.tokens) or (
            not squeeze and _one_side_left(q, c, pairs))) and not _words_align(
            q, c, pairs):
        joined = _joined_similarity(q.name, c.name, score, syllabic, squeeze)
        if joined > score:
            score, how = joined, "joined"
    # (the initials as written only where acronyms pair: not between skeletons, nor for a
    # person, whose initials are no name)
    written = acronyms and not person
    acronym = None if across else (_acronym(q.name, c.name, written)
                                   or _acronym(c.name, q.name, written))
    if acronym is None and acronyms and not person and not syllabic:
        # (not between skeletons, nor for persons, nor for a name written in syllables)
        acronym = _abbreviation(q.name, c.name) or _abbreviation(c.name, q.name,
                                                                 query_long=True)
    if acronym is not None and acronym[0] > score:
        score, how = acronym[0], "acronym"
    if not explain:
        return score, ""
    if how == "joined":
        q_joined, c_joined = _spellings(q.name, squeeze)[0], _spellings(c.name, squeeze)[0]
        return score, f"spelled without spaces: {q_joined!r} ~ {c_joined!r}"
    if how == "acronym" and acronym is not None:
        return acronym
    parts = []
    for p in pairs:
        if p.acronym:
            if p.candidate_extra:  # a query word spells the list name's words
                short, spelled = q.name.tokens[p.query], [c.name.tokens[j]
                                                          for j in p.candidate_words]
            else:
                short, spelled = c.name.tokens[p.candidate], [q.name.tokens[i]
                                                              for i in p.query_words]
            parts.append(f"{short} = initials of {' '.join(spelled)} ({p.similarity:.2f})")
            continue
        a = "+".join(q.name.tokens[i] for i in p.query_words)
        b = "+".join(c.name.tokens[j] for j in p.candidate_words)
        parts.append(f"{a}={b}" if p.similarity == 1.0 else f"{a}~{b} ({p.similarity:.2f})")
    detail = "words " + (", ".join(parts) if parts else "none in common")
    missing_q = _unmatched(q.name, {i for p in pairs for i in p.query_words})
    missing_c = _unmatched(c.name, {j for p in pairs for j in p.candidate_words})
    if missing_q:
        detail += f"; only in query: {' '.join(missing_q)}"
    if missing_c:
        detail += f"; only in list name: {' '.join(missing_c)}"
    faint = [t for name, flags in ((q.name, q_places), (c.name, c_places))
             for t, flag in zip(name.tokens, flags, strict=False) if flag]
    if faint:
        detail += f"; a place on one side only counts little: {' '.join(faint)}"
    if lifted and whole:
        detail += f"; the same telling words, the others generic (+{lifted:.2f})"
    elif lifted and n_shared == 1:
        detail += f"; a rare word spelled alike (+{lifted:.2f})"
    elif lifted:
        detail += f"; {n_shared} telling words spelled alike (+{lifted:.2f})"
    if syllabic and any(p.similarity < 1.0 for p in pairs):
        detail += "; romanised syllable by syllable, so near misses count less"
    return score, detail


def _spellings(name: NormalizedName, squeeze: bool) -> tuple[str, str, str]:
    """A name's joined, sorted and glued spellings, squeezed when ``squeeze``."""
    spelled = (name.joined, name.sorted_joined, name.glued_joined)
    return (squeezed(spelled[0]), squeezed(spelled[1]), squeezed(spelled[2])) if (
        squeeze) else spelled


def _joined_similarity(a: NormalizedName, b: NormalizedName, beat: float,
                       syllabic: bool = False, squeeze: bool = False) -> float:
    """The names compared with spaces removed, in written and in sorted word order.

    Returns 0 without comparing when the result could not exceed ``beat``. ``syllabic``: ``a``
    was written in a syllabic script (a near miss counts less, as between words).
    ``squeeze``: consonant skeletons, whose spellings have a doubled letter written once
    across word boundaries too, as each skeleton word has within it: "جلال الدين" spells
    jl+l+dn, JALALUDDIN jldn; "عبد الرحمن" bd+l+rhmn.
    """
    a_joined, a_sorted, a_glued = _spellings(a, squeeze)
    b_joined, b_sorted, b_glued = _spellings(b, squeeze)
    if a_joined == b_joined:
        # same letters, spaced differently: identical (nearly, between skeletons)
        return (SQUEEZED_IDENTICAL if squeeze else 1.0) if a_joined else 0.0
    la, lb = len(a_joined), len(b_joined)
    # Indel similarity can be at most 2*min/(sum of lengths): skip hopeless comparisons.
    if JOINED_DISCOUNT * 2 * min(la, lb) / (la + lb) <= max(beat, JOINED_MIN * JOINED_DISCOUNT):
        return 0.0
    raw = max(Indel.normalized_similarity(a_joined, b_joined),
              Indel.normalized_similarity(a_sorted, b_sorted),
              Indel.normalized_similarity(a_glued, b_glued))
    if syllabic:
        raw = syllabic_similarity(raw)
    # Only a near-identical spelling counts: short names are close by accident
    # ("emma" ~ "ep mma").
    return JOINED_DISCOUNT * raw if raw >= JOINED_MIN else 0.0


# An acronym that equals a name's initials is good but not conclusive evidence: many
# organisations share two or three letters, so those stay below the default threshold. Four
# letters or more rarely spell another listed name's initials by chance ("LTTE", "PFLP",
# "HIAST", "IRGCAF" are the aliases of what they abbreviate), so they alert (offramp-match-6).
ACRONYM_SCORE = 0.75
LONG_ACRONYM_SCORE = 0.8
LONG_ACRONYM_LETTERS = 4


def _acronym(short: NormalizedName, long: NormalizedName,
             written: bool = False) -> tuple[float, str] | None:
    """Acronym: the short name's one key word spells the long name's initials (stop words
    skipped), or with ``written`` the initials of its words as written, legal form included
    (``NormalizedName.initials``: NIOC, National Iranian Oil Company; GAESA, Grupo de
    Administracion Empresarial S.A.); worth more when it has at least
    ``LONG_ACRONYM_LETTERS`` letters."""
    if len(short.key_tokens) != 1 or len(long.key_tokens) < 2:
        return None
    token = short.key_tokens[0]
    if not 2 <= len(token) <= 8:
        return None
    initials = "".join(t[0] for t, k in zip(long.tokens, long.kinds, strict=True)
                       if k is not TokenKind.STOP)
    value = LONG_ACRONYM_SCORE if len(token) >= LONG_ACRONYM_LETTERS else ACRONYM_SCORE
    if token == initials:
        return value, f"acronym: {token!r} = initials of {' '.join(long.tokens)!r}"
    if written and token in long.initials:
        return value, f"acronym: {token!r} = initials of {long.original!r} as written"
    return None


# A syllabic abbreviation writes the beginnings of an organisation's words as one word:
# COPROVA is COmercializacion de PROductos VArios, COLCERDOS COLombiana de CERDOS, Sovcomflot
# SOVremenny KOMmercheskiy FLOT (``_abbreviation``). Every word of the long name gives its
# first ABBREVIATION_PIECE letters or more, in order. A query of one such word of
# ABBREVIATION_LONG_LETTERS or more alerts on a listed name it abbreviates when that name has
# three words or more, or two with one written whole (VALLECOM, VALLE COMunicaciones);
# otherwise it only ranks (UNICA, UNIdad CArdiovascular; KACH, KAhane CHai), since two words
# both cut short are how names run together ("Martins" / MARTYRS INSTITUTE). A query written
# out against a listed abbreviation may be anyone's name: given names and surnames spell
# listed one-word names ("Albert Rosa", "Alves da Rosa S/A" / ALROSA; "Maria Narpati" /
# MARIANA; law firms, "Ващенко, Терещук and Червоненко" / VATECH), so it alerts only with
# three words or more and a legal form of its own. Not for persons, whose names are written
# out, nor for a query written in syllables (Chinese, Japanese, Korean: 方丽, fangli, is no
# abbreviation of FANG LIWU). Of the 677,950 names bench/screen_batch.py screens, 28 alerted
# through an abbreviation before these two limits (23 written out, 3 in Chinese script), 2
# after ("ФосАгро" / FOSSIL AGRO, "UNITERES" / UNITE RESOURCES; match-11).
ABBREVIATION_SCORE = 0.75
LONG_ABBREVIATION_SCORE = 0.8
ABBREVIATION_LONG_LETTERS = 6
ABBREVIATION_PIECE = 2
ABBREVIATION_WORDS = (2, 6)
ABBREVIATION_MAX_LETTERS = 40  # (the compiled scorer keeps a word's cuts in 64 bits)


def _abbreviation(short: NormalizedName, long: NormalizedName,
                  query_long: bool = False) -> tuple[float, str] | None:
    """Syllabic abbreviation: the short name's one key word is the beginnings of the long
    name's words run together, each word's first ``ABBREVIATION_PIECE`` letters or more
    (stop words and single letters skipped). ``query_long``: the long name is the query,
    whose kind is not known (see ``ABBREVIATION_SCORE``)."""
    if len(short.key_tokens) != 1:
        return None
    low, high = ABBREVIATION_WORDS
    # (a single letter gives no piece: the "y" of INVERSIONES Y CONSTRUCCIONES VALLE, INCOVALLE,
    # is left out as a stop word is)
    kinds = long.kinds
    if TokenKind.NUMBER in kinds:
        return None
    words = tuple(t for t, k in zip(long.tokens, kinds, strict=True) if k is TokenKind.WORD)
    if not low <= len(words) <= high or not all(w.isalpha() for w in words):
        return None
    token = short.key_tokens[0]
    if not 2 * ABBREVIATION_PIECE <= len(token) <= ABBREVIATION_MAX_LETTERS or (
            not token.isalpha()) or token in words:
        # (one of the long name's words is no abbreviation of them all: AVIATRANS is not
        # "aviatr" + "ans" of AVIATRANS ANSTALT, whatever the words say)
        return None
    whole = _whole_piece(token, words)
    pieces = whole or _pieces_of(token, words)
    if pieces is None:
        return None
    alerts = len(words) >= 3 and bool(long.legal_forms) if query_long else (
        len(words) >= 3 or whole is not None)
    value = LONG_ABBREVIATION_SCORE if len(token) >= ABBREVIATION_LONG_LETTERS and alerts else (
        ABBREVIATION_SCORE)
    return value, (f"abbreviation: {token!r} = {'+'.join(pieces)}, the beginnings of "
                   f"{' '.join(words)!r}")


def _whole_piece(token: str, words: tuple[str, ...]) -> list[str] | None:
    """The two pieces of ``token`` when it is one of two ``words`` written whole and the
    other's beginning (VALLE + COM, MINO + CONGO), else None."""
    if len(words) != 2:
        return None
    first, second = words
    cut = len(first)
    if token.startswith(first) and len(token) - cut >= ABBREVIATION_PIECE and (
            second.startswith(token[cut:])):
        return [first, token[cut:]]
    cut = len(token) - len(second)
    if token.endswith(second) and cut >= ABBREVIATION_PIECE and first.startswith(token[:cut]):
        return [token[:cut], second]
    return None


def _pieces_of(token: str, words: tuple[str, ...]) -> list[str] | None:
    """``token`` cut into the beginnings of ``words``, in order, each at least
    ``ABBREVIATION_PIECE`` letters (one way of cutting it, when there are several), or None
    when it cannot be. (Tried letter by letter: a word and a name are short.)"""
    n = len(words)
    # reach[k]: the lengths of ``token``'s beginning that the first k words can spell
    reach: list[dict[int, int]] = [{0: 0}] + [{} for _ in range(n)]
    for k, word in enumerate(words):
        for start in reach[k]:
            for length in range(1, min(len(word), len(token) - start) + 1):
                if token[start + length - 1] != word[length - 1]:
                    break
                if length >= ABBREVIATION_PIECE and start + length not in reach[k + 1]:
                    reach[k + 1][start + length] = start
    if len(token) not in reach[n]:
        return None
    pieces: list[str] = []
    end = len(token)
    for k in range(n, 0, -1):
        start = reach[k][end]
        pieces.append(token[start:end])
        end = start
    return pieces[::-1]


def _numbers(name: NormalizedName) -> set[str]:
    return {t for t, k in zip(name.tokens, name.kinds, strict=True) if k is TokenKind.NUMBER}


def numbers(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Numbers: numerals in names must agree ("Maru No. 8" is not "Maru No. 6")."""
    a, b = _numbers(q.name), _numbers(c.name)
    if not a and not b:
        return None
    if a == b:
        return 0.0, f"same numbers: {' '.join(sorted(a))}"
    if a and b:
        return -1.0, f"different numbers: {' '.join(sorted(a))} vs {' '.join(sorted(b))}"
    return -0.5, f"number only on one side: {' '.join(sorted(a or b))}"


def legal_form(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Legal form: an incompatible legal form suggests a different company."""
    a, b = q.name.legal_forms, c.name.legal_forms
    if not a or not b:
        return None
    if any(legal_forms_compatible(x, y) for x in a for y in b):
        return 0.0, f"compatible legal forms: {'/'.join(a)} ~ {'/'.join(b)}"
    return -1.0, f"different legal forms: {'/'.join(a)} vs {'/'.join(b)}"


def schema_fit(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Kind of party: a company-like query (legal form) against a person or a vessel, or the
    reverse."""
    # (not for a legal form the person's listed name has too: a word of the name that reads
    # as one, "GHALI, Iyad ag", "KHUN SA")
    if entity.schema is Schema.PERSON and ((q.name.legal_forms and not c.name.legal_forms)
                                           or q.schema in _ORG_SCHEMAS):
        return -1.0, "the query looks like a company, the list entry is a person"
    if q.schema is Schema.PERSON and entity.schema in _ORG_SCHEMAS:
        return -1.0, f"the query is a person, the list entry a {entity.schema.value}"
    if q.schema is Schema.PERSON and c.name.legal_forms and entity.schema is not Schema.PERSON:
        return -1.0, "the query is a person, the list name has a legal form"
    if q.name.legal_forms and entity.schema in _CRAFT:
        # A vessel often bears its owner's name, but the two are different parties.
        return -1.0, f"the query looks like a company, the list entry is a {entity.schema.value}"
    return None


_ORG_SCHEMAS = frozenset({Schema.COMPANY, Schema.ORGANIZATION})
_CRAFT = frozenset({Schema.VESSEL, Schema.AIRCRAFT})
# Hard incompatibilities: these pairs are never compared (a person is not a vessel).
_KINDS = {
    Schema.PERSON: "party", Schema.ORGANIZATION: "party", Schema.COMPANY: "party",
    Schema.LEGAL_ENTITY: "party", Schema.VESSEL: "vessel", Schema.AIRCRAFT: "aircraft",
}


def schemas_compatible(query: Schema | None, entity: Schema) -> bool:
    """False when the two cannot be the same thing: a person and a vessel, say."""
    if query is None:
        return True
    # Persons and organisations are both "parties"; the soft schema_fit feature weighs that.
    return _KINDS[query] == _KINDS[entity]


def weak_alias(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Weak alias: the list marks this alias as too broad to rely on alone."""
    if c.kind is NameKind.WEAK:
        return -1.0, f"{c.text!r} is a weak (low-quality) alias on the list"
    return None


def birth_date(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Date of birth: same day, same year, or conflicting."""
    if q.birth_date is None or not entity.birth_dates:
        return None
    best: tuple[float, str] = (-1.0, f"born {q.birth_date} vs list "
                               f"{', '.join(d.to_text() for d in entity.birth_dates)}")
    for listed in entity.birth_dates:
        value = _date_agreement(q.birth_date, listed)
        if value > best[0]:
            best = (value, f"born {q.birth_date}, list says {listed.to_text()}")
    return best


def _date_agreement(a: DateValue, b: DateValue) -> float:
    """1 same day; 0.5 same year (or month) with one side partial; 0.3 within a range or
    circa; -1 otherwise."""
    lo_b, hi_b = b.start.year, (b.end or b.start).year
    lo_a, hi_a = a.start.year, (a.end or a.start).year
    if b.circa or a.circa:
        lo_b, hi_b = lo_b - 1, hi_b + 1
    if hi_a < lo_b or hi_b < lo_a:
        return -1.0
    if a.end is None and b.end is None and a.start == b.start and a.start.day is not None:
        return 1.0
    sa, sb = a.start, b.start
    if a.end is None and b.end is None and sa.year == sb.year:
        if sa.month is not None and sb.month is not None and sa.month != sb.month:
            return -1.0
        if sa.day is not None and sb.day is not None and sa.day != sb.day:
            return -0.5
        return 0.5
    return 0.3


def _entity_countries(entity: Entity) -> set[str]:
    found = set(entity.countries) | set(entity.nationalities) | set(entity.citizenships)
    found |= {a.country for a in entity.addresses if a.country}
    return {c.upper() for c in found if len(c) == 2}


def country(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Country: the query's country among the entry's countries, nationalities, addresses."""
    if q.country is None:
        return None
    known = _entity_countries(entity)
    if not known:
        return None
    if q.country.upper() in known:
        return 1.0, f"country {q.country.upper()} on the list entry"
    return -1.0, f"country {q.country.upper()} not among {', '.join(sorted(known))}"


def _norm_id(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def identifiers(q: Query, c: PreparedName, entity: Entity, explain: bool = True) -> Result:
    """Identifier: the same passport, tax ID, USCC, IMO, ... is decisive; a different one of
    the same type counts against."""
    if not q.identifiers or not entity.identifiers:
        return None
    listed = [(i.type, _norm_id(i.value)) for i in entity.identifiers]
    conflict = None
    for ident in q.identifiers:
        value = _norm_id(ident.value)
        for kind, other in listed:
            if value and value == other and (ident.type in (kind, "other")
                                             or kind == "other"):
                return 1.0, f"same {kind} {ident.value}"
            if ident.type == kind and value != other:
                conflict = f"different {kind}: {ident.value} vs {other}"
    if conflict:
        return -1.0, conflict
    return None
