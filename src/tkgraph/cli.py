"""The `tkgraph` command. The only module that prints or exits.

Exit codes: 0 ok; 1 problems found in the data or the query; 2 usage error;
3 could not run (unparseable data, missing folder, port in use).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from tkgraph import __version__
from tkgraph.errors import ConfigError, TkgraphError
from tkgraph.rdf.loading import DataFile
from tkgraph.service.snapshot import Snapshot, build_snapshot_for
from tkgraph.settings import Settings

EXIT_PROBLEMS, EXIT_USAGE, EXIT_CANNOT_RUN = 1, 2, 3

data_options = [
    click.option(
        "--ontology",
        "ontology_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder with the ontology (*.ttl). Default: the bundled ontology/.",
    ),
    click.option(
        "--seed",
        "seed_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder with the seed data (**/*.ttl). Default: the bundled seed/.",
    ),
]


# The importers write generated files into a seed folder.
seed_to_write_option = click.option(
    "--seed",
    "seed_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Seed folder to write to. Default: the bundled seed/.",
)


def with_data_options(func: Any) -> Any:
    for option in reversed(data_options):
        func = option(func)
    return func


def fail(exc: TkgraphError, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    context = click.get_current_context(silent=True)
    if context is not None and (context.obj or {}).get("debug"):
        # The exception being handled (the cause, when exc wraps it); an error
        # made up on the spot has no traceback, so show where it was reported.
        handled = sys.exc_info()[1] is not None
        trace = traceback.format_exc() if handled else "".join(traceback.format_stack()[:-1])
        click.echo(trace, err=True, nl=False)
    click.echo(f"Error: {exc}", err=True)
    sys.exit(code)


def load_snapshot(settings: Settings, quiet: bool = False) -> Snapshot:
    def progress(data_file: DataFile, done: int, total: int) -> None:
        # Long loads (many files) say how far they are, every tenth of the files.
        if total >= 50 and done % max(1, total // 10) == 0:
            click.echo(f"  parsed {done}/{total} files ({data_file.relative})", err=True)

    try:
        snapshot = build_snapshot_for(settings, None if quiet else progress)
    except TkgraphError as exc:
        fail(exc)
    except (OSError, RuntimeError) as exc:  # e.g. an unreadable --store-dir
        fail(TkgraphError(f"Cannot load the data: {exc}.", "Check the folders and --store-dir."))
    if not quiet:
        click.echo(
            f"Loaded {snapshot.data.triple_count} triples from {len(snapshot.data.files)} files "
            f"in {snapshot.load_seconds:.2f} s (data version {snapshot.version}).",
            err=True,
        )
    return snapshot


# Bad data can hold thousands of problems: the first ones say what is wrong.
MAX_PROBLEM_LINES = 20


def warn_read_model_problems(snapshot: Snapshot) -> None:
    """What the read model skipped while it was built (a date that does not parse,
    a record missing its subject): without validation, or with a remote
    endpoint, nothing else reports it."""
    problems = snapshot.model.problems
    for problem in problems[:MAX_PROBLEM_LINES]:
        click.echo(f"warning: data problem: {problem}", err=True)
    if len(problems) > MAX_PROBLEM_LINES:
        click.echo(f"warning: ... and {len(problems) - MAX_PROBLEM_LINES} more", err=True)


@click.group()
@click.version_option(__version__, prog_name="tkgraph")
@click.option(
    "--debug", is_flag=True, help="Log debug messages, and show the traceback of an error."
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """tkgraph: who is bound to what, and who cooperates with whom, in the
    international fight against human trafficking, with sources."""
    ctx.obj = {"debug": debug}
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO, format="%(levelname)s %(name)s: %(message)s"
    )


@main.command()
@with_data_options
@click.option("--host", default=None, help="Interface to listen on. Default 127.0.0.1.")
@click.option("--port", type=int, default=None, help="Port. Default 8000.")
@click.option(
    "--admin-token", default=None, help="Enables POST /admin/reload with this bearer token."
)
@click.option(
    "--store-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the parsed store on disk here, per data version, so restarts skip parsing.",
)
@click.option(
    "--reasoning/--no-reasoning",
    default=False,
    help="Add what the ontology entails (HermiT, needs Java; cached) as the named graph "
    "urn:tkgraph:graph:inferred.",
)
@click.option(
    "--no-validate",
    is_flag=True,
    help="Serve without validating the data files first (faster start, no safety net).",
)
@click.option(
    "--sparql-endpoint",
    default=None,
    help="Read the graph from this SPARQL 1.1 query URL instead of --ontology/--seed.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Allowed browser origin (repeat). Default: any.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes sharing the port (each loads its own copy of the data). Default 1.",
)
@click.option(
    "--read-timeout",
    type=float,
    default=None,
    help="Seconds a client has to send a whole request before it is disconnected. Default 15.",
)
def serve(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    host: str | None,
    port: int | None,
    admin_token: str | None,
    store_dir: Path | None,
    reasoning: bool,
    no_validate: bool,
    sparql_endpoint: str | None,
    cors_origins: tuple[str, ...],
    workers: int | None,
    read_timeout: float | None,
) -> None:
    """Serve the GraphQL API (and GraphiQL) at http://HOST:PORT/graphql."""
    from tkgraph.web.app import create_app

    try:
        settings = Settings.from_env(
            ontology_dir=ontology_dir,
            seed_dir=seed_dir,
            host=host,
            port=port,
            admin_token=admin_token,
            cors_origins=cors_origins or None,
            sparql_endpoint=sparql_endpoint,
            reasoning=reasoning or None,
            store_dir=store_dir,
            workers=workers,
            read_timeout=read_timeout,
        )
    except TkgraphError as exc:
        fail(exc, EXIT_USAGE)
    if settings.workers > 1 and settings.admin_token:
        fail(
            ConfigError(
                "--admin-token with --workers: a reload would reach one worker only, and the "
                "workers would then serve different data.",
                "Restart the service to reload, or run single-worker processes behind the proxy.",
            ),
            EXIT_USAGE,
        )
    _check_port_free(settings.host, settings.port)
    snapshot = load_snapshot(settings)
    warn_read_model_problems(snapshot)
    if not no_validate and not settings.sparql_endpoint:
        from tkgraph.settings import default_cache_dir
        from tkgraph.validation import validate_once

        report = validate_once(
            settings.ontology_dir,
            settings.seed_dir,
            snapshot.data.content_hash,
            default_cache_dir(),
        )
        if report is not None and not report.ok:
            click.echo(report.to_text(), err=True)
            click.echo(
                f"Error: the data has problems; not serving it. {report.summary()}", err=True
            )
            sys.exit(EXIT_PROBLEMS)
    click.echo(f"GraphQL at http://{settings.host}:{settings.port}/graphql", err=True)
    if settings.workers > 1:
        # Each worker is a new process that loads the data itself (from the
        # validated files, or --store-dir); settings reach it through TKGRAPH_*.
        del snapshot
        os.environ.update(settings_environment(settings))
        _run_server("tkgraph.web.app:app_from_environment", settings, factory=True)
    else:
        _run_server(create_app(settings, snapshot), settings)


def _run_server(app: Any, settings: Settings, factory: bool = False) -> None:
    import uvicorn

    from tkgraph.web.serving import guarded_protocol

    # Resolvers of heavy GraphQL queries run in worker threads; a shorter switch
    # interval (default 5 ms) makes them hand the interpreter back to the event
    # loop sooner, so small requests wait less behind them (issue 13).
    sys.setswitchinterval(0.001)
    # httptools + uvloop: with the default h11 protocol and 2 workers the
    # issue measured every request stalling at a flat 44 ms.
    uvicorn.run(
        app,
        factory=factory,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if factory else None,
        http=guarded_protocol(settings.read_timeout, settings.write_timeout),
        loop="uvloop",
        log_level=settings.log_level,
        # Longer than uvicorn's 5 s default, so that busy clients reusing a
        # keep-alive connection do not race its closing.
        timeout_keep_alive=int(settings.keep_alive_timeout),
        limit_concurrency=settings.max_connections,
    )


def settings_environment(settings: Settings) -> dict[str, str]:
    """TKGRAPH_* variables that rebuild these settings in another process."""
    from dataclasses import fields

    env = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if value is None:
            continue
        if isinstance(value, tuple):
            value = ",".join(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        env[f"TKGRAPH_{f.name.upper()}"] = str(value)
    return env


def _check_port_free(host: str, port: int) -> None:
    """Fail early, with exit 3 and a clear message, when the port is taken."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            click.echo(
                f"Error: cannot listen on {host}:{port}: {exc.strerror}. "
                "Pick another --port or stop the process using it.",
                err=True,
            )
            sys.exit(EXIT_CANNOT_RUN)


def _parse_variables(variables: str | None, var: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if variables:
        try:
            loaded = json.loads(variables)
        except json.JSONDecodeError as exc:
            raise click.BadParameter(f"not valid JSON: {exc}", param_hint="--variables") from None
        if not isinstance(loaded, dict):
            raise click.BadParameter("must be a JSON object", param_hint="--variables")
        result.update(loaded)
    for item in var:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--var")
        result[name] = value
    return result


@main.command()
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
    try:
        report = validation.validate(
            settings.ontology_dir, settings.seed_dir, list(paths), reasoner=not no_reasoner
        )
    except TkgraphError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        if report.problems:
            click.echo(report.to_text())
        click.echo(report.summary(), err=True)
    sys.exit(0 if report.ok else EXIT_PROBLEMS)


@main.command()
@with_data_options
@click.argument("document", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.File("r"),
    help="Read the GraphQL document from a file ('-' for stdin).",
)
@click.option("--var", multiple=True, help="A variable as NAME=VALUE (string). Repeatable.")
@click.option("--variables", help="Variables as a JSON object.")
@click.option(
    "--as-of-today",
    "today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The date used when a query gives no asOf (default: today).",
)
def query(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    document: str | None,
    file: Any,
    var: tuple[str, ...],
    variables: str | None,
    today: Any,
) -> None:
    """Run a GraphQL DOCUMENT in-process and print the JSON response.

    Exit 1 if the response has errors.
    """
    from tkgraph.api.context import Context
    from tkgraph.api.schema import build_schema, limits_for

    if document is None and file is None:
        if sys.stdin.isatty():
            raise click.UsageError(
                "Give a GraphQL document as an argument, with -f FILE, or on stdin."
            )
        document = sys.stdin.read()
    elif document is None:
        document = file.read()
    settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir)
    snapshot = load_snapshot(settings, quiet=True)
    warn_read_model_problems(snapshot)
    context = Context(snapshot, settings, today.date() if today else date.today())
    result = build_schema(limits_for(settings)).execute_sync(
        document, variable_values=_parse_variables(variables, var), context_value=context
    )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    click.echo(json.dumps(body, indent=2, ensure_ascii=False, default=str))
    # What the answer used past the data's coverage, or from partial data
    # (the same list a server sends in the response's extensions.warnings).
    for warning in (result.extensions or {}).get("warnings", []):
        coverage = warning["coverageDate"] or "no complete list"
        # An instrument's participant list, or an organisation's membership roster.
        about = warning.get("instrument") or warning.get("organization")
        click.echo(
            f"warning: {warning['code']} {about} ({coverage}): {warning['message']}",
            err=True,
        )
    sys.exit(EXIT_PROBLEMS if result.errors else 0)


@main.command()
@with_data_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write; the format follows its extension.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "nq", "trig", "jsonld"]),
    default=None,
    help="Output format (required when writing to stdout).",
)
@click.option(
    "--inferred",
    is_flag=True,
    help="Include what the ontology entails (HermiT), in the graph urn:tkgraph:graph:inferred.",
)
def export(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    output: Path | None,
    fmt: str | None,
    inferred: bool,
) -> None:
    """Export the loaded data set (ontology and seed) as RDF."""
    from tkgraph.rdf import export as exporting

    try:
        chosen = fmt or (exporting.format_for_extension(output.suffix) if output else None)
    except TkgraphError as exc:
        fail(exc, EXIT_USAGE)
    if chosen is None:
        raise click.UsageError(
            "Pass --format when writing to stdout (or -o FILE.ttl|.nt|.nq|.trig|.jsonld)."
        )
    settings = Settings.from_env(
        ontology_dir=ontology_dir, seed_dir=seed_dir, reasoning=inferred or None
    )
    snapshot = load_snapshot(settings, quiet=True)
    payload = exporting.export(snapshot.data, chosen)
    if output is None:
        sys.stdout.buffer.write(payload)
    else:
        output.write_bytes(payload)
        click.echo(f"Wrote {len(payload)} bytes to {output}.", err=True)


@main.command(name="export-table")
@with_data_options
@click.argument(
    "table", type=click.Choice(["bindings", "matrix", "participations", "members", "cooperation",
                                "timeline"])
)  # fmt: skip
@click.option("--instrument", help="Instrument id (bindings, participations, timeline).")
@click.option("--as-of", "as_of", help="Date YYYY-MM-DD (default: today).")
@click.option("--actors", help="Comma-separated actor ids (matrix).")
@click.option("--instruments", help="Comma-separated instrument ids (matrix).")
@click.option("--organization", help="Organisation id (members).")
@click.option("--actor", help="Actor id (cooperation).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="File to write (default stdout)."
)
def export_table(
    ontology_dir: Path | None,
    seed_dir: Path | None,
    table: str,
    instrument: str | None,
    as_of: str | None,
    actors: str | None,
    instruments: str | None,
    organization: str | None,
    actor: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Write a researchers' table as CSV or JSON: the same as /export/<table>.<format>."""
    from tkgraph.web import downloads

    settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir)
    snapshot = load_snapshot(settings, quiet=True)
    params = {"instrument": instrument, "asOf": as_of, "until": as_of, "actors": actors,
              "instruments": instruments, "organization": organization, "actor": actor}  # fmt: skip
    try:
        text = downloads.build(snapshot, table, params).render(fmt)
    except TkgraphError as exc:
        fail(exc, EXIT_USAGE)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_bytes(text.encode("utf-8"))  # as is: CSV rows end in CRLF (RFC 4180)
        click.echo(f"Wrote {output}.", err=True)


@main.command()
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
    try:
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
    except TkgraphError as exc:
        fail(exc)
    click.echo(
        f"Consistent. {len(inferred)} inferred triples cached in {cache} (data version {data.version})."
    )


@main.group(name="import")
def import_group() -> None:
    """Import participation tables into seed files."""


def _depositary_options(command: Any) -> Any:
    """The options `import untc` and `import normlex` share."""
    for option in reversed(
        (
            click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
            click.option(
                "--instrument",
                "instrument_id",
                required=True,
                help="The instrument the table is for: 'instrument:tip-protocol' or 'tip-protocol'.",
            ),
            click.option(
                "--as-of",
                "as_of",
                default=None,
                type=click.DateTime(["%Y-%m-%d"]),
                help="The page's 'status as at' date (YYYY-MM-DD). Default: the table's newest "
                "deposit or registration, the day it is safely complete as of.",
            ),
            click.option(
                "--copy-of",
                default=None,
                help="The table was read from a copy of the page: 'owner/name:path@commit' of "
                "the GitHub file. The seed file then cites the page and the copy.",
            ),
            click.option(
                "--stem",
                default=None,
                help="The generated file is seed/instruments/<slug>.<stem>.ttl. Default: the "
                "layout's name (untc, normlex); another stem keeps an older table's file.",
            ),
            click.option(
                "--party-count",
                type=int,
                default=None,
                help="A party count for the --as-of date that the table's consents must equal "
                "(tk:checkedAgainst).",
            ),
            click.option(
                "--party-count-source",
                default=None,
                help="The tk:Source (source:<slug>, declared in seed/) that gives --party-count.",
            ),
            seed_to_write_option,
        )
    ):
        command = option(command)
    return command


@import_group.command(name="untc")
@_depositary_options
@click.option(
    "--source-url",
    default=None,
    help="Where the table was read. Default: the UNTC page of the instrument's tk:untcReference.",
)
def import_untc(
    table: Path,
    instrument_id: str,
    as_of: Any,
    copy_of: str | None,
    stem: str | None,
    party_count: int | None,
    party_count_source: str | None,
    seed_dir: Path | None,
    source_url: str | None,
) -> None:
    """Turn a UN Treaty Collection status TABLE (Participant, Signature, a
    consent column with a/A/AA/d flags; comma, semicolon or tab separated, as
    copied from the page) into seed/instruments/<slug>.untc.ttl, and report
    what changed. Footnote numbers after names ("China 2") are dropped.

    Every participant name must match an actor (rdfs:label or tk:altName in
    seed/actors/): all unmatched names are listed at once, and nothing is
    written. Re-running on a newer table updates the file without duplicates.
    Exit 1 if names do not match or the data is wrong.

    The file also holds the tk:ParticipantList list:<slug>.<stem>, complete as
    of --as-of or the newest deposit (a depositary's status table lists every
    participant), checked against --party-count when given.
    """
    _import_depositary("untc", table, instrument_id, as_of, copy_of, stem, party_count,
                       party_count_source, seed_dir, source_url)  # fmt: skip


@import_group.command(name="normlex")
@_depositary_options
@click.option(
    "--source-url",
    required=True,
    help="The NORMLEX page the table was read from (its 'Ratifications of ...' page).",
)
def import_normlex(
    table: Path,
    instrument_id: str,
    as_of: Any,
    copy_of: str | None,
    stem: str | None,
    party_count: int | None,
    party_count_source: str | None,
    seed_dir: Path | None,
    source_url: str,
) -> None:
    """Turn an ILO NORMLEX ratification TABLE (Country, Date registered, Status,
    Note) into seed/instruments/<slug>.normlex.ttl, and report what changed.

    "Not in force" with "will enter into force for X on D" gives the
    registration as consent and D as its entry into force; "Denounced on D"
    gives a denunciation, which takes effect by the instrument's rule
    (tk:monthsAfterDenunciation). Entry into force for the others follows from
    the instrument's rule (ILO: twelve months after registration). Every
    unmatched name is listed at once and nothing is written; a note the
    importer does not understand is an error.
    """
    _import_depositary("normlex", table, instrument_id, as_of, copy_of, stem, party_count,
                       party_count_source, seed_dir, source_url)  # fmt: skip


def _import_depositary(
    layout: str,
    table: Path,
    instrument_id: str,
    as_of: Any,
    copy_of: str | None,
    stem: str | None,
    party_count: int | None,
    party_count_source: str | None,
    seed_dir: Path | None,
    source_url: str | None,
) -> None:
    from tkgraph.importers.untc import CopyOf, import_depositary

    settings = Settings.from_env(seed_dir=seed_dir)
    try:
        changes = import_depositary(
            layout,
            table,
            instrument_id.removeprefix("instrument:"),
            settings.seed_dir,
            as_of=as_of.date() if as_of else None,
            address=source_url,
            party_count=party_count,
            party_count_source=party_count_source,
            copy_of=CopyOf.parse(copy_of) if copy_of else None,
            stem=stem,
        )
    except TkgraphError as exc:
        fail(exc, EXIT_PROBLEMS)
    _echo_changes(changes)


def _echo_changes(changes: Any) -> None:
    verb = "Created" if changes.created else "Updated" if not changes.unchanged else "Unchanged:"
    click.echo(f"{verb} {changes.path}")
    for node in changes.added:
        click.echo(f"  added    {node}")
    for node in changes.removed:
        click.echo(f"  removed  {node}")
    for change in changes.changed:
        click.echo(
            f"  changed  {change.node} {change.field}: {', '.join(change.old) or '-'} -> {', '.join(change.new) or '-'}"
        )
    click.echo(
        f"{len(changes.added)} added, {len(changes.removed)} removed, {len(changes.changed)} changed. "
        "Run `tkgraph validate` next.",
        err=True,
    )


@import_group.command(name="table")
@click.argument("sidecar", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@seed_to_write_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the generated file is stale.")
def import_table_command(sidecar: Path, seed_dir: Path | None, check: bool) -> None:
    """Turn a page-derived table, data/tables/<stem>.toml (+ <stem>.csv, format in
    data/tables/README.md), into seed/instruments/<instrument>.<stem>.ttl: its
    sources, its tk:ParticipantList (completeness, checked-against count, the
    list it extends) and one participation per row, dates at the precision the
    page gives (YYYY, YYYY-MM, YYYY-MM-DD).

    Where a row disagrees with another seed file, the depositary's value is kept
    and the other written as tk:alternativeValue; every conflict is listed.
    Exit 1 if a name matches no state (all are listed), the data are wrong, or
    (with --check) the file is stale.
    """
    from tkgraph.importers.tables import import_page_table

    settings = Settings.from_env(seed_dir=seed_dir)
    try:
        result, changes, stale = import_page_table(sidecar, settings.seed_dir, check=check)
    except TkgraphError as exc:
        fail(exc, EXIT_PROBLEMS)
    for conflict in result.conflicts:
        click.echo(f"  conflict {conflict.text()}")
    click.echo(f"{result.out_path}: {result.rows} rows, {result.consents} with consent.")
    if check:
        if stale:
            click.echo(f"stale: {result.out_path}; run without --check", err=True)
            sys.exit(EXIT_PROBLEMS)
        return
    assert changes is not None
    _echo_changes(changes)


@import_group.command(name="glotip")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The Turtle file to write. Default: <seed>/figures/glotip.ttl.",
)
@seed_to_write_option
def import_glotip(workbook: Path, output: Path | None, seed_dir: Path | None) -> None:
    """Turn UNODC's Global Report on Trafficking in Persons country data (the
    data portal's data_glotip.xlsx export, which you download yourself: it
    has no open licence, so tkgraph does not bundle it) into dated, sourced
    tk:Figures per country, indicator, breakdown, sex, age group and year.
    Values such as "<5" keep their text and bound (tk:valueText,
    tk:valueBelow). Rows of countries that are not states of the seed are
    counted and left out. Exit 1 if the file is not such an export.
    """
    from tkgraph.importers.glotip import build_glotip
    from tkgraph.importers.ratings import states_by_iso3
    from tkgraph.importers.turtle import write_generated_file

    settings = Settings.from_env(seed_dir=seed_dir)
    out = output or settings.seed_dir / "figures" / "glotip.ttl"
    try:
        states = states_by_iso3(settings.seed_dir / "actors" / "states.ttl")
        result = build_glotip(workbook, states)
        changes = write_generated_file(
            result.graph,
            out,
            f"`tkgraph import glotip` from {workbook.name}",
            "download a newer export and run the import again",
        )
    except TkgraphError as exc:
        fail(exc, EXIT_PROBLEMS)
    click.echo(
        f"{result.rows} rows: {result.figures} figures ({result.bounds} given as a bound), "
        f"{sum(result.unmatched.values())} rows of places that are not states of the data."
    )
    for iso3, count in sorted(result.unmatched.items()):
        click.echo(f"  not a state of the data: {iso3 or '(no code)'} ({count} rows)", err=True)
    _echo_changes(changes)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the SDL to this file.")
def schema(output: Path | None) -> None:
    """Print the GraphQL schema (SDL)."""
    from tkgraph.api.schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if output is None:
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl)
