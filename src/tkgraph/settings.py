"""Settings: one frozen dataclass, defaults < TKGRAPH_* environment < CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tkgraph.errors import ConfigError


def bundled_data_root() -> Path:
    """The folder holding ontology/ and seed/: the source checkout when run
    from one (editable install), else the copy packaged into the wheel."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir() and (checkout / "seed").is_dir():
        return checkout
    return Path(__file__).resolve().parent / "_data"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tkgraph``, or ``~/.cache/tkgraph``: results kept per data version."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "tkgraph"


@dataclass(frozen=True)
class Settings:
    """Everything create_app() and the CLI need to know."""

    ontology_dir: Path = field(default_factory=lambda: bundled_data_root() / "ontology")
    seed_dir: Path = field(default_factory=lambda: bundled_data_root() / "seed")
    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool = True
    # Origins allowed to call the API from a browser; "*" allows any origin.
    cors_origins: tuple[str, ...] = ("*",)
    # Largest page a list field returns ("first" is capped to this).
    max_page_size: int = 200
    default_page_size: int = 20
    # GraphQL limits checked before any resolver runs (see api/limits.py), and
    # the time budget of one query.
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_query_cost: int = 500_000
    query_timeout: float = 5.0
    # GraphQL queries estimated to cost more than this run in worker threads, at
    # most graphql_workers at a time, off the event loop (see graphql_http.py).
    graphql_light_cost: int = 5_000
    graphql_workers: int = 1
    # Repeated GraphQL queries are answered from a cache of this many responses.
    response_cache_entries: int = 2048
    # Larger request bodies get HTTP 413.
    max_body_bytes: int = 1_000_000
    # A client must send a whole request (headers and body) within this many
    # seconds of starting it, else the connection is closed (slow or half-sent
    # requests held connections forever: issue 13). Idle keep-alive connections
    # close after keep_alive_timeout; past max_connections open connections new
    # requests get HTTP 503.
    read_timeout: float = 15.0
    keep_alive_timeout: float = 30.0
    max_connections: int = 1000
    # Server processes (`tkgraph serve --workers`); each loads its own read model.
    workers: int = 1
    # Token for POST /admin/reload; None means the admin endpoint is off.
    admin_token: str | None = None
    # Validate changed files (SHACL, references) before swapping them in.
    validate_on_reload: bool = True
    log_level: str = "info"
    # /sparql: each query runs at most this many seconds, and returns at most
    # this many rows (more are cut and reported as truncated).
    sparql_timeout: float = 10.0
    # Materialise what the ontology entails (HermiT, needs Java) into the named
    # graph urn:tkgraph:graph:inferred at load; cached by content hash.
    reasoning: bool = False
    reasoning_cache_dir: Path | None = None
    # Keep the parsed store on disk here (per data version): restarts skip parsing.
    store_dir: Path | None = None
    # Read the graph from this SPARQL 1.1 query endpoint instead of the folders.
    sparql_endpoint: str | None = None
    sparql_row_cap: int = 10_000
    # /sparql queries running at once (each in its own process, about one core),
    # and how many more may wait for one; beyond that, HTTP 503 with Retry-After.
    sparql_concurrency: int = 2
    sparql_queue: int = 4
    # Memory a SPARQL query's process may add to what it inherits (RLIMIT_AS).
    sparql_memory_mb: int = 1024
    # SERVICE endpoints a query may call. Empty: federation is off (a SERVICE
    # clause would make this server send requests wherever a client says).
    sparql_service_allow: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from TKGRAPH_* variables, then apply explicit overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"TKGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        if settings.admin_token is not None and not settings.admin_token.strip():
            # TKGRAPH_ADMIN_TOKEN= or --admin-token "" would otherwise accept an
            # empty bearer token from anyone: empty means off.
            settings = replace(settings, admin_token=None)
        return settings


def _convert(name: str, type_name: object, raw: str) -> Any:
    kind = str(type_name)
    try:
        if kind.startswith("Path"):
            return Path(raw)
        if kind.startswith("float"):
            return float(raw)
        if kind == "int":
            return int(raw)
        if kind == "bool":
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if kind.startswith("tuple"):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError:
        raise ConfigError(
            f"TKGRAPH_{name.upper()}={raw!r} is not a valid {kind}.",
            "Fix or unset the environment variable.",
        ) from None
    return raw
