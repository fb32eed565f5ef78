"""Relationship maps in the formats graph tools read: Cytoscape.js elements
JSON (web frontends) and GraphML (Gephi, yEd)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

from tkgraph.domain import binding as b
from tkgraph.domain.cooperation import RelationshipMap
from tkgraph.domain.coverage import CoverageWarning
from tkgraph.domain.network import LinkKind
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import id_for_iri


@dataclass(frozen=True)
class NodeView:
    id: str
    iri: str
    label: str
    type: str  # State, REIO, Protocol, JointOperation ...
    group: str  # actor, instrument, activity, other
    hidden_neighbours: int
    verification: str | None = None  # None: verified; "unverified" or "inferredFact"


@dataclass(frozen=True)
class EdgeView:
    id: str
    source: str
    target: str
    relation: str
    label: str
    kind: str
    start: date | None
    end: date | None
    derived: bool
    evidence_count: int
    evidence: tuple[str, ...]
    # "unverified" when a record behind the edge is marked so (else None).
    verification: str | None = None
    # Participation and derived-binding edges on a map with asOf: the binding
    # status that day (BOUND, UNKNOWN ...), whether BOUND is carried forward
    # past the data, and the coverage warning the edge needs.
    status: str | None = None
    carried_forward: bool = False
    warning: CoverageWarning | None = None


RELATION_LABELS = {
    "memberOf": "member of",
    "partOf": "part of",
    "participatesIn": "participates in",
    "boundBy": "bound by (via membership)",
    "partyTo": "party to",
    "participantRole": "participant",
    "coLead": "co-lead",
    "beneficiaryCountry": "beneficiary country",
    "partOfProgramme": "under programme",
    "phaseOf": "phase of",
}


def labels(model: ReadModel) -> dict[str, str]:
    """Display label of every node."""
    return {iri: model.display_label(iri) for iri in model.nodes}


def node_view(model: ReadModel, iri: str, hidden: int) -> NodeView:
    label = model.display_label(iri)
    if iri in model.actors:
        kind, group = model.actors[iri].kind, "actor"
    elif iri in model.instruments:
        kind, group = model.instruments[iri].kind, "instrument"
    elif iri in model.activities:
        kind, group = model.activities[iri].kind, "activity"
    else:
        kind, group = "Other", "other"
    rec = model.nodes.get(iri)
    verification = rec.verification if rec else None
    return NodeView(id_for_iri(iri), iri, label, kind, group, hidden, verification)


_BINDING_KINDS = (LinkKind.PARTICIPATION, LinkKind.DERIVED_BINDING)


def _edge_verification(model: ReadModel, evidence: tuple[str, ...]) -> str | None:
    found = [model.nodes[e].verification for e in evidence if e in model.nodes]
    return "unverified" if "unverified" in found else next((v for v in found if v), None)


def _binding_on(
    model: ReadModel, kind: LinkKind, actor: str, instrument: str, as_of: date | None
) -> b.Assessment | None:
    if as_of is None or kind not in _BINDING_KINDS or instrument not in model.instruments:
        return None
    return b.assess(model, actor, instrument, as_of)


def views(
    model: ReadModel, rmap: RelationshipMap, as_of: date | None = None
) -> tuple[list[NodeView], list[EdgeView]]:
    nodes = [node_view(model, n.iri, n.hidden_neighbours) for n in rmap.nodes]
    assessed = {
        link.id: _binding_on(model, link.kind, link.source, link.target, as_of)
        for link in rmap.edges
    }
    edges = [
        EdgeView(
            id="|".join(id_for_iri(part) for part in link.id.split("|")),
            source=id_for_iri(link.source),
            target=id_for_iri(link.target),
            relation=link.relation,
            label=RELATION_LABELS.get(link.relation, link.relation),
            kind=link.kind.name,
            start=link.start,
            end=link.end,
            derived=link.derived,
            evidence_count=len(link.evidence),
            evidence=tuple(id_for_iri(e) for e in link.evidence),
            verification=_edge_verification(model, link.evidence),
            status=a.status.name if (a := assessed[link.id]) else None,
            carried_forward=bool(a and a.carried_forward),
            warning=a.warning if a else None,
        )
        for link in rmap.edges
    ]
    return nodes, edges


def to_cytoscape(nodes: list[NodeView], edges: list[EdgeView]) -> dict[str, Any]:
    """Cytoscape.js `elements` JSON: {"nodes": [{"data": ...}], "edges": [{"data": ...}]}."""
    return {
        "nodes": [
            {
                "data": {
                    "id": n.id, "iri": n.iri, "label": n.label, "type": n.type,
                    "group": n.group, "hiddenNeighbours": n.hidden_neighbours,
                    "verification": n.verification,
                }
            }
            for n in nodes
        ],
        "edges": [
            {
                "data": {
                    "id": e.id, "source": e.source, "target": e.target, "relation": e.relation,
                    "label": e.label, "kind": e.kind, "derived": e.derived,
                    "startDate": e.start.isoformat() if e.start else None,
                    "endDate": e.end.isoformat() if e.end else None,
                    "evidenceCount": e.evidence_count, "evidence": list(e.evidence),
                    "verification": e.verification, "status": e.status,
                    "carriedForward": e.carried_forward,
                }
            }
            for e in edges
        ],
    }  # fmt: skip


_GRAPHML_KEYS = (
    ("label", "node", "string"),
    ("type", "node", "string"),
    ("group", "node", "string"),
    ("hiddenNeighbours", "node", "int"),
    ("verification", "node", "string"),
    ("relation", "edge", "string"),
    ("label", "edge", "string"),
    ("startDate", "edge", "string"),
    ("endDate", "edge", "string"),
    ("derived", "edge", "boolean"),
    ("evidenceCount", "edge", "int"),
    ("verification", "edge", "string"),
    ("status", "edge", "string"),
    ("carriedForward", "edge", "boolean"),
)


def to_graphml(nodes: list[NodeView], edges: list[EdgeView]) -> str:
    """GraphML for Gephi and yEd: a directed graph with the same attributes."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    for name, domain, kind in _GRAPHML_KEYS:
        ET.SubElement(
            root,
            f"{{{ns}}}key",
            id=f"{domain}_{name}",
            attrib={"for": domain, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(root, f"{{{ns}}}graph", id="tkgraph", edgedefault="directed")

    def data(parent: ET.Element, key: str, value: object) -> None:
        if value is not None:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            ET.SubElement(parent, f"{{{ns}}}data", key=key).text = text

    for n in nodes:
        el = ET.SubElement(graph, f"{{{ns}}}node", id=n.id)
        for key, value in (
            ("label", n.label),
            ("type", n.type),
            ("group", n.group),
            ("hiddenNeighbours", n.hidden_neighbours),
            ("verification", n.verification),
        ):
            data(el, f"node_{key}", value)
    for e in edges:
        el = ET.SubElement(graph, f"{{{ns}}}edge", id=e.id, source=e.source, target=e.target)
        edge_values: tuple[tuple[str, object], ...] = (
            ("relation", e.relation), ("label", e.label), ("startDate", e.start), ("endDate", e.end),
            ("derived", e.derived), ("evidenceCount", e.evidence_count),
            ("verification", e.verification), ("status", e.status),
            ("carriedForward", e.carried_forward),
        )  # fmt: skip
        for name, item in edge_values:
            data(el, f"edge_{name}", item)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
