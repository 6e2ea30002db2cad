"""Build the toneless pinyin table the transliteration reads Chinese with.

Run from the repository root:  .venv/bin/python tools/build_pinyin_table.py [--out FILE]

Writes ``src/offramp/normalize/data/pinyin.tsv.gz``: every phrase of pypinyin's phrase
dictionary and every character of its character dictionary with the toneless pinyin pypinyin
gives it (``lazy_pinyin``'s reading of one segmented word: Style.NORMAL, first reading, no
tone sandhi), and the character class pypinyin segments runs by. ``normalize.pinyin`` reads
Chinese from it, which loads in about a third of the time importing pypinyin takes (its JSON
dictionaries are parsed on import); tests/normalize/test_pinyin.py checks that the bundled
table is what this script makes from the installed pypinyin, and that reading by it gives
``lazy_pinyin``'s result. Re-running with the same pypinyin gives byte-identical output.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "offramp" / "normalize" / "data" / "pinyin.tsv.gz"


def table_text() -> str:
    """The table as text (``normalize.pinyin`` documents the format)."""
    from importlib.metadata import version

    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.converter import UltimateConverter

    convert = UltimateConverter().convert

    def reading(word: str) -> str:
        # (what lazy_pinyin gives a segmented word: its syllables joined)
        return "".join(chain.from_iterable(
            convert(word, Style.NORMAL, False, "default", strict=True)))

    hans = re.fullmatch(r"\^\(\?:(\[.*\])\)\+\$", RE_HANS.pattern)
    if hans is None:
        raise SystemExit(f"pypinyin's RE_HANS changed its form: {RE_HANS.pattern!r}")
    phrases = sorted(PHRASES_DICT)
    chars = sorted(c for c in map(chr, PINYIN_DICT) if c not in PHRASES_DICT)
    lines = [
        "# Toneless pinyin of Chinese phrases and characters as pypinyin reads them"
        " (lazy_pinyin, Style.NORMAL).",
        f"# Derived by tools/build_pinyin_table.py from pypinyin {version('pypinyin')}"
        " (https://github.com/mozillazg/python-pinyin, MIT licence), whose dictionaries"
        " come from pinyin-data and phrase-pinyin-data (MIT licence).",
        f"#pypinyin {version('pypinyin')}",
        f"#hans {hans.group(1)}",
        "#phrases",
        *(f"{p}\t{reading(p)}" for p in phrases),
        "#chars",
        *(f"{c}\t{reading(c)}" for c in chars),
    ]
    for line in lines:
        if line.count("\t") > 1 or "\n" in line:
            raise SystemExit(f"a reading the table cannot hold: {line!r}")
    return "\n".join(lines) + "\n"


def table_bytes() -> bytes:
    """The table compressed as it is bundled (no timestamp: reproducible)."""
    return gzip.compress(table_text().encode("utf-8"), compresslevel=9, mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write the toneless pinyin table normalize.pinyin reads Chinese with, "
                    "from the installed pypinyin (tests/normalize/test_pinyin.py checks it).")
    parser.add_argument("--out", type=Path, default=OUT,
                        help=f"where to write it (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args()
    data = table_bytes()
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
