"""The corpus of published schemas (tests/corpus/*.sql) through every check of tests/corpus_check.py, with
timings: `python bench/corpus.py [--only SUBSTRING]`. Prints the pass figure and the time `pull` and `diff` take on
the largest schemas (by columns); it asserts nothing (tests/test_corpus.py does)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus_check import Outcome, check_schema, corpus_files

from olapctl.clickhouse.connect import connect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="only the files whose name contains this")
    args = parser.parse_args()
    path = tempfile.mkdtemp(prefix="olapctl-bench-corpus-")
    outcomes: list[tuple[Outcome, int]] = []
    try:
        target = connect(f"chdb://{path}?database=bench", confined=False)
        for n, file in enumerate(f for f in corpus_files() if args.only in f.name):
            try:
                outcome = check_schema(target, file, f"s{n}", f"c{n}")
            except Exception as exc:  # a crash is a failed schema here; the tests show the traceback
                outcome = Outcome(file.stem, failures=[f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"])
            rows = target.query("SELECT count() FROM system.columns WHERE database = {d:String}", {"d": f"s{n}"})
            outcomes.append((outcome, int(rows[0][0])))
            for db in (f"c{n}", f"s{n}"):  # the copy may read the original's dictionaries
                target.command(f"DROP DATABASE IF EXISTS {db} SYNC")
    finally:
        shutil.rmtree(path, ignore_errors=True)
    passed = [o for o, _ in outcomes if not o.failures]
    print(f"schemas: {len(outcomes)}, passed every check: {len(passed)}, failed: {len(outcomes) - len(passed)}")
    for outcome, _ in outcomes:
        if outcome.failures:
            print(f"  FAIL {outcome.name}: {outcome.failures[0][:160]}")
    print(f"\n{'largest schemas':<44} {'objects':>7} {'columns':>7} {'pull s':>7} {'diff s':>7} {'create s':>8}")
    for outcome, columns in sorted(outcomes, key=lambda x: -x[1])[:5]:
        t = outcome.timings
        print(
            f"{outcome.name:<44} {outcome.objects:>7} {columns:>7} {t.get('pull', 0):>7.3f} {t.get('diff', 0):>7.3f} "
            f"{t.get('create', 0):>8.3f}"
        )


if __name__ == "__main__":
    main()
