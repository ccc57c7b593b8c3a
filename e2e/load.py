"""Load for the operator, shared by the e2e scale tests and bench/operator_load.py: many generated OlapTables, a stream
of changes at a fixed rate (the soak), and the end-of-run checks a user would make: every declaration live in
ClickHouse, and each change applied by exactly one operation."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import kubernetes

from e2e.controlplane import ControlPlane
from e2e.scenario import condition
from olapctl.clickhouse.connect import Target
from olapctl.k8s import metrics

GROUP, VERSION, PLURAL = "olapctl.dev", "v1alpha1", "olaptables"
MIN_COLUMNS = 6

# Columns 6.. of the generated tables cycle through these (name prefix, type, extra column fields).
EXTRA_COLUMNS: list[tuple[str, str, dict[str, str]]] = [
    ("note", "Nullable(String)", {}),
    ("country", "LowCardinality(Nullable(String))", {}),
    ("seen_at", "DateTime64(6)", {"default": "now64(6)"}),
    ("score", "Float64", {}),
    ("tags", "Array(String)", {}),
    ("attrs", "Map(String, UInt64)", {}),
    ("kind", "Enum8('a' = 1, 'b' = 2)", {}),
    ("flag", "Bool", {}),
    ("ip", "IPv4", {}),
    ("uid", "UUID", {"default": "generateUUIDv4()"}),
    ("body", "String", {"codec": "ZSTD(3)", "comment": "raw payload"}),
    ("ratio", "Float32", {"codec": "Gorilla"}),
    ("total", "Int64", {}),
    ("day", "Date", {}),
]


def table_spec(index: int, columns: int) -> dict[str, Any]:
    """The spec of generated table `index`: the usual keys and a mix of types, defaults and codecs."""
    cols: list[dict[str, str]] = [
        {"name": "id", "type": "UInt64"},
        {"name": "ts", "type": "DateTime64(3, 'UTC')", "codec": "Delta, ZSTD(1)"},
        {"name": "event", "type": "LowCardinality(String)"},
        {"name": "amount", "type": "Decimal(18, 4)", "default": "0"},
        {"name": "qty", "type": "Int32"},
        {"name": "version", "type": "UInt32"},
    ]
    for j in range(columns - MIN_COLUMNS):
        prefix, type_, extra = EXTRA_COLUMNS[(index + j) % len(EXTRA_COLUMNS)]
        cols.append({"name": f"{prefix}_{j}", "type": type_, **extra})
    spec: dict[str, Any] = {"columns": cols, "orderBy": ["id", "ts"]}
    if index % 2 == 0:
        spec["partitionBy"] = "toYYYYMM(ts)"
    if index % 7 == 0:
        spec["engine"] = {"type": "ReplacingMergeTree", "ver": "version"}
    return spec


def olaptable(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": "OlapTable", "metadata": {"name": name}, "spec": spec}


def table_name(index: int) -> str:
    return f"t{index:04d}"


def api(cp: ControlPlane) -> kubernetes.client.CustomObjectsApi:
    """A client of our own (not the operator's)."""
    client = kubernetes.config.new_client_from_config(config_file=str(cp.kubeconfig))  # type: ignore[no-untyped-call]
    return kubernetes.client.CustomObjectsApi(client)


def create_tables(client: kubernetes.client.CustomObjectsApi, namespace: str, tables: range, columns: int) -> None:
    """Generated OlapTables `tables`, created at once (8 at a time, as a GitOps sync would)."""

    def create(index: int) -> None:
        body = olaptable(table_name(index), table_spec(index, columns))
        client.create_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL, body)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, tables))


def synced_at(obj: dict[str, Any], generation: int | None = None) -> bool:
    """Synced=True for `generation` (default: the object's current generation)."""
    cond = condition(obj, "Synced")
    gen = generation if generation is not None else obj.get("metadata", {}).get("generation")
    return cond.get("status") == "True" and cond.get("observedGeneration") == gen


def listing(client: kubernetes.client.CustomObjectsApi, namespace: str) -> list[dict[str, Any]]:
    result: dict[str, Any] = client.list_namespaced_custom_object(GROUP, VERSION, namespace, PLURAL)  # type: ignore[assignment]
    items: list[dict[str, Any]] = result.get("items", [])
    return items


def synced_count(client: kubernetes.client.CustomObjectsApi, namespace: str) -> int:
    return sum(1 for item in listing(client, namespace) if synced_at(item))


def wait_converged(client: kubernetes.client.CustomObjectsApi, namespace: str, tables: int, timeout: float) -> float:
    """Seconds until all `tables` are Synced at their generation; AssertionError naming the count on timeout. Each
    look lists the namespace: every 0.5 s, and every 2 s at 1,000 tables (decoding the list costs this process CPU,
    which it shares with an operator run in one of its threads)."""
    started = time.perf_counter()
    done = 0
    while time.perf_counter() - started < timeout:
        done = synced_count(client, namespace)
        if done >= tables:
            return time.perf_counter() - started
        time.sleep(max(0.5, tables / 500))
    raise AssertionError(f"{done}/{tables} OlapTables Synced after {timeout:.0f} s")


@contextmanager
def counted(target: Target) -> Iterator[Counter[str]]:
    """Count the statements run through `target`: 'query' (reads), 'command' (DDL and other statements), 'insert'."""
    counts: Counter[str] = Counter()
    names = ("query", "command", "insert")
    for name in names:
        method = getattr(target, name)

        def wrapper(*args: Any, _method: Callable[..., Any] = method, _name: str = name, **kwargs: Any) -> Any:
            counts[_name] += 1
            return _method(*args, **kwargs)

        setattr(target, name, wrapper)
    try:
        yield counts
    finally:
        for name in names:
            delattr(target, name)  # the class's methods again


@dataclass
class Soak:
    """What a soak did: `changes` column additions at `rate` per second, spread over the tables."""

    rate: float
    seconds: float
    changes: int = 0
    send_seconds: float = 0.0  # how long sending the changes took (>= seconds when the API server fell behind)
    drain_seconds: float | None = None  # from the last change to every object Synced at its generation
    added: dict[str, list[str]] = field(default_factory=dict)  # table -> columns added, in order
    applied_before: float = 0.0  # AddTableColumn operations the operator had applied when the soak started
    applied_after: float = 0.0  # and when every object was Synced again (or the drain timed out)


def add_column(client: kubernetes.client.CustomObjectsApi, namespace: str, name: str, column: str) -> dict[str, Any]:
    """One Int64 column appended to an OlapTable (a JSON patch, so concurrent changes never overwrite each other);
    the object as patched."""
    patch = [{"op": "add", "path": "/spec/columns/-", "value": {"name": column, "type": "Int64"}}]
    body: dict[str, Any] = client.patch_namespaced_custom_object(  # type: ignore[assignment]
        GROUP, VERSION, namespace, PLURAL, name, patch, _content_type="application/json-patch+json"
    )
    return body


def soak(
    client: kubernetes.client.CustomObjectsApi,
    namespace: str,
    tables: int,
    rate: float,
    seconds: float,
    drain_timeout: float = 300.0,
    applied: Callable[[], float] | None = None,
) -> Soak:
    """Add one column per change, to tables in turn, `rate` changes per second for `seconds`; then wait until every
    object is Synced at its latest generation. `applied`: the operator's count of AddTableColumn operations run (by
    default the operator in this process: columns_applied)."""
    applied = applied or columns_applied
    result = Soak(rate=rate, seconds=seconds, applied_before=applied())
    total = int(rate * seconds)
    started = time.perf_counter()
    for k in range(total):
        due = started + k / rate
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        name, column = table_name(k % tables), f"soak_{k}"
        add_column(client, namespace, name, column)
        result.added.setdefault(name, []).append(column)
        result.changes += 1
    sent = time.perf_counter()
    result.send_seconds = sent - started
    while time.perf_counter() - sent < drain_timeout:
        if synced_count(client, namespace) == tables:
            result.drain_seconds = time.perf_counter() - sent
            break
        time.sleep(0.5)
    result.applied_after = applied()
    return result


def check_declared(client: kubernetes.client.CustomObjectsApi, namespace: str, db: Target, database: str) -> list[str]:
    """Every OlapTable's declared columns are exactly the live table's columns; one line per difference."""
    live: dict[str, set[str]] = {}
    for table, name in db.query("SELECT table, name FROM system.columns WHERE database = {d:String}", {"d": database}):
        live.setdefault(str(table), set()).add(str(name))
    problems = []
    for item in listing(client, namespace):
        name = item["metadata"]["name"]
        declared = {c["name"] for c in item["spec"]["columns"]}
        if live.get(name) != declared:
            missing, extra = declared - live.get(name, set()), live.get(name, set()) - declared
            problems.append(f"{name}: missing {sorted(missing)}, not declared {sorted(extra)}")
    return problems


def columns_applied() -> float:
    """AddTableColumn operations the operator (in this process) has run: its olapctl_operations_applied_total."""
    return sum(
        sample.value
        for family in metrics.OPERATIONS.collect()
        for sample in family.samples
        if sample.name.endswith("_total") and sample.labels.get("type") == "AddTableColumn"
    )


def check_applied(result: Soak) -> list[str]:
    """Each added column was added by exactly one ALTER: dev mode keeps no ledger (a change is planned again from
    the live state), so the operator's own count of the operations it ran is the record."""
    added = sum(len(columns) for columns in result.added.values())
    ran = result.applied_after - result.applied_before
    return [] if ran == added else [f"{added} columns added, {ran:g} AddTableColumn operations run"]
