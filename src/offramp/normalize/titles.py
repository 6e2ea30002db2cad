"""Academic and professional titles written before a name, and degrees written after it.

"Dipl.-Ing. Anna Koch B.Eng.", "Dott. Lucio Serao", "Lic. Juan Perez", "Tgk. Karya Saefullah,
S.E.I" and "Britt Geisler MBA" are persons named Anna Koch, Lucio Serao, Juan Perez, Karya
Saefullah and Britt Geisler. Read as words, their titles met list names that hold the same
letters: every "Dipl.-Ing." matched BIB INDUSTRIE-HANDEL DIPL.ING M. MANGELSEN GMBH by its
"dipl" and "ing" (500 of the 6,672 alerts on bench/screen_batch.py's generated suppliers),
and a title that met nothing counted against a true match as an unmatched word. The table,
``data/titles.csv``, says where each title is written:

- before the name: removed where the name, or a part of it after a comma, starts with one or
  more of them, each written with its dot and followed by a space or a hyphen ("Prof. Dr.",
  "Univ.Prof.", "Dipl.-Ing.", "Dr. med."). Without its dot a word is left alone: ING BANK is
  a bank, "Av" or "Sig" may be a name; the undotted titles that are never names (Mr, Dr,
  Frau) are ``name_particles.csv``'s. Without the space, the letters are an abbreviation
  run on into the name: IR.SHALAMCHE is IRAN SHALAMCHEH, not the engineer (Ir.) Shalamche.
- after it: removed at the end of the name, written as the table writes them, letters and
  dots together ("B.Sc.", "MBA", "S.Kom"), a last dot optional ("MBA.", "S.Kom."). Two
  initials with a space between ("M. A.") stay initials; S.E. is not among them, as SE is
  also a legal form. Two initials written together ("M.M.", "M.A.") are read as a degree.

A name of titles alone ("Prof. Dr.", "Dipl.-Ing.") is left with nothing to screen, and the
screener says so ("only a title"), rather than screen the word "ing". A degree alone ("MBA",
"B.Sc.") is no degree of anyone's: it stays.
"""

from __future__ import annotations

import re
from functools import cache

from offramp.normalize.translit import to_ascii
from offramp.normalize.vocab import read_table


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    """(titles before a name, degrees after it, the endings of degrees written without a
    dot) from ``titles.csv``, as lower-case ASCII (the normaliser's body)."""
    before: list[str] = []
    after: list[str] = []
    for row in read_table("titles.csv"):
        written = to_ascii(row["written"]).lower()
        (before if row["place"] == "before" else after).append(written)
    # longest first, so that "univ.prof." is one title, not "univ." then a name "prof"
    before.sort(key=len, reverse=True)
    after.sort(key=len, reverse=True)
    titles = "|".join(re.escape(t) for t in before)
    # (a final dot is optional: "MBA." and "S.Kom." are written too)
    degrees = "|".join(re.escape(d.removesuffix(".")) for d in after)
    return (re.compile(rf"(^|,)\s*(?:(?:{titles})(?:[\s-]+|(?=,)|$))+"),
            re.compile(rf"(?:[\s,]+(?:{degrees})\.?)+\s*$"),
            tuple(d for d in after if "." not in d))


def without_titles(body: str) -> str:
    """``body`` (a lower-case ASCII name) without the titles before it and the degrees after
    it (see the module docstring): empty of letters when it was titles alone."""
    before, after, undotted = _patterns()
    if "." not in body and not body.endswith(undotted):
        return body  # (every title before a name has a dot; most names have neither)
    return after.sub("", before.sub(r"\1 ", body)) if "." in body else after.sub("", body)
