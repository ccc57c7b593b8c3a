"""Tenancy and sandbox on the real engine: a target's declarations and plans act only inside its allowed databases,
reach no file, network, other server or other database, and every refusal leaves everything as it was (rows,
files, other databases) with a message that names the object and holds none of the data it tried to reach."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from olapctl.clickhouse.connect import Target, Tenancy
from olapctl.clickhouse.explain import ExplainError, parse
from olapctl.clickhouse.normalize import SpecError
from olapctl.clickhouse.tenancy import NotAllowed
from olapctl.engine.executor import ApplyRefused, apply_plan
from olapctl.engine.planning import changes, make_plan
from olapctl.manifests import ManifestError, snapshot_of, spec_from_manifest
from olapctl.plan import operations as o
from olapctl.schema.model import Snapshot

CARD = "4111111111111111"


@pytest.fixture
def tenant(target: Target, tmp_path: Path) -> Iterator[tuple[Target, str, Path]]:
    """(a confined target on the test's database, a 'prod' database beside it holding data, a file on the host)."""
    prod = f"{target.database}_prod"
    target.command(f"CREATE DATABASE IF NOT EXISTS {target.database}")
    target.command(f"CREATE DATABASE {prod}")
    target.command(f"CREATE TABLE {prod}.payments (id UInt64, card String) ENGINE = MergeTree ORDER BY id")
    target.command(f"INSERT INTO {prod}.payments SELECT number, '{CARD}' FROM numbers(1000)")
    target.command(f"CREATE TABLE {prod}.orders (id UInt64) ENGINE = MergeTree ORDER BY id")
    target.command(f"INSERT INTO {prod}.orders SELECT number FROM numbers(1000)")
    secret = tmp_path / "secret.txt"
    secret.write_text("client-key-material\n")
    assert target.tenancy == Tenancy() and not target.tenancy.any_database  # confined: its own database only
    yield target, prod, secret
    assert target.query(f"SELECT count(), min(card) FROM {prod}.payments") == [(1000, CARD)]
    assert target.query(f"SELECT count() FROM {prod}.orders") == [(1000,)]
    assert secret.read_text() == "client-key-material\n"


def declare(target: Target, kind: str, spec: dict[str, Any], name: str = "x") -> Snapshot:
    doc = {"apiVersion": "olapctl.dev/v1alpha1", "kind": kind, "metadata": {"name": name}, "spec": spec}
    return snapshot_of([(f"ns/{name}", spec_from_manifest(doc, target.database, f"ns/{name}"))])


def table(**spec: Any) -> dict[str, Any]:
    return {"columns": [{"name": "id", "type": "UInt64"}], "orderBy": ["id"], **spec}


def tables_of(target: Target) -> list[str]:
    rows = target.query("SELECT name FROM system.tables WHERE database = {d:String}", {"d": target.database})
    return sorted(str(r[0]) for r in rows)


def refused(target: Target, snapshot: Snapshot, *fragments: str) -> str:
    with pytest.raises(NotAllowed) as err:
        make_plan(target, snapshot)
    message = str(err.value)
    for fragment in fragments:
        assert fragment in message
    assert CARD not in message and "client-key-material" not in message
    assert tables_of(target) == []
    return message


def test_a_table_in_another_database_is_refused_before_that_database_is_read(
    tenant: tuple[Target, str, Path],
) -> None:
    target, prod, _ = tenant
    message = refused(target, declare(target, "OlapTable", table(name="orders", database=prod)), "not allowed")
    assert f"table {prod}.orders: database '{prod}' is not allowed" in message
    assert f"allowed databases: {target.database}" in message
    assert "id" not in message.split("allowed")[0].split(":")[-1]  # nothing of prod.orders' schema is told


def test_a_materialized_view_writing_to_another_database_is_refused(tenant: tuple[Target, str, Path]) -> None:
    target, prod, _ = tenant
    mv = {"select": "SELECT 1 AS id", "to": {"table": "orders", "database": prod}}
    refused(target, declare(target, "MaterializedView", mv), f"database '{prod}' is not allowed")


@pytest.mark.parametrize(
    ("column", "fragment"),
    [
        ({"default": "CAST(length(file('{secret}')) AS UInt64)"}, "function file() is not allowed"),
        ({"default": "(SELECT count() FROM {prod}.payments)"}, "reads or writes {prod}.payments"),
        ({"materialized": "id IN {prod}.orders"}, "reads or writes {prod}.orders"),
        ({"alias": "id IN (SELECT id FROM {prod}.orders)"}, "reads or writes {prod}.orders"),
        ({"default": "dictGetUInt64('{prod}.d', 'v', id)"}, "uses dictionary {prod}.d"),
        ({"default": "joinGet('{prod}.j', 'v', id)"}, "reads or writes {prod}.j"),
        ({"default": "dictGetUInt64(concat('{prod}', '.d'), 'v', id)"}, "not a plain name"),
        ({"default": "toUInt64(getSetting('max_threads'))"}, "function getsetting() is not allowed"),
        ({"default": "toUInt64(length(getServerSetting('tcp_port')))"}, "function getserversetting() is not allowed"),
        ({"default": "(SELECT count() FROM url('http://127.0.0.1:1/x', 'CSV', 'a UInt64'))"}, "table function url()"),
        ({"default": "(SELECT count() FROM remote('127.0.0.1', {prod}.payments))"}, "table function remote()"),
        ({"default": "(SELECT count() FROM merge('{prod}', '.*'))"}, "table function merge()"),
        ({"default": "(SELECT count() FROM s3('http://127.0.0.1:1/b/k', 'CSV'))"}, "table function s3()"),
        ({"default": "(SELECT count() FROM executable('id', 'TSV', 'x UInt64'))"}, "table function executable()"),
        ({"default": "(SELECT count() FROM system.tables)"}, "reads or writes system.tables"),
        ({"ttl": "toDateTime(id) + INTERVAL 1 DAY", "default": "FILE('{secret}', 'LineAsString')"}, "function file()"),
    ],
)
def test_expressions_that_reach_outside_are_refused(
    tenant: tuple[Target, str, Path], column: dict[str, str], fragment: str
) -> None:
    target, prod, secret = tenant
    col = {"name": "leak", "type": "UInt64", **{k: v.format(prod=prod, secret=secret) for k, v in column.items()}}
    spec = table(columns=[{"name": "id", "type": "UInt64"}, col])
    refused(target, declare(target, "OlapTable", spec), "table", fragment.format(prod=prod))


@pytest.mark.parametrize(
    "select",
    [
        "SELECT CAST(arrayStringConcat(groupArray(5)(card), ',') AS UInt8) AS id FROM {prod}.payments",
        "SELECT a.id FROM {db}.src AS a JOIN {prod}.payments AS p ON a.id = p.id",
        "SELECT id FROM {db}.src WHERE id IN (SELECT id FROM {prod}.payments)",
        "WITH t AS (SELECT id FROM {prod}.payments) SELECT id FROM t",
        "SELECT id FROM (SELECT id FROM {prod}.payments UNION ALL SELECT id FROM {db}.src)",
        "SELECT id FROM merge('{prod}', 'pay')",
        "SELECT id FROM remote('127.0.0.1', '{prod}', 'payments')",
        "SELECT toUInt64(length(dictGetString('{prod}.cards', 'card', id))) AS id FROM {db}.src",
        "SELECT number AS id FROM numbers(10) WHERE number GLOBAL IN {prod}.orders",
        "SELECT * FROM file('/etc/hostname', 'LineAsString')",
        "SELECT id FROM `{prod}`.`payments`",
    ],
)
def test_view_and_materialized_view_reads_are_confined(tenant: tuple[Target, str, Path], select: str) -> None:
    target, prod, _ = tenant
    text = select.format(prod=prod, db=target.database)
    src = declare(target, "OlapTable", table(), "src")
    for kind, spec in (("View", {"select": text}), ("MaterializedView", {"select": text, "to": {"table": "src"}})):
        decl = Snapshot.model_construct(
            tables=src.tables,
            views=declare(target, kind, spec, "v").views,
            materialized_views=declare(target, kind, spec, "v").materialized_views,
        )
        refused(target, decl, "view", "not allowed" if "file(" in text or "merge(" in text or "remote(" in text else "")


@pytest.mark.parametrize(
    ("engine", "fragment"),
    [
        ({"type": "File", "parameters": ["'LineAsString'", "'{secret}'"]}, "engine File is not allowed"),
        ({"type": "URL", "parameters": ["'http://127.0.0.1:1/x'", "'CSV'"]}, "engine URL is not allowed"),
        ({"type": "Merge", "parameters": ["'{prod}'", "'.*'"]}, "engine Merge is not allowed"),
        ({"type": "Distributed", "parameters": ["c", "'{prod}'", "'payments'"]}, "engine Distributed is not allowed"),
        ({"type": "Buffer", "parameters": ["'{prod}'", "'orders'", "1", "1", "1", "1", "1", "1", "1"]}, "Buffer"),
        ({"type": "Executable", "parameters": ["'x.sh'", "'TSV'"]}, "engine Executable is not allowed"),
        ({"type": "S3", "parameters": ["'http://127.0.0.1:1/b/k'", "'CSV'"]}, "engine S3 is not allowed"),
        ({"type": "KeeperMap", "parameters": ["'/k'"]}, "engine KeeperMap is not allowed"),
    ],
)
def test_engines_outside_the_allow_list_are_refused(
    tenant: tuple[Target, str, Path], engine: dict[str, Any], fragment: str
) -> None:
    target, prod, secret = tenant
    params = [p.format(prod=prod, secret=secret) for p in engine["parameters"]]
    spec = {"columns": [{"name": "line", "type": "String"}], "engine": {**engine, "parameters": params}}
    refused(target, declare(target, "OlapTable", spec), fragment)


def test_a_target_opts_in_to_databases_engines_and_clusters(target: Target) -> None:
    shared = f"{target.database}_shared"
    target.command(f"CREATE DATABASE {shared}")
    target.command(f"CREATE TABLE {shared}.dim (id UInt64) ENGINE = MergeTree ORDER BY id")
    view = declare(target, "View", {"select": f"SELECT id FROM {shared}.dim"}, "v")
    with pytest.raises(NotAllowed):
        changes(target, view)
    wider = dataclasses.replace(target, tenancy=Tenancy(databases=frozenset({shared})))
    assert [op.kind for op in changes(wider, view).operations] == ["CreateView"]
    distributed = {"type": "Distributed", "parameters": ["'c1'", f"'{shared}'", "'dim'"]}
    spec = {"columns": [{"name": "id", "type": "UInt64"}], "engine": distributed}
    with pytest.raises(NotAllowed, match="engine Distributed is not allowed"):
        changes(wider, declare(target, "OlapTable", spec))
    opted = dataclasses.replace(wider, tenancy=dataclasses.replace(wider.tenancy, engines=frozenset({"Distributed"})))
    with pytest.raises(NotAllowed, match="cluster 'c1' is not allowed"):
        changes(opted, declare(target, "OlapTable", spec))
    other_db = {**distributed, "parameters": ["'c1'", "'secret_db'", "'dim'"]}
    clustered = dataclasses.replace(opted, tenancy=dataclasses.replace(opted.tenancy, clusters=frozenset({"c1"})))
    with pytest.raises(NotAllowed, match="its database must be an allowed database"):
        changes(clustered, declare(target, "OlapTable", {**spec, "engine": other_db}))
    assert [op.kind for op in changes(clustered, declare(target, "OlapTable", spec)).operations] == ["CreateTable"]


def test_what_stays_inside_is_not_refused(target: Target) -> None:
    """Reads of the target's own tables, table functions that reach nothing, CTEs and IN lists are fine."""
    decl = snapshot_of(
        [
            ("ns/src", spec_from_manifest(_doc("OlapTable", "src", table()), target.database, "ns/src")),
            (
                "ns/v",
                spec_from_manifest(
                    _doc(
                        "View",
                        "v",
                        {
                            "select": "WITH recent AS (SELECT id FROM src) SELECT r.id FROM recent AS r "
                            "JOIN numbers(10) AS n ON r.id = n.number "
                            "WHERE r.id IN (1, 2) OR r.id IN (SELECT id FROM src)"
                        },
                    ),
                    target.database,
                    "ns/v",
                ),
            ),
        ]
    )
    plan = make_plan(target, decl)
    apply_plan(target, plan, declarations=decl)
    assert tables_of(target) == ["olapctl_migrations", "src", "v"]


def _doc(kind: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": "olapctl.dev/v1alpha1", "kind": kind, "metadata": {"name": name}, "spec": spec}


@pytest.mark.parametrize(
    ("sql", "fragment"),
    [
        ("DROP TABLE {prod}.orders", "acts on {prod}.orders"),
        ("TRUNCATE TABLE {prod}.orders", "acts on {prod}.orders"),
        ("ALTER TABLE {prod}.orders DELETE WHERE 1", "acts on {prod}.orders"),
        ("DROP TABLE {db}.x, {prod}.orders", "reads or writes {prod}.orders"),
        ("INSERT INTO {db}.x SELECT id FROM {prod}.orders", "reads or writes {prod}.orders"),
        ("INSERT INTO FUNCTION file('{secret}', 'LineAsString') SELECT 'x'", "table function file()"),
        ("RENAME TABLE {prod}.orders TO {db}.stolen", "acts on {prod}.orders, outside the allowed databases"),
        ("RENAME TABLE {db}.other TO {prod}.planted", "acts on {prod}.planted, outside the allowed databases"),
        ("RENAME TABLE x TO y, {prod}.orders TO z", "acts on {prod}.orders, outside the allowed databases"),
        ("EXCHANGE TABLES {prod}.orders AND {db}.x", "acts on {prod}.orders, outside the allowed databases"),
        ("RENAME DATABASE {prod} TO taken", "raw SQL may only"),
        ("RENAME DICTIONARY {prod}.d TO {db}.d", "raw SQL may only"),
        ("SELECT count() FROM {prod}.payments", "reads or writes {prod}.payments"),
        ("SYSTEM DROP MARK CACHE", "raw SQL may only"),
        ("GRANT ALL ON *.* TO default", "raw SQL may only"),
        ("CREATE MATERIALIZED VIEW {db}.m TO {prod}.orders AS SELECT 1 AS id", "may not create materialized views"),
        ("CREATE TABLE {db}.f (s String) ENGINE = File(LineAsString, '{secret}')", "engine File is not allowed"),
        ("CREATE DICTIONARY {db}.d (id UInt64) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'payments' DB '{prod}')) "
         "LAYOUT(FLAT()) LIFETIME(0)", "not allowed"),
    ],
)  # fmt: skip
def test_raw_sql_of_a_plan_is_confined_before_anything_runs(
    tenant: tuple[Target, str, Path], sql: str, fragment: str
) -> None:
    target, prod, secret = tenant
    decl = declare(target, "OlapTable", table(), "x")
    plan = make_plan(target, decl)
    text = sql.format(prod=prod, db=target.database, secret=secret)
    raw = o.RawSql(sql=[text], description="refresh statistics")
    hostile = plan.model_copy(update={"operations": [*plan.operations, raw]})
    with pytest.raises(ApplyRefused) as err:
        apply_plan(target, hostile, allow_destructive=True)
    assert err.value.reason == "forbidden"
    assert fragment.format(prod=prod, db=target.database) in str(err.value)
    assert tables_of(target) == []  # not even the first operation ran, nor the ledger was written


def test_raw_sql_run_in_another_database_is_refused_even_with_unqualified_names(
    tenant: tuple[Target, str, Path],
) -> None:
    target, prod, _ = tenant
    plan = make_plan(target, declare(target, "OlapTable", table(), "x"))
    for sql in ("INSERT INTO {db}.x SELECT id FROM payments", "DROP TABLE orders", "SELECT count() FROM payments"):
        raw = o.RawSql(sql=[sql.format(db=target.database)], description="statistics", database=prod)
        with pytest.raises(ApplyRefused, match=f"runs in database '{prod}', outside the allowed databases"):
            apply_plan(target, plan.model_copy(update={"operations": [*plan.operations, raw]}), allow_destructive=True)
    assert tables_of(target) == []


def test_a_plan_naming_another_database_is_refused_before_it_is_introspected(
    tenant: tuple[Target, str, Path],
) -> None:
    target, prod, _ = tenant
    planner = dataclasses.replace(target, database=prod)  # someone allowed in prod planned it
    plan = make_plan(planner, Snapshot(), "drop-prod", {f"{prod}.orders"})
    assert [op.kind for op in plan.operations] == ["DropTable"]
    with pytest.raises(ApplyRefused, match=f"its states name databases this target does not allow: {prod}"):
        apply_plan(target, plan, allow_destructive=True)


def test_explain_output_that_cannot_be_read_exactly_is_refused(target: Target) -> None:
    lines = [str(r[0]) for r in target.query("EXPLAIN AST SELECT 1 FROM `a\nb`")]
    with pytest.raises(ExplainError, match="line break"):
        parse(lines)
    view = declare(target, "View", {"select": "SELECT 1 FROM `x\nprod`.payments"}, "v")
    with pytest.raises(NotAllowed, match="line break"):
        changes(target, view)


@pytest.mark.parametrize(
    "bad_type",
    ["Array(" * 400 + "UInt8" + ")" * 400, "Tuple(" + ", ".join(f"c{i} UInt8" for i in range(20000)) + ")"],
)
def test_huge_or_deep_types_are_refused_with_a_one_line_message(target: Target, bad_type: str) -> None:
    with pytest.raises(ManifestError) as err:
        declare(target, "OlapTable", table(columns=[{"name": "id", "type": bad_type}]))
    message = str(err.value)
    assert "ns/x: OlapTable/x: spec.columns.0.type" in message and "the limit is" in message
    assert len(message) < 300


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [  # a materialized view's own table is held to the engine allow-list; its SELECT to the database allowance
        ({"storage": "URL('http://127.0.0.1:1/x', CSV)", "select": "SELECT 1 AS x"}, "engine URL is not allowed"),
        ({"storage": "File(CSV)", "select": "SELECT 1 AS x"}, "engine File is not allowed"),
        ({"storage": "Memory", "select": "SELECT * FROM {prod}.payments"}, "outside the allowed databases"),
        (  # a refresh schedule that waits on another tenant's view names it
            {"storage": "Memory", "refresh": "EVERY 1 HOUR DEPENDS ON {prod}.payments", "select": "SELECT 1 AS x"},
            "reads or writes {prod}.payments, outside the allowed databases",
        ),
    ],
)
def test_a_materialized_view_with_its_own_storage_is_confined(
    tenant: tuple[Target, str, Path], spec: dict[str, Any], fragment: str
) -> None:
    target, prod, _ = tenant
    spec = {k: v.format(prod=prod) for k, v in spec.items()}
    refused(target, declare(target, "MaterializedView", spec), fragment.format(prod=prod))


def test_a_view_with_an_identifier_parameter_is_refused(tenant: tuple[Target, str, Path]) -> None:
    target, _, _ = tenant
    spec = {"select": "SELECT * FROM {t:Identifier}"}  # the table it reads is named by whoever queries it
    with pytest.raises(SpecError, match="Identifier names a table only known when it is queried"):
        changes(target, declare(target, "View", spec))
