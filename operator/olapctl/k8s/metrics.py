"""Prometheus metrics of the operator (prometheus_client); served by `olapctl operator --metrics-port N`."""

from __future__ import annotations

from prometheus_client import Counter, Histogram, start_http_server

from olapctl.k8s.status import ObjectStatus, Phase, PlanStatus
from olapctl.plan import operations as o

RECONCILES = Counter("olapctl_reconciles_total", "Reconciles of declarations and plans", ["kind", "mode", "result"])
OPERATIONS = Counter("olapctl_operations_applied_total", "Operations applied to ClickHouse", ["type", "risk"])
PLAN_SECONDS = Histogram(
    "olapctl_plan_duration_seconds",
    "Time to run an approved MigrationPlan, checks and verification included",
    ["result"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800),
)
DRIFT = Counter("olapctl_drift_detected_total", "Plans refused because the live database drifted", ["namespace"])
RESYNC_SECONDS = Histogram(
    "olapctl_resync_seconds",
    "One resync pass over every watched namespace (one introspection per namespace)",
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120),
)
RESYNC_RECONCILES = Counter(
    "olapctl_resync_reconciles_total", "Objects a resync found out of date and reconciled (0 while all is in sync)"
)
ERRORS = Counter("olapctl_errors_total", "Failures by reason (the condition reason shown in status)", ["reason"])


def applied(ops: list[o.Op], indexes: list[int]) -> None:
    for i in indexes:
        OPERATIONS.labels(type=ops[i].kind, risk=o.risk(ops[i])).inc()


def counted(kind: str, status: ObjectStatus | PlanStatus, before: str | None) -> None:
    """A published decision: objects count each reconcile by its Ready reason; plans count phase changes."""
    ready = status.get("Ready")
    reason = ready.reason if ready else ""
    if isinstance(status, PlanStatus):
        if status.phase is None or status.phase == before:
            return
        RECONCILES.labels(kind=kind, mode="", result=status.phase).inc()
        if status.phase in (Phase.FAILED, Phase.DRIFTED):
            ERRORS.labels(reason=reason or status.phase).inc()
        return
    RECONCILES.labels(kind=kind, mode=status.mode or "", result=reason).inc()
    if ready is None or ready.status != "True":
        ERRORS.labels(reason=reason).inc()


def serve(port: int, address: str = "0.0.0.0") -> None:
    start_http_server(port, addr=address)
