"""The cost of checking a type change against the rows (engine/assess.py), as a ratio of the ALTER itself, on
one table of the embedded engine: `python bench/data_checks.py [--rows 10000000]`. Prints seconds and ratios; it
asserts nothing (the tests do)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time

from olapctl.clickhouse.connect import connect
from olapctl.engine.assess import lossy_rows
from olapctl.schema.model import Column

CASES = [  # (old type, new type, values)
    ("Int64", "Int32", "toInt64(number % 2000000000)"),
    ("String", "UInt32", "toString(number)"),
    ("DateTime", "Date", "toDateTime(1700000000 + intDiv(number, 100) * 86400)"),
    ("Decimal(18, 4)", "Decimal(12, 2)", "toDecimal64(number / 100, 4)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    path = tempfile.mkdtemp(prefix="olapctl-bench-checks-")
    try:
        target = connect(f"chdb://{path}?database=bench")
        target.command("CREATE DATABASE bench")
        print(f"{'change':<32} {'rows':>12} {'check s':>8} {'ALTER s':>8} {'ratio':>6}  lossy rows")
        for i, (old, new, values) in enumerate(CASES):
            table = f"t{i}"
            target.command(f"CREATE TABLE bench.{table} (id UInt64, v {old}) ENGINE = MergeTree ORDER BY id")
            target.command(f"INSERT INTO bench.{table} SELECT number, {values} FROM numbers({args.rows})")
            started = time.perf_counter()
            before, after = Column(name="v", data_type=old), Column(name="v", data_type=new)
            lossy, _ = lossy_rows(target, "bench", table, before, after)
            check = time.perf_counter() - started
            started = time.perf_counter()
            target.command(f"ALTER TABLE bench.{table} MODIFY COLUMN v {new}", settings={"mutations_sync": 2})
            alter = time.perf_counter() - started
            change = f"{old} -> {new}"
            print(f"{change:<32} {args.rows:>12,} {check:>8.2f} {alter:>8.2f} {check / alter:>6.2f}  {lossy:,}")
    finally:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
