"""split_words takes shortcuts for text without letter groups or "&"; these tests hold it to
the one-chunk-at-a-time rules it is documented by."""

import itertools
import random
import re

import pytest

from offramp.normalize.legal_forms import short_letter_groups
from offramp.normalize.tokens import split_name_words, split_words

_SIMPLE = re.compile(r"[a-z0-9]+")
_GROUP = re.compile(r"(?:[a-z][./-])+[a-z]\.?")


def reference_split(text: str, short_groups: frozenset[str] | None) -> list[tuple[str, bool]]:
    """The rules chunk by chunk, without any shortcut."""
    out: list[tuple[str, bool]] = []
    for segment in text.replace("'", "").replace("`", "").split(","):
        first = True
        for raw in segment.split():
            chunk = raw.strip('()[]{}"<>;:!?*|')
            if "&" in chunk:
                parts = chunk.split("&")
                if all(0 < len(p) <= 2 and p.isalpha() for p in parts):
                    chunk = "".join(parts)
                else:
                    chunk = " and ".join(parts)
            if _GROUP.fullmatch(chunk):
                letters = "".join(c for c in chunk if c.isalpha())
                if short_groups is None or len(letters) >= 3 or letters in short_groups:
                    out.append((letters, first))
                    first = False
                    continue
            for piece in _SIMPLE.findall(chunk):
                out.append((piece, first))
                first = False
    return out


CASES = [
    "", " ", ",", "john smith", "maduro moros, nicolas", "al-qahtani trading co., ltd.",
    "jean-pierre", "a-b-c", "(a.b.c)", "x-ray", "j. r. smith", "j.r. smith", "s.a.",
    "cimex, s.a.", "at&t", "smith&sons", "& co", "o'brien", "qa`ida", "u.s.-china",
    "no. 8", "mr john, dr smith", "a/s", "n.v.", "tab\tsep", "a\x1cb", "x.y", "1a.b.c",
    "-a.b", ".a.b.c", "a.b-c/d.", "k.k.k", ",,a,,b,", "a - b", "ab.cd.ef", "a,b.c",
]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("short", [None, "table"])
def test_split_words_follows_the_chunk_rules(text: str, short: str | None) -> None:
    groups = short_letter_groups() if short else None
    assert split_words(text, groups) == reference_split(text, groups)


def test_split_words_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "ab1sz .,-/&'`()\"\t"
    groups = short_letter_groups()
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert split_words(text, groups) == reference_split(text, groups), text
        assert split_words(text) == reference_split(text, None), text


def test_split_name_words_drops_leading_titles_only() -> None:
    titles = {"mr", "dr"}
    groups = short_letter_groups()
    for text in (*CASES, "mr mr smith", "smith mr", "smith, mr john", "mr. j.r. smith, dr x"):
        expected = [t for t, starts in reference_split(text, groups)
                    if not (starts and t in titles)]
        assert split_name_words(text, groups, titles) == expected, text


def test_every_short_text_over_a_small_alphabet() -> None:
    groups = short_letter_groups()
    for size in range(1, 5):
        for chars in itertools.product("as.-, &", repeat=size):
            text = "".join(chars)
            assert split_words(text, groups) == reference_split(text, groups), text
