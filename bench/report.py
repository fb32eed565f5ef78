"""Turn a benchmark result (the JSON the runner writes) into Markdown tables,
with the ratios and a PASS/MISS verdict against the targets of the issue."""

from __future__ import annotations

import statistics
from typing import Any

# Targets (the issue): queries at 1M; loads at 1M and 5M; HTTP ratios.
QUERY_TARGET_SIZE = "1m"
MAX_SERVICE_OVER_DICT = 3.0
MAX_EXPLAINED_OVER_DICT = 10.0  # the same call, every explanation field read
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
    first = (
        answers.get("explained")
        or answers.get("service")
        or answers.get("dict")
        or answers.get("rdflib")
        or {}
    )
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
        explained = times.get("explained")
        over_dict_explained = explained / base if explained and base else None
        explained_ok = (
            None if over_dict_explained is None else over_dict_explained <= MAX_EXPLAINED_OVER_DICT
        )
        if not row["agree"]:
            dict_ok = rdflib_ok = False
            explained_ok = False if explained is not None else None
        missing = "service" in row.get("missing", []) or "service" in row.get("errors", {})
        lines.append(
            f"| {size} | {row['title']} | {_answer(row)} | "
            f"{'missing' if missing else _shown(service, 'service' in capped)} | "
            f"{duration(explained)} | "
            f"{duration(base)} | {_shown(rdflib, 'rdflib' in capped)} | "
            f"{_ratio(over_dict, 'service' in capped)} | "
            f"{_ratio(over_dict_explained)} | "
            f"{_ratio(over_service, 'rdflib' in capped and 'service' not in capped)} | "
            f"{_verdict(dict_ok, applies)} | "
            f"{_verdict(explained_ok, applies) if explained is not None else '-'} | "
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
            f"{r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {case['ratio']:.3f} | "
            f"{'-' if target is None else f'>= {target:.2f}'} | "
            f"{'-' if target is None else _verdict(ok and case['same_answer'], True)} |"
        )
    return lines


def mix_rows(mix: dict[str, Any]) -> list[str]:
    levels = mix["levels"]
    names = list(levels)
    out = [
        "| connections | sent before (maybe cached) | req/s | p50 ms | p99 ms | not answered |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for level, found in levels.items():
        failures = ", ".join(f"{why} x{n}" for why, n in found["failures"].items()) or "0"
        out.append(
            f"| {level} | {found['seenBefore']:.0%} | {found['rps']:.1f} | {found['p50_ms']:.1f} "
            f"| {found['p99_ms']:.1f} | {failures} |"
        )
    head = " | ".join(f"p50 / p99 ms at {level}" for level in names)
    out += ["", f"| kind of request | share | {head} |", "|---|---:|" + "---:|" * len(names)]
    for kind, count in sorted(mix["counts"].items(), key=lambda item: -item[1]):
        cells = " | ".join(
            f"{levels[level]['kinds'][kind]['p50_ms']:.0f} / "
            f"{levels[level]['kinds'][kind]['p99_ms']:.0f}"
            if kind in levels[level]["kinds"]
            else "-"
            for level in names
        )
        out.append(f"| {kind} | {count / mix['requests']:.0%} | {cells} |")
    return out


def _done_when_queries(size: str, rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for row in rows:
        times = row["median_seconds"]
        base = times.get("dict")
        if not base or not row["agree"]:
            continue
        for way, what, limit in (
            ("service", "statuses/counts", MAX_SERVICE_OVER_DICT),
            ("explained", "full explanations", MAX_EXPLAINED_OVER_DICT),
        ):
            if way in times:
                ratio = times[way] / base
                out.append(
                    f"| {row['title']}, {what} | {duration(times[way])} | {duration(base)} "
                    f"| {ratio:.1f}x | <= {limit:.0f}x | "
                    f"{_verdict(ratio <= limit, size == QUERY_TARGET_SIZE)} |"
                )
    return out


def done_when(result: dict[str, Any]) -> list[str]:
    """Issue 17's figures, one row each, from this one run."""
    sizes = result["sizes"]
    size = QUERY_TARGET_SIZE if QUERY_TARGET_SIZE in sizes else next(reversed(sizes), None)
    if size is None:
        return []
    out = [
        "",
        f"## Issue 17, done when ({size}{'' if size == QUERY_TARGET_SIZE else ', targets are for 1m'}"
        "; HTTP on the 100k data)",
        "",
        "| figure | tkgraph | limit (dict / raw) | ratio | target | verdict |",
        "|---|---:|---:|---:|---|---|",
    ]
    queries = sizes[size].get("queries")
    if queries:
        out += _done_when_queries(size, queries["queries"])
    runs = sizes[size]["loads"].get("tkgraph", [])
    seconds, peak = _median(runs, "seconds"), _median(runs, "peak_rss_mb")
    target = LOAD_TARGETS.get(size)
    if seconds is not None and peak is not None:
        ok = None if target is None else seconds < target[0] and peak < target[1]
        out.append(
            f"| cold start, ready to serve (parse {duration(_median(runs, 'parse_seconds'))}, "
            f"read model {duration(_median(runs, 'model_seconds'))}, app "
            f"{duration(_median(runs, 'app_seconds'))}) | {duration(seconds)}, "
            f"{_megabytes(peak)} | | | "
            f"{f'< {target[0]:.0f} s, < {target[1]:.0f} MB' if target else '-'} | "
            f"{'-' if ok is None else _verdict(ok, True)} |"
        )
    for case in (result.get("http") or {}).get("cases", []):
        if case["target"] is None:
            continue
        ok = case["ratio"] >= case["target"] and case["same_answer"]
        out.append(
            f"| GraphQL/raw: {case['title']} | {case['graphql']['rps']:.0f} req/s | "
            f"{case['raw']['rps']:.0f} req/s | {case['ratio']:.3f} | >= {case['target']:.2f} "
            f"| {_verdict(ok, True)} |"
        )
    return out


# Issue 25's targets.
MAX_STATUS_OVER_DICT = 1.5
MIN_OXIGRAPH_OVER_SERVICE = 10.0
COLD_START_1M = (4.0, 1024.0)  # seconds, peak RSS MB
MAX_RESTART_SECONDS = 1.5
MIN_LIST_UNCACHED_RATIO = 0.3
MIX_P99_MS = {"16": 300.0, "64": 1000.0}
MAX_COOPERATION_P50_MS = 50.0
# Why Oxigraph's count can differ from the service's (checked on the data: the
# rows it misses are those whose entry into force a month-counting rule gives).
OXIGRAPH_MONTHS = (
    "Oxigraph cannot add an xsd:yearMonthDuration to an xsd:date, so a month-counting "
    "entry-into-force rule gives no row"
)


def _oxigraph_row(size: str, row: dict[str, Any]) -> str | None:
    times, capped = row["median_seconds"], row.get("capped_seconds", {})
    ox, service = times.get("oxigraph", capped.get("oxigraph")), times.get("service")
    if ox is None or service is None:
        return None
    ratio = ox / service
    answers = row["answers"]
    same = row.get("oxigraph_agrees")
    if "oxigraph" in capped:
        answer = f"stopped at the {ox:.0f} s cap: a lower bound, no answer to compare"
    elif same:
        answer = "same answer"
    else:
        mine, theirs = answers.get("service", {}), answers.get("oxigraph", {})
        fewer = all(theirs.get(k, 0) <= v for k, v in mine.items() if k in theirs)
        why = OXIGRAPH_MONTHS if fewer and "bound" in theirs else "see the answers"
        answer = f"differs: tkgraph {mine}, Oxigraph {theirs} ({why})"
    return (
        f"| tkgraph vs Oxigraph SPARQL, {row['title']} | {duration(service)} | "
        f"{_shown(ox, 'oxigraph' in capped)} | {_ratio(ratio, 'oxigraph' in capped)} ahead; "
        f"{answer} | >= {MIN_OXIGRAPH_OVER_SERVICE:.0f}x ahead | "
        f"{_verdict(ratio >= MIN_OXIGRAPH_OVER_SERVICE, size == QUERY_TARGET_SIZE)} |"
    )


def _status_rows(size: str, rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for row in rows:
        if row["key"] not in ("bound_treaty", "bound_members", "instruments_of", "obligations_of"):
            continue
        times = row["median_seconds"]
        service, base = times.get("service"), times.get("dict")
        if service is None or base is None:
            continue
        ratio = service / base
        ok = ratio <= MAX_STATUS_OVER_DICT and row["agree"]
        out.append(
            f"| {row['title']}, statuses, vs the dict baseline | {duration(service)} | "
            f"{duration(base)} | {ratio:.1f}x | <= {MAX_STATUS_OVER_DICT}x | "
            f"{_verdict(ok, size == QUERY_TARGET_SIZE)} |"
        )
    return out


def _start_rows(size: str, loads: dict[str, list[dict[str, Any]]]) -> list[str]:
    applies = size == "1m"
    out = []
    runs = loads.get("tkgraph", [])
    seconds, peak = _median(runs, "seconds"), _median(runs, "peak_rss_mb")
    if seconds is not None and peak is not None:
        ok = seconds <= COLD_START_1M[0] and peak <= COLD_START_1M[1]
        out.append(
            f"| cold start at {size}, ready to serve | {duration(seconds)}, {_megabytes(peak)} | "
            f"| | <= {COLD_START_1M[0]:.0f} s, <= 1 GB (1m) | {_verdict(ok, applies)} |"
        )
    first = _median(loads.get("store_first", []), "seconds")
    if first is not None:
        out.append(
            f"| first start at {size} with --store-dir (parse into the store, read model, every "
            f"status timeline, save) | {duration(first)} | | | - | - |"
        )
    restart = loads.get("restart", [])
    seconds, peak = _median(restart, "seconds"), _median(restart, "peak_rss_mb")
    if seconds is not None:
        ok = seconds <= MAX_RESTART_SECONDS
        out.append(
            f"| restart at {size} from --store-dir (read model and timelines loaded) | "
            f"{duration(seconds)}, {_megabytes(peak)} | | | <= {MAX_RESTART_SECONDS} s (1m) | "
            f"{_verdict(ok, applies)} |"
        )
    return out


def _http_target_rows(http: dict[str, Any]) -> list[str]:
    out = []
    for case in http.get("cases", []):
        if case["key"] == "list_uncached":
            ok = case["ratio"] >= MIN_LIST_UNCACHED_RATIO and case["same_answer"]
            out.append(
                f"| GraphQL/raw Starlette, 200-item list, new variable values | "
                f"{case['graphql']['rps']:.0f} req/s | {case['raw']['rps']:.0f} req/s | "
                f"{case['ratio']:.3f} | >= {MIN_LIST_UNCACHED_RATIO} | {_verdict(ok, True)} |"
            )
        if case["key"] == "cooperation_first":
            p50 = case["graphql"]["p50_ms"]
            same = "" if case["same_answer"] else " (ANSWERS DIFFER from the raw endpoint)"
            out.append(
                f"| cooperation(actor:) over HTTP, a case of its own{same}, p50 at "
                f"{http['concurrency']} connections | {p50:.1f} ms | "
                f"{case['raw']['p50_ms']:.1f} ms (raw) | | <= {MAX_COOPERATION_P50_MS:.0f} ms | "
                f"{_verdict(p50 <= MAX_COOPERATION_P50_MS and case['same_answer'], True)} |"
            )
    mix = http.get("mix")
    if mix:
        for level, limit in MIX_P99_MS.items():
            found = mix["levels"].get(level)
            if found is None:
                continue
            out.append(
                f"| mixed workload ({http['data']}), p99 at {level} connections | "
                f"{found['p99_ms']:.0f} ms | | | <= {limit:.0f} ms | "
                f"{_verdict(found['p99_ms'] <= limit, True)} |"
            )
        kinds = [mix["levels"][level]["kinds"].get("cooperation") for level in mix["levels"]]
        if kinds and kinds[0] is not None:
            p50 = kinds[0]["p50_ms"]
            out.append(
                f"| cooperation(actor:) in the mixed workload, p50 at {next(iter(mix['levels']))} "
                f"connections | {p50:.0f} ms | | | <= {MAX_COOPERATION_P50_MS:.0f} ms | "
                f"{_verdict(p50 <= MAX_COOPERATION_P50_MS, True)} |"
            )
    return out


def issue_25(result: dict[str, Any]) -> list[str]:
    """Every target of issue 25, one row each, with its verdict (in brackets
    where the size measured is not the size the target is set for)."""
    out = [
        "",
        "## Issue 25's targets (queries and starts at 1m; HTTP on the 100k data)",
        "",
        "| figure | tkgraph | peer | ratio / detail | target | verdict |",
        "|---|---:|---:|---|---|---|",
    ]
    for size, data in result["sizes"].items():
        queries = (data.get("queries") or {}).get("queries", [])
        out += _status_rows(size, queries)
        out += [line for row in queries if (line := _oxigraph_row(size, row)) is not None]
        out += _start_rows(size, data["loads"])
    if result.get("http"):
        out += _http_target_rows(result["http"])
    return out


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
        *([f"- note: {result['note']}"] if result.get("note") else []),
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
        f"Targets at {QUERY_TARGET_SIZE.upper()}: service (statuses and counts only) within "
        f"{MAX_SERVICE_OVER_DICT:.0f}x of the dict baseline, explained (the same call, every "
        f"reason, premise and evidence field read) within {MAX_EXPLAINED_OVER_DICT:.0f}x, "
        f"rdflib at least {MIN_RDFLIB_OVER_SERVICE:.0f}x slower than the "
        "service. Verdicts in brackets are for sizes without a target. '> t' is an rdflib "
        "call stopped at the time cap: a lower bound. In the answer column, `explained=n` "
        "counts the explanation characters and items the explained way read.",
        "",
        "| size | query | answer | service | explained | dict | rdflib | service/dict "
        "| explained/dict | rdflib/service | <= 3x dict | explained <= 10x dict | >= 20x rdflib |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
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
        if http.get("mix"):
            mix = http["mix"]
            out += [
                "",
                f"## Mixed workload over HTTP ({http['data']} data, the same server; "
                f"{mix['requests']} requests per run, a new draw for each run, median of "
                f"{mix['rounds']} runs per level)",
                "",
                "Atlas and map pages and their data requests, bindings, cooperation and "
                "/export downloads, subjects and dates drawn at random (see "
                "`bench/http_mix.py`); every request of a warm-up draw "
                f"({mix['distinct']} distinct of {mix['requests']}) answered correctly in a "
                "check pass first. 'Sent before' is the share of a run's requests already "
                "sent by the check pass or an earlier run: the most the response cache "
                "can answer.",
                "",
                *mix_rows(mix),
            ]
    out += done_when(result)
    out += issue_25(result)
    out += _profiles(result)
    return "\n".join(out) + "\n"


def _profiles(result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    sizes = [s for s, d in result["sizes"].items() if d.get("queries")]
    if not sizes:
        return out
    size = sizes[-1]
    rows = [r for r in result["sizes"][size]["queries"]["queries"] if r.get("profiles")]
    if rows:
        out += [
            "",
            f"## cProfile of service ways over their target ({size}: service over 3x the "
            "dict baseline, explained over 10x)",
            "",
        ]
    for row in rows:
        for way, text in row["profiles"].items():
            out += [f"### {row['title']}: {way}", "", "```", text.strip(), "```", ""]
    return out
