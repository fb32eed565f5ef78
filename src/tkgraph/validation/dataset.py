"""The data set under validation: every file parsed on its own, then merged.

Files are found by ``tkgraph.rdf.loading.data_files`` (the same files, in the same
order and with the same names as the server loads) and parsed with pyoxigraph,
the server's own parser, so that validation accepts exactly the Turtle the
server accepts. Unlike ``loading.load`` it does not stop at the first file that
fails to parse (every broken file is reported), and it keeps the file of every
triple so that each problem can name its file. The triples are converted to
rdflib terms once, because pySHACL and the reasoner take an rdflib Graph.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from tkgraph.errors import ConfigError
from tkgraph.rdf.loading import DataFile, syntax_detail
from tkgraph.rdf.terms import to_rdflib
from tkgraph.rdf.vocab import OWL, RDF, RDFS, TK, XSD

Triple = tuple[Node, Node, Node]

_TK = str(TK)
_XSD_STRING = str(XSD.string)
_PROPERTY_TYPES = frozenset(
    {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
)


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    detail: str


@dataclass
class ParsedFile:
    data_file: DataFile
    triples: list[Triple] = field(default_factory=list)
    syntax: SyntaxProblem | None = None

    @property
    def relative(self) -> str:
        return self.data_file.relative

    @property
    def is_ontology(self) -> bool:
        return self.relative.startswith("ontology/")


@dataclass
class ParsedData:
    """Every file's triples, their union as one Graph, and lookups the rules share."""

    files: list[ParsedFile]
    graph: Graph = field(default_factory=Graph)
    # The first file (in load order) that holds each triple / mentions each subject.
    file_of_triple: dict[Triple, str] = field(default_factory=dict)
    files_of_subject: dict[Node, list[str]] = field(default_factory=dict)

    @property
    def syntax_errors(self) -> list[ParsedFile]:
        return [f for f in self.files if f.syntax is not None]

    @property
    def seed_files(self) -> list[ParsedFile]:
        return [f for f in self.files if not f.is_ontology]

    @cached_property
    def ontology_terms(self) -> frozenset[Node]:
        """Every IRI the ontology files describe (classes, properties, concepts)."""
        return frozenset(s for f in self.files if f.is_ontology for s, _, _ in f.triples)

    @cached_property
    def ontology_classes(self) -> frozenset[Node]:
        return self._ontology_subjects_typed({OWL.Class})

    @cached_property
    def ontology_properties(self) -> frozenset[Node]:
        return self._ontology_subjects_typed(_PROPERTY_TYPES)

    @cached_property
    def typed_in_seed(self) -> frozenset[Node]:
        """Every subject that some seed file declares with rdf:type."""
        return frozenset(s for f in self.seed_files for s, p, _ in f.triples if p == RDF.type)

    def is_declared(self, node: Node) -> bool:
        return node in self.typed_in_seed or node in self.ontology_terms

    def subclasses_of(self, cls: URIRef) -> frozenset[Node]:
        """``cls`` and every class below it (rdfs:subClassOf*), from the ontology."""
        found: set[Node] = {cls}
        frontier: list[Node] = [cls]
        while frontier:
            current = frontier.pop()
            for sub in self.graph.subjects(RDFS.subClassOf, current):
                if sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return frozenset(found)

    def _ontology_subjects_typed(self, types: set[URIRef] | frozenset[URIRef]) -> frozenset[Node]:
        return frozenset(
            s
            for f in self.files
            if f.is_ontology
            for s, p, o in f.triples
            if p == RDF.type and o in types
        )


def is_tk_term(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_TK)


def parse_files(data_files: list[DataFile]) -> ParsedData:
    """Parse every file; a file with a syntax error contributes no triples."""
    data = ParsedData(files=[])
    terms = _TermConverter()
    with _quiet_ill_typed_literals():
        for data_file in data_files:
            parsed = _parse_one(data_file, terms)
            data.files.append(parsed)
            for triple in parsed.triples:
                data.file_of_triple.setdefault(triple, parsed.relative)
                subject_files = data.files_of_subject.setdefault(triple[0], [])
                if not subject_files or subject_files[-1] != parsed.relative:
                    subject_files.append(parsed.relative)
    data.graph.addN((s, p, o, data.graph) for s, p, o in data.file_of_triple)
    return data


def _parse_one(data_file: DataFile, terms: _TermConverter) -> ParsedFile:
    parsed = ParsedFile(data_file)
    try:
        content = data_file.path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"Cannot read data file '{data_file.path}': {exc.strerror}.",
            "Check that the file exists and is readable.",
        ) from None
    try:
        quads = list(
            ox.parse(
                content,
                format=ox.RdfFormat.TURTLE,
                base_iri=data_file.path.resolve().as_uri(),
                # Blank node labels are local to a file: keep _:b1 of two files apart.
                rename_blank_nodes=True,
            )
        )
    except SyntaxError as exc:
        parsed.syntax = SyntaxProblem(exc.lineno or 1, syntax_detail(exc))
        return parsed
    parsed.triples = [
        (terms.convert(q.subject), terms.convert(q.predicate), terms.convert(q.object))
        for q in quads
    ]
    return parsed


class _TermConverter:
    """pyoxigraph terms to rdflib terms, each distinct term converted once."""

    def __init__(self) -> None:
        self._cache: dict[object, Node] = {}

    def convert(self, term: object) -> Node:
        found = self._cache.get(term)
        if found is None:
            found = self._cache[term] = to_rdflib(term)
        return found


@contextmanager
def _quiet_ill_typed_literals() -> Iterator[None]:
    # rdflib logs a traceback for every literal it cannot convert ("2020-13-01"^^xsd:date);
    # shape/date-not-date reports those, once, as a validation problem.
    logger = logging.getLogger("rdflib.term")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before
