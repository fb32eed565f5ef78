"""Serialise a loaded data set, deterministically (sorted lines for the
line-based formats), in the usual RDF formats."""

from __future__ import annotations

from typing import Final

import pyoxigraph as ox

from tkgraph.errors import ConfigError
from tkgraph.rdf.loading import LoadedData
from tkgraph.rdf.vocab import DCTERMS, ID_BASE, OWL, RDF, RDFS, SKOS, TK, XSD

FORMATS: Final = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
EXTENSIONS: Final = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
# Formats that hold one graph: the named graphs are merged into it.
_TRIPLE_FORMATS: Final = {"turtle", "nt", "jsonld"}
PREFIXES: Final = {
    "tk": str(TK),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "id": ID_BASE,
}


def format_for_extension(suffix: str) -> str:
    try:
        return EXTENSIONS[suffix.lower()]
    except KeyError:
        raise ConfigError(
            f"Cannot tell the export format from the extension '{suffix}'.",
            f"Use one of {', '.join(EXTENSIONS)} or pass --format.",
        ) from None


def export(data: LoadedData, fmt: str) -> bytes:
    """The whole data set in one format; graphs merged for triple formats."""
    if fmt not in FORMATS:
        raise ConfigError(f"Unknown export format '{fmt}'.", f"Use one of {', '.join(FORMATS)}.")
    if fmt in ("nt", "nq"):
        quads = data.store.quads_for_pattern(None, None, None, None)
        # A set: the same triple in two files is one line of N-Triples.
        lines = {
            f"{q.subject} {q.predicate} {q.object} ." if fmt == "nt" else f"{q} ." for q in quads
        }
        return ("\n".join(sorted(lines)) + "\n").encode()
    if fmt in _TRIPLE_FORMATS:
        merged = ox.Store()
        merged.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in data.store
        )
        return (
            merged.dump(format=FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=PREFIXES) or b""
        )
    return data.store.dump(format=FORMATS[fmt], prefixes=PREFIXES) or b""
