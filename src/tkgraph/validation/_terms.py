"""Write RDF terms in messages the way the seed files write them (tk:iso2, state:FR)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from tkgraph.rdf.vocab import DCTERMS, ID_BASE, KINDS, OWL, RDF, RDFS, SKOS, TK, XSD

_NAMES = Graph(bind_namespaces="none").namespace_manager
for _prefix, _namespace in (
    ("tk", str(TK)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("xsd", str(XSD)),
    ("owl", str(OWL)),
    ("skos", str(SKOS)),
    ("dcterms", str(DCTERMS)),
    *((kind, f"{ID_BASE}{kind}/") for kind in KINDS),
):
    _NAMES.bind(_prefix, _namespace, override=True, replace=True)


def short(node: Node) -> str:
    """``tk:iso2``, ``state:FR``, ``"2001-13-01"^^xsd:date``; other IRIs in <...>."""
    try:
        if isinstance(node, URIRef | Literal):
            return node.n3(_NAMES)
    except Exception:  # rdflib refuses to write an IRI with a space: show it as it is
        pass
    return f"<{node}>" if isinstance(node, URIRef) else str(node)
