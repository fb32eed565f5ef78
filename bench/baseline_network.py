"""Dict baseline for cooperation, paths and relationship maps: adjacency
dicts straight from the data and the same three questions as
``tkgraph.domain.cooperation``, without Link or Evidence objects."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from bench.facts import Facts
from tkgraph.rdf.vocab import TK

_CONTEXT = ("partOfProgramme", "phaseOf", "implementsInstrument")
_INSTRUMENT_RELATIONS = ("supplements", "amends", "replaces")


@dataclass
class NetIndex:
    actors: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)  # coordination bodies
    activities_of: dict[str, list[str]] = field(default_factory=dict)  # actor -> activities
    actors_in: dict[str, list[str]] = field(default_factory=dict)  # activity -> actors
    orgs_of: dict[str, list[str]] = field(default_factory=dict)  # member -> organisations
    members_of: dict[str, list[str]] = field(default_factory=dict)  # organisation -> members
    part_links: dict[str, list[str]] = field(default_factory=dict)  # partOf, both ways
    # Every link of the relationship map, both ways: node -> [(other, link id)].
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def _add(index: dict[str, list[str]], key: str, value: str) -> None:
    index.setdefault(key, []).append(value)


def _link(net: NetIndex, a: str, b: str, link_id: str) -> None:
    net.links.setdefault(a, []).append((b, link_id))
    net.links.setdefault(b, []).append((a, link_id))


def build(facts: Facts) -> NetIndex:
    net = NetIndex(
        actors=set(facts.instances_of(str(TK.Actor))),
        bodies=set(facts.instances_of(str(TK.CoordinationBody))),
    )
    activities = set(facts.instances_of(str(TK.Activity)))
    for inv in facts.values["involvedActor"]:
        actor, activity = facts.one("involvedActor", inv), facts.one("involvedIn", inv)
        if actor is None or activity not in activities:
            continue
        _add(net.activities_of, actor, activity)
        _add(net.actors_in, activity, actor)
        for role in facts.all("role", inv) or ["involved"]:
            _link(net, actor, activity, f"{inv}|{role}")
    for activity, parties in facts.values["party"].items():
        for party in parties:
            _add(net.activities_of, party, activity)
            _add(net.actors_in, activity, party)
            _link(net, party, activity, f"{activity}|partyTo|{party}")
    _memberships(net, facts)
    _structure(net, facts)
    for node, labels in facts.values["label"].items():
        net.labels[node] = min(labels)
    for node, titles in facts.values["title"].items():
        net.labels.setdefault(node, min(titles))
    for node, names in facts.values["shortName"].items():
        net.labels[node] = min(names)
    return net


def _memberships(net: NetIndex, facts: Facts) -> None:
    by_org: dict[str, list[tuple[str, str]]] = {}
    for m in facts.values["organization"]:
        member, org = facts.one("member", m), facts.one("organization", m)
        if member is None or org is None:
            continue
        _add(net.orgs_of, member, org)
        _add(net.members_of, org, member)
        _link(net, member, org, m)
        if facts.one("startDate", m):
            by_org.setdefault(org, []).append((m, member))
    opted_out = {
        (facts.one("actor", o), facts.one("instrument", o))
        for o in facts.instances.get(str(TK.OptOut), [])
    }
    for instrument, orgs in facts.values["bindsMembersOf"].items():
        if facts.one("entryIntoForceDate", instrument) is None:
            continue
        for org in orgs:
            for m, member in by_org.get(org, []):
                if (member, instrument) not in opted_out:
                    _link(net, member, instrument, f"{instrument}|boundBy|{m}")


def _structure(net: NetIndex, facts: Facts) -> None:
    for part, wholes in facts.values["partOf"].items():
        for whole in wholes:
            _add(net.part_links, part, whole)
            _add(net.part_links, whole, part)
            _link(net, part, whole, f"{part}|partOf|{whole}")
    for p in facts.values["participationIn"]:
        actor, instrument = facts.one("participant", p), facts.one("participationIn", p)
        if actor is not None and instrument is not None:
            _link(net, actor, instrument, p)
    for name in _CONTEXT + _INSTRUMENT_RELATIONS:
        for subject, objects in facts.values[name].items():
            for obj in objects:
                _link(net, subject, obj, f"{subject}|{name}|{obj}")


# -- the questions --------------------------------------------------------------------


def partners(net: NetIndex, actor: str) -> set[str]:
    """Actors sharing an activity or a coordination body with the actor."""
    found = {
        other
        for activity in net.activities_of.get(actor, [])
        for other in net.actors_in.get(activity, [])
    }
    for org in net.orgs_of.get(actor, []):
        if org in net.bodies:
            found.update(m for m in net.members_of.get(org, []) if m != org)
    found.discard(actor)
    return found


def cooperation(net: NetIndex, actor: str) -> int:
    return len(partners(net, actor) & net.actors)


def neighbours(net: NetIndex, actor: str) -> set[str]:
    if actor not in net.actors:
        return set()
    found = partners(net, actor)
    found.update(net.orgs_of.get(actor, []))
    found.update(net.members_of.get(actor, []))
    found.update(net.part_links.get(actor, []))
    return found


def shortest_paths(net: NetIndex, source: str, target: str, max_hops: int) -> tuple[int, int]:
    """Length of the shortest paths and how many there are (0, 0 when none)."""
    depth, count = {source: 0}, {source: 1}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if depth[node] >= max_hops or (target in depth and depth[node] >= depth[target]):
            continue
        for other in neighbours(net, node):
            if other not in depth:
                depth[other], count[other] = depth[node] + 1, count[node]
                queue.append(other)
            elif depth[other] == depth[node] + 1:
                count[other] += count[node]
    if source == target or target not in depth:
        return 0, 0
    return depth[target], count[target]


def relationship_map(net: NetIndex, focus: str, depth: int, budget: int) -> tuple[int, int]:
    """Nodes and edges of the budgeted breadth-first map around one focus node."""
    included: dict[str, None] = {focus: None}
    frontier = [focus]
    for _ in range(depth):
        ring: list[str] = []
        for node in frontier:
            others: set[str] = {other for other, _ in net.links.get(node, [])} - included.keys()
            for other in sorted(others, key=lambda n: ((net.labels.get(n) or n).casefold(), n)):
                if len(included) >= budget:
                    break
                included[other] = None
                ring.append(other)
        frontier = ring
    edges = {
        link_id
        for node in included
        for other, link_id in net.links.get(node, [])
        if other in included
    }
    return len(included), len(edges)
