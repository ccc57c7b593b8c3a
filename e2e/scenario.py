"""Helpers for operator scenarios: a namespace with its own ClickHouse database, kubectl apply of real YAML,
waiting on status, and operators run as real subprocesses (stopped by pid)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from e2e.controlplane import ControlPlane
from olapctl.clickhouse.connect import Target
from olapctl.k8s.reconcile import Config
from olapctl.k8s.runner import serve

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], what: str, timeout: float = 45.0, every: float = 0.2) -> T:
    """Poll `check` until it returns something truthy; fail naming `what` and the last value seen."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last: {last!r}")


def condition(obj: dict[str, Any], type_: str) -> dict[str, Any]:
    for cond in (obj.get("status") or {}).get("conditions") or []:
        if cond.get("type") == type_:
            return dict(cond)
    return {}


@dataclass
class Namespace:
    """A namespace whose Secret olapctl-clickhouse points at database `db` of the embedded engine at `url`."""

    cp: ControlPlane
    name: str
    db: str
    url: str

    @classmethod
    def create(cls, cp: ControlPlane, prefix: str, chdb_path: Path, mode: str | None) -> Namespace:
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        db = name.replace("-", "_")
        cp.kubectl("create", "namespace", name)
        if mode:
            cp.kubectl("label", "namespace", name, f"olapctl.dev/mode={mode}")
        url = f"chdb://{chdb_path}"
        cp.kubectl(
            "create",
            "secret",
            "generic",
            "olapctl-clickhouse",
            "-n",
            name,
            f"--from-literal=url={url}",
            f"--from-literal=database={db}",
        )
        return cls(cp, name, db, f"{url}?database={db}")

    def kubectl(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.cp.kubectl("-n", self.name, *args, input=input, check=check)

    def apply(self, text: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.kubectl("apply", "-f", "-", input=text, check=check)

    def get(self, kind: str, name: str) -> dict[str, Any]:
        out = self.kubectl("get", kind, name, "-o", "json", check=False)
        return json.loads(out.stdout) if out.returncode == 0 else {}

    def table(self, kind: str) -> str:
        """`kubectl get KIND` as a user sees it."""
        return self.kubectl("get", kind).stdout

    def events(self, name: str) -> list[tuple[str, str]]:
        out = self.kubectl("get", "events", "--field-selector", f"involvedObject.name={name}", "-o", "json")
        items = sorted(
            json.loads(out.stdout)["items"], key=lambda e: e.get("lastTimestamp") or e["metadata"]["creationTimestamp"]
        )
        return [(e["reason"], e.get("message", "")) for e in items]

    def wait_synced(self, kind: str, name: str, generation: int | None = None, timeout: float = 45) -> dict[str, Any]:
        def check() -> dict[str, Any] | None:
            obj = self.get(kind, name)
            cond = condition(obj, "Synced")
            gen = generation or obj.get("metadata", {}).get("generation")
            ok = cond.get("status") == "True" and cond.get("observedGeneration") == gen
            return obj if ok else None

        return wait_for(check, f"{kind}/{name} Synced at generation {generation}", timeout)

    def wait_phase(self, name: str, phase: str, timeout: float = 45) -> dict[str, Any]:
        def check() -> dict[str, Any] | None:
            obj = self.get("migrationplan", name)
            return obj if (obj.get("status") or {}).get("phase") == phase else None

        return wait_for(check, f"migrationplan/{name} in phase {phase}", timeout)


@contextmanager
def operator_thread(cfg: Config, namespaces: list[str]) -> Iterator[None]:
    """The operator in a thread of this process (kopf's own embedding) while the block runs: it shares this
    process's embedded engine, which admits one process per data path."""
    stop = threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(serve(cfg, namespaces, stop)), daemon=True, name="operator")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=60)


def free_port() -> int:
    """A loopback TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str) -> tuple[int, str]:
    """(status, body) of a GET, (0, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status), str(resp.read().decode())
    except OSError:
        return 0, ""


def manifest(kind: str, name: str, spec: str) -> str:
    return f"apiVersion: olapctl.dev/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{spec}"


def plan_from_cluster(ns: Namespace, path: Path, name: str) -> str:
    """What a reviewer runs: `olapctl plan --from-cluster` (in this process, which holds the embedded engine)."""
    from olapctl import cli

    code = cli.main(["plan", "--from-cluster", "-n", ns.name, "--url", ns.url, "-o", str(path), "--name", name])
    assert code == 0
    return path.read_text()


def drifted_plan(ns: Namespace, db: Target, tmp_path: Path, before: str, after: str) -> dict[str, Any]:
    """Apply `before` through a plan, plan `after`, change the table by hand, approve: the plan ends Drifted."""
    from olapctl import cli

    ns.apply(before)
    ns.apply(plan_from_cluster(ns, tmp_path / "p1.yaml", "create"))
    assert cli.main(["approve", "create", "-n", ns.name]) == 0
    ns.wait_phase("create", "Succeeded")
    ns.apply(after)
    ns.apply(plan_from_cluster(ns, tmp_path / "p2.yaml", "add-status"))
    db.command(f"ALTER TABLE {ns.db}.events ADD COLUMN hotfix UInt8")  # someone changes prod by hand
    assert cli.main(["approve", "add-status", "-n", ns.name]) == 0
    return ns.wait_phase("add-status", "Drifted")


def olapctl(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "olapctl.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


@dataclass
class OperatorProcess:
    """`olapctl operator` as a separate process, as in a Deployment; stopped by pid."""

    args: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> OperatorProcess:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "olapctl.cli", "operator", *self.args],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self, sig: int = signal.SIGKILL) -> int:
        assert self.proc is not None
        os.kill(self.proc.pid, sig)
        return self.proc.wait(timeout=60)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def chdb_rows(path: Path, sql: str) -> list[list[Any]]:
    """Rows of a query against an embedded engine no process holds any more (its operator stopped)."""
    code = (
        "import json, sys, clickhouse_connect\n"
        f"c = clickhouse_connect.get_client(dsn={f'chdb://{path}'!r})\n"
        "print(json.dumps([list(r) for r in c.query(sys.argv[1]).result_rows], default=str))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, sql], capture_output=True, text=True, timeout=120, check=True)
    rows: list[list[Any]] = json.loads(out.stdout)
    return rows
