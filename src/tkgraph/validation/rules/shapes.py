"""The structural rules: SHACL shapes in ontology/shapes/, run with pySHACL.

Each named sh:NodeShape of the shapes files is one rule: its id is
``shape/<local name>``, its summary the shape's rdfs:label, its message the
shape's sh:message, its hint the shape's rdfs:comment, its severity the
shape's sh:severity. A result of a nested (blank) shape belongs to the named
shape that holds it. Adding a rule is adding a shape: no Python changes.

Speed: the shapes run over the seed and the ontology merged into one graph,
in place (no copy) and without inference; sh:targetClass follows
rdfs:subClassOf in that graph. Value checks target the values
(sh:targetObjectsOf: each distinct date or source is checked once, not once
per node that uses it); their results are reported at every triple that
uses the bad value.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from tkgraph.errors import ConfigError
from tkgraph.rdf.vocab import RDF, RDFS, XSD
from tkgraph.validation._terms import short
from tkgraph.validation.dataset import ParsedData
from tkgraph.validation.report import Severity
from tkgraph.validation.rules import Finding, Rule

SHAPES_FOLDER = "shapes"  # under the ontology folder, so the loader does not read it

_SEVERITIES: dict[Node | None, Severity] = {
    SH.Violation: Severity.ERROR,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.WARNING,
}
_ORDER_COMPONENTS = {SH.LessThanConstraintComponent, SH.LessThanOrEqualsConstraintComponent}


@dataclass(frozen=True)
class ShapeRule:
    rule: Rule
    shape: URIRef
    value_targets: tuple[Node, ...]  # sh:targetObjectsOf: the focus nodes are values
    property_count: int  # more than one: say which property a cardinality result is about


class Shapes:
    """The shapes graph and the rules it defines."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.rules = {rule.shape: rule for rule in _rules_of(graph)}
        # Blank shapes hang under exactly one parent (sh:property, sh:or list ...).
        self._parents: dict[Node, Node] = {o: s for s, _, o in graph if isinstance(o, BNode)}

    @classmethod
    def load(cls, ontology_dir: Path) -> Shapes:
        folder = ontology_dir / SHAPES_FOLDER
        files = sorted(folder.glob("*.ttl"))
        if not files:
            raise ConfigError(
                f"No SHACL shapes (*.ttl) in '{folder}'; validation needs them.",
                "Point --ontology at the folder that holds tkgraph.ttl and shapes/.",
            )
        graph = Graph()
        for path in files:
            graph.parse(path, format="turtle")
        return cls(graph)

    def rule_of(self, shape: Node | None) -> ShapeRule | None:
        seen: set[Node] = set()
        while isinstance(shape, BNode) and shape in self._parents and shape not in seen:
            seen.add(shape)
            shape = self._parents[shape]
        return self.rules.get(shape) if isinstance(shape, URIRef) else None


def _rules_of(graph: Graph) -> Iterator[ShapeRule]:
    for shape in sorted(graph.subjects(RDF.type, SH.NodeShape), key=str):
        if not isinstance(shape, URIRef):
            continue
        local = str(shape).rpartition("#")[2] or str(shape).rpartition("/")[2]
        rule = Rule(
            id=f"shape/{local}",
            severity=_SEVERITIES.get(graph.value(shape, SH.severity), Severity.ERROR),
            summary=_text(graph, shape, RDFS.label),
            message=_text(graph, shape, SH.message) or "breaks a SHACL shape.",
            hint=_text(graph, shape, RDFS.comment),
        )
        yield ShapeRule(
            rule,
            shape,
            tuple(graph.objects(shape, SH.targetObjectsOf)),
            len(set(graph.objects(shape, SH.property))),
        )


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str:
    value = graph.value(subject, predicate)
    return str(value) if value is not None else ""


@dataclass(frozen=True)
class _Result:
    """The parts of one sh:ValidationResult that the findings need."""

    focus: Node
    path: URIRef | None
    value: Node | None
    shape: Node | None
    component: Node | None

    @classmethod
    def read(cls, results: Graph, result: Node, originals: dict[Node, Node]) -> _Result | None:
        focus = results.value(result, SH.focusNode)
        if focus is None:
            return None
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        return cls(
            focus=originals.get(focus, focus),
            path=path if isinstance(path, URIRef) else None,
            value=originals.get(value, value) if value is not None else None,
            shape=results.value(result, SH.sourceShape),
            component=results.value(result, SH.sourceConstraintComponent),
        )


def check_shapes(data: ParsedData, shapes: Shapes) -> Iterator[Finding]:
    results, originals = _run_pyshacl(data.graph, shapes.graph)
    for node in results.subjects(RDF.type, SH.ValidationResult):
        result = _Result.read(results, node, originals)
        shape_rule = shapes.rule_of(result.shape) if result is not None else None
        if result is None or shape_rule is None:
            continue
        if shape_rule.value_targets:
            yield from _value_findings(result, shape_rule, data)
        else:
            yield from _node_findings(result, shape_rule, data, shapes)


def _run_pyshacl(graph: Graph, shapes_graph: Graph) -> tuple[Graph, dict[Node, Node]]:
    """The results graph, and the original of each literal swapped for the run.

    pySHACL (0.40) raises TypeError instead of reporting a violation when
    sh:lessThan(OrEquals) meets an ill-typed literal ("2001-02-30"^^xsd:date).
    For the run, each ill-typed literal is swapped for a plain string (which
    it compares safely, and which is no xsd:date either); the graph is
    restored before returning, and results are read back through the map.
    """
    swapped = {(s, p, o) for s, p, o in graph if isinstance(o, Literal) and o.ill_typed}
    originals: dict[Node, Node] = {Literal(o.n3()): o for _, _, o in swapped}
    stand_ins = {o: stand_in for stand_in, o in originals.items()}
    for s, p, o in swapped:
        graph.remove((s, p, o))
        graph.add((s, p, stand_ins[o]))
    try:
        with warnings.catch_warnings():
            # sh:lessThan between a date known to the year or month only
            # (xsd:gYear / xsd:gYearMonth) and a day: rdflib answers
            # NotImplemented (the two cannot be ordered) and pySHACL reads it
            # as "in order", so such a pair is not checked (see the shapes).
            warnings.filterwarnings(
                "ignore", "NotImplemented should not be used", DeprecationWarning
            )
            _, results, _ = pyshacl.validate(
                graph, shacl_graph=shapes_graph, inference="none", inplace=True,
                allow_warnings=True,
            )  # fmt: skip
    finally:
        for s, p, o in swapped:
            graph.remove((s, p, stand_ins[o]))
            graph.add((s, p, o))
    return results, originals


def _value_findings(result: _Result, shape_rule: ShapeRule, data: ParsedData) -> Iterator[Finding]:
    """The focus is a bad value (a date, a source): report it at every triple that uses it."""
    if _is_reported_elsewhere(result.focus, data):
        return
    for predicate in shape_rule.value_targets:
        for subject in sorted(data.graph.subjects(predicate, result.focus), key=str):
            detail = _pairs([(predicate, result.focus)])
            yield Finding(shape_rule.rule, subject, detail, predicate=predicate, value=result.focus)


def _node_findings(
    result: _Result, shape_rule: ShapeRule, data: ParsedData, shapes: Shapes
) -> Iterator[Finding]:
    compared = _compared_values(result, data, shapes)
    if _is_reported_elsewhere(result.value, data) or _has_malformed_date(result, compared):
        return
    pairs = [(result.path, result.value)] if result.path and result.value is not None else []
    detail = _pairs(pairs + compared)
    if result.path is not None and result.value is None and shape_rule.property_count > 1:
        detail = _cardinality(result.focus, result.path, data)
    yield Finding(shape_rule.rule, result.focus, detail, predicate=result.path, value=result.value)


def _cardinality(focus: Node, predicate: URIRef, data: ParsedData) -> str:
    count = len(set(data.graph.objects(focus, predicate)))
    return f"no {short(predicate)}" if count == 0 else f"{count} values of {short(predicate)}"


def _is_reported_elsewhere(value: Node | None, data: ParsedData) -> bool:
    """An IRI that nobody declares is reported once, by ref/undeclared-iri or ref/unknown-term."""
    return isinstance(value, URIRef) and not data.is_declared(value)


def _compared_values(result: _Result, data: ParsedData, shapes: Shapes) -> list[tuple[Node, Node]]:
    """For a date-order result, the values it was compared with (tk:consentDate ...)."""
    if result.component not in _ORDER_COMPONENTS or result.shape is None:
        return []
    compared = shapes.graph.value(result.shape, SH.lessThanOrEquals) or shapes.graph.value(
        result.shape, SH.lessThan
    )
    if compared is None:
        return []
    return [(compared, v) for v in sorted(data.graph.objects(result.focus, compared), key=str)]


def _has_malformed_date(result: _Result, compared: list[tuple[Node, Node]]) -> bool:
    """A date order that failed on a malformed date: shape/date-not-date reports that one."""
    if not compared:
        return False
    return not all(_is_date(v) for v in [result.value, *(v for _, v in compared)])


def _is_date(node: Node | None) -> bool:
    return isinstance(node, Literal) and node.datatype == XSD.date and isinstance(node.value, date)


def _pairs(pairs: list[tuple[Node, Node]]) -> str:
    return ", ".join(f"{short(p)} {short(v)}" for p, v in pairs)
