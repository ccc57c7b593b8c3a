"""A hostile tenant, on the real API server and the real engine: a user whose RBAC allows only OlapTables,
MaterializedViews and Views in one dev namespace (impersonated) tries to reach another database, the operator's
host and its files; and approval as a right of its own, by the chart's ValidatingAdmissionPolicy, proven with
impersonated approvers, editors and the operator's ServiceAccount."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from e2e.controlplane import ControlPlane
from e2e.scenario import ROOT, Namespace, condition, manifest, plan_from_cluster, wait_for
from e2e.test_chart import helm
from olapctl.clickhouse.connect import Target
from olapctl.engine.planning import make_plan
from olapctl.schema.model import Snapshot

TENANT = "tenant@example.com"
CARD = "4111111111111111"
KEY_MATERIAL = "-----BEGIN EC PRIVATE KEY-----"


def tenant_rbac(ns: Namespace) -> None:
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": "schema-editor", "namespace": ns.name},
        "rules": [
            {
                "apiGroups": ["olapctl.dev"],
                "resources": ["olaptables", "materializedviews", "views"],
                "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"],
            }
        ],
    }
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": "schema-editor", "namespace": ns.name},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "schema-editor"},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": TENANT}],
    }
    ns.cp.kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": [role, binding]}))


def as_tenant(ns: Namespace, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return ns.kubectl(f"--as={TENANT}", *args, input=input)


def refusal(ns: Namespace, kind: str, name: str, reason: str) -> dict[str, Any]:
    def check() -> dict[str, Any] | None:
        ready = condition(ns.get(kind, name), "Ready")
        return ready if ready.get("status") == "False" and ready.get("reason") == reason else None

    return wait_for(check, f"{kind}/{name} Ready=False {reason}")


def test_a_dev_namespace_tenant_reaches_nothing_outside_its_database(
    dev_ns: Namespace, db: Target, cluster: ControlPlane, tmp_path: Path
) -> None:
    prod = f"prod_{dev_ns.db}"
    db.command(f"CREATE DATABASE {prod}")
    db.command(f"CREATE TABLE {prod}.orders (id UInt64) ENGINE = MergeTree ORDER BY id")
    db.command(f"INSERT INTO {prod}.orders SELECT number FROM numbers(1000)")
    db.command(f"CREATE TABLE {prod}.payments (id UInt64, card String) ENGINE = MergeTree ORDER BY id")
    db.command(f"INSERT INTO {prod}.payments SELECT number, '{CARD}' FROM numbers(10)")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    tenant_rbac(dev_ns)
    for verb, resource in (("create", "migrationplans"), ("get", "secrets"), ("patch", "namespaces")):
        denied = dev_ns.kubectl("auth", "can-i", verb, resource, f"--as={TENANT}", check=False)
        assert denied.stdout.strip() == "no", (verb, resource)

    col = "    - {name: id, type: UInt64}\n"
    attacks = {
        "steal-orders": ("OlapTable", f"  name: orders\n  database: {prod}\n  columns:\n{col}  orderBy: [id]\n"),
        "read-kubeconfig": (
            "OlapTable",
            "  columns:\n"
            f"{col}    - name: leak\n      type: UInt8\n"
            f"      default: \"CAST(substring(file('{cluster.kubeconfig}'), 1, 200) AS UInt8)\"\n"
            "  orderBy: [id]\n",
        ),
        "write-file": (
            "OlapTable",
            "  columns:\n    - {name: line, type: String}\n"
            f"  engine: {{type: File, parameters: [\"'LineAsString'\", \"'{victim}'\"]}}\n",
        ),
        "read-cards": (
            "MaterializedView",
            "  select: \"SELECT CAST(arrayStringConcat(groupArray(5)(card), ',') AS UInt8) AS id "
            f"FROM {prod}.payments\"\n"
            "  to: {table: sink}\n  backfill: true\n",
        ),
        "join-cards": ("View", f"  select: SELECT p.card FROM sink AS s JOIN {prod}.payments AS p ON s.id = p.id\n"),
        "deep-type": ("OlapTable", f"  columns:\n    - {{name: id, type: \"{'Array(' * 400}UInt8{')' * 400}\"}}\n"),
    }
    sink = manifest("OlapTable", "sink", f"  columns:\n{col}  orderBy: [id]\n")
    docs = [manifest(kind, name, spec) for name, (kind, spec) in attacks.items()]
    as_tenant(dev_ns, "apply", "-f", "-", input="---\n".join([sink, *docs]))

    for name, (kind, _) in attacks.items():
        reason = "InvalidSpec" if name == "deep-type" else "NotAllowed"
        ready = refusal(dev_ns, kind, name, reason)
        message = ready["message"]
        assert "\n" not in message and len(message) <= 2000
        assert CARD not in message and KEY_MATERIAL not in message
        if reason == "NotAllowed":
            assert message.startswith("refused, nothing applied:"), message
    said = {
        "steal-orders": f"database '{prod}' is not allowed",
        "read-kubeconfig": "function file() is not allowed",
        "write-file": "engine File is not allowed",
        "read-cards": f"reads or writes {prod}.payments",
        "join-cards": f"reads or writes {prod}.payments",
        "deep-type": "nests 400 levels deep; the limit is 32",
    }
    for name, fragment in said.items():
        reason = "InvalidSpec" if name == "deep-type" else "NotAllowed"
        assert fragment in refusal(dev_ns, attacks[name][0], name, reason)["message"]
    dev_ns.wait_synced("OlapTable", "sink")  # the bad objects harm only themselves

    # a few resync periods later, each refusal was told once, not once per pass
    time.sleep(6)
    for name, (_, _) in attacks.items():
        warnings = [r for r, m in dev_ns.events(name) if r in ("NotAllowed", "InvalidSpec")]
        assert len(warnings) == 1, (name, warnings)
        assert not any(CARD in m or KEY_MATERIAL in m for _, m in dev_ns.events(name))

    as_tenant(dev_ns, "delete", "olaptable", "steal-orders", "--wait=true", "--timeout=30s")
    assert db.query(f"SELECT count() FROM {prod}.orders") == [(1000,)]
    assert db.query(f"SELECT count() FROM {prod}.payments") == [(10,)]
    assert victim.read_text() == "keep me\n"
    tables = db.query("SELECT name FROM system.tables WHERE database = {d:String} ORDER BY name", {"d": dev_ns.db})
    assert [t[0] for t in tables] == ["sink"]  # (dev mode keeps no ledger)


APPROVERS = "olapctl-approvers"
RELEASE_NS = "olapctl-system"
OPERATOR_SA = f"system:serviceaccount:{RELEASE_NS}:olapctl"


def test_only_approvers_approve_and_never_the_operator(cluster: ControlPlane, db: Target) -> None:
    label = f"approval-test-{uuid.uuid4().hex[:6]}"
    rendered = helm(
        "template", "olapctl", str(ROOT / "charts" / "olapctl"), "--namespace", RELEASE_NS,
        "--set", "approval.enabled=true", "--set", f"approval.namespaceSelector.matchLabels.{label}=yes",
        "--show-only", "templates/approval-policy.yaml",
    ).stdout  # fmt: skip
    policy = [d for d in yaml.safe_load_all(rendered) if d]
    assert [d["kind"] for d in policy] == ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"]
    ns = f"approvals-{uuid.uuid4().hex[:6]}"
    cluster.kubectl("create", "namespace", ns)
    cluster.kubectl("label", "namespace", ns, f"{label}=yes")
    rbac = [
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": {"name": "plans", "namespace": ns},
            "rules": [{"apiGroups": ["olapctl.dev"], "resources": ["migrationplans"], "verbs": ["*"]}],
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": {"name": "plans", "namespace": ns},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "plans"},
            "subjects": [
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "editor"},
                {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "approver"},
                {"kind": "ServiceAccount", "name": "olapctl", "namespace": RELEASE_NS},
            ],
        },
    ]
    cluster.kubectl("apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": rbac}))
    editor = ("--as=editor",)
    approver = ("--as=approver", f"--as-group={APPROVERS}")
    operator_sa = (f"--as={OPERATOR_SA}", f"--as-group={APPROVERS}")  # even inside the group

    def plan(name: str, approved: bool) -> str:
        body = make_plan(db, Snapshot(), name).manifest()
        body["metadata"]["namespace"] = ns
        body["spec"]["approved"] = approved
        return json.dumps(body)

    def run(who: tuple[str, ...], *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return cluster.kubectl("-n", ns, *who, *args, input=input, check=False)

    try:
        cluster.kubectl("apply", "-f", "-", input=rendered)

        def enforced() -> bool:  # the API server compiles a new policy within seconds
            return run(editor, "create", "--dry-run=server", "-f", "-", input=plan("probe", True)).returncode != 0

        wait_for(enforced, "the approval policy to be enforced", timeout=60, every=1)

        created = run(editor, "create", "-f", "-", input=plan("p1", False))
        assert created.returncode == 0, created.stderr
        approve = ("patch", "migrationplan", "p1", "--type=merge", "-p", '{"spec": {"approved": true}}')
        refused = run(editor, *approve)
        assert refused.returncode != 0 and f"only members of {APPROVERS} may approve" in refused.stderr
        refused = run(editor, "create", "-f", "-", input=plan("p2", True))
        assert refused.returncode != 0 and f"only members of {APPROVERS} may approve" in refused.stderr
        refused = run(operator_sa, *approve)
        assert refused.returncode != 0 and "ServiceAccount may not approve" in refused.stderr
        assert run(operator_sa, "patch", "migrationplan", "p1", "--type=merge", "-p",
                   '{"metadata": {"annotations": {"olapctl.dev/x": "y"}}}').returncode == 0  # fmt: skip
        approved = run(approver, *approve)
        assert approved.returncode == 0, approved.stderr
        assert json.loads(run(editor, "get", "migrationplan", "p1", "-o", "json").stdout)["spec"]["approved"] is True
        assert run(approver, "create", "-f", "-", input=plan("p3", True)).returncode == 0
        # approved: its target is frozen too (CEL), for approvers as for anyone
        moved = run(approver, "patch", "migrationplan", "p1", "--type=merge", "-p",
                    '{"spec": {"target": {"secretRef": "clickhouse-prod"}}}')  # fmt: skip
        assert moved.returncode != 0 and "target, operations, expectedState and desiredState" in moved.stderr
    finally:
        cluster.kubectl("delete", "-f", "-", input=rendered, check=False)
        cluster.kubectl("delete", "namespace", ns, "--wait=false", check=False)


def test_in_prod_a_malformed_object_or_a_plan_for_another_database_harms_only_itself(
    prod_ns: Namespace, db: Target, tmp_path: Path
) -> None:
    from olapctl import cli

    prod_ns.apply(manifest("OlapTable", "events", "  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n"))
    text = plan_from_cluster(prod_ns, tmp_path / "create.yaml", "create")
    deep = f"  columns:\n    - {{name: id, type: \"{'Map(String, ' * 200}UInt8{')' * 200}\"}}\n"
    prod_ns.apply(manifest("OlapTable", "broken", deep))
    prod_ns.apply(text)
    assert cli.main(["approve", "create", "-n", prod_ns.name]) == 0
    prod_ns.wait_phase("create", "Succeeded")  # the malformed object did not hold the plan back
    assert "the limit is 32" in refusal(prod_ns, "OlapTable", "broken", "InvalidSpec")["message"]

    other = f"other_{prod_ns.db}"
    db.command(f"CREATE DATABASE {other}")
    db.command(f"CREATE TABLE {other}.orders (id UInt64, secret_column String) ENGINE = MergeTree ORDER BY id")
    db.command(f"INSERT INTO {other}.orders SELECT number, 'x' FROM numbers(1000)")
    steal = make_plan(dataclasses.replace(db, database=other), Snapshot(), "drop-orders", {f"{other}.orders"})
    body = steal.manifest()
    body["metadata"]["namespace"] = prod_ns.name
    body["spec"].update(approved=True, allowDestructive=True)
    prod_ns.apply(json.dumps(body))
    failed = prod_ns.wait_phase("drop-orders", "Failed")
    ready = condition(failed, "Ready")
    assert ready["reason"] == "NotAllowed", ready
    assert f"its states name databases this target does not allow: {other}" in ready["message"]
    assert "secret_column" not in json.dumps(failed["status"])  # nothing of the other database was read
    assert db.query(f"SELECT count() FROM {other}.orders") == [(1000,)]


def test_two_objects_declaring_one_table_are_refused_naming_each_other(dev_ns: Namespace, db: Target) -> None:
    spec = "  name: shared\n  columns:\n    - {name: id, type: UInt64}\n  orderBy: [id]\n"
    dev_ns.apply("---\n".join([manifest("OlapTable", "first", spec), manifest("OlapTable", "second", spec)]))
    for name, other in (("first", "OlapTable/second"), ("second", "OlapTable/first")):
        message = refusal(dev_ns, "OlapTable", name, "Conflict")["message"]
        assert f"{dev_ns.db}.shared is also declared by {other}" in message
    time.sleep(6)  # three resync periods: no retry loop, no flip-flop
    for name in ("first", "second"):
        reasons = [r for r, _ in dev_ns.events(name)]
        assert "ApplyFailed" not in reasons and reasons.count("Conflict") <= 2, reasons
    dev_ns.kubectl("delete", "olaptable", "second", "--wait=true", "--timeout=30s")
    dev_ns.wait_synced("OlapTable", "first")
    tables = db.query("SELECT name FROM system.tables WHERE database = {d:String}", {"d": dev_ns.db})
    assert ("shared",) in tables
