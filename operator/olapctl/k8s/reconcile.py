"""What the operator does for one resource, independent of kopf's plumbing: compute the status to write and the
Events to post, apply in dev mode, run approved MigrationPlans. Raises Retry for transient faults."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from clickhouse_connect.driver.exceptions import OperationalError
from kubernetes.client.exceptions import ApiException

from olapctl.clickhouse.connect import Target, TargetError, connect
from olapctl.clickhouse.normalize import MissingDependency, SpecError
from olapctl.clickhouse.tenancy import NotAllowed, check_databases
from olapctl.engine.assess import assess
from olapctl.engine.executor import ApplyFailed, ApplyRefused, Progress, VerificationFailed, apply_plan, check_plan
from olapctl.engine.planning import changes, make_plan
from olapctl.k8s import cluster, metrics
from olapctl.k8s.status import Drift, TableDrift, now, set_condition
from olapctl.manifests import SPEC_KINDS, ManifestError, snapshot_of, spec_from_manifest
from olapctl.plan.describe import describe
from olapctl.plan.operations import plan_risk
from olapctl.plan.planfile import Plan, PlanError, plan_from_spec
from olapctl.schema.model import LifeCycle, MaterializedView, OlapTable, Snapshot, View, key

TERMINAL = ("Succeeded", "Failed", "Superseded")
Emit = Callable[[str, str, str], None]  # (type, reason, message)
log = logging.getLogger("olapctl")


class Retry(Exception):
    """A transient fault: try again after `delay` seconds; status already says why."""

    def __init__(self, message: str, delay: float) -> None:
        super().__init__(message)
        self.delay = delay


@dataclass
class Config:
    default_target: str | None = None
    resync: float = 30.0
    _targets: dict[str, Target] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _object_locks: dict[str, threading.Lock] = field(default_factory=dict)

    def object_lock(self, kind: str, namespace: str, name: str) -> threading.Lock:
        """kopf handlers, plan timers and the resync thread may meet on one object: one reconcile of it at a time."""
        with self._lock:
            return self._object_locks.setdefault(f"{kind}/{namespace}/{name}", threading.Lock())

    def target(self, namespace: str, secret_ref: str | None = None) -> Target:
        try:
            url = cluster.target_url(namespace, secret_ref, self.default_target)
        except cluster.TargetSecretError as exc:
            raise Retry(str(exc), 30) from None
        with self._lock:
            if url not in self._targets:
                try:
                    self._targets[url] = connect(url)
                except (TargetError, OperationalError) as exc:
                    raise Retry(f"ClickHouse unavailable: {exc}", 10) from None
            return self._targets[url]


TRANSIENT = (OperationalError, TargetError, ConnectionError, TimeoutError)


MAX_MESSAGE = 2000


def one_line(exc: Exception) -> str:
    """An error as a status message: one line, bounded."""
    text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _model(body: dict[str, Any], kind: str, database: str) -> OlapTable | MaterializedView | View:
    meta = body["metadata"]
    return spec_from_manifest({**body, "kind": kind}, database, f"{meta['namespace']}/{meta['name']}")


def object_key(model: OlapTable | MaterializedView | View) -> str:
    return key(model.database, model.name)


@dataclass(frozen=True)
class Scope:
    """What reconciling an object needs to know of its namespace; read once per pass, not once per object."""

    namespace: str
    mode: str
    target: Target


def scope_of(cfg: Config, namespace: str) -> Scope:
    return Scope(namespace, cluster.namespace_mode(namespace), cfg.target(namespace, None))


def reconcile_object(
    scope: Scope, kind: str, body: dict[str, Any], emit: Emit, in_sync: bool = False, others: Sequence[str] = ()
) -> dict[str, Any]:
    """Dev: make ClickHouse match the object. Prod: report what a plan would have to do. Returns the status.
    `in_sync`: a namespace-wide introspection just found nothing to do for this object; ClickHouse is not asked.
    `others`: other objects of the namespace declaring the same table ('Kind/name'): then nothing is done."""
    meta = body["metadata"]
    namespace, generation = meta["namespace"], meta.get("generation")
    old = body.get("status") or {}
    conditions: list[dict[str, Any]] = list(old.get("conditions") or [])
    status: dict[str, Any] = {"observedGeneration": generation}
    mode, target = scope.mode, scope.target
    status["mode"] = mode

    def done(
        ready: bool, ready_reason: str, synced: bool | None, synced_reason: str, message: str = ""
    ) -> dict[str, Any]:
        c = set_condition(conditions, "Ready", ready, ready_reason, message, generation)
        status["conditions"] = set_condition(c, "Synced", synced, synced_reason, message, generation)
        if not in_sync:
            metrics.RECONCILES.labels(kind=kind, mode=mode, result=ready_reason).inc()
        if not ready and not in_sync:
            metrics.ERRORS.labels(reason=ready_reason).inc()
        return status

    try:
        model = _model(body, kind, target.database)
    except ManifestError as exc:
        emit("Warning", "InvalidSpec", one_line(exc))
        return done(False, "InvalidSpec", None, "InvalidSpec", one_line(exc))
    status["table"], status["database"] = model.name, model.database
    if others:
        message = (
            f"{object_key(model)} is also declared by {', '.join(others)} in namespace {namespace}: one object per "
            "table; nothing applied until only one declares it"
        )
        emit("Warning", "Conflict", message)
        return done(False, "Conflict", None, "Conflict", message)
    if model.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
        return done(True, "ExternallyManaged", None, "ExternallyManaged", "lifeCycle ExternallyManaged: never touched")
    only = {object_key(model)}
    desired = snapshot_of([(f"{namespace}/{meta['name']}", model)])
    try:
        if in_sync:  # keep saying what the last change applied, so an unchanged object's status stays unchanged
            status["pendingOperations"] = []
            if mode == "prod":
                status["drift"] = {"summary": "", "tables": []}
            ready = next((c for c in conditions if c.get("type") == "Ready"), {})
            applied = ready.get("reason") == "Applied" and ready.get("observedGeneration") == generation
            return done(True, "Applied" if applied and mode == "dev" else "InSync", True, "InSync")
        if mode == "dev":
            plan = make_plan(target, desired, f"dev-{namespace}-{meta['name']}", only)
            if plan.operations:
                metrics.applied(plan.operations, apply_plan(target, plan, allow_destructive=True, only=only).applied)
                text = describe(plan.operations)
                status["lastAppliedOperations"] = text.splitlines()
                emit("Normal", "Applied", text)
            status["pendingOperations"] = []
            if plan.problems:
                return done(False, "Unhealthy", False, "Unhealthy", "; ".join(plan.problems))
            return done(True, "Applied" if plan.operations else "InSync", True, "InSync")
        found = changes(target, desired, only)
        findings = {f.index: f.reason for f in assess(target, found.operations)}
        lines = describe(found.operations, with_risk=True, findings=findings).splitlines() + found.notes
        lines += found.problems()
        status["pendingOperations"] = lines
        status["drift"] = {
            "summary": f"{len(found.operations)} operation(s) pending" if found.operations else "",
            "tables": [],
        }
        if found.unhealthy and not found.operations:
            return done(False, "Unhealthy", False, "Unhealthy", "; ".join(found.problems()))
        if found.operations:
            return done(True, "AwaitingPlan", False, "PendingPlan", "prod: apply a reviewed MigrationPlan")
        return done(True, "InSync", True, "InSync")
    except MissingDependency as exc:
        status["conditions"] = done(False, "WaitingForDependency", False, "WaitingForDependency", str(exc))[
            "conditions"
        ]
        cluster.patch_status(namespace, kind, meta["name"], status)
        raise Retry(str(exc), 5) from None
    except NotAllowed as exc:
        emit("Warning", "NotAllowed", one_line(exc))
        return done(False, "NotAllowed", None, "NotAllowed", f"refused, nothing applied: {one_line(exc)}")
    except SpecError as exc:
        emit("Warning", "InvalidSpec", one_line(exc))
        return done(False, "InvalidSpec", None, "InvalidSpec", one_line(exc))
    except (ApplyFailed, ApplyRefused, VerificationFailed) as exc:
        emit("Warning", "ApplyFailed", str(exc))
        status["conditions"] = done(False, "ApplyFailed", False, "ApplyFailed", str(exc))["conditions"]
        cluster.patch_status(namespace, kind, meta["name"], status)
        # often a dependency declared in the same `kubectl apply` (an MV's source table): retry soon
        raise Retry(str(exc), 5) from None
    except TRANSIENT as exc:
        status["conditions"] = done(False, "TargetUnavailable", None, "TargetUnavailable", str(exc))["conditions"]
        cluster.patch_status(namespace, kind, meta["name"], status)
        raise Retry(f"ClickHouse unavailable: {exc}", 10) from None


def delete_object(cfg: Config, kind: str, body: dict[str, Any], emit: Emit) -> None:
    """Dev + FullyManaged: drop the table or view. Otherwise keep it (and say so)."""
    meta = body["metadata"]
    namespace = meta["namespace"]
    scope = scope_of(cfg, namespace)
    target = scope.target
    try:
        model = _model(body, kind, target.database)
    except ManifestError:
        return  # never applied
    try:
        check_databases(snapshot_of([(f"{namespace}/{meta['name']}", model)]), target)
    except NotAllowed as exc:
        emit("Warning", "NotAllowed", f"nothing dropped: {one_line(exc)}")
        return
    if model.life_cycle != LifeCycle.FULLY_MANAGED or scope.mode != "dev":
        emit(
            "Normal",
            "Kept",
            f"{object_key(model)} kept in ClickHouse (lifeCycle {model.life_cycle.value}, mode {scope.mode})",
        )
        return
    only = {object_key(model)}
    try:
        plan = make_plan(target, Snapshot(), f"dev-delete-{namespace}-{meta['name']}", only)
        apply_plan(target, plan, allow_destructive=True, only=only)
    except TRANSIENT as exc:
        raise Retry(f"ClickHouse unavailable: {exc}", 10) from None
    emit("Normal", "Dropped", describe(plan.operations))


def _plan_status(body: dict[str, Any]) -> dict[str, Any]:
    return dict(body.get("status") or {})


def reconcile_plan(cfg: Config, body: dict[str, Any], emit: Emit) -> dict[str, Any]:
    """Validate -> AwaitingApproval -> (approved) queue, stale and drift checks -> Applying -> Succeeded/Failed."""
    meta, spec = body["metadata"], body.get("spec") or {}
    namespace, name, generation = meta["namespace"], meta["name"], meta.get("generation")
    status = _plan_status(body)
    if status.get("phase") in TERMINAL and status.get("observedGeneration") == generation:
        return status
    conditions: list[dict[str, Any]] = list(status.get("conditions") or [])

    def put(phase: str, reason: str = "", **fields: Any) -> dict[str, Any]:
        if phase != status.get("phase"):
            metrics.RECONCILES.labels(kind="MigrationPlan", mode="", result=phase).inc()
        if phase in ("Failed", "Drifted"):
            metrics.ERRORS.labels(reason=reason or phase).inc()
        status.update(phase=phase, observedGeneration=generation, **fields)
        status["conditions"] = conditions
        cluster.patch_status(namespace, "MigrationPlan", name, status)
        return status

    def cond(type_: str, value: bool | None, reason: str, message: str = "") -> None:
        nonlocal conditions
        conditions = set_condition(conditions, type_, value, reason, message, generation)

    try:
        plan = plan_from_spec(name, spec, f"{namespace}/{name}", namespace)
        check_plan(plan)
    except (PlanError, ApplyRefused) as exc:
        cond("Ready", False, "InvalidPlan", str(exc))
        emit("Warning", "InvalidPlan", str(exc))
        return put("Failed", "InvalidPlan", message=str(exc))
    total = len(plan.operations)
    status.update(totalOperations=total, contentHash=plan.content_hash(), risk=plan_risk(plan.operations))
    status.setdefault("appliedOperations", 0)
    status["progress"] = f"{status['appliedOperations']}/{total}"
    status.setdefault("drifted", "no")
    if not plan.approved:
        cond("Approved", False, "AwaitingApproval", "set spec.approved: true (or run olapctl approve) to apply")
        cond("Ready", False, "AwaitingApproval")
        return put("AwaitingApproval")
    cond("Approved", True, "Approved")
    secret = plan.target.secret_ref if plan.target else None
    applying = cfg.object_lock("MigrationPlanTarget", namespace, secret or "")
    if not applying.acquire(blocking=False):  # one plan at a time applies to a target, and supersedes are decided
        cond("Ready", False, "Queued", "another MigrationPlan on the same target is being checked or applied")
        put(status.get("phase") or "Pending", message="waiting for another plan on the same target")
        raise Retry("another plan on the same target is being applied", 5)
    try:
        return _apply_approved(cfg, plan, body, status, put, cond, emit, secret)
    finally:
        applying.release()


def _apply_approved(
    cfg: Config,
    plan: Plan,
    body: dict[str, Any],
    status: dict[str, Any],
    put: Callable[..., dict[str, Any]],
    cond: Callable[..., None],
    emit: Emit,
    secret: str | None,
) -> dict[str, Any]:
    """An approved plan, with its target to itself: superseded, queued, or checked and applied."""
    meta = body["metadata"]
    namespace, name = meta["namespace"], meta["name"]
    total = len(plan.operations)
    newer = _newer_plan(namespace, secret, body)
    if status.get("phase") == "Drifted" and newer:
        said = f"superseded by MigrationPlan {newer} on the same target: nothing applied"
        cond("Drifted", False, "Superseded", said)
        cond("Ready", False, "Superseded", said)
        emit("Normal", "Superseded", said)
        return put("Superseded", "Superseded", message=said, finishedAt=now())
    blocker = _older_plan(namespace, secret, body)
    if blocker:
        cond("Ready", False, "Queued", f"waiting for MigrationPlan {blocker} on the same target")
        put("Pending", message=f"waiting for {blocker}")
        raise Retry(f"waiting for {blocker}", 5)
    target = cfg.target(namespace, secret)
    try:
        declarations = cluster.declarations(namespace, target.database)
    except ManifestError as exc:
        cond("Ready", False, "InvalidDeclarations", str(exc))
        put(status.get("phase") or "Pending", message=str(exc))
        raise Retry(str(exc), 30) from None
    status.setdefault("startedAt", now())

    def progress(step: Progress) -> None:
        applied = step.applied()
        if applied is not None:
            status.update(appliedOperations=applied, progress=f"{applied}/{step.total}")
            cluster.patch_status(namespace, "MigrationPlan", name, status)

    started = time.monotonic()

    def took(result: str) -> None:
        metrics.PLAN_SECONDS.labels(result=result).observe(time.monotonic() - started)

    try:
        put("Applying", message="")
        result = apply_plan(
            target, plan, declarations=declarations, allow_destructive=plan.allow_destructive, progress=progress
        )
    except ApplyRefused as exc:
        if exc.reason == "drift":
            tables = [TableDrift(object=k, changes=v) for k, v in exc.drift.items()]
            drift = Drift(summary=f"{len(tables)} object(s) differ from expectedState", tables=tables)
            said = "; ".join(f"{t.object}: {', '.join(t.changes)}" for t in tables)
            cond("Drifted", True, "LiveStateChanged", f"{drift.summary} (expected vs live): {said}; nothing applied")
            cond("Ready", False, "Drifted")
            emit("Warning", "Drifted", str(exc))
            metrics.DRIFT.labels(namespace=namespace).inc()
            took("Drifted")
            return put(
                "Drifted",
                drifted="yes",
                drift=drift.model_dump(by_alias=True),
                message="drift: nothing applied; it applies once the live database matches its expectedState again, "
                "unless a newer plan on the same target supersedes it",
            )
        reason = {"stale": "StalePlan", "destructive": "DestructiveRefused", "forbidden": "NotAllowed"}.get(
            exc.reason, "Refused"
        )
        cond("Ready", False, reason, str(exc))
        emit("Warning", reason, str(exc))
        took(reason)
        return put("Failed", reason, message=str(exc), finishedAt=now())
    except ApplyFailed as exc:
        cond("Ready", False, "OperationFailed", str(exc))
        cond("Succeeded", False, "OperationFailed", str(exc))
        emit("Warning", "OperationFailed", str(exc))
        took("OperationFailed")
        return put(
            "Failed",
            "OperationFailed",
            message=str(exc),
            appliedOperations=exc.index,
            progress=f"{exc.index}/{total}",
            finishedAt=now(),
        )
    except VerificationFailed as exc:
        cond("Ready", False, "VerificationFailed", str(exc))
        emit("Warning", "VerificationFailed", str(exc))
        took("VerificationFailed")
        return put("Failed", "VerificationFailed", message=str(exc), finishedAt=now())
    except TRANSIENT as exc:
        cond("Ready", False, "TargetUnavailable", str(exc))
        put(status.get("phase") or "Pending", message=f"ClickHouse unavailable, retrying: {exc}")
        raise Retry(f"ClickHouse unavailable: {exc}", 10) from None
    took("Succeeded")
    metrics.applied(plan.operations, result.applied)
    cond("Drifted", False, "InSync")
    cond("Succeeded", True, "Applied")
    cond("Ready", True, "Succeeded")
    resumed = f" (resumed at operation {result.resumed_at + 1})" if result.resumed_at else ""
    emit("Normal", "Succeeded", f"{total} operation(s) applied and verified{resumed}")
    return put(
        "Succeeded",
        appliedOperations=total,
        progress=f"{total}/{total}",
        drifted="no",
        drift=None,
        finishedAt=now(),
        message=f"applied and verified{resumed}",
    )


def _approved(namespace: str, secret: str | None) -> list[tuple[str, str, str]]:
    """(creationTimestamp, name, phase) of the approved plans on a target, oldest first."""
    found = []
    for item in cluster.list_objects(namespace, "MigrationPlan"):
        spec, phase = item.get("spec") or {}, (item.get("status") or {}).get("phase")
        if spec.get("approved") and (spec.get("target") or {}).get("secretRef") == secret:
            found.append((item["metadata"].get("creationTimestamp", ""), item["metadata"]["name"], str(phase)))
    return sorted(found)


def _older_plan(namespace: str, secret: str | None, body: dict[str, Any]) -> str | None:
    """The oldest approved, unfinished plan on the same target, if it is not this one. A Drifted plan waits for
    the live database to match it again and holds no one up: a newer plan supersedes it."""
    mine = body["metadata"]["name"]
    waiting = [
        name
        for _, name, phase in _approved(namespace, secret)
        if phase not in TERMINAL and (phase != "Drifted" or name == mine)
    ]
    return waiting[0] if waiting and waiting[0] != mine else None


def _newer_plan(namespace: str, secret: str | None, body: dict[str, Any]) -> str | None:
    """An approved plan on the same target made after this one, waiting, applying or applied (not failed)."""
    meta = body["metadata"]
    mine = (meta.get("creationTimestamp", ""), meta["name"])
    newer = [
        name
        for created, name, phase in _approved(namespace, secret)
        if (created, name) > mine and phase not in ("Failed", "Superseded")
    ]
    return newer[-1] if newer else None


def reconcile_current(
    cfg: Config, kind: str, namespace: str, name: str, emit: Emit, others: Sequence[str] = ()
) -> None:
    """Reconcile the object as the API server has it now (another pass may have changed it meanwhile) and write its
    status; one reconcile of an object at a time."""
    with cfg.object_lock(kind, namespace, name):
        body = cluster.get_object(namespace, kind, name)
        if body is None or body["metadata"].get("deletionTimestamp"):
            return
        status = reconcile_object(scope_of(cfg, namespace), kind, body, emit, others=others)
        if _differs(body.get("status") or {}, status):
            cluster.patch_status(namespace, kind, name, status)


def _differs(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(old.get(k) != v for k, v in new.items())


def _quiet(type_: str, reason: str, message: str) -> None:
    """The check pass posts no Events: the reconcile it leads to does."""


def resync_namespace(cfg: Config, namespace: str, emit: Callable[[dict[str, Any], str, str, str], None]) -> int:
    """Check every declaration of the namespace against one introspection of its database (a constant number of
    queries, whatever the number of objects); reconcile, one by one, only the objects that differ from ClickHouse or
    whose status is out of date. When nothing changed: no DDL, no status patch. Objects whose status is not at their
    generation yet are left to the event handlers (kopf hands every spec change to reconcile_current, and retries
    it). Returns the objects reconciled."""
    items = [
        (kind, item)
        for kind in SPEC_KINDS
        for item in cluster.list_objects(namespace, kind)
        if not item["metadata"].get("deletionTimestamp")
    ]
    if not items:
        return 0
    scope = scope_of(cfg, namespace)
    models: dict[str, OlapTable | MaterializedView | View] = {}
    for kind, item in items:
        try:
            models[f"{kind}/{item['metadata']['name']}"] = _model(item, kind, scope.target.database)
        except ManifestError:
            continue  # its check below reports InvalidSpec
    declaring: dict[str, list[str]] = {}
    for name, m in models.items():
        declaring.setdefault(object_key(m), []).append(name)
    conflicts = {k: v for k, v in declaring.items() if len(v) > 1}
    managed = [
        (f"{namespace}/{name.split('/', 1)[1]}", m)
        for name, m in models.items()
        if m.life_cycle != LifeCycle.EXTERNALLY_MANAGED and object_key(m) not in conflicts
    ]
    touched, faulty = _namespace_changes(scope.target, managed)
    faulty |= set(conflicts)

    def others_of(kind: str, item: dict[str, Any]) -> list[str]:
        model = models.get(f"{kind}/{item['metadata']['name']}")
        names = conflicts.get(object_key(model), []) if model is not None else []
        return [n for n in names if n != f"{kind}/{item['metadata']['name']}"]

    stale = []
    for kind, item in items:
        if (item.get("status") or {}).get("observedGeneration") != item["metadata"].get("generation"):
            continue  # a change kopf has yet to hand to reconcile_current (or is retrying): not the resync's
        model = models.get(f"{kind}/{item['metadata']['name']}")
        if model is None or object_key(model) not in touched or object_key(model) in faulty:
            # faulty: its own reconcile reports what is wrong; reconciled again only when that report changes
            quiet = model is not None and object_key(model) in faulty
            status = reconcile_object(scope, kind, item, _quiet, in_sync=not quiet, others=others_of(kind, item))
            if not _differs(item.get("status") or {}, status):
                continue
        stale.append((kind, item))
    for kind, item in stale:
        try:
            reconcile_current(
                cfg, kind, namespace, item["metadata"]["name"], functools.partial(emit, item), others_of(kind, item)
            )
        except (Retry, ApiException) as exc:
            log.info("resync %s/%s %s: %s", namespace, item["metadata"]["name"], kind, exc)
    return len(stale)


Declared = tuple[str, OlapTable | MaterializedView | View]  # (where, model)


def _namespace_changes(target: Target, managed: list[Declared]) -> tuple[set[str], set[str]]:
    """(objects that differ from ClickHouse, objects whose declaration is refused), from one namespace-wide
    check; an object at fault is set aside and the check repeated without it, so that one bad object never
    stops the others."""
    remaining = {object_key(m): (where, m) for where, m in managed}
    faulty: set[str] = set()
    while remaining:
        try:
            found = changes(target, snapshot_of(remaining.values()), set(remaining))
            return set().union(*(op.subjects() for op in found.operations), found.unhealthy), faulty
        except (ManifestError, SpecError) as exc:
            culprits = set(getattr(exc, "keys", frozenset())) & set(remaining)
            if not culprits or isinstance(exc, MissingDependency):
                return set(remaining) | faulty, faulty  # each object's own reconcile says what is wrong
            faulty |= culprits
            for k in culprits:
                del remaining[k]
        except TRANSIENT as exc:
            raise Retry(f"ClickHouse unavailable: {exc}", 10) from None
    return faulty, faulty


def plan_for_cluster(target: Target, namespace: str, name: str | None) -> Plan:
    """`olapctl plan --from-cluster`: the namespace's declarations against the live database."""
    return make_plan(target, cluster.declarations(namespace, target.database), name)
