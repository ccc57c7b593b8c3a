"""Planning against a live database: canonicalize declarations, introspect, diff, assemble a Plan."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import introspect, unhealthy
from olapctl.clickhouse.normalize import SpecError, canonicalize, check_new_tables, check_view_sources, server_facts
from olapctl.clickhouse.tenancy import check_databases, check_snapshot
from olapctl.plan import operations as o
from olapctl.plan.diff import broken_dependents, desired_against, diff
from olapctl.plan.operations import Op
from olapctl.plan.planfile import Plan, State
from olapctl.schema.model import Snapshot


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
    databases = sorted({k.split(".", 1)[0] for k in only}) if only else scope(declarations, target)
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
