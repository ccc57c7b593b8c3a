"""The generated CRDs (crds/) on a real kube-apiserver: accepted, structural, validating, CEL rules enforced."""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e.controlplane import ControlPlane
from olapctl.k8s.crds import DESTRUCTIVE_MESSAGE, IMMUTABLE_MESSAGE
from olapctl.plan.operations import AddTableColumn
from olapctl.plan.planfile import State, plan_from_spec
from olapctl.schema.model import Column, OlapTable, Snapshot

ROOT = Path(__file__).resolve().parents[1]
CRDS = ROOT / "crds"
EXAMPLE = ROOT / "examples" / "tables" / "events.yaml"
CRD_NAMES = [
    "olaptables.olapctl.dev",
    "materializedviews.olapctl.dev",
    "views.olapctl.dev",
    "migrationplans.olapctl.dev",
]


def _retry(cp: ControlPlane, *args: str, input: str | None = None, timeout: float = 30) -> str:
    """kubectl until it succeeds: discovery may lag a moment behind a CRD becoming Established."""
    deadline = time.monotonic() + timeout
    while True:
        result = cp.kubectl(*args, input=input, check=False)
        if result.returncode == 0:
            return result.stdout
        assert time.monotonic() < deadline, result.stderr
        time.sleep(0.5)


def _rejected(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, f"accepted, expected a rejection:\n{result.stdout}"
    return result.stderr


@pytest.fixture(scope="module")
def installed(control_plane: ControlPlane) -> ControlPlane:
    """crds/ applied (server-side) and Established; the resources are usable by kubectl."""
    control_plane.kubectl("apply", "--server-side", "-f", str(CRDS))
    for name in CRD_NAMES:
        control_plane.kubectl("wait", "--for=condition=Established", f"crd/{name}", "--timeout=60s")
    _retry(control_plane, "get", "olaptables,materializedviews,views,migrationplans", "-A")
    return control_plane


@pytest.fixture
def ns(installed: ControlPlane) -> Iterator[str]:
    """A namespace of this test's own (no namespace controller runs, so it is left Terminating at the end)."""
    name = f"crds-{uuid.uuid4().hex[:8]}"
    installed.kubectl("create", "namespace", name)
    yield name
    installed.kubectl("delete", "namespace", name, "--wait=false", check=False)


def test_crds_apply_and_become_established(installed: ControlPlane) -> None:
    # Idempotent: applying the same files again changes nothing.
    again = installed.kubectl("apply", "--server-side", "-f", str(CRDS)).stdout
    assert again.count("serverside-applied") == 4, again
    for name in CRD_NAMES:
        crd = json.loads(installed.kubectl("get", "crd", name, "-o", "json").stdout)
        conditions = {c["type"]: c["status"] for c in crd["status"]["conditions"]}
        assert conditions.get("Established") == "True", (name, conditions)
        assert conditions.get("NamesAccepted") == "True", (name, conditions)
        assert "NonStructuralSchema" not in conditions, (name, conditions)
    resources = installed.kubectl("api-resources", "--api-group=olapctl.dev", "-o", "wide").stdout
    for line in ("olaptables", "olt"), ("materializedviews", "olmv"), ("views", "olv"), ("migrationplans", "mplan"):
        assert any(line[0] in row and line[1] in row and "olapctl" in row for row in resources.splitlines()), resources


VIEW = """
apiVersion: olapctl.dev/v1alpha1
kind: View
metadata:
  name: recent-events
spec:
  select: "SELECT * FROM events WHERE ts > now() - INTERVAL 1 DAY"
"""


def test_valid_resources_are_accepted_and_listed(installed: ControlPlane, ns: str) -> None:
    kubectl = installed.kubectl
    kubectl("apply", "--server-side", "--validate=strict", "-n", ns, "-f", str(EXAMPLE))
    kubectl("apply", "--server-side", "--validate=strict", "-n", ns, "-f", "-", input=VIEW)

    assert kubectl("get", "olt", "-n", ns, "-o", "name").stdout.split() == [
        "olaptable.olapctl.dev/daily-counts",
        "olaptable.olapctl.dev/events",
    ]
    assert kubectl("get", "olmv", "-n", ns, "-o", "name").stdout.split() == [
        "materializedview.olapctl.dev/events-per-day"
    ]
    assert kubectl("get", "olv", "-n", ns, "-o", "name").stdout.split() == ["view.olapctl.dev/recent-events"]
    assert sorted(kubectl("get", "olapctl", "-n", ns, "-o", "name").stdout.split()) == [
        "materializedview.olapctl.dev/events-per-day",
        "olaptable.olapctl.dev/daily-counts",
        "olaptable.olapctl.dev/events",
        "view.olapctl.dev/recent-events",
    ]
    table = kubectl("get", "olt", "events", "-n", ns, "-o", "wide").stdout.splitlines()
    assert table[0].split() == ["NAME", "TABLE", "DATABASE", "MODE", "SYNCED", "AGE"]

    # The API server's defaults keep the stored spec valid for the model (name defaults from metadata.name).
    items = json.loads(kubectl("get", "olapctl", "-n", ns, "-o", "json").stdout)["items"]
    events = next(i for i in items if i["metadata"]["name"] == "events")
    assert events["spec"]["lifeCycle"] == "FullyManaged"
    assert events["spec"]["engine"] == {"type": "ReplacingMergeTree", "ver": "updated_at"}
    assert events["spec"]["indexes"][0]["granularity"] == 4
    model = OlapTable.model_validate({"name": "events", **events["spec"]})
    assert [c.name for c in model.columns] == ["id", "status", "ts", "payload", "updated_at"]
    counts = next(i for i in items if i["metadata"]["name"] == "daily-counts")
    assert OlapTable.model_validate({"name": "daily_counts", **counts["spec"]}).engine.type == "SummingMergeTree"


def _table(name: str, spec: dict[str, Any]) -> str:
    return json.dumps({"apiVersion": "olapctl.dev/v1alpha1", "kind": "OlapTable", "metadata": {"name": name},
                       "spec": spec})  # fmt: skip


GOOD_COLUMNS = [{"name": "id", "type": "String"}]
UNKNOWN = r"unknown field|field not declared in schema"  # update / server-side apply wording

# (spec, the field the error must name, what it must say about it)
INVALID: dict[str, tuple[dict[str, Any], str, str]] = {
    "no-columns": ({"orderBy": ["id"]}, "spec.columns", "Required value"),
    "empty-columns": ({"columns": []}, "spec.columns", "at least 1 items"),
    "bad-lifecycle": (
        {"columns": GOOD_COLUMNS, "lifeCycle": "Sometimes"},
        "spec.lifeCycle",
        'Unsupported value: "Sometimes"',
    ),
    "column-without-type": ({"columns": [{"name": "id"}]}, "spec.columns[0].type", "Required value"),
    "unknown-column-field": ({"columns": [{**GOOD_COLUMNS[0], "null": True}]}, "spec.columns[0].null", UNKNOWN),
    "unknown-spec-field": ({"columns": GOOD_COLUMNS, "partitionKey": "id"}, "spec.partitionKey", UNKNOWN),
    "granularity-0": (
        {"columns": GOOD_COLUMNS, "indexes": [{"name": "i", "expression": "id", "type": "set(1)", "granularity": 0}]},
        "spec.indexes[0].granularity",
        "greater than or equal to 1",
    ),
    "setting-not-a-scalar": (
        {"columns": GOOD_COLUMNS, "settings": {"index_granularity": [8192]}},
        "spec.settings.index_granularity",
        r"must be of type|expected|Invalid value",
    ),
}


def test_setting_values_may_be_numbers_or_strings(installed: ControlPlane, ns: str) -> None:
    spec = {"columns": GOOD_COLUMNS, "settings": {"index_granularity": 8192, "storage_policy": "default"}}
    installed.kubectl("apply", "--server-side", "--validate=strict", "-n", ns, "-f", "-", input=_table("nums", spec))
    stored = json.loads(installed.kubectl("get", "olt", "nums", "-n", ns, "-o", "json").stdout)["spec"]["settings"]
    assert stored == {"index_granularity": 8192, "storage_policy": "default"}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_specs_are_rejected_naming_the_field(installed: ControlPlane, ns: str, case: str) -> None:
    spec, field, why = INVALID[case]
    for how in (("apply", "--server-side", "--validate=strict"), ("create", "--validate=strict")):
        err = _rejected(installed.kubectl(*how, "-n", ns, "-f", "-", input=_table("bad", spec), check=False))
        assert re.search(rf"(?<!\w){re.escape(field)}\b", err), (how, err)
        assert re.search(why, err), (how, err)
    assert installed.kubectl("get", "olt", "-n", ns, "-o", "name").stdout == ""


# ---------------------------------------------------------------------------------------------------------------------
# MigrationPlan


def _plan(name: str) -> dict[str, Any]:
    """A small plan with real states and hashes: add column `status` to analytics.events."""
    before = OlapTable(name="events", database="analytics", columns=[Column(name="id", data_type="String")])
    added = Column(name="status", data_type="LowCardinality(String)", default="'new'")
    after = before.model_copy(update={"columns": [*before.columns, added]})
    op = AddTableColumn(database="analytics", table="events", column=added, after_column="id")
    return {
        "apiVersion": "olapctl.dev/v1alpha1",
        "kind": "MigrationPlan",
        "metadata": {"name": name},
        "spec": {
            "approved": False,
            "allowDestructive": False,
            "createdAt": "2024-05-01T00:00:00Z",
            "operations": [op.document()],
            "expectedState": State.of(Snapshot(tables={"analytics.events": before})).document(),
            "desiredState": State.of(Snapshot(tables={"analytics.events": after})).document(),
        },
    }


def _patch(
    cp: ControlPlane, ns: str, name: str, patch: dict[str, Any], *extra: str
) -> subprocess.CompletedProcess[str]:
    return cp.kubectl("patch", "mplan", name, "-n", ns, "--type=merge", "-p", json.dumps(patch), *extra, check=False)


def _get(cp: ControlPlane, ns: str, name: str) -> dict[str, Any]:
    return json.loads(cp.kubectl("get", "migrationplan", name, "-n", ns, "-o", "json").stdout)  # type: ignore[no-any-return]


def test_approved_plan_is_immutable(installed: ControlPlane, ns: str) -> None:
    cp = installed
    plan = _plan("add-status")
    cp.kubectl("apply", "--server-side", "--validate=strict", "-n", ns, "-f", "-", input=json.dumps(plan))

    # What the API server stores is still a readable plan: nothing pruned, the state hashes still match.
    stored = _get(cp, ns, "add-status")
    assert stored["spec"] == plan["spec"]
    read = plan_from_spec("add-status", stored["spec"], "stored", ns)
    assert [op.kind for op in read.operations] == ["AddTableColumn"]

    # Not approved yet: the operations may change.
    op = plan["spec"]["operations"][0]
    moved = {"AddTableColumn": {**op["AddTableColumn"], "after_column": None}}
    assert _patch(cp, ns, "add-status", {"spec": {"operations": [moved]}}).returncode == 0
    assert "after_column" not in _get(cp, ns, "add-status")["spec"]["operations"][0]["AddTableColumn"]
    assert _patch(cp, ns, "add-status", {"spec": {"operations": [op]}}).returncode == 0

    assert _patch(cp, ns, "add-status", {"spec": {"approved": True}}).returncode == 0
    approved = _get(cp, ns, "add-status")["spec"]

    changes: list[dict[str, Any]] = [
        {"operations": [moved]},
        {"operations": [op, op]},
        {"expectedState": {"hash": "sha256:0"}},
        {"desiredState": {"tables": None}},
        {"approved": False, "operations": [moved]},  # revoking in the same update does not unlock the content
    ]
    for change in changes:
        err = _rejected(_patch(cp, ns, "add-status", {"spec": change}))
        assert IMMUTABLE_MESSAGE in err, (change, err)
    edited = json.loads(json.dumps(plan))
    edited["spec"]["approved"] = True
    edited["spec"]["expectedState"]["hash"] = "sha256:edited"
    err = _rejected(cp.kubectl("apply", "--server-side", "-n", ns, "-f", "-", input=json.dumps(edited), check=False))
    assert IMMUTABLE_MESSAGE in err, err
    assert _get(cp, ns, "add-status")["spec"] == approved

    # Labels, annotations and status stay writable.
    cp.kubectl("label", "mplan", "add-status", "-n", ns, "olapctl.dev/reviewed-by=alice")
    cp.kubectl("annotate", "mplan", "add-status", "-n", ns, "note=ok")
    status = {"status": {"phase": "Applying", "appliedOperations": 0, "totalOperations": 1, "progress": "0/1"}}
    assert _patch(cp, ns, "add-status", status, "--subresource=status").returncode == 0
    got = _get(cp, ns, "add-status")
    assert got["metadata"]["labels"] == {"olapctl.dev/reviewed-by": "alice"}
    assert got["status"]["progress"] == "0/1"
    assert got["spec"] == approved

    # allowDestructive cannot be switched on under an existing approval ...
    err = _rejected(_patch(cp, ns, "add-status", {"spec": {"allowDestructive": True}}))
    assert DESTRUCTIVE_MESSAGE in err and "spec.allowDestructive" in err, err
    # ... only together with revoking it, then approved again.
    assert _patch(cp, ns, "add-status", {"spec": {"allowDestructive": True, "approved": False}}).returncode == 0
    assert _patch(cp, ns, "add-status", {"spec": {"approved": True}}).returncode == 0
    # Switching it off again, or revoking approval, is always allowed.
    assert _patch(cp, ns, "add-status", {"spec": {"allowDestructive": False}}).returncode == 0
    assert _patch(cp, ns, "add-status", {"spec": {"approved": False}}).returncode == 0
    # Once revoked, the content may change again.
    assert _patch(cp, ns, "add-status", {"spec": {"operations": [moved]}}).returncode == 0


def test_plan_spec_is_validated(installed: ControlPlane, ns: str) -> None:
    def create(spec_change: dict[str, Any], drop: str | None = None) -> str:
        plan = _plan("bad")
        plan["spec"].update(spec_change)
        if drop:
            del plan["spec"][drop]
        return _rejected(installed.kubectl("create", "--validate=strict", "-n", ns, "-f", "-", input=json.dumps(plan),
                                           check=False))  # fmt: skip

    assert "spec.expectedState: Required value" in create({}, drop="expectedState")
    assert "spec.operations: Required value" in create({}, drop="operations")
    assert "spec.approved: Invalid value" in create({"approved": "yes"})
    assert "spec.operations[0]" in create({"operations": [{"AddTableColumn": {}, "DropTable": {}}]})
    assert 'unknown field "spec.target.secret"' in create({"target": {"secret": "x"}})
    assert 'unknown field "spec.autoApprove"' in create({"autoApprove": True})
    assert installed.kubectl("get", "mplan", "-n", ns, "-o", "name").stdout == ""


def test_printer_columns_show_status(installed: ControlPlane, ns: str) -> None:
    cp = installed
    cp.kubectl("create", "-n", ns, "-f", "-", input=json.dumps(_plan("deploy-1")))
    status = {
        "phase": "AwaitingApproval",
        "risk": "destructive",
        "progress": "0/1",
        "drifted": "no",
        "totalOperations": 1,
    }
    assert _patch(cp, ns, "deploy-1", {"status": status}, "--subresource=status").returncode == 0
    lines = cp.kubectl("get", "migrationplans", "-n", ns).stdout.splitlines()
    assert lines[0].split() == ["NAME", "PHASE", "RISK", "APPROVED", "APPLIED", "DRIFT", "AGE"]
    assert lines[1].split()[:6] == ["deploy-1", "AwaitingApproval", "destructive", "false", "0/1", "no"]

    assert _patch(cp, ns, "deploy-1", {"spec": {"approved": True}}).returncode == 0
    done = {"phase": "Succeeded", "progress": "1/1", "appliedOperations": 1, "drifted": "no"}
    assert _patch(cp, ns, "deploy-1", {"status": done}, "--subresource=status").returncode == 0
    row = cp.kubectl("get", "mplan", "deploy-1", "-n", ns, "--no-headers").stdout.split()
    assert row[:6] == ["deploy-1", "Succeeded", "destructive", "true", "1/1", "no"]

    # An unknown phase is refused by the status schema.
    err = _rejected(_patch(cp, ns, "deploy-1", {"status": {"phase": "Done"}}, "--subresource=status"))
    assert 'status.phase: Unsupported value: "Done"' in err, err

    # OlapTable: TABLE, DATABASE, MODE, SYNCED from status.
    cp.kubectl("apply", "--server-side", "-n", ns, "-f", str(EXAMPLE))
    synced = {
        "table": "events",
        "database": "analytics",
        "mode": "dev",
        "conditions": [
            {"type": "Synced", "status": "True", "reason": "Applied", "lastTransitionTime": "2024-05-01T00:00:00Z"}
        ],
    }
    cp.kubectl(
        "patch", "olt", "events", "-n", ns, "--subresource=status", "--type=merge", "-p", json.dumps({"status": synced})
    )
    row = cp.kubectl("get", "olt", "events", "-n", ns, "--no-headers").stdout.split()
    assert row[:5] == ["events", "events", "analytics", "dev", "True"]
    # Optional status fields may be written as null (the operator's exclude_none is not required); an optional
    # enum (mode) cannot hold null, the API server drops it instead of refusing the update.
    cleared = {"status": {"mode": None, "database": None, "observedGeneration": None}}
    cp.kubectl("patch", "olt", "events", "-n", ns, "--subresource=status", "--type=json", "-p",
               json.dumps([{"op": "replace", "path": "/status", "value": cleared["status"]}]))  # fmt: skip
    status_now = json.loads(cp.kubectl("get", "olt", "events", "-n", ns, "-o", "json").stdout)["status"]
    assert status_now == {"database": None, "observedGeneration": None}
