"""Per-request context: the snapshot the request answers from, taken once."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import strawberry
from graphql import DocumentNode

from tkgraph.api.cost import Measure
from tkgraph.domain.coverage import CoverageWarning
from tkgraph.errors import BadUserInputError, QueryTimeoutError
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import id_for_iri, iri_for_id
from tkgraph.service.snapshot import Snapshot
from tkgraph.settings import Settings


class PageSizes(NamedTuple):
    default: int
    max: int


@dataclass
class Context:
    snapshot: Snapshot
    settings: Settings
    today: date
    started: float = field(default_factory=time.monotonic)
    # What the answers of this request used past the data's coverage, or from
    # partial data; sent in the response's extensions (api/coverage_types.py).
    warnings: dict[tuple[str, str], CoverageWarning] = field(default_factory=dict)
    # The measure the HTTP view took of the document before choosing where it
    # runs (document, operationName, measure): the limits reuse it.
    measured: tuple[DocumentNode, str | None, Measure] | None = None
    # Read once per request, for the resolvers that need only these (those that
    # also read the network or labels take the snapshot whole).
    model: ReadModel = field(init=False)
    page_sizes: PageSizes = field(init=False)

    def __post_init__(self) -> None:
        self.model = self.snapshot.model
        self.page_sizes = PageSizes(self.settings.default_page_size, self.settings.max_page_size)

    def warn(self, warning: CoverageWarning | None) -> None:
        """Record a warning once per code and instrument."""
        if warning is not None:
            self.warnings.setdefault((warning.code.value, warning.instrument), warning)

    def day(self, as_of: date | None) -> date:
        """The date an answer is about: asOf when the document gives it, else today."""
        return self.today if as_of is None else as_of

    def check_time(self) -> None:
        """Called by the resolvers that do real work; past the budget, stop with TIMEOUT."""
        elapsed = time.monotonic() - self.started
        if elapsed > self.settings.query_timeout:
            raise QueryTimeoutError(
                f"The query ran past its time budget of {self.settings.query_timeout:g} s.",
                "Ask for smaller pages or fewer nested lists, or split the query.",
            )


Info = strawberry.Info[Context, None]


def get_context(info: Info) -> Context:
    """The request's context; every resolver that looks something up gets it, so
    this is where the clock is checked."""
    context = info.context
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
