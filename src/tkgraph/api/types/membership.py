"""Memberships of actors in organisations, their suspensions, and the rosters
that say what the membership data cover."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.types import actors
from tkgraph.api.types.fields import as_given, from_record, related
from tkgraph.api.types.nodes import Node
from tkgraph.api.types.refs import ActorRef, FigureRef
from tkgraph.domain import rosters
from tkgraph.domain.rosters import membership_active
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


@strawberry.type(description="Membership of an actor in an organisation, with dates.")
class Membership(Node):
    record: strawberry.Private[r.MembershipRecord]
    member: ActorRef | None = related(
        r.MembershipRecord, lambda model, rec: actors.actor(model, rec.member)
    )
    organization: ActorRef | None = related(
        r.MembershipRecord, lambda model, rec: actors.actor(model, rec.organization)
    )
    start_date: date | None = strawberry.field(
        description="First day of membership when the source gives the day; see `start`."
    )
    end_date: date | None = strawberry.field(
        description="Last day of membership when the source gives the day; null if ongoing or known to the month or year only (see `end`)."
    )
    start: str | None = strawberry.field(
        description="The start as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY (a member from the year after, UNKNOWN inside it)."
    )
    end: str | None = strawberry.field(
        description="The last day a member as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY."
    )

    @classmethod
    def from_record(cls, rec: r.MembershipRecord) -> Self:
        return from_record(
            cls,
            rec,
            start_date=rec.start.first if rec.start and rec.start.exact else None,
            end_date=rec.end.first if rec.end and rec.end.exact else None,
            start=as_given(rec.start),
            end=as_given(rec.end),
        )

    @strawberry.field
    def active(self, info: Info, as_of: date | None = None) -> bool:
        """True when the data show it a member that day (false when not or UNKNOWN)."""
        return membership_active(get_context(info).model, self.record, get_context(info).day(as_of))

    @strawberry.field(
        description="MEMBER, NOT_MEMBER or UNKNOWN on the day (a date known to the year only is UNKNOWN inside it)."
    )
    def status(self, info: Info, as_of: date | None = None) -> str:
        context = get_context(info)
        return rosters.membership_state(context.model, self.record, context.day(as_of))[0].value

    @strawberry.field(
        description="Dated suspensions of this membership: a suspended member stays a member (its obligations stand)."
    )
    def suspensions(self, info: Info) -> list[Suspension]:
        model = get_context(info).model
        found = [model.suspensions[s] for s in self.record.suspensions if s in model.suspensions]
        return [Suspension.from_record(s) for s in found]

    @strawberry.field(description="The suspension in force on the day, if any.")
    def suspended(self, info: Info, as_of: date | None = None) -> Suspension | None:
        context = get_context(info)
        found = rosters.suspension_on(context.model, self.record, context.day(as_of))
        return Suspension.from_record(found) if found else None


@strawberry.type(description="A span in which a member's rights were suspended; it stays a member.")
class Suspension(Node):
    record: strawberry.Private[r.SuspensionRecord]
    start: str | None = strawberry.field(
        description="First day suspended: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    end: str | None = strawberry.field(
        description="Last day suspended (YYYY-MM-DD, YYYY-MM or YYYY); null while it lasts."
    )

    @classmethod
    def from_record(cls, rec: r.SuspensionRecord) -> Self:
        return from_record(cls, rec, start=as_given(rec.start), end=as_given(rec.end))


@strawberry.type(
    description="The members of one organisation as read from one or more sources, as of one date."
)
class MembershipRoster(Node):
    record: strawberry.Private[r.RosterRecord]
    as_of: date | None
    complete: bool = strawberry.field(description="true when it lists every member on asOf.")


@strawberry.type(description="What the membership data of an organisation cover, for one date.")
class MembershipCoverage:
    as_of: date = strawberry.field(description="The date asked about.")
    complete: bool = strawberry.field(
        description="true when a complete roster covers asOf: an actor without a membership "
        "record is then not a member; otherwise it is UNKNOWN."
    )
    coverage_date: date | None = strawberry.field(
        description="The as-of date of the newest complete roster; null if the data hold none."
    )
    roster: MembershipRoster | None = strawberry.field(description="The newest complete roster.")
    members: int = strawberry.field(description="Members on asOf (suspended members included).")
    unknown: int = strawberry.field(
        description="Actors with a membership record whose membership on asOf the data cannot "
        "tell (a date known to the year only, no start date)."
    )
    suspended: int = strawberry.field(description="Members suspended on asOf.")
    newest_member_count: FigureRef | None = strawberry.field(
        description="The newest dated member count the sources give, for comparison."
    )


def newest_member_count(model: ReadModel, organization: str) -> r.FigureRecord | None:
    counts = [
        model.figures[f]
        for f in model.figures_by_subject.get(organization, [])
        if model.figures[f].measure == "memberCount" and model.figures[f].as_of is not None
    ]
    return max(counts, key=lambda f: (f.as_of or date.min, f.iri), default=None)


def membership(model: ReadModel, iri: str | None) -> Membership | None:
    rec = model.memberships.get(iri) if iri else None
    return Membership.from_record(rec) if rec else None
