"""Introspection reads everything a table declares, and what ClickHouse rewrites never shows up as a change."""

from __future__ import annotations

import pytest

from olapctl.clickhouse.introspect import introspect
from olapctl.clickhouse.normalize import SpecError
from olapctl.schema.model import Column, LifeCycle, Snapshot, key
from tests.support import Env, table_yaml

FULL = table_yaml(
    "events",
    """
- {name: id, type: String}
- {name: status, type: LowCardinality(String), default: "'new'", comment: "lifecycle state"}
- {name: ts, type: "DateTime64(3,'UTC')", codec: "Delta, ZSTD(3)"}
- {name: payload, type: String, ttl: "ts + INTERVAL 30 DAY"}
- {name: len, type: UInt64, materialized: length(payload)}
- {name: upper_id, type: String, alias: upper(id)}
- {name: n, type: "Nullable(int)"}
- {name: updated_at, type: DateTime}
- {name: deleted, type: UInt8}
""",
    """
engine: {type: ReplacingMergeTree, ver: updated_at, isDeleted: deleted}
orderBy: [id, ts]
partitionBy: toYYYYMM(ts)
primaryKey: id
ttl: toDateTime(ts) + INTERVAL 1 YEAR
settings: {index_granularity: 8192, merge_with_ttl_timeout: "3600", deduplicate_merge_projection_mode: drop}
indexes: [{name: idx_status, expression: status, type: set(100), granularity: 4}]
projections: [{name: p_by_status, query: "select * order by status"}]
""",
)


def test_introspection_reads_every_declared_attribute(env: Env) -> None:
    env.sync(FULL)
    live = introspect(env.target, [env.db]).tables[key(env.db, "events")]
    cols = {c.name: c for c in live.columns}
    assert cols["status"].default == "'new'" and cols["status"].comment == "lifecycle state"
    assert cols["ts"].data_type == "DateTime64(3, 'UTC')" and cols["ts"].codec == "Delta(8), ZSTD(3)"
    assert cols["payload"].ttl == "ts + toIntervalDay(30)"
    assert cols["len"].materialized == "length(payload)"
    assert cols["upper_id"].alias == "upper(id)"
    assert cols["n"].data_type == "Nullable(Int32)"
    assert live.engine.type == "ReplacingMergeTree"
    assert (live.engine.ver, live.engine.is_deleted) == ("updated_at", "deleted")
    assert live.sorting_key() == "id, ts"
    assert live.partition_by == "toYYYYMM(ts)"
    assert live.primary_key == "id"
    assert live.ttl == "toDateTime(ts) + toIntervalYear(1)"
    # as written, in order: index_granularity = 8192 (the default) written first is not the one ClickHouse appends
    assert list(live.settings.items()) == [
        ("index_granularity", "8192"),
        ("merge_with_ttl_timeout", "3600"),
        ("deduplicate_merge_projection_mode", "'drop'"),
    ]
    assert [(i.name, i.expression, i.type, i.granularity) for i in live.indexes] == [
        ("idx_status", "status", "set(100)", 4)
    ]
    assert [(p.name, p.query) for p in live.projections] == [("p_by_status", "SELECT * ORDER BY status")]


def test_declared_equals_live_gives_no_operations(env: Env) -> None:
    env.sync(FULL)
    assert env.ops(env.declare(FULL)) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('ttl: "ts + INTERVAL 30 DAY"', 'ttl: "ts + toIntervalDay(30)"'),
        ('codec: "Delta, ZSTD"', 'codec: "Delta(8),ZSTD(1)"'),
        ('default: "1+2"', 'default: "1 + 2"'),
        ("default: \"'it''s'\"", "default: \"'it\\\\'s'\""),
        ("comment: x", "comment: 'x'"),
    ],
)
def test_equivalent_column_spellings_are_not_changes(env: Env, first: str, second: str) -> None:
    typ = "String" if "'" in first else "DateTime64(3)" if "codec" in first else "UInt64"

    def decl(attr: str) -> str:
        cols = f"- {{name: ts, type: DateTime}}\n- {{name: c, type: {typ}, {attr}}}"
        return table_yaml("spell", cols, "orderBy: [ts]")

    env.sync(decl(first))
    assert env.ops(env.declare(decl(second))) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("orderBy: [a, b]", "orderByExpression: (a, b)"),
        ("orderBy: [a]", "orderByExpression: a"),
        ("orderByExpression: tuple()", "settings: {}"),
        ("partitionBy: toYYYYMM(d)\norderBy: [a]", "partitionBy: (toYYYYMM(d))\norderBy: [a]"),
        ("settings: {index_granularity: 8192}", "settings: {}"),
        ("engine: {type: MergeTree}", "engine: {}"),
    ],
)
def test_equivalent_table_spellings_are_not_changes(env: Env, first: str, second: str) -> None:
    cols = "- {name: a, type: UInt32}\n- {name: b, type: String}\n- {name: d, type: Date}"
    env.sync(table_yaml("spell", cols, first))
    assert env.ops(env.declare(table_yaml("spell", cols, second))) == []


def test_introspection_query_count_does_not_grow_with_tables(env: Env) -> None:
    counted: list[str] = []
    query, command = env.target.query, env.target.command

    def count_query(sql: str, *a: object, **kw: object) -> list[tuple[object, ...]]:
        counted.append(sql)
        return query(sql, *a, **kw)  # type: ignore[arg-type]

    def count_command(sql: str, *a: object, **kw: object) -> object:
        counted.append(sql)
        return command(sql, *a, **kw)  # type: ignore[arg-type]

    cols = "- {name: a, type: UInt32}\n- {name: b, type: String, codec: ZSTD(3), default: \"'x'\"}"
    env.declare(table_yaml("t0", cols, "orderBy: [a]"), "t0.yaml")
    env.sync(table_yaml("t1", cols, "orderBy: [a]"))
    env.target.__dict__["query"], env.target.__dict__["command"] = count_query, count_command
    introspect(env.target, [env.db])
    few = len(counted)
    env.target.__dict__.pop("query"), env.target.__dict__.pop("command")
    for i in range(2, 40):
        env.declare(table_yaml(f"t{i}", cols, "orderBy: [a]"), f"t{i}.yaml")
    env.sync(table_yaml("t40", cols, "orderBy: [a]"))
    env.target.__dict__["query"], env.target.__dict__["command"] = count_query, count_command
    counted.clear()
    snap = introspect(env.target, [env.db])
    assert len(snap.tables) == 40  # t0 and t2..t40: t1 was in the declaration file that t40 replaced
    assert len(counted) == few


def test_invalid_expression_is_named_by_clickhouse(env: Env) -> None:
    with pytest.raises(SpecError, match=r"table t\d+\.bad column c default: ClickHouse cannot parse it"):
        env.ops(env.declare(table_yaml("bad", "- {name: c, type: UInt8, default: '1 +* 2'}", "orderBy: [c]")))


def test_invalid_codec_is_named(env: Env) -> None:
    with pytest.raises(SpecError, match=r"codec 'Delta, Gorilla' on type String"):
        env.ops(env.declare(table_yaml("bad", "- {name: c, type: String, codec: 'Delta, Gorilla'}", "orderBy: [c]")))


def test_trusted_snapshot_equals_validated_one(env: Env) -> None:
    """Snapshot.trusted skips validation for speed; it must build exactly what validation builds."""
    env.sync(FULL)
    live = introspect(env.target, [env.db])
    doc = live.model_dump()
    trusted, validated = Snapshot.trusted(live.model_dump()), Snapshot.model_validate(doc)
    assert trusted == validated
    assert trusted.hash() == validated.hash() == live.hash()
    table = trusted.tables[key(env.db, "events")]
    assert table.model_copy(update={"ttl": None}).ttl is None and table.ttl is not None
    assert table.life_cycle is LifeCycle.FULLY_MANAGED
    # the columns share one set of set fields: a copy with an update leaves the others' as they were
    first, second = table.columns[0], table.columns[1]
    renamed = first.model_copy(update={"renamed_from": "old"})
    assert renamed.renamed_from == "old" and first.renamed_from is None and second.renamed_from is None
    assert first.model_fields_set == second.model_fields_set == set(Column.model_fields)
    assert first.model_dump(exclude_unset=True) == first.model_dump()
