"""Settings are checked when `serve` starts: a value out of range stops it with
a message naming the setting, where it is set and its range; every setting is
documented in the README."""

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tkgraph.cli import main
from tkgraph.errors import ConfigError
from tkgraph.settings import Settings, declarations


def test_a_negative_read_timeout_stops_serve() -> None:
    result = CliRunner().invoke(main, ["serve", "--read-timeout", "-1", "--port", "1"])
    assert result.exit_code == 2
    assert "read_timeout=-1.0 is out of range" in result.stderr
    assert "--read-timeout or TKGRAPH_READ_TIMEOUT" in result.stderr
    assert "from 0.1 to 3600" in result.stderr


def test_a_negative_sparql_timeout_in_the_environment_stops_serve() -> None:
    result = CliRunner().invoke(
        main, ["serve", "--port", "1"], env={"TKGRAPH_SPARQL_TIMEOUT": "-5"}
    )
    assert result.exit_code == 2
    assert "sparql_timeout=-5.0 is out of range (TKGRAPH_SPARQL_TIMEOUT)" in result.stderr
    assert "from 0.1 to 3600" in result.stderr


def test_a_value_that_is_not_a_number_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="TKGRAPH_SPARQL_ROW_CAP='many' is not a valid int"):
        Settings.from_env({"TKGRAPH_SPARQL_ROW_CAP": "many"})


@pytest.mark.parametrize("declared", declarations(), ids=lambda d: d.name)
def test_every_range_admits_its_default_and_refuses_what_is_past_it(declared: object) -> None:
    from tkgraph.settings import Declared

    assert isinstance(declared, Declared)
    if declared.range is None:
        return
    low, high = declared.range
    assert low <= declared.default <= high
    for outside in (low - 1, high + 1):
        with pytest.raises(ConfigError, match=f"{declared.name}="):
            Settings.from_env({declared.env: str(outside)})


def test_environment_round_trips() -> None:
    settings = Settings(cors_origins=("https://a.example", "https://b.example"), reasoning=True,
                        admin_token="t", read_timeout=2.5)  # fmt: skip
    assert Settings.from_env(settings.environment()) == settings


def test_every_setting_is_in_the_readme_table() -> None:
    """README "Settings" has one row per setting: its variable, default and range."""
    readme = (ROOT / "README.md").read_text()
    rows = {
        cells[0].strip(" `"): cells
        for line in readme.splitlines()
        if line.startswith("| `TKGRAPH_")
        for cells in [line.strip("|").split("|")]
    }
    declared = {d.env: d for d in declarations()}
    assert set(rows) == set(declared)
    for env, d in declared.items():
        flag = rows[env][1].strip(" `")
        assert flag == (d.flag or "").split("/")[0] or (not d.flag and flag == "")
        assert rows[env][3].strip() == d.range_text(), env
