"""The network of links between actors, instruments and activities.

One index of typed, dated links (membership, part-of, participation,
membership-derived binding, role in an operation or programme, party to an
agreement, relations between instruments) is built once per snapshot from the
read model. Cooperation, paths and relationship maps are all questions over
it, so they agree with each other and with the records behind every link.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from tkgraph.model.indexes import STATED_RELATIONS
from tkgraph.model.readmodel import ReadModel


class LinkKind(Enum):
    MEMBERSHIP = "membership"
    PART_OF = "part of"
    PARTICIPATION = "participation in an instrument"
    DERIVED_BINDING = "bound through membership (derived)"
    OPERATION_ROLE = "role in a joint operation"
    PROGRAMME_ROLE = "role in a programme"
    AGREEMENT_PARTY = "party to a cooperation agreement"
    INSTRUMENT_RELATION = "relation between instruments"
    ACTIVITY_CONTEXT = "activity under a programme or implementing an instrument"


# Kinds whose link holds only between its dates (a membership ends); the
# others are events or records that, once they happened, stay evidence.
_STATEFUL = {
    LinkKind.MEMBERSHIP,
    LinkKind.PART_OF,
    LinkKind.DERIVED_BINDING,
    LinkKind.PARTICIPATION,
}


@dataclass(frozen=True)
class Link:
    """A directed, dated link with the records that support it."""

    id: str
    kind: LinkKind
    relation: str  # memberOf, partOf, participatesIn, boundBy, coordinator, funder, partyTo ...
    source: str
    target: str
    start: date | None = None
    end: date | None = None
    evidence: tuple[str, ...] = ()
    derived: bool = False

    def other(self, node: str) -> str:
        return self.target if node == self.source else self.source

    def visible(self, as_of: date | None) -> bool:
        if as_of is None:
            return True
        if self.start is not None and self.start > as_of:
            return False
        return not (self.kind in _STATEFUL and self.end is not None and as_of > self.end)


@dataclass
class Network:
    links_by_node: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))

    def add(self, link: Link) -> None:
        self.links_by_node[link.source].append(link)
        self.links_by_node[link.target].append(link)

    def links(
        self, node: str, kinds: frozenset[LinkKind] | None = None, as_of: date | None = None
    ) -> list[Link]:
        found = self.links_by_node.get(node, ())
        if kinds is None and as_of is None:
            return list(found)  # no filter: maps of all relations at all dates
        return [
            link for link in found if (kinds is None or link.kind in kinds) and link.visible(as_of)
        ]

    def inbound_by_source(self, node: str, kinds: frozenset[LinkKind]) -> dict[str, list[Link]]:
        """The links of these kinds into `node`, grouped by their source, in link
        order; computed on first use per (node, kinds) and kept (the network does
        not change once built): every cooperation answer asks it for each of the
        actor's activities."""
        # In __dict__ rather than a field, so networks persisted without it still load.
        cache: dict[tuple[str, frozenset[LinkKind]], dict[str, list[Link]]]
        cache = self.__dict__.setdefault("_inbound_by_source", {})
        found = cache.get((node, kinds))
        if found is None:
            grouped: defaultdict[str, list[Link]] = defaultdict(list)
            for link in self.links_by_node.get(node, ()):
                if link.target == node and link.kind in kinds:
                    grouped[link.source].append(link)
            found = cache[(node, kinds)] = dict(grouped)
        return found


def build_network(model: ReadModel) -> Network:
    """Every link the read model supports, in one pass over its records."""
    net = Network()
    for m in model.memberships.values():
        net.add(
            Link(
                m.iri,
                LinkKind.MEMBERSHIP,
                "memberOf",
                m.member,
                m.organization,
                # The days the data show it a member (a year-only start counts from its last day).
                m.start.last if m.start else None,
                m.end.first if m.end else None,
                (m.iri,),
            )
        )
    for a in model.actors.values():
        for whole in a.part_of:
            net.add(
                Link(
                    f"{a.iri}|partOf|{whole}",
                    LinkKind.PART_OF,
                    "partOf",
                    a.iri,
                    whole,
                    evidence=(a.iri,),
                )
            )
    for p in model.participations.values():
        start = p.consent_date or p.signature_date
        net.add(
            Link(
                p.iri,
                LinkKind.PARTICIPATION,
                "participatesIn",
                p.participant,
                p.instrument,
                start,
                p.denunciation_effective,
                (p.iri,),
            )
        )
    _add_derived_bindings(model, net)
    _add_activities(model, net)
    for iri, related in model.related_instruments.items():
        for relation, other in related:
            if relation in STATED_RELATIONS:  # each relation once, from the stating side
                net.add(
                    Link(
                        f"{iri}|{relation}|{other}",
                        LinkKind.INSTRUMENT_RELATION,
                        relation,
                        iri,
                        other,
                        evidence=(iri,),
                    )
                )
    return net


def _add_derived_bindings(model: ReadModel, net: Network) -> None:
    for ins in model.instruments.values():
        if not ins.binds_members_of or ins.entry_into_force is None:
            continue
        opted_out = {
            model.positions[o].actor
            for o in model.positions_by_instrument.get(ins.iri, [])
            if not model.positions[o].takes_part
        }
        for org in ins.binds_members_of:
            for m_iri in model.memberships_by_organization.get(org, []):
                m = model.memberships[m_iri]
                if m.member in opted_out or m.start is None:
                    continue
                net.add(
                    Link(
                        f"{ins.iri}|boundBy|{m.iri}",
                        LinkKind.DERIVED_BINDING,
                        "boundBy",
                        m.member,
                        ins.iri,
                        max(m.start.last, ins.entry_into_force),
                        m.end.first if m.end else None,
                        (ins.iri, m.iri),
                        derived=True,
                    )
                )


def _add_activities(model: ReadModel, net: Network) -> None:
    for inv in model.involvements.values():
        activity = model.activities.get(inv.activity)
        if activity is None:
            continue
        kind = (
            LinkKind.OPERATION_ROLE
            if activity.kind == "JointOperation"
            else LinkKind.PROGRAMME_ROLE
        )
        for role in inv.roles or ("involved",):
            net.add(
                Link(
                    f"{inv.iri}|{role}",
                    kind,
                    role,
                    inv.actor,
                    activity.iri,
                    activity.start,
                    activity.end,
                    (inv.iri,),
                )
            )
    for ac in model.activities.values():
        for party in ac.parties:
            net.add(
                Link(
                    f"{ac.iri}|partyTo|{party}",
                    LinkKind.AGREEMENT_PARTY,
                    "partyTo",
                    party,
                    ac.iri,
                    ac.start,
                    ac.end,
                    (ac.iri,),
                )
            )
        for programme in ac.part_of_programme + ac.phase_of:
            relation = "phaseOf" if programme in ac.phase_of else "partOfProgramme"
            net.add(
                Link(
                    f"{ac.iri}|{relation}|{programme}",
                    LinkKind.ACTIVITY_CONTEXT,
                    relation,
                    ac.iri,
                    programme,
                    evidence=(ac.iri,),
                )
            )
        for instrument in ac.implements:
            net.add(
                Link(
                    f"{ac.iri}|implements|{instrument}",
                    LinkKind.ACTIVITY_CONTEXT,
                    "implements",
                    ac.iri,
                    instrument,
                    evidence=(ac.iri,),
                )
            )
