"""Relay-style cursor pagination over in-memory lists, with a capped page size."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from tkgraph.api.context import PageSizes
from tkgraph.errors import BadUserInputError

T = TypeVar("T")
R = TypeVar("R")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    total_count: int = strawberry.field(description="Items matching the filters, on all pages.")
    edges: list[Edge[T]]
    page_info: PageInfo
    nodes: list[T] = strawberry.field(
        description="The nodes of this page (shortcut for edges { node })."
    )


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "offset":
            raise ValueError(cursor)
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise BadUserInputError(
            f"Cursor '{cursor}' is not valid.",
            "Pass a cursor returned by pageInfo.endCursor or edges.cursor.",
        ) from None


def paginate(
    items: Sequence[R],
    convert: Callable[[R], T],
    first: int | None,
    after: str | None,
    sizes: PageSizes,
) -> Connection[T]:
    """One page of ``items``, each converted once; ``first`` defaults to the
    default page size and is capped at the maximum."""
    size = sizes.default if first is None else first
    if size < 0 or size > sizes.max:
        raise BadUserInputError(
            f"first={size} is out of range.",
            f"Ask for 0 to {sizes.max} items per page and follow pageInfo.endCursor for more.",
        )
    start = decode_cursor(after) + 1 if after else 0
    if start < 0:
        raise BadUserInputError(f"Cursor '{after}' is not valid.", "Use a cursor from this API.")
    nodes = [convert(x) for x in items[start : start + size]]
    edges = [Edge(cursor=encode_cursor(start + i), node=node) for i, node in enumerate(nodes)]
    return Connection(
        total_count=len(items),
        edges=edges,
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=start + size < len(items),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
