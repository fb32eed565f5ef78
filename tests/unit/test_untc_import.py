"""The UNTC importer on small hand-made tables (tests/fixtures/untc/)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from tkgraph.errors import DataError, UnmatchedNamesError
from tkgraph.importers.untc import (
    ParticipationNote,
    StatementNote,
    TableSource,
    UntcRow,
    actor_labels,
    actor_names,
    build_declarations_graph,
    build_participation_graph,
    classify_statement,
    instrument_short_name,
    normalize_name,
    read_untc_declarations,
    read_untc_table,
    to_turtle,
    write_participation_file,
)
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK, XSD, iri_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "untc"
SLUG = "example-protocol"
SOURCE = TableSource(
    slug="example-table-2014",
    title="Example participation table",
    address="https://example.org/table",
    as_of=date(2014, 1, 27),
    note="Hand-made fixture.",
)
NEWER = TableSource(
    slug="example-table-2015",
    title="Example participation table (newer)",
    address="https://example.org/table",
    as_of=date(2015, 1, 27),
)


def participation(local: str) -> URIRef:
    return iri_for("participation", f"{SLUG}.{local}")


@pytest.fixture(scope="module")
def actors() -> Graph:
    return Graph().parse(FIXTURES / "actors.ttl", format="turtle")


@pytest.fixture(scope="module")
def names(actors: Graph) -> dict[str, URIRef]:
    return actor_names(actors)


def build(
    rows: list[UntcRow],
    names: dict[str, URIRef],
    source: TableSource = SOURCE,
    labels: dict[URIRef, str] | None = None,
) -> Graph:
    return build_participation_graph(
        rows, instrument_slug=SLUG, names=names, source=source, labels=labels
    )


# --------------------------------------------------------------------------
# Reading tables
# --------------------------------------------------------------------------


def test_consent_suffixes_give_the_consent_kind() -> None:
    rows = {row.participant_name: row for row in read_untc_table(FIXTURES / "small.csv")}
    assert rows["France"] == UntcRow(
        "France", date(2000, 12, 12), date(2002, 10, 29), "ratification"
    )
    assert rows["Germany"].consent_kind == "acceptance"
    assert rows["Côte d’Ivoire"] == UntcRow("Côte d’Ivoire", None, date(2012, 10, 25), "accession")
    assert rows["Holy See"].consent_kind == "succession"
    assert rows["European Union"].consent_kind == "approval"


def test_signature_only_row_has_no_consent() -> None:
    rows = {row.participant_name: row for row in read_untc_table(FIXTURES / "small.csv")}
    bolivia = rows["Bolivia (Plurinational State of)"]
    assert bolivia.signature == date(2000, 12, 12)
    assert bolivia.consent is None
    assert bolivia.consent_kind is None


def test_footnote_digits_are_stripped_from_names() -> None:
    names = [row.participant_name for row in read_untc_table(FIXTURES / "small.csv")]
    assert names == [
        "France",
        "Germany",
        "Côte d’Ivoire",
        "Bolivia (Plurinational State of)",
        "Holy See",
        "European Union",
    ]


def test_malformed_date_names_file_and_line() -> None:
    with pytest.raises(DataError) as err:
        read_untc_table(FIXTURES / "bad_date.csv")
    assert f"{FIXTURES / 'bad_date.csv'}:3" in err.value.message
    assert "12 Dex 2000" in err.value.message


def test_unknown_consent_flag_is_an_error() -> None:
    with pytest.raises(DataError, match=r"bad_flag\.csv:2: malformed consent date"):
        read_untc_table(FIXTURES / "bad_flag.csv")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Name,Signature,Ratification\nFrance,,1 Jan 2001\n", "expected the columns"),
        ("Participant,Signature,Ratification\nFrance,,\n", "neither a signature nor a consent"),
        ("Participant,Signature,Ratification\nFrance,31 Feb 2001,\n", "impossible date"),
        ("Participant,Signature,Ratification\nFrance,1 Jan 2001\n", "expected 3 cells"),
        ("", "is empty"),
    ],
)
def test_malformed_tables_raise_data_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_untc_table(path)


def test_missing_table_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="Cannot read UNTC table"):
        read_untc_table(tmp_path / "nope.csv")


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Türkiye", "TURKIYE"),
        ("  Holy   See ", "holy see"),
        ("The former Yugoslav Republic of Macedonia", "former yugoslav republic of macedonia"),
        ("Guinea–Bissau", "Guinea-bissau"),
    ],
)
def test_normalize_name_folds_variants(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


def test_actor_names_cover_labels_alt_names_and_organisations(names: dict[str, URIRef]) -> None:
    assert names[normalize_name("Ivory Coast")] == iri_for("state", "CI")
    assert names[normalize_name("Cote d'Ivoire")] == iri_for("state", "CI")
    assert names[normalize_name("Bolivia")] == iri_for("state", "BO")
    assert names[normalize_name("European Union")] == iri_for("organization", "eu")
    assert names[normalize_name("United Nations Office on Drugs and Crime")] == iri_for(
        "organization", "unodc"
    )
    assert normalize_name("EU") not in names  # short names are not matched
    assert normalize_name("Example Protocol") not in names  # not an actor


def test_a_name_shared_by_two_actors_is_an_error(actors: Graph) -> None:
    graph = Graph()
    for triple in actors:
        graph.add(triple)
    graph.add((iri_for("state", "DE"), TK.altName, Literal("FRANCE")))
    with pytest.raises(DataError, match="'france': state:DE, state:FR"):
        actor_names(graph)


def test_unmatched_names_are_listed_all_at_once(names: dict[str, URIRef]) -> None:
    rows = read_untc_table(FIXTURES / "unmatched.csv")
    with pytest.raises(UnmatchedNamesError) as err:
        build(rows, names)
    assert err.value.names == ["Atlantis", "Freedonia", "Ruritania"]
    assert "3 participant name(s) in 'Example participation table'" in err.value.message
    assert err.value.code == "UNMATCHED_NAMES"


def test_two_rows_for_one_actor_are_an_error(names: dict[str, URIRef]) -> None:
    rows = [
        UntcRow("Türkiye", None, date(2003, 3, 25), "ratification"),
        UntcRow("Turkey", None, date(2003, 3, 25), "ratification"),
    ]
    with pytest.raises(DataError, match="both name state:TR"):
        build(rows, names)


# --------------------------------------------------------------------------
# Building the graph
# --------------------------------------------------------------------------


def test_each_row_gives_one_participation(names: dict[str, URIRef]) -> None:
    graph = build(read_untc_table(FIXTURES / "small.csv"), names)
    found = set(graph.subjects(RDF.type, TK.Participation))
    assert found == {participation(x) for x in ("FR", "DE", "CI", "BO", "VA", "eu")}
    fr = participation("FR")
    assert graph.value(fr, TK.participant) == iri_for("state", "FR")
    assert graph.value(fr, TK.participationIn) == iri_for("instrument", SLUG)
    assert graph.value(fr, TK.signatureDate) == Literal(date(2000, 12, 12))
    assert graph.value(fr, TK.consentDate) == Literal(date(2002, 10, 29))
    assert graph.value(fr, TK.consentDate).datatype == XSD.date  # type: ignore[union-attr]
    assert graph.value(fr, TK.consentKind) == TK.ratification
    assert graph.value(participation("DE"), TK.consentKind) == TK.acceptance
    assert graph.value(participation("CI"), TK.consentKind) == TK.accession
    assert graph.value(participation("VA"), TK.consentKind) == TK.succession
    assert graph.value(participation("eu"), TK.consentKind) == TK.approval
    assert graph.value(participation("eu"), TK.participant) == iri_for("organization", "eu")
    bo = participation("BO")
    assert graph.value(bo, TK.consentKind) is None
    assert graph.value(bo, TK.consentDate) is None


def test_participations_cite_the_table_source(names: dict[str, URIRef]) -> None:
    graph = build(read_untc_table(FIXTURES / "small.csv"), names)
    source = iri_for("source", SOURCE.slug)
    assert (source, RDF.type, TK.Source) in graph
    assert graph.value(source, DCTERMS.title) == Literal(SOURCE.title)
    assert graph.value(source, TK.address) == Literal(SOURCE.address, datatype=XSD.anyURI)
    assert graph.value(source, TK.asOfDate) == Literal(date(2014, 1, 27))
    assert graph.value(source, TK.note) == Literal("Hand-made fixture.")
    for node in graph.subjects(RDF.type, TK.Participation):
        assert graph.value(node, TK.sourceTable) == source
        assert graph.value(node, DCTERMS.source) == source
        assert graph.value(node, RDFS.label) is not None


def test_labels_use_actor_labels_and_instrument_short_name(actors: Graph) -> None:
    rows = read_untc_table(FIXTURES / "small.csv")
    names = actor_names(actors)
    plain = build(rows, names)
    assert str(plain.value(participation("CI"), RDFS.label)) == "Côte d’Ivoire in example-protocol"
    named = build_participation_graph(
        rows,
        instrument_slug=SLUG,
        names=names,
        source=SOURCE,
        labels=actor_labels(actors),
        instrument_name=instrument_short_name(actors, SLUG),
    )
    label = str(named.value(participation("CI"), RDFS.label))
    assert label == "Côte d'Ivoire in the Example Protocol"


def test_notes_mark_a_row(names: dict[str, URIRef]) -> None:
    rows = read_untc_table(FIXTURES / "small.csv")
    note = ParticipationNote("No flag in the table.", unverified=True)
    graph = build_participation_graph(
        rows, instrument_slug=SLUG, names=names, source=SOURCE, notes={"france": note}
    )
    assert graph.value(participation("FR"), TK.note) == Literal("No flag in the table.")
    assert graph.value(participation("FR"), TK.verification) == TK.unverified
    assert graph.value(participation("DE"), TK.note) is None
    with pytest.raises(DataError, match="not in the table: 'Spain'"):
        build_participation_graph(
            rows, instrument_slug=SLUG, names=names, source=SOURCE, notes={"Spain": note}
        )


def test_bad_slug_is_refused(names: dict[str, URIRef]) -> None:
    with pytest.raises(DataError, match="not lowercase-kebab"):
        build_participation_graph([], instrument_slug="Bad Slug", names=names, source=SOURCE)


# --------------------------------------------------------------------------
# Writing files: determinism and the change report
# --------------------------------------------------------------------------


def test_written_file_round_trips_and_is_deterministic(
    tmp_path: Path, names: dict[str, URIRef]
) -> None:
    graph = build(read_untc_table(FIXTURES / "small.csv"), names)
    out = tmp_path / "example-protocol.untc.ttl"
    first = write_participation_file(graph, out)
    assert first.created
    assert len(first.added) == 7  # 6 participations and the source
    text = out.read_bytes()
    assert isomorphic(Graph().parse(out, format="turtle"), graph)

    rebuilt = build(read_untc_table(FIXTURES / "small.csv"), names)
    again = write_participation_file(rebuilt, out)
    assert again.unchanged
    assert (again.added, again.removed, again.changed) == ((), (), ())
    assert out.read_bytes() == text


def test_header_and_prefixes_follow_the_template(tmp_path: Path, names: dict[str, URIRef]) -> None:
    text = to_turtle(build(read_untc_table(FIXTURES / "small.csv"), names))
    lines = text.splitlines()
    assert lines[0].startswith("# GENERATED FILE - DO NOT EDIT")
    assert "`tkgraph import untc`" in lines[0]
    assert "# From: Example participation table" in lines
    # rdflib's serializer writes the prefixes it uses, each with the namespace
    # the template gives it.
    template = (ROOT / "seed" / "_template.ttl").read_text(encoding="utf-8").splitlines()
    namespaces = dict(line.split()[1:3] for line in template if line.startswith("@prefix"))
    written = [line.split()[1:3] for line in lines if line.startswith("@prefix")]
    assert {"tk:", "participation:", "source:"} <= {prefix for prefix, _ in written}
    for prefix, namespace in written:
        assert namespaces.get(prefix, namespace) == namespace


def test_rerun_on_a_newer_table_reports_changes(
    tmp_path: Path, actors: Graph, names: dict[str, URIRef]
) -> None:
    out = tmp_path / "example-protocol.untc.ttl"
    labels = actor_labels(actors)
    write_participation_file(
        build(read_untc_table(FIXTURES / "small.csv"), names, labels=labels), out
    )
    newer = build(read_untc_table(FIXTURES / "small_newer.csv"), names, NEWER, labels)
    changes = write_participation_file(newer, out)

    assert not changes.created
    assert changes.added == ("participation:example-protocol.TR", "source:example-table-2015")
    assert changes.removed == ("participation:example-protocol.VA", "source:example-table-2014")
    bolivia = {c.field: c for c in changes.changed if c.node.endswith(".BO")}
    assert bolivia["tk:consentDate"].old == ()
    assert bolivia["tk:consentDate"].new == ("2006-05-18",)
    assert bolivia["tk:consentKind"].new == ("tk:ratification",)
    france = {c.field: c for c in changes.changed if c.node.endswith(".FR")}
    assert france["tk:sourceTable"].old == ("source:example-table-2014",)
    assert france["tk:sourceTable"].new == ("source:example-table-2015",)
    assert "tk:consentDate" not in france
    ci = {c.field for c in changes.changed if c.node.endswith(".CI")}
    assert ci == {"tk:sourceTable", "dcterms:source"}  # the curly apostrophe changed nothing

    written = Graph().parse(out, format="turtle")
    assert isomorphic(written, newer)
    participants = list(written.objects(None, TK.participant))
    assert len(participants) == len(set(participants)) == 6  # no duplicates


def test_identical_table_reports_no_change_even_with_new_file_layout(
    tmp_path: Path, names: dict[str, URIRef]
) -> None:
    graph = build(read_untc_table(FIXTURES / "small.csv"), names)
    out = tmp_path / "example.ttl"
    out.write_text(graph.serialize(format="turtle"), encoding="utf-8")  # other layout
    changes = write_participation_file(graph, out)
    assert changes.unchanged
    assert out.read_text(encoding="utf-8") == to_turtle(graph)


def test_unreadable_old_file_is_an_error(tmp_path: Path, names: dict[str, URIRef]) -> None:
    out = tmp_path / "broken.ttl"
    out.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(DataError, match="Delete the file"):
        write_participation_file(build(read_untc_table(FIXTURES / "small.csv"), names), out)


def test_strings_are_escaped(tmp_path: Path) -> None:
    graph = Graph()
    node = iri_for("statement", "x.FR")
    text = 'He said "no" \\ then\nleft\ttoday – ‘quoted’'
    graph.add((node, TK.statementText, Literal(text)))
    graph.add((node, TK.isSecondary, Literal(True)))
    out = tmp_path / "escaped.ttl"
    write_participation_file(graph, out)
    assert isomorphic(Graph().parse(out, format="turtle"), graph)


def test_blank_nodes_are_refused(tmp_path: Path) -> None:
    from rdflib import BNode

    graph = Graph()
    graph.add((BNode(), RDFS.label, Literal("x")))
    with pytest.raises(DataError, match="no blank nodes"):
        write_participation_file(graph, tmp_path / "x.ttl")


def test_fixture_folder_is_left_untouched(tmp_path: Path, names: dict[str, URIRef]) -> None:
    # write_participation_file never touches anything but its output file
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    write_participation_file(build(read_untc_table(copy / "small.csv"), names), copy / "out.ttl")
    assert sorted(p.name for p in copy.iterdir()) == sorted(
        [*(p.name for p in FIXTURES.iterdir()), "out.ttl"]
    )


# --------------------------------------------------------------------------
# Declarations
# --------------------------------------------------------------------------


def test_read_declarations_keeps_empty_headings() -> None:
    found = read_untc_declarations(FIXTURES / "declarations.txt")
    assert [name for name, _ in found] == ["France", "Germany", "Holy See", "Turkey"]
    assert dict(found)["Holy See"] == ""
    assert dict(found)["France"].startswith("France declares")


def test_text_before_a_heading_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("stray text\n#France\nx\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"d\.txt:1: text before the first"):
        read_untc_declarations(path)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("X does not consider itself bound by article 5 (2).", "reservation"),
        ("..... with a reservation in respect of paragraph 5 of article 3.", "reservation"),
        ("Reservations: none of the above.", "reservation"),
        ("X declares that it interprets article 2 narrowly.", "declaration"),
    ],
)
def test_classify_statement(text: str, kind: str) -> None:
    assert classify_statement(text) == kind


def test_declarations_graph(actors: Graph, names: dict[str, URIRef]) -> None:
    declarations = read_untc_declarations(FIXTURES / "declarations.txt")
    participations = build(read_untc_table(FIXTURES / "small_newer.csv"), names)
    known = set(participations.subjects(RDF.type, TK.Participation))
    art_5_2 = iri_for("provision", f"{SLUG}.art-5-2")
    result = build_declarations_graph(
        declarations,
        instrument_slug=SLUG,
        names=names,
        source=SOURCE,
        labels=actor_labels(actors),
        instrument_name="Example Protocol",
        notes={
            "France": StatementNote(note="Checked."),
            "Germany": StatementNote(excludes=(art_5_2,)),
        },
        known_participations=known,
    )
    graph = result.graph
    assert result.skipped_empty == ("Holy See",)
    france = iri_for("statement", f"{SLUG}.FR")
    germany = iri_for("statement", f"{SLUG}.DE")
    turkey = iri_for("statement", f"{SLUG}.TR")
    assert (france, RDF.type, TK.InterpretativeDeclaration) in graph
    assert (germany, RDF.type, TK.Reservation) in graph
    assert (turkey, RDF.type, TK.InterpretativeDeclaration) in graph
    assert graph.value(germany, TK.statementOn) == participation("DE")
    assert graph.value(germany, TK.excludesProvision) == art_5_2
    assert str(graph.value(turkey, RDFS.label)) == "Türkiye: declaration on the Example Protocol"
    assert str(graph.value(germany, RDFS.label)) == "Germany: reservation to the Example Protocol"
    assert str(graph.value(france, TK.statementText)).startswith("France declares")
    assert graph.value(france, TK.note) == Literal("Checked.")
    for node in (france, germany, turkey):
        assert graph.value(node, DCTERMS.source) == iri_for("source", SOURCE.slug)


def test_declaration_kind_can_be_overridden(names: dict[str, URIRef]) -> None:
    result = build_declarations_graph(
        [("France", "It has entered a reservation to another treaty.")],
        instrument_slug=SLUG,
        names=names,
        source=SOURCE,
        notes={"France": StatementNote(kind="declaration")},
    )
    assert (iri_for("statement", f"{SLUG}.FR"), RDF.type, TK.InterpretativeDeclaration) in (
        result.graph
    )


def test_only_reservations_exclude_provisions(names: dict[str, URIRef]) -> None:
    with pytest.raises(DataError, match="not a reservation"):
        build_declarations_graph(
            [("France", "France declares things.")],
            instrument_slug=SLUG,
            names=names,
            source=SOURCE,
            notes={"France": StatementNote(excludes=(iri_for("provision", f"{SLUG}.art-1"),))},
        )


def test_statement_without_participation_is_an_error(names: dict[str, URIRef]) -> None:
    with pytest.raises(DataError, match="no participation for 'Germany'"):
        build_declarations_graph(
            [("Germany", "Germany declares things.")],
            instrument_slug=SLUG,
            names=names,
            source=SOURCE,
            known_participations={participation("FR")},
        )


def test_unmatched_declarant_is_reported(names: dict[str, URIRef]) -> None:
    with pytest.raises(UnmatchedNamesError) as err:
        build_declarations_graph(
            [("Ruritania", "Declares."), ("Atlantis", "Declares.")],
            instrument_slug=SLUG,
            names=names,
            source=SOURCE,
        )
    assert err.value.names == ["Atlantis", "Ruritania"]


def test_league_era_tables_without_signature_column_are_read() -> None:
    # VII-8, the 1904 Agreement: only successions since the UN took it over.
    rows = read_untc_table(ROOT / "data" / "untc" / "treaties_7-8.csv")
    assert len(rows) == 5
    assert all(r.signature is None and r.consent_kind == "succession" for r in rows)
    fiji = next(r for r in rows if r.participant_name == "Fiji")
    assert fiji.consent == date(1972, 6, 12)


def test_definitive_signature_is_a_consent() -> None:
    rows = {
        r.participant_name: r for r in read_untc_table(ROOT / "data" / "untc" / "treaties_7-1.csv")
    }
    assert rows["Australia"].consent == date(1947, 11, 13)
    assert rows["Australia"].consent_kind == "definitive signature"


def test_an_amended_version_counts_parties_through_the_protocol_and_accessions() -> None:
    rows = {
        r.participant_name: r for r in read_untc_table(ROOT / "data" / "untc" / "treaties_18-2.csv")
    }
    assert (rows["Afghanistan"].consent, rows["Afghanistan"].consent_kind) == (
        date(1954, 8, 16),
        "participation through the amending protocol",
    )
    assert rows["Antigua and Barbuda"].consent_kind == "participation through the amending protocol"
    assert (rows["Albania"].consent, rows["Albania"].consent_kind) == (
        date(1957, 7, 2),
        "accession",
    )
    assert all(r.signature is None for r in rows.values())
