"""ClickHouse becomes unreachable in the middle of an approved plan: the plan stays Applying and says why, nothing
is marked failed, and once ClickHouse answers again the next attempt resumes after the last recorded operation,
ending Succeeded with each operation applied once.

The outage is injected where the operator meets it: each statement through the target raises clickhouse-connect's
OperationalError, as its http client does on a refused connection. No ClickHouse server process can be installed
here to stop and restart (see the issue note); the engine behind the target is the real embedded one throughout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clickhouse_connect.driver.exceptions import OperationalError

from e2e.controlplane import ControlPlane
from e2e.scenario import Namespace, condition, manifest, plan_from_cluster
from olapctl import cli
from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import LEDGER_TABLE
from olapctl.k8s import cluster as k8s
from olapctl.k8s.plans import run_plan
from olapctl.k8s.reconcile import Config, Retry
from olapctl.k8s.status import PlanStatus
from olapctl.schema.sqltext import qualified

TABLES = "---\n".join(
    manifest("OlapTable", f"t{i}", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n") for i in range(4)
)


@pytest.fixture
def unserved_prod(cluster: ControlPlane, chdb_path: Path) -> Iterator[Namespace]:
    """A prod namespace the embedded operator does not watch: the test runs each reconcile of the plan itself."""
    ns = Namespace.create(cluster, "outage", chdb_path, None)
    yield ns
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


class Outage:
    """Once the plan has created `after` tables, every statement through `target` is refused, until `end()`."""

    def __init__(self, target: Target, after: int) -> None:
        self.target, self.after, self.created, self.refused = target, after, 0, 0
        for name in ("query", "command", "insert"):
            setattr(self.target, name, self._guard(getattr(target, name)))

    def _guard(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if self.created >= self.after:
                self.refused += 1
                raise OperationalError("Error HTTPConnectionPool(host='127.0.0.1', port=8123): Connection refused")
            result = method(*args, **kwargs)
            sql = str(args[0]) if args else ""
            self.created += sql.startswith("CREATE TABLE") and LEDGER_TABLE not in sql  # one of the plan's tables
            return result

        return call

    def end(self) -> None:
        for name in ("query", "command", "insert"):
            delattr(self.target, name)


def test_plan_waits_out_a_clickhouse_outage_and_resumes(unserved_prod: Namespace, db: Target, tmp_path: Path) -> None:
    ns, events = unserved_prod, list[tuple[str, str]]()
    ns.apply(TABLES)
    ns.apply(plan_from_cluster(ns, tmp_path / "plan.yaml", "through-outage"))
    assert cli.main(["approve", "through-outage", "-n", ns.name]) == 0
    cfg = Config()
    outage = Outage(cfg.target(ns.name), after=2)

    def attempt() -> PlanStatus:
        body = k8s.get_object(ns.name, "MigrationPlan", "through-outage")
        assert body is not None
        return run_plan(cfg, body, lambda type_, reason, message: events.append((reason, message)))

    with pytest.raises(Retry, match="ClickHouse unavailable"):
        attempt()
    obj = ns.get("migrationplan", "through-outage")
    assert obj["status"]["phase"] == "Applying" and obj["status"]["progress"] == "2/4"
    assert "ClickHouse unavailable, retrying" in obj["status"]["message"]
    assert condition(obj, "Ready")["reason"] == "TargetUnavailable"
    with pytest.raises(Retry):  # still down: the next attempt waits again, nothing is marked failed
        attempt()
    assert ns.get("migrationplan", "through-outage")["status"]["phase"] == "Applying"
    assert outage.refused >= 2

    outage.end()
    status = attempt()
    assert status.phase == "Succeeded" and status.progress == "4/4"
    assert "resumed at operation 3" in (status.message or "")
    names = {str(n) for (n,) in db.query("SELECT name FROM system.tables WHERE database = {d:String}", {"d": ns.db})}
    assert names == {"t0", "t1", "t2", "t3", LEDGER_TABLE}
    ledger = db.query(
        f"SELECT op_index, count() FROM {qualified(ns.db, LEDGER_TABLE)} WHERE plan = 'through-outage' "
        "AND outcome = 'applied' GROUP BY op_index ORDER BY op_index"
    )
    assert [(int(i), int(n)) for i, n in ledger] == [(0, 1), (1, 1), (2, 1), (3, 1)]
    assert [reason for reason, _ in events] == ["Succeeded"]
