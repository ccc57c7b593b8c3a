"""Operations as people read them, in `moose dev` style:

~ Table analytics.events:
    Column changes:
      + status: String
      - old_column: Int64
      ~ some_column: String -> LowCardinality(String)
"""

from __future__ import annotations

from olapctl.plan import operations as o


def _column_line(op: o.Op) -> str | None:
    match op:
        case o.AddTableColumn(column=c):
            return f"+ {c.name}: {c.data_type}"
        case o.DropTableColumn(column_name=n):
            return f"- {n}"
        case o.ModifyTableColumn(before_column=b, after_column=a):
            changes = []
            if b.data_type != a.data_type:
                changes.append(f"{b.data_type} -> {a.data_type}")
            for field in ("default", "materialized", "alias", "ephemeral", "codec", "ttl", "comment"):
                if getattr(b, field) != getattr(a, field):
                    changes.append(f"{field} {getattr(b, field)!r} -> {getattr(a, field)!r}")
            return f"~ {a.name}: {'; '.join(changes)}"
        case o.RenameTableColumn(before_column_name=b, after_column_name=a):
            return f"~ {b} -> {a} (renamed)"
    return None


def _table_line(op: o.Op) -> str:
    match op:
        case o.ModifyTableSettings(before_settings=b, after_settings=a):
            return f"~ settings: {b} -> {a}"
        case o.ModifyTableComment(before=b, after=a):
            return f"~ comment: {b!r} -> {a!r}"
        case o.AddTableConstraint(constraint=c):
            return f"+ constraint {c.name}: {c.kind.upper()} {c.expression}"
        case o.DropTableConstraint(constraint_name=n):
            return f"- constraint {n}"
        case o.ModifyTableTtl(before=b, after=a):
            return f"~ ttl: {b!r} -> {a!r}"
        case o.AddTableIndex(index=i):
            return f"+ index {i.name}: {i.expression} TYPE {i.type} GRANULARITY {i.granularity}"
        case o.DropTableIndex(index_name=n):
            return f"- index {n}"
        case o.AddTableProjection(projection=p):
            return f"+ projection {p.name}: {p.query}"
        case o.DropTableProjection(projection_name=n):
            return f"- projection {n}"
        case o.ModifySampleBy(expression=e):
            return f"~ sample by: {e}"
        case o.RemoveSampleBy():
            return "- sample by"
    return f"~ {op.kind}"


def describe(ops: list[o.Op], *, with_risk: bool = False, findings: dict[int, str] | None = None) -> str:
    """`findings`: operation index -> why the data or its statements make it destructive (engine/assess.py)."""
    lines: list[str] = []
    current: str | None = None
    column_header = False
    found = findings or {}
    position = {id(op): i for i, op in enumerate(ops)}

    def tag(op: o.Op) -> str:
        reason = found.get(position[id(op)])
        if with_risk and reason:
            return f"  [destructive: {reason}]"
        return f"  [{o.risk(op)}]" if with_risk and o.risk(op) != "safe" else ""

    for op in ops:
        col = _column_line(op)
        subject = op.subject()
        if col is not None or isinstance(
            op,
            (
                o.ModifyTableSettings,
                o.ModifyTableComment,
                o.AddTableConstraint,
                o.DropTableConstraint,
                o.ModifyTableTtl,
                o.AddTableIndex,
                o.DropTableIndex,
                o.AddTableProjection,
                o.DropTableProjection,
                o.ModifySampleBy,
                o.RemoveSampleBy,
            ),
        ):
            if subject != current:
                lines.append(f"~ Table {subject}:")
                current, column_header = subject, False
            if col is not None:
                if not column_header:
                    lines.append("    Column changes:")
                    column_header = True
                lines.append(f"      {col}{tag(op)}")
            else:
                lines.append(f"    {_table_line(op)}{tag(op)}")
            continue
        current = None
        match op:
            case o.CreateTable(table=t):
                cols = ", ".join(f"{c.name}: {c.data_type}" for c in t.columns)
                lines.append(f"+ Table: {subject} - {cols} - {t.sorting_key() or 'tuple()'}{tag(op)}")
            case o.DropTable():
                lines.append(f"- Table: {subject}{tag(op)}")
            case o.ExchangeTables(other=other):
                lines.append(f"~ Table {subject}: rebuilt with its new keys or engine, swapped with {other}{tag(op)}")
            case o.CreateMaterializedView(view=v):
                lines.append(f"+ Materialized view: {subject} -> {'.'.join(v.writes_to())}{tag(op)}")
            case o.DropMaterializedView():
                lines.append(f"- Materialized view: {subject}{tag(op)}")
            case o.CreateView():
                lines.append(f"+ View: {subject}{tag(op)}")
            case o.DropView():
                lines.append(f"- View: {subject}{tag(op)}")
            case o.RawSql(description=d, sql=sql):
                text = "; ".join(sql)
                text = text if len(text) <= 500 else text[:499] + "…"
                lines.append(f"~ SQL{f' ({d})' if d else ''}: {text}{tag(op)}")
            case _:
                raise TypeError(f"no description for {op.kind}")
    return "\n".join(lines)
