"""Import UN Treaty Collection (UNTC) participation tables into Turtle.

A UNTC participation table (as scraped by ``zmjones/untreaties``) is a CSV
file with the columns ``Participant``, ``Signature`` and one consent column
whose dates look like ``12 Dec 2000`` and may end with a flag: `` a``
accession, `` A`` acceptance, `` AA`` approval, `` d`` succession, none
ratification. Participant names may carry trailing footnote digits.

The steps, each a plain function that the CLI (``tkgraph import untc``) and
scripts call:

1. :func:`read_untc_table` parses the CSV into :class:`UntcRow` records;
2. :func:`actor_names` maps every name of every actor in the seed data
   (``rdfs:label`` and ``tk:altName``, normalised) to its IRI;
3. :func:`build_participation_graph` turns the rows into one
   ``tk:Participation`` per row plus the ``tk:Source`` of the table, and
   refuses to drop a row: every unmatched name is reported at once;
4. :func:`write_participation_file` writes deterministic Turtle and reports
   what changed compared with the file it replaces.

:func:`read_untc_declarations` and :func:`build_declarations_graph` do the
same for the reservations and declarations texts (``#Country`` headings).

This module neither prints nor exits: it returns values or raises
:class:`~tkgraph.errors.TkgraphError` subclasses.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from tkgraph.errors import DataError, UnmatchedNamesError
from tkgraph.vocab import DCTERMS, RDF, RDFS, TK, XSD, id_for_iri, iri_for, kind_of

__all__ = [
    "CONSENT_KINDS",
    "DeclarationsImport",
    "FieldChange",
    "ImportChanges",
    "ParticipationNote",
    "StatementKind",
    "StatementNote",
    "TableSource",
    "UntcRow",
    "actor_labels",
    "actor_names",
    "build_declarations_graph",
    "build_participation_graph",
    "classify_statement",
    "instrument_short_name",
    "normalize_name",
    "parse_consent",
    "parse_signature",
    "read_untc_declarations",
    "read_untc_table",
    "strip_footnotes",
    "to_turtle",
    "write_participation_file",
]

# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------

ConsentKind = TypingLiteral["ratification", "accession", "acceptance", "approval", "succession"]
StatementKind = TypingLiteral["reservation", "declaration"]

#: UNTC flag after a consent date -> consent kind.
_FLAGS: dict[str, ConsentKind] = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}

#: Consent kind -> the tk:ConsentKind concept.
CONSENT_KINDS: dict[str, URIRef] = {
    "ratification": TK.ratification,
    "accession": TK.accession,
    "acceptance": TK.acceptance,
    "approval": TK.approval,
    "succession": TK.succession,
}


@dataclass(frozen=True)
class UntcRow:
    """One participant row of a UNTC participation table."""

    participant_name: str
    signature: date | None
    consent: date | None
    # "ratification" | "accession" | "acceptance" | "approval" | "succession", or None
    consent_kind: str | None


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
    (the table says it, but other sources cast doubt on it).
    """

    note: str
    unverified: bool = False


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
class FieldChange:
    """One property of one node whose values differ between two versions."""

    node: str  # API id, e.g. "participation:tip-protocol.FR"
    field: str  # prefixed name, e.g. "tk:consentDate"
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class ImportChanges:
    """What writing a generated file changed compared with the file it replaced."""

    path: Path
    created: bool  # the file did not exist before
    added: tuple[str, ...]  # API ids of nodes that are new
    removed: tuple[str, ...]  # API ids of nodes that are gone
    changed: tuple[FieldChange, ...]  # field-level changes of kept nodes

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.added or self.removed or self.changed)


# --------------------------------------------------------------------------
# Reading tables
# --------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "sept",
}  # fmt: skip
_DATE = re.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Za-z]{3,9})\.? (?P<year>\d{4})")
_CONSENT = re.compile(_DATE.pattern + r"(?: (?P<flag>AA|A|a|d))?")
_FOOTNOTES = re.compile(r"\s*\d+(?:\s*,\s*\d+)*$")

_DATE_HINT = (
    "UNTC dates look like '12 Dec 2000'; a consent date may end with ' a', ' A', ' AA' "
    "or ' d'. Fix the cell or the table."
)


def _clean(cell: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space."""
    return " ".join(cell.split())


def strip_footnotes(name: str) -> str:
    """``"France 3"`` or ``"France3, 4"`` -> ``"France"``."""
    return _FOOTNOTES.sub("", _clean(name))


def _to_date(m: re.Match[str], where: str, cell: str) -> date:
    month_word = m["month"].lower()
    if len(month_word) > 3 and month_word not in _MONTH_NAMES:
        raise DataError(f"{where}: unknown month in date {cell!r}.", _DATE_HINT)
    month = _MONTHS.get(month_word[:3])
    if month is None:
        raise DataError(f"{where}: unknown month in date {cell!r}.", _DATE_HINT)
    try:
        return date(int(m["year"]), month, int(m["day"]))
    except ValueError as e:
        raise DataError(f"{where}: impossible date {cell!r} ({e}).", _DATE_HINT) from None


def parse_signature(cell: str, where: str) -> date | None:
    """A signature cell: empty or a plain date."""
    text = _clean(cell)
    if not text:
        return None
    m = _DATE.fullmatch(text)
    if m is None:
        raise DataError(f"{where}: malformed signature date {cell!r}.", _DATE_HINT)
    return _to_date(m, where, cell)


def parse_consent(cell: str, where: str) -> tuple[date | None, ConsentKind | None]:
    """A consent cell: empty, or a date with an optional consent-kind flag."""
    text = _clean(cell)
    if not text:
        return None, None
    m = _CONSENT.fullmatch(text)
    if m is None:
        raise DataError(f"{where}: malformed consent date {cell!r}.", _DATE_HINT)
    return _to_date(m, where, cell), _FLAGS[m["flag"] or ""]


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise DataError(
            f"Cannot read {what} '{path}': {e.strerror or e}.", "Check the path."
        ) from None
    except UnicodeDecodeError as e:
        raise DataError(
            f"{what.capitalize()} '{path}' is not UTF-8 ({e.reason} at byte {e.start}).",
            "Save the file as UTF-8.",
        ) from None


def _header_columns(header: list[str], path: Path) -> tuple[int, int, int]:
    cols = [_clean(c).casefold() for c in header]
    if len(cols) != 3 or "participant" not in cols or "signature" not in cols:
        raise DataError(
            f"{path}:1: expected the columns Participant, Signature and a consent column; "
            f"found {header!r}.",
            "Use a UNTC participation table (the format of zmjones/untreaties treaties/*.csv).",
        )
    p, s = cols.index("participant"), cols.index("signature")
    (c,) = {0, 1, 2} - {p, s}
    return p, s, c


def read_untc_table(path: Path) -> list[UntcRow]:
    """Parse a UNTC participation table; raise DataError (with file:line) on a bad row."""
    reader = csv.reader(io.StringIO(_read_text(path, "UNTC table"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"UNTC table '{path}' is empty.", "Use a non-empty table.") from None
    except csv.Error as e:
        raise DataError(f"{path}:1: {e}.", "Fix the CSV header.") from None
    p, s, c = _header_columns(header, path)
    rows: list[UntcRow] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise DataError(f"{path}:{reader.line_num}: {e}.", "Fix the CSV quoting.") from None
        where = f"{path}:{reader.line_num}"
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != 3:
            raise DataError(
                f"{where}: expected 3 cells, found {len(cells)}: {cells!r}.",
                "Quote cells that contain commas.",
            )
        name = strip_footnotes(cells[p])
        if not name:
            raise DataError(f"{where}: the participant name is empty.", "Fill in the name.")
        signature = parse_signature(cells[s], where)
        consent, kind = parse_consent(cells[c], where)
        if signature is None and consent is None:
            raise DataError(
                f"{where}: {name!r} has neither a signature nor a consent date.",
                "Remove the row or fill in its dates.",
            )
        rows.append(UntcRow(name, signature, consent, kind))
    return rows


def read_untc_declarations(path: Path) -> list[tuple[str, str]]:
    """Parse a declarations text: ``#Country`` heading lines, each followed by the
    text of its reservations and declarations. Returns ``(name, text)`` pairs in
    file order; ``text`` is ``""`` for a heading without text."""
    found: list[tuple[str, list[str]]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(_read_text(path, "declarations file").splitlines(), 1):
        if line.startswith("#"):
            name = strip_footnotes(line[1:])
            if not name:
                raise DataError(f"{path}:{number}: empty '#' heading.", "Write '#Country'.")
            key = normalize_name(name)
            if key in seen:
                raise DataError(
                    f"{path}:{number}: heading {name!r} repeats line {seen[key]}.",
                    "Merge the two texts under one heading.",
                )
            seen[key] = number
            found.append((name, []))
        elif line.strip():
            if not found:
                raise DataError(
                    f"{path}:{number}: text before the first '#Country' heading.",
                    "Start the file with a '#Country' heading.",
                )
            found[-1][1].append(line.strip())
    return [(name, "\n".join(lines)) for name, lines in found]


# --------------------------------------------------------------------------
# Matching names to actors
# --------------------------------------------------------------------------

_ACTOR_CLASSES = (
    TK.State,
    TK.Organization,
    TK.InternationalOrganization,
    TK.RegionalOrganization,
    TK.REIO,
    TK.Body,
    TK.CoordinationBody,
)
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def normalize_name(name: str) -> str:
    """The matching key of a name: no accents, one kind of apostrophe and dash,
    case-folded, single spaces, no leading "the" ("Côte d’Ivoire" and
    "cote d'ivoire" give the same key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = " ".join(text.translate(_APOSTROPHES).translate(_DASHES).split()).casefold()
    return text.removeprefix("the ")


def _actors(graph: Graph) -> list[URIRef]:
    found = {s for cls in _ACTOR_CLASSES for s in graph.subjects(RDF.type, cls)}
    return sorted(s for s in found if isinstance(s, URIRef))


def actor_names(graph: Graph) -> dict[str, URIRef]:
    """Normalised name -> actor IRI, from ``rdfs:label`` and ``tk:altName`` of every
    tk:State and organisation in ``graph``. A name shared by two actors is an error."""
    owners: dict[str, set[URIRef]] = {}
    for actor in _actors(graph):
        for prop in (RDFS.label, TK.altName):
            for name in graph.objects(actor, prop):
                key = normalize_name(str(name)) if isinstance(name, Literal) else ""
                if key:
                    owners.setdefault(key, set()).add(actor)
    clashes = {key: iris for key, iris in owners.items() if len(iris) > 1}
    if clashes:
        listed = "; ".join(
            f"{key!r}: {', '.join(sorted(id_for_iri(i) for i in iris))}"
            for key, iris in sorted(clashes.items())
        )
        raise DataError(
            f"{len(clashes)} name(s) belong to more than one actor: {listed}.",
            "Remove or correct the tk:altName (or rdfs:label) so that each name names one actor.",
        )
    return {key: next(iter(iris)) for key, iris in sorted(owners.items())}


def actor_labels(graph: Graph) -> dict[URIRef, str]:
    """Actor IRI -> its rdfs:label (the smallest, if it has several)."""
    labels: dict[URIRef, str] = {}
    for actor in _actors(graph):
        found = sorted(str(o) for o in graph.objects(actor, RDFS.label) if isinstance(o, Literal))
        if found:
            labels[actor] = found[0]
    return labels


def instrument_short_name(graph: Graph, instrument_slug: str) -> str | None:
    """The tk:shortName of ``instrument:<slug>`` in ``graph``, if any."""
    names = sorted(
        str(o)
        for o in graph.objects(iri_for("instrument", instrument_slug), TK.shortName)
        if isinstance(o, Literal)
    )
    return names[0] if names else None


# --------------------------------------------------------------------------
# Building graphs
# --------------------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _check_slug(slug: str, what: str) -> None:
    if not _SLUG.fullmatch(slug):
        raise DataError(
            f"The {what} slug {slug!r} is not lowercase-kebab.",
            "Use lowercase letters, digits and single hyphens (e.g. 'tip-protocol').",
        )


def _local_name(actor: URIRef) -> str:
    if kind_of(str(actor)) is None:
        raise DataError(
            f"Actor {actor} is not a tkgraph instance IRI.",
            "Give every actor an IRI of the form state:<ISO2> or organization:<slug>.",
        )
    return id_for_iri(str(actor)).partition(":")[2]


def _add_source(graph: Graph, source: TableSource) -> URIRef:
    _check_slug(source.slug, "source")
    node = iri_for("source", source.slug)
    graph.add((node, RDF.type, TK.Source))
    graph.add((node, DCTERMS.title, Literal(_clean(source.title))))
    graph.add((node, TK.address, Literal(source.address, datatype=XSD.anyURI)))
    graph.add((node, TK.asOfDate, Literal(source.as_of)))
    if source.note:
        graph.add((node, TK.note, Literal(_clean(source.note))))
    if source.is_secondary:
        graph.add((node, TK.isSecondary, Literal(True)))
    return node


def _new_graph() -> Graph:
    return Graph(bind_namespaces="none")


def _match(
    names_in_table: Iterable[str], names: Mapping[str, URIRef], source: TableSource
) -> dict[str, URIRef]:
    """Table name -> actor; raise UnmatchedNamesError listing every unmatched name,
    or DataError if two rows name the same actor."""
    matched: dict[str, URIRef] = {}
    unmatched: set[str] = set()
    by_actor: dict[URIRef, str] = {}
    for name in names_in_table:
        actor = names.get(normalize_name(name))
        if actor is None:
            unmatched.add(name)
            continue
        if actor in by_actor and by_actor[actor] != name:
            raise DataError(
                f"'{source.title}': {by_actor[actor]!r} and {name!r} both name "
                f"{id_for_iri(str(actor))}.",
                "Remove the duplicate row, or fix the tk:altName that matches the wrong actor.",
            )
        if actor in by_actor:
            raise DataError(
                f"'{source.title}': {name!r} is listed twice.", "Remove the duplicate row."
            )
        by_actor[actor] = name
        matched[name] = actor
    if unmatched:
        raise UnmatchedNamesError(source.title, sorted(unmatched))
    return matched


def _check_notes(notes: Mapping[str, object], names_in_table: Collection[str], what: str) -> None:
    known = {normalize_name(n) for n in names_in_table}
    stray = sorted(n for n in notes if normalize_name(n) not in known)
    if stray:
        raise DataError(
            f"{len(stray)} {what} name(s) are not in the table: {', '.join(map(repr, stray))}.",
            "Spell the participant as the table does.",
        )


def _participant_label(name: str, actor: URIRef, labels: Mapping[URIRef, str] | None) -> str:
    return labels.get(actor, name) if labels is not None else name


def _in_instrument(instrument_slug: str, instrument_name: str | None) -> str:
    return f"the {instrument_name}" if instrument_name else instrument_slug


def build_participation_graph(
    rows: Sequence[UntcRow],
    *,
    instrument_slug: str,
    names: Mapping[str, URIRef],
    source: TableSource,
    labels: Mapping[URIRef, str] | None = None,
    instrument_name: str | None = None,
    notes: Mapping[str, ParticipationNote] | None = None,
) -> Graph:
    """One ``participation:<instrument>.<ISO2 or org slug>`` per row, plus the
    tk:Source of the table.

    ``labels`` (from :func:`actor_labels`) and ``instrument_name`` (from
    :func:`instrument_short_name`) make the labels read "France in the
    Trafficking in Persons Protocol"; without them the table's name and the
    slug are used. ``notes`` adds caveats to rows, keyed by the table's name.
    """
    _check_slug(instrument_slug, "instrument")
    notes = notes or {}
    table_names = [row.participant_name for row in rows]
    _check_notes(notes, table_names, "noted participant")
    actors = _match(table_names, names, source)
    notes_by_key = {normalize_name(k): v for k, v in notes.items()}

    graph = _new_graph()
    source_node = _add_source(graph, source)
    instrument = iri_for("instrument", instrument_slug)
    for row in rows:
        actor = actors[row.participant_name]
        node = iri_for("participation", f"{instrument_slug}.{_local_name(actor)}")
        label = _participant_label(row.participant_name, actor, labels)
        graph.add((node, RDF.type, TK.Participation))
        where = _in_instrument(instrument_slug, instrument_name)
        graph.add((node, RDFS.label, Literal(f"{label} in {where}")))
        graph.add((node, TK.participant, actor))
        graph.add((node, TK.participationIn, instrument))
        if row.signature is not None:
            graph.add((node, TK.signatureDate, Literal(row.signature)))
        if row.consent is not None:
            graph.add((node, TK.consentKind, CONSENT_KINDS[row.consent_kind or "ratification"]))
            graph.add((node, TK.consentDate, Literal(row.consent)))
        note = notes_by_key.get(normalize_name(row.participant_name))
        if note is not None:
            graph.add((node, TK.note, Literal(_clean(note.note))))
            if note.unverified:
                graph.add((node, TK.verification, TK.unverified))
        graph.add((node, TK.sourceTable, source_node))
        graph.add((node, DCTERMS.source, source_node))
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
    _check_slug(instrument_slug, "instrument")
    notes = notes or {}
    _check_notes(notes, [name for name, _ in declarations], "noted statement")
    with_text = [(name, text) for name, text in declarations if text.strip()]
    skipped = tuple(name for name, text in declarations if not text.strip())
    actors = _match([name for name, _ in with_text], names, source)
    notes_by_key = {normalize_name(k): v for k, v in notes.items()}

    graph = _new_graph()
    source_node = _add_source(graph, source)
    missing: list[str] = []
    for name, text in with_text:
        actor = actors[name]
        local = f"{instrument_slug}.{_local_name(actor)}"
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
            graph.add((node, TK.note, Literal(_clean(note.note))))
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


# --------------------------------------------------------------------------
# Writing Turtle
# --------------------------------------------------------------------------


def _prefixes() -> list[tuple[str, str]]:
    """The prefixes of seed/_template.ttl, in its order."""
    kinds = ("state", "organization", "instrument", "participation", "provision", "statement",
             "rule", "source")  # fmt: skip
    return [
        ("tk", str(TK)),
        ("rdfs", str(RDFS)),
        ("xsd", str(XSD)),
        ("dcterms", str(DCTERMS)),
        *((kind, str(iri_for(kind, ""))) for kind in kinds),
    ]


_PREFIXES = _prefixes()
_PN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|^`\\]")
_PREDICATE_ORDER = [
    RDF.type, RDFS.label, TK.participant, TK.participationIn, TK.signatureDate, TK.consentKind,
    TK.consentDate, TK.statementOn, TK.excludesProvision, TK.concernsProvision, TK.statementText,
    DCTERMS.title, TK.address, TK.asOfDate, TK.isSecondary, TK.note, TK.verification,
    TK.sourceTable, DCTERMS.source,
]  # fmt: skip
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _iri(term: URIRef) -> str:
    text = str(term)
    for prefix, namespace in sorted(_PREFIXES, key=lambda p: -len(p[1])):
        local = text[len(namespace) :]
        if text.startswith(namespace) and _PN_LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
    if _IRI_FORBIDDEN.search(text):
        raise DataError(f"Cannot write the IRI {text!r} in Turtle.", "Fix the IRI.")
    return f"<{text}>"


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal):
        lexical = str(term)
        if term.language:
            return f"{_string(lexical)}@{term.language}"
        if term.datatype is None or term.datatype == XSD.string:
            return _string(lexical)
        if term.datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical
        if term.datatype == XSD.integer and re.fullmatch(r"[+-]?\d+", lexical):
            return lexical
        return f"{_string(lexical)}^^{_iri(URIRef(term.datatype))}"
    raise DataError(
        f"Cannot write the node {term!r}: generated files hold no blank nodes.",
        "Give every node an IRI.",
    )


def _predicate_key(predicate: URIRef) -> tuple[int, str]:
    if predicate in _PREDICATE_ORDER:
        return _PREDICATE_ORDER.index(predicate), ""
    return len(_PREDICATE_ORDER), str(predicate)


def _header(graph: Graph) -> list[str]:
    lines = [
        "# GENERATED FILE - DO NOT EDIT. Written by `tkgraph import untc`",
        "# (tkgraph.importers.untc); to change it, fix the table or the actor names in",
        "# seed/actors/ and run the import again.",
    ]
    for node in sorted(s for s in graph.subjects(RDF.type, TK.Source) if isinstance(s, URIRef)):
        title = graph.value(node, DCTERMS.title)
        address = graph.value(node, TK.address)
        as_of = graph.value(node, TK.asOfDate)
        lines.append(
            f"# From: {_clean(str(title)) if title is not None else id_for_iri(str(node))}"
        )
        if address is not None:
            lines.append(f"#   {address}")
        if as_of is not None:
            lines.append(f"#   as of {as_of}")
    return lines


def to_turtle(graph: Graph) -> str:
    """Deterministic Turtle: the header, the prefixes of seed/_template.ttl, the
    sources first, then every other subject sorted by IRI; predicates in a fixed
    order, objects sorted."""
    subjects: set[URIRef] = set()
    for s in graph.subjects(unique=True):
        if not isinstance(s, URIRef):
            raise DataError(
                f"Cannot write the node {s!r}: generated files hold no blank nodes.",
                "Give every node an IRI.",
            )
        subjects.add(s)
    sources = {s for s in subjects if (s, RDF.type, TK.Source) in graph}
    ordered = sorted(sources, key=str) + sorted(subjects - sources, key=str)
    width = max(len(prefix) for prefix, _ in _PREFIXES) + 2
    lines = _header(graph)
    lines += [f"@prefix {(prefix + ':').ljust(width - 1)} <{ns}> ." for prefix, ns in _PREFIXES]
    for subject in ordered:
        predicates = sorted(
            {p for p in graph.predicates(subject, None) if isinstance(p, URIRef)},
            key=_predicate_key,
        )
        parts = []
        for predicate in predicates:
            objects = sorted(_term(o) for o in graph.objects(subject, predicate))
            verb = "a" if predicate == RDF.type else _iri(predicate)
            parts.append(f"{verb} {', '.join(objects)}")
        lines.append("")
        lines.append(f"{_iri(subject)} " + " ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"


def _fields(graph: Graph) -> dict[URIRef, dict[URIRef, frozenset[Node]]]:
    out: dict[URIRef, dict[URIRef, set[Node]]] = {}
    for s, p, o in graph:
        if isinstance(s, URIRef) and isinstance(p, URIRef):
            out.setdefault(s, {}).setdefault(p, set()).add(o)
    return {s: {p: frozenset(v) for p, v in fields.items()} for s, fields in out.items()}


def _shown(term: Node) -> str:
    if isinstance(term, URIRef):
        text = id_for_iri(str(term))
        return _iri(term) if text == str(term) else text
    return str(term)


def _diff(old: Graph, new: Graph, path: Path, created: bool) -> ImportChanges:
    before, after = _fields(old), _fields(new)
    added = tuple(sorted(_shown(s) for s in after.keys() - before.keys()))
    removed = tuple(sorted(_shown(s) for s in before.keys() - after.keys()))
    changed: list[FieldChange] = []
    for subject in sorted(before.keys() & after.keys(), key=str):
        old_fields, new_fields = before[subject], after[subject]
        for predicate in sorted(old_fields.keys() | new_fields.keys(), key=_predicate_key):
            old_values = old_fields.get(predicate, frozenset())
            new_values = new_fields.get(predicate, frozenset())
            if old_values != new_values:
                changed.append(
                    FieldChange(
                        node=_shown(subject),
                        field=_iri(predicate),
                        old=tuple(sorted(_shown(v) for v in old_values)),
                        new=tuple(sorted(_shown(v) for v in new_values)),
                    )
                )
    return ImportChanges(path, created, added, removed, tuple(changed))


def write_participation_file(graph: Graph, out_path: Path) -> ImportChanges:
    """Write ``graph`` as deterministic Turtle to ``out_path`` (only if the text
    differs) and report what changed compared with the file it replaces. Running
    it twice with the same graph writes the same bytes and reports no change."""
    text = to_turtle(graph)
    old = Graph(bind_namespaces="none")
    created = not out_path.exists()
    if not created:
        try:
            old_text = out_path.read_text(encoding="utf-8")
            old.parse(data=old_text, format="turtle")
        except Exception as e:  # any parse failure is reported the same way
            raise DataError(
                f"Cannot read the generated file '{out_path}' to compare with it: {e}.",
                "Delete the file (it is generated) and run the import again.",
            ) from None
        if old_text == text:
            return ImportChanges(out_path, False, (), (), ())
    changes = _diff(old, graph, out_path, created)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return changes


# --------------------------------------------------------------------------
# One call for `tkgraph import untc`
# --------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def reference_graph(seed_dir: Path) -> Graph:
    """The hand-written actors and instruments of a seed folder (not the generated files)."""
    graph = Graph()
    for folder in ("actors", "instruments"):
        for path in sorted((seed_dir / folder).glob("*.ttl")):
            if not path.name.startswith("_") and ".untc" not in path.name:
                graph.parse(path, format="turtle")
    return graph


def untc_address(reference: str) -> str:
    """The UNTC status page of a reference such as 'XVIII-12-a' (chapter from the numeral)."""
    numeral = reference.split("-", 1)[0]
    chapter = 0
    for i, letter in enumerate(numeral):
        value = _ROMAN.get(letter, 0)
        following = _ROMAN.get(numeral[i + 1], 0) if i + 1 < len(numeral) else 0
        chapter += -value if value < following else value
    return (
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"
        f"&mtdsg_no={reference}&chapter={chapter}&lang=en"
    )


def import_table(
    table: Path, instrument_slug: str, seed_dir: Path, as_of: date, address: str | None = None
) -> ImportChanges:
    """Import one UNTC table into seed/instruments/<slug>.untc.ttl and report what changed."""
    reference = reference_graph(seed_dir)
    instrument = iri_for("instrument", instrument_slug)
    if (instrument, RDF.type, None) not in reference:
        raise DataError(
            f"No instrument '{instrument_slug}' in {seed_dir / 'instruments'}.",
            "Add the instrument file first (copy seed/_template.ttl), then import its table.",
        )
    untc_ref = next((str(o) for o in reference.objects(instrument, TK.untcReference)), None)
    if address is None and untc_ref is None:
        raise DataError(
            f"Instrument '{instrument_slug}' has no tk:untcReference to build the source address from.",
            "Add tk:untcReference to the instrument, or pass --source-url.",
        )
    label = untc_ref or instrument_slug
    source = TableSource(
        slug=f"untc-{label.lower()}-{as_of.isoformat()}",
        title=f"UN Treaty Collection participation table for {label} (status as at {as_of.isoformat()})",
        address=address or untc_address(label),
        as_of=as_of,
        note=f"Imported by `tkgraph import untc` from {table.name}.",
    )
    graph = build_participation_graph(
        read_untc_table(table),
        instrument_slug=instrument_slug,
        names=actor_names(reference),
        source=source,
        labels=actor_labels(reference),
        instrument_name=instrument_short_name(reference, instrument_slug),
    )
    return write_participation_file(graph, seed_dir / "instruments" / f"{instrument_slug}.untc.ttl")
