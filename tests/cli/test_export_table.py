"""`tkgraph export-table`: the download tables from the command line, equal to /export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import ONTOLOGY, SEED
from tkgraph.cli import main
from tkgraph.service.snapshot import Snapshot
from tkgraph.web import downloads

DATA = ["--ontology", str(ONTOLOGY), "--seed", str(SEED)]


def test_bindings_csv_equals_the_http_table(real: Snapshot, tmp_path: Path) -> None:
    out = tmp_path / "tip.csv"
    args = ["export-table", *DATA, "bindings", "--instrument", "instrument:tip-protocol",
            "--as-of", "2010-01-01", "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    params = {"instrument": "instrument:tip-protocol", "asOf": "2010-01-01"}
    # bytes: CSV rows end in CRLF, which a text read would translate
    assert out.read_bytes().decode() == downloads.build(real, "bindings", params).render("csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert sum(r["status"] == "BOUND" for r in rows) == 135  # README: TIP bound on 2010-01-01


def test_members_json_to_stdout() -> None:
    args = ["export-table", *DATA, "members", "--organization", "organization:eu",
            "--as-of", "2019-06-01", "--format", "json"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert sum(r["status"] == "MEMBER" for r in body["rows"]) == 28  # README: 28 on 2019-06-01


def test_unknown_id_is_a_usage_error() -> None:
    args = ["export-table", *DATA, "timeline", "--instrument", "instrument:nope"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "names no instrument" in result.output
