"""The executor's promises: nothing applied against a database that changed, nothing applied from a stale plan,
no drop without permission, every operation once even across interruptions, failures reported exactly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from olapctl.engine.executor import ApplyFailed, ApplyRefused, Progress, apply_plan
from olapctl.plan import operations as o
from olapctl.plan.planfile import Plan, dump_yaml, plan_from_spec
from tests.support import Env, table_yaml

COLS = "- {name: id, type: UInt64}\n- {name: a, type: String}"
V1 = table_yaml("events", COLS, "orderBy: [id]")
V2 = table_yaml("events", COLS + "\n- {name: b, type: String}\n- {name: c, type: UInt8}", "orderBy: [id]")


def columns(env: Env, table: str = "events") -> list[str]:
    return [
        str(r[0]) for r in env.sql(f"SELECT name FROM system.columns WHERE database = '{env.db}' AND table = '{table}'")
    ]


def ledger_rows(env: Env, plan: Plan) -> list[tuple[object, ...]]:
    return env.sql(
        f"SELECT op_index, outcome FROM {env.db}.olapctl_migrations WHERE plan_hash = '{plan.content_hash()}' "
        "ORDER BY op_index, at"
    )


def test_drift_after_planning_refuses_and_applies_nothing(env: Env) -> None:
    env.sync(V1)
    decl = env.declare(V2)
    plan = env.plan(decl)
    env.run("ALTER TABLE events ADD COLUMN sneaky Int8")  # someone changes the database by hand
    with pytest.raises(ApplyRefused) as err:
        apply_plan(env.target, plan, declarations=decl)
    assert err.value.reason == "drift"
    # said as what changed: the plan's snapshot against the live table, not as the fix
    assert err.value.drift == {f"{env.db}.events": ["column sneaky: expected absent, live Int8"]}
    assert f"  {env.db}.events:\n    column sneaky: expected absent, live Int8" in str(err.value)
    assert columns(env) == ["id", "a", "sneaky"]  # b and c were not added
    env.run("ALTER TABLE events DROP COLUMN sneaky")
    env.run("ALTER TABLE events MODIFY COLUMN a LowCardinality(String) CODEC(ZSTD(3))")
    with pytest.raises(ApplyRefused) as err:
        apply_plan(env.target, plan, declarations=decl)
    assert err.value.drift == {
        f"{env.db}.events": [
            "column a type: expected String, live LowCardinality(String)",
            "column a codec: expected none, live ZSTD(3)",
        ]
    }


def test_stale_plan_is_refused(env: Env) -> None:
    env.sync(V1)
    plan = env.plan(env.declare(V2))
    newer = env.declare(table_yaml("events", COLS + "\n- {name: b, type: UInt32}", "orderBy: [id]"))
    with pytest.raises(ApplyRefused, match="stale") as err:
        apply_plan(env.target, plan, declarations=newer)
    assert err.value.reason == "stale"
    # the declarations against the plan (not the live database, which the stale check does not read)
    assert err.value.drift == {
        f"{env.db}.events": [
            "column b type: declared UInt32, planned String",
            "column c: declared absent, planned UInt8",
        ]
    }
    assert columns(env) == ["id", "a"]


def test_destructive_operations_need_permission(env: Env) -> None:
    env.sync(V2)
    plan = env.plan(env.declare(V1))
    with pytest.raises(ApplyRefused, match=r"refusing destructive operations") as err:
        apply_plan(env.target, plan)
    assert "DropTableColumn" in str(err.value)
    assert columns(env) == ["id", "a", "b", "c"]
    plan.allow_destructive = True  # allowDestructive: true in the plan
    apply_plan(env.target, plan)
    assert columns(env) == ["id", "a"]


def test_resume_after_interruption_applies_each_operation_once(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    env.sync(V1)
    wide = table_yaml("events", COLS + "".join(f"\n- {{name: x{i}, type: String}}" for i in range(6)), "orderBy: [id]")
    plan = env.plan(env.declare(wide))
    assert len(plan.operations) == 6

    class Killed(Exception):
        pass

    def die_after_third(step: Progress) -> None:
        if str(step).startswith("[3/6]"):
            raise Killed  # the process dies right after operation 3 (its ledger row is written with the next)

    with pytest.raises(Killed):
        apply_plan(env.target, plan, progress=die_after_third)
    assert columns(env) == ["id", "a", "x0", "x1", "x2"]
    steps: list[Progress] = []
    result = apply_plan(env.target, plan, progress=steps.append)
    lines = [str(step) for step in steps]
    assert result.resumed_at == 3 and result.applied == [3, 4, 5]
    assert lines[:2] == [
        f"[3/6] AddTableColumn {env.db}.events: found applied, recorded",
        "resuming plan " + plan.name + " at operation 4 of 6",
    ]
    assert ledger_rows(env, plan) == [(i, "applied") for i in range(6)]
    # and a third run does nothing
    assert apply_plan(env.target, plan).applied == []


def test_operation_run_but_not_recorded_is_detected_not_repeated(env: Env) -> None:
    env.sync(V1)
    plan = env.plan(env.declare(V2))

    def die_after_second(step: Progress) -> None:
        if step.event == "applied" and step.index == 1:
            raise KeyboardInterrupt  # killed after the DDL, before the ledger write

    with pytest.raises(KeyboardInterrupt):
        apply_plan(env.target, plan, progress=die_after_second)
    assert ledger_rows(env, plan) == [(0, "applied")]
    steps: list[Progress] = []
    result = apply_plan(env.target, plan, progress=steps.append)
    lines = [str(step) for step in steps]
    assert "found applied, recorded" in lines[0]
    assert result.applied == []
    assert columns(env) == ["id", "a", "b", "c"]
    assert ledger_rows(env, plan) == [(0, "applied"), (1, "applied")]


def test_failing_operation_stops_the_plan_and_reports_clickhouse_message(env: Env) -> None:
    env.sync(V1)
    plan = env.plan(env.declare(V2))
    bad = o.RawSql(sql=["INSERT INTO no_such_table_here SELECT 1"], description="a broken data fix")
    broken = plan.model_copy(update={"operations": [plan.operations[0], bad, plan.operations[1]]})
    with pytest.raises(ApplyFailed) as err:
        apply_plan(env.target, broken)
    assert err.value.index == 1
    assert "no_such_table_here" in err.value.message and "UNKNOWN_TABLE" in err.value.message
    assert columns(env) == ["id", "a", "b"]  # operation 1 applied, operation 3 never ran
    assert ledger_rows(env, broken) == [(0, "applied"), (1, "failed")]


def test_the_ledger_keeps_clickhouse_message_exactly(env: Env) -> None:
    """Quotes, backslashes, braces (query parameter syntax), non-ASCII: the failed row says what ClickHouse said."""
    env.sync(V1)
    plan = env.plan(env.declare(V2))
    text = r"""it''s \"bad\" \\ {x:String} %s é"""  # as a ClickHouse string literal's body
    bad = o.RawSql(sql=[f"SELECT throwIf(1, '{text}')"], description="a data fix that throws")
    broken = plan.model_copy(update={"operations": [plan.operations[0], bad, plan.operations[1]]})
    with pytest.raises(ApplyFailed) as err:
        apply_plan(env.target, broken)
    [(message,)] = env.sql(f"SELECT message FROM {env.db}.olapctl_migrations WHERE outcome = 'failed'")
    assert r"""it's "bad" \ {x:String} %s é""" in str(message) and str(message) in err.value.message


def test_a_plan_applied_with_its_ledger_does_not_load_pandas(tmp_path: Path) -> None:
    """clickhouse-connect's insert() imports pandas when installed (the embedded extra installs it): 74 MiB of RSS
    and half a second at an operator's first ledger write. The ledger is written without it."""
    script = f"""
import sys
from pathlib import Path
from olapctl.clickhouse.connect import connect
from olapctl.engine.executor import apply_plan
from olapctl.engine.planning import make_plan
from olapctl.manifests import load_declarations
target = connect("chdb://{tmp_path / "chdb"}?database=fresh")
plan = make_plan(target, load_declarations([Path("{tmp_path / "v1.yaml"}")], "fresh"), "first")
assert apply_plan(target, plan).applied == [0]
assert target.query("SELECT count() FROM fresh.olapctl_migrations") == [(1,)]
print("pandas" in sys.modules)
"""
    (tmp_path / "v1.yaml").write_text(V1)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_plan_whose_operations_do_not_reach_its_desired_state_is_refused(env: Env) -> None:
    env.sync(V1)
    plan = env.plan(env.declare(V2))
    edited = plan.model_copy(update={"operations": plan.operations[:1]})
    with pytest.raises(ApplyRefused, match="do not lead to its desiredState") as err:
        apply_plan(env.target, edited)
    assert err.value.reason == "invalid"
    assert columns(env) == ["id", "a"]


def test_plan_file_round_trip_is_byte_identical(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    env.sync(V1)
    decl = env.declare(V2)
    first, second = dump_yaml(env.plan(decl).manifest()), dump_yaml(env.plan(decl).manifest())
    assert first == second
    doc = env.plan(decl).manifest()
    reread = plan_from_spec(doc["metadata"]["name"], doc["spec"], "plan.yaml")
    assert dump_yaml(reread.manifest()) == first
    assert "createdAt: '2023-11-14T22:13:20Z'" in first


def test_edited_state_in_plan_file_is_rejected(env: Env) -> None:
    env.sync(V1)
    doc = env.plan(env.declare(V2)).manifest()
    doc["spec"]["expectedState"]["tables"][f"{env.db}.events"]["columns"][1]["data_type"] = "UInt8"
    with pytest.raises(ValueError, match=r"spec\.expectedState\.hash: .* does not match"):
        plan_from_spec("p", doc["spec"], "plan.yaml")


def test_deletion_protected_never_drops(env: Env) -> None:
    protected = "lifeCycle: DeletionProtected\norderBy: [id]"
    env.sync(table_yaml("events", COLS + "\n- {name: old, type: String}", protected))
    ops = env.ops(env.declare(table_yaml("events", COLS + "\n- {name: new, type: String}", protected)))
    assert [op.kind for op in ops] == ["AddTableColumn"]
    assert all(o.risk(op) != "destructive" for op in ops)


def test_externally_managed_is_never_touched(env: Env) -> None:
    env.sync(V1)
    external = table_yaml("events", COLS + "\n- {name: b, type: String}", "lifeCycle: ExternallyManaged\norderBy: [id]")
    assert env.ops(env.declare(external)) == []
