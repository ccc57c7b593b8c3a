"""The API server restarted while a plan runs: the operator retries, resumes from the ledger, and the plan ends
Succeeded with every operation applied once. A control plane of its own, so other tests are not disturbed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from e2e.controlplane import ControlPlane, start
from e2e.scenario import ROOT, Namespace, OperatorProcess, chdb_rows, manifest, olapctl, wait_for

TABLES = "---\n".join(
    manifest("OlapTable", f"t{i}", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n") for i in range(3)
)


@pytest.fixture
def own_cluster(tmp_path: Path) -> Iterator[ControlPlane]:
    cp = start(tmp_path / "cp")
    try:
        cp.kubectl("apply", "--server-side", "-f", str(ROOT / "crds"))
        cp.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
        yield cp
    finally:
        cp.stop()


def test_api_server_restart_during_a_plan(own_cluster: ControlPlane, tmp_path: Path) -> None:
    env = {"KUBECONFIG": str(own_cluster.kubeconfig)}
    ns = Namespace.create(own_cluster, "restart", tmp_path / "chdb", None)
    ns.apply(TABLES)
    made = olapctl(
        "plan",
        "--from-cluster",
        "-n",
        ns.name,
        "--url",
        ns.url,
        "-o",
        str(tmp_path / "p.yaml"),
        "--name",
        "through-restart",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    plan = yaml.safe_load((tmp_path / "p.yaml").read_text())
    creates = plan["spec"]["operations"]
    pause = {"RawSql": {"sql": ["SELECT sleep(2)"], "description": "pause"}}
    plan["spec"]["operations"] = [creates[0], pause, creates[1], pause, creates[2]]
    plan["spec"]["approved"] = True
    args = ["--namespace", ns.name, "--default-target", ns.url, "--resync", "2", "--lease-namespace", ns.name]
    saved = os.environ.get("KUBECONFIG")
    os.environ["KUBECONFIG"] = str(own_cluster.kubeconfig)
    op = OperatorProcess(args, tmp_path / "operator.log").start()
    try:
        ns.apply(yaml.safe_dump(plan))
        wait_for(
            lambda: (ns.get("migrationplan", "through-restart").get("status") or {}).get("appliedOperations", 0) >= 1,
            "the plan to start",
            timeout=60,
        )
        own_cluster.restart_apiserver(down_seconds=3)

        def succeeded() -> dict[str, Any] | None:
            # like a kubelet: an operator that gave up the Lease while the API server was away is started again
            if op.proc is not None and op.proc.poll() is not None:
                op.start()
            obj = ns.get("migrationplan", "through-restart")
            return obj if (obj.get("status") or {}).get("phase") == "Succeeded" else None

        obj = wait_for(succeeded, "the plan to succeed across the restart", timeout=120, every=1)
    finally:
        op.stop()
        if saved is None:
            os.environ.pop("KUBECONFIG", None)
        else:
            os.environ["KUBECONFIG"] = saved
    assert obj["status"]["progress"] == "5/5"
    ledger = chdb_rows(
        tmp_path / "chdb",
        f"SELECT op_index, countIf(outcome = 'applied') FROM {ns.db}.olapctl_migrations "
        "WHERE plan = 'through-restart' GROUP BY op_index ORDER BY op_index",
    )
    assert ledger == [[i, 1] for i in range(5)]
