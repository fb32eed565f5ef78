"""Admission of one kind of slow request (SPARQL queries, downloads): a bounded
number run at once, a bounded line waits, and no client takes more than its
share.

Each kind has its own Admission and its own worker threads, so one kind can
never starve another (six heavy downloads once filled the one shared thread
pool, and a tiny ASK waited past a minute). Within a kind, a client may hold
at most `per_client` places (running or waiting), and when a place frees, it
goes to the waiting client with the fewest requests running, so a client
sending many requests does not push the others out. A request beyond the
line, beyond its client's share, or waiting longer than `patience` seconds is
refused with the error `refuse` builds (answered with HTTP 503 and
Retry-After).
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from tkgraph.errors import TkgraphError


@dataclass
class Ticket:
    """One admitted request: released once, when its work has really ended."""

    client: str
    released: bool = field(default=False)


class Admission:
    def __init__(self, what: str, running: int, waiting: int, per_client: int, patience: float,
                 refuse: Callable[[str], TkgraphError]) -> None:  # fmt: skip
        self.what = what
        self.running = max(1, running)
        self.waiting = max(0, waiting)
        self.per_client = max(1, per_client)
        self.patience = patience
        self.refuse = refuse
        self.busy = 0
        self.held: Counter[str] = Counter()  # running, per client
        self.lines: dict[str, deque[asyncio.Future[None]]] = {}
        self.in_line = 0

    async def enter(self, client: str) -> Ticket:
        """A place for `client`, or the refusal (raised) if none comes."""
        if self.busy + self.in_line >= self.running + self.waiting:
            raise self.refuse(
                f"All {self.running} {self.what} slots and {self.waiting} places in line are taken."
            )
        mine = self.held[client] + len(self.lines.get(client, ()))
        if mine >= self.per_client:
            raise self.refuse(
                f"This client already has {mine} {self.what} requests running or waiting "
                f"(at most {self.per_client} each)."
            )
        if self.busy < self.running and not self.in_line:
            return self._take(client)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.lines.setdefault(client, deque()).append(waiter)
        self.in_line += 1
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.patience)
        except (TimeoutError, asyncio.CancelledError) as exc:
            if waiter.done() and not waiter.cancelled():
                # Handed a place just as the wait ended: give it on.
                self.leave(Ticket(client))
            else:
                waiter.cancel()
                self._drop(client, waiter)
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise self.refuse(
                f"No {self.what} slot came free within {self.patience:g} s."
            ) from None
        return Ticket(client)

    def leave(self, ticket: Ticket) -> None:
        """Give the place back (once) and hand it to the next client in turn."""
        if ticket.released:
            return
        ticket.released = True
        self.busy -= 1
        self.held[ticket.client] -= 1
        if not self.held[ticket.client]:
            del self.held[ticket.client]
        waiting = [c for c, line in self.lines.items() if line]
        if not waiting or self.busy >= self.running:
            return
        # The client with the fewest running; on a tie, the one waiting longest
        # (dicts keep insertion order, and a client's line is re-added at the end).
        chosen = min(waiting, key=lambda c: self.held[c])
        waiter = self._drop(chosen, None)
        self._take(chosen)
        waiter.set_result(None)

    def _take(self, client: str) -> Ticket:
        self.busy += 1
        self.held[client] += 1
        return Ticket(client)

    def _drop(self, client: str, waiter: asyncio.Future[None] | None) -> asyncio.Future[None]:
        line = self.lines[client]
        found = line.popleft() if waiter is None else waiter
        if waiter is not None:
            line.remove(waiter)
        self.in_line -= 1
        del self.lines[client]
        if line:
            self.lines[client] = line  # to the back: the next turn goes to another client
        return found


def client_of(scope_client: tuple[str, int] | None) -> str:
    """Who a request is from, for the per-client share: its address (behind a
    proxy, every request shares the proxy's: the proxy's own limits apply)."""
    return scope_client[0] if scope_client else "?"
