"""Nothing lost, nothing misreported, on tables that hold data (real engine): risk computed against the rows,
RawSql judged by what it does, failures that leave the table readable, DeletionProtected kept through rebuilds,
the same change applied twice, MV backfills planned whatever else is rebuilt. Each refusal changes nothing."""

from __future__ import annotations

import pytest

from olapctl.clickhouse.normalize import SpecError
from olapctl.engine.assess import assess
from olapctl.engine.executor import ApplyFailed, ApplyRefused, apply_plan
from olapctl.engine.ledger import Ledger
from olapctl.engine.planning import changes
from olapctl.plan import operations as o
from olapctl.plan.describe import describe
from tests.support import Env, table_yaml


def declared(value_type: str, extra: str = "orderBy: [id]") -> str:
    return table_yaml("t", f"- {{name: id, type: UInt64}}\n- {{name: v, type: {value_type!r}}}", extra)


def snapshot_rows(env: Env) -> list[tuple[object, ...]]:
    return env.sql("SELECT id, toString(v) FROM t ORDER BY id")


@pytest.mark.parametrize(
    ("before", "after", "rows", "lossy"),
    [
        ("Int64", "Int32", "(1, 5), (2, 5000000000), (3, -7)", 1),
        ("Enum8('a' = 1, 'b' = 2, 'c' = 3)", "Enum8('a' = 1, 'b' = 2)", "(1, 'a'), (2, 'c'), (3, 'c')", 2),
        ("DateTime", "Date", "(1, '2024-01-01 00:00:00'), (2, '2024-01-01 10:30:00')", 1),
        ("Decimal(18, 4)", "Decimal(9, 2)", "(1, 1.5), (2, 123.4567), (3, 12345678.5)", 2),
        ("Nullable(String)", "String", "(1, 'x'), (2, NULL), (3, NULL)", 2),
        ("String", "UInt32", "(1, '7'), (2, 'abc'), (3, '-1')", 2),
        ("Float64", "Int64", "(1, 2), (2, 2.5)", 1),
        ("Array(Int64)", "Array(Int8)", "(1, [1, 2]), (2, [300])", 1),
    ],
)
def test_lossy_type_changes_are_destructive_with_the_count_and_change_nothing(
    env: Env, before: str, after: str, rows: str, lossy: int
) -> None:
    env.sync(declared(before))
    env.run(f"INSERT INTO t VALUES {rows}")
    kept = snapshot_rows(env)
    decl = env.declare(declared(after))
    plan = env.plan(decl)
    assert [op.kind for op in plan.operations] == ["ModifyTableColumn"]
    findings = assess(env.target, plan.operations)
    assert [f.reason.split(" of ")[0] for f in findings] == [f"{lossy} row(s)"]
    assert f"of {env.db}.t.v" in findings[0].reason
    summary = describe(plan.operations, with_risk=True, findings={f.index: f.reason for f in findings})
    assert f"[destructive: {lossy} row(s) of {env.db}.t.v" in summary
    with pytest.raises(ApplyRefused) as err:
        apply_plan(env.target, plan, declarations=decl)
    assert err.value.reason == "destructive" and f"{lossy} row(s) of {env.db}.t.v" in str(err.value)
    assert snapshot_rows(env) == kept  # refused: nothing changed


def test_a_narrowing_that_every_row_survives_stays_risky_and_applies(env: Env) -> None:
    env.sync(declared("Int64"))
    env.run("INSERT INTO t VALUES (1, 5), (2, -2147483648), (3, 2147483647)")
    decl = env.declare(declared("Int32"))
    plan = env.plan(decl)
    assert assess(env.target, plan.operations) == [] and o.risk(plan.operations[0]) == "risky"
    apply_plan(env.target, plan, declarations=decl)
    assert env.sql("SELECT v, toTypeName(v) FROM t ORDER BY id") == [
        (5, "Int32"), (-2147483648, "Int32"), (2147483647, "Int32")
    ]  # fmt: skip


def test_rows_written_after_the_plan_are_checked_again_at_apply_time(env: Env) -> None:
    env.sync(declared("Int64"))
    env.run("INSERT INTO t VALUES (1, 5)")
    decl = env.declare(declared("Int32"))
    plan = env.plan(decl)
    assert assess(env.target, plan.operations) == []
    env.run("INSERT INTO t VALUES (2, 9000000000)")  # after review, before apply
    with pytest.raises(ApplyRefused, match=rf"1 row\(s\) of {env.db}\.t\.v do not fit Int32"):
        apply_plan(env.target, plan, declarations=decl)
    assert env.sql("SELECT toTypeName(v) FROM t LIMIT 1") == [("Int64",)]


def test_a_failed_type_change_leaves_the_table_readable_and_is_not_reported_as_done(env: Env) -> None:
    env.sync(declared("String"))
    env.run("INSERT INTO t VALUES (1, '7'), (2, 'abc')")
    decl = env.declare(declared("UInt32"))
    plan = env.plan(decl)
    with pytest.raises(ApplyFailed) as err:
        apply_plan(env.target, plan, declarations=decl, allow_destructive=True)
    assert "restored to its previous type" in str(err.value), str(err.value)
    assert env.sql("SELECT id, v, toTypeName(v) FROM t ORDER BY id") == [(1, "7", "String"), (2, "abc", "String")]
    stuck = env.sql(f"SELECT count() FROM system.mutations WHERE database = '{env.db}' AND NOT is_done")
    assert stuck == [(0,)]
    assert [op.kind for op in env.ops(decl)] == ["ModifyTableColumn"]  # still pending, not "in sync"
    failed = env.sql(f"SELECT outcome FROM {env.db}.olapctl_migrations WHERE op_type = 'ModifyTableColumn'")
    assert failed == [("failed",)]


def test_raw_sql_is_judged_by_its_statements_not_its_description(env: Env) -> None:
    env.sync(declared("String"))
    env.run("INSERT INTO t VALUES (1, 'x')")
    plan = env.plan(env.declare(declared("String")))
    for sql in ("DROP TABLE t", "TRUNCATE TABLE t", "ALTER TABLE t DELETE WHERE 1", "ALTER TABLE t DROP COLUMN v"):
        raw = o.RawSql(sql=[sql], description="refresh statistics", database=env.db)
        hostile = plan.model_copy(update={"operations": [raw]})
        with pytest.raises(ApplyRefused) as err:
            apply_plan(env.target, hostile)
        if sql == "DROP TABLE t":  # simulated: the plan's own desired state keeps t, so the plan contradicts itself
            assert err.value.reason == "invalid"
            assert err.value.drift == {
                f"{env.db}.t": ["desiredState table (id UInt64, v String), after the operations absent"]
            }
        else:
            assert err.value.reason == "destructive" and sql in str(err.value)
        assert sql in describe([raw], with_risk=True)  # the summary shows the SQL, not only the description
        assert env.sql("SELECT count() FROM t") == [(1,)]
    harmless = o.RawSql(sql=["OPTIMIZE TABLE t FINAL", "ALTER TABLE t ADD COLUMN IF NOT EXISTS z UInt8"])
    assert assess(env.target, [harmless]) == []


def test_raw_sql_that_changes_the_schema_fails_verification(env: Env) -> None:
    env.sync(declared("String"))
    plan = env.plan(env.declare(declared("String")))
    sneaky = o.RawSql(sql=["ALTER TABLE t ADD COLUMN hidden UInt8"], description="statistics", database=env.db)
    with pytest.raises(Exception, match="differs from its desiredState"):
        apply_plan(env.target, plan.model_copy(update={"operations": [sneaky]}))


def test_deletion_protected_keeps_a_removed_column_through_a_rebuild(env: Env) -> None:
    protected = "lifeCycle: DeletionProtected\norderBy: [id]"
    env.sync(table_yaml("t", "- {name: id, type: UInt64}\n- {name: v, type: String}", protected))
    env.run("INSERT INTO t VALUES (1, 'kept'), (2, 'also kept')")
    keys = "lifeCycle: DeletionProtected\norderBy: [id]\npartitionBy: id % 2"
    rekeyed = table_yaml("t", "- {name: id, type: UInt64}", keys)
    plan = env.plan(env.declare(rekeyed))
    assert "ExchangeTables" in [op.kind for op in plan.operations]
    assert plan.notes == [f"= Table {env.db}.t: column v kept (lifeCycle DeletionProtected)"]
    assert not any(op.kind == "DropTableColumn" for op in plan.operations)
    env.sync(rekeyed)
    assert env.sql("SELECT id, v FROM t ORDER BY id") == [(1, "kept"), (2, "also kept")]
    assert env.ops(env.declare(rekeyed)) == []


def test_the_same_change_applies_again_after_it_was_undone(env: Env) -> None:
    env.sync(declared("String"))
    with_extra = table_yaml(
        "t", "- {name: id, type: UInt64}\n- {name: v, type: String}\n- {name: extra, type: UInt8}", "orderBy: [id]"
    )
    first = env.sync(with_extra)
    env.sync(declared("String"))
    third = env.sync(with_extra)
    assert third.content_hash() == first.content_hash()
    assert ("extra",) in env.sql(f"SELECT name FROM system.columns WHERE database = '{env.db}' AND table = 't'")
    run, entries = Ledger(env.target).latest_run(first.content_hash())
    assert run == 1 and [e.op_index for e in entries] == [0]


def test_a_new_backfilled_view_is_backfilled_even_when_its_source_is_rebuilt(env: Env) -> None:
    source = "- {name: id, type: UInt64}\n- {name: v, type: String}"
    env.sync(table_yaml("src", source, "orderBy: [id]"))
    env.run("INSERT INTO src VALUES (1, 'a'), (2, 'b')")
    sink = table_yaml("sink", "- {name: id, type: UInt64}", "orderBy: [id]")
    mv = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata: {name: mv}\n"
        "spec: {select: 'SELECT id FROM src', to: {table: sink}, backfill: true}\n"
    )
    plan = env.sync("---\n".join([table_yaml("src", source, "orderBy: [v, id]"), sink, mv]))
    kinds = [op.kind for op in plan.operations]
    assert "ExchangeTables" in kinds and kinds[-1] == "RawSql" and "backfill" in plan.operations[-1].title()
    assert env.sql("SELECT id FROM sink ORDER BY id") == [(1,), (2,)]


VIEW = "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {{name: v}}\nspec: {{select: {select!r}}}\n"


def test_dropping_what_a_view_reads_is_refused_at_plan_time_naming_the_view(env: Env) -> None:
    two = table_yaml("t", "- {name: id, type: UInt64}\n- {name: v, type: String}", "orderBy: [id]")
    env.sync("---\n".join([two, VIEW.format(select="SELECT id, v FROM t")]))
    one = table_yaml("t", "- {name: id, type: UInt64}", "orderBy: [id]")
    with pytest.raises(SpecError, match=rf"view {env.db}\.v reads column v of {env.db}\.t, which this plan removes"):
        env.plan(env.declare("---\n".join([one, VIEW.format(select="SELECT id, v FROM t")])))
    # the same change with the view changed too is fine
    env.sync("---\n".join([one, VIEW.format(select="SELECT id FROM t")]))
    assert env.sql("SELECT * FROM v") == []


def test_a_view_that_no_longer_runs_is_never_reported_in_sync(env: Env) -> None:
    columns = "- {name: id, type: UInt64}\n- {name: v, type: String}"
    external = table_yaml("ext", columns, "lifeCycle: ExternallyManaged")
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.run("CREATE TABLE ext (id UInt64, v String) ENGINE = MergeTree ORDER BY id")
    decl = "---\n".join([external, VIEW.format(select="SELECT id, v FROM ext")])
    env.sync(decl)
    assert changes(env.target, env.declare(decl)).in_sync()
    env.run("ALTER TABLE ext DROP COLUMN v")  # its owner changes it: the view no longer runs
    found = changes(env.target, env.declare(decl))
    assert found.operations == [] and not found.in_sync()
    assert "its SELECT no longer runs" in found.unhealthy[f"{env.db}.v"]


def test_a_failed_backfill_leaves_the_view_to_be_planned_again(env: Env) -> None:
    env.sync(table_yaml("src", "- {name: id, type: UInt64}\n- {name: s, type: String}", "orderBy: [id]"))
    env.run("INSERT INTO src VALUES (1, '1'), (2, 'two')")
    sink = table_yaml("sink", "- {name: id, type: UInt64}", "orderBy: [id]")
    mv = (
        "apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata: {name: mv}\n"
        "spec: {select: 'SELECT toUInt64(s) AS id FROM src', to: {table: sink}, backfill: true}\n"
    )
    decl = env.declare("---\n".join([table_yaml("src", "- {name: id, type: UInt64}\n- {name: s, type: String}",
                                                "orderBy: [id]"), sink, mv]))  # fmt: skip
    with pytest.raises(ApplyFailed, match="dropped, so that it is planned and backfilled again"):
        apply_plan(env.target, env.plan(decl), declarations=decl, allow_destructive=True)
    assert "CreateMaterializedView" in [op.kind for op in env.ops(decl)]  # not "in sync" with an empty sink
