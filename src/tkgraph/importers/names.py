"""Match the participant names of a table to the actors of the seed data.

Every name of every actor (``rdfs:label`` and ``tk:altName``) is normalised
(:func:`normalize_name`) into one lookup table; :func:`match_names` maps the
names of a table through it and lists every name that matches nothing at
once (:class:`~tkgraph.errors.UnmatchedNamesError`), so that an import never
drops a row silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError, UnmatchedNamesError
from tkgraph.rdf.vocab import RDF, RDFS, TK, id_for_iri, iri_for

__all__ = [
    "actor_labels",
    "actor_names",
    "check_notes",
    "instrument_short_name",
    "is_generated",
    "match_names",
    "normalize_name",
    "reference_graph",
    "sources_graph",
]

_ACTOR_CLASSES = (
    TK.State,
    TK.Organization,
    TK.InternationalOrganization,
    TK.RegionalOrganization,
    TK.REIO,
    TK.Body,
    TK.CoordinationBody,
)
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def normalize_name(name: str) -> str:
    """The matching key of a name: no accents, one kind of apostrophe and dash,
    no spaces around a dash (NORMLEX writes "Guinea - Bissau"), case-folded,
    single spaces, no leading "the" ("Côte d’Ivoire" and "cote d'ivoire" give
    the same key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = " ".join(text.translate(_APOSTROPHES).translate(_DASHES).split()).casefold()
    return text.replace(" - ", "-").replace(" -", "-").replace("- ", "-").removeprefix("the ")


def _actors(graph: Graph) -> list[URIRef]:
    found = {s for cls in _ACTOR_CLASSES for s in graph.subjects(RDF.type, cls)}
    return sorted(s for s in found if isinstance(s, URIRef))


def actor_names(graph: Graph) -> dict[str, URIRef]:
    """Normalised name -> actor IRI, from ``rdfs:label`` and ``tk:altName`` of every
    tk:State and organisation in ``graph``. A name shared by two actors is an error."""
    owners: dict[str, set[URIRef]] = {}
    for actor in _actors(graph):
        for prop in (RDFS.label, TK.altName):
            for name in graph.objects(actor, prop):
                key = normalize_name(str(name)) if isinstance(name, Literal) else ""
                if key:
                    owners.setdefault(key, set()).add(actor)
    clashes = {key: iris for key, iris in owners.items() if len(iris) > 1}
    if clashes:
        listed = "; ".join(
            f"{key!r}: {', '.join(sorted(id_for_iri(i) for i in iris))}"
            for key, iris in sorted(clashes.items())
        )
        raise DataError(
            f"{len(clashes)} name(s) belong to more than one actor: {listed}.",
            "Remove or correct the tk:altName (or rdfs:label) so that each name names one actor.",
        )
    return {key: next(iter(iris)) for key, iris in sorted(owners.items())}


def actor_labels(graph: Graph) -> dict[URIRef, str]:
    """Actor IRI -> its rdfs:label (the smallest, if it has several)."""
    labels: dict[URIRef, str] = {}
    for actor in _actors(graph):
        found = sorted(str(o) for o in graph.objects(actor, RDFS.label) if isinstance(o, Literal))
        if found:
            labels[actor] = found[0]
    return labels


def instrument_short_name(graph: Graph, instrument_slug: str) -> str | None:
    """The tk:shortName of ``instrument:<slug>`` in ``graph``, if any."""
    names = sorted(
        str(o)
        for o in graph.objects(iri_for("instrument", instrument_slug), TK.shortName)
        if isinstance(o, Literal)
    )
    return names[0] if names else None


def match_names(
    names_in_table: Iterable[str], names: Mapping[str, URIRef], table_title: str
) -> dict[str, URIRef]:
    """Table name -> actor; raise UnmatchedNamesError listing every unmatched name,
    or DataError if two rows name the same actor."""
    matched: dict[str, URIRef] = {}
    unmatched: set[str] = set()
    by_actor: dict[URIRef, str] = {}
    for name in names_in_table:
        actor = names.get(normalize_name(name))
        if actor is None:
            unmatched.add(name)
            continue
        if actor in by_actor and by_actor[actor] != name:
            raise DataError(
                f"'{table_title}': {by_actor[actor]!r} and {name!r} both name "
                f"{id_for_iri(str(actor))}.",
                "Remove the duplicate row, or fix the tk:altName that matches the wrong actor.",
            )
        if actor in by_actor:
            raise DataError(
                f"'{table_title}': {name!r} is listed twice.", "Remove the duplicate row."
            )
        by_actor[actor] = name
        matched[name] = actor
    if unmatched:
        raise UnmatchedNamesError(table_title, sorted(unmatched))
    return matched


def check_notes(notes: Mapping[str, object], names_in_table: Collection[str], what: str) -> None:
    known = {normalize_name(n) for n in names_in_table}
    stray = sorted(n for n in notes if normalize_name(n) not in known)
    if stray:
        raise DataError(
            f"{len(stray)} {what} name(s) are not in the table: {', '.join(map(repr, stray))}.",
            "Spell the participant as the table does.",
        )


def is_generated(path: Path) -> bool:
    """A generated seed file: its first line says so (every importer writes the
    header of :func:`tkgraph.importers.turtle.header`)."""
    with path.open(encoding="utf-8") as handle:
        return "GENERATED" in handle.readline()


def reference_graph(seed_dir: Path) -> Graph:
    """The hand-written actors and instruments of a seed folder (not the generated
    files, so that an import never depends on the output of another import)."""
    graph = Graph()
    for folder in ("actors", "instruments"):
        for path in sorted((seed_dir / folder).glob("*.ttl")):
            if not path.name.startswith("_") and not is_generated(path):
                graph.parse(path, format="turtle")
    return graph


def sources_graph(seed_dir: Path, skip: Path | None = None) -> Graph:
    """Every file of a seed folder (generated ones too), except ``skip``: to find
    the tk:Source a fact cites and the values other files already state."""
    graph = Graph()
    for path in sorted(seed_dir.rglob("*.ttl")):
        if not path.name.startswith("_") and (skip is None or path.resolve() != skip.resolve()):
            graph.parse(path, format="turtle")
    return graph
