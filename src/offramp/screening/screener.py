"""``Screener``: names against list entries, ranked and explained.

Wires the layers together: names are normalised (``normalize``), weighted by how rare their
words are (``match.weights``), candidates come from the inverted index (``index``) and are
scored by the declared algorithm (``match.algorithm``).

    >>> screener = Screener.default()                      # the bundled lists
    >>> [m.entity.id for m in screener.search("Hikvision")][:1]
    ['30946']
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from offramp.index.candidates import CandidateIndex
from offramp.match import algorithm
from offramp.match.features import schemas_compatible
from offramp.match.kernels import best_per_entity, search_names
from offramp.match.packed import SCHEMA_CODES, PackedNames, pack_query
from offramp.match.query import PreparedName, Query, extended_names, query_of, surname_mask
from offramp.match.weights import TokenWeights
from offramp.model import (
    DateValue,
    Entity,
    FeatureScore,
    Identifier,
    Match,
    Name,
    OfframpError,
    Schema,
    UnscreenableError,
)
from offramp.model.collector import collector_paused, keep_frozen
from offramp.normalize.countries import to_iso2
from offramp.normalize.names import NormalizedName, normalize_name
from offramp.normalize.translit import to_ascii
from offramp.store import ListStore

# Bumped whenever the saved screener's layout changes (PreparedName fields, index keys);
# code changes are also caught by the fingerprint in _format_tag.
INDEX_FORMAT = 8
MAX_QUERY_LENGTH = 1000  # longer "names" are pasted documents, not names
# Cached screeners kept per kind (the bundled lists', a database's list versions'): each
# list update or matcher upgrade writes a new file of about 30 MB, and the old ones were never
# read again, nor deleted (2.2 GB on the development machine). The last used are kept, so
# that switching back to a recent version set, or between two databases, stays quick.
CACHES_KEPT = 3
# A temporary file of a save this old was left by an interrupted process.
STALE_SAVE_SECONDS = 3600
# Screeners of this many names or more are kept out of the cyclic collector's walks
# (_settle); a small watchlist costs the collector little.
SETTLE_MIN_NAMES = 5000
_ANY_SCHEMA = np.zeros(0, dtype=np.bool_)  # search_names: no schema to keep candidates to


def _norm_id(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


class PreparedNames(Sequence[PreparedName]):
    """Every list name of a screener as a :class:`PreparedName`, made when asked for.

    Searching reads the packed arrays (``match.packed``); the reference features only need a
    prepared name for the few matches someone explains, so tens of thousands are not built
    up front.
    """

    def __init__(self, positions: list[int], names: list[Name], norms: list[NormalizedName],
                 surnames: list[tuple[bool, ...]], weights: TokenWeights,
                 extended: list[bool]) -> None:
        self._positions = positions
        self._names = names
        self._norms = norms
        self._surnames = surnames
        self._extended = extended
        self._weights = weights
        # the listed spellings, read for every match a search returns
        self.texts = [name.value for name in names]

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> PreparedName: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PreparedName]: ...

    def __getitem__(self, index: int | slice) -> PreparedName | Sequence[PreparedName]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        name, norm = self._names[index], self._norms[index]
        return PreparedName(self._positions[index], name.value, name.kind, norm,
                            self._weights.of(norm), self._surnames[index],
                            self._extended[index])

    def text(self, index: int) -> str:
        """The name as listed (no preparation needed)."""
        return self.texts[index]


class Screener:
    """A searchable, scored view over a set of list entities."""

    def __init__(self, entities: Sequence[Entity], *, threshold: float | None = None) -> None:
        # (a build makes about a million long-lived objects: model.collector)
        with collector_paused():
            self._build(entities, threshold)

    def _build(self, entities: Sequence[Entity], threshold: float | None) -> None:
        self.entities = list(entities)
        self.threshold = algorithm.DEFAULT_THRESHOLD if threshold is None else threshold
        self.algorithm = algorithm.VERSION
        positions: list[int] = []
        listed: list[Name] = []
        norms: list[NormalizedName] = []
        for position, entity in enumerate(self.entities):
            for name in entity.names:
                norm = normalize_name(name.value)
                if norm.key_tokens:
                    positions.append(position)
                    listed.append(name)
                    norms.append(norm)
        df: Counter[str] = Counter()
        for norm in norms:
            df.update(set(norm.key_tokens))
        self.weights = TokenWeights(df, len(norms))
        # "SURNAME, Given" is how lists write persons; a comma in a company name
        # ("X, S.A.") marks no family name, so the mask is only worked out for persons.
        surnames = [surname_mask(norm) if self.entities[p].schema is Schema.PERSON else ()
                    for p, norm in zip(positions, norms, strict=True)]
        extended = extended_names(positions, norms)
        self.names = PreparedNames(positions, listed, norms, surnames, self.weights, extended)
        self.index = CandidateIndex.build(
            norms, [self.entities[p].schema is Schema.PERSON for p in positions])
        self.packed = PackedNames(norms, positions, [n.kind for n in listed], surnames,
                                  [e.schema for e in self.entities], self.weights, extended)
        self._compatible_by_schema: dict[Schema, npt.NDArray[np.bool_]] = {}
        self._by_identifier: dict[str, list[int]] = {}
        for position, entity in enumerate(self.entities):
            for ident in entity.identifiers:
                key = _norm_id(ident.value)
                if len(key) >= 5:
                    self._by_identifier.setdefault(key, []).append(position)
        self._primary: dict[int, int] = {}
        for i, position in enumerate(positions):
            self._primary.setdefault(position, i)
        _settle(len(positions))

    # -- construction -----------------------------------------------------------------

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], *,
                      threshold: float | None = None) -> Screener:
        """A screener over any entities: a list, a custom watchlist, a test set."""
        return cls(list(entities), threshold=threshold)

    @classmethod
    def default(cls, cache_dir: Path | None = None) -> Screener:
        """A screener over the bundled lists (built once, then loaded from a cache file)."""
        from offramp.lists.bundle import bundled_lists
        from offramp.lists.loading import read_bundled

        items = bundled_lists()
        key = hashlib.sha256(
            ("|".join(i.sha256 for i in items) + _format_tag()).encode()
        ).hexdigest()[:16]

        def build() -> Screener:
            return cls([entity for item in items for entity in read_bundled(item).entities])

        return cls._cached((cache_dir or _default_cache_dir()) / f"screener-bundled-{key}.pickle",
                           build)

    @classmethod
    def from_store(cls, store: ListStore, cache_dir: Path | None = None) -> Screener:
        """A screener over the list versions in use in ``store`` (cached per version set)."""
        current = sorted(store.current().values(), key=lambda s: s.source)
        if not current:
            raise OfframpError("no lists loaded: run `offramp lists load --bundled` or "
                               "`offramp lists update`")
        key = hashlib.sha256(
            ("|".join(f"{s.source}:{s.sha256}" for s in current) + _format_tag()
             + _derivation_tag()).encode()
        ).hexdigest()[:16]

        def build() -> Screener:
            from offramp.screening.exposure import derived_entities, store_edges

            entities = [e for snap in current if snap.id is not None
                        for e in store.entities(snap.id)]
            # Parties blocked through ownership are screened too, as their own source
            # ("ownership-rule"), so a result says "derived" rather than "listed".
            edges, _warnings = store_edges(store, entities)
            return cls([*entities, *derived_entities(entities, edges)])

        return cls._cached((cache_dir or _default_cache_dir()) / f"screener-store-{key}.pickle",
                           build)

    @classmethod
    def _cached(cls, path: Path, build: Callable[[], Screener]) -> Screener:
        """Load the screener cached at ``path``, or build and cache it (and delete the
        caches of its kind that have gone longest unused: ``CACHES_KEPT``)."""
        if path.exists():
            try:
                screener = cls.load(path)
            except OfframpError:
                pass  # a damaged cache is rebuilt, never trusted
            else:
                with contextlib.suppress(OSError):
                    os.utime(path)  # (used now: the last to be pruned)
                return screener
        with collector_paused():  # (reading the lists makes their entities: model.collector)
            screener = build()
            with contextlib.suppress(OSError):  # a read-only home still screens, uncached
                screener.save(path)
                prune_caches(path)
        return screener

    def save(self, path: Path) -> None:
        """Write the built screener to ``path`` (atomically) for a fast reload."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("wb") as fh, collector_paused():  # (model.collector)
            pickle.dump(("offramp-screener", _format_tag(), self.__dict__), fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> Screener:
        """Load a screener written by :meth:`save`.

        Only load files offramp wrote itself (pickle runs code from the file); a file from
        another algorithm version is refused.
        """
        # The collector stays paused from before the first object is read until the loaded
        # screener is frozen out of its walks (model.collector, _settle): resumed between the
        # two, its next walk would go over every loaded object. Young cycles made before the
        # load are collected first, while few, so the freeze needs no walk of its own (pickle
        # makes no cycles to free).
        gc.collect(1)
        with collector_paused():
            try:
                with path.open("rb") as fh:
                    tag, version, state = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError,
                    AttributeError) as exc:
                raise OfframpError(f"cannot load screener from {path}: {exc}") from exc
            if tag != "offramp-screener" or version != _format_tag():
                raise OfframpError(f"{path} was built by another matcher version ({version})")
            screener = cls.__new__(cls)
            screener.__dict__.update(state)
            _settle(len(screener.names), collected=True)
        return screener

    # -- queries ----------------------------------------------------------------------

    def query(self, name: str, schema: Schema | str | None = None, country: str | None = None,
              birth_date: DateValue | str | None = None,
              identifiers: Iterable[Identifier | str] | None = None) -> Query:
        """Normalise a query; raises UnscreenableError when there is nothing to screen."""
        if not name or not name.strip():
            raise UnscreenableError(name or "", "empty name")
        if len(name) > MAX_QUERY_LENGTH:
            raise UnscreenableError(name, f"longer than {MAX_QUERY_LENGTH} characters")
        norm = normalize_name(name)
        if not norm.key_tokens:
            if not any(ch.isalnum() for ch in name):
                reason = "no letters or digits"
            elif norm.tokens or norm.legal_forms:
                reason = "only legal forms or stop words, nothing that identifies a party"
            elif any(ch.isalnum() for ch in to_ascii(name)):
                # (it transliterated: what the normaliser dropped was a title)
                reason = "only a title such as Mr or Frau, nothing that identifies a party"
            else:
                reason = "could not be transliterated to anything comparable"
            raise UnscreenableError(name, reason)
        if isinstance(schema, str):
            schema = Schema.parse(schema)
        iso = None
        if country:
            iso = to_iso2(country)
            if iso is None:
                raise OfframpError(f"unknown country {country!r}")
        if isinstance(birth_date, str):
            try:
                birth_date = DateValue.parse(birth_date)
            except ValueError as exc:
                raise OfframpError(f"bad date of birth {birth_date!r}: use YYYY, YYYY-MM "
                                   "or YYYY-MM-DD") from exc
        # (most queries have neither identifiers nor a comma: skip the generator and the
        # surname split for them; surname_mask is () without a comma in the name)
        return query_of(name, norm, self.weights.of(norm), schema, iso, birth_date,
                        tuple(map(_identifier, identifiers)) if identifiers else (),
                        surname_mask(norm) if "," in name else ())

    def search(self, name: str, schema: Schema | str | None = None, limit: int = 10,
               country: str | None = None, birth_date: DateValue | str | None = None,
               identifiers: Iterable[Identifier | str] | None = None,
               min_score: float = 0.0) -> list[Match]:
        """The best ``limit`` list entries for a name, best first, each explained.

        ``min_score`` drops weaker results (batch screening asks only for alerts: most rows
        then need no result objects at all). Raises
        :class:`~offramp.model.UnscreenableError` for input that cannot be screened, so an
        empty result always means "screened, nothing found".
        """
        q = self.query(name, schema, country, birth_date, identifiers)
        if not (q.birth_date or q.country or q.identifiers):
            # The name alone: candidates, scores and ranking in one compiled call.
            compatible = _ANY_SCHEMA if q.schema is None else self._compatible(q.schema)
            packed = self.packed
            query = pack_query(q)
            # (the packed words' run is the joined name the selection's trigrams are of)
            arguments = (*self.index.selection_with(q.name, q.weights,
                                                    query.chars[:len(q.name.joined)]),
                         compatible, *packed.arguments(query), packed.n_entity, limit,
                         min_score)
            positions, names, scores = search_names(*arguments)
            return self._matches(q, positions.tolist(), names.tolist(), scores.tolist())
        candidates = np.asarray(self.index.candidates(q.name, q.weights), dtype=np.int64)
        if q.identifiers:
            candidates = np.concatenate([candidates, np.asarray(
                self._identifier_candidates(q), dtype=np.int64)])
        if q.schema is not None:
            candidates = candidates[self._compatible(q.schema)[candidates]]
        # The compiled scorer gives the name feature and everything derived from names; the
        # evidence features (dates, countries, identifiers) add on in the algorithm's order.
        # (Skeletons are always packed: cheaper than finding out whether a candidate needs
        # them, and the scorer reads them only for the candidates that do.)
        _, totals = self.packed.score(pack_query(q), candidates)
        return self._with_evidence(q, candidates, totals, limit, min_score)

    def _with_evidence(self, q: Query, candidates: npt.NDArray[np.int64],
                       totals: npt.NDArray[np.float64], limit: int,
                       min_score: float) -> list[Match]:
        """Add the evidence features to the compiled totals, then rank (the few queries with
        a date of birth, country or identifier take this slower path)."""
        decisive = np.zeros(len(candidates), dtype=np.bool_)
        for t, i in enumerate(candidates.tolist()):
            prepared = self.names[i]
            entity = self.entities[prepared.entity]
            for feature in algorithm.EVIDENCE:
                result = feature.function(q, prepared, entity, False)
                if result is not None:
                    totals[t] += feature.weight * result[0]
                    decisive[t] |= feature.name == "identifier" and result[0] >= 1.0
        # A decisive identifier lifts the score to the floor: give best_per_entity a total
        # that clips to exactly that.
        lifted = np.maximum(np.minimum(1.0, totals), algorithm.IDENTIFIER_FLOOR)
        totals = np.where(decisive, lifted, totals)
        positions, names, scores = best_per_entity(candidates, totals, self.packed.n_entity,
                                                   limit, min_score)
        return self._matches(q, positions.tolist(), names.tolist(), scores.tolist())

    def _matches(self, q: Query, positions: list[int], names: list[int],
                 scores: list[float]) -> list[Match]:
        # (explain(i, entity) is _explain_name(q, names, i, entity): partials of a partial
        # are flattened, so explaining costs what it did)
        return Match.ranked(self.entities, self.names.texts, positions, names, scores,
                            partial(_explain_name, q, self.names), self.threshold,
                            self.algorithm, 4)

    def _compatible(self, schema: Schema) -> npt.NDArray[np.bool_]:
        """Per name: could its entity be the same kind of thing as ``schema``."""
        found = self._compatible_by_schema.get(schema)
        if found is None:
            codes = {SCHEMA_CODES[s] for s in Schema if schemas_compatible(schema, s)}
            found = np.isin(self.packed.n_schema, list(codes))
            self._compatible_by_schema[schema] = found
        return found

    def _identifier_candidates(self, q: Query) -> list[int]:
        found = []
        for ident in q.identifiers:
            for position in self._by_identifier.get(_norm_id(ident.value), ()):
                if position in self._primary:
                    found.append(self._primary[position])
        return found

    def compare(self, name_a: str, name_b: str, schema: Schema | str | None = None) -> float:
        """Score two names against each other on the same scale as :meth:`search`."""
        return self.explain(name_a, name_b, schema).score

    def explain(self, name_a: str, name_b: str, schema: Schema | str | None = None) -> Match:
        """:meth:`compare` with the full explanation."""
        q = self.query(name_a, schema)
        target_schema = Schema.parse(schema) if isinstance(schema, str) else schema
        b = self.query(name_b, schema).name
        entity = Entity(id="b", schema=target_schema or Schema.LEGAL_ENTITY,
                        names=(Name(name_b),), source="compare")
        prepared = PreparedName(0, name_b, entity.names[0].kind, b, self.weights.of(b),
                                surname_mask(b))
        value, explanation = algorithm.score(q, prepared, entity)
        return Match(entity, round(value, 4), name_b, explanation, self.threshold,
                     self.algorithm)


def prune_caches(kept: Path) -> list[Path]:
    """Delete the cache files of ``kept``'s kind (its name up to the key: the bundled
    lists', or a database's list versions') beyond the ``CACHES_KEPT`` last used,
    ``kept`` always among them, and such files' leftovers of interrupted saves an hour old.
    Returns the files deleted. A file another process deletes first, or one that cannot be
    deleted, is passed over."""
    kind = kept.name.rsplit("-", 1)[0] + "-"
    used: list[tuple[float, Path]] = []
    stale: list[Path] = []
    now = time.time()
    for path in kept.parent.glob(kind + "*"):
        with contextlib.suppress(OSError):
            if path.name.endswith(".pickle") and path != kept:
                used.append((path.stat().st_mtime, path))
            elif path.name.endswith(".pickle.tmp") and (
                    now - path.stat().st_mtime > STALE_SAVE_SECONDS):
                stale.append(path)
    used.sort(reverse=True)
    deleted = []
    for path in [*(p for _, p in used[CACHES_KEPT - 1:]), *stale]:
        with contextlib.suppress(OSError):
            path.unlink()
            deleted.append(path)
    return deleted


def _settle(names: int, collected: bool = False) -> None:
    """Take every object made so far -- a new screener's entities, names and index -- out of
    the cyclic garbage collector's walks (``gc.freeze``), for a screener of at least
    ``SETTLE_MIN_NAMES`` names.

    A large screener is hundreds of thousands of objects kept for as long as it is used, and
    every search leaves a few survivors in caches; every few thousand searches those
    survivors make the collector walk the whole heap again (a quarter of a second each on
    the bundled lists: 8% of the speed benchmark's search time, 19% when the process holds
    the lists twice). A frozen object is still freed by reference counting as soon as
    nothing uses it; only an object in a reference cycle would stay for good, and a dropped
    screener leaves none (``tests/screening/test_screener_memory.py``). Young cycles
    elsewhere are collected first so that they do not stay. (A later ``gc.unfreeze``
    elsewhere, as ``model.collector`` does when a large device import that started without
    a screener's build running ends, only brings the walks back until the next screener is
    made.)
    """
    if names >= SETTLE_MIN_NAMES:
        if not collected:  # (collected: the caller collected just before making them)
            gc.collect(1)
        keep_frozen()  # (and kept frozen when the paused collector resumes)


def _explain_name(q: Query, names: PreparedNames, i: int,
                  entity: Entity) -> tuple[FeatureScore, ...]:
    return algorithm.score(q, names[i], entity, explain=True)[1]


def _identifier(value: Identifier | str) -> Identifier:
    if isinstance(value, Identifier):
        return value
    kind, _, rest = value.partition(":")
    if not rest:
        return Identifier("other", value)
    return Identifier(kind.strip().lower(), rest.strip())


@cache
def _format_tag() -> str:
    """What a saved screener must have been built with to be loaded.

    Besides the declared versions, a fingerprint of the normalisation, matching and index
    code and data, and of this module (the screener's own layout): a cache built before any
    change to them is rebuilt, not trusted.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    digest.update(Path(__file__).read_bytes())
    for folder in ("normalize", "match", "index"):
        for path in sorted((package / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv", ".toml", ".json"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return f"{algorithm.VERSION}/index-{INDEX_FORMAT}/{digest.hexdigest()[:12]}"


@cache
def _derivation_tag() -> str:
    """A fingerprint of what derived (ownership) entities are computed with."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    paths = [package / "screening" / "exposure.py",
             *sorted((package / "ownership").glob("*.py")),
             *sorted((package / "data" / "ownership").glob("*.csv"))]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _default_cache_dir() -> Path:
    from offramp.settings import load_settings

    return load_settings().home / "cache"


def kernels_compiled() -> bool:
    """Whether the compiled matcher (numba) is already cached on this machine.

    When it is not, the first search compiles it, which takes about half a minute once; front
    ends say so rather than appear to hang. (Reads numba's cache index path, an internal: any
    surprise there answers "compiled", so at worst the notice is missed.)
    """
    from offramp.index import kernels as index_kernels
    from offramp.match import kernels as match_kernels

    functions: tuple[Any, ...] = (index_kernels.select, match_kernels.score_names,
                                  match_kernels.best_per_entity, match_kernels.search_names)
    for function in functions:
        try:
            index = Path(function._cache._cache_file._index_path)
        except (AttributeError, TypeError):
            return True
        if not index.exists():
            return False
    return True


def state_size(screener: Screener) -> dict[str, Any]:
    """Sizes of the screener's parts, for benchmarks."""
    return {"entities": len(screener.entities), "names": len(screener.names),
            "word_keys": len(screener.index.words), "sound_keys": len(screener.index.sounds),
            "skeleton_keys": len(screener.index.skeletons()), "trigrams": len(screener.index.grams)}
