"""What the read model skips while it is built (ReadModel.problems) is shown: in
/healthz, and on stderr by `tkgraph serve` and `tkgraph query`. With validation
off (or a remote endpoint) nothing else reports a date that does not parse."""

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

import tkgraph.cli.server as cli_module
from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.cli import main
from tkgraph.settings import Settings
from tkgraph.web.app import create_app

BAD_DATE = "participation/example-protocol.AA> consentDate '2020-13-45' is not a date"
QUERY = '{ actor(id: "state:AA") { label } }'


def seed_with_bad_date(tmp_path: Path, records_without_subject: int = 0) -> Path:
    """The tiny seed with Alphaland's consent date impossible, and optionally that
    many participations that name neither participant nor instrument."""
    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    protocol = seed / "example-protocol.ttl"
    text = protocol.read_text()
    assert text.count('tk:consentDate "2001-03-01"^^xsd:date') == 1
    protocol.write_text(text.replace('"2001-03-01"^^xsd:date', '"2020-13-45"^^xsd:date'))
    if records_without_subject:
        lines = ["@prefix tk: <https://w3id.org/tkgraph/ontology#> ."]
        lines += [f"<urn:test:p{i}> a tk:Participation ." for i in range(records_without_subject)]
        (seed / "incomplete.ttl").write_text("\n".join(lines) + "\n")
    return seed


async def test_healthz_lists_the_read_model_problems(tmp_path: Path) -> None:
    settings = Settings(ontology_dir=ONTOLOGY, seed_dir=seed_with_bad_date(tmp_path))
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        data = (await c.get("/healthz")).json()["data"]
        # The rest of the data is still served.
        label = (await c.post("/graphql", json={"query": QUERY})).json()["data"]["actor"]
    assert data["problemCount"] == 1
    [problem] = data["problems"]
    assert BAD_DATE in problem
    assert label == {"label": "Alphaland"}


async def test_healthz_of_clean_data_has_no_problems(tmp_path: Path) -> None:
    app = create_app(Settings(ontology_dir=ONTOLOGY, seed_dir=TINY_SEED))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        data = (await c.get("/healthz")).json()["data"]
    assert (data["problemCount"], data["problems"]) == (0, [])


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_query_warns_of_each_problem(tmp_path: Path) -> None:
    seed = seed_with_bad_date(tmp_path)
    result = CliRunner().invoke(
        main, ["query", "--ontology", str(ONTOLOGY), "--seed", str(seed), QUERY]
    )
    assert result.exit_code == 0, result.output
    [warning] = _warnings(result.stderr)
    assert warning.startswith("warning: data problem: <") and BAD_DATE in warning


def test_serve_without_validation_warns_at_most_20_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = seed_with_bad_date(tmp_path, records_without_subject=24)
    served: list[Any] = []
    monkeypatch.setattr(cli_module, "_check_port_free", lambda host, port: None)
    monkeypatch.setattr(cli_module, "_run_server", lambda app, settings: served.append(app))
    result = CliRunner().invoke(
        main, ["serve", "--no-validate", "--ontology", str(ONTOLOGY), "--seed", str(seed)]
    )
    assert result.exit_code == 0, result.output
    assert len(served) == 1
    warnings = _warnings(result.stderr)
    assert len(warnings) == 21
    assert all(w.startswith("warning: data problem: <") for w in warnings[:20])
    assert warnings[20] == "warning: ... and 5 more"
