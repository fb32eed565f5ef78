"""Bindings derived from membership: an instrument that binds the members of
an organisation (tk:bindsMembersOf, EU law) binds each member while it is a
member, unless it does not take part (tk:OptOut)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tkgraph.domain.assessment import Assessment, EntryIntoForceBasis, Premise, Rule, Status
from tkgraph.domain.rosters import (
    MemberStatus,
    RosterCoverage,
    membership_state,
    roster_coverage,
    suspension_on,
)
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


def _no_membership_record(
    actor: str, ins: r.InstrumentRecord, as_of: date, coverages: list[RosterCoverage]
) -> Assessment | None:
    """No membership record: not a member only where every complete roster says
    so (None: the caller answers NOT_PARTICIPATING); UNKNOWN elsewhere."""
    gap = next((c for c in coverages if not c.covers(as_of)), None)
    if gap is None:
        return None
    return Assessment(
        actor,
        ins.iri,
        as_of,
        Status.UNKNOWN,
        Rule.NO_RECORD,
        lambda: f"No membership record, and {gap.describe()}: it may be a member.",
        derived=True,
        warning=gap.warning(as_of),
    )


def assess_membership_derived(
    model: ReadModel, actor: str, ins: r.InstrumentRecord, as_of: date
) -> Assessment | None:
    memberships = [
        model.memberships[m]
        for m in model.memberships_by_member.get(actor, [])
        if model.memberships[m].organization in ins.binds_members_of
    ]
    coverages = [roster_coverage(model, org) for org in ins.binds_members_of]
    if not memberships:
        return _no_membership_record(actor, ins, as_of, coverages)
    warning = next((w for c in coverages if (w := c.warning(as_of)) is not None), None)

    def ins_premise() -> Premise:
        return Premise(
            ins.iri,
            "instrument",
            f"{model.display_label(ins.iri)} binds the members of "
            + ", ".join(model.display_label(o) for o in ins.binds_members_of)
            + (
                f"; in force from {ins.entry_into_force.isoformat()}"
                if ins.entry_into_force
                else ""
            )
            + (
                f"; transposition deadline {ins.transposition_deadline.isoformat()}"
                if ins.transposition_deadline
                else ""
            ),
        )

    opt_out = next(
        (
            model.positions[o]
            for o in model.positions_by_instrument.get(ins.iri, [])
            if model.positions[o].actor == actor and not model.positions[o].takes_part
        ),
        None,
    )
    if opt_out is not None:
        opted_out = opt_out
        return Assessment(
            actor,
            ins.iri,
            as_of,
            Status.NOT_PARTICIPATING,
            Rule.OPT_OUT,
            lambda: (
                f"{model.display_label(actor)} does not take part in "
                f"{model.display_label(ins.iri)}"
                + (f" ({opted_out.legal_basis})." if opted_out.legal_basis else ".")
            ),
            derived=True,
            make_premises=lambda: (
                ins_premise(),
                Premise(opted_out.iri, "opt-out", opted_out.label or "opt-out"),
            ),
        )
    # The membership that matters on as_of: one that holds then, else one the
    # data cannot tell about, else the latest that does not hold.
    states = [(m, *membership_state(model, m, as_of)) for m in memberships]
    order = {MemberStatus.MEMBER: 0, MemberStatus.UNKNOWN: 1, MemberStatus.NOT_MEMBER: 2}
    chosen, state, why = min(
        states,
        key=lambda x: (order[x[1]], -(x[0].start.first if x[0].start else date.min).toordinal()),
    )
    suspension = suspension_on(model, chosen, as_of) if state is MemberStatus.MEMBER else None

    def premises() -> tuple[Premise, ...]:
        membership = Premise(
            chosen.iri,
            "membership",
            f"{model.display_label(actor)} member of {model.display_label(chosen.organization)} "
            f"from {chosen.start if chosen.start else 'an unknown date'}"
            + (f" until {chosen.end}" if chosen.end else ""),
        )
        if suspension is None:
            return (ins_premise(), membership)
        suspended = Premise(
            suspension.iri,
            "suspension",
            f"suspended from {suspension.start}"
            + (f" until {suspension.end}" if suspension.end else "")
            + "; a suspended member stays a member",
        )
        return (ins_premise(), membership, suspended)

    def assessment(
        status: Status,
        rule: Rule,
        reason: Callable[[], str],
        bound_from: date | None = None,
    ) -> Assessment:
        # Once in force for the member, the dates follow from the membership.
        in_force = bound_from is not None
        return Assessment(
            actor,
            ins.iri,
            as_of,
            status,
            rule,
            reason,
            derived=True,
            make_premises=premises,
            warning=warning,
            membership=chosen.iri,
            entry_into_force=bound_from,
            entry_into_force_basis=(
                EntryIntoForceBasis.COMPUTED if in_force else EntryIntoForceBasis.UNKNOWN
            ),
            bound_from=bound_from,
            bound_until=chosen.end.first if in_force and chosen.end else None,
        )

    if state is MemberStatus.UNKNOWN:
        return assessment(
            Status.UNKNOWN,
            Rule.MEMBERSHIP_START_UNKNOWN,
            lambda: f"Whether it is a member on this date is not in the data ({why}).",
        )
    if state is MemberStatus.NOT_MEMBER and (
        chosen.start is None or chosen.start.on_or_before(as_of) is not True
    ):
        return assessment(
            Status.NOT_PARTICIPATING,
            Rule.MEMBERSHIP_NOT_STARTED,
            lambda: f"Not yet a member on this date ({why}).",
        )
    if ins.entry_into_force is None:
        return assessment(
            Status.UNKNOWN,
            Rule.ENTRY_INTO_FORCE_UNKNOWN,
            lambda: "The instrument's entry into force is not in the data.",
        )
    # The first day the data show it a member: the last possible day of a
    # start known to the year or month, else the roster that lists it.
    member_from = (
        chosen.start.last
        if chosen.start
        else roster_coverage(model, chosen.organization).coverage_date
    )
    bound_from = max(ins.entry_into_force, member_from) if member_from else None
    if state is MemberStatus.NOT_MEMBER:
        return assessment(
            Status.NO_LONGER_BOUND,
            Rule.MEMBERSHIP_ENDED,
            lambda: f"Was bound as a member until its membership ended ({why}).",
            bound_from,
        )
    if bound_from is not None and bound_from > as_of:
        return assessment(
            Status.CONSENTED_NOT_IN_FORCE,
            Rule.NOT_YET_IN_FORCE,
            lambda: f"Member, but the instrument applies only from {bound_from.isoformat()}.",
            bound_from,
        )
    return assessment(
        Status.BOUND,
        Rule.MEMBERSHIP_DERIVED,
        lambda: (
            f"Bound as a member of {model.display_label(chosen.organization)} "
            + (f"from {bound_from.isoformat()} " if bound_from else "")
            + "(derived via membership)."
            + (
                f" Suspended since {suspension.start}: a suspended member stays bound."
                if suspension
                else ""
            )
        ),
        bound_from,
    )
