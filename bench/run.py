"""olapctl benchmark against the embedded ClickHouse engine (chdb).

    python bench/run.py [--tables N] [--columns M] [--apply-ops K] [--apply-tables A] [--apply-runs R]

Three phases, all in one process and one chdb data path (chdb allows one per process), each in its own
databases:

1. introspection: `introspect(target, [db])` of N tables x M columns vs a raw read of
   system.tables + system.columns for the same database (goal: ratio <= 2), and the number of queries
   introspection issues for 10 tables and for N tables (goal: the same number);
2. planning: canonicalize(declarations) + diff(desired, live) for the same N tables, ~5% of them changed,
   vs introspection of those tables (goal: ratio <= 0.5);
3. apply: `apply_plan` of a K-operation plan (AddTableColumn / ModifyTableColumn / AddTableIndex, mixed) vs
   the same DDL statements run raw on an identical fresh copy of the schema (goal: ratio <= 1.2), with a
   breakdown of where apply_plan spends its time.

Figures are printed and written to bench/results.json (see bench/README.md). A miss is reported, never an
exit status: benchmarks report, tests assert.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from olapctl.clickhouse.connect import Target, connect
from olapctl.clickhouse.introspect import SETTLED_SECONDS, introspect
from olapctl.clickhouse.normalize import canonicalize
from olapctl.clickhouse.render import column_definition, context_database, statements
from olapctl.engine import executor
from olapctl.engine.executor import DDL_SETTINGS, apply_plan
from olapctl.engine.ledger import Ledger
from olapctl.engine.planning import make_plan
from olapctl.plan.diff import diff
from olapctl.plan.operations import Op
from olapctl.plan.simulate import simulate
from olapctl.schema.model import Column, Engine, Index, OlapTable, Snapshot, key
from olapctl.schema.sqltext import qualified, quote_identifier

P = ParamSpec("P")
R = TypeVar("R")

BENCH_DIR = Path(__file__).resolve().parent
GOAL_INTROSPECTION = 1.5
GOAL_PLANNING = 0.4
GOAL_APPLY = 1.3
MIN_COLUMNS = 6  # id, ts, event, version, amount, qty: keys, the ReplacingMergeTree version, the column retyped


# --------------------------------------------------------------------------------------------- the schema


@dataclass(frozen=True)
class ColSpec:
    name: str
    type: str
    default: str | None = None
    materialized: str | None = None
    codec: str | None = None
    comment: str | None = None

    def sql(self) -> str:
        return column_definition(self.declaration())

    def declaration(self) -> Column:
        return Column.model_validate(
            {
                "name": self.name,
                "type": self.type,
                "default": self.default,
                "materialized": self.materialized,
                "codec": self.codec,
                "comment": self.comment,
            }
        )


@dataclass(frozen=True)
class IndexSpec:
    name: str
    expression: str
    type: str
    granularity: int

    def sql(self) -> str:
        return f"INDEX {quote_identifier(self.name)} {self.expression} TYPE {self.type} GRANULARITY {self.granularity}"

    def declaration(self) -> Index:
        return Index(name=self.name, expression=self.expression, type=self.type, granularity=self.granularity)


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColSpec, ...]
    engine: str
    ver: str | None
    order_by: tuple[str, ...]
    partition_by: str | None
    ttl: str | None
    settings: tuple[tuple[str, str], ...]
    indexes: tuple[IndexSpec, ...] = ()

    def create_sql(self, database: str) -> str:
        elements = [c.sql() for c in self.columns] + [i.sql() for i in self.indexes]
        engine = f"{self.engine}({quote_identifier(self.ver)})" if self.ver else f"{self.engine}()"
        sql = f"CREATE TABLE {qualified(database, self.name)} ({', '.join(elements)}) ENGINE = {engine}"
        if self.partition_by:
            sql += f" PARTITION BY {self.partition_by}"
        sql += f" ORDER BY ({', '.join(self.order_by)})"
        if self.ttl:
            sql += f" TTL {self.ttl}"
        if self.settings:
            sql += " SETTINGS " + ", ".join(f"{k} = {v}" for k, v in self.settings)
        return sql

    def declaration(self, database: str) -> OlapTable:
        return OlapTable(
            name=self.name,
            database=database,
            columns=[c.declaration() for c in self.columns],
            engine=Engine(type=self.engine, ver=self.ver),
            order_by=list(self.order_by),
            partition_by=self.partition_by,
            ttl=self.ttl,
            settings=dict(self.settings),
            indexes=[i.declaration() for i in self.indexes],
        )


# Always present (MIN_COLUMNS), then a palette cycled per table so tables differ.
_FIXED = (
    ColSpec("id", "UInt64"),
    ColSpec("ts", "DateTime64(3, 'UTC')"),
    ColSpec("event", "LowCardinality(String)"),
    ColSpec("version", "UInt32"),
    ColSpec("amount", "Decimal(18, 4)", default="0"),
    ColSpec("qty", "Int32"),
)
_PALETTE = (
    ColSpec("user_id", "Nullable(UInt64)"),
    ColSpec("country", "LowCardinality(Nullable(String))"),
    ColSpec("created", "DateTime64(6)", default="now64(6)"),
    ColSpec("score", "Nullable(Float64)"),
    ColSpec("price", "Decimal(38, 10)"),
    ColSpec("tags", "Array(String)"),
    ColSpec("attrs", "Map(String, String)"),
    ColSpec("day", "Date", default="toDate(ts)"),
    ColSpec("status", "Enum8('new' = 1, 'done' = 2)", default="'new'"),
    ColSpec("flag", "Bool", default="false"),
    ColSpec("ip", "IPv4"),
    ColSpec("uid", "UUID", default="generateUUIDv4()"),
    ColSpec("note", "String", default="''", codec="ZSTD(3)", comment="free text"),
    ColSpec("payload", "Nullable(String)"),
    ColSpec("event_hash", "UInt64", materialized="cityHash64(event)"),
    ColSpec("ratio", "Float32", codec="Gorilla"),
    ColSpec("seen_at", "Nullable(DateTime64(3, 'UTC'))"),
    ColSpec("small", "UInt8", default="1"),
)
_EXTRA_TYPES = ("String", "UInt32", "Nullable(Int64)", "LowCardinality(String)", "Float64", "DateTime64(3)")


def table_spec(i: int, columns: int) -> TableSpec:
    fixed = list(_FIXED)
    if i % 2 == 0:  # a codec or two
        fixed[1] = ColSpec("ts", "DateTime64(3, 'UTC')", codec="Delta, ZSTD")
    extra: list[ColSpec] = []
    for j in range(columns - len(fixed)):
        if j < len(_PALETTE):
            extra.append(_PALETTE[(i + j) % len(_PALETTE)])
        else:
            extra.append(ColSpec(f"x{j}", _EXTRA_TYPES[(i + j) % len(_EXTRA_TYPES)]))
    cols = tuple(fixed + extra)
    names = {c.name for c in cols}
    replacing = i % 7 == 3
    settings: list[tuple[str, str]] = []
    if i % 4 == 0:
        settings.append(("index_granularity", "4096"))
    ttl = None
    if i % 10 == 5:
        ttl = "toDateTime(ts) + INTERVAL 1 YEAR"
        settings.append(("ttl_only_drop_parts", "1"))
    indexes: tuple[IndexSpec, ...] = ()
    if i % 5 == 1:
        indexes = (IndexSpec("idx_event", "event", "bloom_filter", 4),)
    elif i % 5 == 2:
        indexes = (IndexSpec("idx_amount", "amount", "minmax", 1),)
    partition = ("toYYYYMM(ts)", "toDate(ts)", None)[i % 3]
    order_by = ("id", "ts") if i % 2 == 0 else ("event", "id", "ts")
    assert all(c in names for c in order_by)
    return TableSpec(
        name=f"t{i:05d}",
        columns=cols,
        engine="ReplacingMergeTree" if replacing else "MergeTree",
        ver="version" if replacing else None,
        order_by=order_by,
        partition_by=partition,
        ttl=ttl,
        settings=tuple(settings),
        indexes=indexes,
    )


def schema(tables: int, columns: int) -> list[TableSpec]:
    return [table_spec(i, columns) for i in range(tables)]


def create_schema(target: Target, database: str, specs: list[TableSpec]) -> float:
    started = time.perf_counter()
    target.command(f"CREATE DATABASE IF NOT EXISTS {quote_identifier(database)}")
    for spec in specs:
        target.command(spec.create_sql(database))
    return time.perf_counter() - started


def declarations(
    database: str, specs: list[TableSpec], edit: Callable[[int, OlapTable], OlapTable] | None = None
) -> Snapshot:
    tables: dict[str, OlapTable] = {}
    for i, spec in enumerate(specs):
        table = spec.declaration(database)
        if edit is not None:
            table = edit(i, table)
        tables[key(database, table.name)] = table
    return Snapshot(tables=tables)


# ---------------------------------------------------------------------------------------------- edits


def add_column(table: OlapTable, name: str) -> OlapTable:
    col = Column.model_validate({"name": name, "type": "LowCardinality(Nullable(String))", "default": "'n/a'"})
    return table.model_copy(update={"columns": [*table.columns, col]})


def widen_qty(table: OlapTable) -> OlapTable:
    cols = [c.model_copy(update={"data_type": "Int64"}) if c.name == "qty" else c for c in table.columns]
    return table.model_copy(update={"columns": cols})


def drop_last_column(table: OlapTable) -> OlapTable:
    return table.model_copy(update={"columns": table.columns[:-1]})


def add_index(table: OlapTable, name: str) -> OlapTable:
    idx = Index(name=name, expression="qty", type="minmax", granularity=2)
    return table.model_copy(update={"indexes": [*table.indexes, idx]})


def planning_edit(i: int, table: OlapTable) -> OlapTable:
    """~5% of the tables changed: every 20th, kind cycling added column / changed type / dropped column."""
    if i % 20 != 7:
        return table
    kind = (i // 20) % 3
    if kind == 0:
        return add_column(table, "added_col")
    if kind == 1:
        return widen_qty(table)
    return drop_last_column(table)


def apply_edits(tables: int, ops: int) -> Callable[[int, OlapTable], OlapTable]:
    """`ops` changes over the first tables: the k-th change to table t is of kind (t + k) % 3, so one table never
    gets the same kind twice (at most 3 changes per table)."""
    per_table: dict[int, list[int]] = {}
    for n in range(ops):
        t, k = n % tables, n // tables
        per_table.setdefault(t, []).append((t + k) % 3)

    def edit(i: int, table: OlapTable) -> OlapTable:
        for kind in per_table.get(i, []):
            if kind == 0:
                table = add_column(table, "bench_added")
            elif kind == 1:
                table = widen_qty(table)
            else:
                table = add_index(table, "bench_idx_qty")
        return table

    return edit


# -------------------------------------------------------------------------------------------- measuring


def timed(fn: Callable[[], R]) -> tuple[float, R]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def median_time(fn: Callable[[], object], reps: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn)[0] for _ in range(reps))


@contextlib.contextmanager
def patched(obj: object, name: str, value: object) -> Iterator[None]:
    """Set obj.name for the duration of the block, then restore exactly what was there: for an instance, its own
    attribute or none (so that the class's method shows through again)."""
    missing = object()
    before = getattr(obj, name) if isinstance(obj, type) else vars(obj).get(name, missing)
    setattr(obj, name, value)
    try:
        yield
    finally:
        if before is missing:
            delattr(obj, name)
        else:
            setattr(obj, name, before)


def _counter(counts: dict[str, int], name: str, fn: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fn)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        counts[name] += 1
        return fn(*args, **kwargs)

    return inner


@contextlib.contextmanager
def counting(target: Target) -> Iterator[dict[str, int]]:
    """Count target.query / target.command / target.insert calls made while the block runs."""
    counts = {"query": 0, "command": 0, "insert": 0}
    with (
        patched(target, "query", _counter(counts, "query", target.query)),
        patched(target, "command", _counter(counts, "command", target.command)),
        patched(target, "insert", _counter(counts, "insert", target.insert)),
    ):
        yield counts


@dataclass
class Profile:
    """Exclusive time per category: a call made inside another instrumented call counts for the outer one."""

    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    depth: int = 0

    def wrap(self, category: str, fn: Callable[P, R], *, only_outermost: bool = True) -> Callable[P, R]:
        @functools.wraps(fn)
        def inner(*args: P.args, **kwargs: P.kwargs) -> R:
            if self.depth and only_outermost:
                return fn(*args, **kwargs)
            self.depth += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[category] = self.seconds.get(category, 0.0) + time.perf_counter() - started
                self.calls[category] = self.calls.get(category, 0) + 1
                self.depth -= 1

        return inner


@contextlib.contextmanager
def profiled_apply(target: Target) -> Iterator[Profile]:
    """Attribute apply_plan's time to checks (live introspection for drift and verification; plan consistency),
    ledger (reads and writes) and DDL (the target.command calls apply_plan makes itself)."""
    profile = Profile()
    # the names apply_plan looks up in its module (introspect and simulate are the functions imported there)
    patches: list[tuple[Any, str, Any]] = [
        (executor, "introspect", profile.wrap("checks_introspection", introspect)),
        (executor, "check_plan", profile.wrap("checks_consistency", executor.check_plan)),
        (executor, "differences", profile.wrap("checks_consistency", executor.differences)),
        (executor, "simulate", profile.wrap("checks_consistency", simulate)),
        (Ledger, "record", profile.wrap("ledger", Ledger.record)),
        (Ledger, "latest_run", profile.wrap("ledger", Ledger.latest_run)),
    ]
    with contextlib.ExitStack() as stack:
        for obj, name, value in patches:
            stack.enter_context(patched(obj, name, value))
        stack.enter_context(patched(target, "command", profile.wrap("ddl", target.command)))
        yield profile


# ---------------------------------------------------------------------------------------------- phases


def phase_introspection(url: str, target: Target, specs: list[TableSpec], reps: int) -> dict[str, Any]:
    db, small_db = "bench_introspect", "bench_introspect_small"
    created = create_schema(target, db, specs)
    create_schema(target, small_db, specs[:10])

    def cold() -> Snapshot:
        target.known.clear()  # what a process that never read the database pays (the CLI; an operator's start)
        return introspect(target, [db])

    intro = median_time(cold, reps)
    time.sleep(SETTLED_SECONDS)  # the objects just created settle: what an operator's later passes see
    warm = median_time(lambda: introspect(target, [db]), reps)

    def raw_read() -> int:
        tables = target.query("SELECT * FROM system.tables WHERE database = {d:String}", {"d": db})
        cols = target.query("SELECT * FROM system.columns WHERE database = {d:String}", {"d": db})
        return len(tables) + len(cols)

    raw = median_time(raw_read, reps)
    live = introspect(target, [db])
    assert len(live.tables) == len(specs), f"introspected {len(live.tables)} tables, created {len(specs)}"

    counts: dict[str, dict[str, int]] = {}
    for label, database in (("10", small_db), (str(len(specs)), db)):
        fresh = connect(url)  # no cached server facts: what one CLI invocation costs
        with counting(fresh) as c:
            introspect(fresh, [database])
        counts[label] = dict(c)
    totals = [sum(c.values()) for c in counts.values()]
    return {
        "database": db,
        "tables": len(specs),
        "columns_per_table": len(specs[0].columns),
        "create_seconds": created,
        "introspect_seconds": intro,
        "introspect_warm_seconds": warm,
        "raw_read_seconds": raw,
        "ratio": intro / raw,
        "ratio_warm": warm / raw,
        "goal": GOAL_INTROSPECTION,
        "queries": counts,
        "queries_constant": len(set(totals)) == 1,
    }


def phase_planning(target: Target, specs: list[TableSpec], db: str, reps: int) -> dict[str, Any]:
    declared = declarations(db, specs, planning_edit)
    changed = sum(1 for i in range(len(specs)) if i % 20 == 7)
    canon_s, intro_s, diff_s, plan_s = [], [], [], []
    ops: list[Op] = []
    canonicalize(declared, target)  # warm-up (and server facts cached, as after the first call of a CLI run)
    for _ in range(reps):
        t_canon, desired = timed(functools.partial(canonicalize, declared, target))
        target.known.clear()  # planning is compared with a full read of the live schema
        t_intro, live = timed(functools.partial(introspect, target, [db]))
        t_diff, ops = timed(functools.partial(diff, desired, live))
        canon_s.append(t_canon)
        intro_s.append(t_intro)
        diff_s.append(t_diff)
        plan_s.append(t_canon + t_diff)
    make_plan_s = median_time(lambda: make_plan(target, declared, "bench"), reps, warmup=0)
    unchanged = diff(canonicalize(declarations(db, specs), target), introspect(target, [db]))
    plan_t, intro_t = statistics.median(plan_s), statistics.median(intro_s)
    return {
        "tables": len(specs),
        "tables_changed": changed,
        "operations": len(ops),
        "operation_kinds": _kinds(ops),
        "operations_when_unchanged": len(unchanged),
        "canonicalize_seconds": statistics.median(canon_s),
        "diff_seconds": statistics.median(diff_s),
        "plan_seconds": plan_t,
        "introspect_seconds": intro_t,
        "make_plan_seconds": make_plan_s,
        "ratio": plan_t / intro_t,
        "goal": GOAL_PLANNING,
    }


def _kinds(ops: list[Op]) -> dict[str, int]:
    out: dict[str, int] = {}
    for op in ops:
        out[op.kind] = out.get(op.kind, 0) + 1
    return dict(sorted(out.items()))


def apply_once(
    path: str, target: Target, specs: list[TableSpec], n_ops: int, run: int, cold: bool = False
) -> dict[str, Any]:
    """One measurement: two identical fresh databases; apply_plan on one, the raw DDL on the other. The plan is
    made in this process (as the operator's resync has read the database); `cold`: apply forgets what it read."""
    db_olapctl, db_raw = f"bench_apply_{run}_olapctl", f"bench_apply_{run}_raw"
    for db in (db_olapctl, db_raw):
        create_schema(target, db, specs)
    time.sleep(SETTLED_SECONDS)
    edit = apply_edits(len(specs), n_ops)
    t_olapctl = connect(f"chdb://{path}?database={db_olapctl}")  # the ledger lives in the target's database
    plan = make_plan(t_olapctl, declarations(db_olapctl, specs, edit), f"bench-{run}")
    if cold:
        t_olapctl.known.clear()
    raw_plan = make_plan(target, declarations(db_raw, specs, edit), f"bench-raw-{run}")
    assert len(plan.operations) == len(raw_plan.operations) == n_ops, (len(plan.operations), n_ops)
    raw_statements = [
        (sql, context_database(op, target.database)) for op in raw_plan.operations for sql in statements(op)
    ]

    def run_raw() -> float:
        started = time.perf_counter()
        for sql, database in raw_statements:  # with the settings apply runs DDL with: mutations run to their end
            target.command(sql, database=database, settings=DDL_SETTINGS)
        return time.perf_counter() - started

    def run_apply() -> tuple[float, Profile, dict[str, int]]:
        with profiled_apply(t_olapctl) as profile, counting(t_olapctl) as counts:
            started = time.perf_counter()
            result = apply_plan(t_olapctl, plan)
            elapsed = time.perf_counter() - started
        assert len(result.applied) == n_ops
        return elapsed, profile, counts

    if run % 2:  # alternate which goes first
        raw_s = run_raw()
        apply_s, profile, counts = run_apply()
    else:
        apply_s, profile, counts = run_apply()
        raw_s = run_raw()
    sec = profile.seconds
    checks = sec.get("checks_introspection", 0.0) + sec.get("checks_consistency", 0.0)
    accounted = checks + sec.get("ledger", 0.0) + sec.get("ddl", 0.0)
    return {
        "apply_seconds": apply_s,
        "raw_ddl_seconds": raw_s,
        "ratio": apply_s / raw_s,
        "checks_seconds": checks,
        "checks_introspection_seconds": sec.get("checks_introspection", 0.0),
        "checks_consistency_seconds": sec.get("checks_consistency", 0.0),
        "ledger_seconds": sec.get("ledger", 0.0),
        "ddl_seconds": sec.get("ddl", 0.0),
        "other_seconds": apply_s - accounted,
        "statements": len(raw_statements),
        "operation_kinds": _kinds(plan.operations),
        "calls": {"queries": counts["query"], "commands": counts["command"], "inserts": counts["insert"]},
    }


def phase_apply(path: str, target: Target, specs: list[TableSpec], n_ops: int, runs: int) -> dict[str, Any]:
    results = [apply_once(path, target, specs, n_ops, run) for run in range(runs)]
    cold = apply_once(path, target, specs, n_ops, runs, cold=True)
    numeric = [k for k, v in results[0].items() if isinstance(v, float)]
    out: dict[str, Any] = {k: statistics.median(float(r[k]) for r in results) for k in numeric}
    first = results[0]
    out.update(
        {
            "tables": len(specs),
            "operations": n_ops,
            "statements": first["statements"],
            "operation_kinds": first["operation_kinds"],
            "calls": first["calls"],
            "runs": results,
            "cold": cold,
            "goal": GOAL_APPLY,
        }
    )
    return out


# ---------------------------------------------------------------------------------------------- output


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def status(value: float, goal: float) -> str:
    return "PASS" if value <= goal else "MISS"


def _row(label: str, seconds: float, note: str = "") -> str:
    return f"   {label:<46}{ms(seconds):>12}{'  ' + note if note else ''}"


def report(results: dict[str, Any]) -> str:
    config = results["config"]
    intro, plan, apply = results["introspection"], results["planning"], results["apply"]
    reps = f"median of {config['reps']}"
    lines = [
        f"olapctl benchmark: chdb {config['chdb']}, python {config['python']}, {config['cpus']} CPU(s)",
        "",
        f"1. introspection: {intro['tables']} tables x {intro['columns_per_table']} columns "
        f"(created in {intro['create_seconds']:.1f} s)",
        _row("introspect(target, [db]), first read", intro["introspect_seconds"], reps),
        _row("introspect(target, [db]), again (fingerprints)", intro["introspect_warm_seconds"], reps),
        _row("raw SELECT * FROM system.tables + columns", intro["raw_read_seconds"], reps),
        f"   introspection / raw system.tables+columns read: {intro['ratio']:.2f}  (goal <= {intro['goal']:g})",
        f"   the same, read again with nothing changed: {intro['ratio_warm']:.2f}",
    ]
    for label, c in intro["queries"].items():
        lines.append(
            f"   queries issued by introspect, {label:>5} tables: {sum(c.values())} "
            f"({c['query']} query, {c['command']} command, {c['insert']} insert; fresh connection)"
        )
    lines.append(f"   constant whatever the number of tables: {'yes' if intro['queries_constant'] else 'NO'}")
    lines += [
        "",
        f"2. planning: {plan['tables']} tables, {plan['tables_changed']} changed -> {plan['operations']} operation(s) "
        f"{plan['operation_kinds']}",
        f"   (the same declarations unchanged -> {plan['operations_when_unchanged']} operation(s))",
        _row("canonicalize(declarations)", plan["canonicalize_seconds"], reps),
        _row("diff(desired, live)", plan["diff_seconds"], reps),
        _row("plan time (canonicalize + diff)", plan["plan_seconds"], reps),
        _row("introspection time", plan["introspect_seconds"], reps),
        _row("make_plan, all of it (for reference)", plan["make_plan_seconds"], reps),
        f"   plan time / introspection time: {plan['ratio']:.2f}  (goal <= {plan['goal']:g})",
        "",
        f"3. apply: {apply['operations']} operations {apply['operation_kinds']} = {apply['statements']} statements "
        f"on {apply['tables']} tables (median of {len(apply['runs'])} run(s))",
        _row("apply_plan", apply["apply_seconds"]),
        _row("  checks: drift + verification introspection", apply["checks_introspection_seconds"]),
        _row("  checks: plan consistency (simulate, diff)", apply["checks_consistency_seconds"]),
        _row("  ledger reads and writes", apply["ledger_seconds"]),
        _row("  DDL", apply["ddl_seconds"]),
        _row("  other (rendering, hashing)", apply["other_seconds"]),
        _row("raw DDL (same statements via target.command)", apply["raw_ddl_seconds"]),
        f"   ClickHouse calls made by apply_plan: {apply['calls']['queries']} queries, "
        f"{apply['calls']['commands']} commands, {apply['calls']['inserts']} inserts",
        "   apply / raw DDL per run: " + ", ".join(format(r["ratio"], ".2f") for r in apply["runs"]),
        f"   apply / raw DDL: {apply['ratio']:.2f}  (goal <= {apply['goal']:g})",
        f"   the same, by a process that never read the database (full drift check): {apply['cold']['ratio']:.2f} "
        f"(apply {ms(apply['cold']['apply_seconds'])}, of which checks {ms(apply['cold']['checks_seconds'])})",
        "",
    ]
    rows = results["summary"]
    width = max(len(r["name"]) for r in rows)
    lines.append(f"{'ratio':<{width}}  {'value':>6}  {'goal':>6}  result")
    for r in rows:
        goal = "<= " + format(r["goal"], "g")
        lines.append(f"{r['name']:<{width}}  {r['value']:>6.2f}  {goal:>6}  {r['status']}")
    counts = " vs ".join(str(sum(c.values())) for c in intro["queries"].values())
    label = f"introspection queries, 10 vs {intro['tables']} tables"
    lines.append(f"{label:<{width}}  {counts:>14}  {'PASS' if intro['queries_constant'] else 'MISS'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--tables", type=int, default=1000, help="tables in the schema (default 1000)")
    parser.add_argument(
        "--columns", type=int, default=20, help=f"columns per table (default 20, at least {MIN_COLUMNS})"
    )
    parser.add_argument("--apply-ops", type=int, default=100, help="operations in the applied plan (default 100)")
    parser.add_argument(
        "--apply-tables",
        type=int,
        default=None,
        help="tables in each database of the apply phase (default: --tables; at least apply-ops/3)",
    )
    parser.add_argument(
        "--apply-runs", type=int, default=2, help="apply measurements, the median is reported (default 2)"
    )
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each timing, median reported (default 3)")
    parser.add_argument(
        "--output", type=Path, default=BENCH_DIR / "results.json", help="JSON results (default bench/results.json)"
    )
    args = parser.parse_args(argv)
    if args.columns < MIN_COLUMNS:
        parser.error(f"--columns must be at least {MIN_COLUMNS}")
    if args.tables < 10:
        parser.error("--tables must be at least 10")
    apply_tables = args.apply_tables or args.tables
    if apply_tables * 3 < args.apply_ops:
        parser.error("--apply-tables must be at least --apply-ops / 3 (at most 3 changes per table)")

    import chdb  # the engine under test; only for its version

    started = time.perf_counter()
    path = tempfile.mkdtemp(prefix="olapctl-bench-")
    try:
        url = f"chdb://{path}"
        target = connect(url, confined=False)  # the benchmark works in databases of its own
        specs = schema(args.tables, args.columns)
        results: dict[str, Any] = {
            "config": {
                "tables": args.tables,
                "columns": args.columns,
                "apply_ops": args.apply_ops,
                "apply_tables": apply_tables,
                "apply_runs": args.apply_runs,
                "reps": args.reps,
                "chdb": getattr(chdb, "__version__", "?"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            }
        }
        print(f"phase 1/3: creating {args.tables} tables and introspecting them ...", file=sys.stderr, flush=True)
        results["introspection"] = phase_introspection(url, target, specs, args.reps)
        print("phase 2/3: planning ...", file=sys.stderr, flush=True)
        results["planning"] = phase_planning(target, specs, results["introspection"]["database"], args.reps)
        print(
            f"phase 3/3: applying {args.apply_ops} operations ({args.apply_runs} run(s)) ...",
            file=sys.stderr,
            flush=True,
        )
        results["apply"] = phase_apply(path, target, specs[:apply_tables], args.apply_ops, args.apply_runs)
    finally:
        shutil.rmtree(path, ignore_errors=True)
    results["summary"] = [
        {
            "name": name,
            "value": float(part["ratio"]),
            "goal": part["goal"],
            "status": status(part["ratio"], part["goal"]),
        }
        for name, part in (
            ("introspection / raw system.tables+columns read", results["introspection"]),
            ("plan time / introspection time", results["planning"]),
            ("apply / raw DDL", results["apply"]),
        )
    ]
    results["config"]["total_seconds"] = time.perf_counter() - started
    print(report(results))
    print(f"\ntotal {results['config']['total_seconds']:.0f} s; results written to {args.output}")
    args.output.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
