"""`olapctl operator`: kopf in standalone mode, started once this replica holds the leader Lease, stopped if it
loses it. Replicas that do not lead wait; a leader stopped by a signal gives the Lease up once kopf has stopped, and
a standby takes it at its next attempt (a second); a killed leader's Lease expires. Either way the new leader
resumes any plan from the ledger."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import kopf
from kubernetes.client.exceptions import ApiException
from kubernetes.leaderelection import electionconfig, leaderelection
from kubernetes.leaderelection.resourcelock.leaselock import LeaseLock

from olapctl.k8s import cluster
from olapctl.k8s.handlers import build_registry
from olapctl.k8s.reconcile import Config

log = logging.getLogger("olapctl")
logging.getLogger("leaderelection").setLevel(logging.WARNING)  # (a line per renewal, every second, otherwise)
LEASE_NAME = "olapctl-operator"


class TolerantLeaseLock(LeaseLock):
    """A LeaseLock whose transport errors (API server restarting) count as failed attempts, as ApiExceptions do,
    so LeaderElection keeps retrying until its renew deadline instead of dying on the first refused connection.
    Once `release()` ran it writes nothing more: the replica is stopping and must not take the Lease back."""

    def __init__(self, name: str, namespace: str, identity: str) -> None:
        super().__init__(name, namespace, identity)  # type: ignore[no-untyped-call]
        self.released = threading.Event()
        self.writing = threading.Lock()  # a renewal in flight finishes before the release reads the Lease

    def release(self) -> bool:
        """Give the Lease up if this replica holds it: holder cleared, so a standby takes it at its next attempt
        (LeaderElection acquires a Lease without holder at once) instead of waiting out the lease duration.
        resourceVersion guards the write: a Lease another replica took meanwhile is left alone."""
        with self.writing:
            self.released.set()
            try:
                lease = self.api_instance.read_namespaced_lease(self.name, self.namespace)
                if lease.spec is None or lease.spec.holder_identity != self.identity:
                    return False
                lease.spec.holder_identity = None
                lease.spec.lease_duration_seconds = 1
                lease.spec.renew_time = datetime.now(UTC)
                self.api_instance.replace_namespaced_lease(self.name, self.namespace, lease)
                return True
            except Exception as exc:  # the API server is gone: the Lease expires as it would have
                log.warning("could not release the leader Lease: %s", exc)
                return False

    def get(self, name: str, namespace: str) -> tuple[bool, Any]:
        try:
            return super().get(name, namespace)  # type: ignore[no-any-return,no-untyped-call]
        except ApiException:
            raise
        except Exception as exc:  # urllib3 connection errors, timeouts
            return False, ApiException(status=0, reason=f"API server unreachable: {exc}")

    def create(self, name: str, namespace: str, election_record: Any) -> bool:
        with self.writing:
            if self.released.is_set():
                return False
            try:
                return bool(super().create(name, namespace, election_record))  # type: ignore[no-untyped-call]
            except Exception:
                return False

    def update(self, name: str, namespace: str, updated_record: Any) -> bool:
        with self.writing:
            if self.released.is_set():
                return False
            try:
                return bool(super().update(name, namespace, updated_record))  # type: ignore[no-untyped-call]
            except Exception:
                return False


def in_flight(limit: int) -> aiohttp.ClientMiddlewareType:
    """At most `limit` of kopf's requests in flight at once, its watches aside (each holds its connection for
    minutes; they are never queued). kopf runs a task per object with events to handle and sends each task's patches
    at once, one HTTP/1.1 connection per request in flight: a thousand objects created together opened ~2,000 TLS
    connections, each holding a 128 KiB buffer while kept alive (250 MiB of RSS with 1,000 objects, 1.9 GiB with
    5,000). The bound is on requests, not on objects: an object waiting to retry holds nothing, so objects that
    keep failing (one tenant's) never hold up the others."""
    gate = asyncio.Semaphore(limit)

    async def middleware(request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType) -> aiohttp.ClientResponse:
        if request.url.query.get("watch") == "true":
            return await handler(request)
        async with gate:
            return await handler(request)

    return middleware


async def login(**kwargs: Any) -> kopf.AiohttpSession | None:
    """In a pod, its service account; elsewhere $KUBECONFIG (read now, not when a library was imported). kopf's
    session as kopf would make it, with its requests in flight bounded; kopf closes it when it logs in again."""
    info = kopf.login_with_service_account(**kwargs) or kopf.login_with_kubeconfig(**kwargs)
    if info is None:
        return None
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, ssl=info.as_ssl_context()),
        headers=info.as_http_headers(),
        proxy=info.proxy_url,
        trust_env=info.trust_env,
        middlewares=(in_flight(cluster.HANDLER_THREADS),),
    )
    return kopf.AiohttpSession(
        server=info.server,
        default_namespace=info.default_namespace,
        priority=info.priority,
        expiration=info.expiration,
        aiohttp_session=session,
    )


CONSISTENCY_TIMEOUT = 300.0  # seconds; see configure


def configure(settings: kopf.OperatorSettings) -> None:
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix="olapctl.dev")
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(prefix="olapctl.dev")
    settings.persistence.finalizer = "olapctl.dev/cleanup"
    # After handling an object kopf patches its annotations, then waits to see that patch before it handles the
    # object's next event. Past this wait it handles the event anyway, from a body without its annotations: the
    # creation handled twice. kopf's default wait is 5 s; a long one costs nothing, since a newer event ends it at
    # once. (The wait used to run out because each event waited for a handler thread to be indexed: see
    # handlers.declared.)
    settings.persistence.consistency_timeout = CONSISTENCY_TIMEOUT
    settings.posting.level = logging.INFO
    settings.execution.max_workers = cluster.HANDLER_THREADS
    settings.watching.server_timeout = 60
    settings.queueing.error_delays = [1, 2, 5, 10, 30, 60]


def health_endpoint(url: str, healthy: Callable[[], bool]) -> ThreadingHTTPServer:
    """GET <path> answers 200 while `healthy()`, else 503; served from process start, leader or not, so standby
    replicas pass their liveness probe too."""
    parts = urlsplit(url)
    path = parts.path or "/healthz"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = self.path.split("?")[0] == path and healthy()
            self.send_response(200 if ok else 503 if self.path.split("?")[0] == path else 404)
            self.end_headers()
            self.wfile.write(b"ok\n" if ok else b"not ok\n")

        def log_message(self, format: str, *args: Any) -> None:  # probes every few seconds: not worth a log line
            pass

    server = ThreadingHTTPServer((parts.hostname or "0.0.0.0", parts.port or 8080), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="healthz").start()
    return server


def serve(cfg: Config, namespaces: list[str], stop: asyncio.Event | threading.Event) -> Coroutine[None, None, None]:
    """The operator's event loop work: kopf, standalone (leadership is decided before), until `stop`."""
    registry = build_registry(cfg, namespaces)
    kopf.on.startup(registry=registry)(lambda settings, **_: configure(settings))
    kopf.on.login(registry=registry)(login)
    # stopping on a signal: raise the stop flag too, or kopf waits 5 s for its own task awaiting that flag
    kopf.on.cleanup(registry=registry)(lambda **_: stop.set())
    return kopf.operator(
        registry=registry,
        standalone=True,
        clusterwide=not namespaces,
        namespaces=namespaces,
        stop_flag=stop,
    )


def run(
    namespaces: list[str],
    default_target: str | None,
    resync: float,
    lease_namespace: str,
    liveness: str | None = None,
) -> int:
    """Wait for the leader Lease, then serve until SIGTERM/SIGINT or the Lease is lost (exit 1)."""
    cfg = Config(default_target=default_target, resync=resync)
    stop = threading.Event()
    leading = threading.Event()
    lease_lost = threading.Event()
    identity = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    cluster.api_client()  # load credentials once, before threads need them
    if liveness:
        health_endpoint(liveness, lambda: not stop.is_set())

    def lead() -> None:
        log.info("olapctl %s leads (Lease %s/%s)", identity, lease_namespace, LEASE_NAME)
        leading.set()
        stop.wait()

    lock = TolerantLeaseLock(LEASE_NAME, lease_namespace, identity)

    loop = asyncio.new_event_loop()
    stopping = asyncio.Event()  # kopf's stop flag: awaited in the loop, so a stop on a signal waits for no thread

    def lost() -> None:
        if lock.released.is_set():  # (this replica gave the Lease up itself)
            return
        log.warning("olapctl %s lost the leader Lease; stopping", identity)
        lease_lost.set()
        stop.set()
        leading.set()
        loop.call_soon_threadsafe(stopping.set)

    config = electionconfig.Config(  # type: ignore[no-untyped-call]
        lock,
        lease_duration=15,
        renew_deadline=10,
        retry_period=1,  # a standby tries once a second: it takes a released Lease within a second
        onstarted_leading=lead,
        onstopped_leading=lost,
    )
    election = leaderelection.LeaderElection(config)  # type: ignore[no-untyped-call]

    def elect() -> None:
        # LeaderElection.run returns when renewal fails, but an API error escapes it without calling
        # onstopped_leading: either way this replica no longer holds the Lease and must stop applying.
        try:
            election.run()  # type: ignore[no-untyped-call]
        except Exception:
            log.exception("leader election failed")
        finally:
            lost()

    threading.Thread(target=elect, daemon=True, name="leader-election").start()
    log.info("olapctl %s waiting for the leader Lease %s/%s", identity, lease_namespace, LEASE_NAME)
    leading.wait()
    if lease_lost.is_set():
        return 1
    try:
        loop.run_until_complete(serve(cfg, namespaces, stopping))  # kopf handles SIGTERM/SIGINT itself
    finally:
        stop.set()
        loop.close()
    if not lease_lost.is_set() and lock.release():  # kopf has stopped: nothing of this replica applies any more
        log.info("olapctl %s released the leader Lease", identity)
    return 1 if lease_lost.is_set() else 0
