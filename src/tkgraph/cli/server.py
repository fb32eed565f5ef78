"""`tkgraph serve`: check the settings and the port, load and validate the data,
run uvicorn (one process, or workers that load the data themselves)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from tkgraph.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CommandError,
    load_snapshot,
    setting_options,
    warn_read_model_problems,
    with_data_options,
)
from tkgraph.errors import ConfigError, TkgraphError
from tkgraph.settings import Settings


@click.command()
@with_data_options
@setting_options
@click.option(
    "--no-validate",
    is_flag=True,
    help="Serve without validating the data files first (faster start, no safety net).",
)
def serve(
    ontology_dir: Path | None, seed_dir: Path | None, no_validate: bool, **chosen: Any
) -> None:
    """Serve the GraphQL API (and GraphiQL) at http://HOST:PORT/graphql."""
    from tkgraph.web.app import create_app

    chosen["cors_origins"] = chosen["cors_origins"] or None
    try:
        settings = Settings.from_env(ontology_dir=ontology_dir, seed_dir=seed_dir, **chosen)
    except TkgraphError as exc:
        raise CommandError(exc, EXIT_USAGE) from exc
    if settings.workers > 1 and settings.admin_token:
        raise CommandError(
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
        os.environ.update(settings.environment())
        _run_server("tkgraph.web.app:app_from_environment", settings, factory=True)
    else:
        _run_server(create_app(settings, snapshot), settings)


def _run_server(app: Any, settings: Settings, factory: bool = False) -> None:
    import uvicorn

    from tkgraph.web.serving import guarded_protocol

    # Resolvers of heavy GraphQL queries run in worker threads; a shorter switch
    # interval (default 5 ms) makes them hand the interpreter back to the event
    # loop sooner, so small requests wait less behind them.
    sys.setswitchinterval(0.001)
    # httptools + uvloop: with the default h11 protocol and 2 workers every
    # request stalled for a fixed delay.
    uvicorn.run(
        app,
        factory=factory,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if factory else None,
        http=guarded_protocol(settings),
        loop="uvloop",
        log_level=settings.log_level,
        # Longer than uvicorn's 5 s default, so that busy clients reusing a
        # keep-alive connection do not race its closing.
        timeout_keep_alive=int(settings.keep_alive_timeout),
        limit_concurrency=settings.max_connections,
    )


def _check_port_free(host: str, port: int) -> None:
    """Fail early, with exit 3 and a clear message, when the port is taken."""
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            error = ConfigError(
                f"cannot listen on {host}:{port}: {exc.strerror}.",
                "Pick another --port or stop the process using it.",
            )
            raise CommandError(error, EXIT_CANNOT_RUN) from exc
