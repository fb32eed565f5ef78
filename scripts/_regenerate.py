"""What the scripts that regenerate seed files share: writing (or, with
--check, comparing) one generated file, the report of what changed, and the
command line (--data, --seed, --check; exit 1 if stale, 2 on a data error)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph

from tkgraph.errors import TkgraphError
from tkgraph.importers.turtle import ImportChanges, to_turtle, write_generated_file

ROOT = Path(__file__).resolve().parent.parent


def report(changes: ImportChanges) -> None:
    name = changes.path.name
    if changes.unchanged:
        print(f"{name}: unchanged")
        return
    state = "created" if changes.created else "updated"
    print(
        f"{name}: {state}; {len(changes.added)} added, {len(changes.removed)} removed, "
        f"{len(changes.changed)} field change(s)"
    )
    if not changes.created:
        for node in changes.added:
            print(f"  + {node}")
        for node in changes.removed:
            print(f"  - {node}")
    for change in changes.changed:
        print(f"  ~ {change.node} {change.field}: {list(change.old)} -> {list(change.new)}")


def emit(path: Path, graph: Graph, check: bool, tool: tuple[str, ...]) -> bool:
    """Write `graph` to `path` and report what changed; with `check`, write
    nothing. True if the file on disk is stale (only with `check`)."""
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        return current != to_turtle(graph, *tool)
    report(write_generated_file(graph, path, *tool))
    return False


def main(
    doc: str | None, run: Callable[[Path, Path, bool], list[str]], argv: Sequence[str] | None
) -> int:
    """The command line of a regenerating script whose `run(seed, data, check)`
    returns the names of the stale files."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0] if doc else None)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder")
    parser.add_argument("--seed", type=Path, default=ROOT / "seed", help="seed folder")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        stale = run(args.seed, args.data, args.check)
    except TkgraphError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if stale:
        print(f"stale: {', '.join(stale)}; run this script without --check", file=sys.stderr)
        return 1
    return 0
