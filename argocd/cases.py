"""The health expected for objects the operator produced in real scenarios.

e2e/test_argocd_health.py drives each scenario against a real kube-apiserver and the operator, captures the object
with `kubectl get -o json` into resource_customizations/olapctl.dev/KIND/testdata/NAME.yaml (Argo CD's layout) and
checks its health; tests/test_argocd_lua.py checks the same
expectations on the saved files, without a cluster.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CUSTOMIZATIONS = Path(__file__).resolve().parent / "resource_customizations" / "olapctl.dev"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    scenario: str
    status: str
    says: tuple[str, ...]  # each must appear in the health message

    @property
    def path(self) -> Path:
        """Where Argo CD's layout keeps a health check's inputs: resource_customizations/GROUP/KIND/testdata/."""
        return CUSTOMIZATIONS / self.kind / "testdata" / f"{self.name}.yaml"


CASES = {
    case.name: case
    for case in [
        Case(
            "olaptable-dev-synced",
            "OlapTable",
            "dev namespace: kubectl apply, the operator created the table",
            "Healthy",
            (".events in sync (dev)",),
        ),
        Case(
            "olaptable-dev-invalid-type",
            "OlapTable",
            "dev namespace: a column of type Strng, Ready=False InvalidSpec",
            "Degraded",
            ("InvalidSpec: ", "invalid ClickHouse type 'Strng'"),
        ),
        Case(
            "olaptable-dev-apply-failed",
            "OlapTable",
            "dev namespace: a Nullable sorting key, which no plan-time check sees; ClickHouse refuses the table",
            "Degraded",
            ("ApplyFailed: ", "allow_nullable_key"),
        ),
        Case(
            "olaptable-dev-externally-managed",
            "OlapTable",
            "dev namespace: lifeCycle ExternallyManaged, never touched",
            "Healthy",
            ("lifeCycle ExternallyManaged",),
        ),
        Case(
            "materializedview-dev-synced",
            "MaterializedView",
            "dev namespace: source table, target table and materialized view applied together",
            "Healthy",
            (".events_per_day in sync (dev)",),
        ),
        Case(
            "materializedview-dev-waiting-for-dependency",
            "MaterializedView",
            "dev namespace: a materialized view applied without the tables it reads and writes",
            "Progressing",
            ("WaitingForDependency: ", ".events, which is neither declared nor in the database"),
        ),
        Case(
            "materializedview-prod-waiting-for-dependency",
            "MaterializedView",
            "prod namespace, examples/gitops synced wave by wave: the view's source table is declared but waits for "
            "its MigrationPlan, so the view too waits for that plan (Synced=False PendingPlan)",
            "Healthy",
            ("operation(s) pending, waiting for a reviewed MigrationPlan (prod)",),
        ),
        Case(
            "view-dev-synced",
            "View",
            "dev namespace: a view over a table",
            "Healthy",
            (".recent_events in sync (dev)",),
        ),
        Case(
            "olaptable-dev-generation-unobserved",
            "OlapTable",
            "dev namespace: in sync at generation 1, ClickHouse unreachable, a column added with kubectl apply",
            "Progressing",
            ("waiting for the olapctl operator to observe generation 2", "status is for generation 1"),
        ),
        Case(
            "olaptable-target-unavailable",
            "OlapTable",
            "ClickHouse failing in the middle of a reconcile (fault injected into the client; the status is written by "
            "the operator's reconcile code): Ready=False TargetUnavailable",
            "Progressing",
            ("ClickHouse unavailable, the operator retries", "TargetUnavailable: "),
        ),
        Case(
            "olaptable-prod-pending-plan",
            "OlapTable",
            "prod namespace: declared, never applied, Synced=False PendingPlan",
            "Healthy",
            ("1 operation(s) pending, waiting for a reviewed MigrationPlan (prod)",),
        ),
        Case(
            "olaptable-prod-synced",
            "OlapTable",
            "prod namespace: in sync once its MigrationPlan Succeeded",
            "Healthy",
            (".events in sync (prod)",),
        ),
        Case(
            "migrationplan-awaiting-approval",
            "MigrationPlan",
            "prod namespace: olapctl plan --from-cluster, kubectl apply, not approved",
            "Suspended",
            ("awaiting approval of 2 operation(s)", "spec.approved: true", "olapctl approve release-1 -n "),
        ),
        Case(
            "migrationplan-succeeded",
            "MigrationPlan",
            "prod namespace: the plan approved with olapctl approve, applied and verified",
            "Healthy",
            ("2/2 operations applied and verified",),
        ),
        Case(
            "migrationplan-drifted",
            "MigrationPlan",
            "prod namespace: a column added by hand (ALTER TABLE) after planning, then approved",
            "Degraded",
            ("drift: nothing applied", "1 object(s) differ from expectedState", ".events"),
        ),
        Case(
            "migrationplan-failed-stale",
            "MigrationPlan",
            "prod namespace: the declaration changed after planning, then approved",
            "Degraded",
            ("StalePlan: ", "stale"),
        ),
        Case(
            "migrationplan-approval-unobserved",
            "MigrationPlan",
            "prod namespace: awaiting approval, ClickHouse unreachable, then approved (generation 2)",
            "Progressing",
            ("waiting for the olapctl operator to observe generation 2", "phase AwaitingApproval"),
        ),
        Case(
            "migrationplan-queued",
            "MigrationPlan",
            "prod namespace: approved while an older approved plan on the same target has not finished",
            "Progressing",
            ("0/1 operations applied", "waiting for release-1"),
        ),
        Case(
            "migrationplan-no-status",
            "MigrationPlan",
            "prod namespace: applied already approved (merged in git) while ClickHouse is unreachable",
            "Progressing",
            ("waiting for the olapctl operator to observe generation 1",),
        ),
    ]
}


def save(case: Case, obj: dict[str, Any]) -> None:
    """Keep a captured object for tests/test_argocd_lua.py, only when OLAPCTL_WRITE_TESTDATA is set: a test run
    must not rewrite tracked files (the captures carry random namespace names)."""
    if not os.environ.get("OLAPCTL_WRITE_TESTDATA"):
        return
    case.path.parent.mkdir(parents=True, exist_ok=True)
    case.path.write_text(yaml.safe_dump(obj, sort_keys=True, allow_unicode=True, width=120))


def load(case: Case) -> dict[str, Any]:
    if not case.path.exists():
        raise FileNotFoundError(
            f"{case.path} is missing: run `OLAPCTL_WRITE_TESTDATA=1 python -m pytest e2e/test_argocd_health.py`"
        )
    obj: dict[str, Any] = yaml.safe_load(case.path.read_text())
    return obj


def problems(case: Case, obj: dict[str, Any], status: str, message: str) -> list[str]:
    """What differs from the expectation (empty when the health is the expected one)."""
    out = []
    if obj.get("kind") != case.kind:
        out.append(f"{case.name}: captured a {obj.get('kind')}, expected a {case.kind}")
    if status != case.status:
        out.append(f"{case.name}: health {status} ({message!r}), expected {case.status}")
    out.extend(f"{case.name}: message {message!r} does not say {text!r}" for text in case.says if text not in message)
    return out
