"""uvicorn's HTTP protocol with deadlines for reading each request and for the
client reading its answer.

uvicorn closes idle keep-alive connections (timeout_keep_alive) but not a
connection whose request never finishes: a client sending its headers one
byte a minute, or a body shorter than its Content-Length, held its connection
for as long as it liked (and enough of them would exhaust file descriptors). Here every request must arrive whole within
`read_timeout` seconds of its first byte (or of the connection opening), else
the connection is closed with one line in the log.

Likewise for answers: a client that stops reading a large answer held its
body in memory for as long as it stayed connected. When the connection's
send buffer is full (uvicorn pauses writing), the client must read some of
it within `write_timeout` seconds, else the connection is dropped.
"""

from __future__ import annotations

import asyncio
import logging

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from tkgraph.settings import Settings

log = logging.getLogger(__name__)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    # Class attributes: uvicorn's worker processes import this class by name,
    # and set them from their settings (guarded_protocol, called by the app
    # factory) before the first connection.
    read_timeout: float = Settings.read_timeout
    write_timeout: float = Settings.write_timeout
    _read_timer: asyncio.TimerHandle | None = None
    _write_timer: asyncio.TimerHandle | None = None

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
        self._stop_write_timer()
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        super().pause_writing()
        self._stop_write_timer()
        self._write_timer = self.loop.call_later(self.write_timeout, self._write_timed_out)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._stop_write_timer()

    def _stop_write_timer(self) -> None:
        if self._write_timer is not None:
            self._write_timer.cancel()
            self._write_timer = None

    def _write_timed_out(self) -> None:
        self._write_timer = None
        # abort: close() would wait for the unread bytes
        self._end(
            f"dropped connection to %s: it read nothing of its answer for {self.write_timeout:g} s",
            abort=True,
        )

    def _arm(self) -> None:
        self._disarm()
        self._read_timer = self.loop.call_later(self.read_timeout, self._read_timed_out)

    def _disarm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _read_timed_out(self) -> None:
        self._read_timer = None
        self._end(f"closed connection from %s: no whole request within {self.read_timeout:g} s")

    def _end(self, message: str, abort: bool = False) -> None:
        """Close the connection (unless closing already), with one log line."""
        if self.transport.is_closing():
            return
        log.info(message, "%s:%d" % self.client if self.client else "?")  # noqa: UP031
        if abort:
            self.transport.abort()
        else:
            self.transport.close()


def guarded_protocol(settings: Settings) -> type[GuardedHttpToolsProtocol]:
    """The protocol class, with the deadlines of `settings`."""
    GuardedHttpToolsProtocol.read_timeout = settings.read_timeout
    GuardedHttpToolsProtocol.write_timeout = settings.write_timeout
    return GuardedHttpToolsProtocol
