"""Dev namespaces: every `kubectl apply` is applied to ClickHouse at once; drift made by hand is repaired."""

from __future__ import annotations

from typing import Any

from e2e.scenario import Namespace, condition, manifest, wait_for
from olapctl.clickhouse.connect import Target

COLS = "    - {name: id, type: String}\n    - {name: ts, type: DateTime}\n"


def events_table(extra: str = "", some: str = "String") -> str:
    return manifest(
        "OlapTable", "events", f"  columns:\n{COLS}    - {{name: some_column, type: {some}}}\n{extra}  orderBy: [id]\n"
    )


def columns(db: Target, database: str, table: str) -> list[tuple[str, str]]:
    rows = db.query(
        "SELECT name, type FROM system.columns WHERE database = {d:String} AND table = {t:String} ORDER BY position",
        {"d": database, "t": table},
    )
    return [(str(n), str(t)) for n, t in rows]


def test_seed_migrations_in_a_dev_namespace(dev_ns: Namespace, db: Target) -> None:
    # new table
    dev_ns.apply(events_table())
    obj = dev_ns.wait_synced("olaptable", "events", 1)
    assert obj["status"]["mode"] == "dev" and obj["status"]["table"] == "events"
    assert columns(db, dev_ns.db, "events") == [("id", "String"), ("ts", "DateTime"), ("some_column", "String")]
    created = ("Applied", f"+ Table: {dev_ns.db}.events - id: String, ts: DateTime, some_column: String - id")
    wait_for(lambda: created in dev_ns.events("events"), "the Applied Event")
    # column added
    dev_ns.apply(events_table("    - {name: new_column, type: Int64}\n"))
    obj = dev_ns.wait_synced("olaptable", "events", 2)
    assert obj["status"]["lastAppliedOperations"] == [
        f"~ Table {dev_ns.db}.events:",
        "    Column changes:",
        "      + new_column: Int64",
    ]
    assert ("new_column", "Int64") in columns(db, dev_ns.db, "events")
    # column removed
    dev_ns.apply(events_table())
    dev_ns.wait_synced("olaptable", "events", 3)
    assert [c for c, _ in columns(db, dev_ns.db, "events")] == ["id", "ts", "some_column"]
    # String -> LowCardinality(String)
    dev_ns.apply(events_table(some="LowCardinality(String)"))
    obj = dev_ns.wait_synced("olaptable", "events", 4)
    assert "      ~ some_column: String -> LowCardinality(String)" in obj["status"]["lastAppliedOperations"]
    assert ("some_column", "LowCardinality(String)") in columns(db, dev_ns.db, "events")
    table = dev_ns.table("olaptables")
    assert table.split("\n")[0].split() == ["NAME", "TABLE", "DATABASE", "MODE", "SYNCED", "AGE"]
    assert table.split("\n")[1].split()[:5] == ["events", "events", dev_ns.db, "dev", "True"]


SOURCE = manifest(
    "OlapTable",
    "source-table",
    "  columns:\n    - {name: id, type: String}\n    - {name: a_date, type: DateTime}\n"
    "    - {name: a_number, type: Float64}\n  orderBy: [id]\n",
)


def target_table(extra: str = "") -> str:
    cols = "    - {name: day, type: DateTime}\n    - {name: count, type: UInt64}\n    - {name: sum, type: Float64}\n"
    return manifest("OlapTable", "target-table", f"  columns:\n{cols}{extra}  orderBy: [day]\n")


def mv(select: str) -> str:
    return manifest(
        "MaterializedView", "mv-to-target", f"  select: {select!r}\n  to: {{table: target_table}}\n  backfill: true\n"
    )


def test_materialized_view_added_then_changed_with_backfill(dev_ns: Namespace, db: Target) -> None:
    v1 = "SELECT toStartOfDay(a_date) AS day, uniq(id) AS count, sum(a_number) AS sum FROM source_table GROUP BY day"
    dev_ns.apply("---\n".join([SOURCE, target_table(), mv(v1)]))
    dev_ns.wait_synced("materializedview", "mv-to-target", 1)
    rows = "('a', '2025-01-01 10:00:00', 1.0), ('b', '2025-01-01 11:00:00', 3.0)"
    db.command(f"INSERT INTO {dev_ns.db}.source_table VALUES {rows}")
    assert db.query(f"SELECT count, sum FROM {dev_ns.db}.target_table") == [(2, 4.0)]
    v2 = (
        "SELECT toStartOfDay(a_date) AS day, uniq(id) AS count, sum(a_number) AS sum, avg(a_number) AS avg "
        "FROM source_table GROUP BY day"
    )
    dev_ns.apply("---\n".join([target_table("    - {name: avg, type: Float64}\n"), mv(v2)]))
    obj = dev_ns.wait_synced("materializedview", "mv-to-target", 2)
    assert obj["status"]["lastAppliedOperations"][0].startswith(f"- Materialized view: {dev_ns.db}.mv_to_target")
    wait_for(
        lambda: db.query(f"SELECT count, sum, avg FROM {dev_ns.db}.target_table") == [(2, 4.0, 2.0)],
        "target repopulated with the new column by the backfill",
    )


def test_out_of_band_change_is_repaired_at_resync(dev_ns: Namespace, db: Target) -> None:
    dev_ns.apply(events_table())
    dev_ns.wait_synced("olaptable", "events", 1)
    db.command(f"ALTER TABLE {dev_ns.db}.events DROP COLUMN some_column")
    db.command(f"ALTER TABLE {dev_ns.db}.events ADD COLUMN sneaky UInt8")
    wait_for(
        lambda: [c for c, _ in columns(db, dev_ns.db, "events")] == ["id", "ts", "some_column"],
        "the resync to restore the declared columns",
    )
    wait_for(
        lambda: any(reason == "Applied" and "- sneaky" in msg for reason, msg in dev_ns.events("events")),
        "the Event of the repair",
    )


def test_delete_drops_fully_managed_and_keeps_deletion_protected(dev_ns: Namespace, db: Target) -> None:
    protected = manifest("OlapTable", "keep-me", f"  columns:\n{COLS}  orderBy: [id]\n  lifeCycle: DeletionProtected\n")
    dev_ns.apply("---\n".join([events_table(), protected]))
    dev_ns.wait_synced("olaptable", "events", 1)
    dev_ns.wait_synced("olaptable", "keep-me", 1)
    dev_ns.kubectl("delete", "olaptable", "events", "keep-me", "--timeout=60s")
    tables = {
        str(n) for (n,) in db.query("SELECT name FROM system.tables WHERE database = {d:String}", {"d": dev_ns.db})
    }
    assert "events" not in tables and "keep_me" in tables


def test_invalid_type_is_reported_in_status_and_nothing_changes(dev_ns: Namespace, db: Target) -> None:
    dev_ns.apply(manifest("OlapTable", "bad", "  columns:\n    - {name: id, type: Strng}\n  orderBy: [id]\n"))

    def ready_false() -> dict[str, str] | None:
        cond = condition(dev_ns.get("olaptable", "bad"), "Ready")
        return cond if cond.get("status") == "False" else None

    cond = wait_for(ready_false, "Ready=False on the invalid table")
    assert cond["reason"] == "InvalidSpec"
    assert "spec.columns.0.type: invalid ClickHouse type 'Strng'" in cond["message"]
    assert db.query("SELECT count() FROM system.tables WHERE database = {d:String}", {"d": dev_ns.db}) == [(0,)]


def test_invalid_spec_is_rejected_by_the_api_server(dev_ns: Namespace) -> None:
    bad = manifest("OlapTable", "bad", f"  columns:\n{COLS}  lifeCycle: Sometimes\n")
    result = dev_ns.apply(bad, check=False)
    assert result.returncode != 0
    assert "spec.lifeCycle" in result.stderr and "Sometimes" in result.stderr


def test_namespace_mode_is_reread_when_its_label_changes(prod_ns: Namespace, db: Target) -> None:
    prod_ns.apply(events_table())

    def pending() -> dict[str, Any] | None:
        obj = prod_ns.get("olaptable", "events")
        return obj if condition(obj, "Synced").get("reason") == "PendingPlan" else None

    obj = wait_for(pending, "prod status with pending operations")
    assert obj["status"]["mode"] == "prod"
    assert obj["status"]["pendingOperations"][0].startswith(f"+ Table: {prod_ns.db}.events")
    assert db.query("SELECT count() FROM system.tables WHERE database = {d:String}", {"d": prod_ns.db}) == [(0,)]
    prod_ns.cp.kubectl("label", "namespace", prod_ns.name, "olapctl.dev/mode=dev")
    obj = prod_ns.wait_synced("olaptable", "events", 1)
    assert obj["status"]["mode"] == "dev"
    assert [c for c, _ in columns(db, prod_ns.db, "events")] == ["id", "ts", "some_column"]
