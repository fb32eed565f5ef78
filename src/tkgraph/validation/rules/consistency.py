"""OWL consistency: the seed and the ontology together, through the reasoner.

``tkgraph.reasoning`` (the only owlready2 importer) runs HermiT; it is
imported only when the check runs, so validation with ``reasoner=False`` never
starts a JVM. Its ``check_consistency(graph)`` returns one sentence per problem
(empty when consistent), naming the individuals or classes at fault
("state:XX is both tk:State and tk:Organization ..."), and raises
``ReasonerUnavailableError`` when Java is missing: that error is not caught
here, since validation then could not run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rdflib import Graph, URIRef
from rdflib.term import Node

from tkgraph.rdf.vocab import TK, iri_for_id
from tkgraph.validation.dataset import ParsedData
from tkgraph.validation.report import Severity
from tkgraph.validation.rules import Finding, Rule

ConsistencyChecker = Callable[[Graph], list[str]]
_TK = str(TK)

INCONSISTENT = Rule(
    id="owl/inconsistent",
    severity=Severity.ERROR,
    summary="The ontology and the seed together are consistent for the OWL reasoner (HermiT): "
    "no individual in two disjoint classes (a State that is also an Organization, a "
    "Reservation that is also an InterpretativeDeclaration, ...), no unsatisfiable class.",
    message="is inconsistent with the ontology (HermiT).",
    hint="Check its rdf:type and the properties whose domain or range put it in a class "
    "(ontology/tkgraph.ttl says which classes are disjoint); run the reasoner again after the fix.",
    always_reported=True,
)
RULES = (INCONSISTENT,)


def reasoner_checker() -> ConsistencyChecker:
    """The real checker, ``tkgraph.reasoning.check_consistency``, imported on demand."""
    from tkgraph.reasoning import check_consistency as checker  # owlready2 only when asked

    return checker


def check_consistency(data: ParsedData, checker: ConsistencyChecker) -> Iterator[Finding]:
    """One finding per problem the checker names, at the first node its text names."""
    for text in checker(data.graph):
        yield Finding(INCONSISTENT, subject=_first_node_named(text, data), detail=text)


# What the checker writes for a node: <full IRI>, "state:FR" (an API id) or "tk:State".
_NAMES = re.compile(r"<([^<>\s]+)>|\b([a-z]+:[^\s,;()<>]+)")


def _first_node_named(text: str, data: ParsedData) -> Node | None:
    """The first node of the data set that ``text`` names (it may also be just an IRI)."""
    if not any(c.isspace() for c in text) and URIRef(text) in data.files_of_subject:
        return URIRef(text)
    for iri, short_name in _NAMES.findall(text):
        node = URIRef(iri) if iri else _expand(short_name.rstrip(".:"))
        if node is not None and node in data.files_of_subject:
            return node
    return None


def _expand(short_name: str) -> URIRef | None:
    prefix, _, local = short_name.partition(":")
    if prefix == "tk":
        return URIRef(_TK + local)
    return iri_for_id(short_name)
