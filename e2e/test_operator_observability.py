"""What an operations team sees: Prometheus metrics, JSON logs, and never a credential in logs, events or status."""

from __future__ import annotations

import json
from pathlib import Path

from e2e.controlplane import ControlPlane
from e2e.scenario import Namespace, OperatorProcess, condition, free_port, http_get, manifest, wait_for

TABLE = manifest("OlapTable", "events", "  columns:\n    - {name: id, type: String}\n  orderBy: [id]\n")
PASSWORD = "s3cret-Pa55word"


def test_metrics_json_logs_and_no_credentials(cluster: ControlPlane, tmp_path: Path) -> None:
    dev = Namespace.create(cluster, "obs", tmp_path / "chdb", "dev")
    # a second namespace whose Secret points at an unreachable server with a password
    broken = Namespace.create(cluster, "obs", tmp_path / "chdb", "dev")
    cluster.kubectl("delete", "secret", "olapctl-clickhouse", "-n", broken.name)
    cluster.kubectl(
        "create",
        "secret",
        "generic",
        "olapctl-clickhouse",
        "-n",
        broken.name,
        "--from-literal=url=http://127.0.0.1:1",
        "--from-literal=username=admin",
        f"--from-literal=password={PASSWORD}",
    )
    port = free_port()
    args = [
        "--namespace",
        "obs-*",
        "--default-target",
        dev.url,
        "--resync",
        "2",
        "--lease-namespace",
        dev.name,
        "--log-format",
        "json",
        "--metrics-port",
        str(port),
    ]
    op = OperatorProcess(args, tmp_path / "operator.log").start()
    try:
        dev.apply(TABLE)
        dev.wait_synced("olaptable", "events", 1)
        broken.apply(TABLE)
        wait_for(
            lambda: (
                condition(broken.get("olaptable", "events"), "Ready").get("status") == "False"
                or "ClickHouse unavailable" in op.output()
            ),
            "the unreachable target to be reported",
        )
        wait_for(
            lambda: "olapctl_operations_applied_total" in http_get(f"http://127.0.0.1:{port}/metrics")[1],
            "the metrics endpoint",
        )
        metrics = http_get(f"http://127.0.0.1:{port}/metrics")[1]
    finally:
        op.stop()
    assert 'olapctl_operations_applied_total{risk="safe",type="CreateTable"} 1.0' in metrics
    assert 'olapctl_reconciles_total{kind="OlapTable",mode="dev",result="Applied"} 1.0' in metrics
    lines = [line for line in op.output().splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(parsed) >= 0.9 * len(lines)  # structured: (tracebacks of third-party threads aside) one object a line
    assert any("Applied" in str(entry.get("message", "")) for entry in parsed)
    everything = (
        op.output()
        + json.dumps(broken.get("olaptable", "events"))
        + broken.kubectl("get", "events", "-o", "json").stdout
    )
    assert PASSWORD not in everything
    assert "admin:***@127.0.0.1:1" in everything
