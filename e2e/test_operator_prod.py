"""Prod namespaces: nothing is applied by itself; a MigrationPlan is generated, reviewed, approved, checked for
drift and staleness, then executed, and `kubectl get migrationplans` shows each phase."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes.client.exceptions import ApiException

from e2e import load
from e2e.controlplane import ControlPlane
from e2e.scenario import Namespace, condition, drifted_plan, manifest, plan_from_cluster, wait_for
from olapctl import cli
from olapctl.clickhouse.connect import Target

COLS = "    - {name: id, type: String}\n    - {name: ts, type: DateTime}\n"
EVENTS = manifest("OlapTable", "events", f"  columns:\n{COLS}  orderBy: [id]\n")
EVENTS_V2 = manifest(
    "OlapTable", "events", f"  columns:\n{COLS}    - {{name: status, type: String}}\n  orderBy: [id]\n"
)
USERS = manifest("OlapTable", "users", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n")


def row(ns: Namespace, name: str) -> list[str]:
    lines = ns.table("migrationplans").splitlines()
    assert lines[0].split() == ["NAME", "PHASE", "RISK", "APPROVED", "APPLIED", "DRIFT", "AGE"]
    return next(line.split()[:6] for line in lines[1:] if line.split()[0] == name)


def tables(db: Target, database: str) -> set[str]:
    return {str(n) for (n,) in db.query("SELECT name FROM system.tables WHERE database = {d:String}", {"d": database})}


def test_reviewed_plan_goes_through_each_phase(prod_ns: Namespace, db: Target, tmp_path: Path) -> None:
    prod_ns.apply("---\n".join([EVENTS, USERS]))
    wait_for(lambda: condition(prod_ns.get("olaptable", "users"), "Synced").get("reason") == "PendingPlan", "pending")
    assert tables(db, prod_ns.db) == set()  # prod never applies declarations by itself
    plan_yaml = plan_from_cluster(prod_ns, tmp_path / "plan.yaml", "release-1")
    assert [next(iter(op)) for op in yaml.safe_load(plan_yaml)["spec"]["operations"]] == ["CreateTable", "CreateTable"]
    prod_ns.apply(plan_yaml)
    prod_ns.wait_phase("release-1", "AwaitingApproval")
    assert row(prod_ns, "release-1") == ["release-1", "AwaitingApproval", "safe", "false", "0/2", "no"]
    assert tables(db, prod_ns.db) == set()
    assert cli.main(["approve", "release-1", "-n", prod_ns.name]) == 0
    obj = prod_ns.wait_phase("release-1", "Succeeded")
    assert row(prod_ns, "release-1") == ["release-1", "Succeeded", "safe", "true", "2/2", "no"]
    assert obj["status"]["appliedOperations"] == 2 and obj["status"]["startedAt"] and obj["status"]["finishedAt"]
    assert condition(obj, "Succeeded")["status"] == "True"
    assert tables(db, prod_ns.db) == {"events", "users", "olapctl_migrations"}
    wait_for(lambda: ("Succeeded", "2 operation(s) applied and verified") in prod_ns.events("release-1"), "the Event")
    prod_ns.wait_synced("olaptable", "events", 1)  # declarations report in sync once the plan ran


def test_drift_after_planning_is_reported_and_nothing_applied(prod_ns: Namespace, db: Target, tmp_path: Path) -> None:
    obj = drifted_plan(prod_ns, db, tmp_path, EVENTS, EVENTS_V2)
    assert row(prod_ns, "add-status") == ["add-status", "Drifted", "safe", "true", "0/1", "yes"]
    drift = obj["status"]["drift"]["tables"]
    assert drift[0]["object"] == f"{prod_ns.db}.events" and any("hotfix" in line for line in drift[0]["changes"])
    assert condition(obj, "Drifted")["status"] == "True"
    wait_for(lambda: any(reason == "Drifted" for reason, _ in prod_ns.events("add-status")), "the Drifted Event")
    cols = {
        str(n)
        for (n,) in db.query(f"SELECT name FROM system.columns WHERE database = '{prod_ns.db}' AND table = 'events'")
    }
    assert "status" not in cols  # nothing applied


def test_a_drifted_plan_waits_and_a_newer_plan_supersedes_it(prod_ns: Namespace, db: Target, tmp_path: Path) -> None:
    """Drifted is not final: the approved plan applies once the live database matches its snapshot again. A newer
    plan on the same target does not wait behind it: it applies, and the drifted one ends Superseded, unapplied."""
    obj = drifted_plan(prod_ns, db, tmp_path, EVENTS, EVENTS_V2)
    assert "it applies once the live database matches its expectedState again" in obj["status"]["message"]
    adopted = EVENTS_V2.replace("    - {name: status, type: String}\n", "    - {name: status, type: String}\n"
                                "    - {name: hotfix, type: UInt8}\n")  # fmt: skip
    prod_ns.apply(adopted)  # the team adopts the hand-made column and plans again, from the live database
    newer = yaml.safe_load(plan_from_cluster(prod_ns, tmp_path / "p3.yaml", "add-status-2"))
    assert [next(iter(op)) for op in newer["spec"]["operations"]] == ["AddTableColumn"]
    newer["spec"]["approved"] = True
    prod_ns.apply(yaml.safe_dump(newer))
    prod_ns.wait_phase("add-status-2", "Succeeded", timeout=60)  # not queued behind the drifted plan
    old = prod_ns.wait_phase("add-status", "Superseded", timeout=60)
    assert old["status"]["message"] == ("superseded by MigrationPlan add-status-2 on the same target: nothing applied")
    assert condition(old, "Ready")["reason"] == "Superseded" and condition(old, "Drifted")["status"] == "False"
    assert row(prod_ns, "add-status")[:3] == ["add-status", "Superseded", "safe"]


def test_stale_declarations_refuse_the_plan(prod_ns: Namespace, db: Target, tmp_path: Path) -> None:
    prod_ns.apply(EVENTS)
    prod_ns.apply(plan_from_cluster(prod_ns, tmp_path / "p.yaml", "old-plan"))
    prod_ns.apply(EVENTS_V2)  # the declarations moved on after the plan was made
    assert cli.main(["approve", "old-plan", "-n", prod_ns.name]) == 0
    obj = prod_ns.wait_phase("old-plan", "Failed")
    assert condition(obj, "Ready")["reason"] == "StalePlan"
    assert "stale" in obj["status"]["message"] and "status" in obj["status"]["message"]
    assert tables(db, prod_ns.db) == set()  # refused before anything, the ledger included, was written


def test_destructive_plan_needs_allow_destructive(prod_ns: Namespace, db: Target, tmp_path: Path) -> None:
    prod_ns.apply(EVENTS_V2)
    prod_ns.apply(plan_from_cluster(prod_ns, tmp_path / "p1.yaml", "create"))
    cli.main(["approve", "create", "-n", prod_ns.name])
    prod_ns.wait_phase("create", "Succeeded")
    prod_ns.apply(EVENTS)  # drops the status column
    drop = plan_from_cluster(prod_ns, tmp_path / "p2.yaml", "drop-status")
    prod_ns.apply(drop)
    cli.main(["approve", "drop-status", "-n", prod_ns.name])
    obj = prod_ns.wait_phase("drop-status", "Failed")
    assert condition(obj, "Ready")["reason"] == "DestructiveRefused"
    assert "DropTableColumn" in obj["status"]["message"]
    allowed = yaml.safe_load(drop)
    allowed["metadata"]["name"] = "drop-status-allowed"
    allowed["spec"]["allowDestructive"] = True
    prod_ns.apply(yaml.safe_dump(allowed))
    cli.main(["approve", "drop-status-allowed", "-n", prod_ns.name])
    prod_ns.wait_phase("drop-status-allowed", "Succeeded")
    cols = {
        str(n)
        for (n,) in db.query(f"SELECT name FROM system.columns WHERE database = '{prod_ns.db}' AND table = 'events'")
    }
    assert cols == {"id", "ts"}


def test_editing_an_approved_plan_is_rejected_by_the_api_server(prod_ns: Namespace, tmp_path: Path) -> None:
    prod_ns.apply(EVENTS)
    plan = yaml.safe_load(plan_from_cluster(prod_ns, tmp_path / "p.yaml", "locked"))
    plan["spec"]["approved"] = True
    prod_ns.apply(yaml.safe_dump(plan))
    plan["spec"]["operations"][0]["CreateTable"]["table"]["name"] = "evil"
    result = prod_ns.apply(yaml.safe_dump(plan), check=False)
    assert result.returncode != 0
    immutable = "target, operations, expectedState and desiredState of an approved MigrationPlan are immutable"
    assert immutable in result.stderr


def test_failing_operation_stops_the_plan_and_reports_exactly_how_far_it_got(
    prod_ns: Namespace, db: Target, tmp_path: Path
) -> None:
    prod_ns.apply("---\n".join([EVENTS, USERS]))
    plan = yaml.safe_load(plan_from_cluster(prod_ns, tmp_path / "p.yaml", "broken"))
    first, second = plan["spec"]["operations"]
    bad = {"RawSql": {"sql": ["INSERT INTO no_such_table VALUES (1)"], "description": "a broken data fix"}}
    plan["spec"]["operations"] = [first, bad, second]
    plan["spec"]["approved"] = True
    prod_ns.apply(yaml.safe_dump(plan))
    obj = prod_ns.wait_phase("broken", "Failed")
    assert row(prod_ns, "broken") == ["broken", "Failed", "risky", "true", "1/3", "no"]
    assert obj["status"]["appliedOperations"] == 1
    assert "operation 2 (RawSql (a broken data fix)) failed" in obj["status"]["message"]
    assert "UNKNOWN_TABLE" in obj["status"]["message"]
    assert condition(obj, "Ready")["reason"] == "OperationFailed"
    assert tables(db, prod_ns.db) == {"events", "olapctl_migrations"}  # the first ran, the third never did


def test_concurrent_writers_cause_no_409_for_the_operator(
    prod_ns: Namespace, db: Target, tmp_path: Path, cluster: ControlPlane, caplog: pytest.LogCaptureFixture
) -> None:
    """Another client writing the plan all along (as Argo CD does with its annotations) bumps its resourceVersion
    every few milliseconds. The operator's status writes are merge patches without a resourceVersion precondition,
    so none of them can fail with 409 Conflict; a read-modify-write with a stale copy, by contrast, is refused."""
    prod_ns.apply("---\n".join([EVENTS, USERS]))
    wait_for(lambda: condition(prod_ns.get("olaptable", "users"), "Synced").get("reason") == "PendingPlan", "pending")
    prod_ns.apply(plan_from_cluster(prod_ns, tmp_path / "plan.yaml", "contended"))
    prod_ns.wait_phase("contended", "AwaitingApproval")
    client = load.api(cluster)
    args = ("olapctl.dev", "v1alpha1", prod_ns.name, "migrationplans", "contended")
    stale: dict[str, Any] = client.get_namespaced_custom_object(*args)  # type: ignore[assignment]
    stop, writes = threading.Event(), list[int]()

    def other_writer() -> None:
        while not stop.is_set():
            client.patch_namespaced_custom_object(*args, {"metadata": {"annotations": {"other": str(len(writes))}}})
            writes.append(1)

    writer = threading.Thread(target=other_writer, daemon=True)
    caplog.set_level(logging.INFO)
    writer.start()
    try:
        assert cli.main(["approve", "contended", "-n", prod_ns.name]) == 0
        obj = prod_ns.wait_phase("contended", "Succeeded")
    finally:
        stop.set()
        writer.join(timeout=10)
    assert len(writes) > 10 and obj["status"]["progress"] == "2/2"
    assert tables(db, prod_ns.db) == {"events", "users", "olapctl_migrations"}
    assert not [r.getMessage() for r in caplog.records if "409" in r.getMessage() or "Conflict" in r.getMessage()]
    stale["status"] = {"phase": "Failed", "message": "written from a stale copy"}
    with pytest.raises(ApiException) as refused:
        client.replace_namespaced_custom_object_status(*args, stale)
    assert refused.value.status == 409
    assert prod_ns.get("migrationplan", "contended")["status"]["phase"] == "Succeeded"
