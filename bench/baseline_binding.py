"""Dict baseline for who is bound by what: the rules of ``tkgraph.domain.binding``
as tight loops over minimal dicts, building no Assessment and no premise text.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.facts import Facts
from tkgraph.rdf.vocab import TK


@dataclass(frozen=True, slots=True)
class Part:
    actor: str
    instrument: str
    consent: date | None
    given: date | None
    off: date | None  # denunciation effective


@dataclass(frozen=True, slots=True)
class Rule:
    days: int | None
    months: int | None
    not_before: bool


@dataclass(frozen=True, slots=True)
class Member:
    actor: str
    org: str
    start: date | None
    end: date | None


@dataclass
class BindingIndex:
    parts_by_instrument: dict[str, list[Part]] = field(default_factory=dict)
    parts_by_actor: dict[str, list[Part]] = field(default_factory=dict)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    non_binding: set[str] = field(default_factory=set)
    general: dict[str, date] = field(default_factory=dict)
    rule_of: dict[str, Rule] = field(default_factory=dict)
    binds: dict[str, list[str]] = field(default_factory=dict)  # instrument -> orgs
    bound_by_org: dict[str, list[str]] = field(default_factory=dict)  # org -> instruments
    members: dict[str, list[Member]] = field(default_factory=dict)  # org -> memberships
    memberships_of: dict[str, list[Member]] = field(default_factory=dict)  # actor -> memberships
    opt_outs: set[tuple[str, str]] = field(default_factory=set)
    provisions: dict[str, list[str]] = field(default_factory=dict)
    excluded: dict[tuple[str, str], set[str]] = field(default_factory=dict)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def build(facts: Facts) -> BindingIndex:
    idx = BindingIndex()
    for p in facts.values["participationIn"]:
        actor, instrument = facts.one("participant", p), facts.one("participationIn", p)
        if actor is None or instrument is None:
            continue
        part = Part(
            actor,
            instrument,
            _day(facts.one("consentDate", p)),
            _day(facts.one("entryIntoForceForParticipant", p)),
            _day(facts.one("denunciationEffectiveDate", p)),
        )
        idx.parts_by_instrument.setdefault(instrument, []).append(part)
        idx.parts_by_actor.setdefault(actor, []).append(part)
        idx.pairs.add((actor, instrument))
    idx.non_binding = set(facts.instances_of(str(TK.NonBindingInstrument)))
    for instrument in facts.values["entryIntoForceDate"]:
        general = _day(facts.one("entryIntoForceDate", instrument))
        if general is not None:
            idx.general[instrument] = general
    for instrument in facts.values["entryIntoForceRule"]:
        rule = facts.one("entryIntoForceRule", instrument) or ""
        days, months = facts.one("daysAfterDeposit", rule), facts.one("monthsAfterDeposit", rule)
        idx.rule_of[instrument] = Rule(
            int(days) if days else None,
            int(months) if months else None,
            facts.one("notBeforeGeneralEntryIntoForce", rule) in ("true", "1"),
        )
    _index_memberships(idx, facts)
    _index_provisions(idx, facts)
    return idx


def _index_memberships(idx: BindingIndex, facts: Facts) -> None:
    for instrument, orgs in facts.values["bindsMembersOf"].items():
        idx.binds[instrument] = orgs
        for org in orgs:
            idx.bound_by_org.setdefault(org, []).append(instrument)
    for m in facts.values["organization"]:
        who, where = facts.one("member", m), facts.one("organization", m)
        if who is None or where is None:
            continue
        start, end = _day(facts.one("startDate", m)), _day(facts.one("endDate", m))
        member = Member(who, where, start, end)
        idx.members.setdefault(where, []).append(member)
        idx.memberships_of.setdefault(who, []).append(member)
    for position in facts.instances.get(str(TK.OptOut), []):
        actor, opted = facts.one("actor", position), facts.one("instrument", position)
        if actor is not None and opted is not None:
            idx.opt_outs.add((actor, opted))


def _index_provisions(idx: BindingIndex, facts: Facts) -> None:
    for provision in facts.values["provisionOf"]:
        instrument = facts.one("provisionOf", provision)
        if instrument is not None:
            idx.provisions.setdefault(instrument, []).append(provision)
    for reservation in facts.instances_of(str(TK.Reservation)):
        p = facts.one("statementOn", reservation)
        actor, instrument = facts.one("participant", p or ""), facts.one("participationIn", p or "")
        if actor is not None and instrument is not None:
            excluded = idx.excluded.setdefault((actor, instrument), set())
            excluded.update(facts.all("excludesProvision", reservation))


# -- the rules, minimal -----------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_force(idx: BindingIndex, part: Part) -> date | None:
    if part.given is not None:
        return part.given
    rule = idx.rule_of.get(part.instrument)
    if rule is None or part.consent is None:
        return None
    if rule.days is not None:
        candidate = part.consent + timedelta(days=rule.days)
    elif rule.months is not None:
        candidate = _add_months(part.consent, rule.months)
    else:
        return None
    if rule.not_before:
        general = idx.general.get(part.instrument)
        return None if general is None else max(candidate, general)
    return candidate


def bound_by_participation(idx: BindingIndex, part: Part, day: date) -> bool:
    if part.instrument in idx.non_binding or part.consent is None or part.consent > day:
        return False
    eif = in_force(idx, part)
    return eif is not None and eif <= day and not (part.off is not None and part.off <= day)


def bound_as_member(idx: BindingIndex, m: Member, instrument: str, day: date) -> bool:
    key = (m.actor, instrument)
    if key in idx.pairs or key in idx.opt_outs or m.start is None or m.start > day:
        return False
    if m.end is not None and m.end < day:
        return False
    general = idx.general.get(instrument)
    return general is not None and max(general, m.start) <= day


def bound_actors(idx: BindingIndex, instrument: str, day: date) -> set[str]:
    found = {
        p.actor
        for p in idx.parts_by_instrument.get(instrument, [])
        if bound_by_participation(idx, p, day)
    }
    for org in idx.binds.get(instrument, []):
        found.update(
            m.actor for m in idx.members.get(org, []) if bound_as_member(idx, m, instrument, day)
        )
    return found


def bound_instruments(idx: BindingIndex, actor: str, day: date) -> tuple[set[str], int]:
    """The instruments binding the actor, and how many it could be bound by."""
    parts = idx.parts_by_actor.get(actor, [])
    candidates = {p.instrument for p in parts}
    found = {p.instrument for p in parts if bound_by_participation(idx, p, day)}
    for m in idx.memberships_of.get(actor, []):
        for instrument in idx.bound_by_org.get(m.org, []):
            candidates.add(instrument)
            if bound_as_member(idx, m, instrument, day):
                found.add(instrument)
    return found, len(candidates)


def obligations(idx: BindingIndex, actor: str, day: date) -> tuple[int, int]:
    """Provisions binding the actor on the day (reservations excluded), and of all candidates."""
    found, _ = bound_instruments(idx, actor, day)
    bound = sum(
        sum(1 for p in idx.provisions.get(i, []) if p not in idx.excluded.get((actor, i), ()))
        for i in found
    )
    candidates = {p.instrument for p in idx.parts_by_actor.get(actor, [])}
    for m in idx.memberships_of.get(actor, []):
        candidates.update(idx.bound_by_org.get(m.org, []))
    return bound, sum(len(idx.provisions.get(i, [])) for i in candidates)
