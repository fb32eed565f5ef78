"""The read model's indexes: node IRIs by what they point to, built from its records.

Also the relations between instruments as the data state them, and their
names seen from the other side (the related_instruments index holds both).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from tkgraph.model import records as r

if TYPE_CHECKING:
    from tkgraph.model.readmodel import ReadModel

_K = TypeVar("_K", str, tuple[str, int])


# The relations between instruments as the data state them, from the stating side.
STATED_RELATIONS = (
    "supplements",
    "amends",
    "replaces",
    "amendedVersionOf",
    "asAmendedBy",
    "consolidates",
    "supersedesBetweenParties",
)


def inverse_relation(relation: str) -> str:
    """The name of a relation seen from its target: "amends" -> "amendsBy".
    "asAmendedBy" already ends in "By": seen from the amending protocol it is
    "hasAmendedText" (the text as amended by it)."""
    return "hasAmendedText" if relation == "asAmendedBy" else f"{relation}By"


def _related_instruments(
    instruments: dict[str, r.InstrumentRecord],
) -> dict[str, list[tuple[str, str]]]:
    """Instrument -> (relation, other instrument), both directions: "amends"
    on the amending side, "amendsBy" on the amended one."""
    related: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for iri, ins in instruments.items():
        for relation, targets in zip(
            STATED_RELATIONS,
            (
                ins.supplements,
                ins.amends,
                ins.replaces,
                ins.amended_version_of,
                ins.as_amended_by,
                ins.consolidates,
                ins.supersedes_between_parties,
            ),
            strict=True,
        ):
            for target in targets:
                related[iri].append((relation, target))
                related[target].append((inverse_relation(relation), iri))
    return {key: sorted(pairs) for key, pairs in related.items()}


def index(m: ReadModel) -> None:
    """Fill in the model's indexes from its records (after every record is read)."""

    def grouped(pairs: Iterable[tuple[_K, str]]) -> dict[_K, list[str]]:
        return _grouped(m.nodes, pairs)

    participations = m.participations.items()
    m.participations_by_instrument = grouped((p.instrument, i) for i, p in participations)
    m.participations_by_participant = grouped((p.participant, i) for i, p in participations)
    m.participation_by_pair = {(p.participant, p.instrument): i for i, p in participations}
    suspended = grouped((su.membership, i) for i, su in m.suspensions.items())
    for iri, found in suspended.items():
        if iri in m.memberships:
            m.memberships[iri] = m.nodes[iri] = replace(
                m.memberships[iri], suspensions=tuple(found)
            )
        else:
            m.problems.append(f"<{found[0]}> tk:suspensionOf <{iri}>, not a tk:Membership")
    memberships = m.memberships.items()
    m.memberships_by_member = grouped((ms.member, i) for i, ms in memberships)
    m.memberships_by_organization = grouped((ms.organization, i) for i, ms in memberships)
    m.parts_by_organization = grouped(
        (whole, i) for i, a in m.actors.items() for whole in a.part_of
    )
    m.successors_by_state = grouped(
        (before, i) for i, a in m.actors.items() for before in a.successor_of
    )
    m.provisions_by_instrument = grouped((v.instrument, i) for i, v in m.provisions.items())
    m.statements_by_participation = grouped(
        (st.participation, i) for i, st in m.statements.items() if st.participation
    )
    m.positions_by_instrument = grouped((o.instrument, i) for i, o in m.positions.items())
    involvements = m.involvements.items()
    m.involvements_by_activity = grouped((inv.activity, i) for i, inv in involvements)
    m.involvements_by_actor = grouped((inv.actor, i) for i, inv in involvements)
    m.agreements_by_party = grouped(
        (party, i) for i, ac in m.activities.items() for party in ac.parties
    )
    m.figures_by_subject = grouped((f.subject, i) for i, f in m.figures.items())
    m.participant_lists_by_instrument = grouped(
        (pl.instrument, i) for i, pl in m.participant_lists.items()
    )
    m.rosters_by_organization = grouped((ro.organization, i) for i, ro in m.rosters.items())
    m.instruments_binding_members_of = grouped(
        (org, i) for i, ins in m.instruments.items() for org in ins.binds_members_of
    )
    m.related_instruments = _related_instruments(m.instruments)
    m.rating_by_key = {(x.actor, x.scheme, x.year): i for i, x in m.ratings.items()}
    m.rating_lists_by_year = grouped(((rl.scheme, rl.year), i) for i, rl in m.rating_lists.items())


def _grouped(
    nodes: dict[str, r.NodeRecord], pairs: Iterable[tuple[_K, str]]
) -> dict[_K, list[str]]:
    """Key -> node IRIs, each list ordered by the label of what it points to,
    so pages are stable and readable."""
    groups: defaultdict[_K, list[str]] = defaultdict(list)
    for key, iri in pairs:
        groups[key].append(iri)
    return {
        key: sorted(values, key=lambda i: ((nodes[i].label or i).casefold(), i))
        for key, values in groups.items()
    }
