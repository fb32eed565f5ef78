"""Per-request context: the snapshot the request answers from, taken once."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import strawberry

from tkgraph.coverage import CoverageWarning
from tkgraph.errors import BadUserInputError, QueryTimeoutError
from tkgraph.readmodel import ReadModel
from tkgraph.settings import Settings
from tkgraph.snapshot import Snapshot
from tkgraph.vocab import id_for_iri, iri_for_id


@dataclass
class Context:
    snapshot: Snapshot
    settings: Settings
    today: date
    started: float = field(default_factory=time.monotonic)
    # What the answers of this request used past the data's coverage, or from
    # partial data; sent in the response's extensions (api/coverage_types.py).
    warnings: dict[tuple[str, str], CoverageWarning] = field(default_factory=dict)

    def warn(self, warning: CoverageWarning | None) -> None:
        """Record a warning once per code and instrument."""
        if warning is not None:
            self.warnings.setdefault((warning.code.value, warning.instrument), warning)

    @property
    def model(self) -> ReadModel:
        return self.snapshot.model

    def check_time(self) -> None:
        """Called by the resolvers that do real work; past the budget, stop with TIMEOUT."""
        elapsed = time.monotonic() - self.started
        if elapsed > self.settings.query_timeout:
            raise QueryTimeoutError(
                f"The query ran past its time budget of {self.settings.query_timeout:g} s.",
                "Ask for smaller pages or fewer nested lists, or split the query.",
            )


def get_context(info: strawberry.Info) -> Context:
    """The request's context; every resolver gets it, so this is where the clock is checked."""
    context = info.context
    if not isinstance(context, Context):
        # Strawberry's ASGI integration wraps our context in a dict with request/response.
        context = context["tk"]
        assert isinstance(context, Context)
    context.check_time()
    return context


def iri_from_id(node_id: str, expected_kind: str | None = None) -> str:
    """The IRI behind an API id, or BAD_USER_INPUT saying what an id looks like."""
    iri = iri_for_id(node_id)
    if iri is None:
        raise BadUserInputError(
            f"'{node_id}' is not a tkgraph id.",
            "Ids look like 'state:FR', 'organization:interpol' or 'instrument:tip-protocol'.",
        )
    if expected_kind is not None and not node_id.startswith(expected_kind + ":"):
        raise BadUserInputError(
            f"'{node_id}' is not a {expected_kind} id.",
            f"Pass an id that starts with '{expected_kind}:'.",
        )
    return str(iri)


def api_id(iri: str) -> strawberry.ID:
    return strawberry.ID(id_for_iri(iri))
