"""The ledger: one row per operation attempt, in the table olapctl_migrations of the target's database."""

from __future__ import annotations

from dataclasses import dataclass

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import LEDGER_TABLE
from olapctl.schema.sqltext import qualified, quote_identifier

COLUMNS = ("plan", "plan_hash", "op_index", "op_hash", "op_type", "subject", "outcome", "message")
TYPES = ("String", "String", "UInt32", "String", "LowCardinality(String)", "String", "LowCardinality(String)", "String")


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
            "at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY (plan_hash, op_index, at)"
        )
        self._ready = True

    def record(
        self,
        plan: str,
        plan_hash: str,
        op_index: int,
        op_hash: str,
        op_type: str,
        subject: str,
        outcome: str,
        message: str = "",
    ) -> None:
        self.ensure()
        row = [plan, plan_hash, op_index, op_hash, op_type, subject, outcome, message]
        self.target.insert(self.target.database, LEDGER_TABLE, [row], list(COLUMNS), list(TYPES))

    def applied(self, plan_hash: str) -> list[Entry]:
        """Operations of this plan recorded as applied, by index."""
        self.ensure()
        rows = self.target.query(
            f"SELECT op_index, any(op_hash), count() FROM {self.table} "
            "WHERE plan_hash = {h:String} AND outcome = 'applied' GROUP BY op_index ORDER BY op_index",
            {"h": plan_hash},
        )
        return [Entry(int(i), str(h), "applied" if n == 1 else f"applied {n} times") for i, h, n in rows]
