"""What a party's ties to blocked parties amount to, and the sentence that explains it.

One :class:`Exposure` per party: its kind (blocked by the 50% rule, or one of the weaker
kinds that only call for review), the holdings that were counted with the path each comes
by, and the uncounted ties (unstated shares, control, links). ``explain()`` is the text a
reviewer reads: ``blocked by the 50% rule (OFAC): A owns 30% directly and 25% through C
(blocked); 55% in aggregate (threshold 50%)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from offramp.ownership.edges import OwnershipEdge, format_percent

THRESHOLD = 50.0
# Percentages are decimal text added in binary floating point (33.33 + 16.67 may come out a
# hair under 50); shares this close to the threshold are at it. 49.99 stays well below.
TOLERANCE = 1e-9
# An explanation shows at most this many parties of one chain; the rest is elided.
MAX_SHOWN = 8


class Rule(StrEnum):
    """How indirect holdings are attributed (docs/ownership.md compares them).

    * ``ofac``: OFAC's 2014 guidance. A holding counts in full when its owner is blocked
      (listed, or blocked by this rule); holdings of parties that are not blocked count
      for nothing, however much of them blocked parties own.
    * ``look-through``: as ``ofac``, and in addition a party that is not blocked passes
      on the blocked share of itself, multiplied by its stake: a blocked party owning 40%
      of C, which owns 30% of D, counts 12% in D. Never blocks less than ``ofac``.
    """

    OFAC = "ofac"
    LOOK_THROUGH = "look-through"

    @classmethod
    def parse(cls, value: Rule | str) -> Rule:
        """Accept the enum or its text (``"ofac"``, ``"look-through"``, ``"look_through"``)."""
        if isinstance(value, Rule):
            return value
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        try:
            return cls(key)
        except ValueError as exc:
            raise ValueError(f"unknown ownership rule {value!r} (use "
                             f"{', '.join(r.value for r in cls)})") from exc


def reaches_threshold(percent: float) -> bool:
    """True at 50% or more (exactly 50 counts), allowing for float rounding only."""
    return percent >= THRESHOLD - TOLERANCE


class ExposureKind(StrEnum):
    """Strongest first: a party gets the strongest kind that applies."""

    BLOCKED = "blocked"  # owned 50% or more in aggregate by blocked parties
    SHARE_UNKNOWN = "owned-share-unknown"  # a blocked party owns an unstated share
    MINORITY = "owned-below-threshold"  # blocked parties own more than 0 and less than 50%
    CONTROLLED = "controlled"  # a blocked party controls it (control does not count)
    LINKED = "linked"  # a source links it to a blocked party, no ownership stated


class OwnerStatus(StrEnum):
    """Why an owner's holding was counted the way it was."""

    LISTED = "listed"  # one of the blocked ids given
    DERIVED = "blocked by the rule"  # blocked through ownership
    NOT_BLOCKED = "not blocked"  # look-through only: counted in proportion


class Chain:
    """A path of blocked parties from a listed party to an owner, e.g. ``A → C``.

    Chains share their beginnings (each is its predecessor plus one node), so a long chain
    of subsidiaries costs memory in proportion to its length, not its square, and nothing
    here recurses: group structures of any depth are safe.
    """

    __slots__ = ("length", "node", "previous")

    def __init__(self, node: str, previous: Chain | None = None) -> None:
        self.node = node
        self.previous = previous
        self.length: int = 1 if previous is None else previous.length + 1

    def then(self, node: str) -> Chain:
        """This chain continued to ``node``."""
        return Chain(node, self)

    def nodes(self) -> tuple[str, ...]:
        """The node ids, listed party first."""
        out: list[str] = []
        link: Chain | None = self
        while link is not None:
            out.append(link.node)
            link = link.previous
        return tuple(reversed(out))

    @property
    def root(self) -> str:
        """The listed party the chain starts at."""
        link = self
        while link.previous is not None:
            link = link.previous
        return link.node

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Chain) and self.nodes() == other.nodes()

    def __hash__(self) -> int:
        return hash(self.nodes())

    def __repr__(self) -> str:
        return f"Chain({' → '.join(self.nodes())})"


@dataclass(frozen=True, slots=True)
class Stake:
    """One counted holding in the exposed party.

    ``percent`` is the owner's stated share, ``attributed`` what the rule counts of it
    (equal under ``ofac``; multiplied by ``owner_blocked_share`` / 100 for a not-blocked
    owner under ``look-through``). ``chains`` are paths of node ids from a listed party to
    the owner (the owner included): the owner alone for a listed owner, every path for a
    derived one (at most ``MAX_CHAINS``), none for a not-blocked one.
    """

    owner: str
    percent: float
    attributed: float
    status: OwnerStatus
    edge: OwnershipEdge
    chains: tuple[Chain, ...] = ()
    owner_blocked_share: float | None = None


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True, slots=True)
class Exposure:
    """A party's exposure to blocked parties under one rule (see the module docstring).

    ``total_percent`` is the sum of ``stakes[*].attributed``: the share blocked parties own
    in aggregate, as far as shares are stated. ``unknown`` are ownership edges from blocked
    owners that state no share, ``controls`` control edges from blocked parties, ``links``
    link edges to or from blocked parties. ``labels`` maps nodes to display names (shared
    with the graph; a node without one shows as its id).
    """

    node: str
    kind: ExposureKind
    rule: Rule
    total_percent: float
    stakes: tuple[Stake, ...] = ()
    unknown: tuple[OwnershipEdge, ...] = ()
    controls: tuple[OwnershipEdge, ...] = ()
    links: tuple[OwnershipEdge, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def blocked(self) -> bool:
        """True when the party is blocked by the 50% rule."""
        return self.kind is ExposureKind.BLOCKED

    @property
    def label(self) -> str:
        """The exposed party's display name."""
        return self._name(self.node)

    def _name(self, node: str) -> str:
        return self.labels.get(node, node)

    def _roots(self, stake: Stake) -> list[str]:
        roots: list[str] = []
        for chain in stake.chains:
            name = self._name(chain.root)
            if name not in roots:
                roots.append(name)
        return roots

    def _via(self, nodes: tuple[str, ...]) -> str:
        """``C (blocked) → D (blocked)``; the middle of a very long chain is elided."""
        names = [f"{self._name(n)} (blocked)" for n in nodes]
        if len(names) > MAX_SHOWN:
            hidden = len(names) - (MAX_SHOWN - 1)
            names = [*names[:2], f"… {hidden} more …", *names[-(MAX_SHOWN - 3):]]
        return " → ".join(names)

    def _phrase(self, stake: Stake) -> tuple[str | None, str]:
        """(who, what): ``("A", "25% through C (blocked)")``; who is None when unnamed."""
        share = f"{format_percent(stake.percent)}%"
        owner = self._name(stake.owner)
        if stake.status is OwnerStatus.LISTED:
            return owner, f"{share} directly"
        if stake.status is OwnerStatus.DERIVED:
            chain = stake.chains[0].nodes() if stake.chains else (stake.owner,)
            via = self._via(chain[1:]) if len(chain) > 1 else f"{owner} (blocked)"
            # Chains that differ only in their listed party run through the same parties:
            # the roots say who, "other paths" counts genuinely different routes.
            more = len({c.nodes()[1:] for c in stake.chains}) - 1
            via += f" (and {more} other path{'s' if more > 1 else ''})" if more > 0 else ""
            roots = self._roots(stake)
            who = None if not roots else roots[0] if len(roots) == 1 else (
                f"{_join(roots)} together")
            return who, f"{share} through {via}"
        return None, (f"{format_percent(stake.attributed)}% through {owner} (not blocked; "
                      f"{format_percent(stake.owner_blocked_share)}% owned by blocked "
                      f"parties, holding {share})")

    def _counted(self) -> list[str]:
        """The counted holdings grouped by who holds them: ``A owns 30% directly and ...``."""
        groups: dict[str | None, list[str]] = {}
        loose: list[str] = []
        for stake in self.stakes:
            who, what = self._phrase(stake)
            if who is None:
                loose.append(what)
            else:
                groups.setdefault(who, []).append(what)
        out = []
        for who, whats in groups.items():
            verb = "own" if who is not None and who.endswith(" together") else "owns"
            out.append(f"{who} {verb} {_join(whats)}")
        return out + loose

    def _extras(self) -> list[str]:
        parts: list[str] = []
        for edge in self.unknown:
            what = f" ({edge.note})" if edge.note else ""
            parts.append(f"{self._name(edge.owner)} (blocked) owns an unstated share{what}")
        for edge in self.controls:
            parts.append(f"controlled by {self._name(edge.owner)} (blocked); control does "
                         "not count under OFAC's rule")
        for edge in self.links:
            other = edge.owned if edge.owner == self.node else edge.owner
            per = f" per {edge.source}" if edge.source else ""
            parts.append(f"linked to {self._name(other)} (blocked){per}; no ownership stated")
        return parts

    def explain(self) -> str:
        """One readable paragraph: the verdict, each path with its share, and the sum."""
        counted = self._counted()
        total = f"{format_percent(self.total_percent)}% in aggregate"
        rule = "OFAC" if self.rule is Rule.OFAC else "look-through, stricter than OFAC"
        if self.kind is ExposureKind.BLOCKED:
            text = (f"blocked by the 50% rule ({rule}): {'; '.join(counted)}; {total} "
                    f"(threshold {format_percent(THRESHOLD)}%)")
        elif self.kind is ExposureKind.SHARE_UNKNOWN:
            text = "possibly blocked, share unknown: " + "; ".join(
                [*counted, *self._extras()])
            if counted:
                text += f"; stated shares give {total}"
            return text
        elif self.kind is ExposureKind.MINORITY:
            text = (f"not blocked ({rule}): {'; '.join(counted)}; {total}, below "
                    f"{format_percent(THRESHOLD)}%. OFAC urges caution with significant "
                    "minority ownership by blocked parties (FAQ 398)")
        elif self.kind is ExposureKind.CONTROLLED:
            return "not blocked by ownership: " + "; ".join(self._extras())
        else:
            return "not blocked: " + "; ".join(self._extras())
        extras = self._extras()
        return text + (f". Also: {'; '.join(extras)}" if extras else "")

    def paths(self) -> list[str]:
        """Each counted path from a listed party, e.g. ``A → C → D: 25%``."""
        out: list[str] = []
        for stake in self.stakes:
            share = f"{format_percent(stake.attributed)}%"
            chains = [c.nodes() for c in stake.chains] or [(stake.owner,)]
            for chain in chains:
                names = [self._name(n) for n in (*chain, self.node)]
                out.append(f"{' → '.join(names)}: {share}")
        return out
