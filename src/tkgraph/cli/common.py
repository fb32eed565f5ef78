"""What every `tkgraph` command shares: exit codes, the one error that ends a
command (CommandError), the data folder options, loading the data, the
options derived from the settings' declarations, and the report of a file an
import wrote."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from tkgraph.errors import TkgraphError
from tkgraph.rdf.loading import DataFile
from tkgraph.service.snapshot import Snapshot, build_snapshot_for
from tkgraph.settings import Declared, Settings, declarations

if TYPE_CHECKING:
    from tkgraph.importers.turtle import ImportChanges

EXIT_PROBLEMS, EXIT_USAGE, EXIT_CANNOT_RUN = 1, 2, 3


class CommandError(click.ClickException):
    """A command that cannot finish: `Error: <message> <hint>` on stderr, then
    exit with `exit_code`. With `tkgraph --debug`, the traceback first: of the
    error being handled, or, for an error made up on the spot, of where it
    was raised."""

    def __init__(self, error: TkgraphError, exit_code: int = EXIT_CANNOT_RUN) -> None:
        super().__init__(str(error))
        self.exit_code = exit_code  # type: ignore[misc]  # click's is per class; ours per error
        # Decided here: click shows the error after the command's context is gone.
        context = click.get_current_context(silent=True)
        self.debug = context is not None and bool((context.find_root().obj or {}).get("debug"))
        handled = sys.exc_info()[1] is not None
        self.trace = traceback.format_exc() if handled else "".join(traceback.format_stack()[:-1])

    def show(self, file: IO[Any] | None = None) -> None:
        if self.debug:
            click.echo(self.trace, err=True, nl=False)
        click.echo(f"Error: {self.format_message()}", err=True)


class ErrorExitGroup(click.Group):
    """A group whose commands end with CommandError(error, error_exit_code) when a
    TkgraphError escapes them: one place instead of a try/except per command."""

    error_exit_code = EXIT_CANNOT_RUN

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TkgraphError as exc:
            raise CommandError(exc, self.error_exit_code) from exc


class ImportGroup(ErrorExitGroup):
    """An import that cannot run ends with exit 1: the table or the data are wrong."""

    error_exit_code = EXIT_PROBLEMS


def _setting_option(declared: Declared, **extra: Any) -> Callable[[Any], Any]:
    """The click option of a setting, from its declaration: flag, type, help,
    default and range (the range is checked by Settings, with the same message
    as for the environment variable)."""
    help_text = declared.help
    if declared.default is not None and declared.type is not bool:
        shown = declared.format(declared.default)
        help_text += f" Default {shown}."
    if declared.range is not None:
        help_text += f" {declared.range_text().capitalize()}."
    help_text += f" Environment: {declared.env}."
    assert declared.flag is not None
    kind: Any = declared.type
    if declared.type is Path:
        kind = click.Path(file_okay=False, path_type=Path)
    elif declared.type is bool:
        kind = None
    elif declared.type == tuple[str, ...]:
        kind, extra = str, {"multiple": True, **extra}
    return click.option(declared.flag, declared.name, type=kind, default=None, help=help_text,
                        **extra)  # fmt: skip


def setting_options(func: Any) -> Any:
    """Every setting that has a flag, as an option of `func` (keyword = setting name)."""
    for declared in reversed([d for d in declarations() if d.flag is not None]):
        func = _setting_option(declared)(func)
    return func


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


def load_snapshot(settings: Settings, quiet: bool = False) -> Snapshot:
    def progress(data_file: DataFile, done: int, total: int) -> None:
        # Long loads (many files) say how far they are, every tenth of the files.
        if total >= 50 and done % max(1, total // 10) == 0:
            click.echo(f"  parsed {done}/{total} files ({data_file.relative})", err=True)

    try:
        snapshot = build_snapshot_for(settings, None if quiet else progress)
    except (OSError, RuntimeError) as exc:  # e.g. an unreadable --store-dir
        error = TkgraphError(f"Cannot load the data: {exc}.", "Check the folders and --store-dir.")
        raise CommandError(error) from exc
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


def echo_changes(changes: ImportChanges) -> None:
    """What an import changed in the file it wrote."""
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
