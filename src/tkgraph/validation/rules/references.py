"""Rules about references across files: declared IRIs, known terms, no duplicates.

These need the whole data set at once (a state is declared in actors/, used in
instruments/), which is why ``validate`` always reads every file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from tkgraph.rdf.vocab import DCTERMS, ID_BASE, RDF, RDFS, TK
from tkgraph.validation._terms import short
from tkgraph.validation.dataset import ParsedData, ParsedFile, is_tk_term
from tkgraph.validation.report import Severity
from tkgraph.validation.rules import Finding, Rule

UNDECLARED_IRI = Rule(
    id="ref/undeclared-iri",
    severity=Severity.ERROR,
    summary=f"Every IRI under {ID_BASE} that a file uses is declared (given an rdf:type) in some file.",
    message="uses an IRI that no file declares with rdf:type.",
    hint="Fix the spelling of the IRI, or declare it (states in seed/actors/states.ttl, "
    "organisations in seed/actors/, sources in seed/sources/).",
)
UNKNOWN_TERM = Rule(
    id="ref/unknown-term",
    severity=Severity.ERROR,
    summary="Every class and property used is declared in ontology/tkgraph.ttl; the only other "
    "properties allowed are rdf:type, rdfs:label, dcterms:source and dcterms:title.",
    message="uses a term that the ontology does not declare.",
    hint="Fix the spelling (see ontology/tkgraph.ttl for the terms), or propose the new term "
    "in the ontology first.",
)
DUPLICATE_ENTITY = Rule(
    id="ref/duplicate-entity",
    severity=Severity.ERROR,
    summary="No real-world entity is declared under two IRIs: no two nodes share a tk:iso2, "
    "tk:iso3, tk:untcReference, tk:cetsNumber, tk:iloCode or tk:celexNumber, and no two "
    "actors or instruments of the same class share an rdfs:label.",
    message="looks like the same entity as another IRI.",
    hint="Keep one IRI, delete the other declaration and point its references at the one kept.",
)
RULES = (UNDECLARED_IRI, UNKNOWN_TERM, DUPLICATE_ENTITY)

# Properties from outside the ontology that the seed may use (seed/README.md, rule 3).
_STANDARD_PROPERTIES = frozenset({RDF.type, RDFS.label, DCTERMS.source, DCTERMS.title})
# Identifiers that name one real-world entity each.
_IDENTIFYING = (TK.iso2, TK.iso3, TK.untcReference, TK.cetsNumber, TK.iloCode, TK.celexNumber)


def check_undeclared_iris(data: ParsedData) -> Iterator[Finding]:
    """One finding per (file, IRI), at its first use in that file."""
    for parsed in data.seed_files:
        seen: set[Node] = set()
        for s, p, o in parsed.triples:
            for node, role in ((s, "subject"), (o, "value")):
                if node in seen or not _is_instance_iri(node) or data.is_declared(node):
                    continue
                seen.add(node)
                yield Finding(
                    UNDECLARED_IRI,
                    subject=node if role == "subject" else s,
                    detail=_undeclared_detail(node, role, parsed),
                    file=parsed.relative,
                    predicate=p,
                    value=o,
                )


def _undeclared_detail(node: Node, role: str, parsed: ParsedFile) -> str:
    uses = sum(1 for s, _, o in parsed.triples if s == node or o == node)
    what = "itself: it has properties but no rdf:type" if role == "subject" else short(node)
    return f"{what} ({uses} use{'s' if uses != 1 else ''} in this file)"


def check_unknown_terms(data: ParsedData) -> Iterator[Finding]:
    """Predicates, classes and tk: values the ontology does not declare, once per file."""
    for parsed in data.seed_files:
        seen: set[Node] = set()
        for s, p, o in parsed.triples:
            for term, predicate, value in _unknown_terms_of(data, p, o):
                if term in seen:
                    continue
                seen.add(term)
                yield Finding(
                    UNKNOWN_TERM,
                    subject=s,
                    detail=_unknown_detail(term, p),
                    file=parsed.relative,
                    predicate=predicate,
                    value=value,
                )


def _unknown_terms_of(
    data: ParsedData, p: Node, o: Node
) -> Iterator[tuple[Node, Node, Node | None]]:
    if p not in _STANDARD_PROPERTIES and p not in data.ontology_properties:
        yield p, p, None
    if p == RDF.type and not (is_tk_term(o) and o in data.ontology_classes):
        yield o, p, o  # a class the ontology does not have
    if p != RDF.type and is_tk_term(o) and o not in data.ontology_terms:
        yield o, p, o  # a misspelt concept (tk:ratificaton)


def _unknown_detail(term: Node, predicate: Node) -> str:
    if term == predicate:
        return f"property {short(term)} is not a property of the ontology"
    if predicate == RDF.type:
        return f"class {short(term)} is not a class of the ontology"
    return f"{short(term)} (value of {short(predicate)}) is not declared in the ontology"


def check_duplicate_entities(data: ParsedData) -> Iterator[Finding]:
    """One finding per IRI of each group of IRIs that share an identifying value."""
    for (predicate, _), members in _groups(data).items():
        if len(members) < 2:
            continue
        for subject in sorted(members, key=str):
            others = ", ".join(f"<{o}>" for o in sorted(members, key=str) if o != subject)
            yield Finding(
                DUPLICATE_ENTITY,
                subject=subject,
                detail=f"{short(predicate)} {short(members[subject])} is also on {others}",
                predicate=predicate,
                value=members[subject],
            )


# (identifying property, normalised value; for a label, the classes first)
_GroupKey = tuple[URIRef, str]


def _groups(data: ParsedData) -> dict[_GroupKey, dict[Node, Node]]:
    """Subjects, with the value as written, grouped by identifying property and value."""
    groups: dict[_GroupKey, dict[Node, Node]] = defaultdict(dict)
    for predicate in _IDENTIFYING:
        for subject, value in data.graph.subject_objects(predicate):
            if isinstance(value, Literal):
                groups[(predicate, _normalised(value))].setdefault(subject, value)
    labelled = data.subclasses_of(TK.Actor) | data.subclasses_of(TK.Instrument)
    for subject, label in data.graph.subject_objects(RDFS.label):
        classes = sorted(str(c) for c in set(data.graph.objects(subject, RDF.type)) & labelled)
        if classes and isinstance(label, Literal):
            key = " ".join([*classes, _normalised(label)])
            groups[(RDFS.label, key)].setdefault(subject, label)
    return groups


def _normalised(value: Literal) -> str:
    return " ".join(str(value).casefold().split())


def _is_instance_iri(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(ID_BASE)
