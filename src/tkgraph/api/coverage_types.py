"""What the data cover, in the API: the coverage types and the warnings that
every response carries in `extensions.warnings` when an answer used data past
their coverage or partial data."""

from __future__ import annotations

from datetime import date
from typing import Any

from strawberry.extensions import SchemaExtension

from tkgraph.api.context import Context
from tkgraph.domain import binding as b
from tkgraph.domain import coverage as cv
from tkgraph.rdf.vocab import id_for_iri


def warning_json(w: cv.CoverageWarning) -> dict[str, Any]:
    """One warning as it appears in `extensions.warnings` and on the CLI's stderr."""
    return {
        "code": w.code.value,
        ("organization" if w.code.about_membership else "instrument"): id_for_iri(w.instrument),
        "coverageDate": w.coverage_date.isoformat() if w.coverage_date else None,
        "message": w.message,
    }


class CoverageWarnings(SchemaExtension):
    """Adds the warnings collected on the request context to the response."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, Context) or not context.warnings:
            return {}
        ordered = sorted(context.warnings.values(), key=lambda w: (w.instrument, w.code.value))
        return {"warnings": [warning_json(w) for w in ordered]}


def note_assessment(context: Context, assessment: b.Assessment) -> b.Assessment:
    """Record the warning an assessment needs on the request (returns it unchanged)."""
    context.warn(assessment.warning)
    return assessment


def note_coverage(context: Context, instrument: str, day: date) -> cv.Coverage:
    """Record the warning an answer about an instrument on a date needs."""
    coverage = cv.coverage_of(context.model, instrument)
    context.warn(coverage.warning(day))
    return coverage
