"""Responses the web layer shares: the bounded cache of encoded answers (GraphQL
and /export downloads) and the two error bodies (GraphQL's `errors` list; the
`error` object of the other endpoints), each with its error class's status."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Generic, TypeVar

from starlette.responses import JSONResponse, Response

from tkgraph.errors import TkgraphError

# Responses larger than this are not cached (a few big maps would evict everything else).
_MAX_CACHED_BYTES = 512 * 1024
# Memory an entry takes beyond its body and key (the objects that hold them).
_ENTRY_OVERHEAD = 200
Entry = TypeVar("Entry")


class ResponseCache(Generic[Entry]):
    """An LRU of encoded answers (a body, or a download's file name and body),
    bounded by entries and by bytes (the bodies and keys it holds: unique
    answers once took a server past 1.5 GB); keys include the data version, so
    a reload makes old entries unreachable (they age out)."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[Entry, int]] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Entry | None:
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found[0]

    def put(self, key: str, entry: Entry, size: int) -> None:
        """Keep `entry` (whose body is `size` bytes) unless it is too large to keep."""
        size += len(key) + _ENTRY_OVERHEAD
        if self.max_entries <= 0 or size > min(_MAX_CACHED_BYTES, self.max_bytes):
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        self._entries[key] = (entry, size)
        self.bytes += size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            self.bytes -= self._entries.popitem(last=False)[1][1]


def error_response(error: TkgraphError, media_type: str = "application/json") -> Response:
    """A request refused before execution: its error class's status, the one error shape."""
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code}}]}
    return JSONResponse(body, error.status, media_type=media_type)


def error_json(error: TkgraphError, headers: Mapping[str, str] | None = None) -> Response:
    """A refusal from /sparql or /export: its error class's status, code, message and hint."""
    body = {"error": {"code": error.code, "message": error.message, "hint": error.hint}}
    return JSONResponse(body, error.status, headers=headers)
