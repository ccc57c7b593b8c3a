"""Tables created with their original SQL, declared by hand: no false drift, and creating from the declaration
gives the same table (engine_full, keys, indexes, codecs). Cases from issue 11's report, first batch."""

from __future__ import annotations

import pytest

from olapctl.clickhouse.normalize import SpecError
from olapctl.engine.executor import ApplyRefused, apply_plan
from olapctl.manifests import ManifestError
from tests.support import Env, table_yaml

CASES = [
    (  # ClickHouse appends the version column to a VersionedCollapsingMergeTree's sorting key
        "CREATE TABLE t (UserID UInt64, Sign Int8, Version UInt8) "
        "ENGINE = VersionedCollapsingMergeTree(Sign, Version) ORDER BY UserID",
        "- {name: UserID, type: UInt64}\n- {name: Sign, type: Int8}\n- {name: Version, type: UInt8}",
        "engine: {type: VersionedCollapsingMergeTree, sign: Sign, version: Version}\norderBy: [UserID]",
    ),
    (  # an index over a tuple of columns (Langfuse's observations, ClickHouse docs' bloom_filter example)
        "CREATE TABLE t (project_id String, trace_id String, observation_id String, "
        "INDEX idx_ids (project_id, trace_id, observation_id) TYPE bloom_filter(0.001) GRANULARITY 1) "
        "ENGINE = MergeTree ORDER BY project_id",
        "- {name: project_id, type: String}\n- {name: trace_id, type: String}\n- {name: observation_id, type: String}",
        "orderBy: [project_id]\nindexes:\n- {name: idx_ids, expression: '(project_id, trace_id, observation_id)', "
        "type: bloom_filter(0.001), granularity: 1}",
    ),
    (  # SummingMergeTree over one column is written without a tuple
        "CREATE TABLE t (key UInt64, value UInt64) ENGINE = SummingMergeTree(value) ORDER BY key",
        "- {name: key, type: UInt64}\n- {name: value, type: UInt64}",
        "engine: {type: SummingMergeTree, columns: [value]}\norderBy: [key]",
    ),
    (  # CODEC(Default), alone and in a chain
        "CREATE TABLE t (a UInt64 CODEC(Default), b UInt64 CODEC(Delta, Default)) ENGINE = MergeTree ORDER BY a",
        "- {name: a, type: UInt64, codec: Default}\n- {name: b, type: UInt64, codec: 'Delta, Default'}",
        "orderBy: [a]",
    ),
    (  # an explicit setting equal to the server's default, written before index_granularity; PRIMARY KEY = ORDER BY
        "CREATE TABLE t (a UInt64, b UInt64) ENGINE = MergeTree PRIMARY KEY a ORDER BY a "
        "SETTINGS ttl_only_drop_parts = 0, index_granularity = 8192, min_bytes_for_wide_part = 0",
        "- {name: a, type: UInt64}\n- {name: b, type: UInt64}",
        "orderBy: [a]\nprimaryKey: a\n"
        "settings: {ttl_only_drop_parts: 0, index_granularity: 8192, min_bytes_for_wide_part: 0}",
    ),
    (  # single-column keys and index written in parentheses, as Trigger.dev's and Unkey's migrations do
        "CREATE TABLE t (run_id String, host String, INDEX idx_host (host) TYPE bloom_filter GRANULARITY 1) "
        "ENGINE = MergeTree PARTITION BY (run_id) ORDER BY (run_id)",
        "- {name: run_id, type: String}\n- {name: host, type: String}",
        "orderByExpression: (run_id)\npartitionBy: (run_id)\n"
        "indexes: [{name: idx_host, expression: (host), type: bloom_filter}]",
    ),
    (  # EPHEMERAL, with and without an expression (ClickHouse's CREATE TABLE reference)
        "CREATE TABLE t (id UInt64, unhexed String EPHEMERAL, n UInt8 EPHEMERAL 1, "
        "hexed FixedString(4) DEFAULT unhex(unhexed)) ENGINE = MergeTree ORDER BY id",
        "- {name: id, type: UInt64}\n- {name: unhexed, type: String, ephemeral: ''}\n"
        "- {name: n, type: UInt8, ephemeral: '1'}\n- {name: hexed, type: FixedString(4), default: unhex(unhexed)}",
        "orderBy: [id]",
    ),
    (  # an index over an ALIAS column (HyperDX's otel_logs): system tables show the alias expanded
        "CREATE TABLE t (m Map(String, String), items Array(String) ALIAS arrayMap(x -> concat(x.1, x.2), "
        "CAST(m, 'Array(Tuple(String, String))')), INDEX idx_items items TYPE bloom_filter GRANULARITY 1) "
        "ENGINE = MergeTree ORDER BY tuple()",
        "- {name: m, type: 'Map(String, String)'}\n- {name: items, type: Array(String), "
        "alias: \"arrayMap(x -> concat(x.1, x.2), CAST(m, 'Array(Tuple(String, String))'))\"}",
        "orderByExpression: tuple()\nindexes: [{name: idx_items, expression: items, type: bloom_filter}]",
    ),
    (  # a one-element tuple (system tables show `host`) and a comment that spells the line of another index
        "CREATE TABLE t (host String COMMENT 'INDEX i host TYPE minmax GRANULARITY 1', "
        "INDEX i tuple(host) TYPE minmax GRANULARITY 1, INDEX j lower(host) TYPE set(10) GRANULARITY 2) "
        "ENGINE = MergeTree ORDER BY host",
        "- {name: host, type: String, comment: 'INDEX i host TYPE minmax GRANULARITY 1'}",
        "orderBy: [host]\nindexes:\n- {name: i, expression: tuple(host), type: minmax}\n"
        "- {name: j, expression: lower(host), type: set(10), granularity: 2}",
    ),
]


def facts(env: Env) -> list[tuple[object, ...]]:
    tables = env.sql(
        f"SELECT engine_full, sorting_key, replaceAll(create_table_query, '{env.db}.', '') FROM system.tables "
        f"WHERE database = '{env.db}' AND name = 't'"
    )
    indexes = env.sql(f"SELECT name, expr, type_full FROM system.data_skipping_indices WHERE database = '{env.db}'")
    codecs = env.sql(
        f"SELECT name, compression_codec FROM system.columns WHERE database = '{env.db}' AND table = 't' ORDER BY name"
    )
    return [*tables, *indexes, *codecs]


@pytest.mark.parametrize(("sql", "columns", "extra"), CASES)
def test_no_false_drift_and_faithful_creation(env: Env, sql: str, columns: str, extra: str) -> None:
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.run(sql)
    original = facts(env)
    decl = env.declare(table_yaml("t", columns, extra))
    assert env.ops(decl) == []  # declared by hand: no drift
    env.run("DROP TABLE t SYNC")
    env.sync(table_yaml("t", columns, extra))
    assert facts(env) == original  # created from the declaration: the same table
    assert env.ops(decl) == []


def test_primary_key_without_order_by_is_refused_with_the_field(env: Env) -> None:
    with pytest.raises(ManifestError, match="primaryKey needs orderBy"):
        env.declare(table_yaml("t", "- {name: a, type: UInt64}", "primaryKey: a"))


def test_primary_key_that_is_not_a_prefix_is_refused_at_plan_time(env: Env) -> None:
    columns = "- {name: a, type: UInt64}\n- {name: b, type: UInt64}"
    decl = env.declare(table_yaml("t", columns, "orderBy: [a, b]\nprimaryKey: b"))
    with pytest.raises(SpecError, match=r"primaryKey: \(b\) must be a prefix of orderBy \(a, b\)"):
        env.plan(decl)


def test_implicit_minmax_indexes_are_not_drift(env: Env) -> None:
    settings = "orderBy: [a]\nsettings: {add_minmax_index_for_numeric_columns: 1}"
    columns = "- {name: a, type: UInt64}\n- {name: b, type: Float64}"
    env.sync(table_yaml("t", columns, settings))
    auto = env.sql(f"SELECT name FROM system.data_skipping_indices WHERE database = '{env.db}' ORDER BY name")
    assert auto == [("auto_minmax_index_a",), ("auto_minmax_index_b",)]
    assert env.ops(env.declare(table_yaml("t", columns, settings))) == []  # ClickHouse's own: never planned away
    repeated = settings + "\nindexes:\n- {name: auto_minmax_index_a, expression: a, type: minmax}"
    assert env.ops(env.declare(table_yaml("t", columns, repeated))) == []  # declaring them is not drift either


def test_comments_in_a_view_select_are_accepted_and_left_out_of_the_ddl(env: Env) -> None:
    src = table_yaml("src", "- {name: id, type: UInt64}", "orderBy: [id]")
    view = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {name: v}\nspec:\n  select: |\n"
        "    -- daily ids; see the runbook\n    SELECT id /* the key */ FROM src\n"
    )
    env.sync("---\n".join([src, view]))
    assert env.sql(f"SELECT as_select FROM system.tables WHERE database = '{env.db}' AND name = 'v'") == [
        (f"SELECT id FROM {env.db}.src",)
    ]


def test_table_comment_is_declared_created_compared_changed_and_kept_by_rebuilds(env: Env) -> None:
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.run("CREATE TABLE t (a UInt64, b String) ENGINE = MergeTree ORDER BY a COMMENT 'raw events, one per request'")
    columns = "- {name: a, type: UInt64}\n- {name: b, type: String}"
    declared = table_yaml("t", columns, "orderBy: [a]\ncomment: 'raw events, one per request'")
    assert env.ops(env.declare(declared)) == []
    changed = table_yaml("t", columns, 'orderBy: [a]\ncomment: "it\'s the events"')
    plan = env.sync(changed)
    assert [op.kind for op in plan.operations] == ["ModifyTableComment"]
    comment = f"SELECT comment FROM system.tables WHERE database = '{env.db}' AND name = 't'"
    assert env.sql(comment) == [("it's the events",)]
    rekeyed = table_yaml("t", columns, 'orderBy: [b, a]\ncomment: "it\'s the events"')
    assert "ExchangeTables" in [op.kind for op in env.sync(rekeyed).operations]
    assert env.sql(comment) == [("it's the events",)]  # a rebuild keeps it
    env.run("DROP TABLE t SYNC")
    env.sync(declared)
    assert env.sql(comment) == [("raw events, one per request",)]


NESTED_SQL = (  # OpenTelemetry's ClickHouse exporter (otel_traces): Events and Links are Nested
    "CREATE TABLE t (TraceId String CODEC(ZSTD(1)), "
    "Events Nested(Timestamp DateTime64(9), Name LowCardinality(String), "
    "Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1))) ENGINE = MergeTree ORDER BY TraceId"
)
NESTED = (
    "- {name: TraceId, type: String, codec: ZSTD(1)}\n"
    "- {name: Events, type: 'Nested(Timestamp DateTime64(9), Name LowCardinality(String), "
    "Attributes Map(LowCardinality(String), String))', codec: ZSTD(1)}"
)


def test_nested_columns_are_one_declaration_never_drop_and_add(env: Env) -> None:
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.run(NESTED_SQL)
    env.run("INSERT INTO t VALUES ('x', ['2024-01-01 00:00:00'], ['start'], [{'k': 'v'}])")
    original = facts(env)
    decl = env.declare(table_yaml("t", NESTED, "orderBy: [TraceId]"))
    assert env.ops(decl) == []  # no drop + add of Events.*, and no KeyError on its codec
    assert env.sql("SELECT Events.Name FROM t") == [(["start"],)]
    env.run("DROP TABLE t SYNC")
    env.sync(table_yaml("t", NESTED, "orderBy: [TraceId]"))
    assert facts(env) == original
    env.run("INSERT INTO t VALUES ('y', ['2024-01-02 00:00:00'], ['end'], [{}])")
    assert env.sql("SELECT TraceId, e.Name FROM t ARRAY JOIN Events AS e") == [("y", "end")]


def test_constraints_check_and_assume_are_declared_created_and_changed(env: Env) -> None:
    # ClickHouse's documentation, "Constraints" (sql-reference/statements/create/table#constraints)
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.run(
        "CREATE TABLE t (id UInt64, name String, CONSTRAINT id_positive CHECK id > 0, "
        "CONSTRAINT name_set ASSUME length(name) > 0) ENGINE = MergeTree ORDER BY id"
    )
    constraints = (
        "orderBy: [id]\nconstraints:\n- {name: id_positive, expression: id > 0}\n"
        "- {name: name_set, kind: assume, expression: length(name) > 0}"
    )
    columns = "- {name: id, type: UInt64}\n- {name: name, type: String}"
    create = f"SELECT create_table_query FROM system.tables WHERE database = '{env.db}' AND name = 't'"
    original = env.sql(create)
    assert env.ops(env.declare(table_yaml("t", columns, constraints))) == []
    env.run("DROP TABLE t SYNC")
    env.sync(table_yaml("t", columns, constraints))
    assert env.sql(create) == original
    with pytest.raises(Exception, match="id_positive"):
        env.run("INSERT INTO t VALUES (0, 'x')")  # enforced
    fewer = "orderBy: [id]\nconstraints:\n- {name: id_small, expression: id < 1000000}"
    plan = env.sync(table_yaml("t", columns, fewer))
    kinds = sorted(op.kind for op in plan.operations)
    assert kinds == ["AddTableConstraint", "DropTableConstraint", "DropTableConstraint"]
    env.run("INSERT INTO t VALUES (0, '')")  # the old constraints are gone


def test_implicit_forms_are_not_drift_either_way(env: Env) -> None:
    """A declaration that spells out what ClickHouse fills in by itself (a setting at its default, PRIMARY KEY =
    ORDER BY, `(a)` for `a`), or leaves out what the live table spells out: no operation, no rebuild."""
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    columns = "- {name: a, type: UInt64}\n- {name: b, type: UInt64}"
    plain, spelled = "orderBy: [a]", "orderByExpression: (a)\nprimaryKey: (a)\nsettings: {ttl_only_drop_parts: 0}"
    env.run("CREATE TABLE t (a UInt64, b UInt64) ENGINE = MergeTree ORDER BY a")
    assert env.ops(env.declare(table_yaml("t", columns, spelled))) == []
    env.run("DROP TABLE t SYNC")
    env.run(
        "CREATE TABLE t (a UInt64, b UInt64) ENGINE = MergeTree PRIMARY KEY (a) ORDER BY (a) "
        "SETTINGS ttl_only_drop_parts = 0"
    )
    assert env.ops(env.declare(table_yaml("t", columns, plain))) == []
    changed = table_yaml("t", columns, "orderBy: [a]\nsettings: {ttl_only_drop_parts: 1}")
    assert [op.kind for op in env.ops(env.declare(changed))] == ["ModifyTableSettings"]  # a real change still is


MV_SOURCE = table_yaml("hits", "- {name: d, type: Date}\n- {name: user_id, type: UInt64}", "orderBy: [d]")


def mv_yaml(spec: str) -> str:
    body = "\n".join("  " + line for line in spec.strip().splitlines())
    return f"apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata: {{name: daily}}\nspec:\n{body}\n"


def test_materialized_view_with_its_own_storage_is_declared_and_dropping_it_is_destructive(env: Env) -> None:
    # ClickHouse's docs (sparse primary indexes guide): CREATE MATERIALIZED VIEW ... ENGINE = ... POPULATE AS SELECT
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.sync(MV_SOURCE)
    env.run(
        "CREATE MATERIALIZED VIEW daily ENGINE = SummingMergeTree ORDER BY (d) AS "
        "SELECT d, count() AS hits FROM hits GROUP BY d"
    )
    env.run("INSERT INTO hits VALUES ('2024-01-01', 1), ('2024-01-01', 2)")
    create = f"SELECT create_table_query FROM system.tables WHERE database = '{env.db}' AND name = 'daily'"
    original = env.sql(create)
    spec = "storage: SummingMergeTree ORDER BY (d)\nselect: SELECT d, count() AS hits FROM hits GROUP BY d"
    decl = env.declare("---\n".join([MV_SOURCE, mv_yaml(spec)]))
    assert env.ops(decl) == []
    changed = env.declare("---\n".join([MV_SOURCE, mv_yaml(spec.replace("count()", "uniq(user_id)"))]))
    with pytest.raises(ApplyRefused, match="destructive"):  # its rows live in its own table
        apply_plan(env.target, env.plan(changed), declarations=changed)
    assert env.sql("SELECT sum(hits) FROM daily") == [(2,)]
    env.run("DROP VIEW daily SYNC")
    env.sync("---\n".join([MV_SOURCE, mv_yaml(spec)]))
    assert env.sql(create) == original


def test_view_column_list_and_sql_security_are_kept(env: Env) -> None:
    # PostHog's session_replay_events_mv declares SimpleAggregateFunction columns its SELECT would not give;
    # Laminar's views say SQL SECURITY (INVOKER for views; a materialized view runs as its DEFINER)
    target = table_yaml(
        "agg",
        "- {name: d, type: Date}\n- {name: ids, type: 'SimpleAggregateFunction(groupArrayArray, Array(UInt64))'}",
        "engine: {type: AggregatingMergeTree}\norderBy: [d]",
    )
    spec = (
        "to: {table: agg}\nsqlSecurity: DEFINER\ncolumns:\n- {name: d, type: Date}\n"
        "- {name: ids, type: 'SimpleAggregateFunction(groupArrayArray, Array(UInt64))'}\n"
        "select: SELECT d, groupArray(user_id) AS ids FROM hits GROUP BY d"
    )
    env.sync("---\n".join([MV_SOURCE, target, mv_yaml(spec)]))
    create = env.sql(f"SELECT create_table_query FROM system.tables WHERE database = '{env.db}' AND name = 'daily'")
    assert "`ids` SimpleAggregateFunction(groupArrayArray, Array(UInt64))" in create[0][0]
    assert "SQL SECURITY DEFINER" in create[0][0]
    assert env.ops(env.declare("---\n".join([MV_SOURCE, target, mv_yaml(spec)]))) == []
    bare = "\n".join(line for line in spec.splitlines() if line.startswith(("to:", "select:")))
    assert env.ops(env.declare("---\n".join([MV_SOURCE, target, mv_yaml(bare)]))) == []  # left to ClickHouse


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ("orderBy: [a, lower(missing)]", "orderBy"),
        ("orderBy: [a]\npartitionBy: toYYYYMM(nope)", "partitionBy"),
        ("orderBy: [a]\nsampleBy: intHash32(b) + ", None),  # refused by the parser before: not a ClickHouse call
        ("orderBy: [a]\nindexes: [{name: i, expression: lower(c), type: minmax}]", "indexes.i.expression"),
        ("orderBy: [a]\nconstraints: [{name: k, expression: c > 0}]", "constraints.k.expression"),
    ],
)
def test_expressions_clickhouse_refuses_are_refused_at_plan_time(env: Env, extra: str, field: str | None) -> None:
    columns = "- {name: a, type: UInt64}\n- {name: b, type: String}"
    with pytest.raises((SpecError, ManifestError)) as caught:
        env.plan(env.declare(table_yaml("t", columns, extra)))
    if field is not None:
        assert f"table {env.db}.t {field}: ClickHouse refuses" in str(caught.value)
    assert env.target.query("SELECT count() FROM system.tables WHERE database = {d:String}", {"d": env.db}) == [(0,)]


def test_a_default_naming_a_missing_column_is_refused_at_plan_time(env: Env) -> None:
    columns = "- {name: a, type: UInt64}\n- {name: b, type: String, default: upper(nothing)}"
    with pytest.raises(SpecError, match=r"columns\.b\.default: ClickHouse refuses 'upper\(nothing\)'"):
        env.plan(env.declare(table_yaml("t", columns, "orderBy: [a]")))


def test_refreshable_materialized_view_keeps_its_schedule(env: Env) -> None:
    # ClickHouse's docs, "Refreshable materialized view": REFRESH EVERY … TO …, and APPEND
    target = table_yaml("per_day", "- {name: d, type: Date}\n- {name: hits, type: UInt64}", "orderBy: [d]")
    spec = (
        "refresh: EVERY 1 HOUR OFFSET 5 MINUTE\nto: {table: per_day}\n"
        "select: SELECT d, count() AS hits FROM hits GROUP BY d"
    )
    env.sync("---\n".join([MV_SOURCE, target, mv_yaml(spec)]))
    create = env.sql(f"SELECT create_table_query FROM system.tables WHERE database = '{env.db}' AND name = 'daily'")
    assert "REFRESH EVERY 1 HOUR OFFSET 5 MINUTE TO" in create[0][0]
    assert env.ops(env.declare("---\n".join([MV_SOURCE, target, mv_yaml(spec)]))) == []
    appended = spec.replace("OFFSET 5 MINUTE", "APPEND")
    ops = env.ops(env.declare("---\n".join([MV_SOURCE, target, mv_yaml(appended)])))
    assert [op.kind for op in ops] == ["DropMaterializedView", "CreateMaterializedView"]  # a real change is one
