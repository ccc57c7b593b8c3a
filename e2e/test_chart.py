"""The Helm chart charts/olapctl: `helm lint` and `helm template` (helm built from the Go module proxy by
e2e/helm.py), then the rendered manifests applied server-side to a real kube-apiserver, and the operator run as the
chart's ServiceAccount (a TokenRequest token) through a dev and a prod scenario, with the arguments of the rendered
Deployment. The ServiceAccount is then shown what it must not do.

The operator runs cluster-wide here (the chart's default), so these tests start a control plane of their own:
on the session's, it would also serve the other tests' namespaces, whose embedded ClickHouse this pytest process
holds. With OLAPCTL_E2E_KUBECONFIG (a shared cluster) the cluster-wide run is skipped."""

from __future__ import annotations

import base64
import contextlib
import difflib
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from e2e.controlplane import ControlPlane, start
from e2e.helm import helm_binary
from e2e.scenario import (
    ROOT,
    Namespace,
    OperatorProcess,
    chdb_rows,
    condition,
    free_port,
    http_get,
    manifest,
    olapctl,
    wait_for,
)

CHART = ROOT / "charts" / "olapctl"
RELEASE = "olapctl"
RELEASE_NS = "olapctl-system"
LEASE = "olapctl-operator"
EXTRA_SECRET = "olapctl-warehouse"
TABLE = manifest(
    "OlapTable",
    "events",
    "  columns:\n    - {name: id, type: String}\n    - {name: ts, type: DateTime}\n  orderBy: [id]\n",
)
CR_PLURALS = ["olaptables", "materializedviews", "views", "migrationplans"]
# A 403 from the API server, as kopf or the kubernetes client log it (not the ",403" of a log timestamp).
FORBIDDEN = re.compile(r"forbidden|(?<![,.\d])403(?!\d)|not enough permissions", re.IGNORECASE)

NAMESPACED_RULES: list[dict[str, Any]] = [
    {"apiGroups": ["olapctl.dev"], "resources": CR_PLURALS, "verbs": ["get", "list", "watch", "patch"]},
    {"apiGroups": ["olapctl.dev"], "resources": [f"{p}/status" for p in CR_PLURALS], "verbs": ["patch"]},
    {"apiGroups": [""], "resources": ["secrets"], "resourceNames": ["olapctl-clickhouse"], "verbs": ["get"]},
    {"apiGroups": [""], "resources": ["events"], "verbs": ["create"]},
]
CRD_RULE: dict[str, Any] = {
    "apiGroups": ["apiextensions.k8s.io"],
    "resources": ["customresourcedefinitions"],
    "verbs": ["list", "watch"],
}
LEASE_RULES: list[dict[str, Any]] = [
    {"apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["create"]},
    {
        "apiGroups": ["coordination.k8s.io"],
        "resources": ["leases"],
        "resourceNames": [LEASE],
        "verbs": ["get", "update"],
    },
]


# --------------------------------------------------------------------------
# helm


def helm(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(helm_binary()), *args], capture_output=True, text=True, timeout=120, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"helm {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def sets(values: dict[str, str]) -> list[str]:
    return [arg for k, v in values.items() for arg in ("--set", f"{k}={v}")]


def render(
    values: dict[str, str] | None = None, release: str = RELEASE, namespace: str = RELEASE_NS, crds: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """`helm template` output, as text and as parsed documents."""
    flags = sets(values or {}) + (["--include-crds"] if crds else [])
    text = helm("template", release, str(CHART), "--namespace", namespace, *flags).stdout
    return text, [doc for doc in yaml.safe_load_all(text) if doc]


def one(docs: list[dict[str, Any]], kind: str, name: str | None = None, namespace: str | None = None) -> dict[str, Any]:
    found = [
        d
        for d in docs
        if d["kind"] == kind
        and (name is None or d["metadata"]["name"] == name)
        and (namespace is None or d["metadata"].get("namespace") == namespace)
    ]
    assert len(found) == 1, f"{len(found)} {kind} {name or ''} in the rendered chart"
    return found[0]


def container(docs: list[dict[str, Any]]) -> dict[str, Any]:
    pod = one(docs, "Deployment")["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    return dict(c)


def all_verbs(docs: list[dict[str, Any]]) -> list[str]:
    return [v for d in docs if d["kind"] in ("Role", "ClusterRole") for r in d["rules"] for v in r["verbs"]]


# --------------------------------------------------------------------------
# without a cluster


def test_helm_lint_is_clean() -> None:
    for values in (
        {},
        {"watchNamespaces": "{team-a,team-b}", "metrics.enabled": "true", "logFormat": "json", "replicaCount": "2"},
    ):
        out = helm("lint", "--strict", str(CHART), *sets(values))
        assert "1 chart(s) linted, 0 chart(s) failed" in out.stdout
        assert not re.search(r"\[(INFO|WARNING|ERROR)\]", out.stdout), out.stdout


def test_chart_crds_equal_the_generated_crds() -> None:
    """charts/olapctl/crds/ is a copy of crds/ (regenerated by `olapctl crds`): copy it again when this fails."""
    repo = {p.name: p.read_bytes() for p in sorted((ROOT / "crds").glob("*.yaml"))}
    chart = {p.name: p.read_bytes() for p in sorted((CHART / "crds").glob("*.yaml"))}
    assert sorted(chart) == sorted(repo), "cp crds/*.yaml charts/olapctl/crds/"
    for name, content in repo.items():
        diff = difflib.unified_diff(
            chart[name].decode().splitlines(),
            content.decode().splitlines(),
            f"charts/olapctl/crds/{name}",
            f"crds/{name}",
        )
        assert chart[name] == content, "cp crds/*.yaml charts/olapctl/crds/\n" + "\n".join(list(diff)[:40])
    _, docs = render(crds=True)
    assert sorted(d["metadata"]["name"] for d in docs if d["kind"] == "CustomResourceDefinition") == sorted(
        f"{p}.olapctl.dev" for p in CR_PLURALS
    )


def test_default_render() -> None:
    _, docs = render()
    assert sorted(d["kind"] for d in docs) == sorted(
        ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment"]
    )
    assert one(docs, "ServiceAccount")["metadata"]["name"] == RELEASE
    deploy = one(docs, "Deployment")
    assert deploy["metadata"]["namespace"] == RELEASE_NS
    assert deploy["spec"]["replicas"] == 1
    pod = deploy["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == RELEASE
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    c = container(docs)
    assert c["command"] == ["olapctl", "operator"]
    assert c["args"] == ["--resync=30", "--lease-namespace=$(POD_NAMESPACE)", "--liveness=http://0.0.0.0:8080/healthz"]
    assert {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}} in c["env"]
    for probe in ("livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": "/healthz", "port": "health"}
    assert c["ports"] == [{"name": "health", "containerPort": 8080, "protocol": "TCP"}]
    assert c["resources"]["requests"] and c["resources"]["limits"]
    assert c["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 10001,
        "runAsGroup": 10001,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert c["volumeMounts"] == [{"name": "tmp", "mountPath": "/tmp"}]
    assert pod["volumes"] == [{"name": "tmp", "emptyDir": {"sizeLimit": "1Gi"}}]
    # RBAC: explicit verbs, nothing more than the operator uses
    assert "*" not in all_verbs(docs)
    assert one(docs, "ClusterRole")["rules"] == [
        CRD_RULE,
        {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get"]},
        *NAMESPACED_RULES,
    ]
    assert one(docs, "Role", namespace=RELEASE_NS)["rules"] == LEASE_RULES
    binding = one(docs, "ClusterRoleBinding")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": RELEASE, "namespace": RELEASE_NS}]
    assert binding["roleRef"]["name"] == one(docs, "ClusterRole")["metadata"]["name"]


def test_render_with_watch_namespaces_gives_a_role_in_each() -> None:
    _, docs = render({"watchNamespaces": "{team-a,team-b}", "extraSecretNames": "{warehouse}"})
    assert container(docs)["args"][:2] == ["--namespace=team-a", "--namespace=team-b"]
    # cluster-wide: only what kopf observes (CRDs, and Namespaces to follow the watched ones)
    assert one(docs, "ClusterRole")["rules"] == [
        CRD_RULE,
        {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["list", "watch"]},
    ]
    for ns in ("team-a", "team-b"):
        rules = one(docs, "Role", namespace=ns)["rules"]
        assert rules[0] == {"apiGroups": [""], "resources": ["namespaces"], "resourceNames": [ns], "verbs": ["get"]}
        secrets = rules[3]
        assert secrets["resources"] == ["secrets"] and secrets["resourceNames"] == ["olapctl-clickhouse", "warehouse"]
        assert [r for r in rules if r["resources"] != ["secrets"]] == [
            rules[0],
            *NAMESPACED_RULES[:2],
            NAMESPACED_RULES[3],
        ]
        assert one(docs, "RoleBinding", namespace=ns)["subjects"][0]["namespace"] == RELEASE_NS
    assert one(docs, "Role", namespace=RELEASE_NS)["rules"] == LEASE_RULES
    assert "*" not in all_verbs(docs)


def test_render_options() -> None:
    _, docs = render(
        {
            "defaultTarget": "chdb:///tmp/olapctl-db",
            "resyncSeconds": "5",
            "logFormat": "json",
            "metrics.enabled": "true",
            "metrics.port": "9191",
            "replicaCount": "3",
        }
    )
    c = container(docs)
    assert c["args"] == [
        "--default-target=chdb:///tmp/olapctl-db",
        "--resync=5",
        "--lease-namespace=$(POD_NAMESPACE)",
        "--liveness=http://0.0.0.0:8080/healthz",
        "--log-format=json",
        "--metrics-port=9191",
    ]
    assert {"name": "metrics", "containerPort": 9191, "protocol": "TCP"} in c["ports"]
    assert one(docs, "Deployment")["spec"]["replicas"] == 3
    svc = one(docs, "Service")
    assert svc["metadata"]["annotations"] == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "9191",
        "prometheus.io/path": "/metrics",
    }
    assert svc["spec"]["ports"] == [{"name": "metrics", "port": 9191, "targetPort": "metrics", "protocol": "TCP"}]
    assert svc["spec"]["selector"] == one(docs, "Deployment")["spec"]["selector"]["matchLabels"]
    # a default target with credentials stays out of the arguments
    _, docs = render({"defaultTargetSecret.name": "olapctl-default", "defaultTargetSecret.key": "url"})
    c = container(docs)
    assert not any(a.startswith("--default-target") for a in c["args"])
    assert {
        "name": "OLAPCTL_DEFAULT_TARGET",
        "valueFrom": {"secretKeyRef": {"name": "olapctl-default", "key": "url"}},
    } in c["env"]
    # refused: globs (no Role can match them), an unknown log format, two default targets
    for bad in (
        {"watchNamespaces": "{team-*}"},
        {"logFormat": "xml"},
        {"defaultTarget": "chdb:///x", "defaultTargetSecret.name": "s"},
    ):
        result = helm("template", RELEASE, str(CHART), *sets(bad), check=False)
        assert result.returncode != 0, bad


# --------------------------------------------------------------------------
# on a real API server


@pytest.fixture(scope="module")
def chart_plane(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """A control plane for the chart only (see the module docstring); the shared cluster with
    OLAPCTL_E2E_KUBECONFIG."""
    if os.environ.get("OLAPCTL_E2E_KUBECONFIG"):
        yield request.getfixturevalue("control_plane")
        return
    cp = start(tmp_path_factory.mktemp("chart-controlplane"))
    try:
        yield cp
    finally:
        cp.stop()


def token_kubeconfig(cp: ControlPlane, namespace: str, sa: str, path: Path) -> Path:
    """A kubeconfig authenticating as ServiceAccount `sa` (a TokenRequest token), with the admin kubeconfig's
    server URL and CA."""
    token = cp.kubectl("create", "token", sa, "-n", namespace, "--duration=2h").stdout.strip()
    admin = yaml.safe_load(cp.kubeconfig.read_text())
    ctx = next(c for c in admin["contexts"] if c["name"] == admin["current-context"])["context"]
    server = next(c for c in admin["clusters"] if c["name"] == ctx["cluster"])["cluster"]
    cluster: dict[str, Any] = {"server": server["server"]}
    if "certificate-authority-data" in server:
        cluster["certificate-authority-data"] = server["certificate-authority-data"]
    elif "certificate-authority" in server:
        cluster["certificate-authority-data"] = base64.b64encode(
            Path(server["certificate-authority"]).read_bytes()
        ).decode()
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "chart", "cluster": cluster}],
        "users": [{"name": sa, "user": {"token": token}}],
        "contexts": [{"name": sa, "context": {"cluster": "chart", "user": sa, "namespace": namespace}}],
        "current-context": sa,
    }
    path.write_text(json.dumps(config, indent=2) + "\n")
    path.chmod(0o600)
    return path


@dataclass
class Install:
    """The chart applied server-side, and what it takes to run its operator outside a pod."""

    cp: ControlPlane
    release: str
    namespace: str
    values: dict[str, str]
    docs: list[dict[str, Any]]
    kubeconfig: Path  # authenticates as the chart's ServiceAccount
    chdb: Path

    @property
    def user(self) -> str:
        return f"system:serviceaccount:{self.namespace}:{self.release}"

    def as_sa(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.cp.kubectl_path), "--kubeconfig", str(self.kubeconfig), *args]
        return subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=60, check=False)

    def can_i(self, *args: str) -> bool:
        """`kubectl auth can-i` as the ServiceAccount itself (its token); impersonation by the admin agrees."""
        own = self.as_sa("auth", "can-i", *args).stdout.strip()
        impersonated = self.cp.kubectl("auth", "can-i", f"--as={self.user}", *args, check=False).stdout.strip()
        assert own in ("yes", "no") and own == impersonated, (args, own, impersonated)
        return own == "yes"

    def operator(self, log: Path) -> OperatorProcess:
        """`olapctl operator` with the arguments of the rendered Deployment ($(POD_NAMESPACE) expanded)."""
        args = [a.replace("$(POD_NAMESPACE)", self.namespace) for a in container(self.docs)["args"]]
        return OperatorProcess(args, log)

    @contextlib.contextmanager
    def running(self, log: Path) -> Iterator[OperatorProcess]:
        op = self.operator(log)
        saved = {k: os.environ.get(k) for k in ("KUBECONFIG", "POD_NAMESPACE")}
        os.environ.update(KUBECONFIG=str(self.kubeconfig), POD_NAMESPACE=self.namespace)  # the pod's environment
        try:
            op.start()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        try:
            proc = op.proc
            assert proc is not None
            wait_for(lambda: "leads (Lease" in op.output() or proc.poll() is not None, "the operator to lead")
            assert proc.poll() is None, op.output()
            yield op
        finally:
            op.stop()

    def admin_env(self) -> dict[str, str]:
        return {"KUBECONFIG": str(self.cp.kubeconfig)}


def install(cp: ControlPlane, tmp: Path, release: str, namespace: str, values: dict[str, str], crds: bool) -> Install:
    if os.environ.get("OLAPCTL_E2E_KUBECONFIG"):
        values = {**values, "replicaCount": "0"}  # a cluster with kubelets: the Deployment must not run
    text, docs = render(values, release=release, namespace=namespace, crds=crds)
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}
    cp.kubectl("apply", "--server-side", "-f", "-", input=json.dumps(ns))
    applied = cp.kubectl("apply", "--server-side", "-f", "-", input=text)
    assert applied.stdout.count("serverside-applied") == len(docs), applied.stdout
    if crds:
        cp.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
    sa = one(docs, "ServiceAccount")["metadata"]["name"]
    assert sa == release
    kubeconfig = token_kubeconfig(cp, namespace, sa, tmp / f"{release}.kubeconfig")
    return Install(cp, release, namespace, values, docs, kubeconfig, tmp / "chdb")


@pytest.fixture(scope="module")
def installed(chart_plane: ControlPlane, tmp_path_factory: pytest.TempPathFactory) -> Install:
    """The chart with its CRDs in olapctl-system; the operator would use a default target on its own engine."""
    tmp = tmp_path_factory.mktemp("chart")
    values = {
        "defaultTarget": f"chdb://{tmp / 'chdb'}?database=chart_default",
        "resyncSeconds": "5",
        "extraSecretNames": "{" + EXTRA_SECRET + "}",
        "liveness.port": str(free_port()),  # the operator runs on this host, not in a pod
        "metrics.enabled": "true",
        "metrics.port": str(free_port()),
    }
    return install(chart_plane, tmp, RELEASE, RELEASE_NS, values, crds=True)


def test_chart_is_accepted_by_the_api_server(installed: Install) -> None:
    cp = installed.cp
    for doc in installed.docs:
        kind, meta = doc["kind"], doc["metadata"]
        ns = ["-n", meta["namespace"]] if "namespace" in meta else []
        stored = json.loads(cp.kubectl("get", kind, meta["name"], *ns, "-o", "json").stdout)
        if kind != "CustomResourceDefinition":  # the CRDs are crds/ as generated, without labels
            assert stored["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "Helm"
    for plural in CR_PLURALS:
        crd = json.loads(cp.kubectl("get", "crd", f"{plural}.olapctl.dev", "-o", "json").stdout)
        assert condition(crd, "Established")["status"] == "True"
    deploy = json.loads(cp.kubectl("get", "deployment", RELEASE, "-n", RELEASE_NS, "-o", "json").stdout)
    pod = deploy["spec"]["template"]["spec"]
    assert pod["containers"][0]["securityContext"]["readOnlyRootFilesystem"] is True
    assert pod["serviceAccountName"] == RELEASE
    # no kubelet or controller-manager here: the Deployment is stored and validated, its Pods never start
    # a second server-side apply of the same rendering is accepted (no field conflicts)
    text, _ = render(installed.values, crds=True)
    again = cp.kubectl("apply", "--server-side", "-f", "-", input=text)
    assert "serverside-applied" in again.stdout


def test_operator_runs_as_the_chart_service_account(installed: Install, tmp_path: Path) -> None:
    """Dev and prod with the chart's RBAC only: no 403 anywhere, Events posted, finalizers removed, the plan's
    secretRef (an extraSecretNames entry) read, the Lease held in olapctl-system."""
    if os.environ.get("OLAPCTL_E2E_KUBECONFIG"):
        pytest.skip("the chart's default operator is cluster-wide: not on a shared cluster")
    cp, chdb = installed.cp, installed.chdb
    dev = Namespace.create(cp, "chart-dev", chdb, "dev")
    prod = Namespace.create(cp, "chart-prod", chdb, None)
    prod.apply(TABLE)
    # the plan is made before the operator holds the embedded engine (one process per data path)
    made = olapctl(
        "plan",
        "--from-cluster",
        "-n",
        prod.name,
        "--url",
        prod.url,
        "-o",
        str(tmp_path / "plan.yaml"),
        "--name",
        "release-1",
        env=installed.admin_env(),
    )
    assert made.returncode == 0, made.stderr
    plan_doc = yaml.safe_load((tmp_path / "plan.yaml").read_text())
    plan_doc["spec"]["target"] = {"secretRef": EXTRA_SECRET}  # readable through extraSecretNames
    cp.kubectl(
        "create", "secret", "generic", EXTRA_SECRET, "-n", prod.name,
        f"--from-literal=url=chdb://{chdb}", f"--from-literal=database={prod.db}",
    )  # fmt: skip
    with installed.running(tmp_path / "operator.log") as op:
        lease = json.loads(cp.kubectl("get", "lease", LEASE, "-n", RELEASE_NS, "-o", "json").stdout)
        assert lease["spec"]["holderIdentity"]
        args = {a.split("=", 1)[0]: a.split("=", 1)[1] for a in op.args}
        health = args["--liveness"].replace("0.0.0.0", "127.0.0.1")
        wait_for(lambda: http_get(health)[0] == 200, f"the liveness endpoint {health}")
        # dev: applied at once, an Event posted by the operator
        dev.apply(TABLE)
        obj = dev.wait_synced("olaptable", "events", 1)
        assert obj["status"]["mode"] == "dev"
        wait_for(lambda: "Applied" in [reason for reason, _ in dev.events("events")], "an Applied Event")
        # dev: deleting a FullyManaged object drops it, then kopf removes its finalizer (a patch, no update)
        dev.apply(TABLE.replace("name: events", "name: scratch"))
        assert "olapctl.dev/cleanup" in dev.wait_synced("olaptable", "scratch", 1)["metadata"]["finalizers"]
        dev.kubectl("delete", "olaptable", "scratch", "--wait=false")
        wait_for(lambda: not dev.get("olaptable", "scratch"), "the deleted OlapTable to go (finalizer removed)")
        # prod: pending until a plan is approved and run
        wait_for(
            lambda: condition(prod.get("olaptable", "events"), "Synced").get("reason") == "PendingPlan",
            "the prod OlapTable to report PendingPlan",
        )
        prod.apply(yaml.safe_dump(plan_doc))
        prod.wait_phase("release-1", "AwaitingApproval")
        approved = olapctl("approve", "release-1", "-n", prod.name, env=installed.admin_env())
        assert approved.returncode == 0, approved.stderr
        plan = prod.wait_phase("release-1", "Succeeded", timeout=90)
        assert plan["status"]["progress"] == f"{plan['status']['totalOperations']}/{plan['status']['totalOperations']}"
        prod.wait_synced("olaptable", "events", 1)
        metrics = http_get(f"http://127.0.0.1:{args['--metrics-port']}/metrics")
        assert metrics[0] == 200 and "olapctl_reconciles_total" in metrics[1]
    log = op.output()
    assert "leads (Lease olapctl-system/olapctl-operator)" in log
    assert not FORBIDDEN.search(log), FORBIDDEN.search(log)
    for ns in (dev, prod):
        rows = chdb_rows(
            chdb, f"SELECT name FROM system.tables WHERE database = '{ns.db}' AND name != 'olapctl_migrations'"
        )
        assert rows == [["events"]], ns.name  # dev's scratch was dropped


def test_service_account_is_denied_everything_else(installed: Install) -> None:
    cp = installed.cp
    assert installed.user == "system:serviceaccount:olapctl-system:olapctl"
    ns = Namespace.create(cp, "chart-rbac", installed.chdb, "dev").name
    for secret in (EXTRA_SECRET, "other-secret"):
        cp.kubectl("create", "secret", "generic", secret, "-n", ns, "--from-literal=password=s3cret")
    # the Secrets it needs, by name
    assert installed.as_sa("get", "secret", "olapctl-clickhouse", "-n", ns).returncode == 0
    assert installed.as_sa("get", "secret", EXTRA_SECRET, "-n", ns).returncode == 0
    # and no other: get, list (namespace and cluster-wide), watch
    for args in (
        ["get", "secret", "other-secret", "-n", ns],
        ["get", "secrets", "-n", ns],
        ["get", "secrets", "-A"],
        ["get", "secrets", "-n", RELEASE_NS],
    ):
        denied = installed.as_sa(*args)
        assert denied.returncode != 0 and "Forbidden" in denied.stderr, (args, denied.stderr)
    allowed = [
        ["get", "secret/olapctl-clickhouse", "-n", ns],
        ["get", f"secret/{EXTRA_SECRET}", "-n", ns],
        ["list", "olaptables.olapctl.dev", "-A"],
        ["watch", "migrationplans.olapctl.dev", "-n", ns],
        ["patch", "olaptables.olapctl.dev", "-n", ns],
        ["patch", "migrationplans.olapctl.dev", "--subresource=status", "-n", ns],
        ["create", "events", "-n", ns],
        ["get", f"namespace/{ns}"],
        ["watch", "customresourcedefinitions.apiextensions.k8s.io"],
        ["create", "leases.coordination.k8s.io", "-n", RELEASE_NS],
        ["get", f"leases.coordination.k8s.io/{LEASE}", "-n", RELEASE_NS],
        ["update", f"leases.coordination.k8s.io/{LEASE}", "-n", RELEASE_NS],
    ]
    denied_ = [
        ["get", "secret/other-secret", "-n", ns],
        ["list", "secrets", "-n", ns],
        ["list", "secrets", "-A"],
        ["watch", "secrets", "-n", ns],
        ["create", "secrets", "-n", ns],
        ["update", "secret/olapctl-clickhouse", "-n", ns],
        ["delete", "namespaces"],
        ["delete", f"namespace/{ns}"],
        ["create", "namespaces"],
        ["patch", f"namespace/{ns}"],
        ["create", "pods", "-n", ns],
        ["create", "pods", "-n", RELEASE_NS],
        ["create", "deployments.apps", "-n", ns],
        ["create", "customresourcedefinitions.apiextensions.k8s.io"],
        ["update", "customresourcedefinitions.apiextensions.k8s.io/olaptables.olapctl.dev"],
        ["patch", "customresourcedefinitions.apiextensions.k8s.io/olaptables.olapctl.dev"],
        ["delete", "customresourcedefinitions.apiextensions.k8s.io/olaptables.olapctl.dev"],
        ["create", "olaptables.olapctl.dev", "-n", ns],
        ["update", "olaptables.olapctl.dev", "-n", ns],
        ["delete", "olaptables.olapctl.dev", "-n", ns],
        ["delete", "migrationplans.olapctl.dev", "-n", ns],
        ["create", "leases.coordination.k8s.io", "-n", ns],
        ["update", f"leases.coordination.k8s.io/{LEASE}", "-n", ns],
        ["create", "leases.coordination.k8s.io", "-n", "kube-system"],
        ["update", "leases.coordination.k8s.io/other", "-n", RELEASE_NS],
        ["delete", f"leases.coordination.k8s.io/{LEASE}", "-n", RELEASE_NS],
        ["create", "events.events.k8s.io", "-n", ns],
        ["create", "serviceaccounts/token", "-n", RELEASE_NS],
        ["create", "clusterrolebindings.rbac.authorization.k8s.io"],
        ["create", "rolebindings.rbac.authorization.k8s.io", "-n", ns],
        ["impersonate", "serviceaccounts"],
    ]
    wrong = [a for a in allowed if not installed.can_i(*a)] + [a for a in denied_ if installed.can_i(*a)]
    assert not wrong, f"unexpected can-i answers for: {wrong}"


def test_watch_namespaces_release_is_confined_to_its_namespaces(installed: Install, tmp_path: Path) -> None:
    """watchNamespaces: Roles in the listed namespaces only; the operator serves them and sees nothing else."""
    cp = installed.cp  # with the CRDs from the first release
    chdb = tmp_path / "chdb"
    watched = Namespace.create(cp, "chart-team", chdb, "dev")
    other = Namespace.create(cp, "chart-other", chdb, "dev")
    values = {"watchNamespaces": "{" + watched.name + "}", "liveness.port": str(free_port())}
    scoped = install(cp, tmp_path, "olapctl-scoped", "olapctl-scoped", values, crds=False)
    # a Role can grant its own Namespace object: GET /api/v1/namespaces/NAME is a request in namespace NAME
    assert scoped.as_sa("get", "namespace", watched.name).returncode == 0
    assert "Forbidden" in scoped.as_sa("get", "namespace", other.name).stderr
    assert scoped.can_i("get", "secret/olapctl-clickhouse", "-n", watched.name)
    for args in (
        ["list", "olaptables.olapctl.dev", "-A"],
        ["list", "olaptables.olapctl.dev", "-n", other.name],
        ["get", "secret/olapctl-clickhouse", "-n", other.name],
        ["create", "events", "-n", other.name],
        ["create", "leases.coordination.k8s.io", "-n", RELEASE_NS],
    ):
        assert not scoped.can_i(*args), args
    with scoped.running(tmp_path / "operator.log") as op:
        watched.apply(TABLE)
        other.apply(TABLE)
        watched.wait_synced("olaptable", "events", 1)
        wait_for(lambda: "Applied" in [reason for reason, _ in watched.events("events")], "an Applied Event")
    assert not other.get("olaptable", "events").get("status"), "an unwatched namespace was served"
    log = op.output()
    assert not FORBIDDEN.search(log), FORBIDDEN.search(log)
    assert chdb_rows(chdb, f"SELECT count() FROM system.tables WHERE database = '{other.db}'") == [[0]]
