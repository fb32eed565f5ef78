"""tkgraph.reasoning: HermiT materialisation, consistency, cache and errors."""

from __future__ import annotations

import stat
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef

from tkgraph import reasoning
from tkgraph.errors import ConfigError, InconsistentOntologyError, ReasonerUnavailableError
from tkgraph.rdf.vocab import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TK, XSD, iri_for

XU = iri_for("organization", "xu")
XU_AGENCY = iri_for("organization", "xu-agency")
STATE_AA = iri_for("state", "AA")


def copy_of(graph: Graph) -> Graph:
    """A copy a test may add to without touching the session's graph."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


@pytest.fixture(scope="module")
def tiny_inferred(tiny_graph: Graph) -> Graph:
    return reasoning.materialise(tiny_graph)


# --------------------------------------------------------------------------
# prepare_for_reasoner (no Java needed)
# --------------------------------------------------------------------------


def test_prepare_turns_dates_into_datetimes_at_midnight() -> None:
    graph = Graph()
    graph.add((STATE_AA, TK.startDate, Literal("2004-05-01", datatype=XSD.date)))
    # rdflib drops the zone of a date it normalises; pyoxigraph's dates keep it.
    zoned = Literal("2004-05-01+02:00", datatype=XSD.date, normalize=False)
    graph.add((XU, TK.startDate, zoned))

    prepared = reasoning.prepare_for_reasoner(graph)

    assert prepared.value(STATE_AA, TK.startDate) == Literal(
        "2004-05-01T00:00:00", datatype=XSD.dateTime
    )
    assert prepared.value(XU, TK.startDate) == Literal(
        "2004-05-01T00:00:00+02:00", datatype=XSD.dateTime
    )


def test_prepare_drops_literals_hermit_cannot_read() -> None:
    kept = [
        Literal("AA"),
        Literal("Alphaland", lang="en"),
        Literal("https://example.org/", datatype=XSD.anyURI),
        Literal("true", datatype=XSD.boolean),
        Literal("30", datatype=XSD.integer),
    ]
    dropped = [
        Literal("2004", datatype=XSD.gYear),  # outside the OWL 2 datatype map
        Literal("12a", datatype=XSD.integer),  # ill-typed
        Literal("2004-13-45", datatype=XSD.date),  # ill-typed date
    ]
    graph = Graph()
    for value in kept + dropped:
        graph.add((STATE_AA, TK.note, value))

    prepared = reasoning.prepare_for_reasoner(graph)

    assert set(prepared.objects(STATE_AA, TK.note)) == set(kept)


def test_prepare_declares_terms_the_ontology_aligns_to(tiny_graph: Graph) -> None:
    assert (ORG.member, RDF.type, OWL.ObjectProperty) not in tiny_graph

    prepared = reasoning.prepare_for_reasoner(tiny_graph)

    assert (ORG.member, RDF.type, OWL.ObjectProperty) in prepared
    assert (ORG.hasSubOrganization, RDF.type, OWL.ObjectProperty) in prepared
    assert (PROV.Agent, RDF.type, OWL.Class) in prepared
    assert (SKOS.altLabel, RDF.type, OWL.DatatypeProperty) in prepared  # tk:shortName's
    assert (DCTERMS.title, RDF.type, OWL.AnnotationProperty) in prepared
    assert (RDFS.label, RDF.type, OWL.AnnotationProperty) not in prepared  # built in


# --------------------------------------------------------------------------
# materialise
# --------------------------------------------------------------------------


@pytest.mark.reasoner
def test_materialise_infers_has_part_as_inverse_of_part_of(tiny_inferred: Graph) -> None:
    assert (XU, TK.hasPart, XU_AGENCY) in tiny_inferred
    assert (XU_AGENCY, ORG.subOrganizationOf, XU) in tiny_inferred
    assert (XU, ORG.hasSubOrganization, XU_AGENCY) in tiny_inferred


@pytest.mark.reasoner
def test_materialise_infers_the_super_types_of_an_individual(tiny_inferred: Graph) -> None:
    types = set(tiny_inferred.objects(XU_AGENCY, RDF.type))

    assert {TK.Organization, TK.Actor, PROV.Agent, ORG.OrganizationalUnit} <= types
    assert TK.Body not in types  # asserted, so not repeated


@pytest.mark.reasoner
def test_materialise_returns_only_new_non_trivial_triples(
    tiny_graph: Graph, tiny_inferred: Graph
) -> None:
    assert len(tiny_inferred) > 0
    assert not [t for t in tiny_inferred if t in tiny_graph]
    assert not [(s, o) for s, _, o in tiny_inferred if s == o]
    assert not [o for o in tiny_inferred.objects(None, RDF.type) if str(o).startswith(str(OWL))]


@pytest.mark.reasoner
def test_materialise_follows_part_of_chains_only_with_property_values(
    tiny_graph: Graph,
) -> None:
    unit = iri_for("organization", "xu-agency-unit")
    graph = copy_of(tiny_graph)
    graph.add((unit, RDF.type, TK.Body))
    graph.add((unit, TK.partOf, XU_AGENCY))

    with_values = reasoning.materialise(graph, property_values=True)
    without_values = reasoning.materialise(graph, property_values=False)

    assert (unit, TK.partOf, XU) in with_values
    assert (XU, TK.hasPart, unit) in with_values
    assert (unit, ORG.subOrganizationOf, XU) in with_values
    assert (unit, TK.partOf, XU) not in without_values
    assert (XU_AGENCY, TK.hasPart, unit) in without_values  # the inverse needs no chain


# --------------------------------------------------------------------------
# check_consistency and InconsistentOntologyError
# --------------------------------------------------------------------------


@pytest.mark.reasoner
def test_check_consistency_is_empty_for_consistent_data(tiny_graph: Graph) -> None:
    assert reasoning.check_consistency(tiny_graph) == []


@pytest.mark.reasoner
def test_check_consistency_names_an_individual_in_two_disjoint_classes(
    tiny_graph: Graph,
) -> None:
    both = iri_for("state", "ZZ")
    graph = copy_of(tiny_graph)
    graph.add((both, RDF.type, TK.State))
    graph.add((both, RDF.type, TK.Organization))

    problems = reasoning.check_consistency(graph)

    assert problems == [
        "state:ZZ is both tk:State and tk:Organization, which the ontology declares "
        "disjoint (asserted types: tk:Organization, tk:State)."
    ]


@pytest.mark.reasoner
def test_check_consistency_names_an_individual_typed_through_a_range(
    tiny_graph: Graph,
) -> None:
    # tk:organization has range tk:Organization, so state:AA becomes one.
    membership = iri_for("membership", "AA.AA")
    graph = copy_of(tiny_graph)
    graph.add((membership, RDF.type, TK.Membership))
    graph.add((membership, TK.organization, STATE_AA))

    problems = reasoning.check_consistency(graph)

    assert len(problems) == 1
    assert "state:AA is both tk:State and tk:Organization" in problems[0]
    assert (
        "asserted types: tk:State; the other type follows from the domain or range" in (problems[0])
    )


@pytest.mark.reasoner
def test_check_consistency_names_a_functional_property_with_two_values(
    tiny_graph: Graph,
) -> None:
    graph = copy_of(tiny_graph)
    graph.add((STATE_AA, TK.iso2, Literal("AX")))

    problems = reasoning.check_consistency(graph)

    assert problems == [
        "state:AA has 2 values for tk:iso2, which the ontology declares functional "
        "(at most one value): 'AA', 'AX'."
    ]


@pytest.mark.reasoner
def test_check_consistency_reports_an_unsatisfiable_class(tiny_graph: Graph) -> None:
    # No coordination body in the tiny data, so the data stays consistent.
    graph = copy_of(tiny_graph)
    graph.add((TK.CoordinationBody, RDFS.subClassOf, TK.State))

    problems = reasoning.check_consistency(graph)

    assert len(problems) == 1
    assert problems[0].startswith("Class tk:CoordinationBody is unsatisfiable")


@pytest.mark.reasoner
def test_check_consistency_says_so_when_the_cause_is_of_another_kind(
    tiny_graph: Graph,
) -> None:
    # A datatype range the data breaks: neither disjointness nor functionality.
    graph = copy_of(tiny_graph)
    graph.add((TK.article, RDFS.range, XSD.integer))

    problems = reasoning.check_consistency(graph)

    assert len(problems) == 1
    assert "not through disjoint classes or functional properties" in problems[0]


@pytest.mark.reasoner
def test_materialise_raises_naming_the_inconsistent_individual(tiny_graph: Graph) -> None:
    graph = copy_of(tiny_graph)
    graph.add((XU_AGENCY, RDF.type, TK.State))

    with pytest.raises(InconsistentOntologyError) as raised:
        reasoning.materialise(graph)

    assert raised.value.code == "INCONSISTENT_DATA"
    assert "organization:xu-agency is both tk:State and tk:Organization" in raised.value.message
    assert raised.value.hint


# --------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------

HASH = "0123456789abcdef" * 4


@pytest.mark.reasoner
def test_cached_materialise_runs_the_reasoner_once(
    tiny_graph: Graph, tiny_inferred: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, ...]] = []
    real_run = reasoning._run_hermit

    def run_once(graph: Graph, actions: tuple[str, ...]) -> str | None:
        calls.append(actions)
        if len(calls) > 1:
            raise AssertionError("the reasoner ran again instead of reading the cache")
        return real_run(graph, actions)

    monkeypatch.setattr(reasoning, "_run_hermit", run_once)

    first = reasoning.cached_materialise(tiny_graph, HASH, tmp_path)
    second = reasoning.cached_materialise(tiny_graph, HASH, tmp_path)

    assert len(calls) == 1
    assert (tmp_path / f"{HASH}.nt").is_file()
    assert set(first) == set(second) == set(tiny_inferred)


def test_read_cached_ignores_a_file_of_another_format(tmp_path: Path) -> None:
    (tmp_path / f"{HASH}.nt").write_text(
        f"<{XU}> <{TK.hasPart}> <{XU_AGENCY}> .\n", encoding="utf-8"
    )

    assert reasoning.read_cached(HASH, tmp_path) is None
    assert reasoning.read_cached("f" * 64, tmp_path) is None  # no file at all


def test_cached_materialise_says_when_the_cache_cannot_be_written(
    tiny_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_reasoning(graph: Graph) -> Graph:
        return Graph()

    monkeypatch.setattr(reasoning, "materialise", no_reasoning)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        reasoning.cached_materialise(tiny_graph, HASH, not_a_folder)

    assert f"'{not_a_folder / HASH}.nt'" in raised.value.message


def test_default_cache_dir_follows_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert reasoning.default_cache_dir() == tmp_path / "xdg" / "tkgraph"

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert reasoning.default_cache_dir() == tmp_path / "home" / ".cache" / "tkgraph"


# --------------------------------------------------------------------------
# Java missing or failing (no Java needed)
# --------------------------------------------------------------------------


def test_missing_java_raises_reasoner_unavailable(
    tiny_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(tmp_path / "no-java"))

    with pytest.raises(ReasonerUnavailableError) as raised:
        reasoning.materialise(tiny_graph)

    assert raised.value.code == "REASONER_UNAVAILABLE"
    assert "no-java" in raised.value.message
    assert raised.value.hint is not None
    assert "apt-get install default-jre-headless" in raised.value.hint


def test_java_too_old_raises_reasoner_unavailable_quoting_java(
    tiny_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_java = tmp_path / "java"
    fake_java.write_text(
        "#!/bin/sh\n"
        "echo 'Error: LinkageError occurred while loading main class' >&2\n"
        "echo 'java.lang.UnsupportedClassVersionError: compiled by a more recent "
        "version of the Java Runtime' >&2\n"
        "exit 1\n",
        encoding="utf-8",
    )
    fake_java.chmod(fake_java.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(owlready2, "JAVA_EXE", str(fake_java))

    with pytest.raises(ReasonerUnavailableError) as raised:
        reasoning.check_consistency(tiny_graph)

    assert "exit code 1" in raised.value.message
    assert "LinkageError occurred" in raised.value.message
    assert raised.value.hint is not None
    assert "too old" in raised.value.hint


# --------------------------------------------------------------------------
# The real bundled data
# --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.reasoner
def test_real_data_is_consistent_and_gains_checked_facts(real_graph: Graph) -> None:
    def instrument(slug: str) -> URIRef:
        return iri_for("instrument", slug)

    def organization(slug: str) -> URIRef:
        return iri_for("organization", slug)

    assert reasoning.check_consistency(real_graph) == []

    inferred = reasoning.materialise(real_graph)

    # seed/actors/organizations.ttl: europol a tk:Body; tk:partOf organization:eu
    assert (organization("eu"), TK.hasPart, organization("europol")) in inferred
    assert {TK.Organization, TK.Actor} <= set(inferred.objects(organization("europol"), RDF.type))
    # seed/instruments/tip-protocol.ttl: tk:supplements instrument:untoc
    assert (instrument("untoc"), TK.supplementedBy, instrument("tip-protocol")) in inferred
    # the 2011 directive replaces framework decision 2002/629 and is amended in 2024
    assert (instrument("eu-fd-2002-629"), TK.replacedBy, instrument("eu-directive-2011-36")) in (
        inferred
    )
    assert (
        instrument("eu-directive-2011-36"),
        TK.amendedBy,
        instrument("eu-directive-2024-1712"),
    ) in inferred
    assert (iri_for("state", "FR"), RDF.type, TK.Actor) in inferred
