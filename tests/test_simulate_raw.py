"""Raw statements in a plan: the table moves hand-edited plans use are simulated, the objects other schema
statements touch are left to the verification, and everything else about the plan is still checked before it
runs. Pure (no ClickHouse)."""

from __future__ import annotations

import pytest

from olapctl.engine.executor import ApplyRefused, check_plan
from olapctl.plan import operations as o
from olapctl.plan.planfile import Plan, State
from olapctl.plan.simulate import simulate, unsimulated
from olapctl.schema.model import OlapTable, Snapshot


def table(name: str, *columns: str, db: str = "app") -> OlapTable:
    cols = [{"name": c, "type": "String"} for c in columns]
    return OlapTable.model_validate({"name": name, "database": db, "columns": cols, "orderBy": [columns[0]]})


def state(*tables: OlapTable) -> Snapshot:
    return Snapshot(tables={f"{t.database}.{t.name}": t for t in tables})


def raw(*sql: str) -> o.RawSql:
    return o.RawSql(sql=list(sql), description="by hand", database="app")


@pytest.mark.parametrize(
    ("statement", "after"),
    [
        ("RENAME TABLE events TO events_old", {"app.events_old": "events_old", "app.users": "users"}),
        ("RENAME TABLE `app`.`events` TO archive.e", {"archive.e": "e", "app.users": "users"}),
        ("RENAME TABLE events TO a, users TO b", {"app.a": "a", "app.b": "b"}),
        ("DROP TABLE IF EXISTS app.events SYNC", {"app.users": "users"}),
        ("INSERT INTO events SELECT * FROM users", {"app.events": "events", "app.users": "users"}),
    ],
)
def test_table_moves_are_simulated(statement: str, after: dict[str, str]) -> None:
    reached = simulate([raw(statement)], state(table("events", "id"), table("users", "uid")))
    assert {k: t.name for k, t in reached.tables.items()} == after
    assert all(k == f"{t.database}.{t.name}" for k, t in reached.tables.items())


def test_exchange_swaps_definitions() -> None:
    before = state(table("events", "id"), table("events_new", "id", "ts"))
    reached = simulate([raw("EXCHANGE TABLES events AND app.events_new")], before)
    assert [c.name for c in reached.tables["app.events"].columns] == ["id", "ts"]
    assert [c.name for c in reached.tables["app.events_new"].columns] == ["id"]


def test_objects_raw_schema_statements_touch_are_named_and_unknown_ones_make_none() -> None:
    assert unsimulated([raw("OPTIMIZE TABLE events FINAL", "RENAME TABLE a TO b")]) == set()
    assert unsimulated([raw("ALTER TABLE events ADD COLUMN x UInt8", "CREATE VIEW other.v AS SELECT 1")]) == {
        "app.events",
        "other.v",
    }
    assert unsimulated([raw("GRANT SELECT ON app.* TO bob")]) is None


def plan(ops: list[o.Op], expected: Snapshot, desired: Snapshot) -> Plan:
    return Plan(name="p", operations=ops, expected=State.of(expected), desired=State.of(desired), created_at="")


def test_check_plan_leaves_raw_created_objects_to_verification_but_checks_the_rest() -> None:
    base = table("events", "id")
    made = table("made_by_hand", "id")
    create = raw("CREATE TABLE app.made_by_hand (id String) ENGINE = MergeTree ORDER BY id")
    check_plan(plan([create], state(base), state(base, made)))  # the raw table: the verification's to check
    # but a drop that the desired state does not show is still refused before anything runs
    drop = o.DropTable(database="app", table="events")
    with pytest.raises(ApplyRefused) as exc:
        check_plan(plan([create, drop], state(base), state(base, made)))
    assert "app.events" in str(exc.value) and "made_by_hand" not in str(exc.value)
