"""The root Query type. Thin: parse ids at this one boundary, look up, wrap."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from tkgraph.api.context import Info, get_context, iri_from_id
from tkgraph.api.cost import (
    MAP_NODE_WORK,
    MATRIX_CELL_WORK,
    PATH_HOP_WORK,
    Arguments,
    FieldCost,
)
from tkgraph.api.coverage_types import note_assessment, note_coverage
from tkgraph.api.network_types import (
    CooperationPartner,
    Hop,
    Path,
    RelationshipMap,
)
from tkgraph.api.pagination import Connection, paginate
from tkgraph.api.rating_types import RatingAnswer, rating_of
from tkgraph.api.types import (
    Activity,
    Actor,
    Binding,
    Instrument,
    Node,
    ProvisionBinding,
    Source,
    actor,
    instrument,
    node_for,
)
from tkgraph.domain import binding as b
from tkgraph.domain import cooperation as co
from tkgraph.domain import ids, mapformats, rosters, tables
from tkgraph.domain.ids import NodeKind
from tkgraph.domain.network import LinkKind
from tkgraph.errors import BadUserInputError, NotFoundError
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


@strawberry.type(description="The data set being served.")
class DataVersion:
    content_hash: str = strawberry.field(description="SHA-256 of every data file's path and bytes.")
    loaded_at: datetime
    triple_count: int
    file_count: int
    earliest_event: date | None = strawberry.field(
        description="The oldest signature, consent or entry into force in the data (the atlas starts there)."
    )


def _matches(text: str | None, *labels: str | None) -> bool:
    if not text:
        return True
    needle = text.casefold()
    return any(label is not None and needle in label.casefold() for label in labels)


def _require(model: ReadModel, node_id: str, kind: NodeKind, hint: str) -> str:
    """The IRI of the node of `kind` an id names: BAD_USER_INPUT for a malformed
    id (an instrument's must start with 'instrument:'), NOT_FOUND for none."""
    iri = iri_from_id(node_id, "instrument" if kind is NodeKind.INSTRUMENT else None)
    if iri not in ids.known(model, kind):
        raise NotFoundError(f"No {kind} with id '{node_id}'.", hint)
    return iri


def _require_actor(model: ReadModel, node_id: str) -> str:
    return _require(model, node_id, NodeKind.ACTOR, "Find ids with actors(text: ...).")


def _require_instrument(model: ReadModel, node_id: str) -> str:
    return _require(model, node_id, NodeKind.INSTRUMENT, "Find ids with instruments(text: ...).")


def _matrix_cells(arguments: Arguments) -> int:
    return arguments.count("actors") * arguments.count("instruments")


# The work of the fields that compute, declared on them (api/cost.py).
_MATRIX_COST = FieldCost(work=lambda a: _matrix_cells(a) * MATRIX_CELL_WORK, items=_matrix_cells)
_PATHS_COST = FieldCost(
    work=lambda a: max(1, a.number("maxHops")) * PATH_HOP_WORK,
    items=lambda a: max(1, a.number("limit")),
)
_MAP_COST = FieldCost(
    work=lambda a: max(1, a.number("budget")) * (max(0, a.number("depth")) + 1) * MAP_NODE_WORK,
    page=lambda a: max(1, a.number("budget")),
)


@strawberry.type
class Query:
    @strawberry.field(description="Any node by id; null if there is none.")
    def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return node_for(get_context(info).model, iri_from_id(id))

    @strawberry.field(description="Any node by IRI; null if there is none.")
    def node_by_iri(self, info: Info, iri: str) -> Node | None:
        return node_for(get_context(info).model, iri)

    @strawberry.field(
        description="A state, organisation or body by id (e.g. 'state:FR', 'organization:interpol')."
    )
    def actor(self, info: Info, id: strawberry.ID) -> Actor | None:
        return actor(get_context(info).model, iri_from_id(id))

    @strawberry.field(description="An instrument by id (e.g. 'instrument:tip-protocol').")
    def instrument(self, info: Info, id: strawberry.ID) -> Instrument | None:
        return instrument(get_context(info).model, iri_from_id(id, "instrument"))

    @strawberry.field(
        description="Actors, filtered by kind (State, Body ...), by text in their names, by membership of an organisation (on asOf if given)."
    )
    def actors(
        self,
        info: Info,
        kind: list[str] | None = None,
        text: str | None = None,
        member_of: strawberry.ID | None = None,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Actor]:
        context = get_context(info)
        model = context.model
        found: list[r.ActorRecord] = list(model.actors.values())
        if member_of is not None:
            org = _require_actor(model, member_of)
            if as_of is None:
                members = {
                    model.memberships[m].member
                    for m in model.memberships_by_organization.get(org, [])
                }
            else:
                # Members on the day; the warning says when the roster is partial or older.
                members = set(rosters.members_on(model, org, as_of))
                context.warn(rosters.roster_coverage(model, org).warning(as_of))
            found = [a for a in found if a.iri in members]
        found = [
            a
            for a in found
            if (kind is None or a.kind in kind or any(k in a.types for k in kind))
            and _matches(text, a.label, a.short_name, a.iso2, a.iso3, *a.alt_names)
        ]
        found.sort(key=lambda a: ((a.label or a.iri).casefold(), a.iri))
        return paginate(found, Actor.from_record, first, after, context.page_sizes)

    @strawberry.field(
        description="Instruments, filtered by kind, by binding or not, by text in their names or identifiers."
    )
    def instruments(
        self,
        info: Info,
        kind: list[str] | None = None,
        binding: bool | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Instrument]:
        context = get_context(info)
        model = context.model
        found = [
            i
            for i in model.instruments.values()
            if (kind is None or i.kind in kind or any(k in i.types for k in kind))
            and (binding is None or i.binding is binding)
            and _matches(text, i.label, i.short_name, *i.alt_names, *(v for _, v in i.identifiers))
        ]
        found.sort(key=lambda i: ((i.short_name or i.label or i.iri).casefold(), i.iri))
        return paginate(found, Instrument.from_record, first, after, context.page_sizes)

    @strawberry.field(description="Cooperation agreements, programmes and joint operations.")
    def activities(
        self,
        info: Info,
        kind: list[str] | None = None,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Activity]:
        context = get_context(info)
        model = context.model
        found = [
            a
            for a in model.activities.values()
            if (kind is None or a.kind in kind) and _matches(text, a.label, a.short_name)
        ]
        found.sort(key=lambda a: (a.start or date.min, a.iri))
        return paginate(found, Activity.from_record, first, after, context.page_sizes)

    @strawberry.field(description="Every source document in the data.")
    def sources(
        self,
        info: Info,
        text: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Source]:
        context = get_context(info)
        model = context.model
        found = sorted(
            (s for s in model.sources.values() if _matches(text, s.title, s.address)),
            key=lambda s: (s.title or s.iri).casefold(),
        )
        return paginate(found, Source.from_record, first, after, context.page_sizes)

    @strawberry.field(
        description="Legal status of an actor in an instrument on asOf (default today), with its basis."
    )
    def binding(
        self,
        info: Info,
        actor: strawberry.ID,
        instrument: strawberry.ID,
        as_of: date | None = None,
    ) -> Binding:
        context = get_context(info)
        model, day = context.model, context.day(as_of)
        found = b.assess(
            model, _require_actor(model, actor), _require_instrument(model, instrument), day
        )
        return Binding.from_assessment(note_assessment(context, found))

    @strawberry.field(
        description="Is the actor bound by this provision on asOf? Reservations are taken into account."
    )
    def provision_binding(
        self,
        info: Info,
        actor: strawberry.ID,
        provision: strawberry.ID,
        as_of: date | None = None,
    ) -> ProvisionBinding:
        context = get_context(info)
        model = context.model
        prov = iri_from_id(provision, "provision")
        if prov not in model.provisions:
            raise NotFoundError(
                f"No provision with id '{provision}'.", "See instrument { provisions { id } }."
            )
        found = b.assess_provision(model, _require_actor(model, actor), prov, context.day(as_of))
        note_assessment(context, found.instrument_assessment)
        return ProvisionBinding.from_assessment(found)

    @strawberry.field(
        description="Gap analysis: participants bound by boundBy but not by notBoundBy on asOf."
    )
    def bound_by_but_not(
        self,
        info: Info,
        bound_by: strawberry.ID,
        not_bound_by: strawberry.ID,
        as_of: date | None = None,
    ) -> list[Binding]:
        context = get_context(info)
        model, day = context.model, context.day(as_of)
        first, second = (
            _require_instrument(model, bound_by),
            _require_instrument(model, not_bound_by),
        )
        note_coverage(context, first, day)
        note_coverage(context, second, day)
        result = []
        for a in b.assessments_for_instrument(model, first, day):
            if a.status is b.Status.BOUND:
                other = b.assess(model, a.actor, second, day)
                if other.status is not b.Status.BOUND:
                    result.append(Binding.from_assessment(note_assessment(context, other)))
        return result

    @strawberry.field(
        description="Status matrix: one row per actor, one binding per instrument, on asOf.",
        metadata=_MATRIX_COST.metadata(),
    )
    def binding_matrix(
        self,
        info: Info,
        actors: list[strawberry.ID],
        instruments: list[strawberry.ID],
        as_of: date | None = None,
    ) -> list[list[Binding]]:
        context = get_context(info)
        model, day = context.model, context.day(as_of)
        if len(actors) * len(instruments) > tables.MAX_MATRIX_CELLS:
            raise BadUserInputError(
                f"A {len(actors)} x {len(instruments)} matrix is too large.",
                f"Ask for at most {tables.MAX_MATRIX_CELLS:,} cells.",
            )
        actor_iris = [_require_actor(model, a) for a in actors]
        instrument_iris = [_require_instrument(model, i) for i in instruments]
        return [
            [
                Binding.from_assessment(note_assessment(context, b.assess(model, a, i, day)))
                for i in instrument_iris
            ]
            for a in actor_iris
        ]

    @strawberry.field(
        description="What a rating scheme (default the US TIP Report tiers) said of an actor in a report year, or why the data cannot tell."
    )
    def assessment(
        self, info: Info, actor: strawberry.ID, year: int, scheme: str = "tip-tiers"
    ) -> RatingAnswer:
        return rating_of(info, actor, scheme, year)

    @strawberry.field(description="The data set being served.")
    def data_version(self, info: Info) -> DataVersion:
        snapshot = get_context(info).snapshot
        return DataVersion(
            content_hash=snapshot.data.content_hash,
            loaded_at=snapshot.loaded_at,
            triple_count=snapshot.data.triple_count,
            file_count=len(snapshot.data.files),
            earliest_event=snapshot.earliest_event,
        )

    @strawberry.field(
        description=(
            "The actors an actor cooperates with, each with the evidence (agreements, joint "
            "operations, programmes, shared coordination bodies), dates and sources. Filter by "
            "evidence kinds, asOf or a [fromDate, toDate] window, and partner kinds (State, Body ...)."
        )
    )
    def cooperation(
        self,
        info: Info,
        actor: strawberry.ID,
        kinds: list[co.EvidenceKind] | None = None,
        as_of: date | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        partner_kinds: list[str] | None = None,
    ) -> list[CooperationPartner]:
        snapshot = get_context(info).snapshot
        found = co.cooperation_of(
            snapshot.model,
            snapshot.network,
            _require_actor(snapshot.model, actor),
            frozenset(kinds) if kinds else co.COOPERATION_KINDS,
            _window(as_of, from_date, to_date),
            frozenset(partner_kinds) if partner_kinds else None,
        )
        return [CooperationPartner(cooperation=c) for c in found]

    @strawberry.field(
        description=(
            "Shortest evidence paths between two actors (up to maxHops links; up to limit paths of "
            "that length), over cooperation, membership and part-of links; each hop with its evidence."
        ),
        metadata=_PATHS_COST.metadata(),
    )
    def connections(
        self,
        info: Info,
        source: strawberry.ID,
        target: strawberry.ID,
        max_hops: int = 4,
        limit: int = 5,
        kinds: list[co.EvidenceKind] | None = None,
        as_of: date | None = None,
    ) -> list[Path]:
        snapshot = get_context(info).snapshot
        if not 1 <= max_hops <= 6 or not 1 <= limit <= 50:
            raise BadUserInputError(
                f"maxHops={max_hops}, limit={limit} is out of range.",
                "Use maxHops 1-6 and limit 1-50.",
            )
        paths = co.paths_between(
            snapshot.model,
            snapshot.network,
            _require_actor(snapshot.model, source),
            _require_actor(snapshot.model, target),
            max_hops,
            limit,
            frozenset(kinds) if kinds else frozenset(co.EvidenceKind),
            _window(as_of, None, None),
        )
        return [Path.of([Hop(hop=h) for h in path]) for path in paths]

    @strawberry.field(
        description=(
            "A budgeted relationship map around focus nodes (actors, instruments, operations ...): "
            "nodes, edges, per-node counts of neighbours left out, and the same map as Cytoscape.js "
            "JSON and GraphML."
        ),
        metadata=_MAP_COST.metadata(),
    )
    def relationship_map(
        self,
        info: Info,
        focus: list[strawberry.ID],
        depth: int = 1,
        relations: list[LinkKind] | None = None,
        as_of: date | None = None,
        budget: int = 100,
    ) -> RelationshipMap:
        context = get_context(info)
        snapshot = context.snapshot
        if not 0 <= depth <= 4 or not 1 <= budget <= 2000 or not 1 <= len(focus) <= 50:
            raise BadUserInputError(
                f"depth={depth}, budget={budget}, {len(focus)} focus nodes is out of range.",
                "Use depth 0-4, budget 1-2000 and 1-50 focus nodes; expand nodes one at a time.",
            )
        hint = "Find ids with actors(text: ...)."
        iris = [_require(snapshot.model, node_id, NodeKind.NODE, hint) for node_id in focus]
        rmap = co.relationship_map(
            snapshot.network,
            iris,
            depth,
            budget,
            frozenset(relations) if relations else None,
            as_of,
            snapshot.labels,
        )
        nodes, edges = mapformats.views(snapshot.model, rmap, as_of)
        for edge in edges:
            context.warn(edge.warning)
        return RelationshipMap(node_views=nodes, edge_views=edges, truncated=rmap.truncated)


def _window(as_of: date | None, start: date | None, end: date | None) -> co.Window:
    if start is not None and end is not None and start > end:
        raise BadUserInputError(f"fromDate {start} is after toDate {end}.", "Swap the two dates.")
    return co.Window(as_of, start, end)
