"""Interruptions: a plan killed (SIGKILL) after each of its 10 operations, or between an operation's DDL and its
ledger record, resumes to the declared schema with every operation applied exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from olapctl.engine.executor import Progress, apply_plan
from olapctl.engine.ledger import Ledger
from olapctl.plan.operations import RawSql
from tests.support import Env, table_yaml

BASE = "- {name: id, type: UInt64}"
WIDE = BASE + "".join(f"\n- {{name: c{i}, type: String}}" for i in range(10))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "olapctl.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def test_killed_after_every_operation_index_resumes_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "chdb"
    for k in range(1, 10):
        url = f"chdb://{path}?database=k{k}"
        decl = tmp_path / f"k{k}"
        decl.mkdir()
        (decl / "t.yaml").write_text(table_yaml("t", BASE, "orderBy: [id]"))
        assert run("plan", "-f", str(decl), "--url", url, "-o", str(decl / "create.yaml")).returncode == 0
        assert run("apply", str(decl / "create.yaml"), "--url", url).returncode == 0
        (decl / "t.yaml").write_text(table_yaml("t", WIDE, "orderBy: [id]"))
        assert (
            run("plan", "-f", str(decl), "--url", url, "-o", str(decl / "wide.yaml"), "--name", "wide").returncode == 0
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "olapctl.cli", "apply", str(decl / "wide.yaml"), "--url", url],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(f"[{k}/10]"):
                proc.kill()  # SIGKILL right after operation k was applied and recorded
                break
        proc.wait(timeout=60)
        resumed = run("apply", str(decl / "wide.yaml"), "--url", url, "-f", str(decl))
        assert resumed.returncode == 0, resumed.stderr
        assert f"resumed at {k + 1}" in resumed.stdout and f"{10 - k} operation(s) applied" in resumed.stdout
    ledger_sql = (
        "SELECT op_index, count() FROM k{k}.olapctl_migrations "
        "WHERE plan = 'wide' AND outcome = 'applied' GROUP BY op_index ORDER BY op_index"
    )
    columns_sql = "SELECT name FROM system.columns WHERE database = 'k{k}' AND table = 't' ORDER BY position"
    code = (
        "import json, clickhouse_connect\n"
        f"c = clickhouse_connect.get_client(dsn={f'chdb://{path}'!r})\n"
        "out = {}\n"
        "for k in range(1, 10):\n"
        f"    ledger = c.query({ledger_sql!r}.format(k=k)).result_rows\n"
        f"    cols = c.query({columns_sql!r}.format(k=k)).result_rows\n"
        "    out[k] = [[list(r) for r in ledger], [r[0] for r in cols]]\n"
        "print(json.dumps(out))\n"
    )
    result = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    for k in range(1, 10):
        ledger, cols = result[str(k)]
        assert ledger == [[i, 1] for i in range(10)], f"killed after {k}: {ledger}"
        assert cols == ["id", *(f"c{i}" for i in range(10))], f"killed after {k}: {cols}"


@pytest.mark.parametrize("index", range(10))
def test_killed_between_ddl_and_ledger_record_is_detected_not_repeated(env: Env, index: int) -> None:
    env.sync(table_yaml("t", BASE, "orderBy: [id]"))
    decl = env.declare(table_yaml("t", WIDE, "orderBy: [id]"))
    plan = env.plan(decl)

    def crash(step: Progress) -> None:
        if step.event == "applied" and step.index == index:
            raise KeyboardInterrupt  # the process dies after the DDL of `index`, before its ledger row

    with pytest.raises(KeyboardInterrupt):
        apply_plan(env.target, plan, declarations=decl, progress=crash)
    assert len(Ledger(env.target).latest_run(plan.content_hash())[1]) == index
    result = apply_plan(env.target, plan, declarations=decl)
    assert result.resumed_at == index + 1 and result.applied == list(range(index + 1, 10))
    rows = env.sql(
        f"SELECT op_index, count() FROM olapctl_migrations WHERE plan_hash = '{plan.content_hash()}' "
        "AND outcome = 'applied' GROUP BY op_index ORDER BY op_index"
    )
    assert rows == [(i, 1) for i in range(10)]


@pytest.mark.parametrize("index", range(5))
def test_a_run_of_operations_on_distinct_tables_is_recorded_at_once_and_found_on_resume(env: Env, index: int) -> None:
    """Operations on distinct tables share one ledger insert; killed anywhere in the run, resume tells from the
    live schema which of them ran, and applies the others once."""
    tables = [table_yaml(f"t{i}", BASE, "orderBy: [id]") for i in range(5)]
    env.sync("---\n".join(tables))
    decl = env.declare(
        "---\n".join(table_yaml(f"t{i}", BASE + "\n- {name: c, type: String}", "orderBy: [id]") for i in range(5))
    )
    plan = env.plan(decl)
    assert [op.subject() for op in plan.operations] == [f"{env.db}.t{i}" for i in range(5)]

    def crash(step: Progress) -> None:
        if step.event == "applied" and step.index == index:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_plan(env.target, plan, declarations=decl, progress=crash)
    assert Ledger(env.target).latest_run(plan.content_hash())[1] == []  # nothing recorded yet: one run
    steps: list[Progress] = []
    result = apply_plan(env.target, plan, declarations=decl, progress=steps.append)
    assert [s.index for s in steps if s.event == "found"] == list(range(index + 1))
    assert result.resumed_at == index + 1 and result.applied == list(range(index + 1, 5))
    rows = env.sql(
        f"SELECT op_index, count() FROM olapctl_migrations WHERE plan_hash = '{plan.content_hash()}' "
        "AND outcome = 'applied' GROUP BY op_index ORDER BY op_index"
    )
    assert rows == [(i, 1) for i in range(5)]


def test_raw_sql_is_recorded_before_the_next_operation_runs(env: Env) -> None:
    """A backfill shows nothing in the schema: it cannot be found on resume, so its ledger row is written at once."""
    env.sync(table_yaml("t", BASE, "orderBy: [id]"))
    plan = env.plan(env.declare(table_yaml("t", BASE, "orderBy: [id]")))
    raw = RawSql(sql=[f"INSERT INTO `{env.db}`.t VALUES (1)"], description="backfill", database=env.db)
    plan.operations = [raw, raw]

    def crash(step: Progress) -> None:
        if step.event == "applied" and step.index == 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_plan(env.target, plan, progress=crash)
    assert [e.op_index for e in Ledger(env.target).latest_run(plan.content_hash())[1]] == [0]
    assert apply_plan(env.target, plan).applied == [1]
    assert env.sql(f"SELECT count() FROM `{env.db}`.t") == [(2,)]
