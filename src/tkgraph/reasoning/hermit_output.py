"""HermiT's command-line output, read back as facts.

HermiT prints one functional-syntax axiom per line: the class taxonomy
(``SubClassOf``, ``EquivalentClasses``), the object property taxonomy
(``SubObjectPropertyOf``, ``EquivalentObjectProperties``, possibly with
``ObjectInverseOf``), the direct types of each individual (``Type``) and, with
``-Y``, the known values of each object property. Private to tkgraph.reasoning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from rdflib import URIRef
from rdflib.term import Node

from tkgraph.rdf.vocab import OWL, RDF

T = TypeVar("T")
Triple = tuple[Node, Node, Node]
_OWL_NS = str(OWL)


# A property expression: (property IRI, is the inverse).
Prop = tuple[str, bool]

_AXIOM = re.compile(r"^(\w+)\( (.*) \)\s*$")
_TERM = re.compile(r"ObjectInverseOf\( <([^>]+)> \)|<([^>]+)>|owl:(\w+)")
_PROPERTY_VALUES = re.compile(r"^<([^>]+)> \(known instances:\s*(.*?)\s*\|")
_PAIR = re.compile(r"\(<([^>]+)>, <([^>]+)>\)")


@dataclass
class HermitOutput:
    """What one HermiT run printed, by full IRI."""

    class_parents: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    unsatisfiable: set[str] = field(default_factory=set)
    direct_types: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    property_parents: defaultdict[Prop, set[Prop]] = field(default_factory=lambda: defaultdict(set))
    property_values: set[tuple[str, str, str]] = field(default_factory=set)


def parse_output(output: str) -> HermitOutput:
    """Read HermiT's standard output; lines of other kinds are skipped."""
    parsed = HermitOutput()
    for line in output.splitlines():
        values = _PROPERTY_VALUES.match(line)
        if values is not None:
            prop, known = values.groups()
            parsed.property_values.update((a, prop, b) for a, b in _PAIR.findall(known))
            continue
        axiom = _AXIOM.match(line)
        if axiom is not None:
            _read_axiom(parsed, axiom.group(1), _terms(axiom.group(2)))
    return parsed


def _terms(text: str) -> list[Prop]:
    """The arguments of an axiom; owl: names become full IRIs."""
    terms: list[Prop] = []
    for inverse_of, iri, owl_name in _TERM.findall(text):
        if inverse_of:
            terms.append((inverse_of, True))
        else:
            terms.append((iri or _OWL_NS + owl_name, False))
    return terms


def _read_axiom(parsed: HermitOutput, kind: str, terms: list[Prop]) -> None:
    names = [iri for iri, _ in terms]
    if kind == "SubClassOf" and len(names) == 2:
        parsed.class_parents[names[0]].add(names[1])
    elif kind == "EquivalentClasses":
        if str(OWL.Nothing) in names:
            parsed.unsatisfiable.update(n for n in names if not n.startswith(_OWL_NS))
        for a in names:
            parsed.class_parents[a].update(n for n in names if n != a)
    elif kind == "Type" and len(names) == 2:
        parsed.direct_types[names[0]].add(names[1])
    elif kind == "SubObjectPropertyOf" and len(terms) == 2:
        parsed.property_parents[terms[0]].add(terms[1])
    elif kind == "EquivalentObjectProperties":
        for term in terms:
            parsed.property_parents[term].update(t for t in terms if t != term)


def closure(start: Iterable[T], parents: defaultdict[T, set[T]]) -> set[T]:
    """``start`` and everything reachable from it through ``parents``."""
    seen = set(start)
    todo = list(seen)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def entailed_triples(parsed: HermitOutput, asserted: set[tuple[str, str, str]]) -> Iterator[Triple]:
    """Types closed over the class hierarchy; property values (HermiT's and
    the asserted ones) closed over the property hierarchy."""
    for individual, direct in parsed.direct_types.items():
        for cls in closure(direct, parsed.class_parents):
            yield URIRef(individual), RDF.type, URIRef(cls)
    supers: dict[Prop, set[Prop]] = {}
    for a, prop, b in parsed.property_values | asserted:
        # (a, P, b) is also (b, P⁻, a): walk up from both expressions.
        for start, (x, y) in (((prop, False), (a, b)), ((prop, True), (b, a))):
            if start not in supers:
                supers[start] = closure([start], parsed.property_parents)
            for super_prop, inverse in supers[start]:
                s, o = (y, x) if inverse else (x, y)
                yield URIRef(s), URIRef(super_prop), URIRef(o)
