"""What the operator does for an OlapTable, MaterializedView or View, independent of kopf's plumbing: decide the
status and Events (a Decision, written by `publish`), apply in dev mode, resync a namespace. The API server is
reached through `Config.api` (the `cluster` module; tests may give an in-memory one)."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from clickhouse_connect.driver.exceptions import OperationalError
from kubernetes.client.exceptions import ApiException

from olapctl.clickhouse.connect import Target, TargetError, connect
from olapctl.clickhouse.introspect import introspect, unhealthy
from olapctl.clickhouse.normalize import MissingDependency, SpecError
from olapctl.clickhouse.tenancy import NotAllowed, check_databases
from olapctl.engine.assess import assess
from olapctl.engine.executor import ApplyFailed, ApplyRefused, VerificationFailed, apply_plan
from olapctl.engine.planning import changes, make_plan
from olapctl.k8s import cluster, metrics
from olapctl.k8s.batching import Batches
from olapctl.k8s.status import Decision, Drift, Event, ObjectStatus, PlanStatus, Reason
from olapctl.manifests import SPEC_KINDS, Declared, ManifestError, snapshot_of, spec_from_manifest
from olapctl.plan.describe import describe
from olapctl.plan.operations import Op
from olapctl.plan.planfile import Plan
from olapctl.schema.model import LifeCycle, MaterializedView, OlapTable, Snapshot, View, databases_of, key

Emit = Callable[[str, str, str], None]  # (type, reason, message)
log = logging.getLogger("olapctl")


class Retry(Exception):
    """A transient fault: try again after `delay` seconds; status already says why."""

    def __init__(self, message: str, delay: float) -> None:
        super().__init__(message)
        self.delay = delay


class Unavailable(Retry):
    """ClickHouse cannot be reached: every object on the same target fails alike (handlers.retry_delay)."""


Job = tuple[str, dict[str, Any], Sequence[str]]  # kind, body, the other objects declaring the same table


class Api(Protocol):
    """What the operator asks of the API server (module `cluster` is the real one)."""

    def namespace_mode(self, namespace: str) -> str: ...
    def list_objects(self, namespace: str, kind: str) -> list[dict[str, Any]]: ...
    def get_object(self, namespace: str, kind: str, name: str) -> dict[str, Any] | None: ...
    def declarations(self, namespace: str, default_database: str) -> Snapshot: ...
    def target_url(self, namespace: str, secret_name: str | None, default_target: str | None) -> str: ...
    def patch_status(self, namespace: str, kind: str, name: str, status: dict[str, Any]) -> None: ...


@dataclass(frozen=True, eq=False)
class Quiet:
    """What a resync pass that found nothing to do saw: every object (kind, name, resourceVersion), the namespace's
    mode and target, and the live state of the objects it declares (introspect's models, which the target already
    holds: no copy). A pass that sees all of it again would do nothing again."""

    objects: tuple[tuple[str, str, str], ...]
    mode: str
    target: Target
    only: frozenset[str]
    live: Snapshot


@dataclass
class Config:
    default_target: str | None = None
    resync: float = 30.0
    api: Api = field(default=cluster)
    _targets: dict[str, Target] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _object_locks: dict[str, threading.Lock] = field(default_factory=dict)
    batches: Batches[Job, Decision[ObjectStatus]] = field(default_factory=Batches)
    quiet: dict[str, Quiet] = field(default_factory=dict)  # namespace -> its last resync pass that did nothing

    def object_lock(self, kind: str, namespace: str, name: str) -> threading.Lock:
        """kopf handlers, plan timers and the resync thread may meet on one object: one reconcile of it at a time."""
        with self._lock:
            return self._object_locks.setdefault(f"{kind}/{namespace}/{name}", threading.Lock())

    def target(self, namespace: str, secret_ref: str | None = None) -> Target:
        try:
            url = self.api.target_url(namespace, secret_ref, self.default_target)
        except cluster.TargetSecretError as exc:
            raise Retry(str(exc), 30) from None
        with self._lock:
            if url not in self._targets:
                try:
                    self._targets[url] = connect(url)
                except (TargetError, OperationalError) as exc:
                    raise Unavailable(f"ClickHouse unavailable: {exc}", 10) from None
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
    return Scope(namespace, cfg.api.namespace_mode(namespace), cfg.target(namespace, None))


def _started(scope: Scope, body: dict[str, Any]) -> Decision[ObjectStatus]:
    """A decision about the object at its generation, its status as it was until then."""
    status: ObjectStatus = ObjectStatus.of(body)
    status.observed_generation = body["metadata"].get("generation")
    status.mode = "dev" if scope.mode == "dev" else "prod"
    return Decision(status)


def reconcile_object(
    scope: Scope,
    kind: str,
    body: dict[str, Any],
    in_sync: bool = False,
    others: Sequence[str] = (),
    model: OlapTable | MaterializedView | View | None = None,
) -> Decision[ObjectStatus]:
    """Dev: make ClickHouse match the object. Prod: report what a plan would have to do.
    `in_sync`: a namespace-wide introspection just found nothing to do for this object; ClickHouse is not asked.
    `others`: other objects of the namespace declaring the same table ('Kind/name'): then nothing is done.
    `model`: the body's declaration, when the caller has parsed it already."""
    meta = body["metadata"]
    namespace, generation = meta["namespace"], meta.get("generation")
    decision = _started(scope, body)
    status, mode, target = decision.status, scope.mode, scope.target

    def not_ready(
        reason: Reason, message: str, synced: bool | None = None, retry: float | None = None, why: str = ""
    ) -> Decision[ObjectStatus]:
        event = status.set_not_ready(reason, message, synced)
        if reason not in (Reason.WAITING_FOR_DEPENDENCY, Reason.TARGET_UNAVAILABLE, Reason.UNHEALTHY):
            decision.events.append(event)
        decision.retry, decision.retry_message = retry, why or message
        return decision

    try:
        model = model or _model(body, kind, target.database)
    except ManifestError as exc:
        return not_ready(Reason.INVALID_SPEC, one_line(exc))
    status.table, status.database = model.name, model.database
    if others:
        return not_ready(
            Reason.CONFLICT,
            f"{object_key(model)} is also declared by {', '.join(others)} in namespace {namespace}: one object per "
            "table; nothing applied until only one declares it",
        )
    if model.life_cycle == LifeCycle.EXTERNALLY_MANAGED:
        message = "lifeCycle ExternallyManaged: never touched"
        status.set_ready(Reason.EXTERNALLY_MANAGED, None, Reason.EXTERNALLY_MANAGED, message)
        return decision
    only = {object_key(model)}
    desired = snapshot_of([(f"{namespace}/{meta['name']}", model)])
    try:
        if in_sync:  # keep saying what the last change applied, so an unchanged object's status stays unchanged
            status.pending_operations = []
            if mode == "prod":
                status.drift = Drift()
            ready = status.get("Ready")
            applied = ready is not None and ready.reason == Reason.APPLIED and ready.observed_generation == generation
            status.set_ready(Reason.APPLIED if applied and mode == "dev" else Reason.IN_SYNC, True, Reason.IN_SYNC)
            return decision
        if mode == "dev":
            plan = make_plan(target, desired, f"dev-{namespace}-{meta['name']}", only)
            if plan.operations:
                applied = apply_plan(target, plan, allow_destructive=True, only=only, planned_now=True).applied
                metrics.applied(plan.operations, applied)
            if not plan.problems:
                return _applied(decision, plan.operations)
            _ran(decision, plan.operations)  # applied, yet the object does not work: both are said
            return not_ready(Reason.UNHEALTHY, "; ".join(plan.problems), synced=False)
        found = changes(target, desired, only)
        findings = {f.index: f.reason for f in assess(target, found.operations)}
        lines = describe(found.operations, with_risk=True, findings=findings).splitlines() + found.notes
        status.pending_operations = lines + found.problems()
        status.drift = Drift(summary=f"{len(found.operations)} operation(s) pending" if found.operations else "")
        if found.unhealthy and not found.operations:
            return not_ready(Reason.UNHEALTHY, "; ".join(found.problems()), synced=False)
        if found.operations:
            status.set_ready(Reason.AWAITING_PLAN, False, Reason.PENDING_PLAN, "prod: apply a reviewed MigrationPlan")
        else:
            status.set_ready(Reason.IN_SYNC, True, Reason.IN_SYNC)
        return decision
    except MissingDependency as exc:
        return not_ready(Reason.WAITING_FOR_DEPENDENCY, str(exc), synced=False, retry=5)
    except NotAllowed as exc:
        return not_ready(Reason.NOT_ALLOWED, f"refused, nothing applied: {one_line(exc)}")
    except SpecError as exc:
        return not_ready(Reason.INVALID_SPEC, one_line(exc))
    except (ApplyFailed, ApplyRefused, VerificationFailed) as exc:
        # often a dependency declared in the same `kubectl apply` (an MV's source table): retry soon
        return not_ready(Reason.APPLY_FAILED, str(exc), synced=False, retry=5)
    except TRANSIENT as exc:
        return not_ready(Reason.TARGET_UNAVAILABLE, str(exc), retry=10, why=f"ClickHouse unavailable: {exc}")


def _ran(decision: Decision[ObjectStatus], operations: list[Op]) -> None:
    """Dev: `operations` (the object's own) ran: said in its status and an Event; nothing is pending."""
    if operations:
        text = describe(operations)
        decision.status.last_applied_operations = text.splitlines()
        decision.events.append(Event("Normal", Reason.APPLIED, text))
    decision.status.pending_operations = []


def _applied(decision: Decision[ObjectStatus], operations: list[Op]) -> Decision[ObjectStatus]:
    """Dev: the object is as declared once `operations` (its own) ran."""
    _ran(decision, operations)
    decision.status.set_ready(Reason.APPLIED if operations else Reason.IN_SYNC, True, Reason.IN_SYNC)
    return decision


def reconcile_objects(scope: Scope, jobs: list[Job]) -> list[Decision[ObjectStatus]]:
    """reconcile_object for each job; in dev mode, the objects that only need their own DDL are planned and
    applied together, in one plan: one introspection and one verification for all of them. Should that plan fail,
    each object is reconciled alone, as if there had been no batch, and what the batch ran for it is its news."""
    together = _plannable_together(scope, jobs)
    ran: list[Op] = []
    done = False
    if together:
        only = {object_key(m) for m in together.values()}
        declared = [(f"{scope.namespace}/{jobs[i][1]['metadata']['name']}", m) for i, m in together.items()]
        plan: Plan | None = None
        try:
            plan = make_plan(scope.target, snapshot_of(declared), f"dev-{scope.namespace}-batch", only)
            if not plan.problems:
                applied = apply_plan(scope.target, plan, allow_destructive=True, only=only, planned_now=True).applied
                metrics.applied(plan.operations, applied)
                ran, done = plan.operations, True
        except ApplyFailed as exc:
            assert plan is not None
            ran = plan.operations[: exc.index]
            metrics.applied(plan.operations, list(range(exc.index)))
        except Exception as exc:  # each object's own reconcile below says what is wrong
            log.info("%d objects of %s planned together: %s; each is reconciled alone", len(only), scope.namespace, exc)
    decisions = []
    for i, (kind, body, others) in enumerate(jobs):
        model = together.get(i)
        mine = [op for op in ran if model is not None and object_key(model) in op.subjects()]
        if done and model is not None:
            decision = _started(scope, body)
            decision.status.table, decision.status.database = model.name, model.database
            decisions.append(_applied(decision, mine))
            continue
        decision = reconcile_object(scope, kind, body, others=others)
        ready = decision.status.get("Ready")
        if mine and ready is not None and ready.reason == Reason.IN_SYNC:
            decision.events.clear()
            _applied(decision, mine)
        decisions.append(decision)
    return decisions


def _plannable_together(scope: Scope, jobs: list[Job]) -> dict[int, OlapTable | MaterializedView | View]:
    """The jobs (by index) that may go in one dev plan: declarations that parse, managed, declared once. Fewer than
    two: none."""
    if scope.mode != "dev" or len(jobs) < 2:
        return {}
    found: dict[int, OlapTable | MaterializedView | View] = {}
    for i, (kind, body, others) in enumerate(jobs):
        try:
            model = _model(body, kind, scope.target.database)
        except ManifestError:
            continue
        if not others and model.life_cycle != LifeCycle.EXTERNALLY_MANAGED:
            found[i] = model
    if len(found) < 2 or len({object_key(m) for m in found.values()}) != len(found):
        return {}  # two objects of the batch declaring one table: each reports it alone
    return found


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
        emit("Warning", Reason.NOT_ALLOWED, f"nothing dropped: {one_line(exc)}")
        return
    if model.life_cycle != LifeCycle.FULLY_MANAGED or scope.mode != "dev":
        emit(
            "Normal",
            Reason.KEPT,
            f"{object_key(model)} kept in ClickHouse (lifeCycle {model.life_cycle.value}, mode {scope.mode})",
        )
        return
    only = {object_key(model)}
    try:
        plan = make_plan(target, Snapshot(), f"dev-delete-{namespace}-{meta['name']}", only)
        apply_plan(target, plan, allow_destructive=True, only=only, planned_now=True)
    except TRANSIENT as exc:
        raise Unavailable(f"ClickHouse unavailable: {exc}", 10) from None
    emit("Normal", Reason.DROPPED, describe(plan.operations))


def reconcile_current(
    cfg: Config, kind: str, namespace: str, name: str, emit: Emit, others: Sequence[str] = ()
) -> None:
    """Reconcile the object as the API server has it now (another pass may have changed it meanwhile) and publish
    the decision; one reconcile of an object at a time. The objects of a namespace reconciled meanwhile by other
    threads wait and go together in the next batch (`reconcile_objects`)."""
    with cfg.object_lock(kind, namespace, name):
        body = cfg.api.get_object(namespace, kind, name)
        if body is None or body["metadata"].get("deletionTimestamp"):
            return
        decision = cfg.batches.run(
            namespace, (kind, body, others), lambda jobs: reconcile_objects(scope_of(cfg, namespace), jobs)
        )
        publish(cfg.api, kind, body, decision, emit)


def publish(
    api: Api, kind: str, body: dict[str, Any], decision: Decision[ObjectStatus] | Decision[PlanStatus], emit: Emit
) -> None:
    """The one writer of status: write what changed, post the Events, count, and raise Retry when asked to."""
    old, new = body.get("status") or {}, decision.status.document()
    if _differs(old, new):
        write_status(api, kind, body, new)
    for event in decision.events:
        emit(event.type, event.reason, event.message)
    metrics.counted(kind, decision.status, old.get("phase"))
    if decision.retry is not None:
        ready = decision.status.get("Ready")
        unavailable = ready is not None and ready.reason == Reason.TARGET_UNAVAILABLE
        raise (Unavailable if unavailable else Retry)(decision.retry_message, decision.retry)


def write_status(api: Api, kind: str, body: dict[str, Any], document: dict[str, Any]) -> None:
    """Write a status document (publish's, and a running plan's progress)."""
    api.patch_status(body["metadata"]["namespace"], kind, body["metadata"]["name"], document)


def _differs(old: dict[str, Any], new: dict[str, Any]) -> bool:
    return any(old.get(k) != v for k, v in new.items())


def resync_namespace(cfg: Config, namespace: str, emit: Callable[[dict[str, Any], str, str, str], None]) -> int:
    """Check every declaration of the namespace against one introspection of its database (a constant number of
    queries, whatever the number of objects); reconcile, one by one, only the objects that differ from ClickHouse or
    whose status is out of date. When nothing changed: no DDL, no status patch. While an object's status is not at
    its generation, the namespace is left to the event handlers (kopf hands every spec change to reconcile_current,
    and retries it): a thousand objects being created would otherwise be planned again by every pass, for nothing.
    When no object changed (resourceVersions) since a pass that found nothing to do, and neither did the live state
    of what they declare nor its health, the declarations are not parsed and planned again: that pass's answer
    stands (`Quiet`). Returns the objects reconciled."""
    items = [
        (kind, item)
        for kind in SPEC_KINDS
        for item in cfg.api.list_objects(namespace, kind)
        if not item["metadata"].get("deletionTimestamp")
    ]
    pending = sum(1 for _, item in items if not _at_generation(item))
    if pending:
        log.info(
            "resync %s: %d object(s) not reconciled at their generation yet: left to their handlers", namespace, pending
        )
    if pending or not items:
        cfg.quiet.pop(namespace, None)
        return 0
    scope = scope_of(cfg, namespace)
    objects = tuple(
        (kind, str(item["metadata"]["name"]), str(item["metadata"]["resourceVersion"])) for kind, item in items
    )
    last = cfg.quiet.pop(namespace, None)
    if last is not None and (last.objects, last.mode) == (objects, scope.mode) and last.target is scope.target:
        try:
            if _still_quiet(scope.target, last):
                cfg.quiet[namespace] = last
                return 0
        except TRANSIENT as exc:
            raise Unavailable(f"ClickHouse unavailable: {exc}", 10) from None
        except (ManifestError, SpecError):
            pass  # a live object olapctl cannot read any more: the full pass below says which and why
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
    touched, faulty, live = _namespace_changes(scope.target, managed)
    faulty |= set(conflicts)

    def others_of(kind: str, item: dict[str, Any]) -> list[str]:
        model = models.get(f"{kind}/{item['metadata']['name']}")
        names = conflicts.get(object_key(model), []) if model is not None else []
        return [n for n in names if n != f"{kind}/{item['metadata']['name']}"]

    stale = []
    for kind, item in items:
        model = models.get(f"{kind}/{item['metadata']['name']}")
        if model is None or object_key(model) not in touched or object_key(model) in faulty:
            # faulty: its own reconcile reports what is wrong; reconciled again only when that report changes
            quiet = model is not None and object_key(model) in faulty
            checked = reconcile_object(scope, kind, item, in_sync=not quiet, others=others_of(kind, item), model=model)
            if not _differs(item.get("status") or {}, checked.status.document()):  # its Events: when reconciled
                continue
        stale.append((kind, item))
    if not stale and not touched and not faulty and live is not None:
        only = frozenset(object_key(m) for _, m in managed)
        cfg.quiet[namespace] = Quiet(objects, scope.mode, scope.target, only, live)
    for kind, item in stale:
        try:
            reconcile_current(
                cfg, kind, namespace, item["metadata"]["name"], functools.partial(emit, item), others_of(kind, item)
            )
        except (Retry, ApiException) as exc:
            log.info("resync %s/%s %s: %s", namespace, item["metadata"]["name"], kind, exc)
    return len(stale)


def _still_quiet(target: Target, last: Quiet) -> bool:
    """The live state of what `last` saw declared is as it was then, and nothing of it is unhealthy (a mutation
    stuck, a view whose SELECT no longer runs): what changes() would find is what it found then, nothing. The
    objects read from the fingerprints each pass (introspect): only what changed is read again. Read as changes()
    reads it, so that the two compare."""
    if not last.only:
        return True
    databases = databases_of(last.only)
    live = introspect(target, databases, set(last.only))
    return live == last.live and not unhealthy(target, databases, set(last.only), live)


def _at_generation(item: dict[str, Any]) -> bool:
    return bool((item.get("status") or {}).get("observedGeneration") == item["metadata"].get("generation"))


def _namespace_changes(target: Target, managed: list[Declared]) -> tuple[set[str], set[str], Snapshot | None]:
    """(objects that differ from ClickHouse, objects whose declaration is refused, the live state read when no
    object was refused), from one namespace-wide check; an object at fault is set aside and the check repeated
    without it, so that one bad object never stops the others."""
    remaining = {object_key(m): (where, m) for where, m in managed}
    faulty: set[str] = set()
    while remaining:
        try:
            found = changes(target, snapshot_of(remaining.values()), set(remaining))
            touched = set().union(*(op.subjects() for op in found.operations), found.unhealthy)
            return touched, faulty, None if faulty else found.live
        except (ManifestError, SpecError) as exc:
            culprits = set(getattr(exc, "keys", frozenset())) & set(remaining)
            if not culprits or isinstance(exc, MissingDependency):
                return set(remaining) | faulty, faulty, None  # each object's own reconcile says what is wrong
            faulty |= culprits
            for k in culprits:
                del remaining[k]
        except TRANSIENT as exc:
            raise Unavailable(f"ClickHouse unavailable: {exc}", 10) from None
    return faulty, faulty, None if faulty else Snapshot()


def plan_for_cluster(target: Target, namespace: str, name: str | None) -> Plan:
    """`olapctl plan --from-cluster`: the namespace's declarations against the live database."""
    return make_plan(target, cluster.declarations(namespace, target.database), name)
