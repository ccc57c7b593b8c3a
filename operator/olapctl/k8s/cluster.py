"""Kubernetes API access outside kopf's own watching: declarations of a namespace, target Secrets, namespace
mode, status patches while a plan runs, approval. Uses the official client with the same kubeconfig/in-cluster
credentials as kopf."""

from __future__ import annotations

import base64
import fnmatch
import os
import threading
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import kubernetes
from kubernetes.client.exceptions import ApiException

from olapctl.clickhouse.connect import TargetError, parse_url, unsplit
from olapctl.manifests import GROUP, SPEC_KINDS, namespace_declarations
from olapctl.schema.model import Snapshot

VERSION = "v1alpha1"
PLURALS = {
    "OlapTable": "olaptables",
    "MaterializedView": "materializedviews",
    "View": "views",
    "MigrationPlan": "migrationplans",
}
MODE_LABEL = "olapctl.dev/mode"
DEFAULT_SECRET = "olapctl-clickhouse"
HANDLER_THREADS = 32  # kopf's workers: an object's reconcile waits in one while its batch runs (reconcile.py)

_lock = threading.Lock()
_client: kubernetes.client.ApiClient | None = None


def api_client() -> kubernetes.client.ApiClient:
    """One client for the process: its connection pool is reused (a new client is a new TLS handshake)."""
    global _client
    with _lock:
        if _client is None:
            try:
                kubernetes.config.load_incluster_config()  # type: ignore[no-untyped-call]
            except kubernetes.config.ConfigException:
                # the client read $KUBECONFIG when it was imported; read it now
                kubernetes.config.load_kube_config(config_file=os.environ.get("KUBECONFIG"))  # type: ignore[no-untyped-call]
            config = kubernetes.client.Configuration.get_default_copy()
            config.connection_pool_maxsize = HANDLER_THREADS + 4  # a connection per handler thread, kept
            _client = kubernetes.client.ApiClient(config)
        return _client


def custom() -> kubernetes.client.CustomObjectsApi:
    return kubernetes.client.CustomObjectsApi(api_client())


def core() -> kubernetes.client.CoreV1Api:
    return kubernetes.client.CoreV1Api(api_client())


def namespace_mode(namespace: str) -> str:
    meta = core().read_namespace(namespace).metadata
    labels = (meta.labels if meta else None) or {}
    return "dev" if labels.get(MODE_LABEL) == "dev" else "prod"


def list_objects(namespace: str, kind: str) -> list[dict[str, Any]]:
    result: dict[str, Any] = custom().list_namespaced_custom_object(  # type: ignore[assignment]
        GROUP, VERSION, namespace, PLURALS[kind]
    )
    return [{**item, "kind": kind} for item in result.get("items", [])]


def declaring_namespaces(patterns: list[str]) -> list[str]:
    """The namespaces to resync: the watched ones when named exactly (a namespaced install may not list
    cluster-wide), else those that hold declarations and match a pattern (kopf's globs; none: every namespace)."""
    if patterns and not any(set(p) & set("*?[!") for p in patterns):
        return sorted(set(patterns))
    found: set[str] = set()
    for kind in SPEC_KINDS:
        result: dict[str, Any] = custom().list_cluster_custom_object(GROUP, VERSION, PLURALS[kind])  # type: ignore[assignment]
        found.update(item["metadata"]["namespace"] for item in result.get("items", []))
    return sorted(ns for ns in found if not patterns or any(fnmatch.fnmatchcase(ns, p) for p in patterns))


def declarations(namespace: str, default_database: str) -> Snapshot:
    """Every OlapTable, MaterializedView and View of the namespace, as the desired snapshot."""
    return namespace_declarations((i for kind in SPEC_KINDS for i in list_objects(namespace, kind)), default_database)


class TargetSecretError(ValueError):
    pass


ALLOWANCE_KEYS = ("databases", "engines", "clusters")


def target_url(namespace: str, secret_name: str | None, default_target: str | None) -> str:
    """The ClickHouse URL for a namespace: the named Secret, else the namespace's `olapctl-clickhouse` Secret,
    else the operator's default. Secret keys: url, and optionally username, password, database, and the
    allowance: databases, engines, clusters (comma-separated; see tenancy.py)."""
    name = secret_name or DEFAULT_SECRET
    try:
        secret = core().read_namespaced_secret(name, namespace)
    except ApiException as exc:
        if exc.status == 404 and secret_name is None and default_target:
            return default_target
        if exc.status == 404:
            raise TargetSecretError(f"Secret {namespace}/{name} not found and no default target") from None
        raise
    data = {k: base64.b64decode(v).decode() for k, v in (secret.data or {}).items()}
    if "url" not in data:
        raise TargetSecretError(f"Secret {namespace}/{name} has no 'url' key")
    try:
        found = parse_url(data["url"])
    except TargetError as exc:
        raise TargetSecretError(f"Secret {namespace}/{name}: key url: {exc}") from None
    parts = found.parts
    username = data.get("username", found.username)
    password = data.get("password", found.password)
    if parts.scheme in ("http", "https") and (username is not None or password is not None):
        auth = quote(username or "", safe="") + ":" + quote(password or "", safe="")
        parts = parts._replace(netloc=f"{auth}@{parts.netloc}")
    query = parse_qs(parts.query)
    for key in ALLOWANCE_KEYS:
        if key in data:
            query[key] = [data[key]]
    if "database" in data:
        if parts.scheme == "chdb":
            query["database"] = [data["database"]]
        else:
            parts = parts._replace(path="/" + quote(data["database"], safe=""))
    return unsplit(parts._replace(query=urlencode(query, doseq=True)))


def get_object(namespace: str, kind: str, name: str) -> dict[str, Any] | None:
    """The object as the API server has it now (None once deleted)."""
    try:
        body: dict[str, Any] = custom().get_namespaced_custom_object(  # type: ignore[assignment]
            GROUP, VERSION, namespace, PLURALS[kind], name
        )
    except ApiException as exc:
        if exc.status == 404:
            return None
        raise
    return {**body, "kind": kind}


def _sent(response: Any) -> None:
    """A write whose answer is not used: the client does not build a model of it (it costs more than the request),
    the connection goes back to the pool. An error status has raised ApiException already."""
    response.drain_conn()
    response.release_conn()


def patch_status(namespace: str, kind: str, name: str, status: dict[str, Any]) -> None:
    _sent(
        custom().patch_namespaced_custom_object_status(
            GROUP, VERSION, namespace, PLURALS[kind], name, {"status": status}, _preload_content=False
        )
    )


def post_event(body: dict[str, Any], type_: str, reason: str, message: str) -> None:
    """A core/v1 Event about the object (what `kubectl describe` and `kubectl get events` show)."""
    meta = body["metadata"]
    stamp = datetime.now(UTC)
    event: Any = {
        "metadata": {"generateName": f"{meta['name']}.", "namespace": meta["namespace"]},
        "involvedObject": {
            "apiVersion": f"{GROUP}/{VERSION}",
            "kind": body["kind"],
            "name": meta["name"],
            "namespace": meta["namespace"],
            "uid": meta.get("uid"),
            "resourceVersion": meta.get("resourceVersion"),
        },
        "type": type_,
        "reason": reason,
        "message": message[:1024],
        "source": {"component": "olapctl"},
        "reportingComponent": "olapctl",
        "firstTimestamp": stamp.isoformat(),
        "lastTimestamp": stamp.isoformat(),
        "count": 1,
    }
    _sent(core().create_namespaced_event(meta["namespace"], event, _preload_content=False))


def approve(namespace: str, name: str) -> dict[str, Any]:
    body: dict[str, Any] = custom().patch_namespaced_custom_object(  # type: ignore[assignment]
        GROUP, VERSION, namespace, PLURALS["MigrationPlan"], name, {"spec": {"approved": True}}
    )
    return body
