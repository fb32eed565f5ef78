"""OWL reasoning with HermiT: consistency, and what the ontology entails.

This is the only module that imports owlready2, and it uses it for the HermiT
jar it ships (with ``owlready2.JAVA_EXE`` and ``owlready2.reasoning.JAVA_MEMORY``).
It runs HermiT itself, with the command line ``owlready2.sync_reasoner`` uses,
rather than calling ``sync_reasoner``: that function writes into an owlready2
World, keeps only the most specific type of each individual, drops every
inferred property value whose inverse is asserted (exactly the
``tk:hasPart`` facts we want) and keeps HermiT's output to itself, so an
inconsistency could not be explained. No owlready2 World is ever created, so
the global ``default_world`` is never touched.

What is returned is only what HermiT adds to the data: the types of each named
individual (its direct types, closed over the class hierarchy HermiT
computed), the object property values HermiT derives (inverses such as
``tk:hasPart``, ``tk:supplementedBy``, ``tk:replacedBy``, ``tk:amendedBy``,
transitive ``tk:partOf`` chains), and their super-properties along HermiT's
property hierarchy (``org:subOrganizationOf``, ``prov:agent``,
``tk:instrument``). Asserted and trivial triples (``owl:Thing``, reflexive)
are left out. Data property values and class axioms are not materialised.

What it adds are the types and property values that follow from asserted
types and values through the class and property hierarchies: ``rdf:type``
(``prov:Entity``, ``prov:Association``, ``tk:Actor``, ``prov:Agent``,
``org:Membership`` ...), ``tk:instrument``, ``prov:agent``,
``org:member``/``org:organization``, ``tk:hasPart``/``org:subOrganizationOf``,
``tk:supplementedBy``, ``tk:replacedBy``, ``tk:amendedBy``. The property-value
pass is what finds ``tk:partOf`` chains. A run costs seconds of Java, growing
with the individuals; its result is cached per data version.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import owlready2
import owlready2.reasoning
from rdflib import Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.term import Node

from tkgraph import settings
from tkgraph.errors import ConfigError, InconsistentOntologyError, ReasonerUnavailableError
from tkgraph.rdf.vocab import OWL, RDF, RDFS, TK, XSD, id_for_iri
from tkgraph.reasoning.hermit_output import HermitOutput, closure, entailed_triples, parse_output

__all__ = [
    "cached_materialise",
    "check_consistency",
    "default_cache_dir",
    "materialise",
    "prepare_for_reasoner",
    "read_cached",
]

Triple = tuple[Node, Node, Node]

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4): HermiT
# refuses any other datatype with an UnsupportedDatatypeException.
_OWL2_DATATYPES = frozenset(
    {
        *(RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, RDFS.Literal, OWL.real, OWL.rational),
        *(XSD.decimal, XSD.integer, XSD.long, XSD.int, XSD.short, XSD.byte),
        *(XSD.nonNegativeInteger, XSD.nonPositiveInteger, XSD.positiveInteger),
        *(XSD.negativeInteger, XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort),
        *(XSD.unsignedByte, XSD.double, XSD.float, XSD.boolean, XSD.hexBinary),
        *(XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName),
        *(XSD.NMTOKEN, XSD.base64Binary, XSD.anyURI, XSD.dateTime, XSD.dateTimeStamp),
    }
)
_DATE = re.compile(r"(-?\d{4,}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
_OWL_NS = str(OWL)
_HINT_JAVA = "Install a Java runtime (apt-get install default-jre-headless) and try again."


def prepare_for_reasoner(graph: Graph) -> Graph:
    """A copy of ``graph`` that HermiT can read.

    - ``xsd:date`` becomes ``xsd:dateTime`` at midnight: xsd:date is not in the
      OWL 2 datatype map, HermiT stops on it, and every date in the seed is one.
      The value stays distinct, so a functional property with two dates still
      clashes.
    - Literals of other datatypes outside the map (``xsd:gYear``, ``xsd:time``,
      ``xsd:duration`` ...) are dropped: HermiT stops on them too, and nothing
      is inferred from them.
    - Ill-typed literals (``"12a"^^xsd:integer``) are dropped: HermiT stops with
      a MalformedLiteralException instead of naming them; validation reports them.
    - Terms of other vocabularies that the ontology aligns to without declaring
      them (``org:member``, ``prov:Agent``) are declared: the OWL API that HermiT
      reads with guesses the kind of an undeclared term in an order that changes
      from run to run, so ``tk:member rdfs:subPropertyOf org:member`` was kept
      in one run and lost in the next.
    """
    prepared = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal):
            converted = _reasoner_literal(o)
            if converted is None:
                continue
            o = converted
        prepared.add((s, p, o))
    for declaration in _missing_declarations(prepared):
        prepared.add(declaration)
    return prepared


_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_BUILT_IN = (str(RDF), str(RDFS), str(OWL))


def _missing_declarations(graph: Graph) -> set[Triple]:
    """Declarations for the properties and classes used but not declared."""
    kind_of: dict[Node, Node] = {}
    for kind in _PROPERTY_KINDS:
        kind_of.update(dict.fromkeys(graph.subjects(RDF.type, kind), kind))
    added = _super_property_declarations(graph, kind_of)
    # A predicate no axiom mentions (dcterms:title, skos:inScheme) is an
    # annotation to the reasoner; declared so, it is not guessed at either.
    added.update(
        (p, RDF.type, OWL.AnnotationProperty)
        for p in set(graph.predicates())
        if p not in kind_of and not str(p).startswith(_BUILT_IN)
    )
    classes = set(graph.subjects(RDF.type, OWL.Class))
    used = [o for _, o in graph.subject_objects(RDFS.subClassOf)]
    used += [o for _, o in graph.subject_objects(OWL.disjointWith)]
    used += [o for _, o in graph.subject_objects(RDFS.domain)]
    used += [
        o for s, o in graph.subject_objects(RDFS.range) if kind_of.get(s) == OWL.ObjectProperty
    ]
    added.update(
        (c, RDF.type, OWL.Class) for c in used if isinstance(c, URIRef) and c not in classes
    )
    return added


def _super_property_declarations(graph: Graph, kind_of: dict[Node, Node]) -> set[Triple]:
    """Declare each undeclared super-property of the kind of its sub-property
    (updating ``kind_of``)."""
    added: set[Triple] = set()
    changed = True
    while changed:  # a chain of undeclared super-properties takes several rounds
        changed = False
        for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
            if sub in kind_of and sup not in kind_of:
                kind_of[sup] = kind_of[sub]
                added.add((sup, RDF.type, kind_of[sub]))
                changed = True
    return added


def _reasoner_literal(literal: Literal) -> Literal | None:
    if literal.datatype is None:  # plain or language-tagged: in the map
        return literal
    if literal.datatype == XSD.date:
        match = _DATE.fullmatch(str(literal))
        if match is None or literal.ill_typed:
            return None
        day, zone = match.group(1), match.group(2) or ""
        return Literal(f"{day}T00:00:00{zone}", datatype=XSD.dateTime)
    if literal.datatype not in _OWL2_DATATYPES or literal.ill_typed:
        return None
    return literal


def materialise(graph: Graph, *, property_values: bool = True) -> Graph:
    """The triples HermiT entails from ``graph`` that ``graph`` does not assert.

    ``property_values=False`` skips HermiT's property-value pass (about half
    the time); inverses and super-properties of asserted values still come
    from the property hierarchy, but transitive chains do not.
    Raises ReasonerUnavailableError (no Java, HermiT failed) and
    InconsistentOntologyError naming the individuals at fault.
    """
    prepared = prepare_for_reasoner(graph)
    actions = ("-c", "-O", "-I", "-Y") if property_values else ("-c", "-O", "-I")
    output = _run_hermit(prepared, actions)
    if output is None:
        raise _inconsistent_error(_explain_inconsistency(graph, prepared))
    result = parse_output(output)
    inferred = Graph()
    for triple in entailed_triples(result, _asserted_object_values(graph)):
        if triple not in graph and not _is_trivial(triple):
            inferred.add(triple)
    return inferred


def check_consistency(graph: Graph) -> list[str]:
    """Problems HermiT finds, one readable sentence each; empty when all is well.

    Besides an inconsistency (explained individual by individual), an
    unsatisfiable class (one that can never have a member) is a problem too.
    """
    prepared = prepare_for_reasoner(graph)
    output = _run_hermit(prepared, ("-c",))
    if output is None:
        return _explain_inconsistency(graph, prepared)
    return [
        f"Class {_name(cls)} is unsatisfiable: no individual can belong to it. "
        "Check its rdfs:subClassOf and owl:disjointWith axioms."
        for cls in sorted(parse_output(output).unsatisfiable)
    ]


# --------------------------------------------------------------------------
# Running HermiT
# --------------------------------------------------------------------------


# The quick JIT only: a HermiT run is over before the optimising compiler pays
# for itself (on the bundled data it halves the run).
_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1",)


def _run_hermit(graph: Graph, actions: Iterable[str]) -> str | None:
    """HermiT's standard output, or None if it finds the ontology inconsistent."""
    hermit_dir = Path(owlready2.__file__).parent / "hermit"
    if not (hermit_dir / "HermiT.jar").is_file():
        raise ReasonerUnavailableError(
            f"HermiT is missing from owlready2 at '{hermit_dir}'.",
            "Reinstall owlready2 (pip install --force-reinstall owlready2).",
        )
    java = str(owlready2.JAVA_EXE)
    classpath = os.pathsep.join([str(hermit_dir), str(hermit_dir / "HermiT.jar")])
    with tempfile.TemporaryDirectory(prefix="tkgraph-hermit-") as folder:
        source = Path(folder) / "input.nt"
        graph.serialize(source, format="nt", encoding="utf-8")
        command = [java, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", *_JVM_OPTIONS, "-cp", classpath]
        command += ["org.semanticweb.HermiT.cli.CommandLine", *actions, source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, check=False)
        except OSError as exc:
            raise ReasonerUnavailableError(
                f"Cannot start Java '{java}' to run the HermiT reasoner: {exc.strerror}.",
                _HINT_JAVA,
            ) from None
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode == 0:
        return stdout
    if "InconsistentOntologyException" in stderr:
        return None
    raise ReasonerUnavailableError(
        f"The HermiT reasoner failed (Java exit code {done.returncode}): "
        f"'{_first_error_line(stderr or stdout)}'.",
        "An UnsupportedClassVersionError means the Java runtime is too old: "
        + _HINT_JAVA
        + " An OutOfMemoryError needs a larger owlready2.reasoning.JAVA_MEMORY.",
    )


def _first_error_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "Exception" in line or "Error" in line:
            return line
    return lines[0] if lines else "no message"


def _asserted_object_values(graph: Graph) -> set[tuple[str, str, str]]:
    return {
        (str(s), str(p), str(o))
        for s, p, o in graph
        if isinstance(s, URIRef) and isinstance(o, URIRef) and p != RDF.type
    }


def _is_trivial(triple: Triple) -> bool:
    s, p, o = triple
    return s == o or str(p).startswith(_OWL_NS) or str(o).startswith(_OWL_NS)


# --------------------------------------------------------------------------
# Explaining an inconsistency
# --------------------------------------------------------------------------


def _explain_inconsistency(graph: Graph, prepared: Graph) -> list[str]:
    """Name the individuals that make the data inconsistent.

    HermiT says only "Inconsistent ontology". The usual causes here are an
    individual in two disjoint classes (asserted, or through a property's
    domain or range) and a functional property with two values, so run HermiT
    again without the disjointness and functionality axioms and look for both.
    """
    problems = _functional_clashes(graph)
    relaxed = Graph()
    for s, p, o in prepared:
        if p != OWL.disjointWith and o != OWL.FunctionalProperty:
            relaxed.add((s, p, o))
    output = _run_hermit(relaxed, ("-c", "-I"))
    if output is not None:
        problems += _disjoint_clashes(graph, parse_output(output))
    if not problems:
        problems.append(
            "HermiT finds the ontology and data inconsistent, but not through disjoint "
            "classes or functional properties; look for cardinality, complement or "
            "datatype-range axioms the data breaks."
        )
    return problems


def _disjoint_clashes(graph: Graph, parsed: HermitOutput) -> list[str]:
    pairs = sorted((str(a), str(b)) for a, b in graph.subject_objects(OWL.disjointWith))
    problems = []
    for individual, direct in sorted(parsed.direct_types.items()):
        types = closure(direct, parsed.class_parents)
        for a, b in pairs:
            if a in types and b in types:
                problems.append(_disjoint_clash(graph, parsed, individual, (a, b)))
    return problems


def _disjoint_clash(
    graph: Graph, parsed: HermitOutput, individual: str, pair: tuple[str, str]
) -> str:
    asserted = {str(t) for t in graph.objects(URIRef(individual), RDF.type)}
    names = ", ".join(sorted(_name(t) for t in asserted)) or "none"
    # Say where a type the data does not state came from, or the reader looks for it in vain.
    origin = ""
    if not set(pair) <= closure(asserted, parsed.class_parents):
        origin = "; the other type follows from the domain or range of a property"
    return (
        f"{_name(individual)} is both {_name(pair[0])} and {_name(pair[1])}, which the "
        f"ontology declares disjoint (asserted types: {names}{origin})."
    )


def _functional_clashes(graph: Graph) -> list[str]:
    problems = []
    for prop in sorted(graph.subjects(RDF.type, OWL.FunctionalProperty), key=str):
        for subject in sorted(set(graph.subjects(prop)), key=str):
            values = sorted(
                {_value_key(v): v for v in graph.objects(subject, prop)}.values(), key=str
            )
            if len(values) > 1:
                shown = ", ".join(
                    _name(str(v)) if isinstance(v, URIRef) else repr(str(v)) for v in values
                )
                problems.append(
                    f"{_name(str(subject))} has {len(values)} values for {_name(str(prop))}, "
                    f"which the ontology declares functional (at most one value): {shown}."
                )
    return problems


def _value_key(value: Node) -> object:
    # "AA" and "AA"^^xsd:string are one value for a reasoner.
    return value.toPython() if isinstance(value, Literal) else value


def _name(iri: str) -> str:
    """A short readable name: tk:State, state:FR, else the full IRI."""
    tk = str(TK)
    if iri.startswith(tk):
        return "tk:" + iri[len(tk) :]
    readable = id_for_iri(iri)
    return readable if readable != iri else f"<{iri}>"


def _inconsistent_error(problems: list[str]) -> InconsistentOntologyError:
    shown = problems[:10]
    more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
    return InconsistentOntologyError(
        f"The data is inconsistent with the ontology: {' '.join(shown)}{more}",
        "Fix the types or property values of the individuals named, then reason again.",
    )


# --------------------------------------------------------------------------
# Cache: one N-Triples file per data version
# --------------------------------------------------------------------------

# Bumped whenever what materialise() returns changes, so that an older cache
# file is recomputed rather than served.
_CACHE_HEADER = "# tkgraph inferred triples, format 1\n"
_CONTENT_HASH = re.compile(r"[0-9a-f]{8,128}")


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tkgraph``, or ``~/.cache/tkgraph``."""
    return settings.default_cache_dir()


def read_cached(content_hash: str, cache_dir: Path) -> Graph | None:
    """The inferred triples cached for this data version, or None.

    Lets start-up skip building an rdflib graph of the data when the cache is warm.
    """
    path = _cache_path(content_hash, cache_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # missing, unreadable: compute it again
        return None
    if not text.startswith(_CACHE_HEADER):
        return None
    try:
        return Graph().parse(data=text, format="nt")
    except ParserError:
        return None


def cached_materialise(graph: Graph, content_hash: str, cache_dir: Path) -> Graph:
    """``materialise(graph)``, read from ``cache_dir/<content_hash>.nt`` when there."""
    cached = read_cached(content_hash, cache_dir)
    if cached is not None:
        return cached
    inferred = materialise(graph)
    _write_cache(_cache_path(content_hash, cache_dir), inferred)
    return inferred


def _cache_path(content_hash: str, cache_dir: Path) -> Path:
    if not _CONTENT_HASH.fullmatch(content_hash):
        raise ValueError(f"content_hash must be lowercase hex, not {content_hash!r}")
    return cache_dir / f"{content_hash}.nt"


def _write_cache(path: Path, inferred: Graph) -> None:
    lines = sorted(inferred.serialize(format="nt", encoding="utf-8").decode().splitlines())
    body = _CACHE_HEADER + "".join(line + "\n" for line in lines if line)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and rename, so that a reader never sees half a file.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as tmp:
            tmp.write(body)
        Path(tmp.name).replace(path)
    except OSError as exc:
        raise ConfigError(
            f"Cannot write the reasoning cache '{path}': {exc.strerror}.",
            "Make that folder writable, or point XDG_CACHE_HOME at a writable folder.",
        ) from None
