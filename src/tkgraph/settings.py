"""Settings: one frozen dataclass, defaults < TKGRAPH_* environment < CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
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


# The earliest date a request may name (dates before it are typing errors, and
# a timeline from year 1 would count a point per year).
EARLIEST_DAY = date(1800, 1, 1)

# Allowed ranges of the settings that bound the server's work and memory.
RANGES: dict[str, tuple[float, float]] = {
    "sparql_max_mb": (1, 4096),
    "sparql_per_client": (1, 1000),
    "download_workers": (1, 64),
    "download_queue": (0, 10_000),
    "download_per_client": (1, 1000),
    "download_timeout": (0.1, 600),
    "response_cache_mb": (0, 65_536),
    "write_timeout": (0.1, 3600),
    "years_ahead": (0, 100),
    "max_string_argument": (1, 1_000_000),
    "max_list_argument": (1, 1_000_000),
}


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
    # Bytes of one /sparql answer (about: terms' text plus markup); more rows
    # are cut and reported as truncated, as at the row cap.
    sparql_max_mb: int = 32
    # /sparql places (running or waiting) one client may hold at once.
    sparql_per_client: int = 3
    # /export downloads: built in their own pool of threads, at most
    # download_queue more waiting and download_per_client places per client;
    # a download that takes longer than download_timeout gets HTTP 503.
    download_workers: int = 2
    download_queue: int = 8
    download_per_client: int = 4
    download_timeout: float = 10.0
    # The GraphQL and the download response caches may each hold this many
    # megabytes of encoded answers (oldest dropped first).
    response_cache_mb: int = 64
    # A client that reads none of its answer for this many seconds is dropped.
    write_timeout: float = 30.0
    # Dates a request may name: from EARLIEST_DAY to this many years past today.
    years_ahead: int = 5
    # GraphQL arguments: characters of a string (text filters, ids, IRIs),
    # items of a list (ids, kinds). Checked before execution (api/limits.py).
    max_string_argument: int = 500
    max_list_argument: int = 500

    def __post_init__(self) -> None:
        for name, (low, high) in RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ConfigError(
                    f"Setting {name}={value} is out of range.",
                    f"Use a value from {low} to {high} (TKGRAPH_{name.upper()}).",
                )

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


def latest_day(settings: Settings, today: date) -> date:
    """The latest date a request may name: the end of the year `years_ahead` years on."""
    return date(today.year + settings.years_ahead, 12, 31)


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
