"""Who is a member of what on a day, and what the membership data cover.

A roster of members is a census only as of its own date and only if it lists
everyone (tk:MembershipRoster with tk:completeness tk:complete), as a
participant list is for an instrument (see coverage.py). An actor without a
membership record is NOT_MEMBER only where a complete roster covers the day
asked; elsewhere the data cannot tell (UNKNOWN). A membership known to the
year or month only is UNKNOWN inside that year or month. A member whose
source gives no start date, but whom a complete roster lists, is a member
on the roster's date (and from then on until an end is recorded). A suspended
member stays a member: the answer says since when and on which source.

Who is a member on a day is looked up in a timeline per (actor,
organisation), as statuses are (status_timelines.py): the rules
(member_status_by_rules) are evaluated on each day a membership, a suspension
or the roster's coverage starts or ends, and on the day after; the reason is
the rules' own, written when read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import cached_property
from typing import NamedTuple

from tkgraph.domain.coverage import DatedCensus, WarningCode
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


class MemberStatus(Enum):
    MEMBER = "MEMBER"
    NOT_MEMBER = "NOT_MEMBER"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class RosterCoverage(DatedCensus):
    """The rosters of one organisation and what they make known."""

    partial_code = WarningCode.PARTIAL_MEMBERSHIP_DATA
    past_code = WarningCode.MEMBERSHIP_PAST_COVERAGE
    partial_text = (
        "Membership data are partial: {described}; an actor without a membership record "
        "may still be a member."
    )
    past_tail = "later joins and exits are not in the data."

    organization: str
    organization_label: str
    rosters: tuple[r.RosterRecord, ...]  # newest first
    newest_complete: r.RosterRecord | None

    @property
    def subject(self) -> str:
        return self.organization

    @property
    def coverage_date(self) -> date | None:
        """The newest date on which the data list every member; None if never."""
        return self.newest_complete.as_of if self.newest_complete else None

    def describe(self) -> str:
        if self.newest_complete is None or self.coverage_date is None:
            return f"the data hold no complete list of the members of {self.organization_label}"
        label = self.newest_complete.label or "a complete roster"
        return (
            f"the newest complete list of members of {self.organization_label} is "
            f"{label} as of {self.coverage_date.isoformat()}"
        )


def roster_coverage(model: ReadModel, organization: str) -> RosterCoverage:
    """The coverage of one organisation's membership (computed once per read model)."""
    key = f"roster|{organization}"
    cached = model.coverage_cache.get(key)
    if isinstance(cached, RosterCoverage):
        return cached
    rosters = sorted(
        (model.rosters[i] for i in model.rosters_by_organization.get(organization, [])),
        key=lambda ro: (ro.as_of or date.min, ro.iri),
        reverse=True,
    )
    found = RosterCoverage(
        organization=organization,
        organization_label=model.display_label(organization),
        rosters=tuple(rosters),
        newest_complete=next((ro for ro in rosters if ro.complete and ro.as_of), None),
    )
    model.coverage_cache[key] = found
    return found


@dataclass(frozen=True)
class MemberAnswer:
    """Whether one actor is a member of one organisation on one day, and why."""

    actor: str
    organization: str
    day: date
    status: MemberStatus
    make_reason: Callable[[], str] = field(repr=False, compare=False)
    membership: r.MembershipRecord | None = None
    # The suspension in force on the day (the member stays a member).
    suspension: r.SuspensionRecord | None = None

    @property
    def suspended(self) -> bool:
        return self.suspension is not None

    @cached_property
    def reason(self) -> str:
        return self.make_reason()


def _started(m: r.MembershipRecord, day: date, attested: date | None) -> bool | None:
    if m.start is not None:
        return m.start.on_or_before(day)
    # No start in the data: a complete roster that lists the member shows it a member then.
    if attested is not None and attested <= day:
        return True
    return None


def _not_ended(m: r.MembershipRecord, day: date) -> bool | None:
    """Whether the member is still a member on `day` (the end is its last day)."""
    if m.end is None:
        return True
    if day <= m.end.first:
        return True
    if day > m.end.last:
        return False
    return None


def membership_state(
    model: ReadModel, m: r.MembershipRecord, day: date
) -> tuple[MemberStatus, str]:
    """The status one membership record gives on `day`, with the reason."""
    coverage = roster_coverage(model, m.organization)
    attested = coverage.coverage_date if m.start is None else None
    if attested is not None and m.end is not None and m.end.last < attested:
        attested = None  # ended before the roster: the roster does not list it
    started = _started(m, day, attested)
    going = _not_ended(m, day)
    if started is False:
        return MemberStatus.NOT_MEMBER, f"member from {m.start}, after {day.isoformat()}"
    if going is False:
        return MemberStatus.NOT_MEMBER, f"membership ended on {m.end} (its last day)"
    if started is None:
        if m.start is None:
            return MemberStatus.UNKNOWN, "the data give no start date for this membership"
        return MemberStatus.UNKNOWN, f"joined in {m.start}: the day is not in the data"
    if going is None:
        return MemberStatus.UNKNOWN, f"left in {m.end}: the day is not in the data"
    since = str(m.start) if m.start else f"at least {attested.isoformat() if attested else '?'}"
    return MemberStatus.MEMBER, f"member since {since}" + (f" until {m.end}" if m.end else "")


def membership_active(model: ReadModel, m: r.MembershipRecord, day: date) -> bool:
    """Whether one membership record certainly holds on `day` (a suspended member included)."""
    return membership_state(model, m, day)[0] is MemberStatus.MEMBER


def suspension_on(model: ReadModel, m: r.MembershipRecord, day: date) -> r.SuspensionRecord | None:
    """The suspension certainly in force on `day`, if any."""
    for iri in m.suspensions:
        s = model.suspensions.get(iri)
        if s is None or s.start is None or s.start.on_or_before(day) is not True:
            continue
        if s.end is None or day <= s.end.first:
            return s
    return None


def member_status_by_rules(
    model: ReadModel, organization: str, actor: str, day: date
) -> MemberAnswer:
    """Whether `actor` is a member of `organization` on `day`, from the records
    (the reference the timelines are built from)."""
    records = [
        model.memberships[i]
        for i in model.memberships_by_member.get(actor, [])
        if model.memberships[i].organization == organization
    ]
    answers = [(m, *membership_state(model, m, day)) for m in records]
    # A member by any record; else unknown by any; else not a member by the records.
    for wanted in (MemberStatus.MEMBER, MemberStatus.UNKNOWN, MemberStatus.NOT_MEMBER):
        for m, status, reason in answers:
            if status is wanted:
                suspension = suspension_on(model, m, day) if status is MemberStatus.MEMBER else None
                if suspension is not None:
                    reason += f"; suspended since {suspension.start}"
                return MemberAnswer(actor, organization, day, status, _said(reason), m, suspension)
    coverage = roster_coverage(model, organization)
    if coverage.covers(day):
        return MemberAnswer(
            actor,
            organization,
            day,
            MemberStatus.NOT_MEMBER,
            lambda: f"not on the complete roster ({coverage.describe()})",
        )
    return MemberAnswer(
        actor,
        organization,
        day,
        MemberStatus.UNKNOWN,
        lambda: (
            f"no membership record, and {coverage.describe()}"
            + ("" if coverage.coverage_date is None else " (before the asked date)")
        ),
    )


def _said(text: str) -> Callable[[], str]:
    return lambda: text


# Evaluated for every actor without a membership record in the organisation:
# the rules answer alike for all of them.
_ANY_OTHER_ACTOR = "urn:tkgraph:any-actor-without-a-record"


class MemberStep(NamedTuple):
    """What the rules decide from one change day until the next."""

    status: MemberStatus
    membership: str | None
    suspension: str | None


class MemberTimeline(NamedTuple):
    days: tuple[date, ...]  # ascending, the first is date.min
    steps: tuple[MemberStep, ...]


@dataclass(frozen=True)
class RosterTimelines:
    """The member timelines of every actor with a record in one organisation,
    and the timeline of any other actor."""

    organization: str
    actors: dict[str, MemberTimeline]
    others: MemberTimeline


def roster_timelines(model: ReadModel, organization: str) -> RosterTimelines:
    """The timelines of one organisation (built on first use, kept in the read model)."""
    key = f"roster|{organization}"
    found = model.timeline_cache.get(key)
    if isinstance(found, RosterTimelines):
        return found
    coverage_date = roster_coverage(model, organization).coverage_date
    shared = {coverage_date} if coverage_date else set()
    actors = {
        actor: _member_timeline(model, organization, actor, shared | _member_days(model, iris))
        for actor, iris in _records_by_member(model, organization).items()
    }
    others = _member_timeline(model, organization, _ANY_OTHER_ACTOR, shared)
    built = RosterTimelines(organization, actors, others)
    model.timeline_cache[key] = built
    return built


def member_status(model: ReadModel, organization: str, actor: str, day: date) -> MemberAnswer:
    """Whether `actor` is a member of `organization` on `day` (looked up in its timeline)."""
    line = roster_timelines(model, organization).actors.get(actor)
    if line is None:
        line = roster_timelines(model, organization).others
    step = line.steps[bisect_right(line.days, day) - 1]
    return MemberAnswer(
        actor,
        organization,
        day,
        step.status,
        lambda: member_status_by_rules(model, organization, actor, day).reason,
        model.memberships[step.membership] if step.membership else None,
        model.suspensions[step.suspension] if step.suspension else None,
    )


def _records_by_member(model: ReadModel, organization: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for iri in model.memberships_by_organization.get(organization, []):
        found.setdefault(model.memberships[iri].member, []).append(iri)
    return found


def _member_days(model: ReadModel, memberships: list[str]) -> set[date]:
    """The first and last possible days of every start and end of the memberships
    and their suspensions."""
    spans = []
    for iri in memberships:
        m = model.memberships[iri]
        spans += [m.start, m.end]
        for s in m.suspensions:
            suspension = model.suspensions.get(s)
            if suspension is not None:
                spans += [suspension.start, suspension.end]
    return {day for span in spans if span is not None for day in (span.first, span.last)}


def _member_timeline(
    model: ReadModel, organization: str, actor: str, dates: set[date]
) -> MemberTimeline:
    every = {date.min}
    for day in dates:
        every.add(day)
        if day < date.max:
            every.add(day + timedelta(days=1))
    days: list[date] = []
    steps: list[MemberStep] = []
    for day in sorted(every):
        a = member_status_by_rules(model, organization, actor, day)
        step = MemberStep(
            a.status,
            a.membership.iri if a.membership else None,
            a.suspension.iri if a.suspension else None,
        )
        if steps and steps[-1] == step:
            continue
        days.append(day)
        steps.append(step)
    return MemberTimeline(tuple(days), tuple(steps))


def member_answers(
    model: ReadModel, organization: str, day: date, *, every_state: bool = False
) -> Iterator[MemberAnswer]:
    """An answer for every actor with a membership record in `organization`, and
    (with every_state) for every state without one."""
    actors = dict.fromkeys(
        model.memberships[i].member for i in model.memberships_by_organization.get(organization, [])
    )
    if every_state:
        actors.update(dict.fromkeys(a.iri for a in model.actors.values() if a.kind == "State"))
    for actor in actors:
        yield member_status(model, organization, actor, day)


def members_on(model: ReadModel, organization: str, day: date) -> list[str]:
    """The actors certainly members of `organization` on `day` (suspended ones included)."""
    return [
        a.actor for a in member_answers(model, organization, day) if a.status is MemberStatus.MEMBER
    ]
