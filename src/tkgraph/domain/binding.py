"""Who is bound to what, as of a date, and why.

"Bound by instrument I on date D" means: consent given, entry into force for
that participant on or before D, and not denounced before D (ontology/README.md).
Entry into force for a participant is taken from the data where given, else
computed from the instrument's own tk:EntryIntoForceRule. Bindings derived
from membership (EU law binds the member states) follow tk:bindsMembersOf and
tk:OptOut in the data. No instrument is named in this module: every rule is
read from the graph.

Every answer is an Assessment that carries its basis: the rule applied and the
premises (records with their dates and sources) that it rests on.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from functools import cached_property

from tkgraph.domain.coverage import Coverage, CoverageWarning, coverage_of, record_known_until
from tkgraph.domain.rosters import (
    MemberStatus,
    RosterCoverage,
    membership_state,
    roster_coverage,
    suspension_on,
)
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


class Status(Enum):
    NOT_PARTICIPATING = "not participating"
    SIGNED_ONLY = "signed only (not bound)"
    CONSENTED_NOT_IN_FORCE = "consented, not yet in force for it"
    BOUND = "bound"
    NO_LONGER_BOUND = "no longer bound"
    NOT_BINDING = "participates in a non-binding instrument"
    UNKNOWN = "unknown (the data do not say: a date is missing or imprecise, or the date is past the data)"


class Rule(Enum):
    """The rules an assessment can rest on; the value is the stable id."""

    NO_RECORD = "no-participation-record"
    NOT_YET_SIGNED = "not-yet-signed"
    SIGNATURE_ONLY = "signature-does-not-bind"
    NON_BINDING = "non-binding-instrument"
    CONSENT_DATE_UNKNOWN = "consent-date-unknown"
    ENTRY_INTO_FORCE_UNKNOWN = "entry-into-force-unknown"
    NOT_YET_IN_FORCE = "consent-not-yet-in-force"
    DENOUNCED = "denounced"
    BOUND_BY_CONSENT = "consent-and-entry-into-force"
    MEMBERSHIP_DERIVED = "membership-derived"
    OPT_OUT = "member-does-not-take-part"
    MEMBERSHIP_NOT_STARTED = "membership-not-started"
    MEMBERSHIP_ENDED = "membership-ended"
    MEMBERSHIP_START_UNKNOWN = "membership-start-unknown"
    EXCLUDED_BY_RESERVATION = "provision-excluded-by-reservation"
    NO_RECORD_PAST_COVERAGE = "no-record-past-newest-complete-list"
    NO_COMPLETE_LIST = "no-record-and-no-complete-list"
    STATE_PAST_COVERAGE = "last-known-state-past-coverage"
    IMPRECISE_DATE = "depends-on-unknown-part-of-date"
    DENUNCIATION_EFFECT_UNKNOWN = "denunciation-effect-unknown"


class EntryIntoForceBasis(Enum):
    GIVEN = "given in the data"
    COMPUTED = "computed from the instrument's entry-into-force rule"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Premise:
    """A record an assessment rests on, and what it contributes."""

    iri: str
    role: str  # participation, membership, instrument, entry-into-force-rule, opt-out, reservation
    statement: str


@dataclass(frozen=True)
class LastKnown:
    """The status the data last show, when a later one cannot be known."""

    status: Status
    as_of: date | None


def _no_premises() -> tuple[Premise, ...]:
    return ()


@dataclass(frozen=True)
class Assessment:
    """One actor's status in one instrument on one date.

    The status, rule and dates come from the indexes alone; the prose reason
    and the premises (labels, dates as the sources give them) are written only
    when read, once per object: a count of bound parties never pays for them.
    """

    actor: str
    instrument: str
    as_of: date
    status: Status
    rule: Rule
    make_reason: Callable[[], str] = field(repr=False, compare=False)
    derived: bool = False
    bound_from: date | None = None
    bound_until: date | None = None
    entry_into_force: date | None = None
    entry_into_force_basis: EntryIntoForceBasis = EntryIntoForceBasis.UNKNOWN
    make_premises: Callable[[], tuple[Premise, ...]] = field(
        default=_no_premises, repr=False, compare=False
    )
    participation: str | None = None
    membership: str | None = None
    # Coverage: the newest date the data show this actor's state in the
    # instrument; whether a BOUND status is carried forward past that date
    # (a party stays bound until it denounces); the last known status when
    # the answer is UNKNOWN because the date is past the data; and the
    # warning the answer needs (None when the data cover the date).
    known_until: date | None = None
    carried_forward: bool = False
    last_known: LastKnown | None = None
    warning: CoverageWarning | None = None

    @cached_property
    def reason(self) -> str:
        return self.make_reason()

    @cached_property
    def premises(self) -> tuple[Premise, ...]:
        return self.make_premises()


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _entry_into_force(
    model: ReadModel, p: r.ParticipationRecord
) -> tuple[date | None, EntryIntoForceBasis, r.EntryIntoForceRuleRecord | None]:
    """The entry into force for the participant, its basis, and the rule it was computed by."""
    if p.entry_into_force_given is not None:
        return p.entry_into_force_given, EntryIntoForceBasis.GIVEN, None
    instrument = model.instruments.get(p.instrument)
    if instrument is None or p.consent_date is None:
        return None, EntryIntoForceBasis.UNKNOWN, None
    rule = model.rules.get(instrument.entry_into_force_rule or "")
    if rule is None:
        return None, EntryIntoForceBasis.UNKNOWN, None
    if rule.days_after_deposit is not None:
        candidate = p.consent_date + timedelta(days=rule.days_after_deposit)
    elif rule.months_after_deposit is not None:
        candidate = add_months(p.consent_date, rule.months_after_deposit)
    else:
        return None, EntryIntoForceBasis.UNKNOWN, None
    if rule.first_day_of_following_month:
        candidate = add_months(candidate.replace(day=1), 1)
    if rule.not_before_general:
        if instrument.entry_into_force is None:
            return None, EntryIntoForceBasis.UNKNOWN, None
        candidate = max(candidate, instrument.entry_into_force)
    return candidate, EntryIntoForceBasis.COMPUTED, rule


def _rule_premises(rule: r.EntryIntoForceRuleRecord | None) -> tuple[Premise, ...]:
    if rule is None:
        return ()
    return (
        Premise(
            rule.iri,
            "entry-into-force-rule",
            f"{rule.label or 'entry-into-force rule'} ({rule.legal_basis or 'no article given'})",
        ),
    )


def entry_into_force_for(
    model: ReadModel, p: r.ParticipationRecord
) -> tuple[date | None, EntryIntoForceBasis]:
    """When the instrument entered into force for this participant, and on what basis."""
    eif, basis, _ = _entry_into_force(model, p)
    return eif, basis


def denunciation_effective_for(
    model: ReadModel, p: r.ParticipationRecord
) -> tuple[date | None, r.EntryIntoForceRuleRecord | None]:
    """From when a denunciation ends the binding: given in the data, or computed
    from the instrument's rule (tk:monthsAfterDenunciation, returned too); None if neither."""
    if p.denunciation_effective is not None or p.denunciation_date is None:
        return p.denunciation_effective, None
    instrument = model.instruments.get(p.instrument)
    rule = model.rules.get((instrument.entry_into_force_rule if instrument else None) or "")
    if rule is None or rule.months_after_denunciation is None:
        return None, None
    return add_months(p.denunciation_date, rule.months_after_denunciation), rule


def _denunciation_premises(rule: r.EntryIntoForceRuleRecord | None) -> tuple[Premise, ...]:
    if rule is None:
        return ()
    return (
        Premise(
            rule.iri,
            "denunciation-rule",
            f"a denunciation takes effect {rule.months_after_denunciation} months after it is "
            f"registered ({rule.legal_basis or 'no article given'})",
        ),
    )


def _shown(p: r.ParticipationRecord, name: str) -> str:
    """A date of the record as the source gives it: the day, or only the month or year."""
    value: date = getattr(p, name)
    last = dict(p.date_windows).get(name)
    if last is None or last == value:
        return value.isoformat()
    if (value.month, value.day, last.month, last.day) == (1, 1, 12, 31):
        return str(value.year)
    return value.strftime("%Y-%m")


def _participation_premise(model: ReadModel, p: r.ParticipationRecord) -> Premise:
    parts = []
    if p.signature_date:
        parts.append(f"signed {_shown(p, 'signature_date')}")
    if p.consent_kind:
        when = _shown(p, "consent_date") if p.consent_date else "on an unknown date"
        parts.append(f"{p.consent_kind} deposited {when}")
    if p.denunciation_date:
        parts.append(f"denounced {_shown(p, 'denunciation_date')}")
    if p.denunciation_effective:
        parts.append(f"denunciation effective {p.denunciation_effective.isoformat()}")
    what = ", ".join(parts) or "no dates recorded"
    return Premise(p.iri, "participation", f"{model.display_label(p.participant)}: {what}")


def assess(model: ReadModel, actor: str, instrument: str, as_of: date) -> Assessment:
    """The status of one actor in one instrument on one date, with its basis,
    never claiming more than the participation data cover."""
    ins = model.instruments.get(instrument)
    pair = model.participation_by_pair.get((actor, instrument))
    if pair is not None and ins is not None:
        return _assess_record(model, model.participations[pair], ins, as_of)
    if ins is not None and ins.binds_members_of:
        derived = _assess_membership_derived(model, actor, ins, as_of)
        if derived is not None:
            return derived
        # Who is bound follows from the membership data, which hold no
        # membership of this actor in an organisation the instrument binds.
        return Assessment(
            actor,
            instrument,
            as_of,
            Status.NOT_PARTICIPATING,
            Rule.NO_RECORD,
            lambda: "No participation record and no membership that the instrument binds.",
        )
    return _assess_no_record(model, actor, instrument, as_of)


def _list_premise(model: ReadModel, coverage: Coverage) -> tuple[Premise, ...]:
    pl = coverage.newest_complete
    if pl is None or pl.as_of is None:
        return ()
    return (
        Premise(
            pl.iri,
            "participant-list",
            f"{model.display_label(pl.iri)}: every participant as of {pl.as_of.isoformat()}",
        ),
    )


def _assess_no_record(model: ReadModel, actor: str, instrument: str, as_of: date) -> Assessment:
    # Absence from the data proves absence only where a complete list covers
    # the date (on or before its as-of date: the list shows every participant
    # with its dates, so an actor missing from it had none before either).
    coverage = coverage_of(model, instrument)
    status, rule = Status.UNKNOWN, Rule.NO_COMPLETE_LIST
    if coverage.covers(as_of):
        status, rule = Status.NOT_PARTICIPATING, Rule.NO_RECORD
    elif coverage.coverage_date is not None:
        rule = Rule.NO_RECORD_PAST_COVERAGE

    def reason() -> str:
        if rule is Rule.NO_RECORD:
            return f"No participation record; {coverage.describe()}, and it is not on it."
        if rule is Rule.NO_RECORD_PAST_COVERAGE:
            return (
                f"No participation record, but {coverage.describe()}; "
                f"{model.display_label(actor)}'s later actions are not in the data."
            )
        return (
            f"No participation record, but {coverage.describe()}: "
            f"{model.display_label(actor)} may take part without the data showing it."
        )

    return Assessment(
        actor,
        instrument,
        as_of,
        status,
        rule,
        reason,
        make_premises=lambda: _list_premise(model, coverage),
        known_until=coverage.coverage_date,
        warning=coverage.warning(as_of),
    )


def _assess_record(
    model: ReadModel, p: r.ParticipationRecord, ins: r.InstrumentRecord, as_of: date
) -> Assessment:
    """Assess a participation record, then mark or withdraw its status when the
    date is past what the data show."""
    known_until = record_known_until(model, p)
    a = _assess_with_date_windows(model, p, ins, as_of, known_until)
    if known_until is not None and as_of <= known_until:
        return a
    coverage = coverage_of(model, p.instrument)
    # The warning is about this record's data, which may reach past the
    # instrument's coverage date (a newer partial list, a dated source).
    warning = coverage.warning(as_of)
    if a.status is Status.SIGNED_ONLY:
        last = (
            _assess_with_date_windows(model, p, ins, known_until, known_until)
            if known_until is not None
            else a
        )
        when = known_until.isoformat() if known_until else "an unknown date"
        return replace(
            a,
            status=Status.UNKNOWN,
            rule=Rule.STATE_PAST_COVERAGE,
            make_reason=lambda: (
                f"Last known as {last.status.name} on {when}; {coverage.describe()}, "
                f"and {model.display_label(p.participant)}'s later actions are not in the data."
            ),
            last_known=LastKnown(last.status, known_until),
            warning=warning,
            make_premises=lambda: a.premises + _list_premise(model, coverage),
        )
    # A party stays bound until it denounces; a consent with a known entry into
    # force takes effect on that day unless it is withdrawn first. Neither a
    # later denunciation nor a withdrawal would be in the data.
    carried = {
        Status.BOUND: "a party stays bound until it denounces, and a later denunciation",
        Status.CONSENTED_NOT_IN_FORCE: "a consent stands until it is withdrawn, and a later "
        "withdrawal",
    }.get(a.status)
    if carried is None:
        return a
    past = known_until.isoformat() if known_until else "the data"
    return replace(
        a,
        carried_forward=True,
        warning=warning,
        make_reason=lambda: (
            f"{a.reason} Carried forward past {past}: {carried} would not be in the data."
        ),
    )


def _assess_with_date_windows(
    model: ReadModel,
    p: r.ParticipationRecord,
    ins: r.InstrumentRecord,
    as_of: date,
    known_until: date | None,
) -> Assessment:
    """Assess with each year- or month-only date at its first and its last
    possible day; where the two answers differ the status depends on the
    unknown part of the date, so it is UNKNOWN, never guessed."""
    early = _assess_participation(model, p, ins, as_of, known_until)
    if not p.date_windows:
        return early
    late = _assess_participation(model, p.latest_possible(), ins, as_of, known_until)

    def windows() -> str:
        return ", ".join(
            f"{name.replace('_', ' ')} between {getattr(p, name).isoformat()} "
            f"and {last.isoformat()}"
            for name, last in p.date_windows
        )

    if late.status is early.status:
        # Same status on either day; the dates derived from the window are not known.
        exact = early.bound_from == late.bound_from
        return replace(
            early,
            make_reason=lambda: (
                f"{early.status.name} whichever day of the window (the data give the "
                f"{windows()} only)."
            ),
            bound_from=early.bound_from if exact else None,
            entry_into_force=early.entry_into_force if exact else None,
        )
    return replace(
        early,
        status=Status.UNKNOWN,
        rule=Rule.IMPRECISE_DATE,
        make_reason=lambda: (
            f"The data give the {windows()} only: {early.status.name} if the earliest "
            f"day, {late.status.name} if the latest."
        ),
        bound_from=None,
        bound_until=None,
        entry_into_force=None,
        entry_into_force_basis=EntryIntoForceBasis.UNKNOWN,
    )


def _assess_participation(
    model: ReadModel,
    p: r.ParticipationRecord,
    ins: r.InstrumentRecord,
    as_of: date,
    known_until: date | None,
) -> Assessment:
    def premises() -> tuple[Premise, ...]:
        return (_participation_premise(model, p),)

    def assessment(status: Status, rule: Rule, reason: Callable[[], str]) -> Assessment:
        return Assessment(
            p.participant,
            p.instrument,
            as_of,
            status,
            rule,
            reason,
            make_premises=premises,
            participation=p.iri,
            known_until=known_until,
        )

    if ins.binding is False:
        return assessment(
            Status.NOT_BINDING,
            Rule.NON_BINDING,
            lambda: f"{model.display_label(ins.iri)} is a {ins.kind}: it does not bind anyone.",
        )
    signed = p.signature_date is not None and p.signature_date <= as_of
    if p.consent_date is None and p.entry_into_force_given is not None:
        return _assess_implied_consent(model, p, as_of, known_until, p.entry_into_force_given)
    if p.consent_date is None and p.consent_kind is not None:
        return assessment(
            Status.UNKNOWN,
            Rule.CONSENT_DATE_UNKNOWN,
            lambda: f"Consent ({p.consent_kind}) is recorded without a date.",
        )
    if p.consent_date is None or p.consent_date > as_of:
        if signed:
            return assessment(
                Status.SIGNED_ONLY,
                Rule.SIGNATURE_ONLY,
                lambda: "Signed but no consent to be bound on this date: signature does not bind.",
            )
        return assessment(
            Status.NOT_PARTICIPATING,
            Rule.NOT_YET_SIGNED,
            lambda: "Neither signature nor consent on or before this date.",
        )
    return _assess_consented(model, p, as_of, known_until, p.consent_date)


def _assess_implied_consent(
    model: ReadModel,
    p: r.ParticipationRecord,
    as_of: date,
    known_until: date | None,
    entry_into_force: date,
) -> Assessment:
    """A record with an entry into force for the participant but no consent
    date: being in force for it implies its consent, given on a day the data
    do not hold. Bound from the entry into force; before it, unknown."""
    if entry_into_force <= as_of:
        return _assess_consented(model, p, as_of, known_until, None)
    return Assessment(
        p.participant,
        p.instrument,
        as_of,
        Status.UNKNOWN,
        Rule.CONSENT_DATE_UNKNOWN,
        lambda: (
            f"In force for it from {entry_into_force.isoformat()}, which implies its consent, "
            "but the data do not give the day of that consent: before the entry into force "
            "the status is not known."
        ),
        entry_into_force=entry_into_force,
        entry_into_force_basis=EntryIntoForceBasis.GIVEN,
        make_premises=lambda: (_participation_premise(model, p),),
        participation=p.iri,
        known_until=known_until,
    )


def _assess_consented(
    model: ReadModel,
    p: r.ParticipationRecord,
    as_of: date,
    known_until: date | None,
    consent_date: date | None,
) -> Assessment:
    """A participant that consented on or before the date: in force, denounced
    or not yet. ``consent_date`` is None when only an entry into force on or
    before the date shows the consent."""
    """A participant that consented on or before the date: in force, denounced or not yet."""
    eif, basis, eif_rule = _entry_into_force(model, p)
    ends, ends_rule = denunciation_effective_for(model, p)

    def consent_premises() -> tuple[Premise, ...]:
        return (_participation_premise(model, p), *_rule_premises(eif_rule))

    def in_force_premises() -> tuple[Premise, ...]:
        return consent_premises() + _denunciation_premises(ends_rule)

    def assessment(
        status: Status,
        rule: Rule,
        reason: Callable[[], str],
        bound_from: date | None = None,
        bound_until: date | None = None,
    ) -> Assessment:
        # The denunciation rule is a premise once the instrument is in force for
        # it, which is when the assessment has a bound_from date.
        return Assessment(
            p.participant,
            p.instrument,
            as_of,
            status,
            rule,
            reason,
            entry_into_force=eif,
            entry_into_force_basis=basis,
            make_premises=in_force_premises if bound_from is not None else consent_premises,
            participation=p.iri,
            known_until=known_until,
            bound_from=bound_from,
            bound_until=bound_until,
        )

    if eif is None:
        # No entry into force, so no rule computed it: no premise beyond the record.
        return assessment(
            Status.UNKNOWN,
            Rule.ENTRY_INTO_FORCE_UNKNOWN,
            lambda: (
                "Consent given, but the data give no entry-into-force date for this "
                "participant and no rule to compute it (or the general entry into force is unknown)."
            ),
        )
    if eif > as_of:
        return assessment(
            Status.CONSENTED_NOT_IN_FORCE,
            Rule.NOT_YET_IN_FORCE,
            lambda: f"Consent given; enters into force for it on {eif.isoformat()}.",
        )
    denounced = p.denunciation_date
    if ends is None and denounced is not None and denounced <= as_of:
        return assessment(
            Status.UNKNOWN,
            Rule.DENUNCIATION_EFFECT_UNKNOWN,
            lambda: (
                f"Denounced {denounced.isoformat()}; the data give neither the "
                "date it takes effect nor a rule to compute it."
            ),
            bound_from=eif,
        )
    if ends is not None and ends <= as_of:
        return assessment(
            Status.NO_LONGER_BOUND,
            Rule.DENOUNCED,
            lambda: (
                f"Denunciation effective {ends.isoformat()}"
                + (" (computed from the instrument's rule)." if ends_rule else ".")
            ),
            bound_from=eif,
            bound_until=ends - timedelta(days=1),
        )
    if consent_date is None:
        consented = "Consent implied by its entry into force (the data give no date of consent)"
    else:
        consented = f"{p.consent_kind or 'Consent'} deposited {consent_date.isoformat()}"
    return assessment(
        Status.BOUND,
        Rule.BOUND_BY_CONSENT,
        lambda: f"{consented}; in force for it from {eif.isoformat()} ({basis.value}).",
        bound_from=eif,
        bound_until=(ends - timedelta(days=1)) if ends else None,
    )


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


def _assess_membership_derived(
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


def candidate_instruments(model: ReadModel, actor: str) -> list[str]:
    """Instruments an actor participates in directly or may be bound by via membership."""
    found = [
        model.participations[p].instrument
        for p in model.participations_by_participant.get(actor, [])
    ]
    for m in model.memberships_by_member.get(actor, []):
        found.extend(
            model.instruments_binding_members_of.get(model.memberships[m].organization, [])
        )
    return list(dict.fromkeys(found))


def candidate_actors(model: ReadModel, instrument: str) -> list[str]:
    """Actors with a record in an instrument, or members of an organisation it binds."""
    found = [
        model.participations[p].participant
        for p in model.participations_by_instrument.get(instrument, [])
    ]
    ins = model.instruments.get(instrument)
    for org in ins.binds_members_of if ins else ():
        found.extend(
            model.memberships[m].member for m in model.memberships_by_organization.get(org, [])
        )
    return list(dict.fromkeys(found))


def assessments_for_instrument(
    model: ReadModel, instrument: str, as_of: date
) -> Iterator[Assessment]:
    for actor in candidate_actors(model, instrument):
        yield assess(model, actor, instrument, as_of)


@dataclass(frozen=True)
class ProvisionAssessment:
    """Whether an actor is bound by one provision; the reason is written when read."""

    provision: str
    bound: bool
    instrument_assessment: Assessment
    reservation: str | None
    make_reason: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def reason(self) -> str:
        return self.make_reason()


def assess_provision(
    model: ReadModel, actor: str, provision: str, as_of: date
) -> ProvisionAssessment:
    """Is the actor bound by this provision on this date, reservations included?"""
    outer = assess(model, actor, model.provisions[provision].instrument, as_of)
    return _provision_under(model, provision, outer)


def _provision_under(model: ReadModel, provision: str, outer: Assessment) -> ProvisionAssessment:
    """The provision's status given the assessment of its instrument."""
    if outer.status is not Status.BOUND:
        return ProvisionAssessment(
            provision, False, outer, None, lambda: f"Not bound by the instrument: {outer.reason}"
        )
    article = model.provisions[provision].article
    for st_iri in model.statements_by_participation.get(outer.participation or "", []):
        st = model.statements[st_iri]
        if st.kind == "reservation" and provision in st.excludes:
            return ProvisionAssessment(
                provision,
                False,
                outer,
                st_iri,
                lambda: f"Bound by the instrument, but its reservation excludes art. {article}.",
            )
    return ProvisionAssessment(
        provision, True, outer, None, lambda: f"Bound by the instrument: {outer.reason}"
    )


def obligations_of(model: ReadModel, actor: str, as_of: date) -> list[ProvisionAssessment]:
    """Every provision of every instrument that binds the actor on the date."""
    result = []
    for instrument in candidate_instruments(model, actor):
        # One assessment of the instrument serves all its provisions.
        outer = assess(model, actor, instrument, as_of)
        for provision in model.provisions_by_instrument.get(instrument, []):
            result.append(_provision_under(model, provision, outer))
    return result
