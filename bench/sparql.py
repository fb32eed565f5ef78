"""The rdflib competitor: the same files in an rdflib Dataset, and the queries
of ``bench/queries/*.rq`` prepared once."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from tkgraph.rdf.loading import data_files
from tkgraph.rdf.vocab import graph_for

QUERY_DIR = Path(__file__).resolve().parent / "queries"

# rdflib's date arithmetic looks up XSD.Duration and warns on every call.
warnings.filterwarnings("ignore", message=".*Duration is not defined.*", category=UserWarning)


def load_dataset(ontology_dir: Path, seed_dir: Path) -> Dataset:
    """Parse every data file into its own named graph, as tkgraph's loader did with rdflib."""
    dataset = Dataset(default_union=True)
    for data_file in data_files(ontology_dir, seed_dir):
        dataset.graph(graph_for(data_file.relative)).parse(data_file.path, format="turtle")
    return dataset


def prepared(name: str) -> Query:
    return prepareQuery((QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8"))


def count_rows(dataset: Dataset, query: Query, as_of: date, **iris: str) -> int:
    """Run a prepared query with ?asOf and the given IRIs bound; count the rows."""
    bindings = {"asOf": Literal(as_of), **{k: URIRef(v) for k, v in iris.items()}}
    return sum(1 for _ in dataset.query(query, initBindings=bindings))
