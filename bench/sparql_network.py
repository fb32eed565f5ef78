"""Paths and relationship maps the way an rdflib application would compute
them: breadth first, one SPARQL query per ring of the search (the frontier
written in as VALUES), the bookkeeping in Python."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Dataset

from bench.sparql import QUERY_DIR


def template(name: str) -> str:
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def _with_values(text: str, nodes: list[str]) -> str:
    values = "VALUES ?node { " + " ".join(f"<{n}>" for n in nodes) + " }"
    return text.replace("#VALUES", values, 1)


def _rows(dataset: Dataset, text: str, nodes: list[str]) -> list[tuple[str, ...]]:
    result = dataset.query(_with_values(text, nodes))
    return [tuple(str(v) if v is not None else "" for v in row) for row in result]  # type: ignore[union-attr]


def shortest_paths(
    dataset: Dataset, text: str, source: str, target: str, max_hops: int
) -> tuple[int, int]:
    """Length of the shortest paths and how many there are (0, 0 when none)."""
    depth, count = {source: 0}, {source: 1}
    frontier = [source]
    for level in range(max_hops):
        if target in depth or not frontier:
            break
        ring: dict[str, int] = defaultdict(int)
        for node, other in _rows(dataset, text, frontier):
            if other not in depth:
                ring[other] += count[node]
        for other, paths in ring.items():
            depth[other], count[other] = level + 1, paths
        frontier = sorted(ring)
    if source == target or target not in depth:
        return 0, 0
    return depth[target], count[target]


def _links(
    dataset: Dataset, text: str, nodes: list[str]
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for node, other, link, short, plain, title in _rows(dataset, text, nodes):
        links[node].append((other, link))
        label = short or plain or title or other
        labels[other] = min(label, labels.get(other, label))
    return links, labels


def relationship_map(
    dataset: Dataset, text: str, focus: str, depth: int, budget: int
) -> tuple[int, int]:
    """Nodes and edges of the budgeted breadth-first map around one focus node."""
    included: dict[str, None] = {focus: None}
    frontier = [focus]
    for _ in range(depth):
        links, labels = _links(dataset, text, frontier)
        ring: list[str] = []
        for node in frontier:
            others: set[str] = {other for other, _ in links.get(node, [])} - included.keys()
            for other in sorted(others, key=lambda n: ((labels.get(n) or n).casefold(), n)):
                if len(included) >= budget:
                    break
                included[other] = None
                ring.append(other)
        frontier = ring
    links, _ = _links(dataset, text, list(included))
    edges = {link for node in included for other, link in links.get(node, []) if other in included}
    return len(included), len(edges)
