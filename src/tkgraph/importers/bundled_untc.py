"""The UN Treaty Collection tables bundled in data/untc (scraped by
zmjones/untreaties, see data/SOURCES.md) and how each is imported: which
instrument, as of which date, the caveats on single rows, the curation of the
CRC-OPSC reservations. :func:`build_bundle` imports them all (nothing is
written); scripts/import_bundled_tables.py writes them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from tkgraph.errors import DataError
from tkgraph.importers.untc import (
    ParticipationNote,
    PartyCount,
    StatementNote,
    TableSource,
    actor_labels,
    actor_names,
    build_declarations_graph,
    build_participation_graph,
    instrument_short_name,
    read_untc_declarations,
    read_untc_table,
    reference_graph,
    untc_list,
)
from tkgraph.rdf.vocab import DCTERMS, RDF, TK, iri_for

REPO = "zmjones/untreaties"


@dataclass(frozen=True)
class BundledTable:
    """One scraped UNTC file and where its import goes."""

    file: str  # name in the data folder
    repo_path: str  # path in zmjones/untreaties
    commit: str  # last commit that changed the file
    mtdsg_no: str  # UNTC reference
    instrument_slug: str
    as_of: date  # date of that commit (data/SOURCES.md)
    out_name: str  # file name in seed/instruments/
    # A hand-written tk:Figure (party count) the table's consents were checked
    # against: its value equals the consents on its date.
    party_count_figure: str | None = None
    # A League of Nations treaty: the table lists only the actions since the UN took it over.
    league_era: bool = False


TABLES = (
    BundledTable(
        "treaties_18-12.csv", "treaties/18-12.csv", "b85e1e21be32b2a757d14ff9dbe1f4b401f2e165",
        "XVIII-12", "untoc", date(2014, 1, 27), "untoc.untc.ttl",
    ),
    BundledTable(
        "treaties_18-12-a.csv", "treaties/18-12-a.csv", "b85e1e21be32b2a757d14ff9dbe1f4b401f2e165",
        "XVIII-12-a", "tip-protocol", date(2014, 1, 27), "tip-protocol.untc.ttl",
    ),
    BundledTable(
        "treaties_18-12-b.csv", "treaties/18-12-b.csv", "65551eafcd1571592720b3b660360d1e8c82f986",
        "XVIII-12-b", "smuggling-protocol", date(2014, 7, 10), "smuggling-protocol.untc.ttl",
        # Not checked against UNIS/CP/749 (138 States Parties on 27 January
        # 2014, equal to the table's 138 consents): that count is dated half a
        # year before the table, and a check must be on the list's own day.
    ),
    BundledTable(
        "treaties_4-11-c.csv", "treaties/4-11-c.csv", "15ad316db3c3fabaa5639afcfa283e117abcb83f",
        "IV-11-c", "crc-opsc", date(2015, 1, 27), "crc-opsc.untc.ttl",
    ),
    BundledTable(
        "treaties_4-8.csv", "treaties/4-8.csv", "65551eafcd1571592720b3b660360d1e8c82f986",
        "IV-8", "cedaw", date(2014, 7, 10), "cedaw.untc.ttl",
    ),
    BundledTable(
        "treaties_4-11.csv", "treaties/4-11.csv", "9a3f61e3339d2d467f1b6fac6dd7482e67582841",
        "IV-11", "crc", date(2014, 10, 26), "crc.untc.ttl",
    ),
)  # fmt: skip

#: The traffic and slavery conventions of 1904-1956 (UNTC chapters VII and
#: XVIII): (file, UNTC reference, instrument slug, League-era). The tables of
#: the League of Nations treaties list only what was done since the UN took
#: them over: their lists are partial (``league_era``). Every file was last
#: changed in commit 7fe759f (2013-07-06) but VII-6 (15ad316, 2015-01-27).
_REGIME = (
    ("7-8", "VII-8", "white-slave-traffic-agreement-1904", True),
    ("7-6", "VII-6", "protocol-1949-amending-1904-1910", False),
    ("7-7", "VII-7", "white-slave-traffic-agreement-1904-amended-1949", False),
    ("7-10", "VII-10", "white-slave-traffic-convention-1910", True),
    ("7-9", "VII-9", "white-slave-traffic-convention-1910-amended-1949", False),
    ("7-3", "VII-3", "traffic-women-children-convention-1921", True),
    ("7-1", "VII-1", "protocol-1947-amending-1921-1933", False),
    ("7-2", "VII-2", "traffic-women-children-convention-1921-amended-1947", False),
    ("7-5", "VII-5", "traffic-women-full-age-convention-1933", True),
    ("7-4", "VII-4", "traffic-women-full-age-convention-1933-amended-1947", False),
    ("7-11-a", "VII-11-a", "traffic-persons-convention-1949", False),
    ("7-11-b", "VII-11-b", "traffic-persons-convention-1949-final-protocol", False),
    ("18-3", "XVIII-3", "slavery-convention-1926", True),
    ("18-1", "XVIII-1", "protocol-1953-amending-slavery-convention", False),
    ("18-2", "XVIII-2", "slavery-convention-1926-amended-1953", False),
    ("18-4", "XVIII-4", "supplementary-slavery-convention-1956", False),
)
_REGIME_COMMITS = {
    "7-6": ("15ad316db3c3fabaa5639afcfa283e117abcb83f", date(2015, 1, 27)),
}
_REGIME_DEFAULT_COMMIT = ("7fe759f71b6fcccb6cfdb5aa1924b1f8f7205ddf", date(2013, 7, 6))
REGIME_1904_1956 = tuple(
    BundledTable(
        f"treaties_{name}.csv",
        f"treaties/{name}.csv",
        _REGIME_COMMITS.get(name, _REGIME_DEFAULT_COMMIT)[0],
        reference,
        slug,
        _REGIME_COMMITS.get(name, _REGIME_DEFAULT_COMMIT)[1],
        f"{slug}.untc.ttl",
        league_era=league_era,
    )
    for name, reference, slug, league_era in _REGIME
)


DECLARATIONS = BundledTable(
    "declarations_4-11-c.txt", "declarations/4-11-c.txt",
    "4944e6adad33322a43100f4a68c3602cd9c74ec5",
    "IV-11-c", "crc-opsc", date(2013, 7, 24), "crc-opsc.untc-declarations.ttl",
)  # fmt: skip

# Caveats on single rows, keyed by (instrument slug, participant as in the table).
PARTICIPATION_NOTES = {
    ("tip-protocol", "Antigua and Barbuda"): ParticipationNote(
        "The XVIII-12-a table gives the consent date 17 Feb 2010 without a consent-kind flag, "
        "so it is imported as a ratification, as the table says. Antigua and Barbuda has no "
        "signature in this table, and the XVIII-12-b table (Smuggling of Migrants Protocol, "
        "another instrument) flags the same date 'a' (accession): the consent is probably an "
        "accession.",
        unverified=True,
        alternatives=(
            "The UNTC table of XVIII-12-b (the Smuggling of Migrants Protocol, zmjones/untreaties, "
            "as of 2014-07-10) gives the same date, 17 Feb 2010, flagged 'a' (accession) for "
            "that Protocol: for this one the kind may be accession rather than ratification.",
        ),
    ),
}

# Provisions that reservations exclude, as (participant, excluded paragraph, its
# article), local names of provision IRIs. Only provisions that exist in
# seed/instruments/ are linked: the paragraph by tk:excludesProvision, the article
# by tk:concernsProvision. Paragraphs that do not exist are reported.
EXCLUDED_PROVISIONS = (
    ("Kuwait", "crc-opsc.art-3-5", "crc-opsc.art-3"),
    ("Lao People's Democratic Republic", "crc-opsc.art-5-2", "crc-opsc.art-5"),
    ("Syrian Arab Republic", "crc-opsc.art-3-5", "crc-opsc.art-3"),
    ("Syrian Arab Republic", "crc-opsc.art-3-1-a-ii", "crc-opsc.art-3"),
    ("United States of America", "crc-opsc.art-4-1", "crc-opsc.art-4"),
)

# Curation of the keyword classification of the CRC-OPSC statements.
STATEMENT_NOTES = {
    "Argentina": StatementNote(
        kind="declaration",
        note="Classified as an interpretative declaration although the text contains the "
        "word 'reservation': it mentions Argentina's reservation to article 21 of the "
        "Convention on the Rights of the Child, not a reservation to this Protocol.",
    ),
    "Belarus": StatementNote(
        note="The text concerns article 3 of the Optional Protocol on the involvement of "
        "children in armed conflict (age of voluntary recruitment), not this Protocol, "
        "although the scraped file lists it under IV-11-c. Kept as the source gives it.",
        unverified=True,
    ),
    "Denmark": StatementNote(
        note="Kept as a declaration (Denmark 'declares'), although its second sentence "
        "limits the binding provisions for possession of images of a consenting person "
        "aged 15 or more.",
    ),
    "United States of America": StatementNote(
        kind="reservation",
        note="The first paragraph is a reservation: the obligation on jurisdiction over "
        "offences on board US ships or aircraft does not apply until US law conforms with "
        "article 4(1). The rest are understandings. Text as scraped (typos included).",
    ),
}


def untc_addresses(index_csv: Path) -> dict[str, str]:
    """UNTC reference (mtdsg_no) -> https address of its UNTC page, from index.csv."""
    addresses: dict[str, str] = {}
    with index_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            url = row["url"].replace("http://", "https://", 1).replace("/pages/", "/Pages/", 1)
            mtdsg = url.partition("mtdsg_no=")[2].partition("&")[0]
            addresses[mtdsg] = url
    return addresses


def table_source(table: BundledTable, addresses: dict[str, str], what: str) -> TableSource:
    """The tk:Source of one scraped file."""
    slug = table.mtdsg_no.lower()
    kind = "declarations-" if table.file.startswith("declarations") else ""
    return TableSource(
        slug=f"untc-{slug}-{kind}zmjones-{table.as_of.isoformat()}",
        title=f"UN Treaty Collection {what} for {table.mtdsg_no}, scraped by {REPO} "
        f"(file {table.repo_path}, commit {table.commit})",
        address=addresses[table.mtdsg_no],
        as_of=table.as_of,
        note=f"Copy of https://github.com/{REPO}/blob/{table.commit}/{table.repo_path} "
        f"(GitHub repository {REPO}, commit {table.commit}); the as-of date is the date of "
        "that commit. No licence stated; the facts come from the UN Treaty Collection.",
        is_secondary=True,
    )


def _party_count(reference: Graph, local: str | None) -> PartyCount | None:
    """The PartyCount of a hand-written figure (value, date and source read from it)."""
    if local is None:
        return None
    figure = iri_for("figure", local)
    value, as_of, source = (
        reference.value(figure, TK.value),
        reference.value(figure, TK.asOfDate),
        reference.value(figure, DCTERMS.source),
    )
    if not (isinstance(value, Literal) and isinstance(as_of, Literal)):
        raise DataError(f"figure:{local} has no value or as-of date.", "Fix the figure.")
    if not isinstance(source, URIRef):
        raise DataError(f"figure:{local} has no source.", "Fix the figure.")
    return PartyCount(int(value), date.fromisoformat(str(as_of)), source, figure)


@dataclass(frozen=True)
class Bundle:
    """What the bundled files import to: out path -> graph, plus the report."""

    graphs: dict[Path, Graph]
    skipped_statements: tuple[str, ...]
    unlinked_provisions: tuple[tuple[str, str], ...]


def build_bundle(data_dir: Path, seed_dir: Path) -> Bundle:
    """Import every bundled file (nothing is written)."""
    reference = reference_graph(seed_dir)
    names = actor_names(reference)
    labels = actor_labels(reference)
    addresses = untc_addresses(data_dir / "index.csv")
    out_dir = seed_dir / "instruments"
    graphs: dict[Path, Graph] = {}
    for table in (*TABLES, *REGIME_1904_1956):
        notes = {
            name: note
            for (slug, name), note in PARTICIPATION_NOTES.items()
            if slug == table.instrument_slug
        }
        graphs[out_dir / table.out_name] = build_participation_graph(
            read_untc_table(data_dir / table.file),
            instrument_slug=table.instrument_slug,
            names=names,
            source=table_source(table, addresses, "participation table"),
            labels=labels,
            instrument_name=instrument_short_name(reference, table.instrument_slug),
            notes=notes,
            participant_list=untc_list(
                table.instrument_slug,
                table.mtdsg_no,
                table.as_of,
                _party_count(reference, table.party_count_figure),
                league_era=table.league_era,
            ),
        )

    provisions = set(reference.subjects(RDF.type, TK.Provision))
    excludes: dict[str, list[URIRef]] = {}
    concerns: dict[str, list[URIRef]] = {}
    unlinked: list[tuple[str, str]] = []
    for name, paragraph_local, article_local in EXCLUDED_PROVISIONS:
        paragraph = iri_for("provision", paragraph_local)
        article = iri_for("provision", article_local)
        if paragraph in provisions:
            excludes.setdefault(name, []).append(paragraph)
        else:
            unlinked.append((name, f"provision:{paragraph_local}"))
        if article in provisions and article not in concerns.get(name, []):
            concerns.setdefault(name, []).append(article)
    statement_notes = dict(STATEMENT_NOTES)
    for name in sorted(excludes.keys() | concerns.keys()):
        base = statement_notes.get(name, StatementNote())
        statement_notes[name] = StatementNote(
            kind=base.kind,
            note=base.note,
            unverified=base.unverified,
            excludes=tuple(excludes.get(name, ())),
            concerns=tuple(concerns.get(name, ())),
        )
    participations = graphs[out_dir / "crc-opsc.untc.ttl"]
    declarations = build_declarations_graph(
        read_untc_declarations(data_dir / DECLARATIONS.file),
        instrument_slug=DECLARATIONS.instrument_slug,
        names=names,
        source=table_source(DECLARATIONS, addresses, "reservations and declarations"),
        labels=labels,
        instrument_name=instrument_short_name(reference, DECLARATIONS.instrument_slug),
        notes=statement_notes,
        known_participations=set(participations.subjects(RDF.type, TK.Participation)),
    )
    graphs[out_dir / DECLARATIONS.out_name] = declarations.graph
    return Bundle(graphs, declarations.skipped_empty, tuple(unlinked))
