"""Every IRI resolves: /id/... by content negotiation, the data set's VoID
description and the SPARQL service description, on the real bundled data."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from tkgraph.service.snapshot import Snapshot
from tkgraph.web.app import PAGE_CSP
from tkgraph.web.linked_data import preferred_format

TK = Namespace("https://w3id.org/tkgraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FR = URIRef("https://w3id.org/tkgraph/id/state/FR")


@pytest.fixture
def client(real_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return real_client


@pytest.mark.parametrize(
    ("media", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
async def test_a_state_answers_its_triples(
    client: httpx.AsyncClient, media: str, rdflib_format: str
) -> None:
    response = await client.get("/id/state/FR", headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert (FR, RDF.type, TK.State) in graph
    assert (FR, TK.iso3, Literal("FRA")) in graph
    assert (FR, SCHEMA.sameAs, URIRef("http://www.wikidata.org/entity/Q142")) in graph
    assert set(graph.subjects()) == {FR}


async def test_the_same_triples_as_the_store(client: httpx.AsyncClient, real: Snapshot) -> None:
    response = await client.get(
        "/id/assessment/tip-tiers.2015.KP", headers={"Accept": "text/turtle"}
    )
    graph = Graph().parse(data=response.text, format="turtle")
    iri = "https://w3id.org/tkgraph/id/assessment/tip-tiers.2015.KP"
    in_store = {
        (q.predicate.value, q.object.value)
        for q in real.data.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)
    }
    assert {(str(p), str(o)) for p, o in graph.predicate_objects(URIRef(iri))} == in_store
    assert (URIRef(iri), TK.ratingValue, TK.tipTier3) in graph


async def test_a_browser_gets_the_page_naming_the_bindings_and_their_sources(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        "/id/state/FR", params={"asOf": "2015-06-01"}, headers={"Accept": "text/html,*/*;q=0.8"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == PAGE_CSP
    page = response.text
    assert "<script" not in page
    assert "<h1>France</h1>" in page
    assert "Bindings on 2015-06-01" in page
    assert 'href="/id/instrument/tip-protocol"' in page
    # the TIP Protocol row names the UN Treaty Collection table it rests on
    row = page[page.index('href="/id/instrument/tip-protocol"') :].split("</tr>")[0]
    assert "BOUND" in row and "UN Treaty Collection" in row
    assert "http://www.wikidata.org/entity/Q142" in page


async def test_format_parameter_and_unknown_nodes(client: httpx.AsyncClient) -> None:
    response = await client.get("/id/state/FR", params={"format": "nt"})
    assert response.headers["content-type"].startswith("application/n-triples")
    missing = await client.get("/id/state/XX", headers={"Accept": "text/turtle"})
    assert missing.status_code == 404
    assert "state:XX" in missing.text
    assert (await client.get("/id/nokind/FR")).status_code == 404


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        ("", "text/html"),
        ("*/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("application/ld+json;q=0.5, text/turtle;q=0.9", "text/turtle"),
        ("application/n-triples, text/html", "application/n-triples"),
        ("text/turtle;q=0", "text/html"),
    ],
)
def test_preferred_format(accept: str, chosen: str) -> None:
    assert preferred_format(accept) == chosen


async def test_the_data_set_describes_itself(client: httpx.AsyncClient, real: Snapshot) -> None:
    response = await client.get("/.well-known/void")
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef("https://w3id.org/tkgraph/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.triples).toPython() == real.data.triple_count
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef("http://test/sparql")
    subsets = list(graph.objects(dataset, VOID.subset))
    assert len(subsets) == len(real.data.files)
    assert sum(graph.value(s, VOID.triples).toPython() for s in subsets) == sum(
        1 for _ in real.data.store
    )
    licensed = URIRef("https://github.com/andrewheiss/scorecard-diplomacy")
    assert graph.value(licensed, URIRef("http://purl.org/dc/terms/license")) is not None
    as_json = await client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert json.loads(as_json.text)


async def test_sparql_answers_a_service_description(client: httpx.AsyncClient) -> None:
    response = await client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    service = URIRef("http://test/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    # a query still runs
    query = (
        "SELECT ?q WHERE { <https://w3id.org/tkgraph/id/state/FR> <https://schema.org/sameAs> ?q }"
    )
    answer = await client.get("/sparql", params={"query": query},
                              headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    bindings = answer.json()["results"]["bindings"]
    assert [b["q"]["value"] for b in bindings] == ["http://www.wikidata.org/entity/Q142"]
