"""Compiled candidate selection equals the rules written out plainly in Python.

``CandidateIndex.candidates`` looks up the query's keys (cached per word) and hands them to
``index.kernels.select``. The reference here applies the rules of the module docstring
directly to the postings: summed key weights (the query's initials among them; a word's sound
only for names without the word; consonant skeletons instead of sounds for a query in Arabic
script), best first, then the names of the query's rare words, and the trigram fallback
when the word and sound keys find too few or too weak candidates.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from offramp.index import candidates as c
from offramp.index import kernels
from offramp.index.candidates import CandidateIndex, glued_keys, trigrams, word_keys
from offramp.normalize.names import NormalizedName, TokenKind
from offramp.normalize.phonetic import (
    SKELETON_SCRIPTS,
    generic_words,
    glued_skeleton,
    phonetic_key,
    reading_of,
    skeleton_reader,
    squeezed,
    variant_key,
)
from offramp.screening.screener import Screener


def _top(scores: dict[int, float], limit: int, lengths: np.ndarray) -> list[int]:
    # best first; of equal scores the name of fewer key words, then the lower number
    return sorted(scores, key=lambda name: (-scores[name], lengths[name], name))[:limit]


def reference_candidates(index: CandidateIndex, name: NormalizedName,
                         weights: tuple[float, ...], limit: int) -> tuple[list[int], bool]:
    """The module docstring's rules, one key and one name at a time; and whether the
    trigram fallback ran."""
    token_weight = dict(zip(name.tokens, weights, strict=True))

    def usable(posting: np.ndarray | None) -> list[int]:
        # unknown, or too common to select on: no names
        return [] if posting is None or len(posting) > c.MAX_POSTING else posting.tolist()

    # Word keys in the compiled selection's order (sums are added in it): each word, and the
    # other spellings the list has of it (its variant key's words); then adjacent words
    # joined and the whole name joined; then the query's own initials, whole and of runs of
    # its words, and as written, among the list's words.
    keyed: list[tuple[list[int], float, set[int]]] = []
    by_number = {n: key for key, n in index.words.keys.items()}
    for token, kind in zip(name.tokens, name.kinds, strict=True):
        if kind in (TokenKind.WORD, TokenKind.NUMBER):
            keyed.append((usable(index.words.get(token)), token_weight.get(token, 1.0), set()))
        if kind is not TokenKind.WORD:
            continue
        if len(token) >= c.VARIANT_MIN_LENGTH:
            mates = [by_number[n] for n in index.variants.get(variant_key(token), ())]
            assert all(variant_key(mate) == variant_key(token) for mate in mates)
            # (not a spelling whose posting is long: its names need no nudge)
            keyed += [(usable(index.words.get(mate)),
                       token_weight.get(token, 1.0) * c.VARIANT_WEIGHT, set())
                      for mate in mates if mate != token
                      and index.words.count(mate) <= c.MATE_MAX_POSTING]
    words = [t for t, k in zip(name.tokens, name.kinds, strict=True)
             if k in (TokenKind.WORD, TokenKind.NUMBER)]
    glued = glued_keys(name)
    pairs = word_keys(name)[len(words):len(word_keys(name)) - len(glued)]
    assert pairs[:len(words) - 1] == [a + b for a, b in itertools.pairwise(words)]
    keyed += [(usable(index.words.get(key)), token_weight.get(key, 1.0), set())
              for key in pairs]
    # (a word with its particles glued on weighs what the word does)
    keyed += [(usable(index.words.get(key)), token_weight[name.tokens[at]], set())
              for at, key in glued]
    # (and, for a name of two key words or more, its initials as written, legal form
    # included: each acronym once)
    acronyms = list(c.query_acronyms(name)) if len(name.key_tokens) >= 3 else []
    if len(name.key_tokens) >= 2:
        acronyms += [i for i in name.initials if i not in acronyms]
    for initials in acronyms:
        if initials not in pairs and initials not in words:
            keyed.append((usable(index.words.get(initials)), c.ACRONYM_WEIGHT, set()))
    # A one-word query could abbreviate a list name written out, a query written out a
    # one-word list name: the first two letters of its first two words, or of the one word
    # and after each cut (marked apart from words and from each other).
    if len(name.key_tokens) == 1:
        word = name.key_tokens[0]
        if 4 <= len(word) <= 40 and word.isalpha():
            keyed += [(usable(index.words.get("^" + word[:2] + word[cut:cut + 2])),
                       c.ABBREVIATION_WEIGHT, set())
                      for cut in range(2, min(len(word) - 2, c.ABBREVIATION_CUT) + 1)]
    elif TokenKind.NUMBER not in name.kinds:
        spelt = [t for t, k in zip(name.tokens, name.kinds, strict=True) if k is TokenKind.WORD]
        if 2 <= len(spelt) <= 6 and spelt[0].isalpha() and spelt[1].isalpha():
            keyed.append((usable(index.words.get("$" + spelt[0][:2] + spelt[1][:2])),
                          c.ABBREVIATION_WEIGHT, set()))
    # A word's sound counts for the names its own spelling did not reach.
    if name.script not in SKELETON_SCRIPTS:
        for token, kind in zip(name.tokens, name.kinds, strict=True):
            if kind is TokenKind.WORD and len(token) >= 3:
                keyed.append((usable(index.sounds.get(phonetic_key(token))),
                              token_weight.get(token, 1.0) * c.PHONETIC_WEIGHT,
                              set(usable(index.words.get(token)))))
    else:  # Arabic, Hebrew, Japanese or Korean script: consonant skeletons instead of sounds
        # (Japanese and Korean: as kana and Hangul leave them, among the list names'
        # skeletons of that kind)
        reading = reading_of(name.script)
        reduce = skeleton_reader(reading)
        postings = index.skeletons(reading)
        words = [t for t, k in zip(name.tokens, name.kinds, strict=True) if k is TokenKind.WORD]
        for token in words:
            bare = reduce(token)
            if len(bare) >= c.SKELETON_KEY_MIN:
                keyed.append((usable(postings.get("~" + bare)),
                              token_weight.get(token, 1.0) * c.PHONETIC_WEIGHT,
                              set(usable(index.words.get(token)))))
        # (adjacent words, and the last before the first: "SHOIGU, Sergei" for Sergei Shoigu)
        pairs = [*itertools.pairwise(words), *([(words[-1], words[0])] if len(words) > 1
                                               else [])]
        for a, b in pairs:
            joined = "~" + squeezed(reduce(a) + reduce(b))
            keyed.append((usable(postings.get(joined)), c.PHONETIC_WEIGHT, set()))
            # a generic word written onto the other in a list word (GAZPROMBANK): its
            # consonants, where they differ from its skeleton apart ("bnk", "bank")
            if a in generic_words() or b in generic_words():
                glued = "~" + squeezed(glued_skeleton(reading, a) + glued_skeleton(reading, b))
                if glued != joined:
                    keyed.append((usable(postings.get(glued)), c.PHONETIC_WEIGHT, set()))
    sums: dict[int, float] = {}
    for posting, weight, reached in keyed:
        for found in posting:
            if found not in reached:
                sums[found] = sums.get(found, 0.0) + weight
    # (ties: by the names' numbers of key words for a query in katakana, Hangul or Thai)
    lengths = (index.lengths if name.script in ("Kana", "Hang", "Thai")
               else np.zeros_like(index.lengths))
    best = _top(sums, limit, lengths)
    # and after them the names of a query word held by few names, whatever their sums
    for token, kind in zip(name.tokens, name.kinds, strict=True):
        posting = index.words.get(token) if kind is TokenKind.WORD else None
        if posting is not None and len(posting) <= kernels.RARE_POSTING:
            best += [x for x in posting.tolist() if x not in best]
    total = sum(token_weight[t] for t in name.key_tokens) or 1.0
    # (a query in Hangul always adds the fallback's: CandidateIndex.selection_with)
    if len(best) >= limit and sums[best[0]] >= 0.5 * total and name.script != "Hang":
        return best, False
    # fallback: the query's rarest trigrams, names holding a share of them
    grams = index.grams
    present = []
    for gram in trigrams(name.joined):
        code = (ord(gram[0]) << 42) | (ord(gram[1]) << 21) | ord(gram[2])
        at = int(np.searchsorted(grams.codes, code))
        if at < len(grams.codes) and grams.codes[at] == code:
            present.append((int(grams.offsets[at + 1] - grams.offsets[at]), at))
    chosen = sorted(present)[:c.TRIGRAMS_LOOKED_UP]
    counts: dict[int, float] = {}
    for _, at in chosen:
        for found in grams.ids[grams.offsets[at]:grams.offsets[at + 1]].tolist():
            counts[found] = counts.get(found, 0.0) + 1.0
    need = max(1, int(len(chosen) * c.TRIGRAM_SHARE))
    fallback = _top({k: v for k, v in counts.items() if v >= need}, limit, lengths)
    if not best:
        return fallback, True
    # (after names the keys found, only the fallback's best few)
    added = fallback[:c.TRIGRAMS_ADDED]
    return (best + [x for x in added if x not in best])[:2 * limit], True


@pytest.fixture(scope="module")
def names(bundled: Screener) -> list[str]:
    rng = random.Random(11)
    listed = [n.value for e in bundled.entities for n in e.names]
    picked = rng.sample(listed, 250)
    # misspelt: a letter replaced, so exact word keys miss and the fallback has work to do
    for text in rng.sample(listed, 150):
        chars = list(text)
        chars[rng.randrange(len(chars))] = rng.choice("aeioqxz")
        picked.append("".join(chars))
    return [*picked, "Hikvision", "Hangzhou Haikangweishi", "Mohammed Ali", "Kim Jong Un",
            "Bank", "Trading Company", "RFA Bank", "Mir Business Bank", "DES International",
            "Soran Company", "Beneathco General Trading DMCC", "Al Qaida", "AlQaida",
            "Daedong Maru 8", "Zzyzx Qwv",
            # syllabic abbreviations, and names written out that one-word names abbreviate
            "Coprova", "Frexco", "Unica Ltda", "Kach", "Minoterie du Congo", "Kahane Chai",
            "Sovremenny Kommercheskiy Flot", "Almazy Rossii Sakha",
            # Arabic script: consonant-skeleton keys instead of sounds
            "هدايت الله", "محمد زاهد", "عبد الله حماد", "حمد الله نعمانى", "شمس الدین",
            # Japanese kana: skeletons as kana leave them
            "カスペルスキー・ラボ", "ウラジーミル・プーチン", "ロスアトム", "セルゲイ・ラブロフ",
            # Hangul: skeletons as Hangul leaves them
            "카스퍼스키 랩", "블라디미르 푸틴", "로스네프트", "세르게이 라브로프", "김정은",
            # Thai: skeletons as Thai leaves them
            "แคสเปอร์สกี้ แล็บ", "เซอร์เกย์ ชอยกู", "สเบอร์แบงก์"]


@pytest.mark.parametrize("limit", [25, 5])
def test_selection_equals_the_reference(bundled: Screener, names: list[str],
                                        limit: int) -> None:
    index = bundled.index
    fallbacks = compared = 0
    for text in names:
        q = bundled.query(text) if text.strip() else None
        if q is None or not q.name.key_tokens:
            continue
        expected, fell_back = reference_candidates(index, q.name, q.weights, limit)
        got = index.candidates(q.name, q.weights, limit).tolist()
        assert got == expected, text
        compared += 1
        fallbacks += fell_back
    assert compared >= 400
    assert 30 < fallbacks < compared  # both paths exercised: keyed only, and the fallback


def test_sound_key_cache_is_per_thread_and_bounded(bundled: Screener,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-word key cache starts afresh when full and never changes a selection."""
    index = bundled.index
    q = bundled.query("Mohammed Hassan Trading")
    before = index.candidates(q.name, q.weights).tolist()
    monkeypatch.setattr(c, "TOKEN_CACHE_SIZE", 1)
    for text in ("Ali Baba", "Kim Jong Un", "Mohammed Hassan Trading"):
        other = bundled.query(text)
        index.candidates(other.name, other.weights)
    assert len(index._local.token_keys) <= 3  # started afresh before the last query
    assert index.candidates(q.name, q.weights).tolist() == before


def test_abbreviation_keys_follow_the_scorers_rule() -> None:
    # the index keys what match.features._abbreviation accepts (its own copy of the sizes:
    # the index sits beside the matcher, not above it)
    from offramp.match import features

    assert c.ABBREVIATION_PIECE == features.ABBREVIATION_PIECE
    assert c.ABBREVIATION_WORDS == features.ABBREVIATION_WORDS
    assert c.ABBREVIATION_MAX_LETTERS == features.ABBREVIATION_MAX_LETTERS

