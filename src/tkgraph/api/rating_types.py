"""GraphQL types of ratings (tk:Assessment: the US TIP Report's tiers) and of
ratings beside bindings. Named Rating*, since the binding engine's
Assessment is a binding status; the answers come from tkgraph.domain.ratings."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry

from tkgraph.api.context import Info, get_context, iri_from_id
from tkgraph.api.coverage_types import note_assessment, note_coverage
from tkgraph.api.types import (
    Actor,
    Binding,
    Node,
    Source,
    actor,
    from_record,
    register_node_types,
)
from tkgraph.domain import binding as b
from tkgraph.domain import ratings as rt
from tkgraph.errors import BadUserInputError, NotFoundError
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel

strawberry.enum(
    rt.RatingStatus,
    name="RatingStatus",
    description="RATED: the data hold the value. NOT_ON_LIST: the year's lists are partial "
    "(the Tier 2 Watch List and Tier 3 only) and do not name the actor, so it had one of "
    "possibleValues. NOT_RATED: the year's lists give every ranked value and do not name the "
    "actor (not rated, or a special case). UNKNOWN: no list for the year, or it leaves the actor out.",
)

DEFAULT_SCHEME = "tip-tiers"


@strawberry.type(description="A value of a rating scheme (a TIP Report tier).")
class RatingValue:
    id: str = strawberry.field(description="Stable id within its scheme, e.g. 'TIER_2_WATCH_LIST'.")
    iri: str
    label: str | None
    rank: int | None = strawberry.field(
        description="Position on the ordered scale, 1 the best; null off the scale (special case)."
    )

    @classmethod
    def from_record(cls, rec: r.RatingValueRecord) -> RatingValue:
        return cls(id=rec.notation, iri=rec.iri, label=rec.label, rank=rec.rank)


def _value(model: ReadModel, iri: str | None) -> RatingValue | None:
    rec = model.rating_values.get(iri) if iri else None
    return RatingValue.from_record(rec) if rec else None


@strawberry.type(
    description="The ratings of one scheme and report year as read from some sources; "
    "coversValues are the values it lists in full."
)
class RatingList(Node):
    record: strawberry.Private[r.RatingListRecord]
    report_year: int

    @classmethod
    def from_record(cls, rec: r.RatingListRecord) -> Self:
        return from_record(cls, rec, report_year=rec.year)

    @strawberry.field(description="The values the list gives in full.")
    def covers_values(self, info: Info) -> list[RatingValue]:
        model = get_context(info).model
        return [v for v in (_value(model, i) for i in self.record.covers) if v]


@strawberry.type(description="A rating held in the data (tk:Assessment): a value, a year, sources.")
class Rating(Node):
    record: strawberry.Private[r.RatingRecord]
    report_year: int
    alternative_values: list[str] = strawberry.field(
        description="What other sources give where they disagree (the value kept is the table's)."
    )

    @classmethod
    def from_record(cls, rec: r.RatingRecord) -> Self:
        return from_record(cls, rec, report_year=rec.year)

    @strawberry.field
    def actor(self, info: Info) -> Actor | None:
        return actor(get_context(info).model, self.record.actor)

    @strawberry.field
    def value(self, info: Info) -> RatingValue | None:
        return _value(get_context(info).model, self.record.value)


@strawberry.type(
    description="What a rating scheme said of an actor in a report year, or why the data cannot tell."
)
class RatingAnswer:
    answer: strawberry.Private[rt.RatingAnswer]
    report_year: int
    scheme: str = strawberry.field(description="The scheme's id, e.g. 'tip-tiers'.")
    status: rt.RatingStatus
    summary: str = strawberry.field(
        description="'Tier 3'; 'Tier 1 or Tier 2' when the lists are partial; 'not ranked'; 'unknown'."
    )
    reason: str

    @classmethod
    def from_answer(cls, a: rt.RatingAnswer, scheme_id: str) -> RatingAnswer:
        return cls(
            answer=a,
            report_year=a.year,
            scheme=scheme_id,
            status=a.status,
            summary=a.summary,
            reason=a.reason,
        )

    @strawberry.field
    def actor(self, info: Info) -> Actor | None:
        return actor(get_context(info).model, self.answer.actor)

    @strawberry.field(description="The value, when RATED.")
    def value(self, info: Info) -> RatingValue | None:
        return _value(get_context(info).model, self.answer.value)

    @strawberry.field(description="The values the actor may have had (NOT_ON_LIST, NOT_RATED).")
    def possible_values(self, info: Info) -> list[RatingValue]:
        model = get_context(info).model
        return [v for v in (_value(model, i) for i in self.answer.possible_values) if v]

    @strawberry.field(description="The rating held, when RATED.")
    def rating(self, info: Info) -> Rating | None:
        model = get_context(info).model
        held = model.ratings.get(self.answer.rating) if self.answer.rating else None
        return Rating.from_record(held) if held else None

    @strawberry.field(description="The year's rating lists the answer reads.")
    def lists(self, info: Info) -> list[RatingList]:
        model = get_context(info).model
        return [
            RatingList.from_record(model.rating_lists[i])
            for i in self.answer.lists
            if i in model.rating_lists
        ]

    @strawberry.field(description="The rating's sources, else the lists' sources.")
    def sources(self, info: Info) -> list[Source]:
        model = get_context(info).model
        return [
            Source.from_record(model.sources[s]) for s in self.answer.sources if s in model.sources
        ]


@strawberry.type(
    description="An actor's status in an instrument on a date, beside its rating that year."
)
class BindingWithRating:
    binding: Binding
    rating: RatingAnswer

    @strawberry.field
    def actor(self, info: Info) -> Actor | None:
        return actor(get_context(info).model, self.binding.record.actor)


def require_scheme(model: ReadModel, scheme_id: str) -> str:
    found = rt.scheme_iri(model, scheme_id)
    if found is None:
        known = ", ".join(sorted(s.notation for s in model.rating_schemes.values())) or "none"
        raise BadUserInputError(f"Unknown rating scheme {scheme_id!r}.", f"Use one of: {known}.")
    return found


def ratings_of(
    info: Info, actor_iri: str, scheme_id: str, start: int | None, end: int | None
) -> list[RatingAnswer]:
    """One answer per report year from ``start`` to ``end`` (default: the years
    the data hold lists for), UNKNOWN years included."""
    model = get_context(info).model
    scheme = require_scheme(model, scheme_id)
    years = rt.report_years(model, scheme)
    if not years:
        return []
    first = start if start is not None else years[0]
    last = end if end is not None else years[-1]
    if last < first or last - first > 200:
        raise BadUserInputError(
            f"Report years {first}..{last} are not a range of at most 200 years.",
            "Give from <= to, e.g. from: 2001, to: 2025.",
        )
    return [
        RatingAnswer.from_answer(rt.rate(model, actor_iri, scheme, year), scheme_id)
        for year in range(first, last + 1)
    ]


def rating_of(info: Info, actor_id: str, scheme_id: str, year: int) -> RatingAnswer:
    model = get_context(info).model
    actor_iri = iri_from_id(actor_id)
    if actor_iri not in model.actors:
        raise NotFoundError(f"No actor with id {actor_id!r}.", "Find ids with actors(text: ...).")
    scheme = require_scheme(model, scheme_id)
    return RatingAnswer.from_answer(rt.rate(model, actor_iri, scheme, year), scheme_id)


def bindings_with_rating(
    info: Info, instrument_iri: str, as_of: date | None, scheme_id: str, year: int | None
) -> list[BindingWithRating]:
    """Every state: its status in the instrument on ``as_of`` and its rating in
    report ``year`` (default: the year of ``as_of``)."""
    context = get_context(info)
    model = context.model
    scheme = require_scheme(model, scheme_id)
    day = context.day(as_of)
    report_year = year if year is not None else day.year
    note_coverage(context, instrument_iri, day)
    states = sorted(
        (a for a in model.actors.values() if a.kind == "State"),
        key=lambda a: ((a.label or a.iri).casefold(), a.iri),
    )
    out: list[BindingWithRating] = []
    for state in states:
        context.check_time()
        assessment = note_assessment(context, b.assess(model, state.iri, instrument_iri, day))
        out.append(
            BindingWithRating(
                binding=Binding.from_assessment(assessment),
                rating=RatingAnswer.from_answer(
                    rt.rate(model, state.iri, scheme, report_year), scheme_id
                ),
            )
        )
    return out


register_node_types({r.RatingRecord: Rating, r.RatingListRecord: RatingList})
