"""Settings, each declared once: name, type, default, allowed range, help, its
TKGRAPH_* environment variable and (for `serve`) its command-line flag.
Precedence: defaults < TKGRAPH_* environment < CLI flags. Checked when built:
a value out of range stops the program with a message naming the setting."""

from __future__ import annotations

import os
import types
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_type_hints

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

ENV_PREFIX = "TKGRAPH_"


def setting(
    default: Any = None,
    help: str = "",
    *,
    low: float | None = None,
    high: float | None = None,
    flag: str | None = None,
    default_factory: Callable[[], Any] | None = None,
) -> Any:
    """Declare a setting: its default, what it does, the range a number must lie
    in, and the `serve` flag that sets it (None: environment only)."""
    metadata = {"help": help, "range": None if low is None else (low, high), "flag": flag}
    if default_factory is not None:
        return field(default_factory=default_factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """Everything create_app() and the CLI need to know."""

    ontology_dir: Path = setting(
        help="Folder with the ontology (*.ttl).",
        default_factory=lambda: bundled_data_root() / "ontology",
    )
    seed_dir: Path = setting(
        help="Folder with the seed data (**/*.ttl).",
        default_factory=lambda: bundled_data_root() / "seed",
    )
    host: str = setting("127.0.0.1", "Interface to listen on.", flag="--host")
    port: int = setting(8000, "Port to listen on.", low=0, high=65_535, flag="--port")
    graphiql: bool = setting(True, "Serve GraphiQL to browsers at /graphql.")
    cors_origins: tuple[str, ...] = setting(
        ("*",),
        "Origins allowed to call the API from a browser; * allows any. The flag is repeated, "
        "the variable comma-separated.",
        flag="--cors-origin",
    )
    max_page_size: int = setting(
        200, "Largest page a list field returns (first is capped to it).", low=1, high=100_000
    )
    default_page_size: int = setting(
        20, "Page size of a list field without first.", low=1, high=100_000
    )
    # GraphQL limits checked before any resolver runs (see api/limits.py), and
    # the time budget of one query.
    max_query_depth: int = setting(12, "Deepest nesting of a GraphQL query.", low=1, high=1000)
    max_aliases: int = setting(30, "Aliases in one GraphQL query.", low=0, high=100_000)
    max_tokens: int = setting(5_000, "Tokens of one GraphQL document.", low=1, high=10**7)
    max_query_cost: int = setting(
        500_000, "Estimated cost a GraphQL query may have.", low=1, high=10**12
    )
    query_timeout: float = setting(5.0, "Seconds one GraphQL query may run.", low=0, high=3600)
    graphql_light_cost: int = setting(
        5_000,
        "GraphQL queries estimated to cost more run in worker threads, off the event loop.",
        low=-1,
        high=10**12,
    )
    graphql_workers: int = setting(1, "Worker threads for heavy GraphQL queries.", low=1, high=64)
    response_cache_entries: int = setting(
        2048, "Repeated GraphQL queries are answered from a cache of this many responses.",
        low=0, high=10**6,
    )  # fmt: skip
    max_body_bytes: int = setting(
        1_000_000, "Larger request bodies get HTTP 413.", low=1, high=2**31
    )
    read_timeout: float = setting(
        15.0,
        "Seconds a client has to send a whole request before it is disconnected.",
        low=0.1,
        high=3600,
        flag="--read-timeout",
    )
    keep_alive_timeout: float = setting(
        30.0, "Seconds an idle keep-alive connection stays open.", low=1, high=3600
    )
    max_connections: int = setting(
        1000, "Open connections; past them, new requests get HTTP 503.", low=1, high=10**6
    )
    workers: int = setting(
        1,
        "Server processes sharing the port (each loads its own copy of the data).",
        low=1,
        high=64,
        flag="--workers",
    )
    admin_token: str | None = setting(
        None,
        "Enables POST /admin/reload with this bearer token (empty: off).",
        flag="--admin-token",
    )
    validate_on_reload: bool = setting(
        True, "Validate changed files (SHACL, references) before swapping them in."
    )
    log_level: str = setting("info", "uvicorn's log level.")
    sparql_timeout: float = setting(10.0, "Seconds one /sparql query may run.", low=0.1, high=3600)
    reasoning: bool = setting(
        False,
        "Add what the ontology entails (HermiT, needs Java; cached) as the named graph "
        "urn:tkgraph:graph:inferred.",
        flag="--reasoning/--no-reasoning",
    )
    reasoning_cache_dir: Path | None = setting(
        None, "Where inferred triples are cached (default: $XDG_CACHE_HOME/tkgraph)."
    )
    store_dir: Path | None = setting(
        None,
        "Keep the parsed store on disk here, per data version, so restarts skip parsing.",
        flag="--store-dir",
    )
    sparql_endpoint: str | None = setting(
        None,
        "Read the graph from this SPARQL 1.1 query URL instead of the folders.",
        flag="--sparql-endpoint",
    )
    sparql_row_cap: int = setting(
        10_000, "Rows of one /sparql answer; more are cut and reported as truncated.",
        low=1, high=10**7,
    )  # fmt: skip
    sparql_concurrency: int = setting(
        2, "/sparql queries running at once (each in its own process).", low=1, high=64
    )
    sparql_queue: int = setting(
        4, "/sparql queries that may wait for a slot; beyond, HTTP 503.", low=0, high=10_000
    )
    sparql_memory_mb: int = setting(
        1024, "Megabytes a SPARQL query's process may add.", low=16, high=65_536
    )
    sparql_max_mb: int = setting(
        32, "Megabytes of one /sparql answer; more rows are cut.", low=1, high=4096
    )
    sparql_per_client: int = setting(
        3, "/sparql places one client may hold at once.", low=1, high=1000
    )
    download_workers: int = setting(2, "Threads building /export downloads.", low=1, high=64)
    download_queue: int = setting(
        8, "/export downloads that may wait for a thread.", low=0, high=10_000
    )
    download_per_client: int = setting(
        4, "/export places one client may hold at once.", low=1, high=1000
    )
    download_timeout: float = setting(
        10.0, "Seconds a download may take; longer gets HTTP 503.", low=0.1, high=600
    )
    response_cache_mb: int = setting(
        64, "Megabytes each response cache (GraphQL, downloads) may hold.", low=0, high=65_536
    )
    write_timeout: float = setting(
        30.0, "Seconds a client may read none of its answer before it is dropped.",
        low=0.1, high=3600,
    )  # fmt: skip
    years_ahead: int = setting(
        5, "Dates a request may name: up to this many years past today.", low=0, high=100
    )
    max_string_argument: int = setting(
        500, "Characters of a GraphQL string argument.", low=1, high=1_000_000
    )
    max_list_argument: int = setting(
        500, "Items of a GraphQL list argument.", low=1, high=1_000_000
    )

    def __post_init__(self) -> None:
        for declared in declarations():
            value = getattr(self, declared.name)
            if declared.range is None or value is None:
                continue
            low, high = declared.range
            if not low <= value <= high:
                raise ConfigError(
                    f"Setting {declared.name}={value} is out of range ({declared.where()}).",
                    f"Use a value {declared.range_text()}.",
                )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from TKGRAPH_* variables, then apply explicit overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for declared in declarations():
            raw = env.get(declared.env)
            if raw is not None:
                values[declared.name] = declared.parse(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = replace(cls(), **values)
        if settings.admin_token is not None and not settings.admin_token.strip():
            # TKGRAPH_ADMIN_TOKEN= or --admin-token "" would otherwise accept an
            # empty bearer token from anyone: empty means off.
            settings = replace(settings, admin_token=None)
        return settings

    def environment(self) -> dict[str, str]:
        """TKGRAPH_* variables that rebuild these settings in another process."""
        return {
            d.env: d.format(getattr(self, d.name))
            for d in declarations()
            if getattr(self, d.name) is not None
        }


def _parse_bool(raw: str) -> bool:
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(raw)


def _parse_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


# How a TKGRAPH_* value is read, and written back, per declared type.
_PARSERS: dict[Any, Callable[[str], Any]] = {
    str: str, int: int, float: float, bool: _parse_bool, Path: Path,
    tuple[str, ...]: _parse_list,
}  # fmt: skip
_FORMATTERS: dict[Any, Callable[[Any], str]] = {
    bool: lambda value: "true" if value else "false",
    tuple[str, ...]: ",".join,
}


@dataclass(frozen=True)
class Declared:
    """One setting as declared on Settings."""

    name: str
    type: Any  # str, int, float, bool, Path or tuple[str, ...]
    optional: bool  # None allowed (and the default)
    default: Any
    range: tuple[float, float] | None
    help: str
    flag: str | None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    def where(self) -> str:
        """Where the setting is set: its variable, and its flag if it has one."""
        flag = self.flag.split("/")[0] if self.flag else None
        return f"{flag} or {self.env}" if flag else self.env

    def range_text(self) -> str:
        """'from LOW to HIGH', or '' for a setting without a range."""
        if self.range is None:
            return ""
        low, high = (str(int(v)) if v == int(v) else f"{v:g}" for v in self.range)
        return f"from {low} to {high}"

    def parse(self, raw: str) -> Any:
        try:
            return _PARSERS[self.type](raw)
        except ValueError:
            raise ConfigError(
                f"{self.env}={raw!r} is not a valid {getattr(self.type, '__name__', 'list')}.",
                "Fix or unset the environment variable.",
            ) from None

    def format(self, value: Any) -> str:
        return _FORMATTERS.get(self.type, str)(value)


@cache
def declarations() -> tuple[Declared, ...]:
    """Every setting, in declaration order."""
    hints = get_type_hints(Settings)
    found = []
    for f in fields(Settings):
        kind, optional = hints[f.name], False
        if isinstance(kind, types.UnionType):
            kind = next(arg for arg in get_args(kind) if arg is not type(None))
            optional = True
        if kind not in _PARSERS:
            raise TypeError(f"Settings.{f.name}: no parser for {kind}")
        default = f.default if f.default is not MISSING else None
        found.append(Declared(f.name, kind, optional, default, f.metadata["range"],
                              f.metadata["help"], f.metadata["flag"]))  # fmt: skip
    return tuple(found)


def latest_day(settings: Settings, today: date) -> date:
    """The latest date a request may name: the end of the year `years_ahead` years on."""
    return date(today.year + settings.years_ahead, 12, 31)
