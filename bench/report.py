"""Turn a benchmark result (the JSON the runner writes) into Markdown tables,
with the ratios and a PASS/MISS verdict against the targets of the issue."""

from __future__ import annotations

import statistics
from typing import Any

# Targets (the issue): queries at 1M; loads at 1M and 5M; HTTP ratios.
QUERY_TARGET_SIZE = "1m"
MAX_SERVICE_OVER_DICT = 3.0
MIN_RDFLIB_OVER_SERVICE = 20.0
LOAD_TARGETS = {"1m": (6.0, 1024.0), "5m": (30.0, 4096.0)}  # seconds, peak RSS MB


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _ratio(value: float | None, lower_bound: bool = False) -> str:
    if value is None:
        return "-"
    return f"{'> ' if lower_bound else ''}{value:.1f}x"


def _verdict(ok: bool | None, applies: bool) -> str:
    text = "?" if ok is None else "PASS" if ok else "MISS"
    return text if applies else f"({text})"


def _answer(row: dict[str, Any]) -> str:
    answers = row["answers"]
    first = answers.get("service") or answers.get("dict") or answers.get("rdflib") or {}
    text = ", ".join(f"{k}={v}" for k, v in first.items())
    return text if row["agree"] else f"ANSWERS DIFFER: {answers}"


def _shown(seconds: float | None, capped: bool) -> str:
    return f"> {duration(seconds)}" if capped else duration(seconds)


def query_rows(size: str, rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    applies = size == QUERY_TARGET_SIZE
    for row in rows:
        times, capped = row["median_seconds"], row.get("capped_seconds", {})
        service = times.get("service", capped.get("service"))
        base, rdflib = times.get("dict"), times.get("rdflib", capped.get("rdflib"))
        over_dict = service / base if service and base else None
        over_service = rdflib / service if rdflib and service else None
        dict_ok = None if over_dict is None else over_dict <= MAX_SERVICE_OVER_DICT
        rdflib_ok = None if over_service is None else over_service >= MIN_RDFLIB_OVER_SERVICE
        if ("rdflib" in capped and rdflib_ok is False) or "service" in capped:
            rdflib_ok = None  # a bound on the wrong side of the target says nothing
        if "service" in capped and dict_ok:
            dict_ok = None
        if not row["agree"]:
            dict_ok = rdflib_ok = False
        missing = "service" in row.get("missing", []) or "service" in row.get("errors", {})
        lines.append(
            f"| {size} | {row['title']} | {_answer(row)} | "
            f"{'missing' if missing else _shown(service, 'service' in capped)} | "
            f"{duration(base)} | {_shown(rdflib, 'rdflib' in capped)} | "
            f"{_ratio(over_dict, 'service' in capped)} | "
            f"{_ratio(over_service, 'rdflib' in capped and 'service' not in capped)} | "
            f"{_verdict(dict_ok, applies)} | "
            f"{_verdict(rdflib_ok, applies) if rdflib is not None else '-'} |"
        )
    return lines


def _megabytes(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} MB"


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def load_rows(size: str, loads: dict[str, list[dict[str, Any]]]) -> list[str]:
    tk, rd = loads.get("tkgraph", []), loads.get("rdflib", [])
    tk_s, tk_mb = _median(tk, "seconds"), _median(tk, "peak_rss_mb")
    rd_s, rd_mb = _median(rd, "seconds"), _median(rd, "peak_rss_mb")
    target = LOAD_TARGETS.get(size)
    ok = (
        None
        if tk_s is None or tk_mb is None or target is None
        else (tk_s < target[0] and tk_mb < target[1])
    )
    split = (
        f"{duration(_median(tk, 'parse_seconds'))} / {duration(_median(tk, 'model_seconds'))} "
        f"/ {duration(_median(tk, 'app_seconds'))}"
    )
    target_text = f"< {target[0]:.0f} s, < {target[1] / 1024:.0f} GB" if target else "-"
    triples = (tk or rd or [{}])[0].get("triples", "-")
    return [
        f"| {size} | {triples:,} | {duration(tk_s)} ({len(tk)}) | {split} | "
        f"{_megabytes(tk_mb)} | {duration(rd_s)} ({len(rd)}) | {_megabytes(rd_mb)} | "
        f"{_ratio(rd_s / tk_s if rd_s and tk_s else None)} | {target_text} | "
        f"{'-' if target is None else _verdict(ok, True)} |"
    ]


def http_rows(http: dict[str, Any]) -> list[str]:
    lines = []
    for case in http["cases"]:
        g, r, target = case["graphql"], case["raw"], case["target"]
        ok = None if target is None else case["ratio"] >= target
        answer = "" if case["same_answer"] else " (ANSWERS DIFFER)"
        lines.append(
            f"| {case['title']}{answer} | {g['rps']:.0f} | {g['p50_ms']:.1f} | {g['p99_ms']:.1f} | "
            f"{r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {case['ratio']:.2f} | "
            f"{'-' if target is None else f'>= {target:.2f}'} | "
            f"{'-' if target is None else _verdict(ok and case['same_answer'], True)} |"
        )
    return lines


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    out = [
        f"# tkgraph benchmark, {result['date']}",
        "",
        f"- command: `{result['command']}` ({result['seconds']:.0f} s in all)",
        f"- machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']:.1f} GB RAM, Python "
        f"{m['python']}, {m['platform']}",
        f"- load average at start / end: {m['load_start']} / {m['load_end']} "
        "(shared machine: read the ratios, measured interleaved; absolute times are noisy)",
        "",
        "## Load: ready to serve (median of runs, each in a fresh process)",
        "",
        "| size | triples | tkgraph build_snapshot + create_app (runs) | parse / read model + "
        "network / app | peak RSS | rdflib Dataset parse (runs) | peak RSS | rdflib/tkgraph "
        "| target (tkgraph) | verdict |",
        "|---|---:|---:|---|---:|---:|---:|---:|---|---|",
    ]
    for size, data in result["sizes"].items():
        out += load_rows(size, data["loads"])
    out += [
        "",
        "## Domain queries: median time per call",
        "",
        f"Targets at {QUERY_TARGET_SIZE.upper()}: service within {MAX_SERVICE_OVER_DICT:.0f}x "
        f"of the dict baseline, rdflib at least {MIN_RDFLIB_OVER_SERVICE:.0f}x slower than the "
        "service. Verdicts in brackets are for sizes without a target. '> t' is an rdflib "
        "call stopped at the time cap: a lower bound.",
        "",
        "| size | query | answer | service | dict | rdflib | service/dict | rdflib/service "
        "| <= 3x dict | >= 20x rdflib |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for size, data in result["sizes"].items():
        if data.get("queries"):
            out += query_rows(size, data["queries"]["queries"])
    if result.get("http"):
        http = result["http"]
        out += [
            "",
            f"## GraphQL over HTTP ({http['data']} data, real uvicorn httptools + uvloop, "
            f"1 worker, loopback, {http['concurrency']} connections, median of "
            f"{http['rounds']} alternating rounds)",
            "",
            "| case | GraphQL req/s | p50 ms | p99 ms | raw req/s | p50 ms | p99 ms | "
            "GraphQL/raw | target | verdict |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
            *http_rows(http),
        ]
    out += _profiles(result)
    return "\n".join(out) + "\n"


def _profiles(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    sizes = [s for s, d in result["sizes"].items() if d.get("queries")]
    if not sizes:
        return out
    size = sizes[-1]
    rows = [r for r in result["sizes"][size]["queries"]["queries"] if r.get("profile")]
    if rows:
        out += ["", f"## cProfile of service rows over 3x their baseline ({size})", ""]
    for row in rows:
        out += [f"### {row['title']}", "", "```", row["profile"].strip(), "```", ""]
    return out
