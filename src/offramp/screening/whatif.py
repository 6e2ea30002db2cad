"""What if a party is designated tomorrow? A hypothetical designation and its impact.

``offramp whatif designate Hikvision --list sdn --with-subsidiaries`` answers: which of our
stored counterparties would become blocked -- directly, through the subsidiaries and brands
designated with it, or through the 50% rule -- which alerts would open, and what differs
from today. The designation is applied *on top of* the lists in use and never written into
them: the hypothetical parties are separate entities (source ``whatif``, basis
``hypothetical``) in a screener built for the scenario only, and the scenario is saved in
its own table (:mod:`offramp.store.scenarios`).

How it works:

1. *Resolve* the name: an entry id of a list in use (``30946``, ``hikvision``,
   ``ofac-cons:30946``), else the list entries the name matches at the alert threshold --
   all of them, since one party is often on several lists (Hikvision is on NS-CMIC and in
   the restricted-vendor catalogue); else the name as given (a party on no list yet).
   ``--with-subsidiaries`` adds the catalogue's subsidiaries, affiliates and brands of the
   resolved party (its ``parent`` column; white-label resellers are independent companies
   and are not included).
2. *Ownership*: when the list has an ownership rule (the SDN list: OFAC's 50% rule), the
   rule is computed again with the designated parties added to the blocked ones; parties
   blocked under the scenario but not today become hypothetical entities too. Holdings
   naming the party by any of its names count (exact folded names, as for the real lists).
3. *Impact*: every stored subject is searched in a small screener of the hypothetical
   parties, at :data:`CANDIDATE_MARGIN` below the threshold; each candidate is then screened
   exactly as a batch would, once with today's lists and once with today's lists plus the
   scenario, and the difference is the impact. (The same two-stage design as the delta
   re-screen, for the same reason: word weights must come from the full lists.)

Every result says plainly that it is hypothetical.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from offramp.model import Entity, Name, NameKind, OfframpError, Schema, UnscreenableError
from offramp.ownership import OwnershipEdge, OwnershipGraph, analyse, named_node
from offramp.screening.batch import (
    CLEAR,
    Hit,
    ScreeningOptions,
    screen_name,
)
from offramp.screening.exposure import (
    DERIVED_SOURCE,
    DesignationList,
    blocking_sources,
    derived_entity,
    designation_lists,
    store_edges,
)
from offramp.screening.screener import Screener
from offramp.store import ListStore, ReviewStore
from offramp.store.devices import DeviceStore
from offramp.store.scenarios import ScenarioStore, StoredScenario

WHATIF_SOURCE = "whatif"
"""The source id of hypothetical entities: never a real list's."""

CANDIDATE_MARGIN = 0.25
"""How far below the threshold the first, cheap stage looks (see the module docstring)."""

HYPOTHETICAL_NOTICE = ("HYPOTHETICAL: this scenario applies a designation that has not been "
                       "made; it changes no list and no alert.")

# Catalogue kinds designated "with subsidiaries": owned or controlled members of the group,
# and its own brands. White-label resellers sell the group's products but are not its.
_GROUP_KINDS = frozenset({"subsidiary", "affiliate", "brand"})

# Routes by which a subject becomes exposed, strongest first.
DESIGNATED = "designated"
SUBSIDIARY = "subsidiary"
OWNERSHIP = "ownership"
ROUTES = (DESIGNATED, SUBSIDIARY, OWNERSHIP)


@dataclass(frozen=True, slots=True)
class Designation:
    """The hypothetical act: designate ``query`` on ``list_id`` (see :func:`designation_lists`)."""

    query: str
    list_id: str = "sdn"
    with_subsidiaries: bool = False
    effective: date | None = None

    def params(self) -> dict[str, Any]:
        """JSON-ready form, as saved with the scenario."""
        return {"query": self.query, "list": self.list_id,
                "with_subsidiaries": self.with_subsidiaries,
                "effective": self.effective.isoformat() if self.effective else None}


@dataclass(frozen=True, slots=True)
class DesignatedParty:
    """A party the scenario designates, and why: the resolved party or a group member."""

    key: str  # entity id of the hypothetical entity
    name: str
    route: str  # DESIGNATED or SUBSIDIARY
    entries: tuple[str, ...]  # "source:id" of the real list entries it stands for
    names: tuple[str, ...]
    note: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"key": self.key, "name": self.name, "route": self.route,
                "entries": list(self.entries), "names": list(self.names), "note": self.note}


@dataclass(frozen=True, slots=True)
class NewHit:
    """A hit the scenario adds for a subject."""

    route: str
    entity_name: str
    score: float
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"route": self.route, "entity_name": self.entity_name, "score": self.score,
                "explanation": self.explanation}


@dataclass(frozen=True, slots=True)
class SubjectImpact:
    """One stored subject the scenario changes: today's result and what it adds."""

    subject_key: str
    subject_id: str | None
    name: str
    today_status: str
    today_hits: tuple[str, ...]
    new_hits: tuple[NewHit, ...]

    @property
    def route(self) -> str:
        """The strongest route among the new hits."""
        return min((h.route for h in self.new_hits), key=ROUTES.index)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"subject_key": self.subject_key, "subject_id": self.subject_id,
                "name": self.name, "today_status": self.today_status,
                "today_hits": list(self.today_hits), "route": self.route,
                "new_hits": [h.to_json() for h in self.new_hits]}


@dataclass(frozen=True, slots=True)
class ScenarioReport:
    """The impact of one designation (everything in it is hypothetical)."""

    name: str
    designation: Designation
    list: DesignationList
    parties: tuple[DesignatedParty, ...]
    derived: tuple[dict[str, str], ...]  # parties the 50% rule would block: name, explanation
    minority: tuple[dict[str, str], ...]  # below-threshold exposures the scenario creates
    impacts: tuple[SubjectImpact, ...]
    subjects_screened: int
    unscreened: int
    threshold: float
    algorithm: str
    list_versions: Mapping[str, int]
    created_at: datetime
    warnings: tuple[str, ...] = ()
    devices: Mapping[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        """Counts: subjects newly exposed by route, alerts that would open, clear today."""
        by_route = {route: sum(1 for i in self.impacts if i.route == route)
                    for route in ROUTES}
        return {
            "subjects_screened": self.subjects_screened,
            "subjects_affected": len(self.impacts),
            "affected_designated": by_route[DESIGNATED],
            "affected_subsidiary": by_route[SUBSIDIARY],
            "affected_ownership": by_route[OWNERSHIP],
            "clear_today": sum(1 for i in self.impacts if i.today_status == CLEAR),
            "alerts_would_open": sum(len(i.new_hits) for i in self.impacts),
            "parties_blocked_by_ownership": len(self.derived),
            "unscreened": self.unscreened,
        }

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form: what is saved and what ``--json`` prints."""
        return {
            "hypothetical": True, "notice": HYPOTHETICAL_NOTICE, "name": self.name,
            "designation": self.designation.params(),
            "list": {"id": self.list.id, "name": self.list.name,
                     "ownership_rule": self.list.ownership_rule.value
                     if self.list.ownership_rule else None,
                     "effect": self.list.effect, "citation": self.list.citation,
                     "source_url": self.list.source_url},
            "parties": [p.to_json() for p in self.parties],
            "derived": list(self.derived), "minority": list(self.minority),
            "impacts": [i.to_json() for i in self.impacts], "summary": self.summary,
            "threshold": self.threshold, "algorithm": self.algorithm,
            "list_versions": dict(self.list_versions),
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "warnings": list(self.warnings), "devices": dict(self.devices),
        }


def _screenable_names(entity: Entity) -> list[str]:
    return [n.value for n in entity.names if n.kind is not NameKind.WEAK]


def _entity_by_ref(entities: Sequence[Entity], ref: str) -> list[Entity]:
    """Entries whose id is ``ref`` or ``source:id`` is ``ref``."""
    return [e for e in entities if ref in (e.id, f"{e.source}:{e.id}")]


def resolve_party(screener: Screener, entities: Sequence[Entity],
                  query: str) -> tuple[list[Entity], str]:
    """The real list entries ``query`` designates, and how they were found.

    An entry id first; else every entry the name matches at the screener's threshold
    (derived and hypothetical entities never count); else none, and the name stands alone.
    """
    query = query.strip()
    if not query:
        raise OfframpError("whatif: give the name or list entry id of the party to designate")
    by_id = _entity_by_ref(entities, query)
    if by_id:
        return by_id, f"entry id {query}"
    try:
        found = screener.search(query, limit=20, min_score=screener.threshold)
    except UnscreenableError as exc:
        raise OfframpError(f"whatif: {exc}") from exc
    real = [m.entity for m in found if m.alert and m.entity.source not in
            (DERIVED_SOURCE, WHATIF_SOURCE)]
    if real:
        return real, f"name matched {len(real)} list entr{'y' if len(real) == 1 else 'ies'}"
    return [], "no list entry matches: designated under the name as given"


def _subsidiaries(entities: Sequence[Entity], parents: set[str]) -> list[Entity]:
    """Catalogue group members (subsidiary, affiliate, brand) of ``parents``, transitively."""
    found: list[Entity] = []
    seen = set(parents)
    frontier = set(parents)
    while frontier:
        step: set[str] = set()
        for entity in entities:
            parent = set(entity.properties.get("parent", ()))
            kind = next(iter(entity.properties.get("partyKind", ())), "")
            if parent & frontier and entity.id not in seen and kind in _GROUP_KINDS:
                found.append(entity)
                seen.add(entity.id)
                step.add(entity.id)
        frontier = step
    return found


def _hypothetical(key: str, names: Iterable[str], schema: Schema, remarks: str,
                  scenario: str, route: str, source_list: str,
                  programs: Sequence[str]) -> Entity:
    unique = list(dict.fromkeys(n for n in names if n.strip()))
    return Entity(id=key, schema=schema, names=tuple(Name(n) for n in unique),
                  source=WHATIF_SOURCE, source_list=source_list, programs=tuple(programs),
                  remarks=remarks, properties={"hypothetical": (scenario,),
                                               "whatif_route": (route,)})


@dataclass
class _Built:
    """The scenario's hypothetical entities and what the report says about them."""

    parties: list[DesignatedParty]
    entities: list[Entity]
    derived: list[dict[str, str]]
    minority: list[dict[str, str]]
    warnings: list[str]


def build_scenario(name: str, designation: Designation, screener: Screener,
                   entities: Sequence[Entity], edges: Sequence[OwnershipEdge]) -> _Built:
    """Resolve the designation and compute the hypothetical entities (steps 1 and 2)."""
    lists = designation_lists()
    if designation.list_id not in lists:
        raise OfframpError(f"whatif: unknown list {designation.list_id!r} "
                           f"(known: {', '.join(lists)})")
    target = lists[designation.list_id]
    programs = (f"HYPOTHETICAL-{target.id.upper()}",)
    when = (f", effective {designation.effective.isoformat()}"
            if designation.effective else "")
    label = f"HYPOTHETICAL {target.name} designation (scenario {name!r}{when})"
    found, how = resolve_party(screener, entities, designation.query)
    schema = next((e.schema for e in found), Schema.LEGAL_ENTITY)
    caption = found[0].caption if found else designation.query.strip()
    names = [*(n for e in found for n in _screenable_names(e)), designation.query.strip()]
    main = DesignatedParty(
        key=f"whatif:{name}:designated", name=caption, route=DESIGNATED,
        entries=tuple(f"{e.source}:{e.id}" for e in found),
        names=tuple(dict.fromkeys(names)),
        note=f"{caption} designated on the {target.id.upper()} list ({how})")
    parties = [main]
    group: list[Entity] = []
    if designation.with_subsidiaries:
        group = _subsidiaries(entities, {e.id for e in found})
        for member in group:
            kind = next(iter(member.properties.get("partyKind", ())), "member")
            parties.append(DesignatedParty(
                key=f"whatif:{name}:{member.source}:{member.id}", name=member.caption,
                route=SUBSIDIARY, entries=(f"{member.source}:{member.id}",),
                names=tuple(_screenable_names(member)),
                note=f"{kind} of {caption} per {member.source}, designated with it "
                     "(--with-subsidiaries)"))
    hypothetical = [
        _hypothetical(p.key, p.names, schema if p.route == DESIGNATED else Schema.COMPANY,
                      f"{HYPOTHETICAL_NOTICE} {p.note}", name, p.route, label, programs)
        for p in parties]
    derived: list[dict[str, str]] = []
    minority: list[dict[str, str]] = []
    warnings: list[str] = []
    if target.ownership_rule is not None and edges:
        graph = OwnershipGraph(edges)
        blocked_today = {e.id for e in entities if e.source in blocking_sources()}
        # The designated parties as graph nodes: their entry ids, and every name of theirs
        # as a named node (holdings files name parties as they please).
        added: set[str] = set()
        for party, members in [(main, found), *((p, [m]) for p, m in
                                                zip(parties[1:], group, strict=True))]:
            added.update(e.id for e in members)
            for text in party.names:
                try:
                    added.add(named_node(text))
                except ValueError:
                    continue
        today = analyse(graph, blocked_today & graph.nodes, rule=target.ownership_rule)
        after = analyse(graph, (blocked_today | added) & graph.nodes,
                        rule=target.ownership_rule)
        warnings.extend(after.warnings)
        by_id = {e.id: e for e in entities}
        for node, exposure in sorted(after.derived.items()):
            if node in today.derived:
                continue
            entity = derived_entity(node, exposure, by_id.get(node), graph.label(node))
            text = f"{HYPOTHETICAL_NOTICE} {exposure.explain()}"
            hypothetical.append(_hypothetical(
                f"whatif:{name}:ownership:{node}", _screenable_names(entity), entity.schema,
                text, name, OWNERSHIP, label, programs))
            derived.append({"name": graph.label(node), "explanation": exposure.explain()})
        for node, exposure in sorted(after.related.items()):
            before = today.related.get(node)
            if before is None or before.explain() != exposure.explain():
                minority.append({"name": graph.label(node), "explanation": exposure.explain()})
    elif target.ownership_rule is None:
        warnings.append(f"{target.name}: {target.effect}; no ownership rule is computed for it")
    return _Built(parties, hypothetical, derived, minority, warnings)


def _hit_text(hit: Hit) -> str:
    basis = "" if hit.basis == "listed" else f" ({hit.basis})"
    return f"{hit.score:.2f} {hit.source} #{hit.entity_id} {hit.entity_name}{basis}"


def assess(name: str, designation: Designation, *, screener: Screener,
           entities: Sequence[Entity], edges: Sequence[OwnershipEdge],
           subjects: Iterable[Any], list_versions: Mapping[str, int],
           threshold: float | None = None,
           progress: Callable[[int], None] | None = None) -> ScenarioReport:
    """The scenario's impact on ``subjects`` (objects with ``key``, ``name``,
    ``subject_id``, ``country``, ``birth_date``), without storing anything."""
    built = build_scenario(name, designation, screener, entities, edges)
    limit = threshold if threshold is not None else screener.threshold
    options = ScreeningOptions(threshold=limit)
    small = Screener.from_entities(built.entities, threshold=limit)
    scenario_screener: Screener | None = None
    routes = {e.id: e.properties["whatif_route"][0] for e in built.entities}
    impacts: list[SubjectImpact] = []
    screened = unscreened = 0
    for subject in subjects:
        screened += 1
        if progress is not None:
            progress(screened)
        try:
            near = small.search(subject.name, limit=3, country=subject.country,
                                birth_date=subject.birth_date,
                                min_score=max(limit - CANDIDATE_MARGIN, 0.0))
        except (UnscreenableError, OfframpError):
            unscreened += 1
            continue
        if not near:
            continue
        if scenario_screener is None:  # built once, only when some subject is near
            scenario_screener = Screener.from_entities([*screener.entities, *built.entities],
                                                       threshold=limit)
        after = screen_name(scenario_screener, subject.name, subject.country,
                            subject.birth_date, options)
        new = [h for h in after.matches if h.source == WHATIF_SOURCE]
        if not new:
            continue
        today = screen_name(screener, subject.name, subject.country, subject.birth_date,
                            options)
        impacts.append(SubjectImpact(
            subject_key=subject.key, subject_id=subject.subject_id, name=subject.name,
            today_status=today.status,
            today_hits=tuple(_hit_text(h) for h in today.matches),
            new_hits=tuple(NewHit(routes[h.entity_id], h.entity_name, h.score,
                                  h.exposure or "") for h in new)))
    impacts.sort(key=lambda i: (ROUTES.index(i.route), i.subject_id or "", i.name))
    return ScenarioReport(
        name=name, designation=designation, list=designation_lists()[designation.list_id],
        parties=tuple(built.parties), derived=tuple(built.derived),
        minority=tuple(built.minority), impacts=tuple(impacts), subjects_screened=screened,
        unscreened=unscreened, threshold=limit, algorithm=screener.algorithm,
        list_versions=dict(list_versions), created_at=datetime.now(UTC),
        warnings=tuple(built.warnings))


def default_name(designation: Designation) -> str:
    """A scenario name from the designation: ``hikvision-sdn-subs-1a2b3c``."""
    words = "".join(c if c.isalnum() else "-" for c in designation.query.lower()).strip("-")
    words = "-".join(w for w in words.split("-") if w)[:40] or "party"
    digest = hashlib.sha256(repr(designation.params()).encode()).hexdigest()[:6]
    subs = "-subs" if designation.with_subsidiaries else ""
    return f"{words}-{designation.list_id}{subs}-{digest}"


def designate(store: ListStore, reviews: ReviewStore, designation: Designation, *,
              name: str | None = None, actor: str, replace: bool = False,
              screener: Screener | None = None,
              progress: Callable[[int], None] | None = None) -> StoredScenario:
    """Assess ``designation`` against every stored subject and save it as a scenario.

    ``screener`` defaults to the screener over the lists in use (with today's derived
    exposures). Nothing in the lists, subjects or alerts changes.
    """
    current = store.current()
    if not current:
        raise OfframpError("no lists loaded: run `offramp lists load --bundled` first")
    screener = screener or Screener.from_store(store)
    real = [e for e in screener.entities if e.source not in (DERIVED_SOURCE, WHATIF_SOURCE)]
    edges, _warnings = store_edges(store, real)
    scenario_name = name or default_name(designation)
    versions = {s: snap.id for s, snap in current.items() if snap.id is not None}
    report = assess(scenario_name, designation, screener=screener, entities=real,
                    edges=edges, subjects=reviews.subjects(), list_versions=versions,
                    progress=progress)
    report = dataclasses.replace(report, devices=device_impact(store, report))
    if report.subjects_screened == 0:
        report = _with_warning(report, "no stored subjects: screen a file first (`offramp "
                                       "screen FILE`), then run the scenario")
    return ScenarioStore(store).save(scenario_name, designation.params(), versions,
                                     report.to_json(), actor, replace=replace)


def device_impact(store: ListStore, report: ScenarioReport) -> dict[str, Any]:
    """The latest stored device assessment's devices made by a designated vendor.

    A device is counted when its identified vendor family or catalogue brand is one of the
    designated parties' catalogue entries (``offramp-catalogue:hikvision``, and with
    ``--with-subsidiaries`` its brands such as EZVIZ or HiLook). Empty when no assessment.
    """
    latest = DeviceStore(store).latest()
    if latest is None:
        return {}
    ids = {entry.split(":", 1)[1] for p in report.parties for entry in p.entries
           if entry.startswith("offramp-catalogue:")}
    if not ids:
        return {"assessment": latest.id, "devices": 0, "by_site": {}, "vendors": []}
    matched = [d for d in DeviceStore(store).devices(latest.id)
               if d.get("vendor") in ids or (d.get("brand") or "").lower() in ids]
    by_site: dict[str, int] = {}
    for d in matched:
        site = d.get("site") or "(no site)"
        by_site[site] = by_site.get(site, 0) + 1
    return {"assessment": latest.id, "assessed_at": latest.created_at.isoformat(),
            "devices": len(matched), "of": int(latest.summary.get("devices", 0)),
            "by_site": dict(sorted(by_site.items())), "vendors": sorted(ids)}


def _with_warning(report: ScenarioReport, warning: str) -> ScenarioReport:
    return dataclasses.replace(report, warnings=(*report.warnings, warning))
