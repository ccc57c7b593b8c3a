"""kopf handlers: events in, reconcile.py out. Sync handlers (kopf runs them in threads). Beside them, one resync
thread checks each namespace's declarations against ClickHouse every `resync` seconds (reconcile.resync_namespace):
a per-object timer would cost an introspection per object and fall behind at a thousand objects."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import kopf
from kubernetes.client.exceptions import ApiException

from olapctl.k8s import cluster, memory, metrics, plans, reconcile
from olapctl.k8s.reconcile import Config, Retry, Unavailable
from olapctl.k8s.status import Phase
from olapctl.manifests import GROUP, object_name

OBJECT_KINDS = {"OlapTable": "olaptables", "MaterializedView": "materializedviews", "View": "views"}
log = logging.getLogger("olapctl")


MAX_UNAVAILABLE_DELAY = 60.0  # seconds


def retry_delay(exc: Retry, retry: int) -> float:
    """Seconds before kopf handles the object again, after its `retry`-th retry failed with `exc`. While ClickHouse
    cannot be reached every object on it fails alike, and each attempt costs the API server three requests (kopf's
    two patches, olapctl's read): a thousand objects retried every 10 s made 258 requests/s. Such an object waits
    twice as long at each attempt, up to a minute (so ClickHouse back is seen within a minute); other faults keep
    their delay."""
    if isinstance(exc, Unavailable):
        return min(exc.delay * (1 << min(retry, 16)), max(exc.delay, MAX_UNAVAILABLE_DELAY))
    return exc.delay


def emit_for(body: dict[str, Any], type_: str, reason: str, message: str) -> None:
    """An Event on the resource, and the same line in the operator's log."""
    meta = body["metadata"]
    log.info("%s %s/%s: %s: %s", type_, meta["namespace"], meta["name"], reason, message)
    try:
        cluster.post_event(body, type_, reason, message)
    except ApiException as exc:  # an Event is worth a retry of the reconcile only if the status is too
        log.warning("Event %s on %s/%s not posted: %s", reason, meta["namespace"], meta["name"], exc.reason)


def _emitter(body: kopf.Body) -> reconcile.Emit:
    plain = {k: body[k] for k in ("apiVersion", "kind", "metadata")}
    return lambda type_, reason, message: emit_for(plain, type_, reason, message)


def resync_forever(cfg: Config, patterns: list[str], stopping: threading.Event) -> None:
    """First pass at once (objects that existed before the operator started), then every `cfg.resync` seconds; after
    each, the memory freed since is given back to the system (memory.py)."""
    delay = 0.0
    while not stopping.wait(delay):
        delay = cfg.resync
        started = time.monotonic()
        try:
            namespaces = cluster.declaring_namespaces(patterns)
        except Exception as exc:  # the API server restarting: try at the next period
            log.warning("resync: cannot list namespaces: %s", exc)
            continue
        for namespace in namespaces:
            if stopping.is_set():
                return
            try:
                metrics.RESYNC_RECONCILES.inc(reconcile.resync_namespace(cfg, namespace, emit_for))
            except Retry as exc:
                log.info("resync %s: %s", namespace, exc)
            except Exception:  # one namespace's fault must not stop the others' resync
                log.exception("resync %s failed", namespace)
        metrics.RESYNC_SECONDS.observe(time.monotonic() - started)
        memory.release_free_memory()


def _declared_key(body: kopf.Body | dict[str, Any]) -> tuple[str, str, str]:
    meta, spec = body["metadata"], body.get("spec") or {}
    table = spec.get("name") if isinstance(spec.get("name"), str) else None
    database = spec.get("database") if isinstance(spec.get("database"), str) else ""
    return meta["namespace"], database or "", table or object_name(str(meta["name"]))


async def declared(body: kopf.Body, **_: Any) -> dict[tuple[str, str, str], str]:
    """kopf index: (namespace, database or '' for the default, name) -> 'Kind/name' of each declaring object.

    Async because kopf indexes every event of an object before it looks at the event's causes, and runs a sync
    function in its handler threads: behind the queued reconciles (minutes of them when thousands of objects are
    created at once). An event indexed past kopf's consistency wait was then handled as if newer events did not
    exist: the status patch of a creation was handled as the creation again."""
    return {_declared_key(body): f"{body['kind']}/{body['metadata']['name']}"}


def _others(indices: dict[str, Any], body: kopf.Body, kind: str) -> list[str]:
    """The other objects of the namespace that declare the same table or view."""
    key = _declared_key(body)
    found: set[str] = set()
    for plural in OBJECT_KINDS.values():
        index = indices.get(f"declared_{plural}")
        if index is not None and key in index:
            found.update(index[key])
    return sorted(found - {f"{kind}/{body['metadata']['name']}"})


def build_registry(cfg: Config, namespaces: list[str]) -> kopf.OperatorRegistry:
    registry = kopf.OperatorRegistry()
    stopping = threading.Event()

    @kopf.on.startup(registry=registry)
    def start_resync(**_: Any) -> None:
        threading.Thread(target=resync_forever, args=(cfg, namespaces, stopping), daemon=True, name="resync").start()

    @kopf.on.cleanup(registry=registry)
    def stop_resync(**_: Any) -> None:
        stopping.set()

    for kind, plural in OBJECT_KINDS.items():

        def on_object(body: kopf.Body, retry: int = 0, kind: str = kind, **kwargs: Any) -> None:
            ns, name = body["metadata"]["namespace"], body["metadata"]["name"]
            others = _others(kwargs, body, kind)
            try:
                reconcile.reconcile_current(cfg, kind, ns, name, _emitter(body), others)
            except Retry as exc:
                raise kopf.TemporaryError(str(exc), delay=retry_delay(exc, retry)) from None

        def on_delete(body: kopf.Body, retry: int = 0, kind: str = kind, **kwargs: Any) -> None:
            with cfg.object_lock(kind, body["metadata"]["namespace"], body["metadata"]["name"]):
                if _others(kwargs, body, kind):
                    return  # another object declares the same table: it stays
                try:
                    reconcile.delete_object(cfg, kind, {k: body[k] for k in body}, _emitter(body))
                except Retry as exc:
                    raise kopf.TemporaryError(str(exc), delay=retry_delay(exc, retry)) from None

        resource = (GROUP, "v1alpha1", plural)
        kopf.index(*resource, registry=registry, id=f"declared_{plural}")(declared)
        kopf.on.create(*resource, registry=registry, id="reconcile")(on_object)
        kopf.on.update(*resource, registry=registry, id="reconcile", field="spec")(on_object)
        kopf.on.delete(*resource, registry=registry, id="cleanup")(on_delete)

    def on_plan(body: kopf.Body, retry: int = 0, **_: Any) -> None:
        ns, name = body["metadata"]["namespace"], body["metadata"]["name"]
        with cfg.object_lock("MigrationPlan", ns, name):
            plain = cfg.api.get_object(ns, "MigrationPlan", name)  # fresh: a run that finished meanwhile shows
            if plain is None:
                return
            before = (plain.get("status") or {}).get("phase")
            try:
                status = plans.run_plan(cfg, plain, _emitter(body))
            except Retry as exc:
                raise kopf.TemporaryError(str(exc), delay=retry_delay(exc, retry)) from None
        if status.phase == Phase.SUCCEEDED and before != Phase.SUCCEEDED:
            try:
                reconcile.resync_namespace(cfg, ns, emit_for)  # the tables' status says InSync now
            except Retry as exc:
                log.info("after plan %s/%s: %s (the next resync updates the tables' status)", ns, name, exc)

    migrationplans = (GROUP, "v1alpha1", "migrationplans")
    kopf.on.resume(*migrationplans, registry=registry, id="plan")(on_plan)
    kopf.on.create(*migrationplans, registry=registry, id="plan")(on_plan)
    kopf.on.update(*migrationplans, registry=registry, id="plan", field="spec")(on_plan)
    every = cfg.resync
    kopf.timer(*migrationplans, registry=registry, id="plan-resync", interval=every, initial_delay=every)(on_plan)
    return registry
