"""The premises of an assessment: each record it rests on, in words (the dates
as the sources give them)."""

from __future__ import annotations

from datetime import date

from tkgraph.domain.assessment import Premise
from tkgraph.domain.coverage import Coverage
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


def rule_premises(rule: r.EntryIntoForceRuleRecord | None) -> tuple[Premise, ...]:
    if rule is None:
        return ()
    return (
        Premise(
            rule.iri,
            "entry-into-force-rule",
            f"{rule.label or 'entry-into-force rule'} ({rule.legal_basis or 'no article given'})",
        ),
    )


def denunciation_premises(rule: r.EntryIntoForceRuleRecord | None) -> tuple[Premise, ...]:
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


def shown_date(p: r.ParticipationRecord, name: str) -> str:
    """A date of the record as the source gives it: the day, or only the month or year."""
    value: date = getattr(p, name)
    last = dict(p.date_windows).get(name)
    if last is None or last == value:
        return value.isoformat()
    if (value.month, value.day, last.month, last.day) == (1, 1, 12, 31):
        return str(value.year)
    return value.strftime("%Y-%m")


def participation_premise(model: ReadModel, p: r.ParticipationRecord) -> Premise:
    parts = []
    if p.signature_date:
        parts.append(f"signed {shown_date(p, 'signature_date')}")
    if p.consent_kind:
        when = shown_date(p, "consent_date") if p.consent_date else "on an unknown date"
        parts.append(f"{p.consent_kind} deposited {when}")
    if p.denunciation_date:
        parts.append(f"denounced {shown_date(p, 'denunciation_date')}")
    if p.denunciation_effective:
        parts.append(f"denunciation effective {p.denunciation_effective.isoformat()}")
    what = ", ".join(parts) or "no dates recorded"
    return Premise(p.iri, "participation", f"{model.display_label(p.participant)}: {what}")


def list_premise(model: ReadModel, coverage: Coverage) -> tuple[Premise, ...]:
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
