"""What other seed files already state about the participations a page table
describes: the conflict scan of `tkgraph import table`. The depositary's
value wins (a UNTC or NORMLEX table, or a row of a data/tables import read
from a depositary source); every disagreement is a :class:`Conflict`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from tkgraph.importers.depositary import is_depositary_file
from tkgraph.importers.table_format import DATE_COLUMNS, KIND_FIELD
from tkgraph.rdf.vocab import DCTERMS, RDF, TK, iri_for


@dataclass(frozen=True)
class Conflict:
    """A row value that another seed file states differently."""

    node: str  # participation:<slug>.<ISO2>
    field: str  # "the consent date"
    kept: str  # the value kept
    kept_from: str  # where it comes from (file name)
    other: str  # the value recorded as tk:alternativeValue
    other_from: str  # the page that gives it
    resolved_here: bool  # False: the other file must give way (regenerate it)

    def text(self) -> str:
        action = (
            "kept; the other is a tk:alternativeValue"
            if self.resolved_here
            else "kept; the other file states the other value and must be regenerated to yield"
        )
        return (
            f"{self.node}: {self.field} is {self.kept} in {self.kept_from} but {self.other} in "
            f"{self.other_from}: {self.kept} {action}."
        )


@dataclass
class StatedValues:
    """The values of one participation node stated by the other seed files."""

    by_prop: dict[URIRef, list[tuple[Literal | URIRef, str, bool]]] = field(default_factory=dict)


# --------------------------------------------------------------------------


def _depositary_sources_of(path: Path, tables_dir: Path) -> set[URIRef] | None:
    """The depositary tk:Sources of a generated table file, from its TOML
    (None when the file is not a data/tables import)."""
    slug, _, rest = path.name.partition(".")
    toml_path = tables_dir / f"{rest.removesuffix('.ttl')}.toml"
    if not toml_path.exists():
        return None
    data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    stem = toml_path.stem
    return {iri_for("source", f"{slug}.{stem}.{k}") for k in data.get("depositary_sources", [])}


def depositary_values(
    seed_dir: Path, tables_dir: Path
) -> dict[tuple[URIRef, URIRef], tuple[Literal | URIRef, str]]:
    """(participation, property) -> (value, file) for every value that a
    depositary states: the files of its own tables (<slug>.untc.ttl,
    <slug>.normlex-2023.ttl ...) and the depositary rows of data/tables imports
    (the page imports yield to these: tkgraph.importers.pages)."""
    found: dict[tuple[URIRef, URIRef], tuple[Literal | URIRef, str]] = {}
    props = [prop for prop, _ in DATE_COLUMNS.values()] + [KIND_FIELD[0]]
    for path in sorted((seed_dir / "instruments").glob("*.ttl")):
        depositary = _depositary_sources_of(path, tables_dir)
        whole_file = is_depositary_file(path)
        if not (whole_file or depositary):
            continue
        graph = Graph().parse(path, format="turtle")
        for node in graph.subjects(RDF.type, TK.Participation):
            cited = set(graph.objects(node, DCTERMS.source))
            if isinstance(node, URIRef) and (whole_file or cited & (depositary or set())):
                for prop in props:
                    value = graph.value(node, prop)
                    if isinstance(value, (Literal, URIRef)):
                        found.setdefault((node, prop), (value, path.name))
    return found


def stated_elsewhere(
    seed_dir: Path, out_path: Path, tables_dir: Path, nodes: set[URIRef]
) -> dict[URIRef, StatedValues]:
    """For each participation node, the values other seed files give it, each
    with the file name and whether it is the depositary's (a UNTC table, or a
    row of a data/tables import read from a depositary source)."""
    found: dict[URIRef, StatedValues] = {}
    props = [prop for prop, _ in DATE_COLUMNS.values()] + [KIND_FIELD[0]]
    for path in sorted((seed_dir / "instruments").glob("*.ttl")):
        if path.name.startswith("_") or path.resolve() == out_path.resolve():
            continue
        graph = Graph().parse(path, format="turtle")
        depositary = _depositary_sources_of(path, tables_dir)
        for node in nodes & set(graph.subjects(RDF.type, TK.Participation)):
            cited = set(graph.objects(node, DCTERMS.source))
            is_depositary = is_depositary_file(path) or bool(depositary and cited & depositary)
            values = found.setdefault(node, StatedValues())
            for prop in props:
                for value in graph.objects(node, prop):
                    if isinstance(value, (Literal, URIRef)):
                        values.by_prop.setdefault(prop, []).append(
                            (value, path.name, is_depositary)
                        )
    return found


def same_value(ours: Literal | URIRef, theirs: Literal | URIRef) -> bool:
    """The same value (a date of another precision is another value: keeping
    both would give a functional property two values)."""
    if isinstance(ours, Literal) and isinstance(theirs, Literal):
        return str(ours) == str(theirs) and ours.datatype == theirs.datatype
    return ours == theirs


def shown(value: Literal | URIRef) -> str:
    if isinstance(value, URIRef):
        return str(value).rpartition("#")[2]
    return str(value)
