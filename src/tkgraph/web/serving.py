"""uvicorn's HTTP protocol with a deadline for reading each request.

uvicorn closes idle keep-alive connections (timeout_keep_alive) but not a
connection whose request never finishes: a client sending its headers one
byte a minute, or a body shorter than its Content-Length, held its connection
for as long as it liked (issue 13: 30 such clients held 65 s, and more would
exhaust file descriptors). Here every request must arrive whole within
`read_timeout` seconds of its first byte (or of the connection opening), else
the connection is closed with one line in the log.
"""

from __future__ import annotations

import asyncio
import logging
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    # A class attribute, so that uvicorn's worker processes (which import this
    # class by name) get it from the environment too.
    read_timeout: float = float(os.environ.get("TKGRAPH_READ_TIMEOUT", "15"))
    _read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._read_timer = self.loop.call_later(self.read_timeout, self._read_timed_out)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _read_timed_out(self) -> None:
        self._read_timer = None
        if not self.transport.is_closing():
            client = "%s:%d" % self.client if self.client else "?"  # noqa: UP031
            log.info(
                "closed connection from %s: no whole request within %g s", client, self.read_timeout
            )
            self.transport.close()


def guarded_protocol(read_timeout: float) -> type[GuardedHttpToolsProtocol]:
    GuardedHttpToolsProtocol.read_timeout = read_timeout
    return GuardedHttpToolsProtocol
