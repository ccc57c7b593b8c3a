"""Dev-mode objects reconciled together: what arrives while a batch runs goes in the next one (k8s/batching.py),
and the objects of one batch are planned and applied in one plan (reconcile.reconcile_objects) against the real
engine (chdb). Each object still gets its own status and Events; a batch that cannot be planned or applied falls
back to each object alone, and loses nothing."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from olapctl.clickhouse.connect import Target
from olapctl.k8s.batching import Batches
from olapctl.k8s.reconcile import Job, Scope, reconcile_objects
from olapctl.k8s.status import Condition, Decision, ObjectStatus, Reason

NS = "team-a"


@pytest.fixture
def scope(target: Target) -> Scope:
    """A dev namespace's scope on the suite's engine (chdb: one data path per process), its database new."""
    target.command(f"CREATE DATABASE IF NOT EXISTS {target.database}")
    return Scope(NS, "dev", target)


def obj(kind: str, name: str, spec: dict[str, Any], generation: int = 1) -> Job:
    body = {
        "apiVersion": "olapctl.dev/v1alpha1",
        "kind": kind,
        "metadata": {"name": name, "namespace": NS, "generation": generation},
        "spec": spec,
    }
    return kind, body, ()


def table(name: str, *columns: str) -> Job:
    cols = [{"name": "id", "type": "UInt64"}, *({"name": c, "type": "String"} for c in columns)]
    return obj("OlapTable", name, {"columns": cols, "orderBy": ["id"]})


def live_columns(scope: Scope, name: str) -> list[str]:
    rows = scope.target.query(
        "SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position",
        {"d": scope.target.database, "t": name},
    )
    return [r[0] for r in rows]


def ready(decision: Decision[ObjectStatus]) -> Condition:
    found = decision.status.get("Ready")
    assert found is not None
    return found


def ready_reason(decision: Decision[ObjectStatus]) -> str:
    return str(ready(decision).reason)


# ------------------------------------------------------------------------------------------ group commit


def test_callers_arriving_during_a_batch_go_together_in_the_next_and_each_gets_its_own_result() -> None:
    batches: Batches[int, int] = Batches()
    sizes: list[list[int]] = []
    first_running, release = threading.Event(), threading.Event()

    def work(jobs: list[int]) -> list[int]:
        sizes.append(sorted(jobs))
        if len(sizes) == 1:
            first_running.set()
            release.wait(10)
        return [j * 10 for j in jobs]

    results: dict[int, int] = {}

    def call(j: int) -> None:
        results[j] = batches.run("ns", j, work)

    first = threading.Thread(target=call, args=(0,))
    first.start()
    assert first_running.wait(10)
    others = [threading.Thread(target=call, args=(j,)) for j in range(1, 9)]
    for t in others:
        t.start()
    deadline = time.monotonic() + 10
    while len(batches._waiting.get("ns", [])) < 8 and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert results == {j: j * 10 for j in range(9)}
    assert sizes == [[0], list(range(1, 9))]  # each job ran once; the eight that waited, in one batch
    assert "ns" not in batches._waiting  # nothing left behind


def test_a_failed_batch_fails_its_own_callers_only() -> None:
    batches: Batches[str, str] = Batches()

    def work(jobs: list[str]) -> list[str]:
        if "bad" in jobs:
            raise ValueError("engine gone")
        return [j.upper() for j in jobs]

    with pytest.raises(ValueError, match="engine gone"):
        batches.run("ns", "bad", work)
    assert batches.run("ns", "good", work) == "GOOD"
    assert batches.run("other-ns", "x", work) == "X"


# ------------------------------------------------------------------------------------------ one plan for a batch


def test_a_batch_is_applied_in_one_plan_and_each_object_reports_its_own_operations(scope: Scope) -> None:
    statements: list[str] = []
    target = scope.target
    run_query, run_command = target.query, target.command

    def query(sql: str, *a: Any, **k: Any) -> Any:
        statements.append(sql)
        return run_query(sql, *a, **k)

    def command(sql: str, *a: Any, **k: Any) -> Any:
        statements.append(sql)
        return run_command(sql, *a, **k)

    target.query, target.command = query, command  # type: ignore[method-assign]
    target.command(f"CREATE TABLE {target.database}.kept (id UInt64) ENGINE = MergeTree ORDER BY id")
    statements.clear()
    jobs = [table("orders", "city"), table("users", "email", "plan"), table("kept"), table("events", "kind")]
    decisions = reconcile_objects(scope, jobs)

    assert [ready_reason(d) for d in decisions] == [Reason.APPLIED, Reason.APPLIED, Reason.IN_SYNC, Reason.APPLIED]
    assert live_columns(scope, "users") == ["id", "email", "plan"]
    assert decisions[1].status.last_applied_operations[0].startswith(f"+ Table: {target.database}.users")
    assert all("orders" not in line for line in decisions[1].status.last_applied_operations)
    assert [e.reason for e in decisions[1].events] == [Reason.APPLIED]
    assert decisions[2].events == [] and decisions[2].status.last_applied_operations == []
    assert all(d.status.observed_generation == 1 and d.status.mode == "dev" for d in decisions)
    # one plan: the live state is read once before and once after (each time, the fingerprints, then the objects
    # that changed), whatever the number of objects; alone, each of the four would have read it twice
    reads = [s for s in statements if "FROM system.tables" in s]
    assert len(reads) == 4, reads
    assert sum(s.startswith("CREATE TABLE") for s in statements) == 3


def test_a_batch_that_cannot_be_planned_falls_back_to_each_object_alone(scope: Scope) -> None:
    db = scope.target.database
    mv = obj(
        "MaterializedView",
        "broken-mv",
        {"select": "SELECT id, no_such_column AS x FROM orders", "to": {"table": "sink"}},
    )
    invalid = obj("OlapTable", "bad", {"columns": [{"name": "id", "type": "NoSuchType"}], "orderBy": ["id"]})
    jobs = [table("orders", "city"), mv, table("sink", "x"), invalid]
    decisions = reconcile_objects(scope, jobs)

    reasons = [ready_reason(d) for d in decisions]
    assert reasons[0] == reasons[2] == Reason.APPLIED  # the good ones are created all the same
    assert live_columns(scope, "orders") == ["id", "city"] and live_columns(scope, "sink") == ["id", "x"]
    assert reasons[1] not in (Reason.APPLIED, Reason.IN_SYNC)
    assert "no_such_column" in ready(decisions[1]).message
    assert reasons[3] == Reason.INVALID_SPEC and "NoSuchType" in ready(decisions[3]).message
    assert scope.target.query(f"SELECT count() FROM system.tables WHERE database = '{db}' AND name = 'broken_mv'") == [
        (0,)
    ]


def test_two_objects_of_a_batch_declaring_one_table_each_report_it_and_nothing_is_applied(scope: Scope) -> None:
    kind, first, _ = table("orders", "city")
    _, second, _ = obj(
        "OlapTable", "orders-copy", {"name": "orders", "columns": [{"name": "id", "type": "UInt64"}], "orderBy": ["id"]}
    )
    decisions = reconcile_objects(
        scope, [(kind, first, ["OlapTable/orders-copy"]), (kind, second, ["OlapTable/orders"])]
    )
    assert [ready_reason(d) for d in decisions] == [Reason.CONFLICT, Reason.CONFLICT]
    assert live_columns(scope, "orders") == []
