"""The read model: domain records and indexes built from the graph in one pass.

GraphQL resolvers answer from these dicts, never by running SPARQL per field
(a dict lookup is one to two orders of magnitude cheaper than a SPARQL query,
see bench/). The graph stays the source of truth; the
read model is rebuilt whole from it on every load or reload.

build() reads the store once; each node's properties are read by term_reader,
its record made by record_builders, and the indexes filled by indexes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from sys import intern

import pyoxigraph as ox

from tkgraph.model import records as r
from tkgraph.model.indexes import index
from tkgraph.model.record_builders import RecordBuilder, builder_for
from tkgraph.model.term_reader import TK_PREFIX, TYPE, Props, TermReader


@dataclass
class ReadModel:
    """Every node by IRI, plus the indexes the API needs."""

    nodes: dict[str, r.NodeRecord] = field(default_factory=dict)
    actors: dict[str, r.ActorRecord] = field(default_factory=dict)
    instruments: dict[str, r.InstrumentRecord] = field(default_factory=dict)
    participations: dict[str, r.ParticipationRecord] = field(default_factory=dict)
    memberships: dict[str, r.MembershipRecord] = field(default_factory=dict)
    sources: dict[str, r.SourceRecord] = field(default_factory=dict)
    rules: dict[str, r.EntryIntoForceRuleRecord] = field(default_factory=dict)
    provisions: dict[str, r.ProvisionRecord] = field(default_factory=dict)
    statements: dict[str, r.StatementRecord] = field(default_factory=dict)
    positions: dict[str, r.PositionRecord] = field(default_factory=dict)
    activities: dict[str, r.ActivityRecord] = field(default_factory=dict)
    involvements: dict[str, r.InvolvementRecord] = field(default_factory=dict)
    figures: dict[str, r.FigureRecord] = field(default_factory=dict)
    participant_lists: dict[str, r.ParticipantListRecord] = field(default_factory=dict)
    suspensions: dict[str, r.SuspensionRecord] = field(default_factory=dict)
    rosters: dict[str, r.RosterRecord] = field(default_factory=dict)
    ratings: dict[str, r.RatingRecord] = field(default_factory=dict)
    rating_lists: dict[str, r.RatingListRecord] = field(default_factory=dict)
    rating_values: dict[str, r.RatingValueRecord] = field(default_factory=dict)
    rating_schemes: dict[str, r.RatingSchemeRecord] = field(default_factory=dict)

    participations_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    participations_by_participant: dict[str, list[str]] = field(default_factory=dict)
    participation_by_pair: dict[tuple[str, str], str] = field(default_factory=dict)
    memberships_by_member: dict[str, list[str]] = field(default_factory=dict)
    memberships_by_organization: dict[str, list[str]] = field(default_factory=dict)
    parts_by_organization: dict[str, list[str]] = field(default_factory=dict)
    successors_by_state: dict[str, list[str]] = field(default_factory=dict)
    provisions_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    statements_by_participation: dict[str, list[str]] = field(default_factory=dict)
    positions_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    involvements_by_activity: dict[str, list[str]] = field(default_factory=dict)
    involvements_by_actor: dict[str, list[str]] = field(default_factory=dict)
    agreements_by_party: dict[str, list[str]] = field(default_factory=dict)
    figures_by_subject: dict[str, list[str]] = field(default_factory=dict)
    participant_lists_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    rosters_by_organization: dict[str, list[str]] = field(default_factory=dict)
    instruments_binding_members_of: dict[str, list[str]] = field(default_factory=dict)
    related_instruments: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (actor, scheme, report year) -> tk:Assessment; (scheme, year) -> rating lists
    rating_by_key: dict[tuple[str, str, int], str] = field(default_factory=dict)
    rating_lists_by_year: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # The named graph(s) each subject's triples came from (for "which file").
    graphs_by_subject: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Problems met while building (a date that is not a date ...).
    problems: list[str] = field(default_factory=list)
    # The number of quads it was built from (the store's size, without a second pass).
    quad_count: int = 0

    def display_label(self, iri: str) -> str:
        """A node's display label: short name, else label, else IRI (reasons, maps)."""
        node = self.nodes.get(iri)
        return str(getattr(node, "short_name", None) or (node.label if node else None) or iri)

    # Per-instrument coverage (tkgraph.domain.coverage), computed on first use: the
    # model is immutable once built, so each answer is computed once.
    coverage_cache: dict[str, object] = field(default_factory=dict)
    # Participation -> the newest date the data show its state (coverage.record_known_until),
    # computed on first use for the same reason.
    known_until_cache: dict[str, date | None] = field(default_factory=dict)
    # Instrument -> its status timelines (tkgraph.domain.status_timelines), built
    # once per data version and saved with the model.
    timeline_cache: dict[str, object] = field(default_factory=dict)


def build(store: ox.Store) -> ReadModel:
    """Build the read model from every quad of the store, in one pass.

    One iteration over the store is the cheapest way to read it from Python:
    per predicate (quads_for_pattern), per graph, one SPARQL SELECT per class
    or a dump parsed back all measured as slow or slower (bench/), since the
    cost is the Python object for each term, which they all create too.
    """
    by_subject: dict[str, Props] = {}
    graphs: dict[str, set[str]] = defaultdict(set)
    graph_names: dict[str, str] = {}
    named = ox.NamedNode
    count = 0
    last_subject = None
    props: Props = {}
    for count, quad in enumerate(store, 1):  # noqa: B007 (the count is read after the loop)
        subject_term = quad.subject
        if type(subject_term) is not named:
            continue
        subject = subject_term.value
        # The store gives a subject's quads one after another: one lookup per run.
        if subject != last_subject:
            # Interned, like every IRI the records hold (term_reader): an IRI
            # is then one string, shared by every record and index naming it.
            last_subject = intern(subject)
            found = by_subject.get(last_subject)
            if found is None:
                found = by_subject[last_subject] = {}
            props = found
        predicate = quad.predicate.value
        values = props.get(predicate)
        if values is None:
            props[predicate] = [quad.object]
        else:
            values.append(quad.object)
        graph = quad.graph_name
        if type(graph) is named:
            name = graph.value
            graphs[last_subject].add(graph_names.setdefault(name, name))
    model = ReadModel(graphs_by_subject=_shared_graph_tuples(graphs))
    _read_records(by_subject, model)
    index(model)
    model.quad_count = count
    return model


def _shared_graph_tuples(graphs: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Each subject's graphs, sorted; subjects in the same graphs share one tuple."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    found: dict[str, tuple[str, ...]] = {}
    for subject, names in graphs.items():
        key = tuple(sorted(names))
        found[subject] = shared.setdefault(key, key)
    return found


def _read_records(by_subject: dict[str, Props], model: ReadModel) -> None:
    """Each node's record, by the first class in record_builders._BUILDERS it is
    an instance of (term_reader reads its properties)."""
    reader = TermReader(by_subject, model.problems)
    builders: dict[tuple[str, ...], RecordBuilder | None] = {}
    for subject, props in by_subject.items():
        types = reader.iris(props, TYPE)
        tk_types = tuple(t for t in types if t.startswith(TK_PREFIX))
        if not tk_types:
            continue
        if tk_types not in builders:
            builders[tk_types] = builder_for(reader, tk_types)
        build_record = builders[tk_types]
        if build_record is None:
            continue
        record = build_record(
            reader, model, subject, props, tk_types, reader.common(subject, props, tk_types)
        )
        if record is not None:
            model.nodes[subject] = record
