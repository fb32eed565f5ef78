"""The partial tables typed from web pages (data/pages/, see its SOURCES.md)
and how each becomes a seed file (run by scripts/import_bundled_tables.py):

    seed/instruments/cets-197.pages.ttl      <- cets197_participants_pages_partial.csv
    seed/instruments/actip.pages.ttl         <- actip_ratifications_pages_partial.csv
    seed/instruments/tip-protocol.pages.ttl  <- tip_protocol_participants_pages_sample.csv
                                                (only the 2014 accessions of
                                                Afghanistan and Angola: the other
                                                rows are in the UNTC table)

Every row becomes ``participation:<slug>.<ISO2>`` with the same shape as the
UNTC import. A missing date stays missing. Rows marked UNCERTAIN get
tk:verification tk:unverified; a consent kind the page does not state gets
tk:inferredFact; the row's notes are kept in tk:note. Each file also holds a
tk:ParticipantList ``list:<slug>.pages``, partial (the pages list some
participants only), and every row is tk:inList it.

The tk:Source nodes of the pages are declared by hand in the instrument files
(cets-197.ttl, actip.ttl) or in seed/sources/; this module only refers to
them, and stops if one is not declared anywhere under seed/.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from tkgraph.errors import DataError
from tkgraph.importers.graphs import CONSENT_KINDS, ListSpec, add_participant_list
from tkgraph.importers.turtle import new_graph
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, iri_for


def _error(message: str) -> DataError:
    return DataError(message, "Fix the table in data/pages/ or the mapping in this module.")


def src(local: str) -> URIRef:
    return iri_for("source", local)


@dataclass
class Table:
    """One CSV table and how to turn it into one seed file."""

    csv_name: str
    slug: str
    short_name: str  # as used in labels: "<participant> in <short_name>"
    output: str
    # participant name as written in the CSV -> ISO 3166-1 alpha-2 code
    iso2: dict[str, str]
    # page address (source_url column) -> tk:Source local name
    sources: dict[str, str]
    # only these participants are imported (None: all rows)
    only: set[str] | None = None
    # sources added to every row (e.g. the page the signature date comes from)
    extra_sources: tuple[str, ...] = ()
    # a source added when the row's notes mention a word: word -> source
    sources_named_in_notes: dict[str, str] = field(default_factory=dict)
    # per-participant consent kind that the page does not state: name -> note
    inferred_kind: dict[str, str] = field(default_factory=dict)
    # entry into force for the participant stated by another source:
    # name -> (date, source local name)
    entry_into_force: dict[str, tuple[str, str]] = field(default_factory=dict)


LOC_GOV_CETS = "loc-gov-2008-03-02-cets-197"

TABLES = (
    Table(
        csv_name="cets197_participants_pages_partial.csv",
        slug="cets-197",
        short_name="CETS 197",
        output="cets-197.pages.ttl",
        iso2={
            "Albania": "AL",
            "Andorra": "AD",
            "Armenia": "AM",
            "Austria": "AT",
            "Azerbaijan": "AZ",
            "Belarus": "BY",
            "Belgium": "BE",
            "Bosnia and Herzegovina": "BA",
            "Bulgaria": "BG",
            "Croatia": "HR",
            "Cyprus": "CY",
            "Denmark": "DK",
            "Georgia": "GE",
            "Republic of Moldova": "MD",
            "Romania": "RO",
            "Slovak Republic": "SK",
            "Israel": "IL",
        },
        sources={
            "http://www.coe.int/t/dghl/monitoring/trafficking/flags-sos_en.asp?toPrint=yes": "coe-cets-197-flags-2014",
            "https://whatconvention.org/en/ratifications/1516": "whatconvention-1516",
            "http://loc.gov/law/foreign-news/article/council-of-europe-anti-human-trafficking-convention-now-in-force/": LOC_GOV_CETS,
            "https://www.coe.int/en/web/anti-human-trafficking/anti-trafficking-convention": "coe-cets-197-convention-page",
        },
        sources_named_in_notes={"whatconvention": "whatconvention-1516"},
        inferred_kind={
            "Israel": "The Council of Europe page lists Israel among the States Parties but does not say how it became one; accession is inferred because Israel is not a member State of the Council of Europe. Dates not shown.",  # noqa: E501
        },
        # loc.gov (2 March 2008): in force on 1 February 2008 for the first ten
        # ratifying States; effective on 1 May 2008 for Bosnia and Herzegovina.
        entry_into_force={
            **dict.fromkeys(
                (
                    "Albania",
                    "Austria",
                    "Bulgaria",
                    "Croatia",
                    "Cyprus",
                    "Denmark",
                    "Georgia",
                    "Republic of Moldova",
                    "Romania",
                    "Slovak Republic",
                ),
                ("2008-02-01", LOC_GOV_CETS),
            ),
            "Bosnia and Herzegovina": ("2008-05-01", LOC_GOV_CETS),
        },
    ),
    Table(
        csv_name="actip_ratifications_pages_partial.csv",
        slug="actip",
        short_name="ACTIP",
        output="actip.pages.ttl",
        iso2={
            "Cambodia": "KH",
            "Singapore": "SG",
            "Thailand": "TH",
            "Viet Nam": "VN",
            "Myanmar": "MM",
            "Philippines": "PH",
            "Brunei Darussalam": "BN",
            "Indonesia": "ID",
            "Lao PDR": "LA",
            "Malaysia": "MY",
        },
        sources={
            "http://corecommunique.com/cambodia-singapore-deposit-instrument-of-ratification-of-the-asean-convention-against-trafficking-in-persons/": "corecommunique-2016-01-25-actip",  # noqa: E501
            "https://canadianinquirer.net/v1/2017/02/12/asean-convention-vs-trafficking-in-persons-enters-into-force": "canadianinquirer-2017-02-12-actip",
            "https://asean.org/a-step-closer-for-entry-into-force-of-the-asean-convention-against-trafficking-in-persons/": "asean-2017-01-20-actip",
            "https://www.aseantribune.com/asean-convention-against-trafficking-in-persons-to-enter-into-force-with-philippines-deposit-of-instrument-of-ratification/": "aseantribune-2017-actip-philippines",  # noqa: E501
            "https://www.aseanact.org/story/actip-turns-10": "aseanact-actip-turns-10",
        },
        # The signature date (21 November 2015, the ten Leaders at the 27th
        # ASEAN Summit) comes from ASEAN-ACT for every row.
        extra_sources=("aseanact-actip-turns-10",),
        # Liberty Asia (September 2017): under Article 29 the Convention took
        # effect on 8 March 2017 in the six countries that had ratified it.
        entry_into_force=dict.fromkeys(
            ("Cambodia", "Singapore", "Thailand", "Viet Nam", "Myanmar", "Philippines"),
            ("2017-03-08", "respect-international-actip-2017"),
        ),
    ),
    Table(
        csv_name="tip_protocol_participants_pages_sample.csv",
        slug="tip-protocol",
        short_name="the Trafficking in Persons Protocol",
        output="tip-protocol.pages.ttl",
        iso2={"Afghanistan": "AF", "Angola": "AO"},
        sources={"https://whatconvention.org/en/ratifications/317": "whatconvention-317"},
        only={"Afghanistan", "Angola"},
    ),
)


def declared_sources(seed_dir: Path) -> dict[URIRef, date | None]:
    """Every tk:Source declared in a hand-written seed file, with its as-of date."""
    found: dict[URIRef, date | None] = {}
    for path in sorted(seed_dir.rglob("*.ttl")):
        if path.name.startswith("_") or path.name.endswith(".pages.ttl"):
            continue
        g = Graph().parse(path, format="turtle")
        for s in g.subjects(RDF.type, TK.Source):
            if isinstance(s, URIRef):
                value = g.value(s, TK.asOfDate)
                day = value.toPython() if isinstance(value, Literal) else None
                found[s] = day if isinstance(day, date) else found.get(s)
    return found


def iso_date(text: str) -> Literal | None:
    """A YYYY-MM-DD cell as xsd:date (empty: None)."""
    text = text.strip()
    if not text:
        return None
    return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)


def _newest(table: Table, known: dict[URIRef, date | None]) -> date | None:
    """The list's date: the newest as-of date of the pages its rows come from
    (pages without a date are left out, never guessed; None if no page has one)."""
    dates = [d for d in (known.get(src(v)) for v in table.sources.values()) if d is not None]
    return max(dates, default=None)


def build(  # noqa: C901
    table: Table,
    pages_dir: Path,
    known: dict[URIRef, date | None],
    depositary: Mapping[tuple[URIRef, URIRef], tuple[Node, str]] | None = None,
) -> Graph:
    """The graph of one page table (nothing is written).

    ``depositary`` holds the values that depositary rows of the data/tables
    imports give (:func:`tkgraph.importers.table_conflicts.depositary_values`): where a
    page disagrees with one, the page yields. Its value becomes a
    tk:alternativeValue, so that no functional property gets two values."""
    g = new_graph()
    depositary = depositary or {}

    def put(node: URIRef, prop: URIRef, value: Node, what: str, url: str) -> None:
        stated = depositary.get((node, prop))
        if stated is None or stated[0] == value:
            g.add((node, prop, value))
            return
        shown = str(value).rpartition("#")[2]
        g.add((node, TK.alternativeValue, Literal(f"The page {url} gives {shown} for {what}.")))

    instrument = iri_for("instrument", table.slug)
    missing: list[str] = []

    def need(local: str) -> URIRef:
        iri = src(local)
        if iri not in known:
            missing.append(local)
        return iri

    with (pages_dir / table.csv_name).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    seen: set[str] = set()
    for row in rows:
        name = row["participant"].strip()
        if table.only is not None and name not in table.only:
            continue
        if name not in table.iso2:
            raise _error(f"{table.csv_name}: no ISO code for participant {name!r}")
        code = table.iso2[name]
        if code in seen:
            raise _error(f"{table.csv_name}: participant {code} appears twice")
        seen.add(code)

        node = iri_for("participation", f"{table.slug}.{code}")
        g.add((node, RDF.type, TK.Participation))
        g.add((node, RDFS.label, Literal(f"{name} in {table.short_name}")))
        g.add((node, TK.participant, iri_for("state", code)))
        g.add((node, TK.participationIn, instrument))

        url = row["source_url"].strip()
        signature = iso_date(row["signature"])
        if signature is not None:
            put(node, TK.signatureDate, signature, "the signature date", url)

        notes: list[str] = []
        kind_text = row["consent_type"].strip()
        if kind_text:
            word = kind_text.split()[0].lower()
            if word not in CONSENT_KINDS:
                raise _error(f"{table.csv_name}: unknown consent type {kind_text!r}")
            put(node, TK.consentKind, CONSENT_KINDS[word], "the consent kind", url)
            if "inferred" in kind_text.lower():
                g.add((node, TK.verification, TK.inferredFact))
                notes.append(
                    f"Consent kind {kind_text}: the page shows no signature and no kind, so {word} is inferred; the consent date is as the page gives it."
                )
        if name in table.inferred_kind:
            g.add((node, TK.verification, TK.inferredFact))
            notes.append(table.inferred_kind[name])

        consent = iso_date(row["consent_date"])
        if consent is not None:
            put(node, TK.consentDate, consent, "the consent date", url)

        row_notes = row["notes"].strip()
        if "UNCERTAIN" in row_notes:
            g.add((node, TK.verification, TK.unverified))
        if row_notes:
            notes.append(f"Page note: {row_notes}.")
        as_of = row["as_of_date"].strip()
        if as_of:
            notes.append(f"As-of given for the row: {as_of}.")
        if notes:
            g.add((node, TK.note, Literal(" ".join(notes))))

        if url not in table.sources:
            raise _error(f"{table.csv_name}: no tk:Source mapped for {url}")
        table_source = need(table.sources[url])
        g.add((node, TK.sourceTable, table_source))
        g.add((node, DCTERMS.source, table_source))
        for local in table.extra_sources:
            g.add((node, DCTERMS.source, need(local)))
        for word, local in table.sources_named_in_notes.items():
            if word in row_notes.lower():
                g.add((node, DCTERMS.source, need(local)))

        if name in table.entry_into_force:
            when, local = table.entry_into_force[name]
            in_force = iso_date(when)
            assert in_force is not None
            g.add((node, TK.entryIntoForceForParticipant, in_force))
            g.add((node, DCTERMS.source, need(local)))

    unknown = sorted(set(table.iso2) - {r["participant"].strip() for r in rows})
    if unknown and table.only is None:
        raise _error(f"{table.csv_name}: ISO map names not in the table: {unknown}")
    if missing:
        raise _error(f"{table.output}: tk:Source not declared under seed/: {sorted(set(missing))}")
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    rows_in = set(g.subjects(RDF.type, TK.Participation))
    add_participant_list(
        g,
        ListSpec(
            local=f"{table.slug}.pages",
            label=f"Participants of {table.short_name} read from web pages "
            f"(data/pages/{table.csv_name})",
            as_of=_newest(table, known),
            complete=False,
            sources=tuple(sorted({src(v) for v in table.sources.values()})),
            note="Partial: the pages list some participants only; an actor missing from "
            "this list may still participate."
            + ("" if _newest(table, known) else " None of its pages gives an as-of date."),
        ),
        table.slug,
        rows_in,
    )
    return g
