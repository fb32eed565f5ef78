"""`tkgraph validate` and `tkgraph reason`: checks of the data files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tkgraph.cli.common import EXIT_PROBLEMS, with_data_options
from tkgraph.settings import Settings


@click.command()
@with_data_options
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--no-reasoner", is_flag=True, help="Skip the OWL consistency check (HermiT, needs Java)."
)
def validate(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    paths: tuple[Path, ...],
    fmt: str,
    no_reasoner: bool,
) -> None:
    """Check the data files: SHACL shapes, references, OWL consistency.

    With PATHS, report only the problems in those files or folders (the whole
    data set is still read, since references cross files). One line per
    problem: file:line, severity, rule id, what is wrong and how to fix it
    (docs/validation-rules.md explains each rule). Exit 0 clean, 1 problems,
    2 usage, 3 could not run (e.g. no Java for the reasoner).
    """
    from tkgraph import validation

    settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir)
    report = validation.validate(
        settings.ontology_dir, settings.seed_dir, list(paths), reasoner=not no_reasoner
    )
    if fmt == "json":
        click.echo(report.to_json())
    else:
        if report.problems:
            click.echo(report.to_text())
        click.echo(report.summary(), err=True)
    sys.exit(0 if report.ok else EXIT_PROBLEMS)


@click.command()
@with_data_options
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where inferred triples are cached (default: $XDG_CACHE_HOME/tkgraph).",
)
def reason(ontology_dir: Path | None, seed_dir: Path | None, cache_dir: Path | None) -> None:
    """Check that ontology and data are consistent (HermiT) and materialise what
    they entail; the result is cached by content hash for `serve --reasoning`.

    Exit 1 if inconsistent (each offending individual or axiom named), 3 if
    the reasoner cannot run (no Java).
    """
    from tkgraph import reasoning
    from tkgraph.rdf.loading import as_rdflib_graph, load

    settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir)
    data = load(settings.ontology_dir, settings.seed_dir)
    graph = as_rdflib_graph(data.store)
    problems = reasoning.check_consistency(graph)
    if problems:
        for problem in problems:
            click.echo(problem)
        click.echo(
            f"Error: the ontology and data are inconsistent ({len(problems)} problem(s)).",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    cache = cache_dir or reasoning.default_cache_dir()
    inferred = reasoning.cached_materialise(graph, data.content_hash, cache)
    click.echo(
        f"Consistent. {len(inferred)} inferred triples cached in {cache} (data version {data.version})."
    )
