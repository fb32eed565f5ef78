"""Cooperation on the real data: partners ordered by how much evidence they share."""

from tkgraph.domain.cooperation import EvidenceKind, cooperation_of
from tkgraph.rdf.vocab import iri_for
from tkgraph.service.snapshot import Snapshot


def test_evidence_count_is_the_evidence_built_when_read(real: Snapshot) -> None:
    interpol = str(iri_for("organization", "interpol"))
    found = cooperation_of(real.model, real.network, interpol)
    assert found, "interpol cooperates with someone in the bundled data"
    counts = [c.evidence_count for c in found]
    assert counts == sorted(counts, reverse=True)
    for cooperation in found:
        assert cooperation.evidence_count == len(cooperation.evidence)
    europol = next(c for c in found if c.partner == str(iri_for("organization", "europol")))
    agreement = [
        e for e in europol.evidence if e.via == str(iri_for("agreement", "interpol-europol-2001"))
    ]
    assert [e.kind for e in agreement] == [EvidenceKind.AGREEMENT]
