"""Legal forms ("Co., Ltd.", "OOO", "GmbH", "S.A. de C.V.", "株式会社"): find, strip, compare.

``data/legal_forms.csv`` maps written variants in many languages to a canonical *code* that
names the same form across languages (ООО = OOO = LLC = GmbH = Sp. z o.o. -> ``llc``;
АО = AO = JSC = AG = S.A. = K.K. = A.Ş. -> ``jsc``), each code in a *family*:

- ``limited``: private limited-liability companies (llc, ltd, fze, fzco, dmcc)
- ``stock``: joint-stock and public companies (jsc, ojsc, cjsc, pjsc, plc)
- ``corporation``: Inc / Corp
- ``partnership`` (lp, llp, kg, ohg, snc, scs), ``sole`` (est, spc), ``state`` (sue)
- ``generic``: "Co." / "Company", which says only that it is a company

Each variant also has a *position*: ``any`` (unambiguous words like LLC, GmbH, Limited,
removed wherever they occur), ``edge`` (short forms like AO, SA, PT, only as the first or last
words: "OOO Romashka", "PT Bank ..."), ``end`` (only as the last words: "AS", "AB", "KK") or
``start`` (only as the first words: a Russian bank's "AKB", "JSB", whose letters end an
aircraft's registration, YK-AKB). Short forms are restricted because as inner words they are
too often real name words.
``cyrillic`` is ``edge`` in a name written in Cyrillic only: РАО is a Russian joint-stock
company, but a Latin RAO is as likely the Indian name Rao.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from offramp.normalize.tokens import letter_group, split_words
from offramp.normalize.translit import to_ascii
from offramp.normalize.vocab import read_table

# Capital companies are translated loosely: PRC and Japanese firms render 股份有限公司 /
# 株式会社 as "Co., Ltd.", "Corporation" or "Inc."; OOO often appears as "Ltd". So these three
# families never contradict each other; only partnership / sole / state forms do.
_CAPITAL = frozenset({"limited", "stock", "corporation"})
_STRICTNESS = {"any": 0, "edge": 1, "end": 2, "start": 2}


@dataclass(frozen=True, slots=True)
class LegalForm:
    """One legal-form variant as a token sequence, with its canonical code."""

    tokens: tuple[str, ...]
    code: str
    family: str
    position: str  # "any", "edge", "end" or "start" ("cyrillic" forms: "edge" where they count)


@dataclass(frozen=True, slots=True)
class _Table:
    by_last: dict[str, list[LegalForm]]  # longest first
    by_first: dict[str, list[LegalForm]]  # longest first
    families: dict[str, str]
    short_groups: frozenset[str]
    inner_first: frozenset[str]  # first words of position-"any" forms: cheap pre-check


@cache
def _table(cyrillic: bool = False) -> _Table:
    """The forms of ``legal_forms.csv``, with its ``cyrillic`` rows as ``edge`` forms when
    ``cyrillic`` (for a name written in Cyrillic) and without them otherwise."""
    by_last: dict[str, list[LegalForm]] = {}
    by_first: dict[str, list[LegalForm]] = {}
    families: dict[str, str] = {}
    short: set[str] = set()
    forms_by_tokens: dict[tuple[str, ...], LegalForm] = {}
    for row in read_table("legal_forms.csv"):
        position = row["position"]
        if position == "cyrillic":
            if not cyrillic:
                continue
            position = "edge"
        text = to_ascii(row["variant"]).lower()
        for chunk in text.split():
            letters = letter_group(chunk.strip(","))
            if letters is not None and len(letters) == 2:
                short.add(letters)
        tokens = tuple(token for token, _ in split_words(text))
        form = LegalForm(tokens, row["code"], row["family"], position)
        families[form.code] = form.family
        known = forms_by_tokens.get(tokens)
        if known is not None and _STRICTNESS[known.position] >= _STRICTNESS[form.position]:
            continue
        # "K.K." and "KK" are the same tokens once dots are gone: the stricter position wins,
        # since the dots that made "K.K." safe anywhere are no longer visible.
        forms_by_tokens[tokens] = form
    for form in forms_by_tokens.values():
        by_last.setdefault(form.tokens[-1], []).append(form)
        by_first.setdefault(form.tokens[0], []).append(form)
    for forms in (*by_last.values(), *by_first.values()):
        forms.sort(key=lambda f: len(f.tokens), reverse=True)
    inner_first = frozenset(
        word for word, forms in by_first.items() if any(f.position == "any" for f in forms)
    )
    return _Table(by_last, by_first, families, frozenset(short), inner_first)


def short_letter_groups() -> frozenset[str]:
    """Two-letter dotted groups that are legal forms ("s.a.", "n.v."): kept as one token."""
    return _table().short_groups


def _suffix(table: _Table, tokens: Sequence[str], start: int, end: int) -> LegalForm | None:
    for form in table.by_last.get(tokens[end - 1], ()):
        size = len(form.tokens)
        if form.position == "start":
            continue
        if size <= end - start and tuple(tokens[end - size : end]) == form.tokens:
            return form
    return None


def _prefix(
    table: _Table, tokens: Sequence[str], start: int, end: int, anywhere: bool
) -> LegalForm | None:
    for form in table.by_first.get(tokens[start], ()):
        size = len(form.tokens)
        if anywhere and form.position != "any":
            continue
        if form.position == "end" and not anywhere:
            continue
        if size <= end - start and tuple(tokens[start : start + size]) == form.tokens:
            return form
    return None


def spaced_letters(tokens: list[str]) -> list[str]:
    """``tokens`` with a Romance legal form spelt in three or four single letters at the end
    of a longer name joined into one word, as when dotted: "EMMR Y COMPANIA S A S" and
    "ACME S R L" end with "sas" and "srl" as "EMMR S.A.S." does. Only forms beginning with S
    (sociedad, société, società: S.A.S., S.R.L., S.C.S.), and not the two letters of S.A.,
    which may be a person's initials ("LOPEZ, S. A.")."""
    n = len(tokens)
    if n < 4 or len(tokens[-1]) != 1 or len(tokens[-2]) != 1 or len(tokens[-3]) != 1:
        return tokens
    start = n - 2
    while start > 1 and len(tokens[start - 1]) == 1 and n - start < 4:
        start -= 1
    table = _table()
    for at in range(start, n - 2):  # (longest first)
        joined = "".join(tokens[at:])
        if joined[0] == "s" and joined.isalpha() and any(
                form.tokens == (joined,) for form in table.by_last.get(joined, ())):
            return [*tokens[:at], joined]
    return tokens


def find_legal_forms(tokens: Sequence[str],
                     cyrillic: bool = False) -> tuple[list[bool], tuple[str, ...]]:
    """Which tokens are part of a legal form, and the codes found (in reading order).

    Trailing forms are taken first, repeatedly ("... Holding GmbH & Co. KG", "... Co., Ltd."),
    then leading ones ("OOO ...", "PT ... Tbk"), then unambiguous forms inside the name.
    ``cyrillic``: the name is written in Cyrillic, where the table's ``cyrillic`` forms count
    too (РАО).
    """
    table = _table(cyrillic)
    n = len(tokens)
    removed = [False] * n
    inner_first = table.inner_first
    if n == 0 or (
        tokens[-1] not in table.by_last
        and tokens[0] not in table.by_first
        and inner_first.isdisjoint(tokens)
    ):
        # Most names have no legal form: three set/dict probes rule it out for every step.
        return removed, ()
    found: list[tuple[int, str]] = []
    start, end = 0, n
    while start < end and (form := _suffix(table, tokens, start, end)) is not None:
        end -= len(form.tokens)
        found.append((end, form.code))
        removed[end : end + len(form.tokens)] = [True] * len(form.tokens)
    while start < end and (form := _prefix(table, tokens, start, end, anywhere=False)) is not None:
        found.append((start, form.code))
        removed[start : start + len(form.tokens)] = [True] * len(form.tokens)
        start += len(form.tokens)
    i = start
    while i < end:
        form = _prefix(table, tokens, i, end, anywhere=True) if tokens[i] in inner_first else None
        if form is None:
            i += 1
            continue
        found.append((i, form.code))
        removed[i : i + len(form.tokens)] = [True] * len(form.tokens)
        i += len(form.tokens)
    codes = tuple(dict.fromkeys(code for _, code in sorted(found)))
    return removed, codes


def names_no_one(tokens: Sequence[str], cyrillic: bool = False) -> bool:
    """Whether a name whose every token reads as a legal form says only what kind of company
    it is: it begins with a form that counts wherever it stands (position ``any``: LLC,
    Corp, GmbH, Anonim Sirketi) or with one of the ``generic`` family (Co., Cia). Otherwise
    its first word is read as its name: an edge form alone is as likely an acronym (OFAC's
    alias SPC of SYRIAN PETROLEUM COMPANY; ``names.normalize_name``)."""
    table = _table(cyrillic)
    return not tokens or any(
        (form.position == "any" or form.family == "generic")
        and tuple(tokens[:len(form.tokens)]) == form.tokens
        for form in table.by_first.get(tokens[0], ()))


def legal_form_family(code: str) -> str | None:
    """The family of a canonical code ("llc" -> "limited"), None for an unknown code."""
    return _table().families.get(code)


def legal_forms_compatible(a: str, b: str) -> bool:
    """Whether two legal-form codes can describe the same company.

    Same code or same family: yes. "Co."/"Company" (generic) fits anything. Capital-company
    families (limited, stock, corporation) are compatible with each other because official
    English names translate them loosely (see ``_CAPITAL``). A partnership, sole
    establishment or state enterprise is not the same party as a capital company.
    """
    if a == b:
        return True
    fa, fb = legal_form_family(a), legal_form_family(b)
    if fa is None or fb is None:
        return True  # unknown code: no evidence either way
    if fa == fb or "generic" in (fa, fb):
        return True
    return fa in _CAPITAL and fb in _CAPITAL
