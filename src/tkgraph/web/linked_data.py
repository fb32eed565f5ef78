"""Every IRI resolves: /id/<kind>/<local> answers a node's triples or its page.

    /id/<kind>/<local>     Turtle, N-Triples or JSON-LD by the Accept header
                           (content negotiation), else the node's HTML page
    /.well-known/void      the data set described in VoID and DCAT
    /sparql (GET, no query) the SPARQL service description (app.py routes it)

The triples of a node are those with it as subject, from every data file
(the inferred graph left out: what the files say); the page is node_page.py's.
The IRIs in the answers are the canonical https://w3id.org/tkgraph/id/...
ones; the links on the page point at this server's /id/... addresses.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tkgraph.errors import NotFoundError
from tkgraph.rdf.terms import to_rdflib
from tkgraph.rdf.vocab import (
    DATASET_IRI,
    DCAT,
    DCTERMS,
    FORMATS,
    GRAPH_BASE,
    ID_BASE,
    INFERRED_GRAPH,
    KINDS,
    ONTOLOGY_IRI,
    RDF,
    RDFS,
    SCHEMA,
    SD,
    TK,
    VOID,
    XSD,
    iri_for_id,
)
from tkgraph.service.snapshot import Snapshot, SnapshotHolder
from tkgraph.web import node_page

# media type -> rdflib serializer name
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
_HTML = "text/html"
# ?format= for a link a browser can follow (it cannot set Accept)
FORMAT_PARAMS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}

# The licences of the third-party tables the data were read from (data/SOURCES.md).
# Facts themselves (dates of consent, tiers) are not copyrightable; the tables are.
THIRD_PARTY_TABLES = (
    ("https://github.com/andrewheiss/scorecard-diplomacy", "Scorecard Diplomacy: US TIP Report tiers 1999-2015",
     "https://opensource.org/license/mit"),
    ("https://github.com/owid/owid-grapher", "Our World in Data: ISO codes and Wikidata items per country",
     "https://opensource.org/license/mit"),
    ("https://github.com/MilkMp/CIA-World-Factbooks-Archive-1990-2025",
     "CIA World Factbook archive: Tier 2 Watch List and Tier 3 lists 2011-2025",
     "https://www.cia.gov/the-world-factbook/about/copyright-and-contributors/"),
    ("https://github.com/zmjones/untreaties", "UN Treaty Collection scrape (no licence stated)", None),
    ("https://github.com/world-politics-datalab/humanrights-treaties-ratification-status",
     "World Politics Datalab: human-rights treaty ratification status (no licence stated)", None),
)  # fmt: skip


def preferred_format(accept: str) -> str:
    """The media type to answer with: the RDF type or HTML the client ranks
    highest (q values), HTML when it names none of them (a browser, */*)."""
    best, best_q = _HTML, -1.0
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        # strictly greater: at equal q the first named wins
        if (media in RDF_FORMATS or media == _HTML) and q > best_q:
            best, best_q = media, q
    return best if best_q > 0 else _HTML


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in (
        ("tk", str(TK)), ("rdf", str(RDF)), ("rdfs", str(RDFS)), ("xsd", str(XSD)),
        ("dcterms", str(DCTERMS)), ("schema", str(SCHEMA)), ("void", str(VOID)),
        ("dcat", str(DCAT)), ("sd", str(SD)),
    ):  # fmt: skip
        graph.bind(prefix, Namespace(namespace))
    for kind in KINDS:
        graph.bind(kind, Namespace(f"{ID_BASE}{kind}/"))
    graph.bind("wd", Namespace("http://www.wikidata.org/entity/"))
    return graph


def node_triples(snap: Snapshot, iri: str) -> Graph:
    """The triples with ``iri`` as subject, from every data file."""
    graph = new_graph()
    inferred = ox.NamedNode(str(INFERRED_GRAPH))
    for quad in snap.data.store.quads_for_pattern(ox.NamedNode(iri), None, None, None):
        if quad.graph_name == inferred:
            continue
        graph.add((URIRef(iri), URIRef(quad.predicate.value), to_rdflib(quad.object)))
    return graph


def _rdf_response(graph: Graph, media: str) -> Response:
    body = graph.serialize(format=RDF_FORMATS[media])
    return Response(body, media_type=f"{media}; charset=utf-8", headers={"Vary": "Accept"})


def _not_found(kind: str, local: str, media: str) -> Response:
    text = f"No node {kind}:{local} in the data."
    if media == _HTML:  # a browser gets a page; every other client the error body
        return HTMLResponse(node_page.not_found(text), status_code=404, headers={"Vary": "Accept"})
    error = NotFoundError(text, "Look the id up with the actors or instruments query.")
    error.headers["Vary"] = "Accept"
    raise error


async def node_endpoint(request: Request) -> Response:
    holder: SnapshotHolder = request.app.state.holder
    snap = holder.current
    kind, local = request.path_params["kind"], request.path_params["local"]
    media = FORMAT_PARAMS.get(request.query_params.get("format", "")) or preferred_format(
        request.headers.get("accept", "")
    )
    iri = iri_for_id(f"{kind}:{local}")
    if iri is None:
        return _not_found(kind, local, media)
    graph = node_triples(snap, str(iri))
    if len(graph) == 0:
        return _not_found(kind, local, media)
    if media in RDF_FORMATS:
        return _rdf_response(graph, media)
    page = node_page.render(snap, str(iri), graph, request.query_params.get("asOf"))
    return HTMLResponse(page, headers={"Vary": "Accept"})


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def void_graph(snap: Snapshot, base: str) -> Graph:
    """The data set in VoID and DCAT: size, files, sources, licences, endpoint."""
    graph = new_graph()
    ds = DATASET_IRI
    graph.add((ds, RDF.type, VOID.Dataset))
    graph.add((ds, RDF.type, DCAT.Dataset))
    graph.add(
        (
            ds,
            DCTERMS.title,
            Literal("tkgraph: who is bound to what in the fight against human trafficking"),
        )
    )
    graph.add((ds, DCTERMS.description, Literal(
        "Instruments, participation, memberships, cooperation and ratings (US TIP Report tiers), "
        "each fact with its sources (title, address, as-of date).")))  # fmt: skip
    graph.add((ds, VOID.triples, Literal(snap.data.triple_count)))
    graph.add((ds, VOID.uriSpace, Literal(ID_BASE)))
    graph.add((ds, VOID.vocabulary, ONTOLOGY_IRI))
    graph.add((ds, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    graph.add((ds, VOID.exampleResource, URIRef(f"{ID_BASE}state/FR")))
    graph.add((ds, DCTERMS.modified, Literal(snap.loaded_at.date().isoformat(), datatype=XSD.date)))
    graph.add((ds, DCTERMS.identifier, Literal(snap.version)))
    graph.add((ds, VOID.distinctSubjects, Literal(len(snap.model.nodes))))
    graph.add((ds, VOID.entities, Literal(len(snap.model.nodes))))
    store = snap.data.store
    for data_file in snap.data.files:
        name = data_file.relative
        part = URIRef(data_file.graph.value)
        count = sum(1 for _ in store.quads_for_pattern(None, None, None, data_file.graph))
        graph.add((ds, VOID.subset, part))
        graph.add((ds, DCAT.distribution, part))
        graph.add((part, RDF.type, VOID.Dataset))
        graph.add((part, RDF.type, DCAT.Distribution))
        graph.add((part, DCTERMS.title, Literal(name)))
        graph.add((part, VOID.triples, Literal(count)))
        graph.add((part, DCAT.mediaType, Literal("text/turtle")))
    for address, title, licence in THIRD_PARTY_TABLES:
        table = URIRef(address)
        graph.add((ds, DCTERMS.source, table))
        graph.add((table, DCTERMS.title, Literal(title)))
        if licence:
            graph.add((table, DCTERMS.license, URIRef(licence)))
    graph.add((ds, RDFS.comment, Literal(
        f"{len(snap.model.sources)} documents (tk:Source) are cited by the facts; "
        "list them with SPARQL: SELECT ?s ?title ?address WHERE { ?s a tk:Source ; "
        "dcterms:title ?title . OPTIONAL { ?s tk:address ?address } }")))  # fmt: skip
    return graph


def service_description(snap: Snapshot, base: str) -> Graph:
    """The SPARQL 1.1 service description of /sparql."""
    graph = void_graph(snap, base)
    service = URIRef(f"{base}/sparql")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
        "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML",
    ):  # fmt: skip
        graph.add((service, SD.resultFormat, FORMATS[name]))
    default = URIRef(f"{base}/sparql#default-dataset")
    graph.add((service, SD.defaultDataset, default))
    graph.add((default, RDF.type, SD.Dataset))
    graph.add((default, DCTERMS.source, DATASET_IRI))
    graph.add((default, RDFS.comment, Literal(
        "The default graph is the union of every data file's named graph "
        f"({GRAPH_BASE}<path>); the inferred graph, when reasoning is on, is {INFERRED_GRAPH}.")))  # fmt: skip
    return graph


def described(graph: Graph, request: Request) -> Response:
    """A description graph as Turtle, or JSON-LD / N-Triples when asked."""
    media = preferred_format(request.headers.get("accept", ""))
    return _rdf_response(graph, media if media in RDF_FORMATS else "text/turtle")


async def void_endpoint(request: Request) -> Response:
    holder: SnapshotHolder = request.app.state.holder
    return described(void_graph(holder.current, _base(request)), request)


def sparql_description(request: Request) -> Response:
    """What GET /sparql without a query answers."""
    holder: SnapshotHolder = request.app.state.holder
    return described(service_description(holder.current, _base(request)), request)


def is_description_request(request: Request) -> bool:
    """GET /sparql with neither a query nor an update: ask for the description."""
    params = request.query_params
    return request.method == "GET" and "query" not in params and "update" not in params


def routes() -> list[Route]:
    return [
        Route("/id/{kind}/{local}", node_endpoint, methods=["GET"]),
        Route("/.well-known/void", void_endpoint, methods=["GET"]),
    ]
