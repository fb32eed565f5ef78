"""Load the data set from a remote SPARQL 1.1 endpoint instead of local files.

tkgraph answers from its read model, which is derived from the graph in one
pass; in remote mode that graph is read from the endpoint (GraphDB, Virtuoso,
Stardog, Neptune, QLever, Oxigraph server ...) with one SELECT over every
named graph and the default graph, then the same read model is built. So the
remote store stays the source of truth, any number of tkgraph replicas can
serve it, and a reload re-reads it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import httpx
import pyoxigraph as ox

from tkgraph.errors import RemoteEndpointError
from tkgraph.rdf.loading import LoadedData
from tkgraph.rdf.vocab import graph_for

# Named graphs keep the file each triple came from. Only when the endpoint has
# none is the default graph read: many stores make it the union of all graphs.
NAMED_GRAPH_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT_GRAPH_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def _select(endpoint: str, query: str, timeout: float) -> ox.QuerySolutions:
    try:
        response = httpx.post(
            endpoint,
            data={"query": query},
            headers={"accept": "text/tab-separated-values"},
            timeout=timeout,
        )
    except httpx.HTTPError as exc:
        raise RemoteEndpointError(
            f"Cannot reach the SPARQL endpoint '{endpoint}': {exc}.",
            "Check the URL (the query URL, e.g. http://host:7878/query) and that the server runs.",
        ) from None
    if response.status_code != 200:
        raise RemoteEndpointError(
            f"The SPARQL endpoint '{endpoint}' answered HTTP {response.status_code}: {response.text[:200]!r}.",
            "Check the URL and the endpoint's logs.",
        )
    try:
        solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.TSV)
    except SyntaxError as exc:
        raise RemoteEndpointError(
            f"The SPARQL endpoint '{endpoint}' sent results tkgraph cannot read: {exc.msg}.",
            "The endpoint must support SPARQL 1.1 TSV results (text/tab-separated-values).",
        ) from None
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def load_remote(endpoint: str, timeout: float = 120.0) -> LoadedData:
    """Read every quad from the endpoint into a new in-memory store."""
    quads = []
    for row in _select(endpoint, NAMED_GRAPH_QUADS, timeout):
        subject, predicate, obj, graph = row["s"], row["p"], row["o"], row["g"]
        if (
            isinstance(predicate, ox.NamedNode)
            and isinstance(graph, ox.NamedNode)
            and subject
            and obj
        ):
            quads.append(ox.Quad(subject, predicate, obj, graph))
    if not quads:
        default = ox.NamedNode(str(graph_for("default")))
        for row in _select(endpoint, DEFAULT_GRAPH_TRIPLES, timeout):
            subject, predicate, obj = row["s"], row["p"], row["o"]
            if isinstance(predicate, ox.NamedNode) and subject and obj:
                quads.append(ox.Quad(subject, predicate, obj, default))
    store = ox.Store()
    store.bulk_extend(quads)
    # The version of remote data is the hash of what was read, in a stable order.
    digest = hashlib.sha256("\n".join(sorted(str(q) for q in store)).encode()).hexdigest()
    return LoadedData(
        store=store,
        files=(),
        content_hash=digest,
        loaded_at=datetime.now(UTC),
        counted=len(store),
    )
