"""Reload: a valid change is swapped in; a broken one is refused and the old data kept."""

import shutil
from pathlib import Path

import httpx

from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

TOKEN = "s3cret-token"
LABEL_QUERY = '{ actor(id: "state:AA") { label } }'


async def _label(client: httpx.AsyncClient) -> str:
    response = await client.post("/graphql", json={"query": LABEL_QUERY})
    return str(response.json()["data"]["actor"]["label"])


async def _exported_label(client: httpx.AsyncClient) -> str:
    """Alphaland's label in the participations table: downloads are cached, per data version."""
    response = await client.get(
        "/export/participations.json", params={"instrument": "instrument:example-protocol"}
    )
    rows = response.json()["rows"]
    return str(next(r["actor_label"] for r in rows if r["actor"] == "state:AA"))


async def test_reload_swaps_valid_data_and_keeps_old_on_error(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    settings = Settings(ontology_dir=ONTOLOGY, seed_dir=seed, admin_token=TOKEN)
    app = create_app(settings)
    auth = {"authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        assert (
            await client.post("/admin/reload", headers={"authorization": "Bearer wrong"})
        ).status_code == 401
        assert await _label(client) == "Alphaland"
        assert await _exported_label(client) == await _exported_label(client) == "Alphaland"
        old_version = (await client.get("/healthz")).json()["data"]["version"]

        actors = seed / "actors.ttl"
        actors.write_text(actors.read_text().replace('"Alphaland"', '"Alphaland (renamed)"'))
        response = await client.post("/admin/reload", headers=auth)
        assert response.status_code == 200 and response.json()["reloaded"] is True
        assert await _label(client) == "Alphaland (renamed)"
        assert await _exported_label(client) == "Alphaland (renamed)"
        new_version = (await client.get("/healthz")).json()["data"]["version"]
        assert new_version != old_version

        (seed / "broken.ttl").write_text("<urn:a> <urn:b> .\n")
        response = await client.post("/admin/reload", headers=auth)
        assert response.status_code == 422
        assert "broken.ttl:1" in response.json()["error"]["message"]
        assert await _label(client) == "Alphaland (renamed)"
        health = (await client.get("/healthz")).json()
        assert health["status"] == "degraded"
        assert health["data"]["version"] == new_version
        assert "broken.ttl" in health["lastReload"]["error"]

        (seed / "broken.ttl").unlink()
        assert (await client.post("/admin/reload", headers=auth)).status_code == 200
        assert (await client.get("/healthz")).json()["status"] == "ok"
