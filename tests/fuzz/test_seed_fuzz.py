"""Seed fuzzing (issue 8): random mutations of valid seed files, fed to the
loader and to the validator. Never a crash: either the data loads and
validates, or every problem names a file and a rule; the loader fails only
with a SeedParseError that names the file and line."""

import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ONTOLOGY, TINY_SEED
from tkgraph.errors import SeedParseError
from tkgraph.rdf.loading import load
from tkgraph.validation import validate

MUTATIONS = 300
TOKENS = ['"', "<", ">", ";", ".", ",", "@prefix", "tk:nope", "a", "^^xsd:date", '"2024-02-30"', "\u0000",
          "state:ZZ", "tk:Participation", "rdfs:label", '""', "[", "]", "(", "#", "\\", "é"]  # fmt: skip
outcomes: Counter[str] = Counter()


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    kind = rng.randrange(6)
    if kind == 0 and text:  # delete a span
        at = rng.randrange(len(text))
        return text[:at] + text[at + rng.randint(1, 20) :]
    if kind == 1:  # insert a token
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(TOKENS) + text[at:]
    if kind == 2 and len(lines) > 1:  # drop a line
        del lines[rng.randrange(len(lines))]
    elif kind == 3 and lines:  # duplicate a line elsewhere
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
    elif kind == 4 and len(lines) > 1:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 5:  # break a date
        return (
            text.replace('"20', '"2O', 1) if rng.random() < 0.5 else text.replace("-01", "-41", 1)
        )
    return "".join(lines)


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", range(MUTATIONS))
def test_mutated_seed_never_crashes(tmp_path: Path, case: int) -> None:
    rng = random.Random(case)
    seed = tmp_path / "seed"
    shutil.copytree(TINY_SEED, seed)
    victim = rng.choice(sorted(seed.glob("*.ttl")))
    text = victim.read_text()
    for _ in range(rng.randint(1, 3)):
        text = mutate(text, rng)
    victim.write_text(text)
    failure: SeedParseError | None = None
    try:
        load(ONTOLOGY, seed)
    except SeedParseError as exc:
        failure = exc
    if failure is None:
        outcomes["loaded"] += 1
    else:
        assert failure.path == victim and failure.line is not None
        outcomes["parse error with line"] += 1
    report = validate(ONTOLOGY, seed, reasoner=False)
    for problem in report.problems:
        assert problem.file and problem.rule_id and problem.line is not None, problem
        assert problem.file.endswith(".ttl")
    outcomes["clean" if report.ok else "problems reported"] += 1
