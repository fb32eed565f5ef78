"""Who cooperates with whom, on what evidence; paths between actors; maps.

All three answers are read off the Network (network.py): cooperation is two
hops actor -> activity -> actor (or a shared coordination body), paths are
shortest walks over cooperation, membership and part-of links, and a map is a
budgeted breadth-first neighbourhood. Every link keeps the records it rests
on, so every answer can show its evidence and their sources.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property, partial
from itertools import pairwise

from tkgraph.domain.network import Link, LinkKind, Network
from tkgraph.model.readmodel import ReadModel


class EvidenceKind(Enum):
    AGREEMENT = "cooperation agreement"
    OPERATION = "joint operation"
    PROGRAMME = "programme"
    COORDINATION_BODY = "shared membership of a coordination body"
    MEMBERSHIP = "membership"
    PART_OF = "part of"


_ACTIVITY_LINKS = {
    LinkKind.AGREEMENT_PARTY: EvidenceKind.AGREEMENT,
    LinkKind.OPERATION_ROLE: EvidenceKind.OPERATION,
    LinkKind.PROGRAMME_ROLE: EvidenceKind.PROGRAMME,
}
_ACTIVITY_KINDS = frozenset(_ACTIVITY_LINKS)
COOPERATION_KINDS = frozenset(
    {
        EvidenceKind.AGREEMENT,
        EvidenceKind.OPERATION,
        EvidenceKind.PROGRAMME,
        EvidenceKind.COORDINATION_BODY,
    }
)


@dataclass(frozen=True)
class Window:
    """Dates evidence must touch: as of one day, or overlapping [start, end]."""

    as_of: date | None = None
    start: date | None = None
    end: date | None = None

    def admits(self, link: Link) -> bool:
        if not link.visible(self.as_of):
            return False
        if self.end is not None and link.start is not None and link.start > self.end:
            return False
        return not (self.start is not None and link.end is not None and link.end < self.start)


@dataclass(frozen=True)
class Evidence:
    """Why two actors are connected: the activity or body, each side's roles, the records."""

    kind: EvidenceKind
    via: str  # the activity, agreement, coordination body or membership IRI
    roles: tuple[str, ...]
    partner_roles: tuple[str, ...]
    start: date | None
    end: date | None
    records: tuple[str, ...]


# One piece of evidence before it is built.
_Build = Callable[[], Evidence]


@dataclass(frozen=True)
class Cooperation:
    """A partner and the evidence of the cooperation; the evidence objects are
    built when read, so counting partners does not pay for them."""

    partner: str
    evidence_count: int
    make_evidence: Callable[[], tuple[Evidence, ...]] = field(repr=False, compare=False)

    @cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.make_evidence()


def _activity_evidence(
    kind: EvidenceKind, activity: str, my_links: list[Link], partner_links: list[Link]
) -> Evidence:
    return Evidence(
        kind, activity,
        tuple(sorted({x.relation for x in my_links})),
        tuple(sorted({x.relation for x in partner_links})),
        my_links[0].start, my_links[0].end,
        tuple(dict.fromkeys(r for x in my_links + partner_links for r in x.evidence)),
    )  # fmt: skip


def _my_activities(
    net: Network, actor: str, kinds: frozenset[EvidenceKind], window: Window
) -> dict[str, list[Link]]:
    """The activities of these kinds `actor` takes part in, each with its links to it."""
    mine: dict[str, list[Link]] = defaultdict(list)
    for link in net.links(actor):
        if link.source == actor and _ACTIVITY_LINKS.get(link.kind) in kinds and window.admits(link):
            mine[link.target].append(link)
    return mine


def _shared_bodies(
    model: ReadModel, net: Network, actor: str, window: Window
) -> Iterator[tuple[Link, Link]]:
    """(actor's membership, another member's membership) of each coordination body."""
    for link in net.links(actor, frozenset({LinkKind.MEMBERSHIP})):
        body = model.actors.get(link.target)
        if link.source != actor or body is None or "CoordinationBody" not in body.types:
            continue
        if not window.admits(link):
            continue
        for other in net.links(body.iri, frozenset({LinkKind.MEMBERSHIP})):
            if other.source in (actor, body.iri) or not window.admits(other):
                continue
            yield link, other


def _evidence_counts(
    model: ReadModel, net: Network, actor: str, kinds: frozenset[EvidenceKind], window: Window
) -> Counter[str]:
    """Partner -> the number of pieces _partner_evidence finds, in its order, without
    making them: a partner count or a ranking needs no more (counted in C)."""
    counts: Counter[str] = Counter()
    for activity in _my_activities(net, actor, kinds, window):
        counts.update(net.inbound_by_source(activity, _ACTIVITY_KINDS).keys())
    counts.pop(actor, None)  # its own links into each activity
    if EvidenceKind.COORDINATION_BODY in kinds:
        counts.update(other.source for _, other in _shared_bodies(model, net, actor, window))
    return counts


def _body_evidence(mine: Link, theirs: Link) -> Evidence:
    """Shared membership holds while both are members: from the later start (unknown
    if either start is) to the earlier end (a membership without an end goes on)."""
    start = None if mine.start is None or theirs.start is None else max(mine.start, theirs.start)
    ends = [end for end in (mine.end, theirs.end) if end is not None]
    return Evidence(
        EvidenceKind.COORDINATION_BODY, mine.target, ("member",), ("member",),
        start, min(ends, default=None), mine.evidence + theirs.evidence,
    )  # fmt: skip


def _partner_evidence(
    model: ReadModel, net: Network, actor: str, kinds: frozenset[EvidenceKind], window: Window
) -> dict[str, list[_Build]]:
    """Partner -> evidence, from shared activities and shared coordination bodies."""
    found: dict[str, list[_Build]] = defaultdict(list)
    for activity, my_links in _my_activities(net, actor, kinds, window).items():
        kind = _ACTIVITY_LINKS[my_links[0].kind]
        for partner, partner_links in net.inbound_by_source(activity, _ACTIVITY_KINDS).items():
            if partner != actor:
                found[partner].append(
                    partial(_activity_evidence, kind, activity, my_links, partner_links)
                )
    if EvidenceKind.COORDINATION_BODY in kinds:
        for mine, theirs in _shared_bodies(model, net, actor, window):
            found[theirs.source].append(partial(_body_evidence, mine, theirs))
    return found


class _EvidenceTable:
    """One actor's evidence for every partner, found on the first read, for all
    partners in one pass (a document that reads evidence reads it for many)."""

    def __init__(
        self,
        model: ReadModel,
        net: Network,
        actor: str,
        kinds: frozenset[EvidenceKind],
        window: Window,
    ) -> None:
        self._find = partial(_partner_evidence, model, net, actor, kinds, window)

    @cached_property
    def _by_partner(self) -> dict[str, list[_Build]]:
        return self._find()

    def evidence_of(self, partner: str) -> tuple[Evidence, ...]:
        return _built(self._by_partner[partner])


def _newest_first(evidence: list[Evidence]) -> None:
    """Newest first, then by activity, kind and records (all descending), so that
    the order never depends on the order the store returned its quads."""
    evidence.sort(key=lambda e: (e.start or date.min, e.via, e.kind.name, e.records), reverse=True)


def _built(builds: list[_Build]) -> tuple[Evidence, ...]:
    """The evidence, newest first (sorted here: counting partners needs no order)."""
    evidence = [build() for build in builds]
    _newest_first(evidence)
    return tuple(evidence)


def cooperation_of(
    model: ReadModel,
    net: Network,
    actor: str,
    kinds: frozenset[EvidenceKind] = COOPERATION_KINDS,
    window: Window = Window(),
    partner_kinds: frozenset[str] | None = None,
) -> list[Cooperation]:
    """The actors `actor` cooperates with, most evidence first, each with its evidence."""
    table = _EvidenceTable(model, net, actor, kinds, window)
    result = []
    for partner, count in _evidence_counts(model, net, actor, kinds, window).items():
        record = model.actors.get(partner)
        if record is None or (
            partner_kinds is not None and not partner_kinds & {record.kind, *record.types}
        ):
            continue
        result.append(Cooperation(partner, count, partial(table.evidence_of, partner)))
    result.sort(key=lambda c: (-c.evidence_count, (model.actors[c.partner].label or "").casefold()))
    return result


# -- paths --------------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    evidence: tuple[Evidence, ...]


def _neighbours(
    model: ReadModel, net: Network, actor: str, kinds: frozenset[EvidenceKind], window: Window
) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    for partner, builds in _partner_evidence(model, net, actor, kinds, window).items():
        found[partner] = list(_built(builds))
    structural = {
        LinkKind.MEMBERSHIP: EvidenceKind.MEMBERSHIP,
        LinkKind.PART_OF: EvidenceKind.PART_OF,
    }
    for link in net.links(actor, frozenset(structural)):
        kind = structural[link.kind]
        if kind not in kinds or not window.admits(link):
            continue
        other = link.other(actor)
        role, partner_role = (
            (link.relation, "has " + link.relation)
            if link.source == actor
            else ("has " + link.relation, link.relation)
        )
        found[other].append(
            Evidence(kind, link.id, (role,), (partner_role,), link.start, link.end, link.evidence)
        )
    for evidence in found.values():
        _newest_first(evidence)  # as cooperation answers it
    return found


class _PathSearch:
    """Breadth-first search over actors, ring by ring, recording every parent on
    a shortest path. Shared activities and coordination bodies are hubs that are
    expanded once per search, not once per actor that reaches them: at 1M
    triples one operation can have hundreds of participants."""

    def __init__(
        self, model: ReadModel, net: Network, kinds: frozenset[EvidenceKind], window: Window
    ) -> None:
        self.model, self.net, self.kinds, self.window = model, net, kinds, window
        self.structural = frozenset(
            k for k, e in ((LinkKind.MEMBERSHIP, EvidenceKind.MEMBERSHIP), (LinkKind.PART_OF, EvidenceKind.PART_OF))
            if e in kinds
        )  # fmt: skip

    def hubs(self, actor: str) -> Iterator[str]:
        """Activities, agreements and coordination bodies the actor is in."""
        for link in self.net.links(actor):
            if link.source != actor or not self.window.admits(link):
                continue
            if _ACTIVITY_LINKS.get(link.kind) in self.kinds:
                yield link.target
            elif link.kind is LinkKind.MEMBERSHIP and EvidenceKind.COORDINATION_BODY in self.kinds:
                body = self.model.actors.get(link.target)
                if body is not None and "CoordinationBody" in body.types:
                    yield f"members-of|{link.target}"

    def hub_members(self, hub: str) -> Iterator[str]:
        if hub.startswith("members-of|"):
            body = hub.partition("|")[2]
            for link in self.net.links(body, frozenset({LinkKind.MEMBERSHIP})):
                if link.target == body and self.window.admits(link):
                    yield link.source
            return
        yield from self.net.inbound_by_source(hub, _ACTIVITY_KINDS)

    def parents(self, source: str, target: str, max_hops: int) -> dict[str, list[str]]:
        parents: dict[str, list[str]] = {source: []}
        frontier, expanded_hubs = [source], set()
        for _ in range(max_hops):
            if target in parents or not frontier:
                break
            found: dict[str, list[str]] = defaultdict(list)
            hub_entries: dict[str, list[str]] = defaultdict(list)
            for actor in frontier:
                if actor not in self.model.actors:
                    continue
                for link in self.net.links(actor, self.structural):
                    other = link.other(actor)
                    if other not in parents and self.window.admits(link):
                        found[other].append(actor)
                for hub in self.hubs(actor):
                    if hub not in expanded_hubs:
                        hub_entries[hub].append(actor)
            for hub, entries in hub_entries.items():
                expanded_hubs.add(hub)
                for member in self.hub_members(hub):
                    if member not in parents:
                        found[member].extend(e for e in entries if e != member)
            found = {node: list(dict.fromkeys(ps)) for node, ps in found.items() if ps}
            parents.update(found)
            frontier = sorted(found)
        return parents


def paths_between(
    model: ReadModel,
    net: Network,
    source: str,
    target: str,
    max_hops: int = 4,
    limit: int = 5,
    kinds: frozenset[EvidenceKind] = frozenset(EvidenceKind),
    window: Window = Window(),
) -> list[list[Hop]]:
    """Up to `limit` shortest paths (all of the same, minimal length <= max_hops)."""
    if source == target:
        return []
    cache: dict[str, dict[str, list[Evidence]]] = {}

    def neighbours(node: str) -> dict[str, list[Evidence]]:
        if node not in cache:
            cache[node] = (
                _neighbours(model, net, node, kinds, window) if node in model.actors else {}
            )
        return cache[node]

    parents = _PathSearch(model, net, kinds, window).parents(source, target, max_hops)
    if target not in parents:
        return []
    paths: list[list[str]] = []

    def walk(node: str, suffix: list[str]) -> None:
        if len(paths) >= limit:
            return
        if node == source:
            paths.append([source, *suffix])
            return
        # In IRI order: which paths fill `limit` must not depend on the order the
        # store returned its quads (an embedded and a remote store differ).
        for parent in sorted(parents[node]):
            walk(parent, [node, *suffix])

    walk(target, [])
    return [[Hop(a, b, tuple(neighbours(a)[b])) for a, b in pairwise(path)] for path in paths]


# -- relationship maps ------------------------------------------------------------


@dataclass(frozen=True)
class MapNode:
    iri: str
    hidden_neighbours: int


@dataclass
class RelationshipMap:
    nodes: list[MapNode] = field(default_factory=list)
    edges: list[Link] = field(default_factory=list)
    truncated: bool = False  # true when the budget left out nodes within the depth


def relationship_map(
    net: Network,
    focus: list[str],
    depth: int,
    budget: int,
    kinds: frozenset[LinkKind] | None = None,
    as_of: date | None = None,
    label_of: dict[str, str] | None = None,
) -> RelationshipMap:
    """The focus nodes and their neighbourhood up to `depth` links, at most `budget` nodes.

    Breadth first, so nearer nodes always win over farther ones; within one
    ring, neighbours are taken in label order. Every node reports how many of
    its neighbours (under the same relation kinds and date) are not in the map,
    which is what a frontend's "expand" would add.
    """
    labels: dict[str, str] = label_of or {}

    def order(node: str) -> tuple[str, str]:
        return (labels.get(node, node).casefold(), node)

    # Each node's visible links are found once: the rings and the final pass
    # both read them. link.other is inlined below: a call per link was a third
    # of the time at 1M triples (about 50,000 links for 200 nodes).
    found: dict[str, list[Link]] = {}

    def links_of(node: str) -> list[Link]:
        links = found.get(node)
        if links is None:
            links = found[node] = net.links(node, kinds, as_of)
        return links

    included: dict[str, None] = {}
    for node in focus:
        if len(included) < budget:
            included[node] = None
    truncated = len(focus) > budget
    frontier = list(included)
    for _ in range(depth):
        next_frontier: list[str] = []
        for node in frontier:
            others = {ln.target if ln.source == node else ln.source for ln in links_of(node)}
            for other in sorted(others - included.keys(), key=order):
                if len(included) >= budget:
                    truncated = True
                    break
                included[other] = None
                next_frontier.append(other)
        frontier = next_frontier
    nodes, edges = _nodes_and_edges(included, links_of)
    return RelationshipMap(nodes, edges, truncated)


def _nodes_and_edges(
    included: dict[str, None], links_of: Callable[[str], list[Link]]
) -> tuple[list[MapNode], list[Link]]:
    """Each included node with its count of neighbours left out, and the links
    between included nodes (by id)."""
    edges: dict[str, Link] = {}
    nodes = []
    for node in included:
        hidden: set[str] = set()
        for link in links_of(node):
            other = link.target if link.source == node else link.source
            if other in included:
                edges[link.id] = link
            else:
                hidden.add(other)
        nodes.append(MapNode(node, len(hidden)))
    return nodes, sorted(edges.values(), key=lambda link: link.id)
