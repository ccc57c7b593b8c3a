"""Operation -> DDL statements. Identifiers are always quoted; expressions are the canonical text ClickHouse
formatted (see normalize.py). Statements are written to be re-runnable (IF [NOT] EXISTS) so that resuming a
plan interrupted inside an operation is safe."""

from __future__ import annotations

from olapctl.plan import operations as o
from olapctl.schema.model import ENGINE_PARAMETERS, Column, Constraint, Engine, MaterializedView, OlapTable, View
from olapctl.schema.sqltext import qualified, quote_identifier, quote_string, split_top_level


def column_definition(col: Column) -> str:
    parts = [quote_identifier(col.name), col.data_type]
    dk = col.default_kind()
    if dk:
        parts.append(f"{dk[0]} {dk[1]}".strip())
    if col.comment is not None:
        parts.append(f"COMMENT {quote_string(col.comment)}")
    if col.codec is not None:
        parts.append(f"CODEC({col.codec})")
    if col.ttl is not None:
        parts.append(f"TTL {col.ttl}")
    return " ".join(parts)


def engine_clause(engine: Engine, cluster: str | None) -> str:
    name = engine.type
    args: list[str] = []
    fields = ENGINE_PARAMETERS.get(name.removeprefix("Replicated"))
    if fields is None:
        args = list(engine.parameters or [])
    else:
        for f in fields:
            value = getattr(engine, f)
            if value is None:
                break
            if f == "columns":  # SummingMergeTree(v) or SummingMergeTree((a, b)), as ClickHouse prints them
                names = ", ".join(map(quote_identifier, value))
                args.append(names if len(value) == 1 else f"({names})")
            else:
                args.append(quote_identifier(value))
    if cluster is not None and engine.is_merge_tree() and not name.startswith("Replicated"):
        name = "Replicated" + name
        args = [quote_string("/clickhouse/tables/{uuid}/{shard}"), quote_string("{replica}"), *args]
    return f"{name}({', '.join(args)})" if args or engine.is_merge_tree() else name


def constraint_definition(constraint: Constraint) -> str:
    return f"CONSTRAINT {quote_identifier(constraint.name)} {constraint.kind.upper()} {constraint.expression}"


def _on_cluster(table: OlapTable) -> str:
    return f" ON CLUSTER {quote_identifier(table.cluster)}" if table.cluster else ""


def _key(expr: str) -> str:
    """A canonical key ('a, b', 'f(x)' or '') as it goes in DDL: lists in parentheses, one expression bare."""
    if not expr:
        return "tuple()"
    return f"({expr})" if len(split_top_level(expr)) > 1 else expr


def create_table(table: OlapTable) -> str:
    elements = [column_definition(c) for c in table.columns]
    for idx in table.indexes:
        elements.append(
            f"INDEX {quote_identifier(idx.name)} {_key(idx.expression)} TYPE {idx.type} GRANULARITY {idx.granularity}"
        )
    for proj in table.projections:
        elements.append(f"PROJECTION {quote_identifier(proj.name)} ({proj.query})")
    for constraint in table.constraints:
        elements.append(constraint_definition(constraint))
    sql = (
        f"CREATE TABLE IF NOT EXISTS {qualified(str(table.database), table.name)}{_on_cluster(table)} "
        f"({', '.join(elements)}) ENGINE = {engine_clause(table.engine, table.cluster)}"
    )
    if table.engine.is_merge_tree():
        if table.partition_by:
            sql += f" PARTITION BY {_key(table.partition_by)}"
        if table.primary_key:
            sql += f" PRIMARY KEY {_key(table.primary_key)}"
        sql += f" ORDER BY {_key(table.sorting_key() or '')}"
        if table.sample_by:
            sql += f" SAMPLE BY {table.sample_by}"
        if table.ttl:
            sql += f" TTL {table.ttl}"
    if table.settings:
        sql += " SETTINGS " + ", ".join(f"{k} = {v}" for k, v in table.settings.items())  # as written
    if table.comment:
        sql += f" COMMENT {quote_string(table.comment)}"
    return sql


def create_materialized_view(view: MaterializedView) -> str:
    columns = f" ({', '.join(column_definition(c) for c in view.columns)})" if view.columns is not None else ""
    if view.to is not None:
        into = f"TO {qualified(str(view.to.database or view.database), view.to.table)}{columns}"
    else:
        into = f"{columns.strip()} ENGINE = {view.storage}".strip()
    name = qualified(str(view.database), view.name)
    refresh = f"REFRESH {view.refresh} " if view.refresh else ""
    return f"CREATE MATERIALIZED VIEW IF NOT EXISTS {name} {refresh}{into}{_security(view)} AS {view.select}"


def create_view(view: View) -> str:
    return f"CREATE VIEW IF NOT EXISTS {qualified(str(view.database), view.name)}{_security(view)} AS {view.select}"


def _security(view: View | MaterializedView) -> str:
    return f" SQL SECURITY {view.sql_security}" if view.sql_security else ""


def _modify_column(op: o.ModifyTableColumn, alter: str) -> list[str]:
    b, a = op.before_column, op.after_column
    col = quote_identifier(a.name)
    stmts = []
    bk, ak = b.default_kind(), a.default_kind()
    if bk and (not ak or ak[0] != bk[0]):
        stmts.append(f"{alter} MODIFY COLUMN {col} REMOVE {bk[0]}")
    for field, prop in (("codec", "CODEC"), ("ttl", "TTL"), ("comment", "COMMENT")):
        if getattr(b, field) is not None and getattr(a, field) is None:
            stmts.append(f"{alter} MODIFY COLUMN {col} REMOVE {prop}")
    changed = (
        a.data_type != b.data_type
        or (ak is not None and ak != bk)
        or (a.codec is not None and a.codec != b.codec)
        or (a.ttl is not None and a.ttl != b.ttl)
    )
    if changed:
        stmts.append(f"{alter} MODIFY COLUMN {column_definition(a.model_copy(update={'comment': None}))}")
    if a.comment is not None and a.comment != b.comment:
        stmts.append(f"{alter} COMMENT COLUMN {col} {quote_string(a.comment)}")
    return stmts


def statements(op: o.Op) -> list[str]:
    """The DDL of one operation, in order."""
    table_name = getattr(op, "table", None)
    db = getattr(op, "database", None)
    alter = f"ALTER TABLE {qualified(str(db), str(table_name))}" if isinstance(table_name, str) else ""
    match op:
        case o.CreateTable(table=t):
            return [f"CREATE DATABASE IF NOT EXISTS {quote_identifier(str(t.database))}", create_table(t)]
        case o.DropTable():
            return [f"DROP TABLE IF EXISTS {qualified(str(db), str(table_name))} SYNC"]
        case o.AddTableColumn(column=c, after_column=after):
            pos = f" AFTER {quote_identifier(after)}" if after else " FIRST"
            return [f"{alter} ADD COLUMN IF NOT EXISTS {column_definition(c)}{pos}"]
        case o.DropTableColumn(column_name=c):
            return [f"{alter} DROP COLUMN IF EXISTS {quote_identifier(c)}"]
        case o.ModifyTableColumn():
            return _modify_column(op, alter)
        case o.RenameTableColumn(before_column_name=b, after_column_name=a):
            return [f"{alter} RENAME COLUMN IF EXISTS {quote_identifier(b)} TO {quote_identifier(a)}"]
        case o.ModifyTableSettings(before_settings=before, after_settings=after):
            stmts = []
            changed = {k: v for k, v in sorted(after.items()) if before.get(k) != v}
            if changed:
                stmts.append(f"{alter} MODIFY SETTING " + ", ".join(f"{k} = {v}" for k, v in changed.items()))
            removed = sorted(set(before) - set(after))
            if removed:
                stmts.append(f"{alter} RESET SETTING " + ", ".join(removed))
            return stmts
        case o.ModifyTableComment(after=after):
            return [f"{alter} MODIFY COMMENT {quote_string(after or '')}"]
        case o.ModifyTableTtl(after=after):
            return [f"{alter} MODIFY TTL {after}" if after else f"{alter} REMOVE TTL"]
        case o.AddTableIndex(index=i):
            return [
                f"{alter} ADD INDEX IF NOT EXISTS {quote_identifier(i.name)} {_key(i.expression)} "
                f"TYPE {i.type} GRANULARITY {i.granularity}",
                f"{alter} MATERIALIZE INDEX {quote_identifier(i.name)}",
            ]
        case o.DropTableIndex(index_name=n):
            return [f"{alter} DROP INDEX IF EXISTS {quote_identifier(n)}"]
        case o.AddTableProjection(projection=p):
            return [
                f"{alter} ADD PROJECTION IF NOT EXISTS {quote_identifier(p.name)} ({p.query})",
                f"{alter} MATERIALIZE PROJECTION {quote_identifier(p.name)}",
            ]
        case o.AddTableConstraint(constraint=c):
            return [f"{alter} ADD CONSTRAINT IF NOT EXISTS {constraint_definition(c)[len('CONSTRAINT ') :]}"]
        case o.DropTableConstraint(constraint_name=n):
            return [f"{alter} DROP CONSTRAINT IF EXISTS {quote_identifier(n)}"]
        case o.DropTableProjection(projection_name=n):
            return [f"{alter} DROP PROJECTION IF EXISTS {quote_identifier(n)}"]
        case o.ModifySampleBy(expression=e):
            return [f"{alter} MODIFY SAMPLE BY {e}"]
        case o.RemoveSampleBy():
            return [f"{alter} REMOVE SAMPLE BY"]
        case o.CreateMaterializedView(view=v):
            return [create_materialized_view(v)]
        case o.CreateView(view=v):
            return [create_view(v)]
        case o.DropMaterializedView(name=n) | o.DropView(name=n):
            return [f"DROP VIEW IF EXISTS {qualified(str(db), n)} SYNC"]
        case o.RawSql(sql=sql):
            return list(sql)
        case o.ExchangeTables(other=other):
            return [f"EXCHANGE TABLES {qualified(str(db), str(table_name))} AND {qualified(str(db), other)}"]
    raise TypeError(f"no rendering for {op.kind}")


def context_database(op: o.Op, default: str) -> str | None:
    """Current database while running op, for the unqualified names in SELECTs and raw SQL; None when every
    name in its statements is qualified."""
    if isinstance(op, (o.CreateMaterializedView, o.CreateView)):
        return op.view.database
    if isinstance(op, o.RawSql):
        return op.database or default
    return None
