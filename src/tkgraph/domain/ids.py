"""Ids as the API and the downloads take them (`state:FR`,
`instrument:tip-protocol`): the IRI of the node of one kind an id names in
the data. Each boundary words its own error around the answer."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import iri_for_id


class NodeKind(StrEnum):
    ACTOR = "actor"
    INSTRUMENT = "instrument"
    NODE = "node"


def known(model: ReadModel, kind: NodeKind) -> Mapping[str, object]:
    """The nodes of a kind in the data, by IRI."""
    if kind is NodeKind.ACTOR:
        return model.actors
    if kind is NodeKind.INSTRUMENT:
        return model.instruments
    return model.nodes


def find(model: ReadModel, node_id: str, kind: NodeKind) -> str | None:
    """The IRI of the node of `kind` that `node_id` names; None when the id is
    malformed or names no such node in the data."""
    iri = iri_for_id(node_id)
    return str(iri) if iri is not None and str(iri) in known(model, kind) else None
