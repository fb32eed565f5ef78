"""The actors: states, organisations, agencies and bodies, with what they
belong to, take part in and are bound by."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.coverage_types import note_assessment
from tkgraph.api.pagination import Connection, paginate
from tkgraph.api.types import activities, bindings, membership, participation
from tkgraph.api.types.enums import ObligationCategory
from tkgraph.api.types.nodes import Node
from tkgraph.api.types.refs import (
    BindingRef,
    MembershipCoverageRef,
    MembershipRef,
    ParticipationRef,
    ProvisionBindingRef,
)
from tkgraph.domain import binding as b
from tkgraph.domain import rosters
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel

if TYPE_CHECKING:
    from tkgraph.api.rating_types import RatingAnswer

# The rating types (api/rating_types.py) import these; fields here name them lazily.
_RATINGS = "tkgraph.api.rating_types"


@strawberry.type(description="A state, organisation, agency or body.")
class Actor(Node):
    record: strawberry.Private[r.ActorRecord]
    kind: str = strawberry.field(
        description="Most specific class: State, InternationalOrganization, RegionalOrganization, REIO, Body, CoordinationBody, Organization."
    )
    short_name: str | None
    alt_names: list[str]
    iso2: str | None
    iso3: str | None
    founding_date: date | None
    seat: str | None
    wikidata: str | None = strawberry.field(
        description="The actor's Wikidata item (QID, e.g. 'Q142'); its entity IRI is in sameAs."
    )
    same_as: list[str] = strawberry.field(
        description="The same thing in other datasets (schema:sameAs), e.g. http://www.wikidata.org/entity/Q142."
    )

    @strawberry.field(
        description="The actor's rating in each report year from `from` to `to` (default: the years the data hold lists for), UNKNOWN years included."
    )
    def assessments(
        self,
        info: Info,
        scheme: str = "tip-tiers",
        from_: Annotated[int | None, strawberry.argument(name="from")] = None,
        to: int | None = None,
    ) -> list[Annotated[RatingAnswer, strawberry.lazy(_RATINGS)]]:
        from tkgraph.api import rating_types

        return rating_types.ratings_of(info, self.record.iri, scheme, from_, to)

    @strawberry.field(description="Organisations this one is part of (not membership).")
    def part_of(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.part_of)

    @strawberry.field(description="Agencies and bodies that are part of this organisation.")
    def parts(self, info: Info) -> list[Actor]:
        model = get_context(info).model
        return actors(model, model.parts_by_organization.get(self.record.iri, []))

    @strawberry.field(description="The first day of a state, where its treaty record needs it.")
    def existed_from(self) -> date | None:
        return self.record.existed_from

    @strawberry.field(
        description="The last day of a state that no longer exists (the USSR, Yugoslavia, the Ottoman Empire ...)."
    )
    def existed_until(self) -> date | None:
        return self.record.existed_until

    @strawberry.field(
        description="The states this one succeeded to (a succession to a treaty rests on it)."
    )
    def successor_of(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.successor_of)

    @strawberry.field(description="The states that succeeded to this one.")
    def successors(self, info: Info) -> list[Actor]:
        model = get_context(info).model
        return actors(model, model.successors_by_state.get(self.record.iri, []))

    @strawberry.field(
        description="Organisations this actor is a member of; with asOf, only memberships in force that day."
    )
    def memberships(self, info: Info, as_of: date | None = None) -> list[MembershipRef]:
        model = get_context(info).model
        found = [model.memberships[m] for m in model.memberships_by_member.get(self.record.iri, [])]
        return [
            membership.Membership.from_record(m)
            for m in found
            if as_of is None or rosters.membership_active(model, m, as_of)
        ]

    @strawberry.field(
        description="What the membership data of this organisation cover on asOf (default today): "
        "whether a complete roster covers that day, the roster's date, the members, unknowns, and "
        "the newest dated member count."
    )
    def membership_coverage(self, info: Info, as_of: date | None = None) -> MembershipCoverageRef:
        context = get_context(info)
        day = context.day(as_of)
        coverage = rosters.roster_coverage(context.model, self.record.iri)
        context.warn(coverage.warning(day))
        answers = list(rosters.member_answers(context.model, self.record.iri, day))
        counts = [
            sum(1 for a in answers if a.status is status)
            for status in (rosters.MemberStatus.MEMBER, rosters.MemberStatus.UNKNOWN)
        ]
        count = membership.newest_member_count(context.model, self.record.iri)
        return membership.MembershipCoverage(
            as_of=day,
            complete=coverage.covers(day),
            coverage_date=coverage.coverage_date,
            roster=membership.MembershipRoster.from_record(coverage.newest_complete)
            if coverage.newest_complete
            else None,
            members=counts[0],
            unknown=counts[1],
            suspended=sum(1 for a in answers if a.suspended),
            newest_member_count=activities.Figure.from_record(count) if count else None,
        )

    @strawberry.field(
        description="Members of this organisation; with asOf, only those who were members that day."
    )
    def members(
        self,
        info: Info,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[MembershipRef]:
        context = get_context(info)
        model = context.model
        found = [
            model.memberships[m] for m in model.memberships_by_organization.get(self.record.iri, [])
        ]
        chosen = [m for m in found if as_of is None or rosters.membership_active(model, m, as_of)]
        if as_of is not None:
            context.warn(rosters.roster_coverage(model, self.record.iri).warning(as_of))
        return paginate(chosen, membership.Membership.from_record, first, after, context.page_sizes)

    @strawberry.field(
        description="The actor's participation records (signature, consent) in instruments."
    )
    def participations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ParticipationRef]:
        context = get_context(info)
        model = context.model
        found = [
            model.participations[p]
            for p in model.participations_by_participant.get(self.record.iri, [])
        ]
        return paginate(
            found, participation.Participation.from_record, first, after, context.page_sizes
        )

    @strawberry.field(
        description="Legal status in every instrument the actor has a record in or may be bound by through membership, on asOf (default today)."
    )
    def bindings(
        self,
        info: Info,
        as_of: date | None = None,
        status: list[b.Status] | None = None,
        asserted_only: bool = False,
    ) -> list[BindingRef]:
        context = get_context(info)
        model, day = context.model, context.day(as_of)
        result = []
        for instrument in b.candidate_instruments(model, self.record.iri):
            a = b.assess(model, self.record.iri, instrument, day)
            if (status is None or a.status in status) and not (asserted_only and a.derived):
                result.append(bindings.Binding.from_assessment(note_assessment(context, a)))
        return result

    @strawberry.field(
        description="Provisions that bind the actor on asOf, reservations taken into account."
    )
    def obligations(
        self,
        info: Info,
        as_of: date | None = None,
        category: ObligationCategory | None = None,
        include_not_binding: bool = False,
    ) -> list[ProvisionBindingRef]:
        context = get_context(info)
        model = context.model
        found = b.obligations_of(model, self.record.iri, context.day(as_of))
        for pa in found:
            note_assessment(context, pa.instrument_assessment)
        return [
            bindings.ProvisionBinding.from_assessment(pa)
            for pa in found
            if (pa.bound or include_not_binding)
            and (category is None or category.value in model.provisions[pa.provision].categories)
        ]


def actor(model: ReadModel, iri: str) -> Actor | None:
    rec = model.actors.get(iri)
    return Actor.from_record(rec) if rec else None


def actors(model: ReadModel, iris: tuple[str, ...] | list[str]) -> list[Actor]:
    return [Actor.from_record(model.actors[i]) for i in iris if i in model.actors]
