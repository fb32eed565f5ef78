"""When an instrument enters into force for a participant, and when a
denunciation ends its binding: given in the data, else computed from the
instrument's own tk:EntryIntoForceRule (days or months after deposit, the
first day of the following month, not before the general entry into force;
months after a denunciation)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from tkgraph.domain.assessment import EntryIntoForceBasis
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def entry_into_force_with_rule(
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


def entry_into_force_for(
    model: ReadModel, p: r.ParticipationRecord
) -> tuple[date | None, EntryIntoForceBasis]:
    """When the instrument entered into force for this participant, and on what basis."""
    eif, basis, _ = entry_into_force_with_rule(model, p)
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
