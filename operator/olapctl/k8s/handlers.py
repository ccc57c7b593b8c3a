"""kopf handlers: events in, reconcile.py out. Sync handlers (kopf runs them in threads)."""

from __future__ import annotations

import copy
import logging
from typing import Any

import kopf

from olapctl.k8s import cluster, reconcile
from olapctl.k8s.reconcile import Config, Retry
from olapctl.manifests import GROUP

OBJECT_KINDS = {"OlapTable": "olaptables", "MaterializedView": "materializedviews", "View": "views"}
log = logging.getLogger("olapctl")


def _plain(body: kopf.Body) -> dict[str, Any]:
    return copy.deepcopy({k: body[k] for k in body})


def _emitter(body: kopf.Body | dict[str, Any]) -> reconcile.Emit:
    """Events on the resource (and the same line in the operator's log)."""
    about = body if isinstance(body, kopf.Body) else kopf.Body(body)  # type: ignore[arg-type]

    def emit(type_: str, reason: str, message: str) -> None:
        log.info("%s %s/%s: %s: %s", type_, body["metadata"]["namespace"], body["metadata"]["name"], reason, message)
        kopf.event(about, type=type_, reason=reason, message=message[:1024])

    return emit


def _emit_for(item: dict[str, Any], type_: str, reason: str, message: str) -> None:
    _emitter(item)(type_, reason, message)


def build_registry(cfg: Config) -> kopf.OperatorRegistry:
    registry = kopf.OperatorRegistry()

    for kind, plural in OBJECT_KINDS.items():

        def on_object(body: kopf.Body, kind: str = kind, **_: Any) -> None:
            ns, name = body["metadata"]["namespace"], body["metadata"]["name"]
            with cfg.object_lock(kind, ns, name):
                plain = cluster.get_object(ns, kind, name)  # fresh: another handler may have run meanwhile
                if plain is None or plain["metadata"].get("deletionTimestamp"):
                    return
                try:
                    status = reconcile.reconcile_object(cfg, kind, plain, _emitter(body))
                except Retry as exc:
                    raise kopf.TemporaryError(str(exc), delay=exc.delay) from None
                cluster.patch_status(ns, kind, name, status)

        def on_delete(body: kopf.Body, kind: str = kind, **_: Any) -> None:
            with cfg.object_lock(kind, body["metadata"]["namespace"], body["metadata"]["name"]):
                try:
                    reconcile.delete_object(cfg, kind, _plain(body), _emitter(body))
                except Retry as exc:
                    raise kopf.TemporaryError(str(exc), delay=exc.delay) from None

        resource = (GROUP, "v1alpha1", plural)
        kopf.on.resume(*resource, registry=registry, id="reconcile")(on_object)
        kopf.on.create(*resource, registry=registry, id="reconcile")(on_object)
        kopf.on.update(*resource, registry=registry, id="reconcile", field="spec")(on_object)
        kopf.timer(*resource, registry=registry, id="resync", interval=cfg.resync, initial_delay=cfg.resync)(on_object)
        kopf.on.delete(*resource, registry=registry, id="cleanup")(on_delete)

    def on_plan(body: kopf.Body, **_: Any) -> None:
        ns, name = body["metadata"]["namespace"], body["metadata"]["name"]
        with cfg.object_lock("MigrationPlan", ns, name):
            plain = cluster.get_object(ns, "MigrationPlan", name)  # fresh: a run that finished meanwhile shows
            if plain is None:
                return
            before = (plain.get("status") or {}).get("phase")
            try:
                status = reconcile.reconcile_plan(cfg, plain, _emitter(body))
            except Retry as exc:
                raise kopf.TemporaryError(str(exc), delay=exc.delay) from None
            if status.get("phase") == "Succeeded" and before != "Succeeded":
                reconcile.refresh_objects(cfg, ns, _emit_for)

    plans = (GROUP, "v1alpha1", "migrationplans")
    kopf.on.resume(*plans, registry=registry, id="plan")(on_plan)
    kopf.on.create(*plans, registry=registry, id="plan")(on_plan)
    kopf.on.update(*plans, registry=registry, id="plan", field="spec")(on_plan)
    kopf.timer(*plans, registry=registry, id="plan-resync", interval=cfg.resync, initial_delay=cfg.resync)(on_plan)
    return registry
