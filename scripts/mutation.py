"""Mutation testing of analysis/ with mutmut (configuration: [tool.mutmut] in pyproject.toml).

    python scripts/mutation.py               run every mutant, then print the score
    python scripts/mutation.py --sample 400  run a seeded random sample of mutants
    python scripts/mutation.py --score-only  print the score of the results stored in mutants/

    --modules paradigm,layers  draw the sample from these modules' mutants only
    --workers 1                mutmut's parallel test processes (default: one per core)

A full run takes hours on a 2-core machine (each surviving mutant of the data layer reruns
every test that loads a table), so the sample is the practical check: a simple random
sample of the mutants of every module in scope, the same sample for the same seed and code.
A mutant killed once stays killed while tests are only added, so reruns skip those.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

MUTMUT = [str(Path(sys.executable).parent / "mutmut")]
RESULT = re.compile(r"^\s*(analysis\.(\w+)\.\S+__mutmut_\d+): (.+)$")
# Any one mutant: running it makes mutmut generate every mutant first.
PROBE = "analysis.verdicts.x_interval_ratio__mutmut_1"
SAMPLE_FILE = Path("mutants") / "sample.txt"


def results() -> dict[str, str]:
    """Status of every generated mutant by name ('killed', 'survived', 'no tests', ...)."""
    out = subprocess.run(MUTMUT + ["results", "--all", "true"], capture_output=True,
                         text=True, check=True).stdout
    return {m.group(1): m.group(3) for m in map(RESULT.match, out.splitlines()) if m}


def run(names: list[str], workers: int | None) -> None:
    limit = ["--max-children", str(workers)] if workers else []
    subprocess.run(MUTMUT + ["run", *limit, *names], check=False)


def wilson(killed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson interval of a proportion, for a score measured on a sample."""
    if total == 0:
        return math.nan, math.nan
    p = killed / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


COLUMNS = ("killed", "survived", "no tests", "timeout", "not checked")


def score(statuses: dict[str, str], names: list[str]) -> str:
    """Killed share of the checked ``names`` by module and overall. A timeout is not counted
    as killed: here it usually means a slow module-scoped fixture, not a hanging mutant."""
    by_module: dict[str, Counter] = {}
    for name in names:
        by_module.setdefault(name.split(".")[1], Counter())[statuses[name]] += 1
    total = sum(by_module.values(), Counter())
    lines = [f"{'module':<12}{'mutants':>8}" + "".join(f"{c:>13}" for c in COLUMNS)]
    for module, counts in [*sorted(by_module.items()), ("all", total)]:
        lines.append(f"{module:<12}{sum(counts.values()):>8}"
                     + "".join(f"{counts[c]:>13}" for c in COLUMNS))
    checked = sum(total.values()) - total["not checked"]
    low, high = wilson(total["killed"], checked)
    lines.append(f"killed: {total['killed']} of {checked} checked, {total['killed'] / checked:.1%} "
                 f"(95% interval {low:.1%}-{high:.1%})")
    lines += ["", "not killed:"] + [f"  {name}: {statuses[name]}" for name in names
                                    if statuses[name] != "killed"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="run a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--modules", help="comma-separated modules to sample from (default: all)")
    parser.add_argument("--workers", type=int, help="parallel test processes")
    parser.add_argument("--score-only", action="store_true")
    args = parser.parse_args()
    if not args.score_only:
        if args.sample:
            run([PROBE], args.workers)
            everything = sorted(results())
            if args.modules:
                wanted = set(args.modules.split(","))
                everything = [name for name in everything if name.split(".")[1] in wanted]
            chosen = sorted(random.Random(args.seed).sample(everything, args.sample))
            SAMPLE_FILE.write_text("\n".join(chosen) + "\n")
            statuses = results()
            run([name for name in chosen if statuses[name] != "killed"], args.workers)
        else:
            SAMPLE_FILE.unlink(missing_ok=True)
            run([], args.workers)
    statuses = results()
    names = (SAMPLE_FILE.read_text().split() if SAMPLE_FILE.exists() else sorted(statuses))
    print(score(statuses, names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
