"""Introspection re-reads only the objects whose fingerprint changed since this process read them: every kind of
schema change made after a read must still be seen, at once (not a second later), on the real engine."""

from __future__ import annotations

import time

import pytest

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.introspect import SETTLED_SECONDS, introspect

TABLES = 10  # past FINGERPRINT_FROM, so the fingerprints are used

CHANGES = [
    "ALTER TABLE {db}.t1 ADD COLUMN extra String",
    "ALTER TABLE {db}.t1 MODIFY COLUMN v Int64",
    "ALTER TABLE {db}.t1 MODIFY COLUMN v UInt32 CODEC(ZSTD(3))",
    "ALTER TABLE {db}.t1 COMMENT COLUMN v 'why'",
    "ALTER TABLE {db}.t1 MODIFY SETTING merge_with_ttl_timeout = 100",
    "ALTER TABLE {db}.t1 MODIFY COMMENT 'the first'",
    "ALTER TABLE {db}.t1 MODIFY TTL toDateTime(id) + INTERVAL 1 DAY",
    "ALTER TABLE {db}.t1 ADD INDEX i v TYPE minmax GRANULARITY 1",
    "ALTER TABLE {db}.t1 ADD PROJECTION p (SELECT id, v ORDER BY v)",
    "ALTER TABLE {db}.t1 RENAME COLUMN v TO w",
    "EXCHANGE TABLES {db}.t1 AND {db}.t2",
    "RENAME TABLE {db}.t1 TO {db}.t1_old",
    "DROP TABLE {db}.t1",
    "CREATE OR REPLACE TABLE {db}.t1 (id UInt64, v UInt32) ENGINE = MergeTree ORDER BY (id, v)",
    "CREATE OR REPLACE VIEW {db}.v1 AS SELECT id FROM {db}.t2",
    "CREATE TABLE {db}.t99 (id UInt64) ENGINE = MergeTree ORDER BY id",
]


def _fresh(target: Target) -> object:
    """What a process that never read the database sees."""
    target.known.clear()
    return introspect(target, [target.database])


@pytest.fixture
def settled(target: Target) -> Target:
    db = target.database
    target.command(f"CREATE DATABASE IF NOT EXISTS {db}")
    for i in range(TABLES):
        order = "id" if i != 2 else "(v, id)"  # t1 and t2 differ only in their key: EXCHANGE keeps the columns
        target.command(f"CREATE TABLE {db}.t{i} (id UInt64, v UInt32) ENGINE = MergeTree ORDER BY {order}")
    target.command(f"CREATE VIEW {db}.v1 AS SELECT id, v FROM {db}.t1")
    time.sleep(SETTLED_SECONDS + 0.1)
    return target


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_after_a_read_is_seen_at_once(settled: Target, change: str) -> None:
    target = settled
    first = introspect(target, [target.database])
    assert len(target.known) >= TABLES  # the read is kept: settled objects
    assert introspect(target, [target.database]) == first  # unchanged: from what is known
    target.command(change.format(db=f"`{target.database}`"))
    seen = introspect(target, [target.database])  # within the same second as the change
    assert seen != first
    assert seen == _fresh(target)


def test_only_changed_objects_are_read_again(settled: Target) -> None:
    target = settled
    introspect(target, [target.database])
    counted: list[str] = []
    query = target.query

    def counting(sql: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        counted.append(sql)
        return query(sql, *args, **kwargs)  # type: ignore[arg-type]

    target.query = counting  # type: ignore[method-assign]
    introspect(target, [target.database])
    assert not any("create_table_query" in sql for sql in counted)  # nothing changed: no CREATE formatted
    target.command(f"ALTER TABLE `{target.database}`.t3 ADD COLUMN extra String")
    counted.clear()
    seen = introspect(target, [target.database])
    [read] = [sql for sql in counted if "create_table_query" in sql]
    assert "{names:Array(String)}" in read  # scoped to the changed table
    assert [c.name for c in seen.tables[f"{target.database}.t3"].columns] == ["id", "v", "extra"]


@pytest.mark.parametrize("change", ["MODIFY COMMENT 'changed'", "MODIFY TTL toDateTime(id) + INTERVAL 1 DAY"])
def test_objects_without_a_modification_time_are_read_again_each_time(target: Target, change: str) -> None:
    """A database of engine Memory keeps no metadata files: its objects' modification time reads 0, so no read of
    them tells a later change apart; they are never taken from what was read before."""
    db = f"{target.database}_memory"
    target.command(f"CREATE DATABASE `{db}` ENGINE = Memory")
    try:
        for i in range(TABLES):
            target.command(f"CREATE TABLE `{db}`.t{i} (id UInt64, v UInt32) ENGINE = MergeTree ORDER BY id")
        time.sleep(SETTLED_SECONDS + 0.1)
        first = introspect(target, [db])
        target.command(f"ALTER TABLE `{db}`.t1 {change}")
        seen = introspect(target, [db])
        assert seen != first
        target.known.clear()
        assert seen == introspect(target, [db])
    finally:
        target.command(f"DROP DATABASE `{db}`")
