"""Fixtures for the reasoner tests: the tiny and the real data as rdflib graphs."""

from __future__ import annotations

import pytest
from rdflib import Graph

from tkgraph.rdf.loading import as_rdflib_graph
from tkgraph.service.snapshot import Snapshot


def graph_of(snapshot: Snapshot) -> Graph:
    """Every triple of every named graph of a snapshot's store, in one rdflib Graph."""
    return as_rdflib_graph(snapshot.data.store)


@pytest.fixture(scope="session")
def tiny_graph(tiny: Snapshot) -> Graph:
    return graph_of(tiny)


@pytest.fixture(scope="session")
def real_graph(real: Snapshot) -> Graph:
    return graph_of(real)
