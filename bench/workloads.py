"""Workloads shared by the matcher benchmarks (``match_quality.py``, ``match_speed.py``).

- :func:`load_sdn_2021`: the OFAC SDN 2021-07-07 full set (the last SDN publication whose
  alt.csv still carried the aliases), read with offramp's own reader;
- :func:`primary_only` / :func:`alias_queries`: the alias-recall workload -- an index of primary
  names only, queried with every alias, minus aliases that fold to their own primary name;
- :func:`innocent_names`: realistic person and company names from many locales (Faker, fixed
  seed, native scripts), minus any that fold-equal a list name and the real listed companies
  Faker draws from (:func:`listed_faker_names`);
- :func:`speed_queries`: a realistic query mix for throughput (innocents, list names with
  typos, exact list names and aliases);
- :class:`TokenSortBaseline`: the baseline every figure is compared with -- rapidfuzz
  ``token_sort_ratio`` brute force over every name, with ``utils.default_process``.

Nothing here prints or times anything; the scripts do.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
import rapidfuzz
from rapidfuzz import fuzz, process, utils

from offramp.model import Entity, NameKind, UnscreenableError
from offramp.normalize.text import fold

REPO = Path(__file__).resolve().parent.parent
SDN_2021_DIR = REPO / "tests" / "fixtures" / "lists" / "ofac" / "sdn-2021-07-07"
LISTED_FAKER_NAMES = Path(__file__).resolve().parent / "data" / "faker_listed_names.csv"

T = TypeVar("T")

ALT_KINDS = frozenset({NameKind.AKA, NameKind.FKA, NameKind.NKA})
"""Alias kinds that come from alt.csv in the 2021 set (Remarks-only aliases are WEAK)."""

# Person/company names in many locales, native scripts where the locale uses one.
INNOCENT_LOCALES: tuple[str, ...] = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "nl_NL", "pl_PL",
    "pt_BR", "tr_TR", "ru_RU", "uk_UA", "el_GR", "ar_AA", "fa_IR", "zh_CN", "ja_JP",
    "ko_KR", "vi_VN", "id_ID",
)


# --------------------------------------------------------------------------- list data


def load_sdn_2021(folder: Path = SDN_2021_DIR) -> list[Entity]:
    """Every entity of the SDN 2021-07-07 set (sdn + alt + add + comments)."""
    from offramp.sources.registry import get_format

    parsed = get_format("ofac-legacy-csv").read(folder / "sdn.csv.gz", "ofac-sdn")
    return list(parsed.entities)


def load_bundled_entities() -> list[Entity]:
    """Every entity of every bundled list, in manifest order."""
    from offramp.lists.bundle import bundled_lists
    from offramp.lists.loading import read_bundled

    entities: list[Entity] = []
    for item in bundled_lists():
        entities.extend(read_bundled(item).entities)
    return entities


def primary_only(entities: Iterable[Entity]) -> list[Entity]:
    """The same entities (ids, schema, countries, ...) with only their primary name(s)."""
    out = []
    for entity in entities:
        names = tuple(n for n in entity.names if n.kind is NameKind.PRIMARY)
        if names:
            out.append(dataclasses.replace(entity, names=names))
    return out


def folded_names(entities: Iterable[Entity]) -> set[str]:
    """Every name of ``entities`` after :func:`fold` (empty folds dropped)."""
    return {f for e in entities for n in e.names if (f := fold(n.value))}


# --------------------------------------------------------------------------- alias pairs


@dataclass(frozen=True, slots=True)
class AliasQuery:
    """One alias used as a query; the right answer is ``entity_id``."""

    query: str
    entity_id: str
    schema: str  # the entity's schema value ("Person", "LegalEntity", ...)
    kind: str  # "aka" / "fka" / "nka" / "weak"
    primary: str  # the entity's primary name, for display

    @property
    def group(self) -> str:
        """``"alt"`` for alt.csv aliases (the headline), ``"weak"`` for Remarks-only ones."""
        return "weak" if self.kind == NameKind.WEAK.value else "alt"

    @property
    def is_person(self) -> bool:
        return self.schema == "Person"


def alias_queries(entities: Iterable[Entity]) -> list[AliasQuery]:
    """Every non-primary name as a query for its own entity.

    Skips aliases that fold (case, accents, script, punctuation, spacing) to one of their own
    entity's primary names -- those test normalisation, not matching -- and repeats of the same
    folded alias on one entity.
    """
    out: list[AliasQuery] = []
    for entity in entities:
        primaries = [n.value for n in entity.names if n.kind is NameKind.PRIMARY]
        if not primaries:
            continue
        seen = {fold(p) for p in primaries}
        for name in entity.names:
            if name.kind is NameKind.PRIMARY:
                continue
            key = fold(name.value)
            if not key or key in seen:
                continue
            seen.add(key)
            out.append(AliasQuery(name.value, entity.id, entity.schema.value,
                                  name.kind.value, primaries[0]))
    return out


def subsample(items: Sequence[T], limit: int | None, seed: int) -> list[T]:
    """``limit`` items drawn without replacement with a fixed seed, in original order."""
    if limit is None or limit >= len(items):
        return list(items)
    picked = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in picked]


# --------------------------------------------------------------------------- innocents


@dataclass(frozen=True, slots=True)
class Innocent:
    """A generated name that is on no list."""

    name: str
    locale: str
    kind: str  # "person" / "company"


@functools.cache
def listed_faker_names() -> frozenset[str]:
    """Folded names Faker can draw that are real listed parties (``data/faker_listed_names.csv``).

    Faker's fa_IR company provider is not made up: it lists real Iranian companies, among
    them Bank Sepah, Bank Mellat and 39 other entries of the OFAC SDN list. An alert on
    one of those is right, so they must not count as innocents. Each row cites its SDN
    entry; the rows were checked by hand among the provider's names that score 0.6 or more
    against the bundled lists (a listed party scoring lower would not alert anyway).
    """
    with LISTED_FAKER_NAMES.open(newline="", encoding="utf-8") as f:
        return frozenset(fold(row["name"]) for row in csv.DictReader(f))


def innocent_names(count: int, seed: int = 20210707,
                   exclude: set[str] | frozenset[str] = frozenset(),
                   locales: Sequence[str] = INNOCENT_LOCALES) -> list[Innocent]:
    """``count`` distinct realistic names: half persons, half companies, locales in turn.

    Deterministic for a given seed, locale list, exclusion set and Faker version. A name is
    dropped (and another drawn) when its fold is empty, equals a folded name in ``exclude``
    (pass :func:`folded_names` of the lists screened against) or in
    :func:`listed_faker_names` (real listed companies), or repeats an earlier one.
    """
    listed = listed_faker_names()
    from faker import Faker

    fakers = []
    for i, locale in enumerate(locales):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + i)
        fakers.append(fake)
    out: list[Innocent] = []
    seen: set[str] = set()
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > 20 * count + 1000:
            raise RuntimeError("could not draw enough distinct innocent names")
        slot = len(out)
        locale_index = slot % len(locales)
        kind = "person" if (slot // len(locales)) % 2 == 0 else "company"
        fake = fakers[locale_index]
        value = fake.name() if kind == "person" else fake.company()
        key = fold(value)
        if not key or key in seen or key in exclude or key in listed:
            continue
        seen.add(key)
        out.append(Innocent(value, locales[locale_index], kind))
    return out


# --------------------------------------------------------------------------- speed mix


def add_typos(text: str, rng: random.Random, edits: int) -> str:
    """``text`` with ``edits`` random letter edits (delete, transpose, replace, insert)."""
    chars = list(text)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(edits):
        positions = [i for i, c in enumerate(chars) if c.isalpha()]
        if len(positions) < 4:
            break
        i = rng.choice(positions)
        op = rng.randrange(4)
        if op == 0:
            del chars[i]
        elif op == 1 and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op == 2:
            repl = rng.choice(letters)
            chars[i] = repl.upper() if chars[i].isupper() else repl
        else:
            ins = rng.choice(letters)
            chars.insert(i, ins.upper() if chars[i].isupper() else ins)
    return "".join(chars)


def speed_queries(entities: Sequence[Entity], count: int, seed: int = 7) -> list[str]:
    """A realistic screening mix, shuffled with a fixed seed.

    50% innocents (:func:`innocent_names`, all locales), 25% list names (any kind) with one or
    two typos, 25% list names and aliases exactly as listed.
    """
    rng = random.Random(seed)
    names = [n.value for e in entities for n in e.names]
    n_innocent = count // 2
    n_typo = count // 4
    n_exact = count - n_innocent - n_typo
    queries = [i.name for i in innocent_names(n_innocent, seed=seed)]
    queries += [add_typos(rng.choice(names), rng, rng.choice((1, 2))) for _ in range(n_typo)]
    queries += [rng.choice(names) for _ in range(n_exact)]
    rng.shuffle(queries)
    return queries


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """Per query: the entity ids of the top hits and their scores in [0, 1], best first."""

    ids: list[list[str]]
    scores: list[list[float]]


class TokenSortBaseline:
    """rapidfuzz ``token_sort_ratio`` brute force over every name, ``default_process``-ed.

    Names are pre-processed once (the fair way to run it); a search compares the query with
    every name and keeps each entity's best-scoring name. Scores are ratio / 100.
    """

    algorithm = f"rapidfuzz {rapidfuzz.__version__} token_sort_ratio brute force"

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.choices: list[str] = []
        owner: list[int] = []
        self.entity_ids: list[str] = []
        for index, entity in enumerate(entities):
            self.entity_ids.append(entity.id)
            for name in entity.names:
                self.choices.append(utils.default_process(name.value))
                owner.append(index)
        self.owner = np.asarray(owner, dtype=np.int64)
        # Names are stored entity by entity, so each entity's names form one run.
        self.starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        self.single_name = len(self.choices) == len(self.entity_ids)

    def search_batch(self, queries: Sequence[str], limit: int = 10,
                     chunk: int = 1000) -> BaselineResult:
        """Top ``limit`` entities per query, via ``process.cdist`` on all cores in chunks."""
        ids: list[list[str]] = []
        scores: list[list[float]] = []
        n_entities = len(self.entity_ids)
        for start in range(0, len(queries), chunk):
            batch = [utils.default_process(q) for q in queries[start:start + chunk]]
            matrix = process.cdist(batch, self.choices, scorer=fuzz.token_sort_ratio,
                                   workers=-1, dtype=np.float32)
            if not self.single_name:  # best name per entity
                matrix = np.maximum.reduceat(matrix, self.starts, axis=1)
            k = min(limit, n_entities)
            top = np.argpartition(-matrix, k - 1, axis=1)[:, :k]
            for row, cols in enumerate(top):
                vals = matrix[row, cols]
                order = np.lexsort((cols, -vals))  # best first, ties by index
                ids.append([self.entity_ids[c] for c in cols[order]])
                scores.append([float(v) / 100 for v in vals[order]])
        return BaselineResult(ids, scores)

    def best_scores(self, queries: Sequence[str], chunk: int = 1000) -> list[float]:
        """The best score of each query against any name (for false-alert rates)."""
        out: list[float] = []
        for start in range(0, len(queries), chunk):
            batch = [utils.default_process(q) for q in queries[start:start + chunk]]
            matrix = process.cdist(batch, self.choices, scorer=fuzz.token_sort_ratio,
                                   workers=-1, dtype=np.float32)
            out.extend(float(v) / 100 for v in matrix.max(axis=1))
        return out

    def search_one(self, query: str) -> tuple[str, float] | None:
        """One query, one thread: ``process.extractOne`` over every name."""
        hit = process.extractOne(utils.default_process(query), self.choices,
                                 scorer=fuzz.token_sort_ratio, processor=None)
        if hit is None:
            return None
        _, score, index = hit
        return self.entity_ids[int(self.owner[index])], score / 100


# --------------------------------------------------------------------------- matcher under test


class MatchLike(Protocol):
    """What the benchmarks read from a result (offramp's ``Match`` has more)."""

    @property
    def entity(self) -> Entity: ...
    @property
    def score(self) -> float: ...


class ScreenerLike(Protocol):
    """offramp's ``Screener`` API as the benchmarks use it."""

    threshold: float
    algorithm: str

    def search(self, name: str, schema: Any = None, limit: int = 10, country: Any = None,
               birth_date: Any = None, identifiers: Any = None) -> Sequence[MatchLike]: ...


@dataclass(frozen=True, slots=True)
class NaiveMatch:
    entity: Entity
    score: float
    threshold: float

    @property
    def alert(self) -> bool:
        return self.score >= self.threshold


class NaiveScreener:
    """Stand-in with the Screener API (``--matcher naive``): the baseline, one query at a time.

    Used to exercise the benchmark harness before offramp's Screener exists.
    """

    threshold = 0.85
    algorithm = "naive stand-in (rapidfuzz token_sort_ratio brute force)"

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = list(entities)
        self.base = TokenSortBaseline(self.entities)

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> NaiveScreener:
        return cls(entities)

    def search(self, name: str, schema: Any = None, limit: int = 10, country: Any = None,
               birth_date: Any = None, identifiers: Any = None) -> list[NaiveMatch]:
        query = utils.default_process(name)
        if not query:
            raise UnscreenableError(name, "nothing to match after normalisation")
        hits = process.extract(query, self.base.choices, scorer=fuzz.token_sort_ratio,
                               processor=None, limit=limit * 3)
        out: list[NaiveMatch] = []
        seen: set[int] = set()
        for _, score, index in hits:
            owner = int(self.base.owner[index])
            if owner not in seen:
                seen.add(owner)
                out.append(NaiveMatch(self.entities[owner], score / 100, self.threshold))
        return out[:limit]


def screener_class(choice: str) -> tuple[str, Any]:
    """(label, class with ``from_entities``) for ``--matcher auto|offramp|naive``.

    ``auto`` is offramp's ``Screener`` when ``from offramp import Screener`` works, else the
    naive stand-in (with a note on stderr).
    """
    if choice in ("auto", "offramp"):
        try:
            from offramp import Screener
        except ImportError:
            try:  # not exported yet: its home module
                from offramp.screening.screener import Screener
            except ImportError as exc:
                if choice == "offramp":
                    raise SystemExit(f"offramp's Screener is not available: {exc}") from exc
                print("NOTE: `from offramp import Screener` failed; using the naive stand-in",
                      file=sys.stderr)
            else:
                return "offramp", Screener
        else:
            return "offramp", Screener
    return "naive", NaiveScreener
