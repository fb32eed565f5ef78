"""Write generated seed files: rdflib's Turtle serializer behind a "do not edit"
header, and a field-level report of what changed against the file replaced.

rdflib sorts subjects, predicates and objects, so the same graph always gives
the same bytes; the header names every tk:Source of the graph with its address
and as-of date, so a reader of the file sees where it comes from without
running anything.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from tkgraph.errors import DataError
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, id_for_iri, iri_for

__all__ = [
    "FieldChange",
    "ImportChanges",
    "header",
    "new_graph",
    "to_turtle",
    "write_generated_file",
]

#: Prefixes of the generated files (those of seed/_template.ttl plus the kinds
#: the importers write).
_KINDS = ("state", "organization", "instrument", "participation", "provision", "statement",
          "rule", "source", "list", "figure", "assessment")  # fmt: skip

_DEFAULT_TOOL = "`tkgraph import untc` (tkgraph.importers)"
_DEFAULT_HOW = "fix the table or the actor names in seed/actors/ and run the import again"


@dataclass(frozen=True)
class FieldChange:
    """One property of one node whose values differ between two versions."""

    node: str  # API id, e.g. "participation:tip-protocol.FR"
    field: str  # prefixed name, e.g. "tk:consentDate"
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class ImportChanges:
    """What writing a generated file changed compared with the file it replaced."""

    path: Path
    created: bool  # the file did not exist before
    added: tuple[str, ...]  # API ids of nodes that are new
    removed: tuple[str, ...]  # API ids of nodes that are gone
    changed: tuple[FieldChange, ...]  # field-level changes of kept nodes

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.added or self.removed or self.changed)


def new_graph() -> Graph:
    """An empty graph with the prefixes of the generated files bound."""
    graph = Graph(bind_namespaces="none")
    graph.bind("tk", URIRef(str(TK)))
    graph.bind("rdfs", RDFS)
    graph.bind("xsd", XSD)
    graph.bind("dcterms", DCTERMS)
    for kind in _KINDS:
        graph.bind(kind, iri_for(kind, ""))
    return graph


def _one_line(text: str) -> str:
    return " ".join(text.split())


def header(graph: Graph, tool: str = _DEFAULT_TOOL, how: str = _DEFAULT_HOW) -> list[str]:
    """The comment lines that open a generated file: do not edit, who wrote it,
    how to change it, and every tk:Source of the graph."""
    lines = [
        f"# GENERATED FILE - DO NOT EDIT. Written by {tool};",
        f"# to change it, {how}.",
    ]
    for node in sorted(s for s in graph.subjects(RDF.type, TK.Source) if isinstance(s, URIRef)):
        title = graph.value(node, DCTERMS.title)
        address = graph.value(node, TK.address)
        as_of = graph.value(node, TK.asOfDate)
        shown = _one_line(str(title)) if title is not None else id_for_iri(str(node))
        lines.append(f"# From: {shown}")
        if address is not None:
            lines.append(f"#   {address}")
        if as_of is not None:
            lines.append(f"#   as of {as_of}")
    return lines


def to_turtle(graph: Graph, tool: str = _DEFAULT_TOOL, how: str = _DEFAULT_HOW) -> str:
    """The header, then rdflib's Turtle (sorted subjects, predicates, objects).
    Generated files hold no blank nodes: every node has an IRI to be cited by."""
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            raise DataError(
                f"Cannot write the node {triple[0]!r}: generated files hold no blank nodes.",
                "Give every node an IRI.",
            )
    out = new_graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=False)
    for triple in graph:
        out.add(triple)
    body = out.serialize(format="turtle")
    return "\n".join(header(graph, tool, how)) + "\n" + body


def _fields(graph: Graph) -> dict[URIRef, dict[URIRef, frozenset[Node]]]:
    out: dict[URIRef, dict[URIRef, set[Node]]] = {}
    for s, p, o in graph:
        if isinstance(s, URIRef) and isinstance(p, URIRef):
            out.setdefault(s, {}).setdefault(p, set()).add(o)
    return {s: {p: frozenset(v) for p, v in fields.items()} for s, fields in out.items()}


_TERM_PREFIXES = (
    ("tk", str(TK)),
    ("rdfs", str(RDFS)),
    ("dcterms", str(DCTERMS)),
    ("xsd", str(XSD)),
)


def _shown(term: Node) -> str:
    """An IRI as its API id (state:FR) or prefixed name (tk:ratification)."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in _TERM_PREFIXES:
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return id_for_iri(text)
    return str(term)


def _field_name(predicate: URIRef) -> str:
    return "a" if predicate == RDF.type else _shown(predicate)


def _diff(old: Graph, new: Graph, path: Path, created: bool) -> ImportChanges:
    before, after = _fields(old), _fields(new)
    added = tuple(sorted(_shown(s) for s in after.keys() - before.keys()))
    removed = tuple(sorted(_shown(s) for s in before.keys() - after.keys()))
    changed: list[FieldChange] = []
    for subject in sorted(before.keys() & after.keys(), key=str):
        old_fields, new_fields = before[subject], after[subject]
        for predicate in sorted(old_fields.keys() | new_fields.keys(), key=str):
            old_values = old_fields.get(predicate, frozenset())
            new_values = new_fields.get(predicate, frozenset())
            if old_values != new_values:
                changed.append(
                    FieldChange(
                        node=_shown(subject),
                        field=_field_name(predicate),
                        old=tuple(sorted(_shown(v) for v in old_values)),
                        new=tuple(sorted(_shown(v) for v in new_values)),
                    )
                )
    return ImportChanges(path, created, added, removed, tuple(changed))


def write_generated_file(
    graph: Graph, out_path: Path, tool: str = _DEFAULT_TOOL, how: str = _DEFAULT_HOW
) -> ImportChanges:
    """Write ``graph`` as Turtle to ``out_path`` (only if the text differs) and
    report what changed compared with the file it replaces. Running it twice with
    the same graph writes the same bytes and reports no change."""
    text = to_turtle(graph, tool, how)
    old = Graph(bind_namespaces="none")
    created = not out_path.exists()
    if not created:
        try:
            old_text = out_path.read_text(encoding="utf-8")
            old.parse(data=old_text, format="turtle")
        except Exception as e:  # any parse failure is reported the same way
            raise DataError(
                f"Cannot read the generated file '{out_path}' to compare with it: {e}.",
                "Delete the file (it is generated) and run the import again.",
            ) from None
        if old_text == text:
            return ImportChanges(out_path, False, (), (), ())
    changes = _diff(old, graph, out_path, created)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return changes
