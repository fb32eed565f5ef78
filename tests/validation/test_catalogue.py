"""The rule catalogue: ids, texts, documentation and the shapes' coverage of the ontology."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from tests.conftest import ONTOLOGY, ROOT
from tkgraph.rdf.vocab import OWL, RDF, RDFS, TK
from tkgraph.validation import Rule, all_rules
from tkgraph.validation.rules.shapes import Shapes

RULES = all_rules(ONTOLOGY)
DOCS = (ROOT / "docs" / "validation-rules.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_has_a_kebab_id_texts_and_a_docs_anchor(rule: Rule) -> None:
    assert re.fullmatch(r"(file|ref|shape|coverage|owl)/[a-z0-9]+(-[a-z0-9]+)*", rule.id)
    assert rule.summary and rule.message and rule.hint
    assert f'<a id="{rule.id}"></a>' in DOCS


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_date_not_date_covers_every_date_property_of_the_ontology() -> None:
    ontology = Graph().parse(ONTOLOGY / "tkgraph.ttl")
    date_properties = {
        p
        for p in ontology.subjects(RDF.type, OWL.DatatypeProperty)
        if str(p).endswith(("Date", "Deadline")) or p == TK.entryIntoForceForParticipant
    }
    shapes = Shapes.load(ONTOLOGY)
    date_rules = [
        r
        for r in shapes.rules.values()
        if r.rule.id in ("shape/date-not-date", "shape/date-not-day-month-or-year")
    ]
    assert {t for r in date_rules for t in r.value_targets} == date_properties


def test_the_label_and_source_rules_cover_every_class_of_described_nodes() -> None:
    ontology = Graph().parse(ONTOLOGY / "tkgraph.ttl")
    shapes = Shapes.load(ONTOLOGY)
    # Classes with no superclass in tk: (the roots); concept classes and tk:Source excepted.
    roots = {
        c
        for c in ontology.subjects(RDF.type, OWL.Class)
        if str(c).startswith(str(TK))
        and not any(str(s).startswith(str(TK)) for s in ontology.objects(c, RDFS.subClassOf))
    }
    concepts = {
        TK.ConsentKind,
        TK.ObligationCategory,
        TK.RoleKind,
        TK.Measure,
        TK.VerificationStatus,
        TK.Completeness,
        TK.RatingScheme,  # declared with its values in the ontology itself
        TK.RatingValue,
    }
    for rule_id in ("shape/missing-label", "shape/missing-source"):
        (rule,) = [r for r in shapes.rules.values() if r.rule.id == rule_id]
        targets = set(shapes.graph.objects(rule.shape, SH.targetClass))
        assert targets == roots - concepts - {TK.Source}, rule_id
