"""The ledger: one row per operation attempt, in the table olapctl_migrations of the target's database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import LEDGER_TABLE
from olapctl.schema.sqltext import qualified, quote_identifier

COLUMNS = ("plan", "plan_hash", "op_index", "op_hash", "op_type", "subject", "outcome", "message", "run")


class Row(NamedTuple):
    plan: str
    plan_hash: str
    op_index: int
    op_hash: str
    op_type: str
    subject: str
    outcome: str
    message: str
    run: int


@dataclass(frozen=True)
class Entry:
    op_index: int
    op_hash: str
    outcome: str


class Ledger:
    def __init__(self, target: Target) -> None:
        self.target = target
        self.table = qualified(target.database, LEDGER_TABLE)
        self._ready = False

    def ensure(self) -> None:
        if self._ready:
            return
        self.target.command(f"CREATE DATABASE IF NOT EXISTS {quote_identifier(self.target.database)}")
        self.target.command(
            f"CREATE TABLE IF NOT EXISTS {self.table} (plan String, plan_hash String, op_index UInt32, op_hash String, "
            "op_type LowCardinality(String), subject String, outcome LowCardinality(String), message String, "
            "at DateTime64(3, 'UTC') DEFAULT now64(3), run UInt32 DEFAULT 0) "
            "ENGINE = MergeTree ORDER BY (plan_hash, op_index, at)"
        )
        self.target.command(f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS run UInt32 DEFAULT 0")  # older ledgers
        self._ready = True

    def record(self, rows: list[Row]) -> None:
        """Rows in one insert (one part): the executor writes a run of operations at once (see executor.py)."""
        if rows:
            self.ensure()
            self.target.insert(self.target.database, LEDGER_TABLE, rows, COLUMNS)

    def latest_run(self, plan_hash: str) -> tuple[int, list[Entry]]:
        """The plan's latest run (0 when it never ran) and its operations recorded as applied, by index. A plan
        applied again later (the same change once more) is a new run: the ledger records runs, not content."""
        self.ensure()
        rows = self.target.query(
            f"SELECT run, op_index, any(op_hash), count() FROM {self.table} "
            "WHERE plan_hash = {h:String} AND outcome = 'applied' "
            f"AND run = (SELECT max(run) FROM {self.table} WHERE plan_hash = {{h:String}}) "
            "GROUP BY run, op_index ORDER BY op_index",
            {"h": plan_hash},
        )
        run = int(rows[0][0]) if rows else self._last_run(plan_hash)
        return run, [Entry(int(i), str(h), "applied" if n == 1 else f"applied {n} times") for _, i, h, n in rows]

    def _last_run(self, plan_hash: str) -> int:
        rows = self.target.query(f"SELECT max(run) FROM {self.table} WHERE plan_hash = {{h:String}}", {"h": plan_hash})
        return int(rows[0][0]) if rows else 0


class NoLedger(Ledger):
    """Dev mode's: a change applied at once is planned again from the live state when interrupted, never resumed;
    nothing to record (the ledger's three statements would cost more than the DDL of one change)."""

    def __init__(self) -> None:
        pass

    def record(self, rows: list[Row]) -> None:
        pass

    def latest_run(self, plan_hash: str) -> tuple[int, list[Entry]]:
        return 0, []
