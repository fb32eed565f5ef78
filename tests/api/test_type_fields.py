"""Every node type is filled from its record (api/types/fields.py): each data
field copied by name holds the record's value, and no type copies a field its
record lacks."""

import dataclasses

import pytest

import tkgraph.api.schema  # noqa: F401  (registers every node type, ratings included)
from tkgraph.api.context import api_id
from tkgraph.api.types import node_for
from tkgraph.api.types.fields import _copied_fields
from tkgraph.api.types.nodes import _NODE_TYPES
from tkgraph.service.snapshot import Snapshot

# The fields each type derives in its own from_record rather than copies by name.
DERIVED = {
    "Membership": {"start_date", "end_date", "start", "end"},
    "Suspension": {"start", "end"},
    "EntryIntoForceRule": {"not_before_general_entry_into_force"},
    "Instrument": {"identifiers"},
    "Participation": {"denunciation_effective_date"},
    "Figure": {"count"},
    "Activity": {"start_date", "end_date"},
    "RatingList": {"report_year"},
    "Rating": {"report_year"},
}


def _copied(node_type: type) -> set[str]:
    return set(_copied_fields(node_type)) - DERIVED.get(node_type.__name__, set())


@pytest.mark.parametrize(
    ("record_type", "node_type"), list(_NODE_TYPES.items()), ids=lambda t: t.__name__
)
def test_a_node_type_copies_only_fields_its_record_has(record_type: type, node_type: type) -> None:
    names = {f.name for f in dataclasses.fields(record_type)} | set(dir(record_type))
    assert _copied(node_type) <= names, f"copies {_copied(node_type) - names}, not in the record"


def test_every_node_holds_its_records_values(tiny: Snapshot) -> None:
    built: set[str] = set()
    for rec in tiny.model.nodes.values():
        node = node_for(tiny.model, rec.iri)
        if node is None:
            continue
        built.add(type(node).__name__)
        assert (node.id, node.iri, node.record) == (api_id(rec.iri), rec.iri, rec)
        for name in _copied(type(node)):
            given = getattr(rec, name)
            expected = list(given) if isinstance(given, tuple) else given
            assert getattr(node, name) == expected, f"{type(node).__name__}.{name}"
    # The tiny data hold the core kinds, so the check above ran on them.
    assert {"Actor", "Instrument", "Participation", "Membership", "Source"} <= built
