"""Chinese to toneless pinyin, read as pypinyin reads it, from a table made from pypinyin.

``han_pinyin("海康威视")`` is "haikangweishi" and ``han_pinyin("重庆")`` "chongqing" (a phrase's
reading, not the first reading of 重, "zhong"): what ``pypinyin.lazy_pinyin`` gives, joined.

pypinyin parses its two JSON dictionaries when imported, a fifth of a second in every process
that meets a Chinese name (building the bundled lists' index paid it for their 15 names). The
same readings are bundled here as a table, ``data/pinyin.tsv.gz``, made from pypinyin by
``tools/build_pinyin_table.py``, which loads in about a third of that time:

- a header of ``#`` lines: provenance, ``#pypinyin <version>`` and ``#hans <class>``, the
  character class of the characters pypinyin reads (any other character is kept as it is);
- ``#phrases``, then a line ``<phrase>\\t<pinyin>`` per phrase of pypinyin's dictionary;
- ``#chars``, then a line ``<character>\\t<pinyin>`` per other character it reads.

A run of characters is cut into words as pypinyin cuts it (``segments``: forward maximum
matching on the phrases), and each word gets its reading. ``tests/normalize/test_pinyin.py``
checks the table against the installed pypinyin and the readings against ``lazy_pinyin``.
"""

from __future__ import annotations

import gzip
import re
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from offramp.model import OfframpError

TABLE_FILE = "pinyin.tsv.gz"


class PinyinTableError(OfframpError):
    """The pinyin table cannot be read (a damaged installation)."""


@dataclass(frozen=True, slots=True)
class PinyinTable:
    """Readings of phrases and characters, and what segmentation needs."""

    source: str  # the pypinyin version the table was made from
    phrases: dict[str, str]
    chars: dict[str, str]
    # every proper beginning of a phrase: how far a phrase may still extend
    prefixes: frozenset[str]
    hans: re.Pattern[str]  # a run of the characters pypinyin reads

    def reading(self, word: str) -> str:
        """A segmented word's pinyin (a character without one stays as it is)."""
        found = self.phrases.get(word)
        if found is None:
            found = self.chars.get(word, word)
        return found


def parse_table(text: str) -> PinyinTable:
    """Read the table's text; raises :class:`PinyinTableError` when it is not one."""
    try:
        head, rest = text.split("\n#phrases\n", 1)
        phrase_text, char_text = rest.split("\n#chars\n", 1)
    except ValueError:
        raise PinyinTableError("pinyin table without its #phrases and #chars parts") from None
    fields = dict(line[1:].split(" ", 1) for line in head.splitlines()
                  if line.startswith("#") and " " in line)
    if not {"pypinyin", "hans"} <= fields.keys():
        raise PinyinTableError("pinyin table header without #pypinyin and #hans")
    try:
        hans = re.compile(f"(?:{fields['hans']})+")
    except re.error as exc:
        raise PinyinTableError(f"pinyin table's #hans is no character class: {exc}") from None
    phrases, chars = _pairs(phrase_text), _pairs(char_text)
    # (the phrases' proper beginnings; a whole phrase is looked up among the phrases)
    prefixes = frozenset(phrase[:end] for phrase in phrases for end in range(1, len(phrase)))
    return PinyinTable(fields["pypinyin"], phrases, chars, prefixes, hans)


def _pairs(text: str) -> dict[str, str]:
    """Lines ``<text>\\t<pinyin>`` as a dict (split in one pass: 90,000 lines one by one
    took a third of the table's load)."""
    text = text.rstrip("\n")
    lines = text.count("\n") + 1 if text else 0
    fields = text.replace("\n", "\t").split("\t")
    if not lines or len(fields) != 2 * lines or "" in fields:
        raise PinyinTableError("pinyin table line not '<text>\\t<pinyin>'")
    return dict(zip(fields[::2], fields[1::2], strict=True))


def load_table(path: Path | None = None) -> PinyinTable:
    """The bundled table (or the gzip file at ``path``)."""
    try:
        data = (path.read_bytes() if path is not None else
                resources.files("offramp.normalize").joinpath("data", TABLE_FILE).read_bytes())
        text = gzip.decompress(data).decode("utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise PinyinTableError(f"cannot read the pinyin table: {exc}") from None
    return parse_table(text)


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> PinyinTable:
    return load_table()


def pinyin_table() -> PinyinTable:
    """The bundled table, read on first use (once, however many threads ask)."""
    with _LOCK:
        return _load()


def segments(run: str, table: PinyinTable | None = None) -> Iterator[str]:
    """The words pypinyin cuts ``run`` into: pieces of characters it does not read whole, and
    in between, repeatedly, the longest phrase the rest begins with, or else one character.

    pypinyin's one quirk is kept: when the rest of a run is all the beginning of some phrase
    but holds none, it is cut into characters (it does not look for a phrase further on)."""
    table = table or pinyin_table()
    at = 0
    for match in table.hans.finditer(run):
        if match.start() > at:
            yield run[at:match.start()]
        yield from _words(match.group(0), table)
        at = match.end()
    if at < len(run):
        yield run[at:]


def _words(run: str, table: PinyinTable) -> Iterator[str]:
    prefixes, phrases = table.prefixes, table.phrases
    start, n = 0, len(run)
    while start < n:
        longest = 0
        end = start + 1
        while end <= n:
            word = run[start:end]
            if word in phrases:
                longest = end - start
            elif word not in prefixes:
                break
            end += 1
        if longest:
            yield run[start:start + longest]
            start += longest
        elif end > n:  # (the quirk: all of the rest begins a phrase, and none ends in it)
            yield from run[start:]
            return
        else:
            yield run[start]
            start += 1


def han_pinyin(run: str) -> str:
    """A run of Chinese characters in toneless pinyin, its syllables joined (as
    ``"".join(pypinyin.lazy_pinyin(run))``)."""
    table = pinyin_table()
    return "".join(map(table.reading, segments(run, table)))
