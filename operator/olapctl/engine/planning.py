"""Planning against a live database: canonicalize declarations, introspect, diff, assemble a Plan."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import introspect, unhealthy
from olapctl.clickhouse.normalize import (
    SpecError,
    canonical_setting,
    canonicalize,
    check_new_tables,
    check_view_sources,
    server_facts,
)
from olapctl.clickhouse.tenancy import check_databases, check_snapshot
from olapctl.plan import operations as o
from olapctl.plan.diff import broken_dependents, desired_against, diff
from olapctl.plan.operations import Op
from olapctl.plan.planfile import Plan, State
from olapctl.schema.model import Column, MaterializedView, OlapTable, Snapshot, View, databases_of, key


@dataclass(frozen=True)
class Changes:
    desired: Snapshot  # canonical declarations
    live: Snapshot  # canonical live state of the same databases
    operations: list[Op]
    notes: list[str] = field(default_factory=list)  # what is kept rather than done (DeletionProtected columns)
    unhealthy: dict[str, str] = field(default_factory=dict)  # 'database.name' -> why it does not work

    def in_sync(self) -> bool:
        return not self.operations and not self.unhealthy

    def problems(self) -> list[str]:
        return [f"! {k}: {why}" for k, why in sorted(self.unhealthy.items())]


def scope(declarations: Snapshot, target: Target) -> list[str]:
    return declarations.databases() or [target.database]


def changes(target: Target, declarations: Snapshot, only: set[str] | None = None) -> Changes:
    """What it takes to make the databases of `declarations` (or only the objects named 'database.name' in
    `only`) match them. Declarations that reach outside the target's allowance are refused (NotAllowed) before
    their databases are read."""
    check_databases(declarations, target)
    desired = canonicalize(declarations, target)
    check_snapshot(desired, target)
    databases = databases_of(only) if only else scope(declarations, target)
    live = introspect(target, databases, only)
    desired, kept = desired_against(desired, live, server_facts(target).setting_defaults)
    operations = diff(desired, live)
    check_new_tables(target, [op.table for op in operations if isinstance(op, o.CreateTable)])
    return Changes(desired, live, operations, kept, unhealthy(target, databases, only, live))


def created_at() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible output: same inputs, same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_plan(target: Target, declarations: Snapshot, name: str | None = None, only: set[str] | None = None) -> Plan:
    """A plan to apply: its views must read tables that are declared or exist (MissingDependency otherwise)."""
    found = changes(target, declarations, only)
    broken = broken_dependents(found.desired, found.operations)
    if broken:
        raise SpecError("; ".join(broken) + "; change or remove the view in the same change, or keep what it reads")
    check_view_sources(target, found.desired, sorted(set(scope(declarations, target)) | set(found.desired.databases())))
    plan = Plan(
        name=name or "pending",
        operations=found.operations,
        expected=State.of(found.live),
        desired=State.of(found.desired),
        created_at=created_at(),
        notes=found.notes,
        problems=found.problems(),
    )
    if name is None:
        plan.name = "plan-" + plan.content_hash().removeprefix("sha256:")[:12]
    return plan


def canonical_plan(plan: Plan, target: Target) -> Plan:
    """A plan read from MooseStack's files, with its states and operations in canonical form (as ClickHouse
    formats them), so that its drift check, simulation and verification compare like with like. Each object an
    operation carries is canonicalized in a scratch table or view of its own (names only; nothing is created)."""
    expected, desired = canonicalize(plan.expected.snapshot, target), canonicalize(plan.desired.snapshot, target)
    tables: dict[str, OlapTable] = {}
    mvs: dict[str, MaterializedView] = {}
    views: dict[str, View] = {}
    filler = Column.model_validate({"name": "_", "type": "UInt8"})
    slots: list[tuple[int, str, Callable[[Snapshot], Any]]] = []  # (operation, field, its canonical value)

    def scratch(i: int, part: str, field_name: str, pick: Callable[[OlapTable], Any], **fields: Any) -> None:
        k = key(f"op{i}", part)
        tables[k] = OlapTable.model_validate({"name": part, "database": f"op{i}", "columns": [filler], **fields})
        slots.append((i, field_name, lambda done: pick(done.tables[k])))

    def only_column(t: OlapTable) -> Column:
        if len(t.columns) != 1:
            raise SpecError(f"{t.name}: a Nested column is one column per field here; write one operation each")
        return t.columns[0]

    for i, op in enumerate(plan.operations):
        match op:
            case o.CreateTable(table=t):
                k = key(f"op{i}", t.name)
                tables[k] = t.model_copy(update={"database": f"op{i}"})
                slots.append((i, "table", _picked("tables", k, database=t.database)))
            case o.AddTableColumn(column=c):
                scratch(i, "c", "column", only_column, columns=[c])
            case o.ModifyTableColumn(before_column=b, after_column=a):
                scratch(i, "b", "before_column", only_column, columns=[b])
                scratch(i, "a", "after_column", only_column, columns=[a])
            case o.AddTableIndex(index=x):
                scratch(i, "i", "index", lambda t: t.indexes[0], indexes=[x])
            case o.AddTableProjection(projection=x):
                scratch(i, "p", "projection", lambda t: t.projections[0], projections=[x])
            case o.ModifyTableTtl(after=after) if after:
                scratch(i, "t", "after", lambda t: t.ttl, ttl=after)
            case o.ModifySampleBy(expression=e):
                scratch(i, "s", "expression", lambda t: t.sample_by, sampleBy=e, orderByExpression=e)
            case o.CreateMaterializedView(view=v) | o.CreateView(view=v):
                group: dict[str, Any] = mvs if isinstance(op, o.CreateMaterializedView) else views
                k = key(str(v.database), f"op{i}")
                group[k] = v.model_copy(update={"name": f"op{i}"})
                slots.append((i, "view", _picked("materialized_views" if group is mvs else "views", k, name=v.name)))
            case o.ModifyTableSettings(before_settings=b, after_settings=a):
                slots.append((i, "before_settings", _constant({n: canonical_setting(v) for n, v in b.items()})))
                slots.append((i, "after_settings", _constant({n: canonical_setting(v) for n, v in a.items()})))
    done = canonicalize(Snapshot(tables=tables, materialized_views=mvs, views=views), target)
    ops = list(plan.operations)
    for i, field_name, value in slots:
        ops[i] = ops[i].model_copy(update={field_name: value(done)})
    result = plan.model_copy(update={"operations": ops, "expected": State.of(expected), "desired": State.of(desired)})
    result.name = "moose-" + result.content_hash().removeprefix("sha256:")[:12]
    return result


def _picked(group: str, k: str, **update: Any) -> Callable[[Snapshot], Any]:
    return lambda done: getattr(done, group)[k].model_copy(update=update)


def _constant(value: Any) -> Callable[[Snapshot], Any]:
    return lambda _: value
