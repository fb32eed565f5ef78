#!/usr/bin/env python3
"""Recompute party counts for the Palermo instruments (UNTOC, TIP Protocol,
Smuggling Protocol) from the 2014 UNTC scrapes plus the change tables.

No dependencies; reads files only.  Run from anywhere:

    python3 scripts/check_untc_counts.py

For each instrument:
  base   = rows of data/untc/treaties_18-12*.csv whose consent column
           (3rd column) is non-empty;
  added  = rows of data/tables/<stem>.csv with a non-empty consent_date on or
           before the table's as_of (a partial date YYYY or YYYY-MM counts if
           its known part is not after as_of), whose participant was NOT
           already a party in the 2014 file;
  gone   = rows whose denunciation_effective is on or before as_of;
  total  = base + added - gone, compared with [checked_against].count and
           with every count recorded in the TOML under [counts.*] (optional).
Rows with neither a consent_date nor a signature_date are listed as "undated"."""

import csv
import os
import sys

try:
    import tomllib  # Python 3.11+
except ImportError:  # pragma: no cover
    tomllib = None

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")
TABLES = os.path.join(DATA, "tables")

INSTRUMENTS = [
    # (label, 2014 scrape, change-table stem prefix)
    ("UNTOC (XVIII-12)", "untc/treaties_18-12.csv", "untoc-"),
    ("TIP Protocol (XVIII-12-a)", "untc/treaties_18-12-a.csv", "tip-protocol-"),
    ("Smuggling Protocol (XVIII-12-b)", "untc/treaties_18-12-b.csv", "smuggling-protocol-"),
]

# Depositary (UNTC) party counts the change tables are compared with, read from the
# UNTC status pages (header "Status : Signatories : N. Parties : M"); see the
# [sources.untc-*] entries of each TOML.  Used when a table has no [checked_against].
DEPOSITARY_COUNTS = {
    "untoc-": (192, "2024-05-04", "untc-xviii-12-2024-05-04"),
    "tip-protocol-": (182, "2024-04-20", "untc-xviii-12-a-2024-04-20"),
    "smuggling-protocol-": (152, "2024-04-26", "untc-xviii-12-b-2024-04-26"),
}

# names that differ between the 2014 scrape and the change tables
ALIASES = {
    "czechia": "czech republic",
    "republic of korea": "republic of korea",
    "state of palestine": "state of palestine",
    "eswatini": "swaziland",
    "north macedonia": "the former yugoslav republic of macedonia",
}


def norm(name):
    n = " ".join(name.strip().lower().split())
    return ALIASES.get(n, n)


def load_toml(path):
    with open(path, "rb") as f:
        if tomllib is not None:
            return tomllib.load(f)
    # minimal fallback: only top-level as_of and [checked_against] count/as_of
    out, section = {"checked_against": {}}, None
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if "=" in line:
            k, v = [x.strip() for x in line.split("=", 1)]
            v = v.strip('"')
            if section is None:
                out[k] = v
            elif section == "checked_against":
                out["checked_against"][k] = int(v) if v.isdigit() else v
    return out


def not_after(partial, as_of):
    """True if a YYYY / YYYY-MM / YYYY-MM-DD date is not after as_of."""
    return partial <= as_of[: len(partial)]


def main():
    ok = True
    for label, scrape, prefix in INSTRUMENTS:
        rows14 = list(csv.reader(open(os.path.join(DATA, scrape), encoding="utf-8")))[1:]
        parties14 = {norm(r[0]) for r in rows14 if len(r) > 2 and r[2].strip()}
        base = len(parties14)
        tables = sorted(
            f for f in os.listdir(TABLES) if f.startswith(prefix) and f.endswith(".toml")
        )
        print("=" * 72)
        print(f"{label}: 2014 scrape {scrape}: {base} rows with a consent")
        if not tables:
            print("  no change table found")
            continue
        for t in tables:
            meta = load_toml(os.path.join(TABLES, t))
            as_of = str(meta.get("as_of"))
            csvp = os.path.join(TABLES, t[:-5] + ".csv")
            rows = list(csv.DictReader(open(csvp, encoding="utf-8")))
            added, undated, dup, gone = [], [], [], []
            for r in rows:
                name = norm(r["participant"])
                cd = r.get("consent_date", "").strip()
                if cd and not_after(cd, as_of):
                    if name in parties14:
                        dup.append(r["participant"])
                    else:
                        added.append(r["participant"])
                elif not cd and not r.get("signature_date", "").strip():
                    undated.append(r["participant"])
                de = r.get("denunciation_effective", "").strip()
                if de and not_after(de, as_of):
                    gone.append(r["participant"])
            total = base + len(added) - len(gone)
            print(f"  {t}: as_of {as_of}, completeness {meta.get('completeness')}")
            print(f"    dated new consents: {len(added)}; denunciations effective: {len(gone)}")
            if dup:
                print(f"    already parties in 2014 (not counted again): {dup}")
            if undated:
                print(f"    consent without a date (not counted): {len(undated)} {undated}")
            print(f"    total = {base} + {len(added)} - {len(gone)} = {total}")
            ca = meta.get("checked_against") or {}
            if ca.get("count") is not None:
                match = total == int(ca["count"])
                print(
                    f"    checked_against: {ca.get('count')} as of {ca.get('as_of')} "
                    f"({ca.get('source')}) -> {'MATCH' if match else 'MISMATCH'}"
                )
                if meta.get("completeness") == "complete" and not match:
                    ok = False
            dep = DEPOSITARY_COUNTS.get(prefix)
            if dep and not ca.get("count"):
                n, d, src = dep
                print(
                    f"    depositary count: {n} as of {d} ({src}) -> "
                    f"{'MATCH' if total == n else f'short by {n - total}' if total < n else f'over by {total - n}'}"
                    f" (undated rows: {len(undated)})"
                )
            for key, c in (meta.get("counts") or {}).items():
                sub_as_of = str(c.get("as_of"))
                sub = base + sum(
                    1
                    for r in rows
                    if r.get("consent_date", "").strip()
                    and not_after(r["consent_date"].strip(), sub_as_of)
                    and norm(r["participant"]) not in parties14
                )
                print(
                    f"    count '{key}': {c.get('count')} as of {sub_as_of} ({c.get('source')}); "
                    f"rows give {sub} (dated rows only)"
                )
    print("=" * 72)
    if not ok:
        print("ERROR: a table declared complete does not match its checked_against count")
        sys.exit(1)


if __name__ == "__main__":
    main()
