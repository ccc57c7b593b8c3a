"""What the operator does for a MigrationPlan: validate -> AwaitingApproval -> (approved) queue, stale and drift
checks -> Applying -> Succeeded / Failed, or Drifted (applies once the live database matches its expectedState
again) / Superseded (a newer approved plan on the same target). `reconcile_plan` decides; `run_plan` publishes."""

from __future__ import annotations

import time
from typing import Any

from olapctl.engine.executor import ApplyFailed, ApplyRefused, Progress, VerificationFailed, apply_plan, check_plan
from olapctl.k8s import metrics
from olapctl.k8s.reconcile import TRANSIENT, Config, Emit, publish, write_status
from olapctl.k8s.status import TERMINAL, Decision, Drift, Phase, PlanStatus, Reason, TableDrift
from olapctl.manifests import ManifestError
from olapctl.plan.operations import plan_risk
from olapctl.plan.planfile import Plan, PlanError, plan_from_spec

KIND = "MigrationPlan"
REFUSALS = {"stale": Reason.STALE_PLAN, "destructive": Reason.DESTRUCTIVE_REFUSED, "forbidden": Reason.NOT_ALLOWED}


def run_plan(cfg: Config, body: dict[str, Any], emit: Emit) -> PlanStatus:
    """Reconcile the plan and publish the decision (raises Retry when it must run again). Returns its status."""
    decision = reconcile_plan(cfg, body)
    publish(cfg.api, KIND, body, decision, emit)
    return decision.status


def _again(decision: Decision[PlanStatus], message: str, delay: float) -> Decision[PlanStatus]:
    decision.retry, decision.retry_message = delay, message
    return decision


def reconcile_plan(cfg: Config, body: dict[str, Any]) -> Decision[PlanStatus]:
    """The plan's next state. Applying it writes progress as it goes; everything else is in the decision."""
    meta, spec = body["metadata"], body.get("spec") or {}
    namespace, name, generation = meta["namespace"], meta["name"], meta.get("generation")
    status: PlanStatus = PlanStatus.of(body)
    decision = Decision(status)
    if status.final_at(generation):
        return decision
    status.observed_generation = generation
    try:
        plan = plan_from_spec(name, spec, f"{namespace}/{name}", namespace)
        check_plan(plan)
    except (PlanError, ApplyRefused) as exc:
        decision.events.append(status.invalid(str(exc)))
        return decision
    status.observe(len(plan.operations), plan.content_hash(), plan_risk(plan.operations))
    if not plan.approved:
        status.awaiting_approval()
        return decision
    status.approved()
    secret = plan.target.secret_ref if plan.target else None
    applying = cfg.object_lock("MigrationPlanTarget", namespace, secret or "")
    if not applying.acquire(blocking=False):  # one plan at a time applies to a target, and supersedes are decided
        status.queued(
            "another MigrationPlan on the same target is being checked or applied",
            "waiting for another plan on the same target",
        )
        return _again(decision, "another plan on the same target is being applied", 5)
    try:
        return _apply_approved(cfg, plan, body, decision, secret)
    finally:
        applying.release()


def _apply_approved(
    cfg: Config, plan: Plan, body: dict[str, Any], decision: Decision[PlanStatus], secret: str | None
) -> Decision[PlanStatus]:
    """An approved plan, with its target to itself: superseded, queued, or checked and applied."""
    status = decision.status
    assert isinstance(status, PlanStatus)
    namespace = body["metadata"]["namespace"]
    newer = _newer_plan(cfg, namespace, secret, body)
    if status.phase == Phase.DRIFTED and newer:
        decision.events.append(status.superseded(newer))
        return decision
    blocker = _older_plan(cfg, namespace, secret, body)
    if blocker:
        status.queued(f"waiting for MigrationPlan {blocker} on the same target", f"waiting for {blocker}")
        return _again(decision, f"waiting for {blocker}", 5)
    target = cfg.target(namespace, secret)
    try:
        declarations = cfg.api.declarations(namespace, target.database)
    except ManifestError as exc:
        status.declarations_invalid(str(exc))
        return _again(decision, str(exc), 30)

    def progress(step: Progress) -> None:
        applied = step.applied()
        if applied is not None:
            status.progressed(applied)
        if step.event == "checked" and status.phase != Phase.APPLYING:
            status.applying()
        elif applied is None:
            return
        write_status(cfg.api, KIND, body, status.document())

    started = time.monotonic()

    def took(result: str) -> Decision[PlanStatus]:
        metrics.PLAN_SECONDS.labels(result=result).observe(time.monotonic() - started)
        return decision

    try:
        # A Drifted plan is checked again at each resync: it says Applying only once its checks pass (progress
        # "checked"), not for the moment of each check; while still drifted its status is not written at all.
        if status.phase != Phase.DRIFTED:
            status.applying()
            write_status(cfg.api, KIND, body, status.document())
        result = apply_plan(
            target, plan, declarations=declarations, allow_destructive=plan.allow_destructive, progress=progress
        )
    except ApplyRefused as exc:
        if exc.reason == "drift":
            tables = [TableDrift(object=k, changes=v) for k, v in exc.drift.items()]
            drift = Drift(summary=f"{len(tables)} object(s) differ from expectedState", tables=tables)
            decision.events.append(status.drifted_from(drift, str(exc)))
            metrics.DRIFT.labels(namespace=namespace).inc()
            return took(Reason.DRIFTED)
        reason = REFUSALS.get(exc.reason, Reason.REFUSED)
        decision.events.append(status.refused(reason, str(exc)))
        return took(reason)
    except ApplyFailed as exc:
        decision.events.append(status.operation_failed(exc.index, str(exc)))
        return took(Reason.OPERATION_FAILED)
    except VerificationFailed as exc:
        decision.events.append(status.refused(Reason.VERIFICATION_FAILED, str(exc)))
        return took(Reason.VERIFICATION_FAILED)
    except TRANSIENT as exc:
        status.unavailable(str(exc))
        return _again(decision, f"ClickHouse unavailable: {exc}", 10)
    metrics.applied(plan.operations, result.applied)
    decision.events.append(status.succeeded(result.resumed_at))
    return took(Reason.SUCCEEDED)


def _approved(cfg: Config, namespace: str, secret: str | None) -> list[tuple[str, str, str]]:
    """(creationTimestamp, name, phase) of the approved plans on a target, oldest first."""
    found = []
    for item in cfg.api.list_objects(namespace, KIND):
        spec, phase = item.get("spec") or {}, (item.get("status") or {}).get("phase")
        if spec.get("approved") and (spec.get("target") or {}).get("secretRef") == secret:
            found.append((item["metadata"].get("creationTimestamp", ""), item["metadata"]["name"], str(phase)))
    return sorted(found)


def _older_plan(cfg: Config, namespace: str, secret: str | None, body: dict[str, Any]) -> str | None:
    """The oldest approved, unfinished plan on the same target, if it is not this one. A Drifted plan waits for
    the live database to match it again and holds no one up: a newer plan supersedes it."""
    mine = body["metadata"]["name"]
    waiting = [
        name
        for _, name, phase in _approved(cfg, namespace, secret)
        if phase not in TERMINAL and (phase != Phase.DRIFTED or name == mine)
    ]
    return waiting[0] if waiting and waiting[0] != mine else None


def _newer_plan(cfg: Config, namespace: str, secret: str | None, body: dict[str, Any]) -> str | None:
    """An approved plan on the same target made after this one, waiting, applying or applied (not failed)."""
    meta = body["metadata"]
    mine = (meta.get("creationTimestamp", ""), meta["name"])
    newer = [
        name
        for created, name, phase in _approved(cfg, namespace, secret)
        if (created, name) > mine and phase not in (Phase.FAILED, Phase.SUPERSEDED)
    ]
    return newer[-1] if newer else None
