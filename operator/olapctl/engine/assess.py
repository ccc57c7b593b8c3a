"""Risk judged against the data and by what statements do, not by what operations are called.

- A column type change (ModifyTableColumn) is checked against the rows: the rows whose value would fail to
  convert or change are counted (`accurateCastOrNull` there and back; a plain CAST round trip for types that
  cannot be Nullable). Any such row makes the operation destructive, with the table, column and count.
- RawSql is judged by its statements as ClickHouse parses them (EXPLAIN AST): DROP, DETACH, TRUNCATE, RENAME,
  EXCHANGE and ALTERs other than additions and comments are destructive, whatever the description says. A
  TRUNCATE or DROP of a table the same plan created first (a rebuild's new copy) loses nothing.

Run at plan time (shown in summaries) and again at apply time, before anything runs and just before each type
change (the data may have changed since).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.normalize import SpecError, explained
from olapctl.plan import operations as o
from olapctl.schema.model import Column
from olapctl.schema.sqltext import qualified, quote_identifier, quote_string
from olapctl.schema.types import ChType, format_type, parse_type, type_change_risk

# ALTER commands that keep every stored value; any other is destructive in raw SQL.
KEEPING_ALTERS = frozenset(
    {"ADD_COLUMN", "ADD_INDEX", "MATERIALIZE_INDEX", "ADD_PROJECTION", "MATERIALIZE_PROJECTION", "COMMENT_COLUMN",
     "MODIFY_COMMENT", "MODIFY_SETTING", "ADD_CONSTRAINT", "ADD_STATISTICS", "MATERIALIZE_STATISTICS"}
)  # fmt: skip
KEEPING_STATEMENTS = frozenset({"SelectWithUnionQuery", "InsertQuery", "CreateQuery", "OptimizeQuery"})


@dataclass(frozen=True)
class Finding:
    index: int  # operation index in the list assessed
    reason: str  # why it is destructive: '3 rows of shop.orders.qty do not fit Int32'


def _base(t: ChType) -> ChType:
    while t.name in ("Nullable", "LowCardinality") and t.args and isinstance(t.args[0], ChType):
        t = t.args[0]
    return t


def _nullable(t: ChType) -> bool:
    return t.name == "Nullable" or (
        t.name == "LowCardinality" and isinstance(t.args[0], ChType) and t.args[0].name == "Nullable"
    )


def _beyond(new: ChType, col: str) -> list[str]:
    """Conditions the round trip misses: ClickHouse converts Enums by value without checking names, and stores
    Decimals wider than their precision without an error."""
    if new.name in ("Enum8", "Enum16"):
        names = [str(getattr(a, "name", a)) for a in new.args]
        return [f"toString({col}) NOT IN ({', '.join(quote_string(n) for n in names)})"]
    if new.name == "Decimal" and len(new.args) == 2:
        precision, scale = new.args
        assert isinstance(precision, int) and isinstance(scale, int)
        return [f"abs(toFloat64({col})) >= {10 ** (precision - scale)}"]
    return []


def lossy_rows(target: Target, database: str, table: str, before: Column, after: Column) -> tuple[int, str]:
    """(rows whose value would not survive the change, how they fail) for a column type change."""
    old, new = parse_type(before.data_type), parse_type(after.data_type)
    col = quote_identifier(before.name)
    where = qualified(database, table)
    nulls = "0" if _nullable(new) else f"countIf(isNull({col}))"
    old_base, new_base = quote_string(format_type(_base(old))), quote_string(format_type(_base(new)))
    there_and_back = f"accurateCastOrNull(accurateCastOrNull({col}, {new_base}), {old_base})"
    lost = [f"NOT ifNull({there_and_back} = {col}, 0)", *_beyond(_base(new), col)]
    try:
        rows = target.query(f"SELECT countIf(isNotNull({col}) AND ({' OR '.join(lost)})) + {nulls} FROM {where}")
        return int(rows[0][0]), f"do not fit {after.data_type}"
    except ClickHouseError:
        pass  # types that cannot be inside Nullable (arrays, maps, tuples): a plain round trip
    try:
        rows = target.query(
            f"SELECT countIf(NOT (CAST(CAST({col} AS {after.data_type}) AS {before.data_type}) <=> {col})) FROM {where}"
        )
        return int(rows[0][0]), f"change value as {after.data_type}"
    except ClickHouseError as exc:
        total = int(target.query(f"SELECT count() FROM {where}")[0][0])
        return total, f"cannot be converted to {after.data_type} ({str(exc).splitlines()[0][:200]})"


def _type_change(op: o.Op) -> bool:
    if not isinstance(op, o.ModifyTableColumn):
        return False
    b, a = op.before_column, op.after_column
    if not b.stored():  # ALIAS, EPHEMERAL: no values to lose
        return False
    return b.data_type != a.data_type and type_change_risk(b.data_type, a.data_type) != "safe"


def check_column_change(target: Target, op: o.Op) -> str | None:
    """Why a type change would lose data now (None when every row converts exactly)."""
    if not _type_change(op):
        return None
    assert isinstance(op, o.ModifyTableColumn)
    exists = target.query(
        "SELECT count() FROM system.tables WHERE database = {d:String} AND name = {t:String}",
        {"d": op.database, "t": op.table},
    )
    if not exists[0][0]:
        return None  # created by the same plan: no rows yet
    rows, how = lossy_rows(target, op.database, op.table, op.before_column, op.after_column)
    if not rows:
        return None
    return f"{rows} row(s) of {op.database}.{op.table}.{op.before_column.name} {how}"


def raw_sql_reason(target: Target, op: o.RawSql, created: set[str]) -> str | None:
    """Why a RawSql operation drops data, read off ClickHouse's parser (None: it keeps every value)."""
    db = op.database or target.database
    for sql in op.sql:
        try:
            found = explained(target, sql, "RawSql")
        except SpecError as exc:
            return f"cannot be judged: {exc}"
        targets = {f"{d or db}.{n}" for d, n in found.tables}
        if found.statement in KEEPING_STATEMENTS:
            continue
        if found.statement in ("DropQuery", "TruncateQuery") and targets and targets <= created:
            continue  # a copy the plan made itself
        if found.statement == "AlterQuery":
            dropping = [c for c in found.alter_commands if c not in KEEPING_ALTERS]
            if not dropping:
                continue
            return f"{sql[:200]!r} runs {', '.join(dropping)}"
        return f"{sql[:200]!r} is a {found.statement.removesuffix('Query')} statement"
    return None


def assess(target: Target, ops: Sequence[o.Op], offset: int = 0) -> list[Finding]:
    """Operations whose risk the data or their statements make destructive (beyond o.risk)."""
    findings = []
    created: set[str] = set()
    for index, op in enumerate(ops, offset):
        if isinstance(op, o.CreateTable):
            created.add(op.subject())
        reason = None
        if isinstance(op, o.RawSql):
            reason = raw_sql_reason(target, op, created)
        elif _type_change(op) and op.subject() not in created:
            reason = check_column_change(target, op)
        if reason:
            findings.append(Finding(index, reason))
    return findings
