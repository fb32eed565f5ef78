"""Generate participation files from the partial tables typed from web pages.

The CSVs in shared/data/pages/ (see its SOURCES.md) were typed from the
beginnings of public web pages. This script turns three of them into seed
files, one per instrument:

    seed/instruments/cets-197.pages.ttl      <- cets197_participants_pages_partial.csv
    seed/instruments/actip.pages.ttl         <- actip_ratifications_pages_partial.csv
    seed/instruments/tip-protocol.pages.ttl  <- tip_protocol_participants_pages_sample.csv
                                                (only the 2014 accessions of
                                                Afghanistan and Angola: the other
                                                rows are in the UNTC table)

Every row becomes ``participation:<slug>.<ISO2>`` with the same shape as the
UNTC import: tk:participant, tk:participationIn, tk:signatureDate,
tk:consentKind, tk:consentDate, dcterms:source and tk:sourceTable. A missing
date stays missing. Rows marked UNCERTAIN get tk:verification tk:unverified;
a consent kind the page does not state gets tk:inferredFact; the row's notes
are kept in tk:note.

The tk:Source nodes of the pages are declared by hand in the instrument files
(cets-197.ttl, actip.ttl) or in seed/sources/; this script only refers to
them, and stops if one is not declared anywhere under seed/.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python scripts/import_bundled_pages.py [--pages-dir DIR] [--check]

``--check`` regenerates in memory and exits 1 if a file on disk differs.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef

from tkgraph.vocab import DCTERMS, ID_BASE, RDF, RDFS, TK, XSD, iri_for

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seed"
DEFAULT_PAGES_DIR = ROOT / "data" / "pages"

CONSENT_KINDS = {
    "ratification": TK.ratification,
    "accession": TK.accession,
    "acceptance": TK.acceptance,
    "approval": TK.approval,
    "succession": TK.succession,
}


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
            "Israel": "The Council of Europe page lists Israel among the States Parties but does not say how it became one; accession is inferred because Israel is not a member State of the Council of Europe. Dates not shown.",
        },
        # loc.gov (2 March 2008): in force on 1 February 2008 for the first ten
        # ratifying States; effective on 1 May 2008 for Bosnia and Herzegovina.
        entry_into_force={
            **dict.fromkeys(("Albania", "Austria", "Bulgaria", "Croatia", "Cyprus", "Denmark", "Georgia", "Republic of Moldova", "Romania", "Slovak Republic"), ("2008-02-01", LOC_GOV_CETS)),
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
            "http://corecommunique.com/cambodia-singapore-deposit-instrument-of-ratification-of-the-asean-convention-against-trafficking-in-persons/": "corecommunique-2016-01-25-actip",
            "https://canadianinquirer.net/v1/2017/02/12/asean-convention-vs-trafficking-in-persons-enters-into-force": "canadianinquirer-2017-02-12-actip",
            "https://asean.org/a-step-closer-for-entry-into-force-of-the-asean-convention-against-trafficking-in-persons/": "asean-2017-01-20-actip",
            "https://www.aseantribune.com/asean-convention-against-trafficking-in-persons-to-enter-into-force-with-philippines-deposit-of-instrument-of-ratification/": "aseantribune-2017-actip-philippines",
            "https://www.aseanact.org/story/actip-turns-10": "aseanact-actip-turns-10",
        },
        # The signature date (21 November 2015, the ten Leaders at the 27th
        # ASEAN Summit) comes from ASEAN-ACT for every row.
        extra_sources=("aseanact-actip-turns-10",),
        # Liberty Asia (September 2017): under Article 29 the Convention took
        # effect on 8 March 2017 in the six countries that had ratified it.
        entry_into_force=dict.fromkeys(("Cambodia", "Singapore", "Thailand", "Viet Nam", "Myanmar", "Philippines"), ("2017-03-08", "respect-international-actip-2017")),
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


def declared_sources() -> set[URIRef]:
    """Every tk:Source declared in a hand-written seed file."""
    found: set[URIRef] = set()
    for path in sorted(SEED.rglob("*.ttl")):
        if path.name.startswith("_") or path.name.endswith(".pages.ttl"):
            continue
        g = Graph().parse(path, format="turtle")
        found.update(s for s in g.subjects(RDF.type, TK.Source) if isinstance(s, URIRef))
    return found


def iso_date(text: str) -> Literal | None:
    text = text.strip()
    if not text:
        return None
    return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)


def build(table: Table, pages_dir: Path, known: set[URIRef]) -> Graph:
    g = Graph()
    for prefix, kind in (
        ("state", "state"),
        ("instrument", "instrument"),
        ("participation", "participation"),
        ("source", "source"),
    ):
        g.bind(prefix, Namespace(f"{ID_BASE}{kind}/"))
    g.bind("tk", TK._NS)
    g.bind("dcterms", DCTERMS)
    g.bind("rdfs", RDFS)
    g.bind("xsd", XSD)

    instrument = iri_for("instrument", table.slug)
    missing: list[str] = []

    def need(local: str) -> URIRef:
        iri = src(local)
        if iri not in known:
            missing.append(local)
        return iri

    with open(pages_dir / table.csv_name, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    seen: set[str] = set()
    for row in rows:
        name = row["participant"].strip()
        if table.only is not None and name not in table.only:
            continue
        if name not in table.iso2:
            raise SystemExit(f"{table.csv_name}: no ISO code for participant {name!r}")
        code = table.iso2[name]
        if code in seen:
            raise SystemExit(f"{table.csv_name}: participant {code} appears twice")
        seen.add(code)

        node = iri_for("participation", f"{table.slug}.{code}")
        g.add((node, RDF.type, TK.Participation))
        g.add((node, RDFS.label, Literal(f"{name} in {table.short_name}")))
        g.add((node, TK.participant, iri_for("state", code)))
        g.add((node, TK.participationIn, instrument))

        signature = iso_date(row["signature"])
        if signature is not None:
            g.add((node, TK.signatureDate, signature))

        notes: list[str] = []
        kind_text = row["consent_type"].strip()
        if kind_text:
            word = kind_text.split()[0].lower()
            if word not in CONSENT_KINDS:
                raise SystemExit(f"{table.csv_name}: unknown consent type {kind_text!r}")
            g.add((node, TK.consentKind, CONSENT_KINDS[word]))
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
            g.add((node, TK.consentDate, consent))

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

        url = row["source_url"].strip()
        if url not in table.sources:
            raise SystemExit(f"{table.csv_name}: no tk:Source mapped for {url}")
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
            g.add((node, TK.entryIntoForceForParticipant, iso_date(when)))
            g.add((node, DCTERMS.source, need(local)))

    unknown = sorted(set(table.iso2) - {r["participant"].strip() for r in rows})
    if unknown and table.only is None:
        raise SystemExit(f"{table.csv_name}: ISO map names not in the table: {unknown}")
    if missing:
        raise SystemExit(
            f"{table.output}: tk:Source not declared under seed/: {sorted(set(missing))}"
        )
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    return g


def render(table: Table, g: Graph) -> str:
    body = g.serialize(format="turtle")
    header = (
        f"# GENERATED by scripts/import_bundled_pages.py from data/pages/{table.csv_name}\n"
        "# (a partial table typed from web pages; see data/pages/SOURCES.md).\n"
        "# Do not edit: change the script or the table and run it again.\n"
    )
    return header + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages-dir", type=Path, default=DEFAULT_PAGES_DIR)
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if a generated file differs from the one on disk",
    )
    args = parser.parse_args(argv)

    known = declared_sources()
    stale = 0
    for table in TABLES:
        text = render(table, build(table, args.pages_dir, known))
        out = SEED / "instruments" / table.output
        if args.check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                print(f"{out.relative_to(ROOT)}: out of date")
                stale += 1
            continue
        out.write_text(text, encoding="utf-8")
        count = text.count("a tk:Participation")
        print(f"wrote {out.relative_to(ROOT)} ({count} participations)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
