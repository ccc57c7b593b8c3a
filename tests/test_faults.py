"""Interruptions: a plan killed (SIGKILL) after each of its 10 operations, or between an operation's DDL and its
ledger record, resumes to the declared schema with every operation applied exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from olapctl.engine.executor import apply_plan
from olapctl.engine.ledger import Ledger
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
def test_killed_between_ddl_and_ledger_record_is_detected_not_repeated(
    env: Env, monkeypatch: pytest.MonkeyPatch, index: int
) -> None:
    env.sync(table_yaml("t", BASE, "orderBy: [id]"))
    decl = env.declare(table_yaml("t", WIDE, "orderBy: [id]"))
    plan = env.plan(decl)
    real = Ledger.record

    def crash(self: Ledger, plan_name: str, plan_hash: str, op_index: int, *rest: Any, **kw: Any) -> None:
        if op_index == index:
            raise KeyboardInterrupt  # the process dies after the DDL of `index`, before its ledger row
        real(self, plan_name, plan_hash, op_index, *rest, **kw)

    monkeypatch.setattr(Ledger, "record", crash)
    with pytest.raises(KeyboardInterrupt):
        apply_plan(env.target, plan, declarations=decl)
    monkeypatch.setattr(Ledger, "record", real)
    result = apply_plan(env.target, plan, declarations=decl)
    assert result.resumed_at == index + 1 and result.applied == list(range(index + 1, 10))
    rows = env.sql(
        f"SELECT op_index, count() FROM olapctl_migrations WHERE plan_hash = '{plan.content_hash()}' "
        "AND outcome = 'applied' GROUP BY op_index ORDER BY op_index"
    )
    assert rows == [(i, 1) for i in range(10)]
