"""simulate(ops, snapshot): the snapshot ClickHouse will hold after the operations. Pure.

Used to check a plan against its desiredState, to know what the database must look like when a plan resumes
at operation k, and to detect an operation that ran but was not recorded.
"""

from __future__ import annotations

from typing import Any

from olapctl.plan import operations as o
from olapctl.plan.diff import REBUILD_CONSTRAINT
from olapctl.schema.model import Column, LifeCycle, MaterializedView, OlapTable, Snapshot, View, key
from olapctl.schema.sqltext import statement_object, table_moves


class SimulationError(ValueError):
    """An operation does not fit the state it would run against (e.g. it alters a table that does not exist)."""


def _table(tables: dict[str, OlapTable], db: str, name: str, op: o.Op) -> OlapTable:
    t = tables.get(key(db, name))
    if t is None:
        raise SimulationError(f"{op.kind} on {db}.{name}: no such table at that point of the plan")
    return t


def _replace_column(cols: list[Column], name: str, new: Column) -> list[Column]:
    return [new if c.name == name else c for c in cols]


def simulate(ops: list[o.Op], snapshot: Snapshot) -> Snapshot:
    tables = dict(snapshot.tables)
    mvs = dict(snapshot.materialized_views)
    views = dict(snapshot.views)
    for op in ops:
        db = getattr(op, "database", None)
        name = getattr(op, "table", None)
        t = (
            _table(tables, str(db), name, op)
            if isinstance(name, str) and not isinstance(op, o.DropTable) and db
            else None
        )
        update: dict[str, object] | None = None
        match op:
            case o.CreateTable(table=new):
                cols = [c.model_copy(update={"renamed_from": None}) for c in new.columns]
                tables.setdefault(
                    key(new.database, new.name),
                    new.model_copy(update={"columns": cols, "life_cycle": LifeCycle.FULLY_MANAGED}),
                )
            case o.DropTable():
                tables.pop(key(db, str(name)), None)
            case o.AddTableColumn(column=c, after_column=after):
                assert t is not None
                if all(x.name != c.name for x in t.columns):
                    cols = list(t.columns)
                    pos = (
                        0 if after is None else next((i + 1 for i, x in enumerate(cols) if x.name == after), len(cols))
                    )
                    cols.insert(pos, c)
                    update = {"columns": cols}
            case o.DropTableColumn(column_name=c):
                assert t is not None
                update = {"columns": [x for x in t.columns if x.name != c]}
            case o.ModifyTableColumn(after_column=c):
                assert t is not None
                update = {"columns": _replace_column(list(t.columns), c.name, c)}
            case o.RenameTableColumn(before_column_name=b, after_column_name=a):
                assert t is not None
                update = {"columns": [x.model_copy(update={"name": a}) if x.name == b else x for x in t.columns]}
            case o.ModifyTableSettings(after_settings=after):
                update = {"settings": dict(after)}
            case o.ModifyTableComment(after=after):
                update = {"comment": after}
            case o.AddTableConstraint(constraint=c):
                assert t is not None
                update = {"constraints": [*t.constraints, c]}
            case o.DropTableConstraint(constraint_name=n):
                assert t is not None
                update = {"constraints": [c for c in t.constraints if c.name != n]}
            case o.ModifyTableTtl(after=after):
                update = {"ttl": after}
            case o.AddTableIndex(index=i):
                assert t is not None
                update = {"indexes": [*t.indexes, i]}
            case o.DropTableIndex(index_name=n):
                assert t is not None
                update = {"indexes": [i for i in t.indexes if i.name != n]}
            case o.AddTableProjection(projection=p):
                assert t is not None
                update = {"projections": [*t.projections, p]}
            case o.DropTableProjection(projection_name=n):
                assert t is not None
                update = {"projections": [p for p in t.projections if p.name != n]}
            case o.ModifySampleBy(expression=e):
                update = {"sample_by": e}
            case o.RemoveSampleBy():
                update = {"sample_by": None}
            case o.ExchangeTables(other=other):
                assert t is not None
                u = _table(tables, str(db), other, op)
                tables[key(db, str(name))] = u.model_copy(update={"name": name})
                tables[key(db, other)] = t.model_copy(update={"name": other})
            case o.CreateMaterializedView(view=v):
                mvs.setdefault(
                    key(v.database, v.name),
                    v.model_copy(update={"backfill": False, "life_cycle": LifeCycle.FULLY_MANAGED}),
                )
            case o.CreateView(view=v):
                views.setdefault(key(v.database, v.name), v.model_copy(update={"life_cycle": LifeCycle.FULLY_MANAGED}))
            case o.DropMaterializedView(name=n):
                mvs.pop(key(db, n), None)
            case o.DropView(name=n):
                views.pop(key(db, n), None)
            case o.RawSql(sql=sql):
                for statement in sql:
                    _raw_statement(statement, op.database or "", tables, mvs, views)
            case _:
                raise SimulationError(f"{op.kind}: olapctl does not know what this operation does to a schema")
        if update is not None and t is not None:
            tables[key(db, str(name))] = t.model_copy(update=update)
    return Snapshot(tables=tables, materialized_views=mvs, views=views)


_NEUTRAL = ("INSERT", "TRUNCATE", "OPTIMIZE", "SELECT", "WITH", "SYSTEM", "KILL")  # change no schema


def unsimulated(ops: list[o.Op]) -> set[str] | None:
    """The 'database.name' of every object raw statements change in ways simulate() does not model (CREATE,
    ALTER, ... of a named table or view), or None when a statement's object cannot be told. simulate() models
    RENAME, EXCHANGE and DROP and knows INSERT, TRUNCATE, ... (and olapctl's own rebuild guard) change no schema;
    these objects are checked by the verification after the plan, not by simulation before it."""
    found: set[str] = set()
    for op in ops:
        if not isinstance(op, o.RawSql):
            continue
        for statement in op.sql:
            first = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
            if first in _NEUTRAL or table_moves(statement) is not None:
                continue
            if first == "ALTER" and REBUILD_CONSTRAINT in statement:
                continue
            obj = statement_object(statement)
            if obj is None:
                return None
            found.add(key(obj[0] or op.database or "", obj[1]))
    return found


def _raw_statement(
    statement: str,
    database: str,
    tables: dict[str, OlapTable],
    mvs: dict[str, MaterializedView],
    views: dict[str, View],
) -> None:
    """The schema effect of the raw statements hand-edited MooseStack plans use to keep data through a rebuild:
    RENAME TABLE a TO b[, ...], EXCHANGE TABLES a AND b, DROP TABLE|VIEW [IF EXISTS] a. Other statements (INSERT,
    TRUNCATE, ...) change no schema; one that does is caught by the verification after the plan."""
    found = table_moves(statement)
    if found is None:
        return
    kind, pairs = found
    groups: tuple[dict[str, Any], ...] = (tables, mvs, views)
    for (db_a, a), (db_b, b) in pairs:
        old, new = key(db_a or database, a), key(db_b or database, b)
        for group in groups:
            if kind == "drop":
                group.pop(old, None)
            elif kind == "rename" and old in group:
                group[new] = group.pop(old).model_copy(update={"database": db_b or database, "name": b})
            elif kind == "exchange" and old in group and new in group:
                first, second = group[old], group[new]
                group[old] = second.model_copy(update={"database": first.database, "name": first.name})
                group[new] = first.model_copy(update={"database": second.database, "name": second.name})
