"""Rules about participant lists: a list called complete must agree with the
dated party count it was checked against.

SHACL cannot count the participations that point at a list and compare the
number with a figure, hence a Python rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rdflib import Literal
from rdflib.term import Node

from tkgraph.rdf.vocab import RDF, TK
from tkgraph.validation._terms import short
from tkgraph.validation.dataset import ParsedData
from tkgraph.validation.report import Severity
from tkgraph.validation.rules import Finding, Rule

LIST_COUNT_MISMATCH = Rule(
    id="coverage/list-count-mismatch",
    severity=Severity.ERROR,
    summary="A complete tk:ParticipantList checked against a party count (tk:checkedAgainst) "
    "holds, on its as-of date, as many participants with consent in force or pending (not "
    "denounced) as the count says, and the count is dated that same day.",
    message="is a complete list whose participants do not match the party count it was "
    "checked against.",
    hint="Find the missing or extra rows against the source and fix them, or mark the list "
    "tk:partial; check against a tk:partyCount figure dated on the list's tk:asOfDate.",
)
RULES = (LIST_COUNT_MISMATCH,)


def _day(value: Node | None) -> date | None:
    # Year- or month-only dates count from their first possible day: a list
    # checked against a count should hold exact dates anyway.
    if not isinstance(value, Literal):
        return None
    text = str(value)
    try:
        return date.fromisoformat(text if len(text) == 10 else (text + "-01-01")[:10])
    except ValueError:
        return None


def _count(value: Node | None) -> int | None:
    try:
        return int(float(str(value))) if isinstance(value, Literal) else None
    except ValueError:
        return None


def check_list_counts(data: ParsedData) -> Iterator[Finding]:
    graph = data.graph
    for plist in sorted(set(graph.subjects(RDF.type, TK.ParticipantList)), key=str):
        if graph.value(plist, TK.completeness) != TK.complete:
            continue
        as_of = _day(graph.value(plist, TK.asOfDate))
        if as_of is None:
            continue  # reported by shape/participant-list-incomplete
        consented = 0
        for row in graph.subjects(TK.inList, plist):
            consent = _day(graph.value(row, TK.consentDate))
            ended = _day(graph.value(row, TK.denunciationEffectiveDate))
            # A row of a list states the participant's state as of the list's
            # date (tk:inList), so a consent recorded without its date was given
            # by then; the binding engine still answers UNKNOWN for its status.
            given = consent is None and graph.value(row, TK.consentKind) is not None
            if (given or (consent is not None and consent <= as_of)) and (
                ended is None or ended > as_of
            ):
                consented += 1
        for figure in sorted(graph.objects(plist, TK.checkedAgainst), key=str):
            counted = _count(graph.value(figure, TK.value))
            figure_day = _day(graph.value(figure, TK.asOfDate))
            if figure_day != as_of:
                detail = (
                    f"{short(figure)} is dated {figure_day.isoformat() if figure_day else 'nowhere'},"
                    f" the list {as_of.isoformat()}"
                )
            elif counted != consented:
                detail = (
                    f"{consented} participants with consent on {as_of.isoformat()}, "
                    f"{short(figure)} says {counted}"
                )
            else:
                continue
            yield Finding(
                LIST_COUNT_MISMATCH,
                subject=plist,
                detail=detail,
                predicate=TK.checkedAgainst,
                value=figure,
            )
