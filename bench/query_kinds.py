"""The domain queries of the API, each answered three ways (four for some).

One function per query kind, registered with ``@query_kind``: it returns the
service's read path (``tkgraph.domain.binding``, ``tkgraph.domain.cooperation`` over the
snapshot, as the GraphQL resolvers call them), the dict baseline and the
rdflib SPARQL version, as zero-argument callables returning the same answer
(a small dict of counts). A way that cannot run (a module not written yet, a
signature that changed) is None and the row says why.

The service way reads only statuses and counts, as a document asking for
``status`` or ``boundCount`` does; where the answer carries explanations
(reasons, premises, evidence), the ``explained`` way makes the same call and
then reads every explanation field, as a document selecting them all does.
Its answer adds an ``explained`` count (the other ways have no such key, so
the agreement check compares the counts they share).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

from rdflib import Dataset, URIRef
from rdflib.plugins.sparql.sparql import Query

from bench import baseline_binding as bb
from bench import baseline_network as bn
from bench import sparql_network as sn
from bench.sparql import QUERY_DIR, count_rows, prepared
from tkgraph.domain import binding as b
from tkgraph.service.snapshot import Snapshot

Answer = dict[str, int]
Way = Callable[[], Answer]
# Relationship map: depth and node budget (the API's limits are 0-4 and 1-2000).
MAP_DEPTH, MAP_BUDGET = 2, 200
PATH_MAX_HOPS, PATH_LIMIT = 4, 5


@dataclass(frozen=True)
class Subjects:
    """The nodes the queries ask about (IRIs), from the data set's manifest."""

    as_of: date
    instrument_treaty: str
    instrument_members: str | None
    state: str
    actor_a: str
    path_from: str
    path_to: str


@dataclass
class Context:
    snapshot: Snapshot
    binding_index: bb.BindingIndex
    net_index: bn.NetIndex
    dataset: Dataset | None
    subjects: Subjects
    _prepared: dict[str, Query]
    _templates: dict[str, str]
    _texts: dict[str, str] = field(default_factory=dict)

    def query(self, name: str) -> Query:
        if name not in self._prepared:
            self._prepared[name] = prepared(name)
        return self._prepared[name]

    def sparql_text(self, name: str, as_of: date | None, iris: dict[str, str]) -> str:
        """The query with its parameters written in (Oxigraph substitutes only
        projected variables): the date and IRIs in place of ?asOf and the named
        variables, which the projection keeps as ``(<iri> AS ?name)``."""
        key = f"{name}|{as_of}|{sorted(iris.items())}"
        if key not in self._texts:
            text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
            head, body = text.split("WHERE", 1)
            if as_of is not None:
                body = re.sub(r"\?asOf\b", f'"{as_of.isoformat()}"^^xsd:date', body)
            for variable, iri in iris.items():
                head = re.sub(rf"\?{variable}\b", f"(<{iri}> AS ?{variable})", head)
                body = re.sub(rf"\?{variable}\b", f"<{iri}>", body)
            self._texts[key] = f"{head}WHERE{body}"
        return self._texts[key]

    def template(self, name: str) -> str:
        if name not in self._templates:
            self._templates[name] = sn.template(name)
        return self._templates[name]


@dataclass(frozen=True)
class QueryKind:
    key: str
    title: str
    service: Way | None
    baseline: Way | None
    rdflib: Way | None
    note: str = ""
    explained: Way | None = None
    # Key of an earlier row whose rdflib time this row reuses (same answer, too slow to repeat).
    rdflib_from: str | None = None
    # The same SPARQL as rdflib's, run by Oxigraph on the service's own store.
    oxigraph: Way | None = None


QUERY_KINDS: list[Callable[[Context], QueryKind]] = []


def query_kind(factory: Callable[[Context], QueryKind]) -> Callable[[Context], QueryKind]:
    QUERY_KINDS.append(factory)
    return factory


def _oxigraph(ctx: Context, name: str, as_of: date | None, **iris: str) -> int:
    """Run ``queries/<name>.rq`` on the snapshot's Oxigraph store (every named
    graph as the default graph) with ?asOf and the IRIs put in; count the rows."""
    store = ctx.snapshot.data.store
    found = store.query(ctx.sparql_text(name, as_of, iris), use_default_graph_as_union=True)
    return sum(1 for _ in found)  # type: ignore[union-attr]


def _rdflib(ctx: Context, way: Callable[[Dataset], Answer]) -> Way | None:
    dataset = ctx.dataset
    return None if dataset is None else (lambda: way(dataset))


# -- legal status ----------------------------------------------------------------------


def _explanation_size(assessment: b.Assessment) -> int:
    """Read every explanation field of an assessment (forcing it, were it lazy)."""
    size = len(assessment.reason) + sum(len(p.statement) for p in assessment.premises)
    last, warning = assessment.last_known, assessment.warning
    return size + (last is not None) + (warning is not None)


def _bound_parties(ctx: Context, instrument: str) -> tuple[Way, Way, Way | None, Way, Way]:
    model, idx, day = ctx.snapshot.model, ctx.binding_index, ctx.subjects.as_of

    def service() -> Answer:
        found = b.assessments_for_instrument(model, instrument, day)
        return {"bound": sum(1 for a in found if a.status is b.Status.BOUND)}

    def explained() -> Answer:
        found = list(b.assessments_for_instrument(model, instrument, day))
        return {
            "bound": sum(1 for a in found if a.status is b.Status.BOUND),
            "explained": sum(_explanation_size(a) for a in found),
        }

    def baseline() -> Answer:
        return {"bound": len(bb.bound_actors(idx, instrument, day))}

    def rdflib(ds: Dataset) -> Answer:
        return {"bound": count_rows(ds, ctx.query("bound_pairs"), day, instrument=instrument)}

    def oxigraph() -> Answer:
        return {"bound": _oxigraph(ctx, "bound_pairs", day, instrument=instrument)}

    return service, baseline, _rdflib(ctx, rdflib), explained, oxigraph


@query_kind
def bound_parties_treaty(ctx: Context) -> QueryKind:
    found = _bound_parties(ctx, ctx.subjects.instrument_treaty)
    service, baseline, rdflib, explained, oxigraph = found
    title = "bound parties of X as of D (treaty, by participation)"
    return QueryKind(
        "bound_treaty", title, service, baseline, rdflib, explained=explained, oxigraph=oxigraph
    )


@query_kind
def bound_parties_members(ctx: Context) -> QueryKind:
    title = "bound parties of X as of D (EU-style act, by membership)"
    instrument = ctx.subjects.instrument_members
    if instrument is None:
        return QueryKind("bound_members", title, None, None, None, "no such act in the data")
    service, baseline, rdflib, explained, oxigraph = _bound_parties(ctx, instrument)
    return QueryKind(
        "bound_members", title, service, baseline, rdflib, explained=explained, oxigraph=oxigraph
    )


@query_kind
def instruments_of(ctx: Context) -> QueryKind:
    model, idx = ctx.snapshot.model, ctx.binding_index
    actor, day = ctx.subjects.state, ctx.subjects.as_of

    def service() -> Answer:
        found = [b.assess(model, actor, i, day) for i in b.candidate_instruments(model, actor)]
        bound = sum(1 for a in found if a.status is b.Status.BOUND)
        return {"bound": bound, "candidates": len(found)}

    def explained() -> Answer:
        found = [b.assess(model, actor, i, day) for i in b.candidate_instruments(model, actor)]
        bound = sum(1 for a in found if a.status is b.Status.BOUND)
        size = sum(_explanation_size(a) for a in found)
        return {"bound": bound, "candidates": len(found), "explained": size}

    def baseline() -> Answer:
        found, candidates = bb.bound_instruments(idx, actor, day)
        return {"bound": len(found), "candidates": candidates}

    def rdflib(ds: Dataset) -> Answer:
        return {"bound": count_rows(ds, ctx.query("bound_pairs"), day, actor=actor)}

    def oxigraph() -> Answer:
        return {"bound": _oxigraph(ctx, "bound_pairs", day, actor=actor)}

    title = "instruments of S as of D (candidates + assess)"
    way = _rdflib(ctx, rdflib)
    return QueryKind(
        "instruments_of", title, service, baseline, way, explained=explained, oxigraph=oxigraph
    )


@query_kind
def obligations_of(ctx: Context) -> QueryKind:
    model, idx = ctx.snapshot.model, ctx.binding_index
    actor, day = ctx.subjects.state, ctx.subjects.as_of

    def service() -> Answer:
        found = b.obligations_of(model, actor, day)
        return {"bound": sum(1 for p in found if p.bound), "provisions": len(found)}

    def explained() -> Answer:
        found = b.obligations_of(model, actor, day)
        size = sum(
            len(p.reason) + len(p.reservation or "") + _explanation_size(p.instrument_assessment)
            for p in found
        )
        bound = sum(1 for p in found if p.bound)
        return {"bound": bound, "provisions": len(found), "explained": size}

    def baseline() -> Answer:
        bound, provisions = bb.obligations(idx, actor, day)
        return {"bound": bound, "provisions": provisions}

    def rdflib(ds: Dataset) -> Answer:
        return {"bound": count_rows(ds, ctx.query("obligations_of"), day, actor=actor)}

    def oxigraph() -> Answer:
        return {"bound": _oxigraph(ctx, "obligations_of", day, actor=actor)}

    title = "obligations of S as of D (provisions, reservations)"
    way = _rdflib(ctx, rdflib)
    return QueryKind(
        "obligations_of", title, service, baseline, way, explained=explained, oxigraph=oxigraph
    )


# -- cooperation (tkgraph.domain.cooperation) -------------------------------------------------


def _cooperation_module() -> tuple[ModuleType | None, str]:
    try:
        return importlib.import_module("tkgraph.domain.cooperation"), ""
    except ModuleNotFoundError as exc:
        return None, f"missing: {exc.name} not found"


def _network(ctx: Context) -> Any:
    return getattr(ctx.snapshot, "network", None)


@query_kind
def cooperation_of(ctx: Context) -> QueryKind:
    co, why = _cooperation_module()
    actor, title = ctx.subjects.actor_a, "cooperation of A (partners, all dates)"

    def service() -> Answer:
        assert co is not None
        return {"partners": len(co.cooperation_of(ctx.snapshot.model, _network(ctx), actor))}

    def explained() -> Answer:
        assert co is not None
        found = co.cooperation_of(ctx.snapshot.model, _network(ctx), actor)
        size = sum(len(e.records) + len(e.roles) + 1 for c in found for e in c.evidence)
        return {"partners": len(found), "explained": size}

    def baseline() -> Answer:
        return {"partners": bn.cooperation(ctx.net_index, actor)}

    def rdflib(ds: Dataset) -> Answer:
        rows = ds.query(ctx.query("cooperation_of"), initBindings={"actor": URIRef(actor)})
        return {"partners": sum(1 for _ in rows)}

    def oxigraph() -> Answer:
        return {"partners": _oxigraph(ctx, "cooperation_of", None, actor=actor)}

    if co is None:
        return QueryKind("cooperation_of", title, None, baseline, _rdflib(ctx, rdflib), why)
    way = _rdflib(ctx, rdflib)
    return QueryKind(
        "cooperation_of", title, service, baseline, way, why, explained, oxigraph=oxigraph
    )


@query_kind
def paths_between(ctx: Context) -> QueryKind:
    co, why = _cooperation_module()
    a, z = ctx.subjects.path_from, ctx.subjects.path_to
    title = f"paths A-B (shortest, max {PATH_MAX_HOPS} hops, up to {PATH_LIMIT})"

    def service() -> Answer:
        assert co is not None
        found = co.paths_between(
            ctx.snapshot.model, _network(ctx), a, z, max_hops=PATH_MAX_HOPS, limit=PATH_LIMIT
        )
        return {"hops": len(found[0]) if found else 0, "paths": len(found)}

    def baseline() -> Answer:
        hops, count = bn.shortest_paths(ctx.net_index, a, z, PATH_MAX_HOPS)
        return {"hops": hops, "paths": min(count, PATH_LIMIT)}

    def rdflib(ds: Dataset) -> Answer:
        hops, count = sn.shortest_paths(ds, ctx.template("path_neighbours"), a, z, PATH_MAX_HOPS)
        return {"hops": hops, "paths": min(count, PATH_LIMIT)}

    way = service if co is not None else None
    return QueryKind("paths_between", title, way, baseline, _rdflib(ctx, rdflib), why)


def _map_kind(ctx: Context, key: str, title: str, with_labels: bool) -> QueryKind:
    """The map as the resolver computes it (the snapshot's labels, built once per
    snapshot as the resolver uses them, the map, then its node and edge views),
    or the map alone; rdflib runs once, on the first row (its answer is the same)."""
    co, why = _cooperation_module()
    focus = ctx.subjects.actor_a
    service: Way | None = None
    if co is not None:
        formats = importlib.import_module("tkgraph.domain.mapformats")
        fixed = formats.labels(ctx.snapshot.model)

        def service() -> Answer:
            labels = ctx.snapshot.labels if with_labels else fixed
            found = co.relationship_map(
                _network(ctx), [focus], MAP_DEPTH, MAP_BUDGET, None, None, labels
            )
            if with_labels:
                nodes, edges = formats.views(ctx.snapshot.model, found, None)
                return {"nodes": len(nodes), "edges": len(edges)}
            return {"nodes": len(found.nodes), "edges": len(found.edges)}

    def baseline() -> Answer:
        nodes, edges = bn.relationship_map(ctx.net_index, focus, MAP_DEPTH, MAP_BUDGET)
        return {"nodes": nodes, "edges": edges}

    def rdflib(ds: Dataset) -> Answer:
        text = ctx.template("map_links")
        nodes, edges = sn.relationship_map(ds, text, focus, MAP_DEPTH, MAP_BUDGET)
        return {"nodes": nodes, "edges": edges}

    if with_labels:
        return QueryKind(key, title, service, baseline, _rdflib(ctx, rdflib), why)
    return QueryKind(key, title, service, baseline, None, why, rdflib_from="relationship_map")


@query_kind
def relationship_map(ctx: Context) -> QueryKind:
    title = f"relationship map of A (depth {MAP_DEPTH}, budget {MAP_BUDGET}; as the resolver: map + node and edge views)"
    return _map_kind(ctx, "relationship_map", title, with_labels=True)


@query_kind
def relationship_map_core(ctx: Context) -> QueryKind:
    title = "relationship map of A (cooperation.relationship_map alone, labels built once)"
    return _map_kind(ctx, "relationship_map_core", title, with_labels=False)
