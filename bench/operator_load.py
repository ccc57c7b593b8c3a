"""olapctl operator benchmark against a real control plane (kube-apiserver + etcd) and the embedded ClickHouse.

    python bench/operator_load.py [--changes 50] [--tables 1000] [--columns 20] [--resync 30] [--steady 30]
                             [--namespaces 1] [--rate 10] [--soak 300]

The phases, in one run:

1. dev-mode latency: the operator runs in a thread of this process (as e2e's `embedded_operator` fixture does; the
   embedded engine admits one process per data path) and serves a dev namespace holding one OlapTable. Each of
   `--changes` changes adds a column with `kubectl apply -f -`; the latency runs from just before the apply to the
   column being visible in ClickHouse's system.columns (polled every 20 ms through the same shared client), and,
   separately, to the object's status saying Synced at the new generation (what `kubectl get` shows).
   Goals: p50 < 1 s, p95 < 2 s.
2. operator memory: `olapctl operator` as a subprocess with its own data path, serving a dev namespace in which
   `--tables` OlapTables of `--columns` columns are created at once; the time until all are Synced (convergence
   from empty), then VmRSS / VmHWM of that process sampled over `--steady` seconds of steady-state resyncs, while
   a few changes to one of the tables are timed to Synced (dev latency under that load). Goal: < 200 MiB.

2b. own-memory: the operator's RSS without the engine: a subprocess whose ClickHouse URL is down, with N objects
   for each N of `--own-steps` (default 1000,5000), and the API requests/s the retrying objects cost. Goal: <= 150
   MiB at 1,000.

3. scale: the operator in a thread again, serving `--namespaces` dev namespaces over which `--tables` OlapTables
   are created at once: convergence from empty; API requests per second and resync passes at steady state, then
   changes to the last namespace timed while the passes run; the cost of a resync pass of the first namespace when
   nothing changed (seconds, statements by kind; goal: no DDL, a constant number of queries); then the soak, in
   the first namespace: `--rate` changes per second (an added column each, tables in turn) for `--soak` seconds,
   the time until every table is Synced at its last generation, and the end checks:
   the live columns of every table equal the declared ones, and the operator ran one AddTableColumn per added
   column (olapctl_operations_applied_total: nothing lost, nothing duplicated; dev mode keeps no ledger).

4. leader handover: `olapctl operator` replicas as subprocesses, `--handovers` times: the leader gets SIGTERM while
   a standby waits (a rolling update); the time from the signal to the Lease naming the standby, and to the old
   leader's exit. Goal: < 2 s.

`--phases handover` (or any comma-separated subset) runs only those; their figures replace the same phases' in the
results file.

Figures are printed and written to bench/operator-results.json (see bench/README.md). A miss is reported, never an
exit status: benchmarks report, tests assert.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kubernetes
from kubernetes.client.exceptions import ApiException

from olapctl.clickhouse.connect import Target, connect
from olapctl.k8s import cluster
from olapctl.k8s.reconcile import Config, resync_namespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/operator_load.py` puts bench/, not the repository, on the path
    sys.path.insert(0, str(ROOT))

from e2e import load  # noqa: E402
from e2e.controlplane import K8S_VERSION, ControlPlane, start  # noqa: E402
from e2e.load import MIN_COLUMNS, olaptable, synced_at, table_name, table_spec  # noqa: E402
from e2e.scenario import Namespace, OperatorProcess, free_port, operator_thread  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
GROUP, VERSION, PLURAL = "olapctl.dev", "v1alpha1", "olaptables"
GOAL_P50 = 1.0  # seconds, kubectl apply -> DDL visible
GOAL_P95 = 2.0
GOAL_RSS_MIB = 200.0
GOAL_OWN_RSS_MIB = 150.0  # the operator without the engine, 1,000 objects (issue 14)
GOAL_HANDOVER = 2.0  # seconds, SIGTERM to the leader -> the standby holds the Lease
PHASES = ("latency", "memory", "own-memory", "scale", "handover")
QUANTILES = ("p50", "p95", "max")
POLL = 0.02  # seconds between ClickHouse / status polls in phase 1
CHANGE_TIMEOUT = 30.0
LOADED_CHANGES = 5  # phase 2: dev changes timed during the steady-state window, at most
LOADED_TIMEOUT = 90.0
# Phase 1 adds columns of these types, in turn.
ADDED_TYPES = ["Int64", "String", "Float64", "LowCardinality(String)", "Nullable(UInt32)", "DateTime64(3)"]


# --------------------------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values),
        "mean": statistics.fmean(values),
        "min": min(values),
    }


def proc_status(pid: int) -> dict[str, int]:
    """The kB fields of /proc/PID/status (VmRSS, VmHWM, RssAnon, RssFile, ...)."""
    out: dict[str, int] = {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB":
            out[name] = int(parts[0])
    return out


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mib(kb: int) -> float:
    return kb / 1024


def get_object(api: kubernetes.client.CustomObjectsApi, namespace: str, name: str) -> dict[str, Any]:
    try:
        obj: dict[str, Any] = api.get_namespaced_custom_object(  # type: ignore[assignment]
            GROUP, VERSION, namespace, PLURAL, name
        )
    except ApiException:
        return {}
    return obj


def wait_served(cp: ControlPlane, timeout: float = 30.0) -> None:
    """Established CRDs may still answer 429 'storage is (re)initializing' for a moment: wait until they list."""
    kinds = "olaptables,materializedviews,views,migrationplans"
    deadline = time.perf_counter() + timeout
    while cp.kubectl("get", kinds, "-A", check=False).returncode != 0:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the olapctl CRDs are not served {timeout:.0f} s after being Established")
        time.sleep(0.2)


# --------------------------------------------------------------------------------------------- phase 1


@dataclass
class Change:
    column: str
    generation: int
    kubectl_seconds: float = 0.0  # kubectl apply returned
    ddl_seconds: float | None = None  # column visible in system.columns
    synced_seconds: float | None = None  # status Synced at the new generation


def _wait(check: Callable[[], bool], started: float, timeout: float) -> float | None:
    """Poll `check` every POLL seconds; seconds since `started` when it held, None on timeout."""
    deadline = time.perf_counter() + timeout
    while True:
        if check():
            return time.perf_counter() - started
        if time.perf_counter() > deadline:
            return None
        time.sleep(POLL)


def phase_latency(cp: ControlPlane, workdir: Path, changes: int, resync: float) -> dict[str, Any]:
    chdb_path = workdir / "chdb-latency"
    ns = Namespace.create(cp, "bench-dev", chdb_path, "dev")
    # Open the engine in this thread before the operator's thread does: one shared client per process and path.
    db: Target = connect(ns.url)
    api = load.api(cp)
    cfg = Config(default_target=f"chdb://{chdb_path}?database=bench_default", resync=resync)
    name = "latency"
    columns: list[dict[str, str]] = [
        {"name": "id", "type": "UInt64"},
        {"name": "ts", "type": "DateTime64(3, 'UTC')"},
        {"name": "event", "type": "LowCardinality(String)"},
    ]

    def manifest() -> str:
        return json.dumps(olaptable(name, {"columns": columns, "orderBy": ["id"]}))  # JSON is YAML

    def get() -> dict[str, Any]:
        return get_object(api, ns.name, name)

    def visible(column: str) -> bool:
        rows = db.query(
            "SELECT count() FROM system.columns WHERE database = {d:String} AND table = {t:String} "
            "AND name = {c:String}",
            {"d": ns.db, "t": name, "c": column},
        )
        return bool(rows and rows[0][0])

    results: list[Change] = []
    with operator_thread(cfg, ["bench-dev-*"]):
        started = time.perf_counter()
        ns.apply(manifest())
        create_ddl = _wait(lambda: visible("event"), started, 60)
        create_synced = _wait(lambda: synced_at(get(), 1), started, 60)
        if create_synced is None:
            raise RuntimeError(f"olaptable/{name} not Synced 60 s after creation; is the operator running?")
        generation = 1
        log(f"  created olaptable/{name} (DDL after {create_ddl or 0:.2f} s, Synced after {create_synced:.2f} s)")
        for i in range(changes):
            column = f"added_{i:03d}"
            columns.append({"name": column, "type": ADDED_TYPES[i % len(ADDED_TYPES)]})
            generation += 1
            change = Change(column, generation)
            text = manifest()
            t0 = time.perf_counter()
            ns.apply(text)
            change.kubectl_seconds = time.perf_counter() - t0
            change.ddl_seconds = _wait(lambda column=column: visible(column), t0, CHANGE_TIMEOUT)  # type: ignore[misc]
            change.synced_seconds = _wait(lambda gen=generation: synced_at(get(), gen), t0, CHANGE_TIMEOUT)  # type: ignore[misc]
            results.append(change)
            if change.ddl_seconds is None or change.synced_seconds is None:
                log(f"  change {i + 1}: {column} not applied/Synced within {CHANGE_TIMEOUT:.0f} s")
                if sum(1 for c in results[-3:] if c.ddl_seconds is None) == 3:
                    log("  three changes in a row timed out; stopping phase 1")
                    break
            elif (i + 1) % 10 == 0:
                log(f"  {i + 1}/{changes} changes")
    ddl = [c.ddl_seconds for c in results if c.ddl_seconds is not None]
    synced = [c.synced_seconds for c in results if c.synced_seconds is not None]
    kubectl = [c.kubectl_seconds for c in results]
    final = get()
    return {
        "namespace": ns.name,
        "changes": len(results),
        "timeouts": sum(1 for c in results if c.ddl_seconds is None or c.synced_seconds is None),
        "resync_seconds": resync,
        "poll_seconds": POLL,
        "create": {"ddl_seconds": create_ddl, "synced_seconds": create_synced},
        "apply_to_ddl": summarize(ddl),
        "apply_to_synced": summarize(synced),
        "kubectl_apply": summarize(kubectl),
        "ddl_after_kubectl": summarize([c.ddl_seconds - c.kubectl_seconds for c in results if c.ddl_seconds]),
        "synced_after_ddl": summarize(
            [c.synced_seconds - c.ddl_seconds for c in results if c.ddl_seconds and c.synced_seconds]
        ),
        "final_generation": final.get("metadata", {}).get("generation"),
        "samples": [
            {
                "column": c.column,
                "generation": c.generation,
                "kubectl": c.kubectl_seconds,
                "ddl": c.ddl_seconds,
                "synced": c.synced_seconds,
            }
            for c in results
        ],
        "goal_p50_seconds": GOAL_P50,
        "goal_p95_seconds": GOAL_P95,
    }


# --------------------------------------------------------------------------------------------- phase 2


@dataclass
class Sampler:
    """VmRSS / CPU samples of one process."""

    pid: int
    samples: list[dict[str, float]] = field(default_factory=list)
    t0: float = field(default_factory=time.perf_counter)

    def sample(self, phase: str, **extra: float) -> dict[str, float]:
        st = proc_status(self.pid)
        row: dict[str, float] = {
            "t": time.perf_counter() - self.t0,
            "rss_mib": mib(st.get("VmRSS", 0)),
            "hwm_mib": mib(st.get("VmHWM", 0)),
            "anon_mib": mib(st.get("RssAnon", 0)),
            "file_mib": mib(st.get("RssFile", 0)),
            "cpu_s": cpu_seconds(self.pid),
            **extra,
        }
        self.samples.append({"phase": phase, **row})  # type: ignore[dict-item]
        return row


LOG_PATTERNS = {
    "handler_succeeded": "Handler 'reconcile' succeeded",
    "applied_events": "Applied: ",
    "failed_temporarily": "failed temporarily",
    "failed_with_exception": "failed with an exception",
}
RECONCILES_LINE = re.compile(r"^olapctl_reconciles_total\{([^}]*)\}\s+(\S+)$", re.MULTILINE)
# Run in a fresh process once the operator stopped: the embedded engine alone, on the same data path.
ENGINE_ALONE = """
import json, sys
from pathlib import Path
from olapctl.clickhouse.connect import connect
from olapctl.clickhouse.introspect import introspect
target = connect(sys.argv[1])
tables = len(introspect(target, [target.database]).tables)
lines = Path("/proc/self/status").read_text().splitlines()
kb = {line.split(":")[0]: int(line.split()[1]) for line in lines if line.endswith("kB")}
print(json.dumps({"tables": tables, **kb}))
"""


def count_log(text: str) -> dict[str, int]:
    return {name: text.count(pattern) for name, pattern in LOG_PATTERNS.items()}


def first_errors(text: str, limit: int = 3) -> list[str]:
    lines = [line for line in text.splitlines() if "[ERROR" in line or "failed temporarily" in line]
    return [line[:300] for line in lines[:limit]]


def metrics_text(port: int) -> str:
    """The operator's /metrics ('' when it does not answer)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
            return str(resp.read().decode())
    except OSError:
        return ""


def reconciles(port: int) -> dict[str, float]:
    """olapctl_reconciles_total of OlapTables by result (Applied, InSync, ...), from the operator's /metrics."""
    out: dict[str, float] = {}
    for labels, value in RECONCILES_LINE.findall(metrics_text(port)):
        parsed = dict(re.findall(r'(\w+)="([^"]*)"', labels))
        if parsed.get("kind") == "OlapTable":
            result = parsed.get("result", "")
            out[result] = out.get(result, 0.0) + float(value)
    return out


def resync_passes(port: int) -> dict[str, float]:
    """olapctl_resync_seconds' count and sum: resync passes over all namespaces, and their total seconds."""
    found = re.findall(r"^olapctl_resync_seconds_(count|sum) ([0-9.e+-]+)$", metrics_text(port), re.MULTILINE)
    return {name: float(value) for name, value in found}


def delta(after: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {k: after.get(k, 0.0) - before.get(k, 0.0) for k in sorted(set(after) | set(before))}


def wait_log(op: OperatorProcess, text: str = "leads (Lease", timeout: float = 60) -> None:
    """Until the operator's log holds `text` (by default: it leads); RuntimeError with its log's tail if it exits or
    the time runs out first."""
    assert op.proc is not None
    deadline = time.perf_counter() + timeout
    while text not in op.output():
        if op.proc.poll() is not None or time.perf_counter() > deadline:
            raise RuntimeError(f"no {text!r} in the operator's log:\n{op.output()[-2000:]}")
        time.sleep(POLL)


def engine_alone(url: str) -> dict[str, Any]:
    """Tables and memory of the embedded engine on `url` opened by a fresh Python process (full introspection)."""
    out = subprocess.run(
        [sys.executable, "-c", ENGINE_ALONE, url], capture_output=True, text=True, timeout=300, check=False, cwd=ROOT
    )
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-500:]}
    data: dict[str, Any] = json.loads(out.stdout)
    return {
        "tables": data["tables"],
        "rss_mib": mib(data["VmRSS"]),
        "peak_rss_mib": mib(data["VmHWM"]),
        "anon_mib": mib(data["RssAnon"]),
        "file_mib": mib(data["RssFile"]),
    }


ENGINE_FLOOR = """
import json, sys, tempfile, time
from olapctl.clickhouse.connect import connect
from olapctl.clickhouse.render import create_table
from olapctl.manifests import spec_from_manifest
from e2e.load import olaptable, table_spec
tables, columns = int(sys.argv[1]), int(sys.argv[2])
with tempfile.TemporaryDirectory() as path:
    target = connect(f"chdb://{path}")
    target.command("CREATE DATABASE floor")
    bodies = [olaptable(f"t{i:04d}", table_spec(i, columns)) for i in range(tables)]
    models = [spec_from_manifest(body, "floor", "bench") for body in bodies]
    started = time.perf_counter()
    for model in models:
        target.command(create_table(model))
    print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def engine_floor(tables: int, columns: int) -> float | None:
    """Seconds the embedded engine alone takes to create the same tables, one statement after the other (as the
    operator's DDL runs: one engine, one statement at a time), in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", ENGINE_FLOOR, str(tables), str(columns)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        cwd=ROOT,
    )
    return float(json.loads(out.stdout)["seconds"]) if out.returncode == 0 else None


def api_requests(cp: ControlPlane) -> dict[str, float]:
    """kube-apiserver's request counter, by 'VERB resource[/subresource]'."""
    found: dict[str, float] = {}
    for line in cp.kubectl("get", "--raw", "/metrics").stdout.splitlines():
        if line.startswith("apiserver_request_total{"):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', line))
            name = f"{labels.get('verb')} {labels.get('resource')}" + (
                f"/{labels['subresource']}" if labels.get("subresource") else ""
            )
            found[name] = found.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return found


def api_floor(cp: ControlPlane, tables: int, columns: int, status: dict[str, Any]) -> float:
    """Seconds the API server alone takes to serve the requests a converging object costs (the creation, kopf's
    finalizer and annotation patches, olapctl's read, status patch and Event), with 8 client threads and no
    operator: the API's share of the convergence when nothing else runs."""
    namespace = f"bench-api-floor-{os.getpid()}"
    cp.kubectl("create", "namespace", namespace)
    custom = load.api(cp)

    def one(i: int) -> None:
        name = f"t{i:04d}"
        spec = table_spec(i, columns)
        custom.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, olaptable(name, spec))
        patch = {"metadata": {"finalizers": ["olapctl.dev/cleanup"]}}
        custom.patch_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, name, patch)
        handled = {"metadata": {"annotations": {"olapctl.dev/last-handled-configuration": json.dumps({"spec": spec})}}}
        custom.patch_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, name, handled)
        # olapctl's own requests, through the operator's own functions
        body = cluster.get_object(namespace, "OlapTable", name)
        assert body is not None
        cluster.patch_status(namespace, "OlapTable", name, status)
        message = "\n".join(status.get("lastAppliedOperations") or ["applied"])
        cluster.post_event(body, "Normal", "Applied", message)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(one, range(tables)))
    return time.perf_counter() - started


def phase_memory(
    cp: ControlPlane,
    workdir: Path,
    tables: int,
    columns: int,
    resync: float,
    steady: float,
    converge_timeout: float,
) -> dict[str, Any]:
    chdb_path = workdir / "chdb-memory"
    ns = Namespace.create(cp, "bench-mem", chdb_path, "dev")
    port = free_port()
    args = ["--namespace", ns.name, "--default-target", ns.url, "--resync", format(resync, "g")]
    args += ["--lease-namespace", ns.name, "--metrics-port", str(port)]
    op = OperatorProcess(args, workdir / "operator-memory.log").start()
    assert op.proc is not None
    pid = op.proc.pid
    api = load.api(cp)
    sampler = Sampler(pid)
    result: dict[str, Any] = {"namespace": ns.name, "tables": tables, "columns_per_table": columns}
    try:
        wait_log(op)
        time.sleep(2)
        result["idle_rss_mib"] = sampler.sample("idle")["rss_mib"]
        log(f"  operator pid {pid} leads; idle RSS {result['idle_rss_mib']:.0f} MiB; creating {tables} OlapTables ...")

        bodies = [olaptable(f"t{i:04d}", table_spec(i, columns)) for i in range(tables)]
        processes = {
            "operator": pid,
            "kube-apiserver": cp.apiserver_pid,
            "etcd": cp.etcd_pid,
            "this script": os.getpid(),
        }
        cpu_before = {k: cpu_seconds(v) for k, v in processes.items()}
        requests_before = api_requests(cp)
        t0 = time.perf_counter()

        def create(body: dict[str, Any]) -> None:
            api.create_namespaced_custom_object(GROUP, VERSION, ns.name, PLURAL, body)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(create, bodies))
        result["create_seconds"] = time.perf_counter() - t0
        log(f"  created in {result['create_seconds']:.1f} s; waiting until all are Synced ...")

        timeline: list[dict[str, float]] = []
        converged: float | None = None
        last_report = 0.0
        while True:
            time.sleep(2.0)
            listing: dict[str, Any] = api.list_namespaced_custom_object(  # type: ignore[assignment]
                GROUP, VERSION, ns.name, PLURAL
            )
            done = sum(1 for item in listing.get("items", []) if synced_at(item))
            elapsed = time.perf_counter() - t0
            counts = reconciles(port)
            row = sampler.sample("converging", synced=done)
            timeline.append(
                {
                    "t": elapsed,
                    "synced": done,
                    "rss_mib": row["rss_mib"],
                    "reconciles_applied": counts.get("Applied", 0.0),
                    "reconciles_in_sync": counts.get("InSync", 0.0),
                }
            )
            if done >= tables:
                converged = elapsed
                break
            if op.proc.poll() is not None:
                raise RuntimeError(f"operator exited with {op.proc.returncode}:\n{op.output()[-2000:]}")
            if elapsed > converge_timeout:
                log(f"  not converged after {converge_timeout:.0f} s ({done}/{tables} Synced); measuring anyway")
                break
            if elapsed - last_report >= 30:
                last_report = elapsed
                log(
                    f"  {elapsed:4.0f} s: {done}/{tables} Synced, RSS {row['rss_mib']:.0f} MiB, reconciles: "
                    f"{counts.get('Applied', 0):.0f} Applied, {counts.get('InSync', 0):.0f} InSync"
                )
        requests = delta(api_requests(cp), requests_before)
        result["convergence_cpu_seconds"] = {k: cpu_seconds(v) - cpu_before[k] for k, v in processes.items()}
        result["convergence_requests_per_object"] = {
            k: v / tables for k, v in sorted(requests.items(), key=lambda kv: -kv[1]) if v >= tables / 20
        }
        result["converged_status_example"] = next((i["status"] for i in listing["items"] if synced_at(i)), {})
        last = timeline[-1]
        recent = [r for r in timeline if r["t"] >= last["t"] - 60]
        span = last["t"] - recent[0]["t"]
        converge_log = op.output()
        result.update(
            converge_seconds=converged,
            synced_at_end_of_convergence=int(last["synced"]),
            convergence_reconciles={"Applied": last["reconciles_applied"], "InSync": last["reconciles_in_sync"]},
            synced_per_second_last_60s=(last["synced"] - recent[0]["synced"]) / span if span > 0 else None,
            convergence_log_counts=count_log(converge_log),
            convergence_timeline=timeline,
        )
        log(
            f"  converged in {converged:.1f} s; sampling RSS for {steady:.0f} s of steady state ..."
            if converged is not None
            else f"  sampling RSS for {steady:.0f} s ..."
        )

        start_cpu = {k: cpu_seconds(v) for k, v in processes.items()}
        start_counts, start_t, start_log = reconciles(port), time.perf_counter(), len(converge_log)
        start_passes = resync_passes(port)
        # Meanwhile, time dev changes to one of the tables (kubectl apply -> Synced), under the resync load: the
        # engine belongs to the operator process, so Synced is what can be seen from here.
        probe, probe_spec = "t0000", table_spec(0, columns)
        loaded: list[float | None] = []
        pending: tuple[float, int] | None = None
        steady_rows: list[dict[str, float]] = []
        window: float | None = None
        done_counts: dict[str, float] = {}
        done_passes: dict[str, float] = {}
        end_cpu: dict[str, float] = {}
        next_sample = start_t + 2.0
        while True:
            now = time.perf_counter()
            if window is None and now >= next_sample:
                steady_rows.append(sampler.sample("steady"))
                next_sample += 2.0
            if window is None and now - start_t >= steady:
                window = now - start_t
                done_counts = delta(reconciles(port), start_counts)
                done_passes = delta(resync_passes(port), start_passes)
                end_cpu = {k: cpu_seconds(v) for k, v in processes.items()}
            if pending is not None:
                obj = get_object(api, ns.name, probe)
                if synced_at(obj, pending[1]):
                    loaded.append(time.perf_counter() - pending[0])
                    pending = None
                elif time.perf_counter() - pending[0] > LOADED_TIMEOUT:
                    loaded.append(None)
                    pending = None
            elif window is None and len(loaded) < LOADED_CHANGES and None not in loaded:
                probe_spec["columns"].append({"name": f"loaded_{len(loaded)}", "type": "Int64"})
                t0 = time.perf_counter()
                ns.apply(json.dumps(olaptable(probe, probe_spec)))
                pending = (t0, int(get_object(api, ns.name, probe).get("metadata", {}).get("generation", 0)))
            if window is not None and pending is None:
                break
            time.sleep(0.1)
        rss = [r["rss_mib"] for r in steady_rows]
        result.update(
            steady_converged=converged is not None,
            steady_seconds=window,
            steady_rss_mib={"min": min(rss), "median": statistics.median(rss), "max": max(rss)},
            steady_anon_mib=statistics.median(r["anon_mib"] for r in steady_rows),
            steady_file_mib=statistics.median(r["file_mib"] for r in steady_rows),
            peak_rss_mib=mib(proc_status(pid).get("VmHWM", 0)),
            steady_cpu_percent={k: 100 * (end_cpu[k] - start_cpu[k]) / window for k in start_cpu},
            steady_reconciles=done_counts,
            steady_reconciles_per_second=sum(done_counts.values()) / window,
            steady_resync_passes=done_passes.get("count", 0.0),
            steady_resync_pass_seconds=done_passes["sum"] / done_passes["count"] if done_passes.get("count") else None,
            steady_log_counts=count_log(op.output()[start_log:]),
            loaded_changes=loaded,
            loaded_timeout_seconds=LOADED_TIMEOUT,
            first_errors=first_errors(op.output()),
            samples=sampler.samples,
        )
    finally:
        stopping = time.perf_counter()
        op.stop()
        result["stop_seconds"] = time.perf_counter() - stopping
        result["stop_returncode"] = op.proc.returncode
    result["engine_alone"] = engine_alone(ns.url)
    log("  floors: the engine alone creating the same tables, the API server alone serving the same requests ...")
    result["engine_floor_seconds"] = engine_floor(tables, columns)
    result["api_floor_seconds"] = api_floor(cp, tables, columns, result.get("converged_status_example") or {})
    return result


def phase_own_memory(cp: ControlPlane, workdir: Path, steps: list[int], columns: int) -> dict[str, Any]:
    """The operator's own RSS, without the engine: `olapctl operator` as a subprocess whose namespace's Secret names
    `http://127.0.0.1:1` (nothing listens: every reconcile finds ClickHouse unavailable and retries, no engine is
    loaded), with OlapTables created up to each count of `steps`; RSS read after the objects were handled (60 s,
    plus 20 s per further 1,000)."""
    ns = Namespace.create(cp, "bench-own", workdir / "unused", "dev")
    ns.kubectl("delete", "secret", "olapctl-clickhouse")
    ns.kubectl(
        "create",
        "secret",
        "generic",
        "olapctl-clickhouse",
        "--from-literal=url=http://127.0.0.1:1",
        f"--from-literal=database={ns.db}",
    )
    args = ["--namespace", ns.name, "--resync", "30", "--lease-namespace", ns.name]
    op = OperatorProcess(args, workdir / "operator-own-memory.log").start()
    assert op.proc is not None
    api, made, rss_at = load.api(cp), 0, dict[str, float]()
    requests = dict[str, float]()  # API requests/s while the objects wait for ClickHouse
    result: dict[str, Any] = {"namespace": ns.name, "columns_per_table": columns, "rss_mib": rss_at}
    result["api_requests_per_s"] = requests
    try:
        wait_log(op)
        time.sleep(2)
        result["idle_rss_mib"] = mib(proc_status(op.proc.pid)["VmRSS"])
        for count in steps:
            load.create_tables(api, ns.name, range(made, count), columns)
            made = count
            time.sleep(60 + 20 * max(0, count - 1000) / 1000)
            samples, before, started = [], api_requests(cp), time.monotonic()
            for _ in range(5):
                time.sleep(2)
                samples.append(mib(proc_status(op.proc.pid)["VmRSS"]))
            sent = sum(api_requests(cp).values()) - sum(before.values())
            requests[str(count)] = round(sent / (time.monotonic() - started), 1)
            rss = max(samples)
            rss_at[str(count)] = rss
            log(f"  {count} objects: operator RSS {rss:.0f} MiB; API requests {requests[str(count)]}/s")
    finally:
        op.stop()
    return result


# --------------------------------------------------------------------------------------------- phase 3


def resync_cost(namespace: str, passes: int = 3) -> dict[str, Any]:
    """A resync pass of `namespace` as the operator runs it, with a Config of our own: seconds, statements by
    kind, objects reconciled. One pass first to fill the codec cache, as the operator's first pass does."""
    cfg = Config()
    resync_namespace(cfg, namespace, lambda *_: None)
    target = cfg.target(namespace)
    runs = []
    for _ in range(passes):
        with load.counted(target) as counts:
            t0 = time.perf_counter()
            reconciled = resync_namespace(cfg, namespace, lambda *_: None)
            runs.append({"seconds": time.perf_counter() - t0, "reconciled": reconciled, **counts})
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "queries": max(r.get("query", 0) for r in runs),
        "ddl_and_other_statements": max(r.get("command", 0) for r in runs),
        "inserts": max(r.get("insert", 0) for r in runs),
        "reconciled": max(r["reconciled"] for r in runs),
        "runs": runs,
    }


def timed_change(api: kubernetes.client.CustomObjectsApi, namespace: str, name: str, column: str) -> float:
    """One column added to an OlapTable: seconds from the patch to Synced at its new generation (polled every
    20 ms)."""
    started = time.perf_counter()
    generation = int(load.add_column(api, namespace, name, column)["metadata"]["generation"])
    while not synced_at(get_object(api, namespace, name), generation):
        if time.perf_counter() - started > LOADED_TIMEOUT:
            return LOADED_TIMEOUT
        time.sleep(POLL)
    return time.perf_counter() - started


def phase_scale(
    cp: ControlPlane,
    workdir: Path,
    tables: int,
    columns: int,
    resync: float,
    rate: float,
    soak_seconds: float,
    converge_timeout: float,
    namespaces: int = 1,
) -> dict[str, Any]:
    """The operator in its own process, as deployed (this script's API calls and lists never share its CPU). What
    needs the engine (a resync pass timed with its statements counted, declared vs live columns) runs after it
    stops, in a fresh process: the embedded engine admits one process per data path."""
    chdb_path = workdir / "chdb-scale"
    spaces = [Namespace.create(cp, "bench-scale", chdb_path, "dev") for _ in range(namespaces)]
    shares = [range(i * tables // namespaces, (i + 1) * tables // namespaces) for i in range(namespaces)]
    ns = spaces[0]
    api = load.api(cp)
    port = free_port()
    args = ["--namespace", "bench-scale-*", "--resync", format(resync, "g"), "--lease-namespace", ns.name]
    op = OperatorProcess([*args, "--metrics-port", str(port)], workdir / "operator-scale.log").start()
    assert op.proc is not None
    pid = op.proc.pid
    result: dict[str, Any] = {
        "namespace": ns.name,
        "namespaces": namespaces,
        "tables": tables,
        "columns_per_table": columns,
    }
    try:
        wait_log(op)
        cpu = {"operator": cpu_seconds(pid), "kube-apiserver": cpu_seconds(cp.apiserver_pid)}
        t0 = time.perf_counter()
        for space, share in zip(spaces, shares, strict=True):
            load.create_tables(api, space.name, share, columns)
        result["create_seconds"] = time.perf_counter() - t0
        log(f"  {tables} OlapTables created in {result['create_seconds']:.1f} s; waiting until all are Synced ...")
        try:
            for space, share in zip(spaces, shares, strict=True):
                left = converge_timeout - (time.perf_counter() - t0)
                load.wait_converged(api, space.name, len(share), max(left, 1.0))
            result["converge_seconds"] = time.perf_counter() - t0
        except AssertionError as exc:
            result["converge_seconds"] = None
            result["converge_error"] = str(exc)
        result["convergence_cpu_seconds"] = {
            "operator": cpu_seconds(pid) - cpu["operator"],
            "kube-apiserver": cpu_seconds(cp.apiserver_pid) - cpu["kube-apiserver"],
        }
        log(f"  converged after {seconds(result['converge_seconds'])}; steady state ...")
        result["rss_mib_after_convergence"] = mib(proc_status(pid)["VmRSS"])
        # Steady state: the operator's own resync passes run (every `resync` s, all namespaces in turn); meanwhile,
        # changes to a table of the last namespace, one after the other: event handling must not wait for a resync
        # of the others. The API server's requests are counted over the same window.
        window = max(2.5 * resync, 30.0)
        requests, passes = api_requests(cp), resync_passes(port)
        started = time.perf_counter()
        time.sleep(window)  # nothing but the operator: its resync passes, its Lease
        elapsed = time.perf_counter() - started
        during = delta(api_requests(cp), requests)
        quiet = delta(resync_passes(port), passes)
        # then, over as long again, changes to a table of the last namespace one after the other while the resync
        # passes go on: event handling must not wait for a resync of the other namespaces
        probe, latencies = (spaces[-1].name, table_name(shares[-1][0])), list[float]()
        probing = time.perf_counter()
        while time.perf_counter() - probing < window:
            latencies.append(timed_change(api, *probe, f"steady_{len(latencies)}"))
            time.sleep(1.0)
        done_passes = quiet.get("count", 0.0)
        result["steady"] = {
            "seconds": elapsed,
            "api_requests_per_second": sum(during.values()) / elapsed,
            "api_requests_per_second_by_kind": {
                k: v / elapsed for k, v in sorted(during.items(), key=lambda kv: -kv[1]) if v / elapsed >= 0.05
            },
            "resync_passes": done_passes,
            "resync_pass_seconds": quiet.get("sum", 0.0) / done_passes if done_passes else None,
            "changes": len(latencies),
            "changes_in_last_namespace": summarize(latencies),
            "resync_passes_while_changing": resync_passes(port).get("count", 0.0)
            - passes.get("count", 0.0)
            - done_passes,
            "rss_mib": mib(proc_status(pid)["VmRSS"]),
        }
        # a probe change still unsynced at its timeout would land in the soak's count of operations: wait for it
        load.wait_converged(api, probe[0], len(shares[-1]), converge_timeout)
        log(
            f"  steady: {result['steady']['api_requests_per_second']:.1f} API requests/s; soak of {rate:g} changes/s "
            f"for {soak_seconds:g} s ..."
        )
        first = len(shares[0])
        run = load.soak(
            api, ns.name, first, rate, soak_seconds, converge_timeout, applied=lambda: columns_applied(port)
        )
        result["soak"] = {
            "rate": run.rate,
            "seconds": run.seconds,
            "changes": run.changes,
            "send_seconds": run.send_seconds,
            "drain_seconds": run.drain_seconds,
            "duplicates": load.check_applied(run),
        }
        log(
            f"  soak: {run.changes} changes sent in {run.send_seconds:.0f} s, all Synced "
            f"{seconds(run.drain_seconds)} after the last; stopping the operator, then checking ..."
        )
    finally:
        op.stop()
    checks = engine_checks(ns)
    result["resync_in_sync"] = checks.get("resync")
    if "soak" in result:
        result["soak"]["declared_vs_live"] = checks.get("declared_vs_live", [checks.get("error", "not checked")])
    return result


ENGINE_CHECKS = """
import json, sys
import kubernetes
sys.path.insert(0, "bench")
from e2e import load
from operator_load import resync_cost
from olapctl.clickhouse.connect import connect
namespace, url, database = sys.argv[1:4]
resync = resync_cost(namespace)
client = kubernetes.client.CustomObjectsApi(kubernetes.config.new_client_from_config())
declared_vs_live = load.check_declared(client, namespace, connect(url), database)
print(json.dumps({"resync": resync, "declared_vs_live": declared_vs_live}))
"""


def engine_checks(ns: Namespace) -> dict[str, Any]:
    """After the operator stopped, in a fresh process: a resync pass of `ns` with nothing changed, timed with its
    statements counted (resync_cost), and every OlapTable's declared columns against the live table's."""
    out = subprocess.run(
        [sys.executable, "-c", ENGINE_CHECKS, ns.name, ns.url, ns.db],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-500:]}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def columns_applied(port: int) -> float:
    """AddTableColumn operations the operator has run: olapctl_operations_applied_total on its /metrics."""
    found = re.findall(r"^olapctl_operations_applied_total\{([^}]*)\} ([0-9.e+-]+)$", metrics_text(port), re.MULTILINE)
    return sum(float(value) for labels, value in found if 'type="AddTableColumn"' in labels)


# --------------------------------------------------------------------------------------------- report


def phase_handover(cp: ControlPlane, workdir: Path, rounds: int) -> dict[str, Any]:
    """A rolling update, `rounds` times: a standby replica waits, the leader gets SIGTERM; the handover runs from
    the signal to the Lease naming the standby (polled every 20 ms), the exit from the signal to the leader's
    process ending. Then a new standby starts, as the next pod of the update would."""
    ns = Namespace.create(cp, "bench-lease", workdir / "chdb-lease", "dev")
    coordination = kubernetes.client.CoordinationV1Api(load.api(cp).api_client)

    def holder() -> str | None:
        try:
            lease = coordination.read_namespaced_lease("olapctl-operator", ns.name)
        except ApiException:
            return None
        return lease.spec.holder_identity if lease.spec else None

    def replica(n: int) -> OperatorProcess:
        args = ["--namespace", ns.name, "--default-target", ns.url, "--resync", "30", "--lease-namespace", ns.name]
        return OperatorProcess(args, workdir / f"operator-lease-{n}.log").start()

    handovers: list[float] = []
    exits: list[float] = []
    leader = replica(0)
    wait_log(leader)
    standby = replica(1)
    try:
        for n in range(rounds):
            wait_log(standby, "waiting for the leader Lease")
            time.sleep(1.5)  # the standby has read the Lease held
            before = holder()
            assert leader.proc is not None
            signalled = time.perf_counter()
            leader.proc.terminate()
            taken: float | None = None
            ended: float | None = None
            while taken is None or ended is None:
                elapsed = time.perf_counter() - signalled
                if taken is None and holder() not in (before, None):  # (None: released, not yet taken)
                    taken = elapsed
                if ended is None and leader.proc.poll() is not None:
                    ended = elapsed
                if elapsed > 60:
                    raise RuntimeError(f"no handover within 60 s:\n{leader.output()[-2000:]}")
                time.sleep(POLL)
            exits.append(ended)
            handovers.append(taken)
            wait_log(standby)
            leader, standby = standby, replica(n + 2)
    finally:
        standby.stop()
        leader.stop()
    return {"rounds": rounds, "handover_seconds": summarize(handovers), "exit_seconds": summarize(exits)}


def status(value: float | None, goal: float) -> str:
    return "PASS" if value is not None and value < goal else "MISS"


def seconds(value: float | None) -> str:
    return "-" if value is None else (f"{value:.2f} s" if value < 100 else f"{value:.0f} s")


def report(results: dict[str, Any]) -> str:
    config = results["config"]
    lines = [
        f"olapctl operator benchmark: kube-apiserver {config['kubernetes']}, chdb {config['chdb']}, "
        f"python {config['python']}, {config['cpus']} CPU(s); "
        f"control plane up in {config['controlplane_seconds']:.1f} s",
        "",
    ]
    if results.get("latency"):
        lines += [*latency_report(results["latency"]), ""]
    if results.get("memory"):
        lines += [*memory_report(results["memory"], config), ""]
    if results.get("own-memory"):
        own = results["own-memory"]
        shown = ", ".join(f"{k} objects {v:.0f} MiB" for k, v in own["rss_mib"].items())
        rates = ", ".join(f"{k} objects {v}/s" for k, v in own.get("api_requests_per_s", {}).items())
        lines += [
            "2b. the operator's own memory: `olapctl operator` subprocess, ClickHouse URL down (no engine loaded)",
            f"   RSS idle {own['idle_rss_mib']:.0f} MiB; {shown}",
            f"   API requests meanwhile (every object retrying): {rates}",
            "",
        ]
    if results.get("scale"):
        lines += [*scale_report(results["scale"], config), ""]
    if results.get("handover"):
        lines += ["", *handover_report(results["handover"])]
    lines.append("")
    rows = results["summary"]
    width = max((len(r["name"]) for r in rows), default=6)
    lines.append(f"{'figure':<{width}}  {'value':>10}  {'goal':>10}  {'ratio':>8}  result")
    for r in rows:
        value = (
            "-" if r["value"] is None else f"{'>= ' if r['at_least'] else ''}{r['value']:.{r['digits']}f} {r['unit']}"
        )
        goal = f"< {r['goal']:g} {r['unit']}"
        ratio = "-" if r["ratio"] is None else f"{'>= ' if r['at_least'] else ''}{r['ratio']:.2f}"
        lines.append(f"{r['name']:<{width}}  {value:>10}  {goal:>10}  {ratio:>8}  {r['status']}")
    return "\n".join(lines)


def latency_report(lat: dict[str, Any]) -> list[str]:
    lines = [
        f"1. dev-mode latency: {lat['changes']} changes (one added column each) to one OlapTable, operator "
        f"in-process (resync {lat['resync_seconds']:g} s), polling every {lat['poll_seconds'] * 1000:.0f} ms; "
        f"{lat['timeouts']} timeout(s)",
        f"   {'':<44}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}",
    ]
    for label, key in (
        ("kubectl apply -> DDL visible in ClickHouse", "apply_to_ddl"),
        ("kubectl apply -> status Synced (new gen.)", "apply_to_synced"),
        ("  of which: kubectl apply itself", "kubectl_apply"),
        ("  of which: kubectl returned -> DDL visible", "ddl_after_kubectl"),
        ("  of which: DDL visible -> status Synced", "synced_after_ddl"),
    ):
        s = lat[key]
        if s:
            lines.append(f"   {label:<44}" + "".join(f"{s[k] * 1000:>6.0f} ms" for k in ("p50", "p95", "max", "mean")))
    ddl = lat["apply_to_ddl"]
    if ddl:
        lines.append(
            f"   p50 / 1 s: {ddl['p50'] / GOAL_P50:.2f}   p95 / 2 s: {ddl['p95'] / GOAL_P95:.2f}"
            f"   (creation: DDL after {seconds(lat['create']['ddl_seconds'])}, "
            f"Synced after {seconds(lat['create']['synced_seconds'])})"
        )
    return lines


def memory_report(mem: dict[str, Any], config: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    conv = mem.get("converge_seconds")
    lines += [
        f"2. operator memory: {mem['tables']} OlapTables x {mem['columns_per_table']} columns in a dev namespace, "
        f"`olapctl operator` subprocess (resync {config['resync']:g} s)",
        f"   RSS idle (leading, before any table)          {mem['idle_rss_mib']:>8.0f} MiB",
        f"   objects created (8 client threads)            {seconds(mem.get('create_seconds')):>12}",
        f"   converged from empty: all Synced after        {seconds(conv):>12}"
        + (f"  ({mem['tables'] / conv:.1f} tables/s)" if conv else ""),
    ]
    if "convergence_reconciles" in mem:
        rec = mem["convergence_reconciles"]
        if not conv:
            rate = mem["synced_per_second_last_60s"]
            lines.append(
                f"   NOT converged after {config['converge_timeout']:.0f} s: {mem['synced_at_end_of_convergence']}/"
                f"{mem['tables']} Synced, {rate:.2f} more Synced/s over the last 60 s"
                if rate is not None
                else f"   NOT converged: {mem['synced_at_end_of_convergence']}/{mem['tables']} Synced"
            )
        lines.append(
            f"   reconciles meanwhile: {rec['Applied']:.0f} Applied (creations), "
            f"{rec['InSync']:.0f} InSync (nothing to apply); "
            f"log: {mem['convergence_log_counts']['failed_with_exception']} handler exception(s), "
            f"{mem['convergence_log_counts']['failed_temporarily']} temporary failure(s)"
        )
    if "convergence_cpu_seconds" in mem:
        used = mem["convergence_cpu_seconds"]
        per = ", ".join(f"{k} {v:.1f} s" for k, v in used.items())
        lines.append(
            f"   CPU during the convergence: {per} ({sum(used.values()) / conv:.2f} of {os.cpu_count()} cores)"
            if conv
            else f"   CPU during the convergence: {per}"
        )
        reqs = ", ".join(f"{k} {v:.2f}" for k, v in mem["convergence_requests_per_object"].items())
        lines.append(f"   API requests per object: {reqs}")
    if mem.get("engine_floor_seconds") is not None or mem.get("api_floor_seconds") is not None:
        lines.append(
            f"   floors: the engine alone creates the {mem['tables']} tables in "
            f"{seconds(mem.get('engine_floor_seconds'))}"
            f" (one statement at a time); the API server alone serves the same requests per object in "
            f"{seconds(mem.get('api_floor_seconds'))} (8 threads, no watch, no operator)"
        )
    if "steady_rss_mib" in mem:
        rss, cpu = mem["steady_rss_mib"], mem["steady_cpu_percent"]
        what = "steady state" if mem["steady_converged"] else "after the convergence wait (not converged)"
        lines += [
            f"   RSS over {mem['steady_seconds']:.0f} s {what}: min {rss['min']:.0f}, median "
            f"{rss['median']:.0f}, max {rss['max']:.0f} MiB (anon {mem['steady_anon_mib']:.0f}, "
            f"file-backed {mem['steady_file_mib']:.0f})",
            f"   peak RSS (VmHWM)                              {mem['peak_rss_mib']:>8.0f} MiB",
            f"   meanwhile: {mem['steady_reconciles_per_second']:.1f} reconciles/s; {mem['steady_resync_passes']:.0f} "
            f"resync pass(es) of every table, {seconds(mem['steady_resync_pass_seconds'])} each; "
            f"CPU: operator {cpu['operator']:.0f}%, kube-apiserver {cpu['kube-apiserver']:.0f}%, "
            f"etcd {cpu['etcd']:.0f}% of one core",
        ]
    if mem.get("loaded_changes"):
        shown = ", ".join(
            f"> {mem['loaded_timeout_seconds']:.0f} s" if x is None else f"{x:.2f} s" for x in mem["loaded_changes"]
        )
        lines.append(
            f"   meanwhile, dev changes to one of the {mem['tables']} tables, kubectl apply -> Synced: {shown}"
        )
    alone = mem.get("engine_alone") or {}
    if "rss_mib" in alone:
        lines.append(
            f"   for comparison, the embedded engine alone: a fresh process opening the same data path "
            f"({alone['tables']} tables) and introspecting it: RSS {alone['rss_mib']:.0f} MiB (anon "
            f"{alone['anon_mib']:.0f}, file-backed {alone['file_mib']:.0f}), peak {alone['peak_rss_mib']:.0f} MiB"
        )
    elif alone:
        lines.append(f"   embedded engine alone: {alone.get('error')}")
    if "stop_seconds" in mem:
        lines.append(f"   operator stop (SIGTERM) took {mem['stop_seconds']:.1f} s, exit code {mem['stop_returncode']}")
    return lines


def scale_report(scale: dict[str, Any], config: dict[str, Any]) -> list[str]:
    conv = scale.get("converge_seconds")
    spaces = scale.get("namespaces", 1)
    lines = [
        f"3. scale: {scale['tables']} OlapTables x {scale['columns_per_table']} columns in "
        + (f"{spaces} dev namespaces" if spaces > 1 else "a dev namespace")
        + f", the operator in its own process (resync {config['resync']:g} s)",
        f"   converged from empty: all Synced after        {seconds(conv):>12}"
        + (f"  ({scale['tables'] / conv:.1f} tables/s)" if conv else f"  {scale.get('converge_error', '')}"),
    ]
    cpu = scale.get("convergence_cpu_seconds")
    if cpu:
        lines.append("   CPU meanwhile: " + ", ".join(f"{k} {v:.0f} s" for k, v in cpu.items()))
    r = scale.get("resync_in_sync")
    if r:
        lines.append(
            f"   a resync pass of the first namespace, nothing changed (a fresh process, after the operator stopped "
            f"and its first pass): {r['seconds']:.2f} s, {r['queries']} queries, "
            f"{r['ddl_and_other_statements']} DDL/other statements, {r['inserts']} inserts, "
            f"{r['reconciled']} objects reconciled"
        )
    steady = scale.get("steady")
    if steady:
        kinds = ", ".join(f"{k} {v:.1f}" for k, v in steady["api_requests_per_second_by_kind"].items())
        change = steady["changes_in_last_namespace"]
        lines += [
            f"   RSS of the operator process (with its engine) after the convergence: "
            f"{scale['rss_mib_after_convergence']:.0f} MiB; {steady['rss_mib']:.0f} MiB after "
            f"{steady['seconds']:.0f} s of steady state",
            f"   steady state, nothing changing, over {steady['seconds']:.0f} s: "
            f"{steady['api_requests_per_second']:.1f} API requests/s "
            f"({kinds}); {steady['resync_passes']:.0f} resync pass(es) of every namespace, "
            f"{seconds(steady['resync_pass_seconds'])} each",
            f"   then, as long again, {steady['changes']} changes in turn to a table of the last namespace while "
            f"{steady['resync_passes_while_changing']:.0f} resync pass(es) ran, "
            f"patch -> Synced: p50 {seconds(change.get('p50'))}, p95 {seconds(change.get('p95'))}, "
            f"max {seconds(change.get('max'))}",
        ]
    soak = scale.get("soak")
    if soak:
        lines += [
            f"   soak: {soak['changes']} changes (one added column each, tables in turn) at {soak['rate']:g}/s for "
            f"{soak['seconds']:g} s: sent in {soak['send_seconds']:.0f} s; every table Synced at its last generation "
            f"{seconds(soak['drain_seconds'])} after the last change",
            f"   declared vs live columns: {len(soak['declared_vs_live'])} difference(s); duplicates: "
            f"{len(soak['duplicates'])} problem(s) (each added column added by exactly one operation, none lost)",
        ]
        lines += [f"     {line}" for line in (soak["declared_vs_live"] + soak["duplicates"])[:10]]
    return lines


def handover_report(hand: dict[str, Any]) -> list[str]:
    h, e = hand["handover_seconds"], hand["exit_seconds"]
    return [
        f"4. leader handover: {hand['rounds']} rolling updates (SIGTERM to the leader, a standby waiting)",
        f"   {'':<44}{'p50':>9}{'p95':>9}{'max':>9}",
        f"   {'SIGTERM -> the standby holds the Lease':<44}"
        + "".join(f"{h[k]:>7.2f} s" for k in ("p50", "p95", "max")),
        f"   {'SIGTERM -> the leader has exited':<44}" + "".join(f"{e[k]:>7.2f} s" for k in ("p50", "p95", "max")),
        f"   max / 2 s: {h['max'] / GOAL_HANDOVER:.2f}",
    ]


def summary(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The final table. `at_least`: the value is a lower bound (a change still not Synced at the timeout)."""
    lat, mem = results.get("latency") or {}, results.get("memory") or {}
    ddl = lat.get("apply_to_ddl") or {}

    def row(name: str, value: float | None, goal: float, unit: str, digits: int, at_least: bool = False) -> Any:
        return {
            "name": name,
            "value": value,
            "at_least": at_least,
            "goal": goal,
            "unit": unit,
            "digits": digits,
            "ratio": None if value is None else value / goal,
            "status": status(value, goal),
        }

    rows = []
    if lat:
        rows.append(row("dev latency p50, kubectl apply -> DDL", ddl.get("p50"), GOAL_P50, "s", 2))
        rows.append(row("dev latency p95, kubectl apply -> DDL", ddl.get("p95"), GOAL_P95, "s", 2))
    if mem:
        steady = (mem.get("steady_rss_mib") or {}).get("max")
        rows.append(row(f"operator RSS, {mem['tables']} tables, steady (max)", steady, GOAL_RSS_MIB, "MiB", 0))
        peak = mem.get("peak_rss_mib")
        rows.append(row(f"operator peak RSS (VmHWM), {mem['tables']} tables", peak, GOAL_RSS_MIB, "MiB", 0))
    own = (results.get("own-memory") or {}).get("rss_mib") or {}
    if "1000" in own:
        rows.append(row("operator's own RSS, 1000 objects, no engine", own["1000"], GOAL_OWN_RSS_MIB, "MiB", 0))
    if results.get("handover"):
        worst = results["handover"]["handover_seconds"]["max"]
        rows.append(row("leader handover on SIGTERM (max)", worst, GOAL_HANDOVER, "s", 2))
    scale = results.get("scale") or {}
    if scale.get("resync_in_sync"):
        ddl_statements = scale["resync_in_sync"]["ddl_and_other_statements"]
        rows.append(row("resync with nothing changed: DDL statements", ddl_statements, 1, "", 0))
    if scale.get("soak"):
        soak = scale["soak"]
        problems = len(soak["declared_vs_live"]) + len(soak.get("duplicates", [])) + (soak["drain_seconds"] is None)
        rows.append(row("soak: lost, duplicated or unsynced changes", problems, 1, "", 0))
    loaded = mem.get("loaded_changes") or []
    if loaded:
        timeout = mem["loaded_timeout_seconds"]
        value = statistics.median(timeout if x is None else x for x in loaded)
        name = f"dev apply -> Synced with {mem['tables']} tables, median"
        rows.append(row(name, value, GOAL_P50, "s", 2, at_least=value >= timeout))
    return rows


# --------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--changes", type=int, default=50, help="phase 1: column additions timed (default 50)")
    parser.add_argument("--tables", type=int, default=1000, help="phase 2: OlapTables created (default 1000)")
    parser.add_argument(
        "--columns", type=int, default=20, help=f"phase 2: columns per table (default 20, at least {MIN_COLUMNS})"
    )
    parser.add_argument("--resync", type=float, default=30.0, help="operator --resync seconds (default 30)")
    parser.add_argument("--steady", type=float, default=30.0, help="phase 2: seconds of RSS sampling (default 30)")
    parser.add_argument(
        "--converge-timeout",
        type=float,
        default=300.0,
        help="phase 2: give up waiting for all tables Synced after this many seconds (default 300)",
    )
    parser.add_argument(
        "--own-steps",
        default="1000,5000",
        help="phase own-memory: object counts at which the operator's RSS is read (default 1000,5000)",
    )
    parser.add_argument(
        "--namespaces", type=int, default=1, help="phase 3: dev namespaces the --tables are spread over (default 1)"
    )
    parser.add_argument("--rate", type=float, default=10.0, help="phase 3: soak changes per second (default 10)")
    parser.add_argument("--soak", type=float, default=300.0, help="phase 3: soak seconds (default 300)")
    parser.add_argument(
        "--output",
        type=Path,
        default=BENCH_DIR / "operator-results.json",
        help="JSON results (default bench/operator-results.json)",
    )
    parser.add_argument("--handovers", type=int, default=5, help="phase 4: rolling updates timed (default 5)")
    parser.add_argument(
        "--phases", default=",".join(PHASES), help=f"comma-separated phases to run (default all: {','.join(PHASES)})"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, data) at the end")
    args = parser.parse_args(argv)
    if args.columns < MIN_COLUMNS:
        parser.error(f"--columns must be at least {MIN_COLUMNS}")
    if args.changes < 1 or args.tables < 1:
        parser.error("--changes and --tables must be at least 1")
    phases = [p for p in args.phases.split(",") if p]
    if not phases or set(phases) - set(PHASES):
        parser.error(f"--phases: some of {', '.join(PHASES)}")

    import chdb  # the engine under test; only for its version

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="olapctl-bench-operator-"))
    results: dict[str, Any] = {
        "config": {
            "changes": args.changes,
            "tables": args.tables,
            "columns": args.columns,
            "resync": args.resync,
            "steady_seconds": args.steady,
            "converge_timeout": args.converge_timeout,
            "soak_rate": args.rate,
            "soak_seconds": args.soak,
            "kubernetes": K8S_VERSION,
            "chdb": getattr(chdb, "__version__", "?"),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_1min_at_start": os.getloadavg()[0],
        }
    }
    log(f"starting kube-apiserver + etcd in {workdir} ...")
    cp = start(workdir / "controlplane")
    try:
        results["config"]["controlplane_seconds"] = cp.startup_seconds
        os.environ["KUBECONFIG"] = str(cp.kubeconfig)  # before olapctl.k8s loads credentials
        cp.kubectl("apply", "--server-side", "-f", str(ROOT / "crds"))
        cp.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
        wait_served(cp)
        if "latency" in phases:
            log(f"phase 1: dev-mode latency, {args.changes} changes ...")
            results["latency"] = phase_latency(cp, workdir, args.changes, args.resync)
        if "memory" in phases:
            log(f"phase 2: operator memory with {args.tables} OlapTables ...")
            results["memory"] = phase_memory(
                cp, workdir, args.tables, args.columns, args.resync, args.steady, args.converge_timeout
            )
        if "own-memory" in phases:
            log(f"phase 2b: the operator's own memory, ClickHouse down, {args.own_steps} objects ...")
            steps = [int(x) for x in args.own_steps.split(",")]
            results["own-memory"] = phase_own_memory(cp, workdir, steps, args.columns)
        if "scale" in phases:
            log(f"phase 3: scale, {args.tables} OlapTables, soak {args.rate:g} changes/s for {args.soak:g} s ...")
            results["scale"] = phase_scale(
                cp,
                workdir,
                args.tables,
                args.columns,
                args.resync,
                args.rate,
                args.soak,
                args.converge_timeout,
                args.namespaces,
            )
        if "handover" in phases:
            log(f"phase 4: leader handover, {args.handovers} rolling updates ...")
            results["handover"] = phase_handover(cp, workdir, args.handovers)
    finally:
        cp.stop(keep_workdir=True)
        if args.keep:
            log(f"work directory kept: {workdir} (operator log: operator-memory.log)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results["summary"] = summary(results)
    results["config"]["total_seconds"] = time.perf_counter() - started
    results["config"]["loadavg_5min_at_end"] = os.getloadavg()[1]
    print(report(results))
    config = results["config"]
    print(
        f"\ntotal {config['total_seconds']:.0f} s (load average: {config['loadavg_1min_at_start']:.1f} at the start, "
        f"{config['loadavg_5min_at_end']:.1f} over the last 5 minutes); results written to {args.output}"
    )
    if args.output.exists() and set(phases) != set(PHASES):  # a partial run replaces only its phases' figures
        kept = json.loads(args.output.read_text())
        results = {**kept, **{k: v for k, v in results.items() if k in phases}}
        results["summary"] = summary(results)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
