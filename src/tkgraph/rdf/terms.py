"""pyoxigraph terms as rdflib terms (the store is pyoxigraph; the validators and
the serialisers of single nodes work on rdflib graphs)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from tkgraph.rdf.vocab import XSD

__all__ = ["to_rdflib"]

_XSD_STRING = str(XSD.string)


def to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)  # as rdflib's own parser gives a plain literal
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected RDF term {term!r}")  # RDF-star triples: not used in Turtle 1.1
