"""The ids of tests/fixtures/cooperation (see its README), in one home for its tests."""

from __future__ import annotations

from tests.conftest import ONTOLOGY, ROOT
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot, build_snapshot

SEED = ROOT / "tests" / "fixtures" / "cooperation" / "seed"
AA, BB, CC, DD, EE, FF, GG = (
    str(iri_for("state", code)) for code in ("AA", "BB", "CC", "DD", "EE", "FF", "GG")
)
XO = str(iri_for("organization", "xo"))
XO_UNIT = str(iri_for("organization", "xo-unit"))
CB = str(iri_for("organization", "cb"))
OP = str(iri_for("operation", "op"))
PROG = str(iri_for("programme", "prog"))
AGREEMENT = str(iri_for("agreement", "aa-bb"))


def build() -> Snapshot:
    return build_snapshot(ONTOLOGY, SEED)
