"""The status rules: who is bound to what, as of a date, and why, evaluated
directly from the records.

"Bound by instrument I on date D" means: consent given, entry into force for
that participant on or before D, and not denounced before D (ontology/README.md).
Entry into force for a participant is taken from the data where given, else
computed from the instrument's own tk:EntryIntoForceRule (entry_into_force.py).
Bindings derived from membership (EU law binds the member states) follow
tk:bindsMembersOf and tk:OptOut in the data (membership_binding.py). No
instrument is named in this module: every rule is read from the graph.

Every answer is an Assessment that carries its basis: the rule applied and the
premises (records with their dates and sources) that it rests on. The service
answers from the status timelines (status_timelines.py), which are built by
evaluating these rules on every day a status can change; `evaluate` stays the
reference the timelines are checked against.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from tkgraph.domain.assessment import (
    Assessment,
    EntryIntoForceBasis,
    LastKnown,
    Premise,
    Rule,
    Status,
)
from tkgraph.domain.coverage import coverage_of, record_known_until
from tkgraph.domain.entry_into_force import denunciation_effective_for, entry_into_force_with_rule
from tkgraph.domain.membership_binding import assess_membership_derived
from tkgraph.domain.premises import (
    denunciation_premises,
    list_premise,
    participation_premise,
    rule_premises,
)
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


def evaluate(model: ReadModel, actor: str, instrument: str, as_of: date) -> Assessment:
    """The status of one actor in one instrument on one date, with its basis,
    never claiming more than the participation data cover."""
    ins = model.instruments.get(instrument)
    pair = model.participation_by_pair.get((actor, instrument))
    if pair is not None and ins is not None:
        return _assess_record(model, model.participations[pair], ins, as_of)
    if ins is not None and ins.binds_members_of:
        derived = assess_membership_derived(model, actor, ins, as_of)
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
        make_premises=lambda: list_premise(model, coverage),
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
        return a.replace(
            status=Status.UNKNOWN,
            rule=Rule.STATE_PAST_COVERAGE,
            make_reason=lambda: (
                f"Last known as {last.status.name} on {when}; {coverage.describe()}, "
                f"and {model.display_label(p.participant)}'s later actions are not in the data."
            ),
            last_known=LastKnown(last.status, known_until),
            warning=warning,
            make_premises=lambda: a.premises + list_premise(model, coverage),
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
    return a.replace(
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
        return early.replace(
            make_reason=lambda: (
                f"{early.status.name} whichever day of the window (the data give the "
                f"{windows()} only)."
            ),
            bound_from=early.bound_from if exact else None,
            entry_into_force=early.entry_into_force if exact else None,
        )
    return early.replace(
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
        return (participation_premise(model, p),)

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
        make_premises=lambda: (participation_premise(model, p),),
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
    eif, basis, eif_rule = entry_into_force_with_rule(model, p)
    ends, ends_rule = denunciation_effective_for(model, p)

    def consent_premises() -> tuple[Premise, ...]:
        return (participation_premise(model, p), *rule_premises(eif_rule))

    def in_force_premises() -> tuple[Premise, ...]:
        return consent_premises() + denunciation_premises(ends_rule)

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
