"""Each migration type of the MooseStack seed, and each operation type, applied to the real engine.

Every apply goes through the executor, which verifies at the end that the live database equals the plan's
desired state; the tests then check what a user would look at: data kept, columns and keys as declared, and
that planning again finds nothing to do.
"""

from __future__ import annotations

from olapctl.plan import operations as o
from tests.support import Env, table_yaml

EVENTS = """
- {name: id, type: String}
- {name: ts, type: DateTime}
- {name: some_column, type: String}
"""


def kinds(ops: list[o.Op]) -> list[str]:
    return [op.kind for op in ops]


def test_new_table_is_created_and_then_in_sync(env: Env) -> None:
    plan = env.sync(table_yaml("new-table", EVENTS, "orderBy: [id]"))
    assert kinds(plan.operations) == ["CreateTable"]
    assert plan.operations[0].subject() == f"{env.db}.new_table"
    rows = env.sql(f"SELECT name, type FROM system.columns WHERE database = '{env.db}' AND table = 'new_table'")
    assert rows == [("id", "String"), ("ts", "DateTime"), ("some_column", "String")]
    assert env.ops(env.declare(table_yaml("new-table", EVENTS, "orderBy: [id]"))) == []


def test_column_added_keeps_rows_and_uses_default(env: Env) -> None:
    env.sync(table_yaml("events", EVENTS, "orderBy: [id]"))
    env.run("INSERT INTO events VALUES ('a', now(), 'x'), ('b', now(), 'y')")
    decl = env.declare(
        table_yaml("events", EVENTS + "- {name: new_column, type: Int64, default: '42'}", "orderBy: [id]")
    )
    ops = env.ops(decl)
    assert kinds(ops) == ["AddTableColumn"]
    assert isinstance(ops[0], o.AddTableColumn) and ops[0].column.data_type == "Int64"
    assert ops[0].after_column == "some_column"
    env.sync(table_yaml("events", EVENTS + "- {name: new_column, type: Int64, default: '42'}", "orderBy: [id]"))
    assert env.sql("SELECT id, new_column FROM events ORDER BY id") == [("a", 42), ("b", 42)]


def test_column_removed_is_destructive(env: Env) -> None:
    env.sync(table_yaml("events", EVENTS + "- {name: old_column, type: Int64}", "orderBy: [id]"))
    ops = env.ops(env.declare(table_yaml("events", EVENTS, "orderBy: [id]")))
    assert kinds(ops) == ["DropTableColumn"]
    assert o.risk(ops[0]) == "destructive"
    env.sync(table_yaml("events", EVENTS, "orderBy: [id]"))
    cols = env.sql(f"SELECT name FROM system.columns WHERE database = '{env.db}' AND table = 'events'")
    assert ("old_column",) not in cols


def test_string_to_low_cardinality_keeps_data(env: Env) -> None:
    env.sync(table_yaml("events", EVENTS, "orderBy: [id]"))
    env.run("INSERT INTO events VALUES ('a', now(), 'x')")
    lc = EVENTS.replace("{name: some_column, type: String}", "{name: some_column, type: LowCardinality(String)}")
    ops = env.ops(env.declare(table_yaml("events", lc, "orderBy: [id]")))
    assert kinds(ops) == ["ModifyTableColumn"]
    assert o.risk(ops[0]) == "safe"
    env.sync(table_yaml("events", lc, "orderBy: [id]"))
    assert env.sql("SELECT toTypeName(some_column), some_column FROM events") == [("LowCardinality(String)", "x")]


def test_narrowing_type_change_is_risky(env: Env) -> None:
    env.sync(table_yaml("n", "- {name: id, type: UInt64}", "orderBy: [id]"))
    ops = env.ops(
        env.declare(table_yaml("n", "- {name: id, type: UInt64}\n- {name: v, type: String}", "orderBy: [id]"))
    )
    assert kinds(ops) == ["AddTableColumn"]
    env.sync(table_yaml("n", "- {name: id, type: UInt64}\n- {name: v, type: String}", "orderBy: [id]"))
    ops = env.ops(env.declare(table_yaml("n", "- {name: id, type: UInt64}\n- {name: v, type: UInt8}", "orderBy: [id]")))
    assert kinds(ops) == ["ModifyTableColumn"] and o.risk(ops[0]) == "risky"


MV_SOURCE = table_yaml(
    "source-table",
    """
- {name: id, type: String}
- {name: a_date, type: DateTime}
- {name: a_number, type: Float64}
""",
    "orderBy: [id]",
)


def _target(extra_col: str = "") -> str:
    cols = "- {name: day, type: DateTime}\n- {name: count, type: UInt64}\n- {name: sum, type: Float64}\n" + extra_col
    return table_yaml("target-table", cols, "orderBy: [day]")


def _mv(select: str, backfill: bool) -> str:
    return (
        "apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata:\n  name: mv-table-to-target\nspec:\n"
        f"  select: {select!r}\n  to: {{table: target_table}}\n  backfill: {str(backfill).lower()}\n"
    )


SELECT_V1 = "SELECT toStartOfDay(a_date) as day, uniq(id) as count, SUM(a_number) as sum FROM source_table GROUP BY day"
SELECT_V2 = (
    "SELECT toStartOfDay(a_date) as day, uniq(id) as count, sum(a_number) as sum, avg(a_number) as avg "
    "FROM source_table GROUP BY day"
)


def test_new_materialized_view_with_tables_in_dependency_order(env: Env) -> None:
    plan = env.sync("---\n".join([_mv(SELECT_V1, False), MV_SOURCE, _target()]))
    assert kinds(plan.operations) == ["CreateTable", "CreateTable", "CreateMaterializedView"]
    env.run("INSERT INTO source_table VALUES ('a', '2025-01-01 10:00:00', 1.5), ('b', '2025-01-01 11:00:00', 2.5)")
    assert env.sql("SELECT count, sum FROM target_table") == [(2, 4.0)]
    # SUM vs sum, `as` vs `AS`, unqualified vs qualified names: ClickHouse's rewriting is not a change
    assert env.ops(env.declare("---\n".join([_mv(SELECT_V1, False), MV_SOURCE, _target()]))) == []


def test_materialized_view_select_change_with_backfill(env: Env) -> None:
    env.sync("---\n".join([MV_SOURCE, _target(), _mv(SELECT_V1, True)]))
    env.run("INSERT INTO source_table VALUES ('a', '2025-01-01 10:00:00', 1.0), ('b', '2025-01-01 11:00:00', 3.0)")
    decl = "---\n".join([MV_SOURCE, _target("- {name: avg, type: Float64}"), _mv(SELECT_V2, True)])
    ops = env.ops(env.declare(decl))
    assert kinds(ops) == ["DropMaterializedView", "AddTableColumn", "CreateMaterializedView", "RawSql"]
    assert isinstance(ops[3], o.RawSql) and ops[3].sql[0].startswith("TRUNCATE TABLE")
    env.sync(decl)
    # the target is repopulated from the source: the new column has values for the old rows, no duplicates
    assert env.sql("SELECT count, sum, avg FROM target_table") == [(2, 4.0, 2.0)]
    env.run("INSERT INTO source_table VALUES ('c', '2025-01-02 10:00:00', 5.0)")
    assert env.sql("SELECT count() FROM target_table") == [(2,)]


def test_rename_keeps_data(env: Env) -> None:
    env.sync(table_yaml("users", "- {name: id, type: UInt32}\n- {name: username, type: String}", "orderBy: [id]"))
    env.run("INSERT INTO users VALUES (1, 'ada')")
    renamed = "- {name: id, type: UInt32}\n- {name: user_name, type: String, renamedFrom: username}"
    ops = env.ops(env.declare(table_yaml("users", renamed, "orderBy: [id]")))
    assert kinds(ops) == ["RenameTableColumn"]
    env.sync(table_yaml("users", renamed, "orderBy: [id]"))
    assert env.sql("SELECT user_name FROM users") == [("ada",)]
    # once renamed, the annotation is inert
    assert env.ops(env.declare(table_yaml("users", renamed, "orderBy: [id]"))) == []


def test_order_by_change_rebuilds_without_losing_rows(env: Env) -> None:
    cols = "- {name: id, type: UInt32}\n- {name: ts, type: DateTime}\n- {name: v, type: String}"
    env.sync(table_yaml("facts", cols, "orderBy: [id]"))
    env.run("INSERT INTO facts SELECT number, toDateTime('2025-01-01') + number, toString(number) FROM numbers(1000)")
    new = table_yaml("facts", cols, "orderBy: [ts, id]\npartitionBy: toYYYYMM(ts)")
    ops = env.ops(env.declare(new))
    assert kinds(ops) == ["CreateTable", "RawSql", "ExchangeTables", "DropTable"]
    env.sync(new)
    assert env.sql(
        f"SELECT sorting_key, partition_key FROM system.tables WHERE database = '{env.db}' AND name = 'facts'"
    ) == [("ts, id", "toYYYYMM(ts)")]
    assert env.sql("SELECT count(), sum(id) FROM facts") == [(1000, 499500)]
    assert env.sql(f"SELECT count() FROM system.tables WHERE database = '{env.db}'") == [(2,)]  # facts + ledger


def test_engine_change_rebuilds_with_renamed_column(env: Env) -> None:
    env.sync(table_yaml("kv", "- {name: k, type: String}\n- {name: value, type: String}", "orderBy: [k]"))
    env.run("INSERT INTO kv VALUES ('a', '1'), ('b', '2')")
    new = table_yaml(
        "kv",
        "- {name: k, type: String}\n- {name: val, type: String, renamedFrom: value}\n- {name: version, type: UInt64}",
        "orderBy: [k]\nengine: {type: ReplacingMergeTree, ver: version}",
    )
    env.sync(new)
    assert env.sql("SELECT k, val, version FROM kv ORDER BY k") == [("a", "1", 0), ("b", "2", 0)]
    assert env.sql(f"SELECT engine_full FROM system.tables WHERE database = '{env.db}' AND name = 'kv'")[0][
        0
    ].startswith("ReplacingMergeTree(version)")


def test_table_level_operations(env: Env) -> None:
    cols = "- {name: id, type: UInt64}\n- {name: ts, type: DateTime}\n- {name: s, type: String}"
    base = "orderBy: [id, intHash32(id)]\n"
    env.sync(table_yaml("t", cols, base))
    full = (
        base
        + "sampleBy: intHash32(id)\nttl: ts + INTERVAL 1 YEAR\nsettings: {merge_with_ttl_timeout: 3600}\n"
        + "indexes: [{name: idx_s, expression: s, type: bloom_filter(0.01), granularity: 2}]\n"
        + "projections: [{name: p_ts, query: 'SELECT * ORDER BY ts'}]\n"
    )
    ops = env.ops(env.declare(table_yaml("t", cols, full)))
    assert kinds(ops) == [
        "ModifyTableSettings",
        "ModifyTableTtl",
        "ModifySampleBy",
        "AddTableIndex",
        "AddTableProjection",
    ]
    env.sync(table_yaml("t", cols, full))
    engine_full = env.sql(f"SELECT engine_full FROM system.tables WHERE database = '{env.db}' AND name = 't'")[0][0]
    assert "SAMPLE BY intHash32(id)" in engine_full and "TTL ts + toIntervalYear(1)" in engine_full
    assert "merge_with_ttl_timeout = 3600" in engine_full
    # and back: every one of them removed
    ops = env.ops(env.declare(table_yaml("t", cols, base)))
    assert kinds(ops) == [
        "DropTableIndex",
        "DropTableProjection",
        "ModifyTableSettings",
        "ModifyTableTtl",
        "RemoveSampleBy",
    ]
    env.sync(table_yaml("t", cols, base))
    assert env.ops(env.declare(table_yaml("t", cols, base))) == []


def test_column_attributes_modify_and_remove(env: Env) -> None:
    plain = "- {name: id, type: UInt64}\n- {name: ts, type: DateTime}\n- {name: v, type: String}"
    fancy = (
        "- {name: id, type: UInt64}\n- {name: ts, type: DateTime}\n"
        "- {name: v, type: String, default: \"'x'\", codec: ZSTD, comment: the value, ttl: ts + INTERVAL 1 DAY}"
    )
    env.sync(table_yaml("c", plain, "orderBy: [id]"))
    env.sync(table_yaml("c", fancy, "orderBy: [id]"))
    row = env.sql(
        "SELECT default_kind, default_expression, compression_codec, comment FROM system.columns "
        f"WHERE database = '{env.db}' AND table = 'c' AND name = 'v'"
    )
    assert row == [("DEFAULT", "'x'", "CODEC(ZSTD(1))", "the value")]
    env.sync(table_yaml("c", plain, "orderBy: [id]"))
    row = env.sql(
        "SELECT default_kind, compression_codec, comment FROM system.columns "
        f"WHERE database = '{env.db}' AND table = 'c' AND name = 'v'"
    )
    assert row == [("", "", "")]


def test_views_created_after_what_they_read_and_dropped_when_undeclared(env: Env) -> None:
    base = table_yaml("base", "- {name: id, type: UInt32}", "orderBy: [id]")
    v1 = "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {name: v-a}\nspec: {select: 'SELECT id FROM v_b'}\n"
    v2 = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {name: v-b}\n"
        "spec: {select: 'SELECT id FROM base WHERE id > 1'}\n"
    )
    plan = env.sync("---\n".join([v1, v2, base]))
    assert [op.subject() for op in plan.operations] == [f"{env.db}.base", f"{env.db}.v_b", f"{env.db}.v_a"]
    env.run("INSERT INTO base VALUES (1), (2)")
    assert env.sql(f"SELECT id FROM {env.db}.v_a") == [(2,)]
    ops = env.ops(env.declare(base))
    assert kinds(ops) == ["DropView", "DropView"]
    assert all(o.risk(op) == "safe" for op in ops)


def test_undeclared_objects_are_dropped_and_drops_come_first(env: Env) -> None:
    keep = table_yaml("keep", "- {name: id, type: UInt32}", "orderBy: [id]")
    gone = table_yaml("gone", "- {name: id, type: UInt32}", "orderBy: [id]")
    view = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {name: gone-view}\n"
        "spec: {select: 'SELECT id FROM gone'}\n"
    )
    mv = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata: {name: gone-mv}\n"
        "spec: {select: 'SELECT id FROM gone', to: {table: keep}}\n"
    )
    env.sync("---\n".join([keep, gone, view, mv]))
    ops = env.ops(
        env.declare(table_yaml("keep", "- {name: id, type: UInt32}\n- {name: v, type: String}", "orderBy: [id]"))
    )
    assert kinds(ops) == ["DropMaterializedView", "DropView", "DropTable", "AddTableColumn"]
    assert [o.risk(op) for op in ops] == ["risky", "safe", "destructive", "safe"]
    env.sync(table_yaml("keep", "- {name: id, type: UInt32}\n- {name: v, type: String}", "orderBy: [id]"))
    assert env.sql(f"SELECT name FROM system.tables WHERE database = '{env.db}' ORDER BY name") == [
        ("keep",),
        ("olapctl_migrations",),
    ]
