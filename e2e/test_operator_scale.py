"""Scale: the resync of a namespace whose declarations match ClickHouse costs the same few statements whatever the
number of objects, runs no DDL and writes no status; and a soak of changes at 10 per second loses and duplicates
nothing (short here; bench/operator_load.py runs the full 5 minutes at 1,000 tables)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e import load
from e2e.controlplane import ControlPlane
from e2e.scenario import Namespace, condition, operator_thread
from olapctl.clickhouse.connect import Target
from olapctl.k8s import cluster as k8s_cluster
from olapctl.k8s import runner
from olapctl.k8s.reconcile import Config, reconcile_current, resync_namespace


@pytest.fixture
def unserved_ns(cluster: ControlPlane, chdb_path: Path) -> Iterator[Namespace]:
    """A dev namespace the embedded operator does not watch: only the test resyncs it, so every statement counted
    is the resync's."""
    ns = Namespace.create(cluster, "resync", chdb_path, "dev")
    yield ns
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


def versions(client: Any, namespace: str) -> dict[str, str]:
    return {item["metadata"]["name"]: item["metadata"]["resourceVersion"] for item in load.listing(client, namespace)}


def test_resync_in_sync_costs_constant_statements_no_ddl_no_status_write(
    unserved_ns: Namespace, cluster: ControlPlane, db: Target
) -> None:
    cfg, client, events = Config(), load.api(cluster), []

    def emit(body: dict[str, Any], type_: str, reason: str, message: str) -> None:
        events.append((body["metadata"]["name"], reason, message))

    def created(tables: range) -> None:
        """What the operator's create handler does for each new object."""
        load.create_tables(client, unserved_ns.name, tables, 8)
        assert resync_namespace(cfg, unserved_ns.name, emit) == 0  # left to the handlers: no status at generation 1
        for index in tables:
            reconcile_current(cfg, "OlapTable", unserved_ns.name, load.table_name(index), lambda *_: None)
        assert load.synced_count(client, unserved_ns.name) == tables.stop

    created(range(3))
    target = cfg.target(unserved_ns.name)
    with load.counted(target) as few:
        assert resync_namespace(cfg, unserved_ns.name, emit) == 0

    created(range(3, 30))
    before = versions(client, unserved_ns.name)
    with load.counted(target) as many:
        assert resync_namespace(cfg, unserved_ns.name, emit) == 0
    assert many == few, "the statements of a resync depend on the number of objects"
    assert many["command"] == 0 and many["insert"] == 0, f"a resync with nothing to do ran statements: {many}"
    assert 0 < many["query"] <= 12
    assert versions(client, unserved_ns.name) == before, "a resync with nothing to do wrote a status"

    # a change behind the operator's back: repaired, and only that table is touched
    db.command(f"ALTER TABLE {unserved_ns.db}.t0001 DROP COLUMN country_0")
    events.clear()
    assert resync_namespace(cfg, unserved_ns.name, emit) == 1
    assert [(name, reason) for name, reason, _ in events] == [("t0001", "Applied")]
    assert "country_0" in events[0][2]
    after = versions(client, unserved_ns.name)
    assert {name for name in before if after[name] != before[name]} <= {"t0001"}
    assert load.check_declared(client, unserved_ns.name, db, unserved_ns.db) == []


def test_a_resync_that_trusts_its_last_pass_still_sees_what_the_schema_does_not_show(
    unserved_ns: Namespace, cluster: ControlPlane, db: Target
) -> None:
    """A pass over unchanged objects and an unchanged schema trusts the last pass that found nothing to do; a view
    whose source table (undeclared, so outside what is compared) is dropped changes neither, yet its status says
    so at the next pass."""
    cfg, client = Config(), load.api(cluster)
    db.command(f"CREATE DATABASE IF NOT EXISTS {unserved_ns.db}")
    db.command(f"CREATE TABLE {unserved_ns.db}.src (id UInt64, status String) ENGINE = MergeTree ORDER BY id")
    load.create_tables(client, unserved_ns.name, range(3), 8)
    unserved_ns.apply(
        "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata:\n  name: open\n"
        "spec:\n  select: SELECT id FROM src WHERE status = 'open'\n"
    )
    for kind, name in [("OlapTable", load.table_name(i)) for i in range(3)] + [("View", "open")]:
        reconcile_current(cfg, kind, unserved_ns.name, name, lambda *_: None)
    target = cfg.target(unserved_ns.name)
    assert resync_namespace(cfg, unserved_ns.name, lambda *_: None) == 0  # a full pass: nothing to do
    with load.counted(target) as trusted:
        assert resync_namespace(cfg, unserved_ns.name, lambda *_: None) == 0
    assert trusted["command"] == 1, trusted  # the view's SELECT, run with LIMIT 0

    db.command(f"DROP TABLE {unserved_ns.db}.src")
    assert resync_namespace(cfg, unserved_ns.name, lambda *_: None) == 1
    view: dict[str, Any] = client.get_namespaced_custom_object(  # type: ignore[assignment]
        load.GROUP, load.VERSION, unserved_ns.name, "views", "open"
    )
    ready = condition(view, "Ready")
    assert (ready.get("status"), ready.get("reason")) == ("False", "WaitingForDependency"), ready
    assert f"reads {unserved_ns.db}.src, which is neither declared nor in the database" in ready["message"]


def test_soak_of_changes_at_10_per_second_loses_and_duplicates_nothing(
    dev_ns: Namespace, cluster: ControlPlane, db: Target
) -> None:
    client, tables = load.api(cluster), 20
    load.create_tables(client, dev_ns.name, range(tables), 8)
    load.wait_converged(client, dev_ns.name, tables, timeout=120)
    result = load.soak(client, dev_ns.name, tables, rate=10, seconds=15, drain_timeout=120)
    assert result.changes == 150
    assert result.drain_seconds is not None, "not every table was Synced at its last generation after 120 s"
    assert load.check_declared(client, dev_ns.name, db, dev_ns.db) == []
    assert load.check_applied(result) == []


def test_objects_created_at_once_are_each_reconciled_once(
    cluster: ControlPlane, chdb_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More creations at once than the operator has handler threads: every object is still reconciled once. After
    a reconcile kopf waits (at most its consistency timeout) to see its own patch before it handles the object's
    next event; that event must not wait behind the queued reconciles meanwhile, or it is handled past the wait as
    the creation again. Here 2 threads and a 2 s wait stand for 32 threads and 300 s under 10,000 creations."""
    monkeypatch.setattr(k8s_cluster, "HANDLER_THREADS", 2)
    monkeypatch.setattr(runner, "CONSISTENCY_TIMEOUT", 2.0)
    ns = Namespace.create(cluster, "burst", chdb_path, "dev")
    client, tables = load.api(cluster), 60
    cfg = Config(default_target=f"chdb://{chdb_path}?database=e2e_default", resync=600)
    try:
        with operator_thread(cfg, ["burst-*"]):
            load.create_tables(client, ns.name, range(tables), 8)
            load.wait_converged(client, ns.name, tables, timeout=180)
            time.sleep(3 * runner.CONSISTENCY_TIMEOUT)  # a second reconcile would come after the wait
            reasons = Counter(condition(item, "Ready").get("reason") for item in load.listing(client, ns.name))
        assert reasons == {"Applied": tables}, f"reconciled again after their creation: {reasons}"
    finally:
        cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)
