"""simulate(ops, snapshot): the snapshot ClickHouse will hold after the operations. Pure.

Used to check a plan against its desiredState, to know what the database must look like when a plan resumes
at operation k, and to detect an operation that ran but was not recorded.
"""

from __future__ import annotations

from olapctl.plan import operations as o
from olapctl.schema.model import Column, LifeCycle, OlapTable, Snapshot, key


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
            case o.RawSql():
                pass
        if update is not None and t is not None:
            tables[key(db, str(name))] = t.model_copy(update=update)
    return Snapshot(tables=tables, materialized_views=mvs, views=views)
