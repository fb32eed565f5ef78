"""Build the graphs of imported tables: tk:Source, tk:ParticipantList,
tk:Participation and tk:ParticipationStatement nodes.

The builders take parsed rows and the name lookup of :mod:`tkgraph.importers.names`
and return an rdflib Graph; they neither read nor write files.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from tkgraph.errors import DataError
from tkgraph.importers.names import check_notes, match_names, normalize_name
from tkgraph.importers.turtle import new_graph
from tkgraph.importers.untc_csv import DepositaryRow, clean
from tkgraph.model.partial_date import PartialDate
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, id_for_iri, iri_for, kind_of

__all__ = [
    "CONSENT_KINDS",
    "DeclarationsImport",
    "ListSpec",
    "ParticipationNote",
    "PartyCount",
    "StatementKind",
    "StatementNote",
    "TableSource",
    "add_participant_list",
    "add_source",
    "build_declarations_graph",
    "build_participation_graph",
    "check_party_count",
    "check_slug",
    "classify_statement",
    "consents_on",
    "local_name",
]

StatementKind = TypingLiteral["reservation", "declaration"]

#: Consent kind -> the tk:ConsentKind concept.
CONSENT_KINDS: dict[str, URIRef] = {
    "ratification": TK.ratification,
    "accession": TK.accession,
    "acceptance": TK.acceptance,
    "approval": TK.approval,
    "succession": TK.succession,
    "definitive signature": TK.definitiveSignature,
    "participation through the amending protocol": TK.participationThroughProtocol,
}


@dataclass(frozen=True)
class TableSource:
    """The table (or text) a graph is imported from; becomes a tk:Source node."""

    slug: str
    title: str
    address: str
    as_of: date
    note: str | None = None
    is_secondary: bool = False


@dataclass(frozen=True)
class ParticipationNote:
    """A caveat about one row, written as tk:note on its participation.

    ``unverified`` also marks the participation ``tk:verification tk:unverified``
    (the table says it, but other sources cast doubt on it); each of
    ``alternatives`` is a tk:alternativeValue sentence naming what another source
    gives ("the XVIII-12-b table flags the same date 'a' (accession)").
    """

    note: str
    unverified: bool = False
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatementNote:
    """Curation of one imported statement: its kind when the keyword test
    (:func:`classify_statement`) gets it wrong, a tk:note, an unverified mark,
    the provisions it excludes (tk:excludesProvision) and those it concerns
    (tk:concernsProvision). Link only provisions that exist in the data."""

    kind: StatementKind | None = None
    note: str | None = None
    unverified: bool = False
    excludes: tuple[URIRef, ...] = ()
    concerns: tuple[URIRef, ...] = ()


@dataclass(frozen=True)
class DeclarationsImport:
    """The graph of imported statements and the headings that had no text."""

    graph: Graph
    skipped_empty: tuple[str, ...]


@dataclass(frozen=True)
class PartyCount:
    """A dated party count that a complete list was checked against; becomes a
    tk:Figure (tk:measure tk:partyCount) linked by tk:checkedAgainst."""

    count: int
    as_of: date
    source: URIRef  # a tk:Source declared in this graph or elsewhere in the seed
    # A tk:Figure that already states this count (hand-written): linked, not repeated.
    figure: URIRef | None = None


@dataclass(frozen=True)
class ListSpec:
    """The tk:ParticipantList that an imported table is (``list:<local>``)."""

    local: str  # "<instrument slug>.<table>", e.g. "tip-protocol.untc"
    label: str
    as_of: date | None  # None only for a partial list whose pages give no date
    complete: bool
    sources: tuple[URIRef, ...]
    checked_against: PartyCount | None = None
    # The complete list this one brings up to date (a table of changes since it).
    extends: URIRef | None = None
    note: str | None = None


def consents_on(graph: Graph, nodes: Collection[Node], day: date) -> int:
    """How many of the participation ``nodes`` have consented on or before ``day``
    and not left by then (a denunciation effective on or before it). A consent
    known to the year or month counts when that whole period ends by ``day``;
    an effective date that is only a year or month counts when it begins by then."""
    count = 0
    for node in nodes:
        consent = graph.value(node, TK.consentDate)
        if not isinstance(consent, Literal) or _latest(consent) > day:
            continue
        left = graph.value(node, TK.denunciationEffectiveDate)
        if isinstance(left, Literal) and _earliest(left) <= day:
            continue
        count += 1
    return count


def check_party_count(spec: ListSpec, consents: int) -> None:
    """Refuse to call a list complete when its rows disagree with the party count
    it names: ``consents`` is the number of participants with consent on the
    count's date (:func:`consents_on`), over the list and any list it extends."""
    count = spec.checked_against
    if count is not None and consents != count.count:
        raise DataError(
            f"list:{spec.local}: {consents} participant(s) have consented by "
            f"{count.as_of.isoformat()}, but the party count it is checked against is "
            f"{count.count}.",
            "Find the missing or extra rows, or declare the list partial (no checked count).",
        )


def _bounds(value: Literal) -> tuple[date, date]:
    """The first and last possible day of an xsd:date, xsd:gYearMonth or xsd:gYear."""
    found = PartialDate.parse(str(value))
    return found.first, found.last


def _earliest(value: Literal) -> date:
    return _bounds(value)[0]


def _latest(value: Literal) -> date:
    return _bounds(value)[1]


def add_participant_list(
    graph: Graph, spec: ListSpec, instrument_slug: str, participations: Collection[Node]
) -> URIRef:
    """Add ``list:<spec.local>`` (and the tk:Figure it was checked against) to
    ``graph`` and link every participation to it with tk:inList.

    The caller checks the count first (:func:`check_party_count`)."""
    node = iri_for("list", spec.local)
    instrument = iri_for("instrument", instrument_slug)
    graph.add((node, RDF.type, TK.ParticipantList))
    graph.add((node, RDFS.label, Literal(clean(spec.label))))
    graph.add((node, TK.listOf, instrument))
    if spec.as_of is not None:
        graph.add((node, TK.asOfDate, Literal(spec.as_of)))
    elif spec.complete:
        raise DataError(
            f"list:{spec.local} is complete but has no as-of date.",
            "A census is complete as of a date: give the date of the table.",
        )
    graph.add((node, TK.completeness, TK.complete if spec.complete else TK.partial))
    for source in spec.sources:
        graph.add((node, DCTERMS.source, source))
    if spec.note:
        graph.add((node, TK.note, Literal(clean(spec.note))))
    if spec.extends is not None:
        graph.add((node, TK.extendsList, spec.extends))
    for participation in participations:
        graph.add((participation, TK.inList, node))
    count = spec.checked_against
    if count is not None:
        if not spec.complete:
            raise DataError(
                f"list:{spec.local} is partial but names a party count to check it against.",
                'A count checks a complete list: say completeness = "complete" or drop the count.',
            )
        if count.figure is not None:
            graph.add((node, TK.checkedAgainst, count.figure))
            return node
        figure = iri_for("figure", f"{spec.local}.party-count")
        graph.add((figure, RDF.type, TK.Figure))
        graph.add(
            (figure, RDFS.label, Literal(f"Party count that list:{spec.local} was checked against"))
        )
        graph.add((figure, TK.figureOf, instrument))
        graph.add((figure, TK.measure, TK.partyCount))
        graph.add((figure, TK.value, Literal(count.count)))
        graph.add((figure, TK.asOfDate, Literal(count.as_of)))
        graph.add((figure, DCTERMS.source, count.source))
        graph.add((node, TK.checkedAgainst, figure))
    return node


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def check_slug(slug: str, what: str) -> None:
    if not _SLUG.fullmatch(slug):
        raise DataError(
            f"The {what} slug {slug!r} is not lowercase-kebab.",
            "Use lowercase letters, digits and single hyphens (e.g. 'tip-protocol').",
        )


def local_name(actor: URIRef) -> str:
    if kind_of(str(actor)) is None:
        raise DataError(
            f"Actor {actor} is not a tkgraph instance IRI.",
            "Give every actor an IRI of the form state:<ISO2> or organization:<slug>.",
        )
    return id_for_iri(str(actor)).partition(":")[2]


def add_source(graph: Graph, source: TableSource) -> URIRef:
    check_slug(source.slug, "source")
    node = iri_for("source", source.slug)
    graph.add((node, RDF.type, TK.Source))
    graph.add((node, DCTERMS.title, Literal(clean(source.title))))
    graph.add((node, TK.address, Literal(source.address, datatype=XSD.anyURI)))
    graph.add((node, TK.asOfDate, Literal(source.as_of)))
    if source.note:
        graph.add((node, TK.note, Literal(clean(source.note))))
    if source.is_secondary:
        graph.add((node, TK.isSecondary, Literal(True)))
    return node


def _participant_label(name: str, actor: URIRef, labels: Mapping[URIRef, str] | None) -> str:
    return labels.get(actor, name) if labels is not None else name


def _in_instrument(instrument_slug: str, instrument_name: str | None) -> str:
    return f"the {instrument_name}" if instrument_name else instrument_slug


def _add_row_dates(graph: Graph, node: URIRef, row: DepositaryRow) -> None:
    if row.signature is not None:
        graph.add((node, TK.signatureDate, Literal(row.signature)))
    if row.consent is not None:
        graph.add((node, TK.consentKind, CONSENT_KINDS[row.consent_kind or "ratification"]))
        graph.add((node, TK.consentDate, Literal(row.consent)))
    if row.entry_into_force is not None:
        graph.add((node, TK.entryIntoForceForParticipant, Literal(row.entry_into_force)))
    if row.denunciation is not None:
        graph.add((node, TK.denunciationDate, Literal(row.denunciation)))


def build_participation_graph(
    rows: Sequence[DepositaryRow],
    *,
    instrument_slug: str,
    names: Mapping[str, URIRef],
    source: TableSource,
    copy: TableSource | None = None,
    labels: Mapping[URIRef, str] | None = None,
    instrument_name: str | None = None,
    notes: Mapping[str, ParticipationNote] | None = None,
    participant_list: ListSpec | None = None,
) -> Graph:
    """One ``participation:<instrument>.<ISO2 or org slug>`` per row, plus the
    tk:Source of the table.

    ``labels`` (from :func:`actor_labels`) and ``instrument_name`` (from
    :func:`instrument_short_name`) make the labels read "France in the
    Trafficking in Persons Protocol"; without them the table's name and the
    slug are used. ``notes`` adds caveats to rows, keyed by the table's name.
    ``participant_list`` adds the tk:ParticipantList the table is (its sources
    are the table's tk:Source when it names none) and tk:inList on every row.
    ``copy`` is the file the table was read from when that is a copy of the
    depositary's page (a repository, path and commit): rows and list cite both.
    """
    check_slug(instrument_slug, "instrument")
    notes = notes or {}
    table_names = [row.participant_name for row in rows]
    check_notes(notes, table_names, "noted participant")
    actors = match_names(table_names, names, source.title)
    notes_by_key = {normalize_name(k): v for k, v in notes.items()}

    graph = new_graph()
    source_node = add_source(graph, source)
    cited = (source_node,) if copy is None else (source_node, add_source(graph, copy))
    instrument = iri_for("instrument", instrument_slug)
    for row in rows:
        actor = actors[row.participant_name]
        node = iri_for("participation", f"{instrument_slug}.{local_name(actor)}")
        label = _participant_label(row.participant_name, actor, labels)
        graph.add((node, RDF.type, TK.Participation))
        where = _in_instrument(instrument_slug, instrument_name)
        graph.add((node, RDFS.label, Literal(f"{label} in {where}")))
        graph.add((node, TK.participant, actor))
        graph.add((node, TK.participationIn, instrument))
        _add_row_dates(graph, node, row)
        note = notes_by_key.get(normalize_name(row.participant_name))
        if note is not None:
            graph.add((node, TK.note, Literal(clean(note.note))))
            if note.unverified:
                graph.add((node, TK.verification, TK.unverified))
            for alternative in note.alternatives:
                graph.add((node, TK.alternativeValue, Literal(clean(alternative))))
        graph.add((node, TK.sourceTable, source_node))
        for cited_source in cited:
            graph.add((node, DCTERMS.source, cited_source))
    if participant_list is not None:
        spec = participant_list
        if not spec.sources:
            spec = replace(spec, sources=cited)
        nodes = set(graph.subjects(RDF.type, TK.Participation))
        if spec.checked_against is not None:
            check_party_count(spec, consents_on(graph, nodes, spec.checked_against.as_of))
        add_participant_list(graph, spec, instrument_slug, nodes)
    return graph


_RESERVATION = re.compile(r"does not consider itself bound|\breservations?\b", re.IGNORECASE)


def classify_statement(text: str) -> StatementKind:
    """Classify a statement by keywords: "reservation" when the text excludes a
    provision (it says "does not consider itself bound by" or speaks of a
    reservation), else "declaration". Curate exceptions with :class:`StatementNote`."""
    return "reservation" if _RESERVATION.search(text) else "declaration"


def build_declarations_graph(
    declarations: Sequence[tuple[str, str]],
    *,
    instrument_slug: str,
    names: Mapping[str, URIRef],
    source: TableSource,
    labels: Mapping[URIRef, str] | None = None,
    instrument_name: str | None = None,
    notes: Mapping[str, StatementNote] | None = None,
    known_participations: Collection[Node] | None = None,
) -> DeclarationsImport:
    """One ``statement:<instrument>.<ISO2 or org slug>`` per heading with text,
    typed tk:Reservation or tk:InterpretativeDeclaration (:func:`classify_statement`,
    or the ``kind`` of its :class:`StatementNote`), ``tk:statementOn`` its
    participation. Headings without text are skipped and returned. When
    ``known_participations`` is given, a statement on a participation that is not
    in it is an error."""
    check_slug(instrument_slug, "instrument")
    notes = notes or {}
    check_notes(notes, [name for name, _ in declarations], "noted statement")
    with_text = [(name, text) for name, text in declarations if text.strip()]
    skipped = tuple(name for name, text in declarations if not text.strip())
    actors = match_names([name for name, _ in with_text], names, source.title)
    notes_by_key = {normalize_name(k): v for k, v in notes.items()}

    graph = new_graph()
    source_node = add_source(graph, source)
    missing: list[str] = []
    for name, text in with_text:
        actor = actors[name]
        local = f"{instrument_slug}.{local_name(actor)}"
        participation = iri_for("participation", local)
        if known_participations is not None and participation not in known_participations:
            missing.append(name)
        note = notes_by_key.get(normalize_name(name), StatementNote())
        kind = note.kind or classify_statement(text)
        if note.excludes and kind != "reservation":
            raise DataError(
                f"The statement of {name!r} excludes provisions but is not a reservation.",
                "Only a reservation can exclude provisions: set kind='reservation'.",
            )
        node = iri_for("statement", local)
        label = _participant_label(name, actor, labels)
        what = "reservation to" if kind == "reservation" else "declaration on"
        cls = TK.Reservation if kind == "reservation" else TK.InterpretativeDeclaration
        where = _in_instrument(instrument_slug, instrument_name)
        graph.add((node, RDF.type, cls))
        graph.add((node, RDFS.label, Literal(f"{label}: {what} {where}")))
        graph.add((node, TK.statementOn, participation))
        graph.add((node, TK.statementText, Literal(text)))
        for provision in note.excludes:
            graph.add((node, TK.excludesProvision, provision))
        for provision in note.concerns:
            graph.add((node, TK.concernsProvision, provision))
        if note.note:
            graph.add((node, TK.note, Literal(clean(note.note))))
        if note.unverified:
            graph.add((node, TK.verification, TK.unverified))
        graph.add((node, DCTERMS.source, source_node))
    if missing:
        raise DataError(
            f"'{source.title}': no participation for {', '.join(map(repr, missing))} in "
            f"{instrument_slug}.",
            "Import the participation table of the instrument first.",
        )
    return DeclarationsImport(graph, skipped)
