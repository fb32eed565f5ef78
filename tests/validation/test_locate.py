"""Line numbers from the Turtle text: subjects, properties and values."""

from __future__ import annotations

from rdflib import Literal, URIRef

from tkgraph.rdf.vocab import RDF, RDFS, TK, XSD, iri_for
from tkgraph.validation.locate import index_turtle

BASE = "file:///data/seed/x.ttl"
DOC = '''\
# A comment with a dot. And "quotes" and state:FR that are not statements.
@prefix tk:    <https://w3id.org/tkgraph/ontology#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
PREFIX state: <https://w3id.org/tkgraph/id/state/>
@prefix participation: <https://w3id.org/tkgraph/id/participation/> .

state:FR a tk:State ;
    rdfs:label "France" ;
    tk:note """A long note
over three lines ; with . and "quotes"
and state:DE in it""" ;
    tk:altName "French Republic", "République française"@fr ,
        "La France" .
participation:tip-protocol.FR a tk:Participation ; tk:participant state:FR ;
    tk:consentDate "2002-10-29"^^xsd:date ; tk:node [ tk:note "nested" ] ;
    tk:signatureDate "2000-12-12"^^xsd:date .
<https://w3id.org/tkgraph/id/state/DE>
    a tk:State ;
    tk:iso2 "DE" .
'''
FR = iri_for("state", "FR")
DE = iri_for("state", "DE")
PARTICIPATION = iri_for("participation", "tip-protocol.FR")


def test_a_subject_is_found_where_its_statement_starts() -> None:
    index = index_turtle(DOC, BASE)
    assert index.line_of(FR) == 8
    assert index.line_of(PARTICIPATION) == 15
    assert index.line_of(DE) == 18  # a full IRI on a line of its own


def test_a_property_is_found_on_its_own_line() -> None:
    index = index_turtle(DOC, BASE)
    assert index.line_of(FR, RDFS.label) == 9
    assert index.line_of(FR, TK.altName) == 13
    assert index.line_of(DE, RDF.type) == 19
    assert index.line_of(PARTICIPATION, TK.participant) == 15


def test_lines_are_counted_through_multi_line_strings() -> None:
    index = index_turtle(DOC, BASE)
    assert index.line_of(PARTICIPATION, TK.signatureDate) == 17
    assert index.line_of(DE, TK.iso2) == 20


def test_each_value_of_a_property_has_its_own_line() -> None:
    index = index_turtle(DOC, BASE)
    assert index.line_of(FR, TK.altName, Literal("French Republic")) == 13
    assert index.line_of(FR, TK.altName, Literal("La France")) == 14
    date = Literal("2002-10-29", datatype=XSD.date)
    assert index.line_of(PARTICIPATION, TK.consentDate, date) == 16
    assert index.line_of(PARTICIPATION, TK.participant, FR) == 15


def test_nested_blank_nodes_do_not_end_the_statement() -> None:
    index = index_turtle(DOC, BASE)
    assert index.line_of(PARTICIPATION, TK.signatureDate) == 17
    assert "nested" not in str(index.values)


def test_names_in_comments_and_strings_are_not_statements() -> None:
    index = index_turtle(DOC, BASE)
    # state:FR is in the comment on line 1, state:DE in the long string on line 12.
    assert index.mentions[str(FR)] == 8
    assert index.mentions[str(DE)] == 18


def test_unknown_things_fall_back_to_the_subject_then_to_line_1() -> None:
    index = index_turtle(DOC, BASE)
    assert index.line_of(FR, TK.iso3) == 8  # a property it does not have
    assert index.line_of(URIRef("https://example.org/nowhere")) == 1
    assert index.line_of(None) == 1


def test_an_iri_used_only_as_a_value_is_found_where_it_is_mentioned() -> None:
    text = (
        "@prefix tk: <https://w3id.org/tkgraph/ontology#> .\n<urn:a>\n  tk:partOf\n    <urn:b> .\n"
    )
    index = index_turtle(text, BASE)
    assert index.line_of(URIRef("urn:b")) == 4


def test_relative_iris_are_resolved_against_the_file() -> None:
    index = index_turtle("<#me> a <#Thing> .\n", BASE)
    assert index.line_of(URIRef(BASE + "#me"), RDF.type) == 1
    assert BASE + "#me" in index.subjects


def test_escaped_local_names_are_unescaped() -> None:
    text = "@prefix p: <urn:x:> .\n\np:a\\.b <urn:p> 1 .\n"
    index = index_turtle(text, BASE)
    assert index.line_of(URIRef("urn:x:a.b")) == 3
    assert index.line_of(URIRef("urn:x:a.b"), URIRef("urn:p"), Literal(1)) == 3


def test_blank_node_and_collection_subjects_are_skipped_whole() -> None:
    text = (
        "@prefix p: <urn:x:> .\n[ p:q p:r ] p:s p:t .\n( p:a p:b ) p:s p:t .\np:after p:s p:t .\n"
    )
    index = index_turtle(text, BASE)
    assert index.line_of(URIRef("urn:x:after")) == 4
    assert "urn:x:a" not in index.subjects and "urn:x:r" not in index.subjects
