"""Reload: load and validate the data off to the side, then swap it in.

The admin endpoint (web/app.py) calls reload_data; a refused reload leaves the
previous snapshot serving and its reason on the holder for /healthz.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from tkgraph.errors import DataError, TkgraphError
from tkgraph.service.snapshot import Snapshot, SnapshotHolder, build_snapshot_for
from tkgraph.settings import Settings

log = logging.getLogger(__name__)


async def reload_data(holder: SnapshotHolder, settings: Settings) -> tuple[bool, str]:
    """Load and validate the data off to the side; swap it in only if both succeed.

    On failure the previous snapshot keeps being served and the problems are
    kept for /healthz.
    """
    holder.last_attempt = datetime.now(UTC)
    try:
        fresh = await asyncio.to_thread(_load_valid_snapshot, settings)
    except TkgraphError as exc:
        holder.last_error = str(exc)
        log.error("reload refused, still serving %s: %s", holder.current.version, exc)
        return False, str(exc)
    except Exception as exc:  # a broken store folder, a full disk: still an answer
        holder.last_error = f"The reload failed: {type(exc).__name__}: {exc}"
        log.exception("reload failed, still serving %s", holder.current.version)
        return False, holder.last_error
    holder.swap(fresh)
    log.info("reloaded data: version %s, %d triples", fresh.version, fresh.data.triple_count)
    return True, fresh.version


def _load_valid_snapshot(settings: Settings) -> Snapshot:
    """Copy the data files first, then validate and load that copy: the bytes
    swapped in are the bytes that passed validation, even if someone edits a
    file meanwhile."""
    if settings.sparql_endpoint:
        return build_snapshot_for(settings)
    with tempfile.TemporaryDirectory(prefix="tkgraph-reload-") as folder:
        copy = replace(
            settings,
            ontology_dir=Path(folder) / "ontology",
            seed_dir=Path(folder) / "seed",
        )

        def only_turtle(folder: str, names: list[str]) -> set[str]:
            return {n for n in names if not n.endswith(".ttl") and not Path(folder, n).is_dir()}

        for source, target in ((settings.ontology_dir, copy.ontology_dir),
                               (settings.seed_dir, copy.seed_dir)):  # fmt: skip
            if not source.is_dir():
                return build_snapshot_for(settings)  # reports the missing folder
            shutil.copytree(source, target, ignore=only_turtle)
        try:
            if settings.validate_on_reload:
                _validate_in_subprocess(copy)
            return build_snapshot_for(copy)
        except TkgraphError as exc:
            # Name the operator's files, not the copies.
            for real, copied in ((settings.ontology_dir, copy.ontology_dir),
                                 (settings.seed_dir, copy.seed_dir)):  # fmt: skip
                exc.message = exc.message.replace(str(copied), str(real))
            raise


# A refused reload's error (in the response and /healthz) names this many
# problems; `tkgraph validate` lists them all.
PROBLEMS_IN_RELOAD_ERROR = 20


def _validate_in_subprocess(settings: Settings) -> None:
    """`tkgraph validate` in a child process: pySHACL is pure Python, and in this
    process it would hold the GIL for seconds and stall the requests being served."""
    command = [sys.executable, "-m", "tkgraph", "validate", "--no-reasoner", "--format", "json"]
    command += ["--ontology", str(settings.ontology_dir), "--seed", str(settings.seed_dir)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode == 0:
        return
    if done.returncode == 1:
        problems = json.loads(done.stdout)["problems"]
        lines = [
            f"{p['file']}:{p['line']}: [{p['rule']}] {p['message']}"
            for p in problems[:PROBLEMS_IN_RELOAD_ERROR]
        ]
        raise DataError(
            f"The new data has {len(problems)} problem(s): " + "; ".join(lines),
            "Fix them (tkgraph validate lists them all) and reload again.",
        )
    raise DataError(
        f"Validation could not run: {done.stderr.strip()[-500:]}", "See the server log."
    )
