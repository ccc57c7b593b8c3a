"""Tenancy and sandbox: a target's declarations and plans act only inside the databases it allows, and reach
nothing outside them (files, the network, other servers, other databases' data).

What a statement reaches is read off ClickHouse's own parser (`EXPLAIN AST`, explain.py) for the exact DDL that
would run: column defaults, TTLs, keys, indexes, projections, view and materialized view SELECTs, engines, raw
SQL. Engines and table functions are allow-listed, so anything ClickHouse adds later is refused until it is
listed here or the target opts in (`engines=`, `clusters=` in its URL or Secret). Scalar functions that read
outside the row (files, settings, dictionaries, Join tables, other tables' columns) are refused or confined.

Checks run before anything of the plan runs or is introspected: an object naming another database learns
nothing of it, not even its schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.explain import Access, Node, database_candidates
from olapctl.clickhouse.normalize import SpecError, explained, server_facts
from olapctl.clickhouse.render import context_database, create_materialized_view, create_table, create_view, statements
from olapctl.plan import operations as o
from olapctl.schema.model import LifeCycle, MaterializedView, OlapTable, Snapshot, View
from olapctl.schema.sqltext import table_moves

_MERGE_TREES = ("", "Replacing", "Summing", "Aggregating", "Collapsing", "VersionedCollapsing", "Coalescing")
ENGINES = frozenset(
    {f"{r}{m}MergeTree" for r in ("", "Replicated") for m in _MERGE_TREES}
    | {"Memory", "Null", "Log", "TinyLog", "StripeLog", "Set", "Join"}
)
TABLE_FUNCTIONS = frozenset(
    {"numbers", "numbers_mt", "zeros", "zeros_mt", "generaterandom", "values", "null", "view", "generate_series",
     "generateseries"}
)  # fmt: skip
# Scalar functions that read outside the row and its tables: never allowed (compared in lower case).
OUTSIDE_FUNCTIONS = frozenset(
    name.lower()
    for name in (
        "file getSetting getSettingOrDefault getServerSetting getMergeTreeSetting getMacro hasColumnInTable "
        "catboostEvaluate modelEvaluate getClientHTTPHeader globalVariable getOSKernelVersion filesystemAvailable "
        "filesystemCapacity filesystemUnreserved filesystemFree addressToLine addressToLineWithInlines "
        "addressToSymbol demangle tcpPort getServerPort __getScalar"
    ).split()
)
# Opt-in engines whose parameters name a database (and for Distributed, a cluster): position of each.
_ENGINE_DATABASE = {"Distributed": 1, "Buffer": 0, "Merge": 0}
# Raw SQL may only run statements whose target the parser shows.
RAW_STATEMENTS = frozenset(
    {"AlterQuery", "CreateQuery", "DropQuery", "TruncateQuery", "OptimizeQuery", "InsertQuery", "SelectWithUnionQuery"}
)
_UNTARGETED = ("DropQuery", "SelectWithUnionQuery")  # DROP TABLE a, b and SELECT list their tables as reads


class NotAllowed(SpecError):
    """A declaration or plan reaches outside what its target allows; nothing ran."""


@dataclass(frozen=True)
class Statement:
    where: str  # what the message names: 'table shop.orders', 'operation 3 (RawSql ...)'
    sql: str
    database: str  # current database for unqualified names
    raw: bool = False  # written by hand (RawSql): only statements whose target is visible
    key: str = ""  # the declared object it comes from ('database.name')


def check_databases(snapshot: Snapshot, target: Target) -> None:
    """Every object, and every materialized view's TO table, in a database the target allows; tables on
    clusters and with engines it allows. Pure: runs before ClickHouse is asked anything about these objects."""
    problems: list[str] = []
    keys = set()
    for group in (snapshot.tables, snapshot.materialized_views, snapshot.views):
        for k, obj in group.items():
            found = object_problems(obj, target)
            if found:
                problems += [f"{_kind(obj)} {k}: {p}" for p in found]
                keys.add(k)
    if problems:
        raise NotAllowed(_with_allowed("; ".join(problems), target), frozenset(keys))


def object_problems(obj: OlapTable | MaterializedView | View, target: Target) -> list[str]:
    if obj.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
        return []
    problems = []
    dbs = [obj.database, obj.to.database] if isinstance(obj, MaterializedView) and obj.to else [obj.database]
    for db in dbs:
        if db is not None and not target.allows(db):
            problems.append(f"database {db!r} is not allowed for this target")
    if isinstance(obj, OlapTable):
        if obj.cluster is not None and obj.cluster not in target.tenancy.clusters and not target.tenancy.any_database:
            problems.append(f"cluster {obj.cluster!r} is not allowed for this target")
        if not _engine_allowed(obj.engine.type, target):
            problems.append(f"engine {obj.engine.type} is not allowed for this target")
    return problems


def check_snapshot(snapshot: Snapshot, target: Target) -> None:
    """What each object's CREATE statement reaches (canonical snapshots, after check_databases: the same text the
    plan would run)."""
    checks = []
    for k, table in snapshot.tables.items():
        if table.life_cycle != LifeCycle.EXTERNALLY_MANAGED:
            checks.append(Statement(f"table {k}", create_table(table), str(table.database), key=k))
    for k, mv in snapshot.materialized_views.items():
        if mv.life_cycle != LifeCycle.EXTERNALLY_MANAGED:
            checks.append(Statement(f"materialized view {k}", create_materialized_view(mv), str(mv.database), key=k))
    for k, view in snapshot.views.items():
        if view.life_cycle != LifeCycle.EXTERNALLY_MANAGED:
            checks.append(Statement(f"view {k}", create_view(view), str(view.database), key=k))
    check_statements(checks, target)


def check_operations(ops: Iterable[o.Op], target: Target, offset: int = 0) -> None:
    """Every statement the operations would run, and every object they change, inside the target's allowance."""
    checks = []
    problems = []
    for index, op in enumerate(ops, offset + 1):
        where = f"operation {index} ({op.title()})"
        for subject in sorted(op.subjects()):
            db = subject.split(".", 1)[0]
            if not target.allows(db):
                problems.append(f"{where}: database {db!r} is not allowed for this target")
        for obj in (getattr(op, "table", None), getattr(op, "view", None)):
            if isinstance(obj, (OlapTable, MaterializedView, View)):
                problems += [f"{where}: {p}" for p in object_problems(obj, target)]
        db = context_database(op, target.database) or target.database
        checks += [Statement(where, sql, db, raw=isinstance(op, o.RawSql)) for sql in statements(op)]
    if problems:
        raise NotAllowed(_with_allowed("; ".join(problems), target))
    check_statements(checks, target)


def check_statements(checks: list[Statement], target: Target) -> None:
    problems = []
    keys = set()
    for check in checks:
        try:
            found = explained(target, check.sql, check.where)
            mine = [f"{check.where}: {p}" for p in _problems(found, check, target)]
        except SpecError as exc:
            mine = [str(exc)]
        problems += mine
        if mine and check.key:
            keys.add(check.key)
    if problems:
        raise NotAllowed(_with_allowed("; ".join(problems), target), frozenset(keys))


def _problems(found: Access, check: Statement, target: Target) -> list[str]:
    problems = []
    if not target.allows(check.database):  # where unqualified names resolve (a RawSql's `database`)
        problems.append(f"runs in database {check.database!r}, outside the allowed databases")
    untargeted = found.target is None and found.statement not in _UNTARGETED
    moves = table_moves(check.sql) if found.statement == "Rename" else None
    if moves is not None:  # RENAME TABLE / EXCHANGE TABLES: every name, on both sides, in an allowed database
        for (db_a, a), (db_b, b) in moves[1]:
            problems += [
                f"acts on {db or check.database}.{name}, outside the allowed databases"
                for db, name in ((db_a, a), (db_b, b))
                if not target.allows(db or check.database)
            ]
    elif check.raw and (found.statement not in RAW_STATEMENTS or untargeted):
        problems.append(
            f"raw SQL may only SELECT, or ALTER, CREATE, DROP, TRUNCATE, OPTIMIZE, INSERT INTO, RENAME or EXCHANGE "
            "a named table "
            f"(got {found.statement})"
        )
    if check.raw and found.view_targets:
        problems.append("raw SQL may not create materialized views (declare a MaterializedView)")
    if found.unsupported:
        problems.append(f"not allowed: {', '.join(found.unsupported)}")
    for db, name in sorted(found.tables, key=str):
        if not target.allows(db or check.database):
            problems.append(f"acts on {db}.{name}, outside the allowed databases")
    for what, names in (("reads or writes", found.printed), ("uses dictionary", found.dictionaries)):
        for name in sorted(names):
            outside = [db for db in database_candidates(name) if db is not None and not target.allows(db)]
            # a dotted name is ambiguous in the print; every reading of it that names a database must be
            # allowed, or name no database that exists
            if outside and (outside[0] == name.split(".", 1)[0] or set(outside) & _databases(target)):
                problems.append(f"{what} {name}, outside the allowed databases")
    for fn in sorted(found.table_functions - TABLE_FUNCTIONS if not target.tenancy.any_database else ()):
        problems.append(f"table function {fn}() is not allowed (it reads outside the database)")
    for fn in sorted(found.functions & OUTSIDE_FUNCTIONS):
        problems.append(f"function {fn}() is not allowed (it reads outside the row and its tables)")
    for fn in sorted(found.functions & server_facts(target).user_defined):  # SQL or executable: can hide anything
        problems.append(f"user-defined function {fn}() is not allowed")
    for engine, args in found.engines:
        if not _engine_allowed(engine, target):
            problems.append(f"engine {engine} is not allowed for this target")
            continue
        problems += _engine_arguments(engine, args, target)
    return problems


def _engine_allowed(engine: str, target: Target) -> bool:
    return engine in ENGINES or engine in target.tenancy.engines or target.tenancy.any_database


def _plain(node: Node) -> str | None:
    if node.kind == "Identifier":
        return node.text
    if node.kind == "Literal" and len(node.text) >= 2 and node.text[0] == node.text[-1] == "'":
        body = node.text[1:-1]
        return None if "\\" in body or "'" in body else body
    return None


def _engine_arguments(engine: str, args: list[Node], target: Target) -> list[str]:
    position = _ENGINE_DATABASE.get(engine)
    if position is None:
        return []
    problems = []
    db = _plain(args[position]) if len(args) > position else None
    if db is None or not target.allows(db):
        problems.append(f"engine {engine}: its database must be an allowed database named plainly")
    if engine == "Distributed":
        cluster = _plain(args[0]) if args else None
        if cluster is None or (cluster not in target.tenancy.clusters and not target.tenancy.any_database):
            problems.append(f"engine {engine}: cluster {cluster!r} is not allowed for this target")
    return problems


def _databases(target: Target) -> set[str]:
    return {str(r[0]) for r in target.query("SELECT name FROM system.databases")}


def _kind(obj: OlapTable | MaterializedView | View) -> str:
    if isinstance(obj, OlapTable):
        return "table"
    return "materialized view" if isinstance(obj, MaterializedView) else "view"


def _with_allowed(message: str, target: Target) -> str:
    return f"{message}; allowed databases: {target.allowed_databases()}"
