"""GraphQL types for cooperation, paths between actors and relationship maps."""

from __future__ import annotations

from datetime import date
from typing import cast

import strawberry
from strawberry.scalars import JSON

from tkgraph.api.context import Info, get_context
from tkgraph.api.types import Actor, Node, actor, node_for, related
from tkgraph.domain import cooperation as co
from tkgraph.domain.mapformats import EdgeView, NodeView, to_cytoscape, to_graphml
from tkgraph.domain.network import LinkKind

# Registered on the domain enums themselves, so fields are annotated with
# co.EvidenceKind and LinkKind and the schema names them as below.
strawberry.enum(
    co.EvidenceKind, name="EvidenceKind", description="Kinds of evidence of cooperation."
)
strawberry.enum(LinkKind, name="RelationKind", description="Kinds of link in a relationship map.")


@strawberry.type(
    description="Why two actors are connected: the activity, agreement, body or membership, each side's roles, and the records with their sources."
)
class Evidence:
    record: strawberry.Private[co.Evidence]
    kind: co.EvidenceKind
    via: Node | None = related(
        co.Evidence,
        lambda model, e: node_for(model, e.via),
        "The operation, programme, agreement, coordination body or membership.",
    )
    roles: list[str] = strawberry.field(
        description="The actor's own roles (coordinator, funder, member ...). A funder is not an implementer."
    )
    partner_roles: list[str] = strawberry.field(
        description="The partner's roles in the same activity."
    )
    start_date: date | None
    end_date: date | None

    @classmethod
    def from_evidence(cls, e: co.Evidence) -> Evidence:
        return cls(
            record=e,
            kind=e.kind,
            roles=list(e.roles),
            partner_roles=list(e.partner_roles),
            start_date=e.start,
            end_date=e.end,
        )

    @strawberry.field(
        description="The records (involvements, memberships, agreements) behind it; each has sources."
    )
    def records(self, info: Info) -> list[Node]:
        model = get_context(info).model
        return [n for n in (node_for(model, r) for r in self.record.records) if n is not None]


@strawberry.type(description="An actor the focus actor cooperates with, and all the evidence.")
class CooperationPartner:
    cooperation: strawberry.Private[co.Cooperation]

    @strawberry.field
    def partner(self, info: Info) -> Actor | None:
        return actor(get_context(info).model, self.cooperation.partner)

    @strawberry.field
    def evidence_count(self) -> int:
        return self.cooperation.evidence_count  # counted without building the evidence

    @strawberry.field
    def evidence(self) -> list[Evidence]:
        return [Evidence.from_evidence(e) for e in self.cooperation.evidence]


@strawberry.type(description="One step of a path between two actors, with its evidence.")
class Hop:
    hop: strawberry.Private[co.Hop]

    @strawberry.field(name="from")
    def source(self, info: Info) -> Actor | None:
        return actor(get_context(info).model, self.hop.source)

    @strawberry.field(name="to")
    def target(self, info: Info) -> Actor | None:
        return actor(get_context(info).model, self.hop.target)

    @strawberry.field
    def evidence(self) -> list[Evidence]:
        return [Evidence.from_evidence(e) for e in self.hop.evidence]


@strawberry.type
class Path:
    hops: list[Hop]
    length: int

    @classmethod
    def of(cls, hops: list[Hop]) -> Path:
        return cls(hops=hops, length=len(hops))


@strawberry.type(description="A node of a relationship map.")
class MapNode:
    id: strawberry.ID
    iri: str
    label: str
    type: str = strawberry.field(
        description="Most specific class: State, REIO, Body, Protocol, JointOperation ..."
    )
    group: str = strawberry.field(
        description="actor, instrument, activity or other: for colouring."
    )
    hidden_neighbours: int = strawberry.field(
        description="Neighbours (same relation kinds and date) not in this map: what 'expand' would add."
    )
    verification: str | None = strawberry.field(
        description="null when verified against its sources; 'unverified' (no source we hold confirms it) or 'inferredFact'."
    )

    @classmethod
    def from_view(cls, view: NodeView) -> MapNode:
        return cls(
            id=strawberry.ID(view.id),
            iri=view.iri,
            label=view.label,
            type=view.type,
            group=view.group,
            hidden_neighbours=view.hidden_neighbours,
            verification=view.verification,
        )


@strawberry.type(description="An edge of a relationship map.")
class MapEdge:
    view: strawberry.Private[EdgeView]
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    relation: str = strawberry.field(
        description="memberOf, partOf, participatesIn, boundBy, partyTo, coordinator, funder ..."
    )
    label: str
    kind: LinkKind
    start_date: date | None
    end_date: date | None
    derived: bool = strawberry.field(
        description="true when derived (a binding through membership), false when asserted in the data."
    )
    evidence_count: int
    verification: str | None = strawberry.field(
        description="'unverified' when a record behind the edge is unverified."
    )
    status: str | None = strawberry.field(
        description="Participation and derived-binding edges on a map with asOf: the binding status that day (BOUND, UNKNOWN ...); draw UNKNOWN apart from BOUND."
    )
    carried_forward: bool = strawberry.field(
        description="true when a BOUND edge is carried forward past the data (see Binding.knownUntil)."
    )

    @classmethod
    def from_view(cls, view: EdgeView) -> MapEdge:
        return cls(
            view=view,
            id=strawberry.ID(view.id),
            source=strawberry.ID(view.source),
            target=strawberry.ID(view.target),
            relation=view.relation,
            label=view.label,
            kind=LinkKind[view.kind],
            start_date=view.start,
            end_date=view.end,
            derived=view.derived,
            evidence_count=view.evidence_count,
            verification=view.verification,
            status=view.status,
            carried_forward=view.carried_forward,
        )

    @strawberry.field(description="The records behind the edge; each has sources.")
    def evidence(self, info: Info) -> list[Node]:
        model = get_context(info).model
        found = (node_for(model, model_iri) for model_iri in _iris(self.view.evidence))
        return [n for n in found if n is not None]


def _iris(ids: tuple[str, ...]) -> list[str]:
    from tkgraph.rdf.vocab import iri_for_id

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
        return [MapNode.from_view(n) for n in self.node_views]

    @strawberry.field
    def edges(self) -> list[MapEdge]:
        return [MapEdge.from_view(e) for e in self.edge_views]

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
