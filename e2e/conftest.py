"""Fixtures for the e2e suite: one real control plane per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.controlplane import ControlPlane, start
from e2e.scenario import ROOT, Namespace, operator_thread
from olapctl.clickhouse.connect import Target, connect
from olapctl.k8s.reconcile import Config


@pytest.fixture(scope="session")
def control_plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """A started etcd + kube-apiserver, stopped by pid at the end of the session; or, with
    OLAPCTL_E2E_KUBECONFIG set (e2e/kind.sh test), an existing cluster, left running."""
    existing = os.environ.get("OLAPCTL_E2E_KUBECONFIG")
    if existing:
        kubectl = Path(shutil.which("kubectl") or "kubectl")
        yield ControlPlane(
            url="", kubeconfig=Path(existing), workdir=tmp_path_factory.mktemp("cluster"), kubectl_path=kubectl
        )
        return
    cp = start(tmp_path_factory.mktemp("controlplane"))
    try:
        yield cp
    finally:
        cp.stop()


@pytest.fixture(scope="session")
def cluster(control_plane: ControlPlane) -> ControlPlane:
    """The control plane with olapctl's CRDs installed; KUBECONFIG points at it for the operator and the CLI."""
    os.environ["KUBECONFIG"] = str(control_plane.kubeconfig)
    control_plane.kubectl("apply", "--server-side", "-f", str(ROOT / "crds"))
    control_plane.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
    return control_plane


@pytest.fixture(scope="session")
def embedded_operator(cluster: ControlPlane, chdb_path: Path) -> Iterator[Config]:
    """The operator in a thread of this process (kopf's own embedding), serving namespaces e2e-*; it shares the
    session's embedded ClickHouse, so tests can change the database behind its back."""
    cfg = Config(default_target=f"chdb://{chdb_path}?database=e2e_default", resync=2.0)
    with operator_thread(cfg, ["e2e-*", "analytics-*"]):
        yield cfg


@pytest.fixture
def dev_ns(embedded_operator: Config, cluster: ControlPlane, chdb_path: Path) -> Iterator[Namespace]:
    ns = Namespace.create(cluster, "e2e-dev", chdb_path, "dev")
    yield ns
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


@pytest.fixture
def prod_ns(embedded_operator: Config, cluster: ControlPlane, chdb_path: Path) -> Iterator[Namespace]:
    ns = Namespace.create(cluster, "e2e-prod", chdb_path, None)
    yield ns
    cluster.kubectl("delete", "namespace", ns.name, "--wait=false", check=False)


@pytest.fixture
def db(chdb_path: Path) -> Target:
    """Direct access to the session's embedded ClickHouse (queries name their database)."""
    return connect(f"chdb://{chdb_path}?database=default")
