"""The League-era tables in data/tables/ (*-league.csv), read here with plain
`csv`, independently of the importer: every party with a consent answers
BOUND on a day after its entry into force (given in the row, or computed by
the instrument's rule written here from its article), and a party to both the
1921 Convention and the 1949 Convention is told which governs between parties."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from tests.conftest import ROOT, Runner
from tests.seed.test_regime_recount import read_consents, superseded_by_the_1949_convention

TABLES = ROOT / "data" / "tables"

# instrument, table stem, the instrument's rule as (days, months) after deposit
# (None: no rule recorded), general entry into force
CASES = [
    # 1926 Slavery Convention art. 12: on the day of deposit; in force 1927-03-09.
    ("slavery-convention-1926", "slavery-convention-1926-league", (0, 0), date(1927, 3, 9)),
    # 1910 Convention arts. 8 and 9: six months after deposit; in force 1913-02-08.
    ("white-slave-traffic-convention-1910", "white-slave-traffic-convention-1910-league", (0, 6), date(1913, 2, 8)),
    # 1921 and 1933: no rule recorded; only the rows that give an entry into force bind.
    ("traffic-women-children-convention-1921", "traffic-women-children-convention-1921-league", None, None),
    ("traffic-women-full-age-convention-1933", "traffic-women-full-age-convention-1933-league", None, None),
]  # fmt: skip


def read_rows(stem: str) -> list[dict[str, str]]:
    with (TABLES / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_entry_into_force(
    row: dict[str, str], rule: tuple[int, int] | None, general: date | None
) -> date | None:
    """The row's own entry into force, else the rule's day; None when neither is known."""
    if row["entry_into_force"]:
        return date.fromisoformat(row["entry_into_force"])
    if rule is None or general is None:
        return None
    days, months = rule
    deposit = date.fromisoformat(row["consent_date"])
    month = deposit.month - 1 + months
    later = deposit.replace(year=deposit.year + month // 12, month=month % 12 + 1)
    return max(later + timedelta(days=days), general)


def binding(gql_real: Runner, actor: str, slug: str, day: date) -> dict[str, object]:
    result = gql_real.execute(
        f"""{{ binding(actor: "{actor}", instrument: "instrument:{slug}", asOf: "{day.isoformat()}") {{
              status boundFrom premises {{ role node {{ sources {{ address }} }} }} }} }}"""
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    found: dict[str, object] = result.data["binding"]
    return found


@pytest.mark.parametrize(("slug", "stem", "rule", "general"), CASES)
def test_league_era_parties_are_bound_after_their_entry_into_force(
    gql_real: Runner, slug: str, stem: str, rule: tuple[int, int] | None, general: date | None
) -> None:
    rows = [row for row in read_rows(stem) if row["consent_date"] and row["iso2"]]
    assert rows
    for row in rows:
        actor = f"state:{row['iso2']}"
        eif = expected_entry_into_force(row, rule, general)
        after = date.fromisoformat(row["consent_date"]) + timedelta(days=366)
        found = binding(gql_real, actor, slug, after)
        if eif is None:
            # No entry into force can be known: the honest answer.
            assert found["status"] == "UNKNOWN", (actor, found["status"])
            continue
        assert eif <= after
        assert (found["status"], found["boundFrom"]) == ("BOUND", eif.isoformat()), actor
        participation = next(p for p in found["premises"] if p["role"] == "participation")  # type: ignore[attr-defined]
        assert participation["node"]["sources"], actor


def test_a_party_to_the_1921_convention_and_the_1949_convention_is_told_which_governs(
    gql_real: Runner,
) -> None:
    belgium = next(
        row
        for row in read_rows("traffic-women-children-convention-1921-league")
        if row["iso2"] == "BE"
    )
    # 1949 Convention art. 24: the ninetieth day after deposit (UNTC VII-11-a).
    deposit = read_consents("treaties_7-11-a.csv")["Belgium"]
    since = max(date.fromisoformat(belgium["entry_into_force"]), deposit + timedelta(days=90))
    supersession = superseded_by_the_1949_convention(
        gql_real, "state:BE", "traffic-women-children-convention-1921", "1970-01-01"
    )
    assert supersession["since"] == since.isoformat()
    assert "governs" in supersession["reason"]
