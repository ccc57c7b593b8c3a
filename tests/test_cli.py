"""The olapctl command line, run as a user runs it (a subprocess per command, the embedded engine on disk)."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.support import table_yaml

V1 = table_yaml(
    "events", "- {name: id, type: String}\n- {name: ts, type: DateTime}", "database: analytics\norderBy: [id]"
)
V2 = table_yaml(
    "events",
    "- {name: id, type: String}\n- {name: ts, type: DateTime}\n- {name: status, type: String}",
    "database: analytics\norderBy: [id]",
)


def olapctl(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "olapctl.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, str]:
    decl = tmp_path / "tables"
    decl.mkdir()
    return decl, f"chdb://{tmp_path / 'db'}"


def test_diff_plan_apply_cycle(workspace: tuple[Path, str], tmp_path: Path) -> None:
    decl, url = workspace
    (decl / "events.yaml").write_text(V1)
    r = olapctl("diff", "-f", str(decl), "--url", url)
    assert r.returncode == 2, r.stderr
    assert "+ Table: analytics.events - id: String, ts: DateTime - id" in r.stdout

    plan_file = tmp_path / "plan.yaml"
    r = olapctl("plan", "-f", str(decl), "--url", url, "-o", str(plan_file), "--name", "first")
    assert r.returncode == 0, r.stderr
    manifest = yaml.safe_load(plan_file.read_text())
    assert (manifest["apiVersion"], manifest["kind"], manifest["metadata"]["name"]) == (
        "olapctl.dev/v1alpha1",
        "MigrationPlan",
        "first",
    )
    assert [next(iter(op)) for op in manifest["spec"]["operations"]] == ["CreateTable"]
    assert manifest["spec"]["approved"] is False

    r = olapctl("apply", str(plan_file), "--url", url, "-f", str(decl))
    assert r.returncode == 0, r.stderr
    assert "[1/1] CreateTable analytics.events (safe): ok" in r.stdout
    assert "live state verified" in r.stdout

    r = olapctl("diff", "-f", str(decl), "--url", url)
    assert (r.returncode, r.stdout.strip()) == (0, "in sync: no changes")


def test_moose_directory_form_and_env_url(workspace: tuple[Path, str], tmp_path: Path) -> None:
    decl, url = workspace
    (decl / "events.yaml").write_text(V1)
    assert olapctl("plan", "-f", str(decl), "--url", url, "-o", str(tmp_path / "p1.yaml")).returncode == 0
    assert olapctl("apply", str(tmp_path / "p1.yaml"), "--url", url).returncode == 0
    (decl / "events.yaml").write_text(V2)
    saved = tmp_path / "migrations"
    r = olapctl("plan", "-f", str(decl), "--save", str(saved), env={"OLAPCTL_URL": url})
    assert r.returncode == 0, r.stderr
    assert "wrote " + str(saved) + ": MooseStack's plan.yaml, remote_state.json, local_infra_map.json" in r.stderr
    plan = yaml.safe_load((saved / "plan.yaml").read_text())
    assert plan["operations"] == [  # MooseStack's own shape (database null would be the URL's database)
        {
            "AddTableColumn": {
                "after_column": "ts",
                "cluster_name": None,
                "column": {
                    "annotations": [],
                    "data_type": "String",
                    "default": None,
                    "name": "status",
                    "primary_key": False,
                    "required": True,
                    "unique": False,
                },
                "database": "analytics",
                "table": "events",
            }
        }
    ]
    remote = json.loads((saved / "remote_state.json").read_text())
    local = json.loads((saved / "local_infra_map.json").read_text())
    assert remote["default_database"] == local["default_database"] == "default"
    assert [c["name"] for c in remote["tables"]["analytics_events"]["columns"]] == ["id", "ts"]
    assert [c["name"] for c in local["tables"]["analytics_events"]["columns"]] == ["id", "ts", "status"]
    r = olapctl("apply", str(saved), env={"OLAPCTL_URL": url})
    assert r.returncode == 0, r.stderr
    assert olapctl("diff", "-f", str(decl), "--url", url).returncode == 0


def test_stale_and_destructive_refusals_exit_2(workspace: tuple[Path, str], tmp_path: Path) -> None:
    decl, url = workspace
    (decl / "events.yaml").write_text(V2)
    olapctl("plan", "-f", str(decl), "--url", url, "-o", str(tmp_path / "p.yaml"))
    assert olapctl("apply", str(tmp_path / "p.yaml"), "--url", url).returncode == 0
    (decl / "events.yaml").write_text(V1)
    olapctl("plan", "-f", str(decl), "--url", url, "-o", str(tmp_path / "drop.yaml"))
    r = olapctl("apply", str(tmp_path / "drop.yaml"), "--url", url)
    assert r.returncode == 2
    assert "refusing destructive operations" in r.stderr and "DropTableColumn analytics.events" in r.stderr
    (decl / "events.yaml").write_text(V2)
    r = olapctl("apply", str(tmp_path / "drop.yaml"), "--url", url, "-f", str(decl), "--allow-destructive")
    assert r.returncode == 2 and "plan refused (stale)" in r.stderr
    (decl / "events.yaml").write_text(V1)
    r = olapctl("apply", str(tmp_path / "drop.yaml"), "--url", url, "-f", str(decl), "--allow-destructive")
    assert r.returncode == 0, r.stderr


def test_bad_input_exits_1_with_a_clear_message(workspace: tuple[Path, str], tmp_path: Path) -> None:
    decl, url = workspace
    (decl / "bad.yaml").write_text(table_yaml("events", "- {name: id, type: Strng}", "orderBy: [id]"))
    r = olapctl("diff", "-f", str(decl), "--url", url)
    assert r.returncode == 1
    assert "bad.yaml: OlapTable/events: spec.columns.0.type: invalid ClickHouse type 'Strng'" in r.stderr
    r = olapctl("apply", str(tmp_path / "missing.yaml"), "--url", url)
    assert r.returncode == 1 and "cannot read plan" in r.stderr
    r = olapctl("diff", "-f", str(decl))
    assert r.returncode == 1 and "no target: pass --url or set OLAPCTL_URL" in r.stderr


@pytest.mark.parametrize("password", ["s3cr3t-pw", "s3/cr#3t?pw", "s3@cr:3t/pw#x?y", "s3%2Fcr3t"])
def test_credentials_never_printed(workspace: tuple[Path, str], password: str) -> None:
    """Whatever characters the password holds, unencoded in the URL: '/', '#', '?', '@' and ':' included."""
    decl, _ = workspace
    (decl / "events.yaml").write_text(V1)
    r = olapctl("diff", "-f", str(decl), "--url", f"http://admin:{password}@127.0.0.1:1/analytics")
    assert r.returncode == 1
    output = r.stdout + r.stderr
    pieces = {password, *password.replace("#", "/").replace("?", "/").replace("@", "/").split("/")}
    for piece in (p for p in pieces if len(p) >= 3):  # the secret, and every part a naive parser would cut it into
        assert piece not in output.replace("127.0.0.1:1", ""), piece
    assert "admin:***@127.0.0.1:1/analytics" in r.stderr


def _read_until(proc: subprocess.Popen[str], needle: str, timeout: float = 60) -> list[str]:
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sel.select(timeout=1):
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if needle in line:
                return lines
    raise AssertionError(f"{needle!r} not seen; output so far: {lines}")


def test_dev_applies_every_file_change(workspace: tuple[Path, str]) -> None:
    decl, url = workspace
    (decl / "events.yaml").write_text(V1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "olapctl.cli", "dev", "-f", str(decl), "--url", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = _read_until(proc, "applied")
        assert "+ Table: analytics.events - id: String, ts: DateTime - id" in first
        time.sleep(0.05)
        (decl / "events.yaml").write_text(V2)
        os.utime(decl / "events.yaml", (time.time() + 1, time.time() + 1))
        second = _read_until(proc, "applied")
        assert second[-5:] == [
            "Processing changes from file watcher",
            "~ Table analytics.events:",
            "    Column changes:",
            "      + status: String",
            "applied",
        ]
        (decl / "events.yaml").write_text(table_yaml("events", "- {name: id, type: Strng}", "orderBy: [id]"))
        os.utime(decl / "events.yaml", (time.time() + 2, time.time() + 2))
        bad = _read_until(proc, "error:")
        assert "invalid ClickHouse type 'Strng'" in bad[-1]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    (decl / "events.yaml").write_text(V2)
    r = olapctl("diff", "-f", str(decl), "--url", url)
    assert (r.returncode, r.stdout.strip()) == (0, "in sync: no changes")


def test_pull_writes_declarations_that_diff_empty(workspace: tuple[Path, str], tmp_path: Path) -> None:
    decl, url = workspace
    odd = table_yaml(
        "odd",
        "- {name: Key, type: UInt64}\n- {name: comment, type: String}",
        "name: Events 2024\ndatabase: other\norderBy: [Key]\nsettings: {ttl_only_drop_parts: 1}",
    )
    (decl / "tables.yaml").write_text(V1 + "---\n" + odd)
    assert olapctl("plan", "-f", str(decl), "--url", url, "-o", str(tmp_path / "p.yaml")).returncode == 0
    assert olapctl("apply", str(tmp_path / "p.yaml"), "--url", url).returncode == 0
    dictionary = (  # Plausible's location_data_dict: not a declaration, and pull says it left it out
        "CREATE DICTIONARY analytics.ids (id String) PRIMARY KEY id "
        "SOURCE(CLICKHOUSE(TABLE 'events' DB 'analytics')) LIFETIME(0) LAYOUT(COMPLEX_KEY_HASHED())"
    )
    run_sql = "import clickhouse_connect, sys; clickhouse_connect.get_client(dsn=sys.argv[1]).command(sys.argv[2])"
    subprocess.run([sys.executable, "-c", run_sql, url, dictionary], check=True, timeout=60)  # its own process

    out = tmp_path / "pulled"
    r = olapctl("pull", "--url", f"{url}?database=analytics", "--database", "analytics", "-d", "other", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "pulled 2 table(s), 0 materialized view(s), 0 view(s) of analytics, other" in r.stdout
    assert "left out (not declarations): 1 Dictionary" in r.stdout
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.yaml")) == [
        "analytics/events.yaml",
        "other/events-2024.yaml",
    ]
    events = (out / "analytics" / "events.yaml").read_text()
    assert "- {name: id, type: String}" in events and "orderBy: [id]" in events
    assert "index_granularity" not in events and "database" not in events  # minimal: no server defaults
    other = yaml.safe_load((out / "other" / "events-2024.yaml").read_text())
    assert other["metadata"]["name"] == "events-2024"
    assert (other["spec"]["name"], other["spec"]["database"]) == ("Events 2024", "other")
    assert other["spec"]["settings"] == {"ttl_only_drop_parts": 1}

    r = olapctl("diff", "-f", str(out), "--url", f"{url}?database=analytics")
    assert (r.returncode, r.stdout.strip()) == (0, "in sync: no changes"), r.stdout + r.stderr

    r = olapctl("pull", "--url", url, "--database", "nope", "-o", str(tmp_path / "x"))
    assert r.returncode == 1 and "no such database: nope" in r.stderr


def test_reviewable_summaries_markdown_for_a_pull_request_and_json_for_ci(
    workspace: tuple[Path, str], tmp_path: Path
) -> None:
    decl, url = workspace
    (decl / "events.yaml").write_text(V2)
    assert olapctl("plan", "-f", str(decl), "--url", url, "-o", str(tmp_path / "p1.yaml")).returncode == 0
    assert olapctl("apply", str(tmp_path / "p1.yaml"), "--url", url).returncode == 0
    narrower = V1.replace("type: DateTime", "type: Date")  # status dropped (destructive), ts narrowed (risky)
    (decl / "events.yaml").write_text(narrower)

    r = olapctl("diff", "-f", str(decl), "--url", url, "--format", "json")
    assert r.returncode == 2, r.stderr
    doc = json.loads(r.stdout)
    assert doc["risk"] == "destructive"
    assert [(op["operation"], op["object"], op["risk"]) for op in doc["operations"]] == [
        ("DropTableColumn", "analytics.events", "destructive"),
        ("ModifyTableColumn", "analytics.events", "risky"),
    ]
    assert doc["operations"][0]["sql"] == ["ALTER TABLE `analytics`.`events` DROP COLUMN IF EXISTS `status`"]

    r = olapctl("plan", "-f", str(decl), "--url", url, "-o", str(tmp_path / "p2.yaml"), "--format", "markdown")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("### olapctl: plan `plan-") and lines[0].endswith(
        ": 2 operation(s), risk **destructive**"
    )
    assert "| 1 | DropTableColumn | `analytics.events` | **destructive** | ~ Table analytics.events:<br>" in r.stdout
    assert "```sql" in r.stdout and "<details><summary>SQL</summary>" in r.stdout
    assert yaml.safe_load((tmp_path / "p2.yaml").read_text())["kind"] == "MigrationPlan"

    r = olapctl("plan", "-f", str(decl), "--url", url, "--format", "json")
    assert r.returncode == 1 and "write the plan with -o FILE" in r.stderr
