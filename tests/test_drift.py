"""Things that must not drift apart: the SDL file, the IRI vocabulary and the
ontology, the CLI and the README."""

from click.testing import CliRunner
from rdflib import Graph, URIRef

from tests.conftest import ONTOLOGY, ROOT
from tkgraph.api.schema import build_schema
from tkgraph.cli import main
from tkgraph.rdf.vocab import TK


def test_committed_schema_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == build_schema().as_str() + "\n", "run: tkgraph schema -o schema.graphql"


def test_vocab_terms_equal_ontology_terms() -> None:
    ontology = Graph().parse(ONTOLOGY / "tkgraph.ttl")
    declared = {
        str(s)[len(str(TK)) :]
        for s in ontology.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(TK))
    }
    in_vocab = set(TK.__annotations__)
    assert declared == in_vocab


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in main.commands:  # type: ignore[attr-defined]
        assert f"tkgraph {name}" in readme, name


def test_cli_help_works_for_every_command() -> None:
    runner = CliRunner()
    for name in main.commands:  # type: ignore[attr-defined]
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name


def test_every_error_class_is_in_docs_errors() -> None:
    """docs/errors.md has one row per error class, with its code and HTTP status."""
    import inspect

    from tkgraph import errors

    rows = {
        tuple(cell.strip(" `") for cell in line.split("|")[1:3])
        for line in (ROOT / "docs" / "errors.md").read_text().splitlines()
        if line.startswith("| `")
    }
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, errors.TkgraphError)
    ]
    assert len(classes) > 10
    for error_class in classes:
        assert (error_class.code, str(error_class.status)) in rows, error_class.__name__
