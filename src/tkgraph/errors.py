"""The tkgraph error hierarchy.

Every error a user can meet carries a stable ``code`` (used as the GraphQL
``extensions.code``), a message that says what is wrong, a ``hint`` that says
how to fix it, and the HTTP ``status`` a request gets when this error ends it
(the web layer answers with that status instead of mapping classes to codes).
A GraphQL error inside a result is answered per GraphQL over HTTP instead
(web/graphql_http.py).
"""

from __future__ import annotations

from pathlib import Path


class TkgraphError(Exception):
    """Base of every error tkgraph raises on purpose."""

    code = "TKGRAPH_ERROR"
    status = 500

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # Headers an HTTP answer to this error carries (Retry-After, the data version).
        self.headers: dict[str, str] = {}

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keep message, hint and extra fields across pickling (SPARQL child processes).
        return (_restore, (type(self), self.message, dict(self.__dict__)))


def _restore(cls: type[TkgraphError], message: str, state: dict[str, object]) -> TkgraphError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class ConfigError(TkgraphError):
    """A setting or command-line option has a value tkgraph cannot use."""

    code = "CONFIG_ERROR"


class SeedParseError(TkgraphError):
    """A data file is not valid Turtle."""

    code = "SEED_PARSE_ERROR"
    status = 422

    def __init__(self, path: Path, line: int | None, detail: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(
            f"Cannot parse '{where}': {detail}.",
            "Fix the Turtle syntax at that line (check for a missing '.', ';' or quote).",
        )
        self.path = path
        self.line = line
        self.detail = detail


class DataError(TkgraphError):
    """The data parses but breaks a rule of the model (found while building)."""

    code = "DATA_ERROR"
    status = 422


class UnmatchedNamesError(TkgraphError):
    """Names in an imported table that match no actor in the data."""

    code = "UNMATCHED_NAMES"
    status = 422

    def __init__(self, source: str, names: list[str]) -> None:
        listed = "; ".join(repr(n) for n in names)
        super().__init__(
            f"{len(names)} participant name(s) in '{source}' match no actor: {listed}.",
            "Add each name as tk:altName of the right actor in seed/actors/ "
            "(or add the missing actor), then run the import again.",
        )
        self.names = names


class ReloadRefusedError(DataError):
    """POST /admin/reload found changed files it cannot serve; the old data stay."""

    code = "RELOAD_REFUSED"


class ReasonerUnavailableError(TkgraphError):
    """The OWL reasoner could not run (no Java, or HermiT failed to start)."""

    code = "REASONER_UNAVAILABLE"


class InconsistentOntologyError(TkgraphError):
    """The reasoner found the ontology and data inconsistent."""

    code = "INCONSISTENT_DATA"
    status = 422


class NotFoundError(TkgraphError):
    """An id names no node in the graph."""

    code = "NOT_FOUND"
    status = 404


class UnauthorizedError(TkgraphError):
    """A request to an admin endpoint without the right bearer token."""

    code = "UNAUTHORIZED"
    status = 401


class MethodNotAllowedError(TkgraphError):
    """An HTTP method the endpoint does not answer (a mutation over GET, a GET of
    /admin/reload)."""

    code = "METHOD_NOT_ALLOWED"
    status = 405


class InternalServerError(TkgraphError):
    """A defect in tkgraph: the operator's log has the traceback, the answer does not."""

    code = "INTERNAL_SERVER_ERROR"


class BadUserInputError(TkgraphError):
    """An argument of a query is malformed or impossible."""

    code = "BAD_USER_INPUT"
    status = 400


class BadRequestError(TkgraphError):
    """A request that cannot run as sent: not JSON, JSON nested too deep, no or an
    unknown operation, an operation type not allowed over that method."""

    code = "BAD_REQUEST"
    status = 400


class UnsupportedMediaTypeError(BadRequestError):
    """A request body of a content type the endpoint does not read."""

    status = 415


class PayloadTooLargeError(TkgraphError):
    """A request body over the server's size limit (settings.max_body_bytes)."""

    code = "PAYLOAD_TOO_LARGE"
    status = 413


class ServerBusyError(TkgraphError):
    """Every worker for heavy queries stayed busy for the query's whole time limit."""

    code = "BUSY"
    status = 503


class QueryTimeoutError(TkgraphError):
    """A query (GraphQL or SPARQL) ran past its time budget: the one home of TIMEOUT."""

    code = "TIMEOUT"
    status = 503


class SparqlError(TkgraphError):
    """A /sparql request that cannot be answered."""

    code = "SPARQL_ERROR"
    status = 400


class SparqlSyntaxError(SparqlError):
    """The query text does not parse."""

    code = "SPARQL_SYNTAX_ERROR"


class SparqlUpdateRefusedError(SparqlError):
    """SPARQL Update on the read-only endpoint."""

    code = "SPARQL_UPDATE_REFUSED"
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "This SPARQL endpoint is read-only: SPARQL Update is refused.",
            "Change the data in seed/ files and reload; see seed/README.md.",
        )


class SparqlFederationRefusedError(SparqlError):
    """A query that tried to reach another endpoint (SERVICE): federation is off."""

    code = "SPARQL_SERVICE_REFUSED"
    status = 403

    def __init__(self, message: str) -> None:
        super().__init__(
            message,
            "Query this endpoint's own data only; query the other endpoint yourself and "
            "combine the answers.",
        )


class SparqlLimitError(SparqlError):
    """A SPARQL query hit the memory or CPU limit of its process, or every query
    slot is taken (answered with HTTP 503 and Retry-After)."""

    code = "SPARQL_LIMIT"
    status = 503


class SparqlTimeoutError(QueryTimeoutError, SparqlError):
    """A SPARQL query ran past its time limit and was stopped."""


class RemoteEndpointError(TkgraphError):
    """The remote SPARQL endpoint cannot be reached or read."""

    code = "REMOTE_ENDPOINT_ERROR"
    status = 502
