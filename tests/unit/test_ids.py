"""An API id names the node of one kind in the data, or nothing (domain/ids.py)."""

import pytest

from tkgraph.domain import ids
from tkgraph.domain.ids import NodeKind
from tkgraph.rdf.vocab import iri_for_id
from tkgraph.service.snapshot import Snapshot


@pytest.mark.parametrize(
    ("node_id", "kind", "found"),
    [
        ("state:AA", NodeKind.ACTOR, True),
        ("state:AA", NodeKind.NODE, True),
        ("state:AA", NodeKind.INSTRUMENT, False),  # an actor, not an instrument
        ("instrument:example-protocol", NodeKind.INSTRUMENT, True),
        ("instrument:example-protocol", NodeKind.ACTOR, False),
        ("state:ZZ", NodeKind.ACTOR, False),  # well formed, not in the data
        ("not an id", NodeKind.NODE, False),
        ("state:", NodeKind.ACTOR, False),
    ],
)
def test_find_names_the_node_of_its_kind(
    tiny: Snapshot, node_id: str, kind: NodeKind, found: bool
) -> None:
    iri = ids.find(tiny.model, node_id, kind)
    if found:
        assert iri == str(iri_for_id(node_id))
        assert iri in ids.known(tiny.model, kind)
    else:
        assert iri is None
