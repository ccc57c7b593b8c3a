"""Run a plan against a live database.

Refuses unless the live state is what the plan expects at its resume point (drift) and the declarations still
are what the plan leads to (stale plan); refuses destructive operations unless allowed. Each applied operation
is recorded in the ledger; an interrupted run resumes at the first unapplied operation; at the end the live
state must equal the plan's desired state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from clickhouse_connect.driver.exceptions import ClickHouseError

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import introspect, unhealthy
from olapctl.clickhouse.normalize import canonicalize, server_facts
from olapctl.clickhouse.render import column_definition, context_database, statements
from olapctl.clickhouse.tenancy import NotAllowed, check_operations
from olapctl.engine.assess import assess, check_column_change
from olapctl.engine.ledger import Ledger, NoLedger, Row
from olapctl.plan import operations as o
from olapctl.plan.describe import describe
from olapctl.plan.diff import REBUILD_CONSTRAINT, desired_against, diff, settle_implicit
from olapctl.plan.drift import Sides, compare
from olapctl.plan.moose_dir import as_moose_reads
from olapctl.plan.planfile import Plan
from olapctl.plan.simulate import SimulationError, simulate, unsimulated
from olapctl.schema.model import Snapshot, databases_of
from olapctl.schema.sqltext import qualified, quote_identifier, quote_string

Reason = Literal["invalid", "drift", "stale", "destructive", "ledger", "forbidden"]


class ApplyRefused(Exception):
    """Nothing was applied (by this run): the plan does not fit the database or the declarations."""

    def __init__(self, reason: Reason, message: str, drift: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.drift = drift or {}


class ApplyFailed(Exception):
    """ClickHouse refused operation `index`; operations before it are applied and recorded, later ones not run."""

    def __init__(self, index: int, op: o.Op, message: str) -> None:
        super().__init__(f"operation {index + 1} ({op.title()}) failed: {message}")
        self.index = index
        self.op = op
        self.message = message


class VerificationFailed(Exception):
    pass


@dataclass(frozen=True)
class Progress:
    """One step of a plan as it is applied: what callers show or record (the CLI prints it, the operator writes
    status.appliedOperations from it), never parsed back from text."""

    event: Literal["checked", "resuming", "trusted", "found", "applied", "failed"]
    index: int  # the operation's index from 0 (for "checked", "resuming", "trusted": the first one still to run)
    total: int
    operation: str = ""  # its title: 'AddTableColumn analytics.events'
    risk: o.Risk | None = None
    milliseconds: float | None = None
    detail: str = ""  # the plan's name (resuming), ClickHouse's message (failed)

    def applied(self) -> int | None:
        """How many operations are applied once this step is done (None: this step tells no count)."""
        return self.index + 1 if self.event in ("applied", "found") else None

    def __str__(self) -> str:
        step = f"[{self.index + 1}/{self.total}] {self.operation}"
        match self.event:
            case "checked":
                return f"checks passed: operations {self.index + 1} to {self.total} run now"
            case "resuming":
                return f"resuming plan {self.detail} at operation {self.index + 1} of {self.total}"
            case "trusted":
                return (
                    f"resuming after raw SQL whose effect olapctl does not simulate: the ledger says {self.index} ran"
                )
            case "found":
                return f"{step}: found applied, recorded"
            case "failed":
                return f"{step}: FAILED: {self.detail}"
        return f"{step} ({self.risk}): ok in {self.milliseconds or 0:.0f} ms"


@dataclass
class ApplyResult:
    total: int
    resumed_at: int
    applied: list[int] = field(default_factory=list)


# Each statement runs to its end (mutations included); a codec chain ClickHouse calls suspicious (generic
# compression before Delta, ...) runs as declared: the declaration is the opt-in, as the setting is on the console.
DDL_SETTINGS = {"mutations_sync": 2, "allow_suspicious_codecs": 1}


def differences(
    expected: Snapshot, live: Snapshot, setting_defaults: dict[str, str], sides: Sides = ("expected", "live")
) -> dict[str, list[str]]:
    """Per object that differs, how: `expected`'s value against `live`'s, per table and column (drift.compare);
    empty when they match, also in the forms ClickHouse fills in by itself (settle_implicit). An object differs
    when a plan from `live` to `expected` would change it."""
    settled = settle_implicit(expected, live, setting_defaults)
    ops = diff(settled, live)
    known = {*settled.tables, *settled.materialized_views, *settled.views, *live.tables}
    known |= {*live.materialized_views, *live.views}
    subjects = {s for op in ops for s in op.subjects() if s in known}
    said = compare(settled.restricted(subjects), live.restricted(subjects), sides)
    found = {k: said.get(k) or describe([op for op in ops if k in op.subjects()]).splitlines() for k in subjects}
    if ops and not found:  # (only operations on objects neither side holds: said as the operations)
        found = {"operations": describe(ops).splitlines()}
    return dict(sorted(found.items()))


def _drift_message(title: str, drift: dict[str, list[str]]) -> str:
    lines = [title]
    for subject, changes in drift.items():
        lines.append(f"  {subject}:")
        lines += [f"    {line}" for line in changes]
    return "\n".join(lines)


def observed(plan: Plan, target: Target, live: Snapshot) -> Snapshot:
    """The live state as the plan's states describe it: a plan read from MooseStack's files holds what MooseStack
    can hold of a table (moose_dir.as_moose_reads), so the live state is compared in those terms, as MooseStack
    compares it."""
    return canonicalize(as_moose_reads(live, target.database), target) if plan.moose else live


def check_plan(plan: Plan) -> None:
    """The operations must lead from expectedState to desiredState, for every object simulate() knows what they do
    to (the objects raw statements create or alter are checked by the verification after the plan)."""
    raw = unsimulated(plan.operations)
    if raw is None:
        return
    try:
        reached = simulate(plan.operations, plan.expected.snapshot)
    except SimulationError as exc:
        if raw:  # an operation on an object raw SQL made
            return
        raise ApplyRefused("invalid", f"plan {plan.name}: {exc}") from None
    gap = differences(plan.desired.snapshot, reached, {}, ("desiredState", "after the operations"))
    gap = {k: v for k, v in gap.items() if k not in raw}
    if gap:
        raise ApplyRefused(
            "invalid", _drift_message(f"plan {plan.name}: its operations do not lead to its desiredState", gap), gap
        )


def restore_after_failure(target: Target, op: o.Op, previous: o.Op | None) -> str:
    """Leave no half-done work that would later read as done. A type change whose mutation failed leaves the new
    type in the metadata and a stuck mutation: kill the table's unfinished mutations and put the column back as
    it was, so the table stays readable. A failed backfill leaves an empty target behind a materialized view
    that looks in place: drop the view, so that it is planned (and backfilled) again. Returns what was done."""
    if isinstance(op, o.RawSql) and isinstance(previous, o.CreateMaterializedView):
        view = previous.view
        try:
            target.command(f"DROP VIEW IF EXISTS {qualified(str(view.database), view.name)} SYNC")
        except ClickHouseError:
            return ""
        return f"; materialized view {view.database}.{view.name} dropped, so that it is planned and backfilled again"
    if isinstance(op, o.RawSql) and any(REBUILD_CONSTRAINT in sql for sql in op.sql):
        table = op.sql[0].split(" ADD CONSTRAINT ")[0].removeprefix("ALTER TABLE ")
        try:
            target.command(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {quote_identifier(REBUILD_CONSTRAINT)}")
        except ClickHouseError:
            return ""
        return "; writes to the table accepted again"
    if not isinstance(op, o.ModifyTableColumn):
        return ""
    params = {"d": op.database, "t": op.table}
    try:
        stuck = target.query(
            "SELECT mutation_id FROM system.mutations WHERE database = {d:String} AND table = {t:String} "
            "AND NOT is_done",
            params,
        )
        if stuck:
            target.command(
                f"KILL MUTATION WHERE database = {quote_string(op.database)} AND table = {quote_string(op.table)} "
                "AND NOT is_done SYNC"
            )
        target.command(
            f"ALTER TABLE {qualified(op.database, op.table)} MODIFY COLUMN {column_definition(op.before_column)}",
            settings=DDL_SETTINGS,
        )
    except ClickHouseError as exc:
        return (
            f"; restoring {op.before_column.name} to {op.before_column.data_type} failed too: "
            + (str(exc).splitlines()[0][:300])
        )
    return f"; {len(stuck)} stuck mutation(s) killed, column {op.before_column.name} restored to its previous type"


def check_allowed(plan: Plan, target: Target) -> None:
    """Everything the plan names and runs stays inside what the target allows (before its databases are read)."""
    named = set(plan.expected.snapshot.databases()) | set(plan.desired.snapshot.databases())
    outside = sorted(db for db in named if not target.allows(db))
    try:
        if outside:
            raise NotAllowed(
                f"its states name databases this target does not allow: {', '.join(outside)}; "
                f"allowed: {target.allowed_databases()}"
            )
        check_operations(plan.operations, target)
    except NotAllowed as exc:
        raise ApplyRefused("forbidden", f"plan {plan.name} refused, nothing applied: {exc}") from None


def check_stale(plan: Plan, declarations: Snapshot, target: Target) -> None:
    defaults = server_facts(target).setting_defaults
    current, _ = desired_against(canonicalize(declarations, target), plan.expected.snapshot, defaults)
    if current.hash() != plan.desired.hash:
        gap = differences(current, plan.desired.snapshot, defaults, ("declared", "planned"))
        detail = _drift_message("", gap) if gap else "  (lifeCycle, renamedFrom or backfill annotations differ)"
        raise ApplyRefused(
            "stale",
            f"plan {plan.name} is stale: the declarations changed since it was planned; regenerate it.{detail}",
            gap,
        )


def _row(plan: str, plan_hash: str, index: int, op: o.Op, outcome: str, message: str, run: int) -> Row:
    return Row(plan, plan_hash, index, op.digest(), op.kind, op.subject(), outcome, message, run)


def _records_at_once(op: o.Op) -> bool:
    """Whether the ledger must say that `op` ran before the next operation runs. Raw SQL may change nothing the
    schema shows (a backfill), and an exchange of two tables of one schema shows nothing."""
    return isinstance(op, (o.RawSql, o.ExchangeTables))


def _unrecorded_end(ops: list[o.Op], k: int) -> int:
    """The end of the run of operations from `k` whose ledger rows are written together, after its last one
    (apply_plan), and which resume therefore looks for in the live schema: operations on distinct objects, none
    recorded at once. An operation recorded at once runs alone: raw SQL is never looked for (its effect may not
    show), an exchange is (it may have run, its record not)."""
    if k == len(ops) or isinstance(ops[k], o.RawSql):
        return k
    if isinstance(ops[k], o.ExchangeTables):
        return k + 1
    touched: set[str] = set()
    j = k
    while j < len(ops) and not _records_at_once(ops[j]) and not ops[j].subjects() & touched:
        touched |= ops[j].subjects()
        j += 1
    return j


def apply_plan(
    target: Target,
    plan: Plan,
    *,
    declarations: Snapshot | None = None,
    allow_destructive: bool = False,
    progress: Callable[[Progress], None] = lambda _: None,
    only: set[str] | None = None,
    planned_now: bool = False,
) -> ApplyResult:
    """Apply `plan`; `only` ('database.name' keys) limits the drift check and verification to those objects, for
    plans made with the same `only`. `planned_now` (dev mode): the plan was made from the live state a moment ago
    and is applied at once: its expected state stands for the live one (no second read before the DDL), and no
    ledger is kept (interrupted, such a change is planned again, never resumed); the verification at the end
    still reads what the plan touched. A plan read from
    MooseStack's files describes the objects it names only (as MooseStack compares them): other tables of its
    database are not drift."""
    if plan.moose and only is None:
        only = {*plan.expected.snapshot.object_keys(), *plan.desired.snapshot.object_keys()}
    check_plan(plan)
    check_allowed(plan, target)
    if declarations is not None:
        check_stale(plan, declarations, target)
    ops = plan.operations
    plan_hash = plan.content_hash()
    ledger = NoLedger() if planned_now else Ledger(target)
    run, entries = ledger.latest_run(plan_hash)
    for pos, entry in enumerate(entries):
        if pos >= len(ops) or entry.op_index != pos or entry.op_hash != ops[pos].digest():
            raise ApplyRefused(
                "ledger", f"plan {plan.name}: the ledger does not match this plan at operation {pos + 1}"
            )
        if entry.outcome != "applied":
            raise ApplyRefused("ledger", f"plan {plan.name}: operation {pos + 1} is recorded as {entry.outcome}")
    k = len(entries)

    databases = sorted(set(plan.expected.snapshot.databases()) | set(plan.desired.snapshot.databases())) or [
        target.database
    ]
    live = plan.expected.snapshot if planned_now else observed(plan, target, introspect(target, databases, only))
    defaults = server_facts(target).setting_defaults

    def gap_after(n: int) -> dict[str, list[str]] | None:
        """How the live state differs from the state after the first n operations (but for the objects raw SQL
        changed beyond what simulate() models); None when that state cannot be told."""
        raw = unsimulated(ops[:n])
        if raw is None:
            return None
        try:
            state = simulate(ops[:n], plan.expected.snapshot)
        except SimulationError:
            return None
        if only is not None:  # (what was not introspected is not compared)
            state = state.restricted(only)
        return {s: lines for s, lines in differences(state, live, defaults).items() if s not in raw}

    if ops and k == len(ops) and gap_after(k) != {}:
        if not differences(plan.expected.snapshot, live, defaults):
            run, k = run + 1, 0  # the same change once more (add, drop, add again): a new run of the plan
    gap = gap_after(k)
    if gap is None:
        progress(Progress("trusted", k, len(ops)))
    elif gap:
        # ran but not recorded (killed before the ledger write of the operations it ran last)?
        ran_to = next((j for j in range(_unrecorded_end(ops, k), k, -1) if gap_after(j) == {}), None)
        if ran_to is None:
            where = "the state it was planned against" if k == 0 else f"the state expected after operation {k}"
            raise ApplyRefused(
                "drift",
                _drift_message(
                    f"drift: the live database no longer matches {where}; nothing applied. Regenerate the plan.", gap
                ),
                gap,
            )
        said = "found applied on resume"
        ledger.record([_row(plan.name, plan_hash, i, ops[i], "applied", said, run) for i in range(k, ran_to)])
        for i in range(k, ran_to):
            progress(Progress("found", i, len(ops), ops[i].title(), o.risk(ops[i])))
        k = ran_to

    allowed = allow_destructive or plan.allow_destructive
    if not allowed:
        found = {f.index: f.reason for f in assess(target, ops[k:], k)}
        destructive = [
            f"  {i + 1}. {op.title()}" + (f": {found[i]}" if i in found else "")
            for i, op in enumerate(ops[k:], k)
            if o.risk(op) == "destructive" or i in found
        ]
        if destructive:
            raise ApplyRefused(
                "destructive",
                "refusing destructive operations (use --allow-destructive or "
                "allowDestructive: true in the plan):\n" + "\n".join(destructive),
            )

    result = ApplyResult(total=len(ops), resumed_at=k)
    if k:
        progress(Progress("resuming", k, len(ops), detail=plan.name))
    progress(Progress("checked", k, len(ops)))
    # The ledger records a run of schema operations in one insert, after the last of them: if the process dies
    # before, resume tells which of them ran from the live schema (_unrecorded_end: the operations of a run touch
    # distinct objects, so each leaves the schema in a state of its own). Raw SQL and exchanges, which the schema
    # may not show, are recorded at once, with the run before them.
    unrecorded: list[Row] = []
    end = k  # of the current run
    for index in range(k, len(ops)):
        op = ops[index]
        if index == end:  # a run starts: the one before it is recorded first
            ledger.record(unrecorded)
            unrecorded, end = [], max(_unrecorded_end(ops, index), index + 1)
        started = time.perf_counter()
        if not allowed:
            changed = check_column_change(target, op)  # the rows may have changed since the check above
            if changed:
                ledger.record(unrecorded)
                raise ApplyFailed(index, op, f"refused: {changed} (the data changed since the plan was checked)")
        try:
            for sql in statements(op):
                # mutations (type changes, materializations) run to their end here, so a failing one fails now
                target.command(sql, database=context_database(op, target.database), settings=DDL_SETTINGS)
        except ClickHouseError as exc:
            message = str(exc).strip().splitlines()[0][:1000]
            restored = restore_after_failure(target, op, ops[index - 1] if index else None)
            ledger.record([*unrecorded, _row(plan.name, plan_hash, index, op, "failed", message, run)])
            progress(Progress("failed", index, len(ops), op.title(), o.risk(op), detail=message + restored))
            raise ApplyFailed(index, op, message + restored) from None
        unrecorded.append(_row(plan.name, plan_hash, index, op, "applied", "", run))
        if _records_at_once(op):
            ledger.record(unrecorded)
            unrecorded = []
        result.applied.append(index)
        elapsed = (time.perf_counter() - started) * 1000
        progress(Progress("applied", index, len(ops), op.title(), o.risk(op), elapsed))
    ledger.record(unrecorded)

    # Verify what the plan touched: check_plan proved simulate(expected, ops) == desired and the drift check
    # proved live == expected, so untouched objects already equal desired; this costs one small introspection.
    # RawSql may change anything: then the whole of the plan's databases is compared.
    if any(isinstance(op, o.RawSql) for op in ops):
        scope, expected = only, plan.desired.snapshot if only is None else plan.desired.snapshot.restricted(only)
        live = introspect(target, databases, scope)
        seen = observed(plan, target, live)
    else:
        touched = {key for op in ops for key in op.subjects()}
        if only is not None:
            touched &= only
        if not touched:
            return result
        databases = databases_of(touched)
        scope, expected = touched, plan.desired.snapshot.restricted(touched)
        live = introspect(target, databases, touched)
        seen = observed(plan, target, live)
    gap = differences(expected, seen, defaults, ("desiredState", "live"))
    broken = unhealthy(target, databases, scope, live)
    if gap or broken:
        lines = [f"  {k}: {why}" for k, why in sorted(broken.items())]
        raise VerificationFailed(
            _drift_message(f"plan {plan.name} applied, but the live database differs from its desiredState", gap)
            + ("\nnot working:\n" + "\n".join(lines) if lines else "")
        )
    return result
