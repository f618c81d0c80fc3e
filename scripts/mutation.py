"""Mutation testing of analysis/ with mutmut (configuration: [tool.mutmut] in pyproject.toml).

    python scripts/mutation.py               run every mutant, then print the score
    python scripts/mutation.py --sample 400  run a seeded random sample of mutants
    python scripts/mutation.py --score-only  print the score of the results stored in mutants/

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


def run(names: list[str]) -> None:
    subprocess.run(MUTMUT + ["run", *names], check=False)


def wilson(killed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson interval of a proportion, for a score measured on a sample."""
    if total == 0:
        return math.nan, math.nan
    p = killed / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def score(statuses: dict[str, str], names: list[str]) -> str:
    """Killed share of ``names`` by module and overall (timeouts count as killed)."""
    by_module: dict[str, Counter] = {}
    for name in names:
        module = name.split(".")[1]
        status = "killed" if statuses[name] == "timeout" else statuses[name]
        by_module.setdefault(module, Counter())[status] += 1
    lines = [f"{'module':<12}{'mutants':>8}{'killed':>8}{'survived':>10}{'no tests':>10}"]
    total = Counter()
    for module, counts in sorted(by_module.items()):
        total += counts
        lines.append(f"{module:<12}{sum(counts.values()):>8}{counts['killed']:>8}"
                     f"{counts['survived']:>10}{counts['no tests']:>10}")
    n = sum(total.values())
    low, high = wilson(total["killed"], n)
    lines.append(f"{'all':<12}{n:>8}{total['killed']:>8}{total['survived']:>10}"
                 f"{total['no tests']:>10}")
    lines.append(f"killed: {total['killed'] / n:.1%} (95% interval {low:.1%}-{high:.1%}); "
                 f"all statuses: {dict(total)}")
    lines += ["", "not killed:"] + [f"  {name}: {statuses[name]}" for name in names
                                    if statuses[name] not in ("killed", "timeout")]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="run a random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--score-only", action="store_true")
    args = parser.parse_args()
    if not args.score_only:
        if args.sample:
            run([PROBE])
            everything = sorted(results())
            chosen = sorted(random.Random(args.seed).sample(everything, args.sample))
            SAMPLE_FILE.write_text("\n".join(chosen) + "\n")
            statuses = results()
            run([name for name in chosen if statuses[name] != "killed"])
        else:
            SAMPLE_FILE.unlink(missing_ok=True)
            run([])
    statuses = results()
    names = (SAMPLE_FILE.read_text().split() if SAMPLE_FILE.exists() else sorted(statuses))
    print(score(statuses, names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
