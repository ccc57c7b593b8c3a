"""How two snapshots differ, said as a reviewer reads it: per object and per column, one side's value against the
other's ("column hotfix_flag: expected absent, live UInt8"), never as the operations that would undo it. Pure.

Used for drift (the plan's expected state vs live), staleness (declared vs planned), a plan that does not reach its
desired state, and the verification after a plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from olapctl.schema.model import Column, LifeCycle, MaterializedView, OlapTable, Snapshot, View

ABSENT = "absent"
Sides = tuple[str, str]  # how the two snapshots are named in the lines: ("expected", "live")


def _said(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {v}" for k, v in value.items()) + "}" if value else "none"
    if isinstance(value, list):
        return ", ".join(map(str, value)) if value else "none"
    return str(value)


def _line(what: str, a: Any, b: Any, sides: Sides) -> str:
    return f"{what}: {sides[0]} {_said(a)}, {sides[1]} {_said(b)}"


def _column(col: Column) -> str:
    parts = [col.data_type]
    kind = col.default_kind()
    if kind:
        parts.append(f"{kind[0]} {kind[1]}".strip())
    if col.codec is not None:
        parts.append(f"CODEC({col.codec})")
    if col.ttl is not None:
        parts.append(f"TTL {col.ttl}")
    if col.comment is not None:
        parts.append(f"COMMENT {col.comment!r}")
    return " ".join(parts)


def _columns(a: list[Column], b: list[Column], sides: Sides) -> list[str]:
    lines = []
    theirs = {c.name: c for c in b}
    mine = {c.name: c for c in a}
    for col in a:
        other = theirs.get(col.name)
        if other is None:
            lines.append(f"column {col.name}: {sides[0]} {_column(col)}, {sides[1]} {ABSENT}")
            continue
        if col.data_type != other.data_type:
            lines.append(_line(f"column {col.name} type", col.data_type, other.data_type, sides))
        if col.default_kind() != other.default_kind():
            mine_kind, their_kind = col.default_kind(), other.default_kind()
            lines.append(
                _line(
                    f"column {col.name} default",
                    " ".join(mine_kind) if mine_kind else None,
                    " ".join(their_kind) if their_kind else None,
                    sides,
                )
            )
        for field in ("codec", "ttl", "comment"):
            if getattr(col, field) != getattr(other, field):
                lines.append(_line(f"column {col.name} {field}", getattr(col, field), getattr(other, field), sides))
    for col in b:
        if col.name not in mine:
            lines.append(f"column {col.name}: {sides[0]} {ABSENT}, {sides[1]} {_column(col)}")
    return lines


def _named(what: str, a: list[Any], b: list[Any], render: Callable[[Any], str], sides: Sides) -> list[str]:
    """Indexes, projections, constraints: by name."""
    lines = []
    theirs = {x.name: x for x in b}
    mine = {x.name: x for x in a}
    for x in a:
        y = theirs.get(x.name)
        if y is None or render(x) != render(y):
            lines.append(_line(f"{what} {x.name}", render(x), render(y) if y is not None else ABSENT, sides))
    lines += [_line(f"{what} {y.name}", ABSENT, render(y), sides) for y in b if y.name not in mine]
    return lines


_TABLE_FIELDS: dict[str, Callable[[OlapTable], Any]] = {
    "engine": lambda t: t.engine.model_dump(exclude_none=True, by_alias=True),
    "ORDER BY": lambda t: t.sorting_key() or "tuple()",
    "PRIMARY KEY": lambda t: t.primary_key,
    "PARTITION BY": lambda t: t.partition_by,
    "SAMPLE BY": lambda t: t.sample_by,
    "TTL": lambda t: t.ttl,
    "comment": lambda t: t.comment,
    "cluster": lambda t: t.cluster,
}


def _table(a: OlapTable, b: OlapTable, sides: Sides) -> list[str]:
    lines = _columns(list(a.columns), list(b.columns), sides)
    for what, get in _TABLE_FIELDS.items():
        if get(a) != get(b):
            lines.append(_line(what, get(a), get(b), sides))
    for name in [*a.settings, *(k for k in b.settings if k not in a.settings)]:
        if a.settings.get(name) != b.settings.get(name):
            lines.append(_line(f"setting {name}", a.settings.get(name, ABSENT), b.settings.get(name, ABSENT), sides))
    lines += _named(
        "index",
        list(a.indexes),
        list(b.indexes),
        lambda i: f"{i.expression} TYPE {i.type} GRANULARITY {i.granularity}",
        sides,
    )
    lines += _named("projection", list(a.projections), list(b.projections), lambda p: f"({p.query})", sides)
    lines += _named(
        "constraint", list(a.constraints), list(b.constraints), lambda c: f"{c.kind.upper()} {c.expression}", sides
    )
    return lines


def _view(a: MaterializedView | View, b: MaterializedView | View, sides: Sides) -> list[str]:
    lines = []
    for field in ("select", "to", "storage", "refresh", "sql_security"):
        x, y = getattr(a, field, None), getattr(b, field, None)
        if x != y:
            lines.append(_line(field, _plain(x), _plain(y), sides))
    columns_a, columns_b = getattr(a, "columns", None), getattr(b, "columns", None)
    if columns_a != columns_b:
        lines += _columns(list(columns_a or []), list(columns_b or []), sides)
    return lines


def _plain(value: Any) -> Any:
    return value.model_dump(exclude_none=True) if isinstance(value, BaseModel) else value


def _summary(obj: OlapTable | MaterializedView | View) -> str:
    if isinstance(obj, OlapTable):
        return f"table ({', '.join(f'{c.name} {c.data_type}' for c in obj.columns)})"
    kind = "materialized view" if isinstance(obj, MaterializedView) else "view"
    return f"{kind} AS {obj.select}"


def compare(a: Snapshot, b: Snapshot, sides: Sides = ("expected", "live")) -> dict[str, list[str]]:
    """Per 'database.name', how `a` and `b` differ, `a`'s value first; an object one side does not hold is one line.
    Objects `a` declares ExternallyManaged are not compared."""
    found: dict[str, list[str]] = {}
    groups: list[tuple[dict[str, Any], dict[str, Any], Callable[[Any, Any, Sides], list[str]]]] = [
        (a.tables, b.tables, _table),
        (a.materialized_views, b.materialized_views, _view),
        (a.views, b.views, _view),
    ]
    for mine, theirs, compare_one in groups:
        for k in sorted(set(mine) | set(theirs)):
            x, y = mine.get(k), theirs.get(k)
            if x is not None and x.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
                continue
            if x is None:
                assert y is not None
                lines = [f"{sides[0]} {ABSENT}, {sides[1]} {_summary(y)}"]
            elif y is None:
                lines = [f"{sides[0]} {_summary(x)}, {sides[1]} {ABSENT}"]
            else:
                lines = compare_one(x, y, sides)
            if lines:
                found[k] = lines
    return found
