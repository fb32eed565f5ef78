"""Child process: the real service and a raw Starlette endpoint, on loopback.

``python -m bench.http_server --data bench/data/100k`` builds one snapshot and
serves, with uvicorn (httptools, uvloop, one worker each) on two free ports
of 127.0.0.1 in the same process:

- ``tkgraph.web.app.create_app(settings, snapshot)``: the service, GraphQL at /graphql;
- a raw Starlette app whose handlers build, by hand from the same read model,
  the same JSON the GraphQL documents of ``bench/http_load.py`` return.

It prints ``{"graphql": port, "raw": port}`` once both listen, and stops when
its standard input closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import uvicorn
import uvloop
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.generate import ONTOLOGY_DIR
from tkgraph.domain import cooperation as co
from tkgraph.domain.network import Network
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import id_for_iri, iri_for_id
from tkgraph.service.snapshot import build_snapshot
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

LIST_SIZE = 200


def instrument_json(model: ReadModel, node_id: str) -> dict[str, Any] | None:
    rec = model.instruments.get(str(iri_for_id(node_id)))
    return None if rec is None else {"label": rec.label, "shortName": rec.short_name}


def participations_json(model: ReadModel, node_id: str, alias: str) -> dict[str, Any]:
    found = model.participations_by_instrument.get(str(iri_for_id(node_id)), [])
    edges = []
    for iri in found[:LIST_SIZE]:
        p = model.participations[iri]
        actor = model.actors.get(p.participant)
        node = {
            "id": id_for_iri(p.iri),
            "consentKind": p.consent_kind,
            "consentDate": p.consent_date.isoformat() if p.consent_date else None,
            "signatureDate": p.signature_date.isoformat() if p.signature_date else None,
            "participant": {"id": id_for_iri(actor.iri), "label": actor.label} if actor else None,
        }
        edges.append({"node": node})
    return {alias: {"participations": {"totalCount": len(found), "edges": edges}}}


def cooperation_json(model: ReadModel, network: Network, node_id: str) -> list[dict[str, Any]]:
    """The partners of an actor with each piece of evidence (kind, via, dates)."""
    found = co.cooperation_of(model, network, str(iri_for_id(node_id)))
    return [
        {
            "partner": {"id": id_for_iri(c.partner)},
            "evidenceCount": len(c.evidence),
            "evidence": [
                {
                    "kind": e.kind.name,
                    "via": {"id": id_for_iri(e.via)},
                    "startDate": e.start.isoformat() if e.start else None,
                    "endDate": e.end.isoformat() if e.end else None,
                }
                for e in c.evidence
            ],
        }
        for c in found
    ]


def raw_app(model: ReadModel, network: Network) -> Starlette:
    """Plain JSON endpoints; the request body names the instrument (and an alias)."""

    async def instrument(request: Request) -> Response:
        body = await request.json()
        alias = body.get("alias") or "instrument"
        return JSONResponse({"data": {alias: instrument_json(model, body["id"])}})

    async def participations(request: Request) -> Response:
        body = await request.json()
        alias = body.get("alias") or "instrument"
        return JSONResponse({"data": participations_json(model, body["id"], alias)})

    async def cooperation(request: Request) -> Response:
        body = await request.json()
        alias = body.get("alias") or "instrument"
        return JSONResponse({"data": {alias: cooperation_json(model, network, body["id"])}})

    return Starlette(
        routes=[
            Route("/raw/cooperation", cooperation, methods=["POST"]),
            Route("/raw/instrument", instrument, methods=["POST"]),
            Route("/raw/participations", participations, methods=["POST"]),
        ]
    )


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


async def serve(apps: dict[str, Any]) -> None:
    servers, tasks, ports = [], [], {}
    for name, app in apps.items():
        sock = _listening_socket()
        ports[name] = sock.getsockname()[1]
        config = uvicorn.Config(
            app, loop="uvloop", http="httptools", log_level="warning", access_log=False
        )
        server = uvicorn.Server(config)
        servers.append(server)
        tasks.append(asyncio.create_task(server.serve(sockets=[sock])))
    while not all(s.started for s in servers):
        await asyncio.sleep(0.05)
    loop = asyncio.get_running_loop()

    def stop_when_stdin_closes() -> None:
        sys.stdin.read()
        for server in servers:
            loop.call_soon_threadsafe(setattr, server, "should_exit", True)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    print(json.dumps(ports), flush=True)
    await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    seed = args.data / "seed"
    snapshot = build_snapshot(ONTOLOGY_DIR, seed)
    settings = Settings(ontology_dir=ONTOLOGY_DIR, seed_dir=seed, graphiql=False)
    apps = {
        "graphql": create_app(settings, snapshot),
        "raw": raw_app(snapshot.model, snapshot.network),
    }
    uvloop.run(serve(apps))


if __name__ == "__main__":
    main()
