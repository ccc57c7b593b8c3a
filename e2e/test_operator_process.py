"""The operator as separate processes, as in a Deployment: killed mid-plan it resumes without applying any
operation twice; with two replicas exactly one leads and applies. Each test has its own embedded ClickHouse, read
back only after its operators stopped (chdb allows one process per data path)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from e2e.controlplane import ControlPlane
from e2e.scenario import Namespace, OperatorProcess, chdb_rows, free_port, http_get, manifest, olapctl, wait_for

TABLES = "---\n".join(
    manifest("OlapTable", f"t{i}", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n") for i in range(3)
)


@pytest.fixture
def proc_ns(cluster: ControlPlane, tmp_path: Path) -> Iterator[Namespace]:
    """A namespace served only by operator subprocesses (the embedded operator serves e2e-* only)."""
    ns = Namespace.create(cluster, "proc", tmp_path / "chdb", None)
    yield ns
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


def operator(ns: Namespace, tmp_path: Path, name: str) -> OperatorProcess:
    args = ["--namespace", ns.name, "--default-target", ns.url, "--resync", "2", "--lease-namespace", ns.name]
    return OperatorProcess(args, tmp_path / f"{name}.log")


def test_operator_killed_mid_plan_resumes_and_applies_each_operation_once(proc_ns: Namespace, tmp_path: Path) -> None:
    proc_ns.apply(TABLES)
    made = olapctl(
        "plan",
        "--from-cluster",
        "-n",
        proc_ns.name,
        "--url",
        proc_ns.url,
        "-o",
        str(tmp_path / "p.yaml"),
        "--name",
        "slow",
    )
    assert made.returncode == 0, made.stderr
    plan = yaml.safe_load((tmp_path / "p.yaml").read_text())
    creates = plan["spec"]["operations"]
    pause = {"RawSql": {"sql": ["SELECT sleep(2)"], "description": "a reviewer's pause between steps"}}
    plan["spec"]["operations"] = [creates[0], pause, creates[1], pause, creates[2]]  # 5 operations
    plan["spec"]["approved"] = True
    first = operator(proc_ns, tmp_path, "first").start()
    killed = False
    try:
        proc_ns.apply(yaml.safe_dump(plan))

        def mid_plan() -> int | None:
            status = proc_ns.get("migrationplan", "slow").get("status") or {}
            return (
                status.get("appliedOperations")
                if status.get("phase") == "Applying" and status.get("appliedOperations", 0) >= 2
                else None
            )

        wait_for(mid_plan, "the plan to be past its second operation", timeout=90)
        assert first.kill(signal.SIGKILL) == -signal.SIGKILL
        killed = True
    finally:
        if not killed:
            first.stop()
    assert proc_ns.get("migrationplan", "slow")["status"]["phase"] == "Applying"
    second = operator(proc_ns, tmp_path, "second").start()
    try:
        obj = proc_ns.wait_phase("slow", "Succeeded", timeout=90)  # after the killed leader's Lease expires
    finally:
        second.stop()
    assert obj["status"]["progress"] == "5/5"
    assert "resumed at operation" in obj["status"]["message"]
    ledger = chdb_rows(
        tmp_path / "chdb",
        f"SELECT op_index, countIf(outcome = 'applied') FROM {proc_ns.db}.olapctl_migrations "
        "WHERE plan = 'slow' GROUP BY op_index ORDER BY op_index",
    )
    assert ledger == [[i, 1] for i in range(5)]  # each operation applied exactly once
    names = chdb_rows(
        tmp_path / "chdb", f"SELECT name FROM system.tables WHERE database = '{proc_ns.db}' ORDER BY name"
    )
    assert names == [["olapctl_migrations"], ["t0"], ["t1"], ["t2"]]


def test_two_replicas_exactly_one_leads_and_applies(proc_ns: Namespace, tmp_path: Path) -> None:
    proc_ns.cp.kubectl("label", "namespace", proc_ns.name, "olapctl.dev/mode=dev")
    a = operator(proc_ns, tmp_path, "a").start()
    wait_for(lambda: "leads (Lease" in a.output(), "replica a to lead")
    b = operator(proc_ns, tmp_path, "b")
    port = free_port()
    b.args += ["--liveness", f"http://127.0.0.1:{port}/healthz"]
    b.start()
    try:
        wait_for(lambda: "waiting for the leader Lease" in b.output(), "replica b to wait")
        wait_for(
            lambda: http_get(f"http://127.0.0.1:{port}/healthz")[0] == 200,
            "the standby replica to answer its liveness probe",
        )
        proc_ns.apply(manifest("OlapTable", "t0", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n"))
        proc_ns.wait_synced("olaptable", "t0", 1)
        assert "leads (Lease" not in b.output()
        a.kill(signal.SIGKILL)  # the leader dies; b takes over once the Lease expires
        wait_for(lambda: "leads (Lease" in b.output(), "replica b to take over", timeout=60)
        proc_ns.apply(
            manifest(
                "OlapTable",
                "t0",
                "  columns:\n    - {name: id, type: UInt64}\n    - {name: v, type: String}\n  orderBy: [id]\n",
            )
        )
        proc_ns.wait_synced("olaptable", "t0", 2, timeout=60)
    finally:
        b.stop()
        a.stop()
    assert "Applied" in a.output() and "Applied" in b.output()
    cols = chdb_rows(
        tmp_path / "chdb", f"SELECT name FROM system.columns WHERE database = '{proc_ns.db}' AND table = 't0'"
    )
    assert cols == [["id"], ["v"]]


def test_rolling_restart_during_an_approved_plan_hands_over_at_once_and_applies_each_operation_once(
    proc_ns: Namespace, tmp_path: Path
) -> None:
    """A rolling update of the Deployment while a plan applies: the new replica waits, the old one gets SIGTERM,
    gives the Lease up as it stops, and the new one takes it at once (not after the 15 s a dead leader's Lease
    needs) and finishes the plan from the ledger."""
    proc_ns.apply(TABLES)
    made = olapctl(
        "plan", "--from-cluster", "-n", proc_ns.name, "--url", proc_ns.url, "-o", str(tmp_path / "p.yaml"),
        "--name", "rolling",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    plan = yaml.safe_load((tmp_path / "p.yaml").read_text())
    creates = plan["spec"]["operations"]
    pause = {"RawSql": {"sql": ["SELECT sleep(2)"], "description": "a reviewer's pause between steps"}}
    plan["spec"]["operations"] = [creates[0], pause, creates[1], pause, creates[2]]
    plan["spec"]["approved"] = True
    old = operator(proc_ns, tmp_path, "old").start()
    new = operator(proc_ns, tmp_path, "new")
    try:
        wait_for(lambda: "leads (Lease" in old.output(), "the old replica to lead")
        new.start()
        wait_for(lambda: "waiting for the leader Lease" in new.output(), "the new replica to wait")
        proc_ns.apply(yaml.safe_dump(plan))

        def mid_plan() -> bool:
            status = proc_ns.get("migrationplan", "rolling").get("status") or {}
            return status.get("phase") == "Applying" and status.get("appliedOperations", 0) >= 1

        wait_for(mid_plan, "the plan to be past its first operation", timeout=90)
        assert old.kill(signal.SIGTERM) == 0  # a clean stop
        assert "released the leader Lease" in old.output()
        # released, not expired: well before the 15 s a killed leader's Lease takes
        wait_for(lambda: "leads (Lease" in new.output(), "the new replica to take over", timeout=10)
        obj = proc_ns.wait_phase("rolling", "Succeeded", timeout=90)
    finally:
        new.stop()
        old.stop()
    assert obj["status"]["progress"] == "5/5"
    ledger = chdb_rows(
        tmp_path / "chdb",
        f"SELECT op_index, countIf(outcome = 'applied') FROM {proc_ns.db}.olapctl_migrations "
        "WHERE plan = 'rolling' GROUP BY op_index ORDER BY op_index",
    )
    assert ledger == [[i, 1] for i in range(5)]  # each operation applied exactly once
