"""The MigrationPlan state machine, in process: every transition of k8s/plans.py, against the real engine (chdb),
with the API server's side held in memory (statuses merged as a JSON merge patch, as the API server does). The
e2e tests run the same code through kopf and a real kube-apiserver."""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clickhouse_connect.driver.exceptions import OperationalError

from olapctl.clickhouse.connect import Target, connect
from olapctl.engine.planning import make_plan
from olapctl.k8s.handlers import retry_delay
from olapctl.k8s.plans import reconcile_plan, run_plan
from olapctl.k8s.reconcile import Config, Retry, Unavailable
from olapctl.k8s.status import Decision, Phase, PlanStatus
from olapctl.manifests import namespace_declarations
from olapctl.schema.model import Snapshot

NS = "analytics"
_ids = itertools.count()
_clock = itertools.count()


def merge(old: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    out = dict(old) if isinstance(old, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge(out.get(k), v)
    return out


class Store:
    """The API server as the operator sees it through Config.api: a prod namespace's objects, in memory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.objects: dict[tuple[str, str], dict[str, Any]] = {}
        self.writes: list[dict[str, Any]] = []  # every status written, in order
        self.on_write: Callable[[dict[str, Any]], None] = lambda _: None
        self.versions = itertools.count(1)  # resourceVersion: every write changes it, as the API server's does

    def namespace_mode(self, namespace: str) -> str:
        return "prod"

    def list_objects(self, namespace: str, kind: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(o) for (k, _), o in sorted(self.objects.items()) if k == kind]

    def get_object(self, namespace: str, kind: str, name: str) -> dict[str, Any] | None:
        found = self.objects.get((kind, name))
        return copy.deepcopy(found) if found else None

    def declarations(self, namespace: str, default_database: str) -> Snapshot:
        items = [o for (k, _), o in self.objects.items() if k != "MigrationPlan"]
        return namespace_declarations(copy.deepcopy(items), default_database)

    def target_url(self, namespace: str, secret_name: str | None, default_target: str | None) -> str:
        return self.url

    def patch_status(self, namespace: str, kind: str, name: str, status: dict[str, Any]) -> None:
        obj = self.objects[(kind, name)]
        obj["status"] = merge(obj.get("status") or {}, copy.deepcopy(status))
        obj["metadata"]["resourceVersion"] = str(next(self.versions))
        self.writes.append(copy.deepcopy(obj["status"]))
        self.on_write(obj["status"])

    # what a user does with kubectl
    def put(self, kind: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
        old = self.objects.get((kind, name))
        meta = {
            "name": name,
            "namespace": NS,
            "generation": (old["metadata"]["generation"] + 1) if old else 1,
            "creationTimestamp": old["metadata"]["creationTimestamp"] if old else f"2026-11-30T00:{next(_clock):05d}Z",
            "resourceVersion": str(next(self.versions)),
        }
        obj = {"apiVersion": "olapctl.dev/v1alpha1", "kind": kind, "metadata": meta, "spec": spec}
        if old and "status" in old:
            obj["status"] = old["status"]
        self.objects[(kind, name)] = obj
        return obj

    def status(self, name: str) -> dict[str, Any]:
        return dict(self.objects[("MigrationPlan", name)].get("status") or {})


def table(name: str, *columns: str) -> dict[str, Any]:
    cols = [{"name": "id", "type": "UInt64"}] + [{"name": c, "type": "String"} for c in columns]
    return {"name": name, "columns": cols, "orderBy": ["id"]}


class World:
    def __init__(self, store: Store, target: Target) -> None:
        self.store, self.target = store, target
        self.cfg = Config(default_target=store.url, api=store)
        self.events: list[tuple[str, str, str]] = []

    def declare(self, name: str, *columns: str) -> None:
        self.store.put("OlapTable", name, table(name, *columns))

    def plan(
        self, name: str, approved: bool = True, allow_destructive: bool = False, by: Target | None = None
    ) -> dict[str, Any]:
        """A plan of the declarations against the live database, as `olapctl plan --from-cluster` makes it (`by`
        someone with more access than the namespace's target, if given)."""
        made = make_plan(by or self.target, self.store.declarations(NS, self.target.database), name)
        spec = made.spec_document()
        spec.update(approved=approved, allowDestructive=allow_destructive)
        return self.store.put("MigrationPlan", name, spec)

    def reconcile(self, name: str) -> PlanStatus:
        body = self.store.get_object(NS, "MigrationPlan", name)
        assert body is not None
        return run_plan(self.cfg, body, lambda *event: self.events.append(event))

    def decide(self, name: str) -> Decision[PlanStatus]:
        body = self.store.get_object(NS, "MigrationPlan", name)
        assert body is not None
        return reconcile_plan(self.cfg, body)

    def columns(self, name: str) -> list[str]:
        rows = self.target.query(
            "SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position",
            {"d": self.target.database, "t": name},
        )
        return [str(r[0]) for r in rows]

    def run(self, sql: str) -> None:
        self.target.command(sql)

    def reasons(self) -> list[str]:
        return [reason for _, reason, _ in self.events]


@pytest.fixture
def world(chdb_path: Path) -> Iterator[World]:
    db = f"plans{next(_ids)}"
    url = f"chdb://{chdb_path}?database={db}"
    target = connect(url)
    yield World(Store(url), target)
    target.command(f"DROP DATABASE IF EXISTS `{db}` SYNC")


def condition(status: dict[str, Any], type_: str) -> dict[str, Any]:
    return next(c for c in status["conditions"] if c["type"] == type_)


def test_an_invalid_plan_fails_once_and_is_evaluated_again_when_edited(world: World) -> None:
    world.store.put("MigrationPlan", "bad", {"operations": "drop everything", "approved": True})
    assert world.reconcile("bad").phase == Phase.FAILED
    status = world.store.status("bad")
    assert condition(status, "Ready")["reason"] == "InvalidPlan"
    assert "spec.operations must be a list" in status["message"]
    assert world.reasons() == ["InvalidPlan"]
    writes = len(world.store.writes)
    world.reconcile("bad")  # final at this generation: nothing written, nothing posted
    assert len(world.store.writes) == writes and world.reasons() == ["InvalidPlan"]
    world.declare("events")
    plan = world.plan("bad", approved=False)  # the user fixes it: a new generation
    assert plan["metadata"]["generation"] == 2
    assert world.reconcile("bad").phase == Phase.AWAITING_APPROVAL


def test_an_unapproved_plan_awaits_approval_and_touches_nothing(world: World) -> None:
    world.declare("events", "kind")
    world.plan("release-1", approved=False)
    status = world.reconcile("release-1")
    assert status.phase == Phase.AWAITING_APPROVAL and status.progress == "0/1" and status.risk == "safe"
    assert condition(world.store.status("release-1"), "Approved")["status"] == "False"
    assert world.columns("events") == [] and world.events == []


def test_an_approved_plan_applies_writing_progress_then_succeeds_once(world: World) -> None:
    world.declare("events", "kind")
    world.declare("users")
    world.plan("release-1")
    status = world.reconcile("release-1")
    assert status.phase == Phase.SUCCEEDED and status.progress == "2/2"
    assert [w["phase"] for w in world.store.writes] == ["Applying", "Applying", "Applying", "Succeeded"]
    assert [w["progress"] for w in world.store.writes] == ["0/2", "1/2", "2/2", "2/2"]
    final = world.store.status("release-1")
    assert condition(final, "Ready")["reason"] == "Succeeded" and final["drifted"] == "no"
    assert final["startedAt"] <= final["finishedAt"]
    assert world.columns("events") == ["id", "kind"] and world.columns("users") == ["id"]
    assert world.reasons() == ["Succeeded"]
    world.reconcile("release-1")  # the timer comes back: final, nothing runs again
    assert len(world.store.writes) == 4 and world.reasons() == ["Succeeded"]


def test_a_plan_waits_while_another_holds_its_target(world: World) -> None:
    world.declare("events")
    world.plan("release-1")
    busy = world.cfg.object_lock("MigrationPlanTarget", NS, "")
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with busy:
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        with pytest.raises(Retry, match="another plan on the same target") as retry:
            world.reconcile("release-1")
        assert retry.value.delay == 5
        assert [retry_delay(retry.value, n) for n in range(5)] == [5] * 5  # a queued plan looks again every 5 s
    finally:
        release.set()
        thread.join()
    status = world.store.status("release-1")
    assert status["phase"] == "Pending" and condition(status, "Ready")["reason"] == "Queued"
    assert world.columns("events") == []
    assert world.reconcile("release-1").phase == Phase.SUCCEEDED


def test_plans_on_one_target_apply_in_creation_order(world: World) -> None:
    world.declare("events")
    world.plan("release-1", approved=False)
    world.plan("release-1")  # approved: first in line
    world.declare("users")
    world.plan("release-2")
    with pytest.raises(Retry, match="waiting for release-1"):
        world.reconcile("release-2")
    assert condition(world.store.status("release-2"), "Ready")["message"] == (
        "waiting for MigrationPlan release-1 on the same target"
    )
    assert world.columns("users") == []
    assert world.reconcile("release-1").phase == Phase.FAILED  # the declarations moved on to release-2: stale
    assert condition(world.store.status("release-1"), "Ready")["reason"] == "StalePlan"
    assert world.reconcile("release-2").phase == Phase.SUCCEEDED  # first in line now
    assert world.columns("events") == ["id"] and world.columns("users") == ["id"]


def test_drift_refuses_then_the_plan_applies_once_the_live_state_matches_again(world: World) -> None:
    world.declare("events")
    world.plan("base")
    world.reconcile("base")
    world.declare("events", "channel")
    world.plan("add-channel")
    world.run(f"ALTER TABLE `{world.target.database}`.events ADD COLUMN hotfix_flag String")  # by hand, meanwhile
    status = world.reconcile("add-channel")
    assert status.phase == Phase.DRIFTED and status.drifted == "yes"
    drift = world.store.status("add-channel")["drift"]
    assert drift["summary"] == "1 object(s) differ from expectedState"
    [changed] = drift["tables"]
    assert changed["object"] == f"{world.target.database}.events"
    assert any("hotfix_flag" in line and "expected" in line and "live" in line for line in changed["changes"])
    assert "channel" not in world.columns("events")
    assert world.reasons()[-1] == "Drifted"
    writes = len(world.store.writes)
    assert world.reconcile("add-channel").phase == Phase.DRIFTED  # checked again (each resync), still drifted:
    assert len(world.store.writes) == writes  # it never said Applying meanwhile, and nothing is written
    world.run(f"ALTER TABLE `{world.target.database}`.events DROP COLUMN hotfix_flag")  # the hotfix is undone
    status = world.reconcile("add-channel")  # not final: it applies now that its snapshot matches
    assert status.phase == Phase.SUCCEEDED and world.columns("events") == ["id", "channel"]
    phases = [w["phase"] for w in world.store.writes[writes:]]
    assert phases[0] == "Applying" and phases[-1] == "Succeeded"  # Applying once its checks passed
    final = world.store.status("add-channel")
    assert final["drifted"] == "no" and "drift" not in final
    assert condition(final, "Drifted")["status"] == "False"


def test_a_drifted_plan_holds_no_one_up_and_a_newer_plan_supersedes_it(world: World) -> None:
    world.declare("events")
    world.plan("base")
    world.reconcile("base")
    world.declare("events", "channel")
    world.plan("add-channel")
    world.run(f"ALTER TABLE `{world.target.database}`.events ADD COLUMN hotfix_flag String")
    assert world.reconcile("add-channel").phase == Phase.DRIFTED
    world.declare("events", "hotfix_flag", "channel")  # the team keeps the hotfix
    world.plan("keep-hotfix")
    assert world.reconcile("keep-hotfix").phase == Phase.SUCCEEDED  # not queued behind the Drifted plan
    status = world.reconcile("add-channel")
    assert status.phase == Phase.SUPERSEDED
    assert status.message == "superseded by MigrationPlan keep-hotfix on the same target: nothing applied"
    assert world.reasons()[-1] == "Superseded"
    assert world.columns("events") == ["id", "hotfix_flag", "channel"]  # applied once, by keep-hotfix


def test_a_plan_the_declarations_moved_past_is_stale(world: World) -> None:
    world.declare("events")
    world.plan("release-1")
    world.declare("events", "channel")  # declarations changed after the plan was made
    status = world.reconcile("release-1")
    assert status.phase == Phase.FAILED
    final = world.store.status("release-1")
    assert condition(final, "Ready")["reason"] == "StalePlan" and "channel" in final["message"]
    assert world.columns("events") == []


def test_a_destructive_plan_without_allow_destructive_is_refused(world: World) -> None:
    world.declare("events", "kind")
    world.plan("base")
    world.reconcile("base")
    world.declare("events")
    world.plan("drop-kind")
    status = world.reconcile("drop-kind")
    assert status.phase == Phase.FAILED
    assert condition(world.store.status("drop-kind"), "Ready")["reason"] == "DestructiveRefused"
    assert world.columns("events") == ["id", "kind"]


def test_a_plan_outside_the_target_allowance_is_not_allowed(world: World) -> None:
    """A tenant's plan written with wider access (or by hand) is refused by the namespace's target."""
    world.store.put("OlapTable", "other", {**table("other"), "database": "someone_elses"})
    world.plan("reach-out", by=connect(world.store.url + "&databases=someone_elses"))
    status = world.reconcile("reach-out")
    assert status.phase == Phase.FAILED
    final = world.store.status("reach-out")
    assert condition(final, "Ready")["reason"] == "NotAllowed" and "someone_elses" in final["message"]
    rows = world.target.query("SELECT count() FROM system.databases WHERE name = 'someone_elses'")
    assert rows[0][0] == 0


def test_an_operation_clickhouse_refuses_fails_the_plan_at_its_index(world: World) -> None:
    world.declare("events", "kind")
    world.plan("base")
    world.reconcile("base")
    world.run(f"INSERT INTO `{world.target.database}`.events VALUES (1, 'not a number')")
    world.declare("users")
    world.store.put(
        "OlapTable",
        "events",
        {**table("events"), "columns": [{"name": "id", "type": "UInt64"}, {"name": "kind", "type": "UInt32"}]},
    )
    world.plan("retype", allow_destructive=True)
    ops = world.store.objects[("MigrationPlan", "retype")]["spec"]["operations"]
    assert [next(iter(op)) for op in ops] == ["ModifyTableColumn", "CreateTable"]
    status = world.reconcile("retype")
    assert status.phase == Phase.FAILED and status.progress == "0/2"
    final = world.store.status("retype")
    assert condition(final, "Ready")["reason"] == "OperationFailed"
    assert condition(final, "Succeeded")["status"] == "False"
    assert world.columns("users") == []  # nothing after the refused operation ran


def test_a_change_made_during_the_apply_fails_verification(world: World) -> None:
    world.declare("events")
    world.plan("base")
    world.reconcile("base")
    world.declare("events", "channel")
    world.plan("add-channel")

    def meanwhile(status: dict[str, Any]) -> None:
        if status.get("progress") == "1/1" and "sneaky" not in world.columns("events"):
            world.run(f"ALTER TABLE `{world.target.database}`.events ADD COLUMN sneaky Int8")

    world.store.on_write = meanwhile
    status = world.reconcile("add-channel")
    assert status.phase == Phase.FAILED
    final = world.store.status("add-channel")
    assert condition(final, "Ready")["reason"] == "VerificationFailed" and "sneaky" in final["message"]


def test_clickhouse_going_away_mid_plan_retries_and_resumes(world: World) -> None:
    world.declare("a")
    world.declare("b")
    world.plan("two")
    target = world.cfg.target(NS)
    saved = {name: getattr(target, name) for name in ("query", "command", "insert")}

    def down(*_: Any, **__: Any) -> Any:
        raise OperationalError("Error HTTPConnectionPool(host='127.0.0.1', port=8123): Connection refused")

    def outage(status: dict[str, Any]) -> None:
        if status.get("progress") == "1/2":
            for name in saved:
                setattr(target, name, down)

    world.store.on_write = outage
    with pytest.raises(Retry, match="ClickHouse unavailable") as retry:
        world.reconcile("two")
    assert isinstance(retry.value, Unavailable) and retry.value.delay == 10
    # while it lasts, each attempt waits twice as long, up to a minute (a thousand objects on one target otherwise
    # cost the API server 258 requests/s)
    assert [retry_delay(retry.value, n) for n in range(6)] == [10, 20, 40, 60, 60, 60]
    status = world.store.status("two")
    assert status["phase"] == "Applying" and status["progress"] == "1/2"
    assert condition(status, "Ready")["reason"] == "TargetUnavailable"
    assert "ClickHouse unavailable, retrying" in status["message"]
    for name, method in saved.items():
        setattr(target, name, method)
    world.store.on_write = lambda _: None
    resumed = world.reconcile("two")
    assert resumed.phase == Phase.SUCCEEDED and resumed.message == "applied and verified (resumed at operation 2)"
    assert world.columns("a") == ["id"] and world.columns("b") == ["id"]


def test_every_decision_is_written_by_one_writer(world: World) -> None:
    """reconcile_plan decides without writing, except the progress of a plan that applies."""
    world.declare("events")
    world.plan("release-1", approved=False)
    decision = world.decide("release-1")
    assert world.store.writes == [] and decision.retry is None
    assert decision.status.document()["phase"] == "AwaitingApproval"
