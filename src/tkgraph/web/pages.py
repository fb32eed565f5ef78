"""The HTML pages tkgraph serves and what they need besides the API.

    /map                    the relationship map
    /atlas                  the world atlas with timelines and downloads
    /graphql (a browser)    GraphiQL, vendored (app.py routes it here)
    /graphql/examples.json  the example queries of examples/, for GraphiQL

Every page loads its scripts from /static only (vendored npm packages in
static/vendor/), so they work on a machine without internet.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tkgraph.settings import bundled_data_root

STATIC_DIR = Path(__file__).resolve().parent / "static"


def examples(folder: Path) -> list[dict[str, str]]:
    """Each examples/*.graphql as {name, description, query}; the description is
    the file's leading comment lines."""
    found = []
    for path in sorted(folder.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        comments = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
        found.append({"name": path.stem, "description": " ".join(comments[:3]), "query": text})
    return found


def page(name: str) -> Response:
    return Response(_page_bytes(name), media_type="text/html")


@functools.cache
def _page_bytes(name: str) -> bytes:
    # Read once per process and served from memory: a FileResponse reads through
    # the thread pool (stat, open, read, close), and under load each of those
    # steps waits behind the GraphQL work (the atlas page's p50 was 175-258 ms
    # at 16 connections in bench.run's mixed workload, other small requests
    # 15-30 ms). A changed page is served after a restart.
    return (STATIC_DIR / name).read_bytes()


async def map_page(request: Request) -> Response:
    return page("map.html")


async def atlas_page(request: Request) -> Response:
    return page("atlas.html")


async def examples_json(request: Request) -> Response:
    return JSONResponse(examples(bundled_data_root() / "examples"))


def routes() -> list[Route]:
    return [
        Route("/map", map_page),
        Route("/atlas", atlas_page),
        Route("/graphql/examples.json", examples_json),
    ]
