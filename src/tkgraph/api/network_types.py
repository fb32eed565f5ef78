"""GraphQL types for cooperation, paths between actors and relationship maps."""

from __future__ import annotations

from datetime import date
from typing import cast

import strawberry
from strawberry.scalars import JSON

from tkgraph import cooperation as co
from tkgraph.api.context import get_context
from tkgraph.api.types import Activity, Actor, Node, actor, node_for
from tkgraph.mapformats import EdgeView, NodeView, to_cytoscape, to_graphml
from tkgraph.network import LinkKind

EvidenceKind = strawberry.enum(
    co.EvidenceKind, name="EvidenceKind", description="Kinds of evidence of cooperation."
)
RelationKind = strawberry.enum(
    LinkKind, name="RelationKind", description="Kinds of link in a relationship map."
)


@strawberry.type(
    description="Why two actors are connected: the activity, agreement, body or membership, each side's roles, and the records with their sources."
)
class Evidence:
    evidence: strawberry.Private[co.Evidence]

    @strawberry.field
    def kind(self) -> EvidenceKind:  # type: ignore[valid-type]
        return self.evidence.kind

    @strawberry.field(
        description="The operation, programme, agreement, coordination body or membership."
    )
    def via(self, info: strawberry.Info) -> Node | None:
        return node_for(get_context(info).model, self.evidence.via)

    @strawberry.field(
        description="The actor's own roles (coordinator, funder, member ...). A funder is not an implementer."
    )
    def roles(self) -> list[str]:
        return list(self.evidence.roles)

    @strawberry.field(description="The partner's roles in the same activity.")
    def partner_roles(self) -> list[str]:
        return list(self.evidence.partner_roles)

    @strawberry.field
    def start_date(self) -> date | None:
        return self.evidence.start

    @strawberry.field
    def end_date(self) -> date | None:
        return self.evidence.end

    @strawberry.field(
        description="The records (involvements, memberships, agreements) behind it; each has sources."
    )
    def records(self, info: strawberry.Info) -> list[Node]:
        model = get_context(info).model
        return [n for n in (node_for(model, r) for r in self.evidence.records) if n is not None]


@strawberry.type(description="An actor the focus actor cooperates with, and all the evidence.")
class CooperationPartner:
    cooperation: strawberry.Private[co.Cooperation]

    @strawberry.field
    def partner(self, info: strawberry.Info) -> Actor | None:
        return actor(get_context(info).model, self.cooperation.partner)

    @strawberry.field
    def evidence_count(self) -> int:
        return len(self.cooperation.evidence)

    @strawberry.field
    def evidence(self) -> list[Evidence]:
        return [Evidence(evidence=e) for e in self.cooperation.evidence]


@strawberry.type(description="One step of a path between two actors, with its evidence.")
class Hop:
    hop: strawberry.Private[co.Hop]

    @strawberry.field(name="from")
    def source(self, info: strawberry.Info) -> Actor | None:
        return actor(get_context(info).model, self.hop.source)

    @strawberry.field(name="to")
    def target(self, info: strawberry.Info) -> Actor | None:
        return actor(get_context(info).model, self.hop.target)

    @strawberry.field
    def evidence(self) -> list[Evidence]:
        return [Evidence(evidence=e) for e in self.hop.evidence]


@strawberry.type
class Path:
    hops: list[Hop]

    @strawberry.field
    def length(self) -> int:
        return len(self.hops)


@strawberry.type(description="A node of a relationship map.")
class MapNode:
    view: strawberry.Private[NodeView]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.view.id)

    @strawberry.field
    def iri(self) -> str:
        return self.view.iri

    @strawberry.field
    def label(self) -> str:
        return self.view.label

    @strawberry.field(
        description="Most specific class: State, REIO, Body, Protocol, JointOperation ..."
    )
    def type(self) -> str:
        return self.view.type

    @strawberry.field(description="actor, instrument, activity or other: for colouring.")
    def group(self) -> str:
        return self.view.group

    @strawberry.field(
        description="Neighbours (same relation kinds and date) not in this map: what 'expand' would add."
    )
    def hidden_neighbours(self) -> int:
        return self.view.hidden_neighbours

    @strawberry.field(
        description="null when verified against its sources; 'unverified' (no source we hold confirms it) or 'inferredFact'."
    )
    def verification(self) -> str | None:
        return self.view.verification


@strawberry.type(description="An edge of a relationship map.")
class MapEdge:
    view: strawberry.Private[EdgeView]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.view.id)

    @strawberry.field
    def source(self) -> strawberry.ID:
        return strawberry.ID(self.view.source)

    @strawberry.field
    def target(self) -> strawberry.ID:
        return strawberry.ID(self.view.target)

    @strawberry.field(
        description="memberOf, partOf, participatesIn, boundBy, partyTo, coordinator, funder ..."
    )
    def relation(self) -> str:
        return self.view.relation

    @strawberry.field
    def label(self) -> str:
        return self.view.label

    @strawberry.field
    def kind(self) -> RelationKind:  # type: ignore[valid-type]
        return LinkKind[self.view.kind]

    @strawberry.field
    def start_date(self) -> date | None:
        return self.view.start

    @strawberry.field
    def end_date(self) -> date | None:
        return self.view.end

    @strawberry.field(
        description="true when derived (a binding through membership), false when asserted in the data."
    )
    def derived(self) -> bool:
        return self.view.derived

    @strawberry.field
    def evidence_count(self) -> int:
        return self.view.evidence_count

    @strawberry.field(description="'unverified' when a record behind the edge is unverified.")
    def verification(self) -> str | None:
        return self.view.verification

    @strawberry.field(
        description="Participation and derived-binding edges on a map with asOf: the binding status that day (BOUND, UNKNOWN ...); draw UNKNOWN apart from BOUND."
    )
    def status(self) -> str | None:
        return self.view.status

    @strawberry.field(
        description="true when a BOUND edge is carried forward past the data (see Binding.knownUntil)."
    )
    def carried_forward(self) -> bool:
        return self.view.carried_forward

    @strawberry.field(description="The records behind the edge; each has sources.")
    def evidence(self, info: strawberry.Info) -> list[Node]:
        model = get_context(info).model
        found = (node_for(model, model_iri) for model_iri in _iris(self.view.evidence))
        return [n for n in found if n is not None]


def _iris(ids: tuple[str, ...]) -> list[str]:
    from tkgraph.vocab import iri_for_id

    return [str(iri) for iri in (iri_for_id(i) for i in ids) if iri is not None]


@strawberry.type(description="A budgeted neighbourhood of focus nodes, ready to draw.")
class RelationshipMap:
    node_views: strawberry.Private[list[NodeView]]
    edge_views: strawberry.Private[list[EdgeView]]
    truncated: bool = strawberry.field(
        description="true when the node budget left out nodes within the depth."
    )

    @strawberry.field
    def nodes(self) -> list[MapNode]:
        return [MapNode(view=n) for n in self.node_views]

    @strawberry.field
    def edges(self) -> list[MapEdge]:
        return [MapEdge(view=e) for e in self.edge_views]

    @strawberry.field(
        description="The same map as Cytoscape.js elements JSON (computed when asked)."
    )
    def cytoscape(self) -> JSON:
        return cast(JSON, to_cytoscape(self.node_views, self.edge_views))

    @strawberry.field(
        description="The same map as GraphML for Gephi and yEd (computed when asked)."
    )
    def graphml(self) -> str:
        return to_graphml(self.node_views, self.edge_views)


__all__ = [
    "Activity",
    "CooperationPartner",
    "EvidenceKind",
    "Path",
    "RelationKind",
    "RelationshipMap",
]
