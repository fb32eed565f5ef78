"""The participation files generated from the UNTC tables at hand hold exactly
what the tables say.

The counts are recomputed from the CSV files with the csv module alone (no
importer code) and compared with data/SOURCES.md and with the seed files. The
tables are kept in the repository under data/untc/ (see data/SOURCES.md).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, iri_for

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seed"
INSTRUMENTS = SEED / "instruments"
DATA = ROOT / "data" / "untc"

FLAG_KINDS = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}


@dataclass(frozen=True)
class Expected:
    """A table, its seed file and its counts as data/SOURCES.md gives them."""

    table: str
    seed_file: str
    instrument: str
    rows: int
    consents: dict[str, int]  # by kind
    signatures: int


EXPECTED = [
    Expected(
        "treaties_18-12.csv",
        "untoc.untc.ttl",
        "untoc",
        185,
        {"ratification": 140, "accession": 37, "approval": 1, "succession": 1},
        147,
    ),
    Expected(
        "treaties_18-12-a.csv",
        "tip-protocol.untc.ttl",
        "tip-protocol",
        167,
        {"ratification": 107, "accession": 48, "acceptance": 2, "approval": 1, "succession": 1},
        117,
    ),
    Expected(
        "treaties_18-12-b.csv",
        "smuggling-protocol.untc.ttl",
        "smuggling-protocol",
        152,
        {"ratification": 95, "accession": 39, "acceptance": 2, "approval": 1, "succession": 1},
        112,
    ),
    Expected(
        "treaties_4-11-c.csv",
        "crc-opsc.untc.ttl",
        "crc-opsc",
        178,
        {"ratification": 112, "accession": 56, "succession": 1},
        121,
    ),
    Expected(
        "treaties_4-8.csv",
        "cedaw.untc.ttl",
        "cedaw",
        190,
        {"ratification": 96, "accession": 84, "succession": 8},
        99,
    ),
    Expected(
        "treaties_4-11.csv",
        "crc.untc.ttl",
        "crc",
        196,
        {"ratification": 137, "accession": 48, "acceptance": 1, "succession": 8},
        140,
    ),
]
IDS = [e.instrument for e in EXPECTED]

# The tables of the 1904-1956 instruments (data/SOURCES.md, chapter VII and XVIII).
REGIME_FILES = [
    f"{slug}.untc.ttl"
    for slug in (
        "white-slave-traffic-agreement-1904",
        "protocol-1949-amending-1904-1910",
        "white-slave-traffic-agreement-1904-amended-1949",
        "white-slave-traffic-convention-1910",
        "white-slave-traffic-convention-1910-amended-1949",
        "traffic-women-children-convention-1921",
        "protocol-1947-amending-1921-1933",
        "traffic-women-children-convention-1921-amended-1947",
        "traffic-women-full-age-convention-1933",
        "traffic-women-full-age-convention-1933-amended-1947",
        "traffic-persons-convention-1949",
        "traffic-persons-convention-1949-final-protocol",
        "slavery-convention-1926",
        "protocol-1953-amending-slavery-convention",
        "slavery-convention-1926-amended-1953",
        "supplementary-slavery-convention-1956",
    )
]


@dataclass(frozen=True)
class Row:
    name: str
    signature: str | None  # ISO date
    consent: str | None  # ISO date
    kind: str | None


def iso(text: str) -> str:
    return datetime.strptime(text, "%d %b %Y").date().isoformat()


def recount(table: str) -> list[Row]:
    """Read a table with the csv module and plain string handling."""
    rows = []
    with (DATA / table).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        assert header[:2] == ["Participant", "Signature"]
        for name, signature, consent in reader:
            name = re.sub(r"[\d\s,]+$", "", name.strip())
            kind = None
            if consent.strip():
                parts = consent.split()
                date_part, flag = " ".join(parts[:3]), " ".join(parts[3:])
                kind = FLAG_KINDS[flag]
                consent_iso: str | None = iso(date_part)
            else:
                consent_iso = None
            rows.append(Row(name, iso(signature) if signature.strip() else None, consent_iso, kind))
    return rows


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split()).casefold().removeprefix("the ")


@pytest.fixture(scope="module")
def actors() -> Graph:
    graph = Graph()
    for path in sorted((SEED / "actors").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def seed_file(name: str) -> Graph:
    return Graph().parse(INSTRUMENTS / name, format="turtle")


@pytest.mark.parametrize("expected", EXPECTED, ids=IDS)
def test_recount_agrees_with_sources_md(expected: Expected) -> None:
    rows = recount(expected.table)
    assert len(rows) == expected.rows
    assert Counter(r.kind for r in rows if r.kind) == Counter(expected.consents)
    assert sum(r.signature is not None for r in rows) == expected.signatures


@pytest.mark.parametrize("expected", EXPECTED, ids=IDS)
def test_seed_file_holds_the_table(expected: Expected) -> None:
    graph = seed_file(expected.seed_file)
    rows = recount(expected.table)
    nodes = set(graph.subjects(RDF.type, TK.Participation))
    assert len(nodes) == len(rows)
    kinds = Counter(
        str(graph.value(n, TK.consentKind)).rpartition("#")[2]
        for n in nodes
        if graph.value(n, TK.consentKind) is not None
    )
    assert kinds == Counter(r.kind for r in rows if r.kind)
    assert sum(graph.value(n, TK.consentDate) is not None for n in nodes) == sum(
        r.consent is not None for r in rows
    )
    assert sum(graph.value(n, TK.signatureDate) is not None for n in nodes) == sum(
        r.signature is not None for r in rows
    )
    instrument = iri_for("instrument", expected.instrument)
    assert set(graph.objects(None, TK.participationIn)) == {instrument}
    participants = [graph.value(n, TK.participant) for n in nodes]
    assert len(set(participants)) == len(participants)


@pytest.mark.parametrize("expected", EXPECTED, ids=IDS)
def test_every_row_is_matched_with_its_dates(expected: Expected, actors: Graph) -> None:
    graph = seed_file(expected.seed_file)
    by_name: dict[str, URIRef] = {}
    for node in graph.subjects(RDF.type, TK.Participation):
        actor = graph.value(node, TK.participant)
        assert isinstance(node, URIRef)
        assert isinstance(actor, URIRef)
        for prop in (RDFS.label, TK.altName):
            for name in actors.objects(actor, prop):
                by_name[fold(str(name))] = node
    for row in recount(expected.table):
        match = by_name.get(fold(row.name))
        assert match is not None, f"{row.name!r} has no participation in {expected.seed_file}"
        found = {
            prop: graph.value(match, prop)
            for prop in (TK.signatureDate, TK.consentDate, TK.consentKind)
        }
        shown = {prop: None if v is None else str(v) for prop, v in found.items()}
        assert shown[TK.signatureDate] == row.signature, row.name
        assert shown[TK.consentDate] == row.consent, row.name
        kind = shown[TK.consentKind]
        assert (kind.rpartition("#")[2] if kind else None) == row.kind, row.name


def test_tip_protocol_counts() -> None:
    """The numbers the brief checks: 167 rows, 159 consents, 117 signatures."""
    graph = seed_file("tip-protocol.untc.ttl")
    nodes = set(graph.subjects(RDF.type, TK.Participation))
    assert len(nodes) == 167
    assert sum(graph.value(n, TK.consentDate) is not None for n in nodes) == 159
    assert sum(graph.value(n, TK.signatureDate) is not None for n in nodes) == 117


def test_antigua_caveat_is_noted() -> None:
    graph = seed_file("tip-protocol.untc.ttl")
    node = iri_for("participation", "tip-protocol.AG")
    assert graph.value(node, TK.consentKind) == TK.ratification  # as the table says
    assert graph.value(node, TK.verification) == TK.unverified
    assert "accession" in str(graph.value(node, TK.note))


def test_declarations_have_one_statement_per_non_empty_heading() -> None:
    headings: dict[str, list[str]] = {}
    current = ""
    for line in (DATA / "declarations_4-11-c.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            current = line[1:].strip()
            headings[current] = []
        elif line.strip():
            headings[current].append(line)
    with_text = [name for name, lines in headings.items() if lines]
    graph = seed_file("crc-opsc.untc-declarations.ttl")
    participations = seed_file("crc-opsc.untc.ttl")
    statements = set(graph.subjects(TK.statementText, None))
    assert len(statements) == len(with_text) == 16
    for node in statements:
        on = graph.value(node, TK.statementOn)
        assert (on, RDF.type, TK.Participation) in participations
        assert (node, RDF.type, TK.Reservation) in graph or (
            node,
            RDF.type,
            TK.InterpretativeDeclaration,
        ) in graph
        assert graph.value(node, RDFS.label) is not None


def load_script() -> ModuleType:
    path = ROOT / "scripts" / "import_bundled_untc.py"
    spec = importlib.util.spec_from_file_location("import_bundled_untc", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_importing_each_table_again_gives_the_seed_file() -> None:
    script = load_script()
    bundle = script.build_bundle(DATA, SEED)
    assert sorted(p.name for p in bundle.graphs) == sorted(
        [*(e.seed_file for e in EXPECTED), *REGIME_FILES, "crc-opsc.untc-declarations.ttl"]
    )
    for path, graph in bundle.graphs.items():
        on_disk = Graph().parse(path, format="turtle")
        assert isomorphic(graph, on_disk), f"{path.name} is stale: run {script.__file__}"
    assert bundle.skipped_statements == ("Qatar", "Viet Nam")


def test_generated_files_use_only_literal_dates() -> None:
    for expected in EXPECTED:
        graph = seed_file(expected.seed_file)
        for prop in (TK.signatureDate, TK.consentDate):
            for value in graph.objects(None, prop):
                assert isinstance(value, Literal)
                assert value.datatype == XSD.date


# --------------------------------------------------------------------------
# seed/actors/states.ttl covers every state of the data folder
# --------------------------------------------------------------------------

SHARED = DATA.parent
ORGANISATION_NAMES = {"European Union", "European Community"}


def table_names() -> set[str]:
    names: set[str] = set()
    for path in sorted((SHARED / "untc").glob("treaties_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            names |= {re.sub(r"[\d\s,]+$", "", r["Participant"]) for r in csv.DictReader(handle)}
    for path in sorted((SHARED / "pages").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            names |= {r["participant"].strip() for r in csv.DictReader(handle)}
    for path in sorted((SHARED / "wpdl").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            names |= {r["member"].strip() for r in csv.DictReader(handle)}
    return names


def state_names(actors: Graph) -> dict[str, set[URIRef]]:
    found: dict[str, set[URIRef]] = {}
    for state in actors.subjects(RDF.type, TK.State):
        assert isinstance(state, URIRef)
        for prop in (RDFS.label, TK.altName):
            for name in actors.objects(state, prop):
                found.setdefault(fold(str(name)), set()).add(state)
    return found


def test_every_state_name_in_the_data_folder_matches_one_state(actors: Graph) -> None:
    names = state_names(actors)
    assert {n: s for n, s in names.items() if len(s) > 1} == {}
    missing = sorted(n for n in table_names() - ORGANISATION_NAMES if fold(n) not in names)
    assert missing == []


def test_states_cover_un_members_and_non_member_participants(actors: Graph) -> None:
    with (SHARED / "wpdl" / "hr_status_crc.csv").open(encoding="utf-8", newline="") as handle:
        members = {"TL" if r["iso2"] == "TP" else r["iso2"] for r in csv.DictReader(handle)}
    assert len(members) == 193
    states = set(actors.subjects(RDF.type, TK.State))
    for code in members | {"VA", "PS", "CK", "NU"}:
        assert iri_for("state", code) in states, code
    # A state that no longer exists has no ISO 3166-1 code; it is known by its
    # last day or by the states that succeeded it.
    former = {s for s in states if (s, TK.existedUntil, None) in actors}
    former |= {s for s in actors.objects(None, TK.successorOf) if s in states}
    iso3 = []
    for state in states:
        assert isinstance(state, URIRef)
        assert actors.value(state, RDFS.label) is not None, state
        assert actors.value(state, DCTERMS.source) is not None, state
        if state in former:
            assert actors.value(state, TK.iso2) is None, state
            continue
        code = str(state).rpartition("/")[2]
        assert actors.value(state, TK.iso2) == Literal(code)
        three = str(actors.value(state, TK.iso3))
        assert re.fullmatch("[A-Z]{3}", three), code
        iso3.append(three)
    assert len(iso3) == len(set(iso3)) == len(states - former)
    assert former.isdisjoint(iri_for("state", code) for code in members)
    for code in ("VA", "PS", "CK", "NU"):
        assert "Not a UN member" in str(actors.value(iri_for("state", code), TK.note))
