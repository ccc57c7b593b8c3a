"""The Argo CD health checks in argocd/ on objects the operator really produced.

Each scenario runs against the real kube-apiserver and the embedded operator; the object is read with
`kubectl get -o json`, saved as Argo CD's testdata (argocd/resource_customizations/olapctl.dev/KIND/testdata/, with
OLAPCTL_WRITE_TESTDATA=1; tests/test_argocd_lua.py checks the same expectations on those files without a cluster)
and evaluated with the Lua health script on a real Lua 5.1, with `obj` set as Argo CD sets it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from argocd.cases import CASES, problems, save
from argocd.health import Health, health
from clickhouse_connect.driver.exceptions import OperationalError

from e2e.controlplane import ControlPlane
from e2e.scenario import ROOT, Namespace, condition, drifted_plan, manifest, plan_from_cluster, wait_for
from olapctl import cli
from olapctl.clickhouse.connect import Target
from olapctl.k8s import reconcile
from olapctl.k8s.reconcile import Config, Retry

GITOPS = ROOT / "examples" / "gitops" / "schemas"
COLS = "    - {name: id, type: String}\n    - {name: ts, type: DateTime}\n"
EVENTS = manifest("OlapTable", "events", f"  columns:\n{COLS}  orderBy: [id]\n")
EVENTS_V2 = manifest(
    "OlapTable", "events", f"  columns:\n{COLS}    - {{name: status, type: String}}\n  orderBy: [id]\n"
)
USERS = manifest("OlapTable", "users", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n")
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens on the loopback discard port: connection refused at once


def capture(
    ns: Namespace, resource: str, name: str, case_name: str, obj: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`kubectl get -o json` of the object (or the one a wait just read that way), saved as the case's testdata; its
    health must be the expected one."""
    case = CASES[case_name]
    obj = obj or ns.get(resource, name)
    assert obj, f"{resource}/{name} not found in {ns.name}"
    save(case, obj)
    result = health(obj)
    assert problems(case, obj, result.status, result.message) == []
    return obj


def approved(plan_yaml: str, name: str) -> str:
    """The plan as a reviewer merges it: spec.approved: true, under another name."""
    plan = yaml.safe_load(plan_yaml)
    plan["metadata"]["name"] = name
    plan["spec"]["approved"] = True
    return yaml.safe_dump(plan)


def set_target(ns: Namespace, url: str) -> None:
    ns.kubectl(
        "patch", "secret", "olapctl-clickhouse", "--type", "merge", "-p", json.dumps({"stringData": {"url": url}})
    )


def restore_target(ns: Namespace) -> None:
    set_target(ns, ns.url.partition("?")[0])  # the Secret's url as Namespace.create wrote it


def wait_unavailable(ns: Namespace, resource: str, name: str) -> None:
    """The operator tried to handle the object's latest change and could not reach ClickHouse: kopf records the
    temporary failure in its progress annotation (olapctl.dev/HANDLER)."""

    def failed() -> bool:
        annotations = ns.get(resource, name).get("metadata", {}).get("annotations") or {}
        return any(
            key.startswith("olapctl.dev/") and "ClickHouse unavailable" in value for key, value in annotations.items()
        )

    wait_for(failed, f"the operator to record ClickHouse unavailable for {resource}/{name}")


def pending(ns: Namespace, name: str) -> dict[str, Any] | None:
    obj = ns.get("olaptable", name)
    return obj if condition(obj, "Synced").get("reason") == "PendingPlan" else None


def not_ready(ns: Namespace, resource: str, name: str) -> dict[str, Any]:
    """The object as read while Ready=False (the operator may retry and change it right after)."""

    def check() -> dict[str, Any] | None:
        obj = ns.get(resource, name)
        return obj if condition(obj, "Ready").get("status") == "False" else None

    return wait_for(check, f"Ready=False on {resource}/{name}")


def test_dev_objects_from_the_gitops_example(dev_ns: Namespace) -> None:
    # wave 0 then wave 1, each applied whole as Argo CD applies a wave. The first reconciles of a namespace can race
    # in olapctl.clickhouse.normalize._server_facts (KeyError 'functions'), which kopf retries after 60 s: hence 90.
    dev_ns.apply("---\n".join(p.read_text() for p in sorted((GITOPS / "tables").glob("*.yaml"))))
    dev_ns.wait_synced("olaptable", "events", 1, timeout=90)
    dev_ns.wait_synced("olaptable", "daily-counts", 1, timeout=90)
    dev_ns.apply("---\n".join(p.read_text() for p in sorted((GITOPS / "views").glob("*.yaml"))))
    dev_ns.wait_synced("materializedview", "events-per-day", 1)
    dev_ns.wait_synced("view", "recent-events", 1)
    capture(dev_ns, "olaptable", "events", "olaptable-dev-synced")
    capture(dev_ns, "materializedview", "events-per-day", "materializedview-dev-synced")
    capture(dev_ns, "view", "recent-events", "view-dev-synced")


def test_dev_invalid_and_externally_managed(dev_ns: Namespace) -> None:
    dev_ns.apply(manifest("OlapTable", "bad", "  columns:\n    - {name: id, type: Strng}\n  orderBy: [id]\n"))
    dev_ns.apply(
        manifest("OlapTable", "legacy", f"  columns:\n{COLS}  orderBy: [id]\n  lifeCycle: ExternallyManaged\n")
    )
    wait_for(lambda: condition(dev_ns.get("olaptable", "bad"), "Ready").get("reason") == "InvalidSpec", "InvalidSpec")
    wait_for(
        lambda: condition(dev_ns.get("olaptable", "legacy"), "Ready").get("reason") == "ExternallyManaged",
        "ExternallyManaged",
    )
    capture(dev_ns, "olaptable", "bad", "olaptable-dev-invalid-type")
    capture(dev_ns, "olaptable", "legacy", "olaptable-dev-externally-managed")


def test_dev_materialized_view_without_its_tables(dev_ns: Namespace) -> None:
    dev_ns.apply((GITOPS / "views" / "events-per-day.yaml").read_text())  # its wave-0 tables were never applied
    obj = not_ready(dev_ns, "materializedview", "events-per-day")
    capture(dev_ns, "materializedview", "events-per-day", "materializedview-dev-waiting-for-dependency", obj)
    dev_ns.apply("---\n".join(p.read_text() for p in sorted((GITOPS / "tables").glob("*.yaml"))))
    obj = dev_ns.wait_synced("materializedview", "events-per-day", 1, timeout=90)  # transient, as Progressing says
    assert health(obj).status == "Healthy"


def test_dev_declaration_clickhouse_refuses(dev_ns: Namespace) -> None:
    # what no plan-time check sees: a Nullable sorting key, refused by CREATE (allow_nullable_key is off)
    columns = "    - {name: id, type: Nullable(String)}\n    - {name: amount, type: UInt8}\n"
    dev_ns.apply(manifest("OlapTable", "events", f"  columns:\n{columns}  orderBy: [id]\n"))
    obj = not_ready(dev_ns, "olaptable", "events")
    capture(dev_ns, "olaptable", "events", "olaptable-dev-apply-failed", obj)
    dev_ns.apply(
        manifest("OlapTable", "events", f"  columns:\n{columns.replace('Nullable(String)', 'String')}  orderBy: [id]\n")
    )  # fixed in git: Healthy at the next generation
    assert health(dev_ns.wait_synced("olaptable", "events", 2)).status == "Healthy"


def test_dev_generation_the_operator_has_not_observed(dev_ns: Namespace) -> None:
    dev_ns.apply(EVENTS)
    dev_ns.wait_synced("olaptable", "events", 1)
    set_target(dev_ns, UNREACHABLE)
    try:
        dev_ns.apply(EVENTS_V2)
        wait_unavailable(dev_ns, "olaptable", "events")
        obj = capture(dev_ns, "olaptable", "events", "olaptable-dev-generation-unobserved")
        assert obj["metadata"]["generation"] == 2 and obj["status"]["observedGeneration"] == 1
    finally:
        restore_target(dev_ns)
    dev_ns.wait_synced("olaptable", "events", 2)  # back in sync once ClickHouse is reachable again


class _FailingClient:
    """A clickhouse-connect client whose server went away after the operator connected."""

    database = "default"

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise OperationalError("Error HTTPConnectionPool(host='clickhouse', port=8123): Connection refused")

        return fail


class _FailingTarget(Config):
    """The operator's configuration, with a target that was reachable when connected and fails now."""

    def target(self, namespace: str, secret_ref: str | None = None) -> Target:
        return Target(cast(Any, _FailingClient()), namespace.replace("-", "_"), "http://clickhouse:8123")


@pytest.fixture
def unserved_ns(cluster: ControlPlane, chdb_path: Path) -> Iterator[Namespace]:
    """A dev namespace outside the embedded operator's e2e-* namespaces: only the test reconciles its objects."""
    ns = Namespace.create(cluster, "argocd-health", chdb_path, "dev")
    yield ns
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


def test_clickhouse_failing_mid_reconcile_is_transient(unserved_ns: Namespace) -> None:
    unserved_ns.apply(EVENTS)
    body = unserved_ns.get("olaptable", "events")
    with pytest.raises(Retry, match="ClickHouse unavailable"):
        scope = reconcile.Scope(unserved_ns.name, "dev", _FailingTarget().target(unserved_ns.name))
        reconcile.publish(
            Config().api, "OlapTable", body, reconcile.reconcile_object(scope, "OlapTable", body), lambda *_: None
        )
    obj = capture(unserved_ns, "olaptable", "events", "olaptable-target-unavailable")
    assert condition(obj, "Ready")["reason"] == "TargetUnavailable"


def test_prod_plan_awaiting_approval_then_succeeded(prod_ns: Namespace, tmp_path: Path) -> None:
    prod_ns.apply("---\n".join([EVENTS, USERS]))
    wait_for(lambda: pending(prod_ns, "events"), "events Synced=False PendingPlan")
    capture(prod_ns, "olaptable", "events", "olaptable-prod-pending-plan")
    prod_ns.apply(plan_from_cluster(prod_ns, tmp_path / "plan.yaml", "release-1"))
    prod_ns.wait_phase("release-1", "AwaitingApproval")
    capture(prod_ns, "migrationplan", "release-1", "migrationplan-awaiting-approval")
    assert cli.main(["approve", "release-1", "-n", prod_ns.name]) == 0
    prod_ns.wait_phase("release-1", "Succeeded")
    capture(prod_ns, "migrationplan", "release-1", "migrationplan-succeeded")
    prod_ns.wait_synced("olaptable", "events", 1)
    capture(prod_ns, "olaptable", "events", "olaptable-prod-synced")


def test_prod_plan_drifted(prod_ns: Namespace, db: Target, tmp_path: Path) -> None:
    drifted_plan(prod_ns, db, tmp_path, EVENTS, EVENTS_V2)
    capture(prod_ns, "migrationplan", "add-status", "migrationplan-drifted")


def test_prod_plan_failed_stale(prod_ns: Namespace, tmp_path: Path) -> None:
    prod_ns.apply(EVENTS)
    prod_ns.apply(plan_from_cluster(prod_ns, tmp_path / "p.yaml", "old-plan"))
    prod_ns.apply(EVENTS_V2)  # the declaration moved on after the plan was made
    assert cli.main(["approve", "old-plan", "-n", prod_ns.name]) == 0
    prod_ns.wait_phase("old-plan", "Failed")
    obj = capture(prod_ns, "migrationplan", "old-plan", "migrationplan-failed-stale")
    assert condition(obj, "Ready")["reason"] == "StalePlan"


def test_prod_approval_not_yet_observed_and_queued_plan(prod_ns: Namespace, tmp_path: Path) -> None:
    prod_ns.apply(EVENTS)
    plan = plan_from_cluster(prod_ns, tmp_path / "p.yaml", "release-1")
    prod_ns.apply(plan)
    prod_ns.wait_phase("release-1", "AwaitingApproval")
    set_target(prod_ns, UNREACHABLE)
    try:
        assert cli.main(["approve", "release-1", "-n", prod_ns.name]) == 0
        wait_unavailable(prod_ns, "migrationplan", "release-1")
        obj = capture(prod_ns, "migrationplan", "release-1", "migrationplan-approval-unobserved")
        assert obj["metadata"]["generation"] == 2 and obj["status"]["observedGeneration"] == 1
        prod_ns.apply(approved(plan, "release-2"))  # queued behind release-1 on the same target
        prod_ns.wait_phase("release-2", "Pending")
        capture(prod_ns, "migrationplan", "release-2", "migrationplan-queued")
    finally:
        restore_target(prod_ns)


def test_prod_plan_merged_approved_before_the_operator_could_run_it(prod_ns: Namespace, tmp_path: Path) -> None:
    prod_ns.apply(EVENTS)
    plan = plan_from_cluster(prod_ns, tmp_path / "p.yaml", "draft")
    set_target(prod_ns, UNREACHABLE)
    try:
        prod_ns.apply(approved(plan, "release-1"))
        wait_unavailable(prod_ns, "migrationplan", "release-1")
        obj = capture(prod_ns, "migrationplan", "release-1", "migrationplan-no-status")
        assert not obj.get("status")
    finally:
        restore_target(prod_ns)


def documents(directory: Path) -> list[dict[str, Any]]:
    return [doc for path in sorted(directory.glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text()) if doc]


def sync_wave(ns: Namespace, docs: list[dict[str, Any]], last: bool = False) -> None:
    """What Argo CD does with one sync wave: apply it, then (unless it is the last) wait until every object in it is
    Healthy; a Degraded one fails the sync."""
    ns.apply(yaml.safe_dump_all(docs))
    if last:
        return
    for doc in docs:
        kind, name = doc["kind"], doc["metadata"]["name"]
        seen: list[Health] = []

        def healthy(kind: str = kind, name: str = name, seen: list[Health] = seen) -> bool:
            seen.append(health(ns.get(kind.lower(), name)))
            assert seen[-1].status != "Degraded", f"{kind}/{name} Degraded: {seen[-1].message}"
            return seen[-1].status == "Healthy"

        # 90 s: the first reconciles of a namespace can race in olapctl.clickhouse.normalize._server_facts
        # (KeyError 'functions'), which kopf retries after 60 s
        try:
            wait_for(healthy, f"{kind}/{name} Healthy, as Argo CD waits before the next wave", timeout=90)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; its health: {seen[-1] if seen else None}") from None


@pytest.fixture
def analytics_ns(embedded_operator: Config, cluster: ControlPlane, chdb_path: Path, db: Target) -> Iterator[Namespace]:
    """A prod namespace whose ClickHouse database is `analytics`, the one examples/gitops/schemas/plans was made for."""
    ns = Namespace.create(cluster, "e2e-gitops", chdb_path, None)
    ns.kubectl(
        "patch", "secret", "olapctl-clickhouse", "--type", "merge", "-p", '{"stringData":{"database":"analytics"}}'
    )
    yield ns
    # the objects go first (the operator keeps prod tables on delete), then the database; were the objects left for
    # the namespace (this control plane runs no namespace controller), their resyncs would miss the dropped tables
    ns.kubectl("delete", "olaptables,materializedviews,views,migrationplans", "--all", "--timeout=60s", check=False)
    db.command("DROP DATABASE IF EXISTS analytics SYNC")
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


def test_gitops_example_syncs_wave_by_wave_in_prod(analytics_ns: Namespace, db: Target) -> None:
    """The example's waves against a prod namespace, gated on the Lua health as Argo CD gates them: pending
    declarations must not hold the sync before the plan that resolves them (wave 2) is applied."""
    ns = analytics_ns
    sync_wave(ns, documents(GITOPS / "tables"))
    sync_wave(ns, documents(GITOPS / "views"))
    assert condition(ns.get("olaptable", "events"), "Synced")["reason"] == "PendingPlan"
    capture(ns, "materializedview", "events-per-day", "materializedview-prod-waiting-for-dependency")
    [plan] = documents(GITOPS / "plans")
    sync_wave(ns, [plan], last=True)
    ns.wait_phase("0001-create-events", "AwaitingApproval")
    assert health(ns.get("migrationplan", "0001-create-events")).status == "Suspended"
    plan["spec"]["approved"] = True  # the reviewer's merge
    sync_wave(ns, [plan], last=True)
    ns.wait_phase("0001-create-events", "Succeeded")
    assert health(ns.get("migrationplan", "0001-create-events")).status == "Healthy"
    for kind, name in [("olaptable", "events"), ("materializedview", "events-per-day"), ("view", "recent-events")]:
        obj = ns.wait_synced(kind, name)
        assert health(obj).status == "Healthy"
    tables = {str(n) for (n,) in db.query("SELECT name FROM system.tables WHERE database = 'analytics'")}
    assert {"events", "daily_counts", "events_per_day", "recent_events"} <= tables
