"""The Node interface, the sources every node cites, and the registry of node
types: the GraphQL object of any record named by IRI."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.types.fields import from_record
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


@strawberry.interface(
    description="Anything in the graph: it has a readable id, an IRI and sources."
)
class Node:
    record: strawberry.Private[r.NodeRecord]
    id: strawberry.ID = strawberry.field(
        description="Stable readable id, e.g. 'state:FR', 'instrument:tip-protocol'."
    )
    iri: str = strawberry.field(description="The node's IRI in the RDF graph.")
    label: str | None
    verification: str | None = strawberry.field(
        description="null when verified against its sources; else 'unverified' or 'inferredFact' (see note)."
    )
    note: str | None
    types: list[str] = strawberry.field(
        description="OWL classes of the node (tkgraph ontology local names)."
    )

    @strawberry.field(description="Documents the node's facts were taken from.")
    def sources(self, info: Info) -> list[Source]:
        model = get_context(info).model
        return [
            Source.from_record(model.sources[s]) for s in self.record.sources if s in model.sources
        ]

    @strawberry.field(description="The data files (named graphs) the node's triples come from.")
    def files(self, info: Info) -> list[str]:
        return list(get_context(info).model.graphs_by_subject.get(self.record.iri, ()))

    @classmethod
    def from_record(cls, rec: Any) -> Self:
        """The node of a record of its kind: its fields copied by name; a node
        type with renamed or derived fields gives them in its own from_record."""
        return from_record(cls, rec)


@strawberry.type(description="A document a fact was read from.")
class Source(Node):
    record: strawberry.Private[r.SourceRecord]
    title: str | None
    address: str | None = strawberry.field(description="URL of the document.")
    as_of: date | None = strawberry.field(description="The date the source gives for its content.")
    is_secondary: bool = strawberry.field(
        description="A mirror, encyclopaedia or news report rather than the organisation's own page."
    )


# The GraphQL type of each kind of record, for fields typed Node; also every
# node type the schema declares (ALL_TYPES), in the order registered.
_NODE_TYPES: dict[type[r.NodeRecord], type[Node]] = {}
ALL_TYPES: list[type[Node]] = []


def register_node_types(types: dict[type[r.NodeRecord], type[Node]]) -> None:
    """Add the node types a module of the API declares."""
    for record_type, node_type in types.items():
        if record_type not in _NODE_TYPES:
            _NODE_TYPES[record_type] = node_type
            ALL_TYPES.append(node_type)


def node_for(model: ReadModel, iri: str) -> Node | None:
    """The node an IRI names; None when there is none or its record has no GraphQL type."""
    rec = model.nodes.get(iri)
    node_type = _NODE_TYPES.get(type(rec)) if rec is not None else None
    return node_type.from_record(rec) if node_type and rec is not None else None
