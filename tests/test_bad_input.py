"""Bad and hostile input is refused with a clear message, and nothing changes in ClickHouse."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olapctl.clickhouse.connect import Target
from olapctl.clickhouse.normalize import MissingDependency
from olapctl.manifests import ManifestError
from olapctl.schema.sqltext import quote_identifier, tokenize, unquote_identifier
from tests.support import Env, table_yaml


def objects(env: Env) -> list[tuple[object, ...]]:
    return env.target.query("SELECT database, name FROM system.tables WHERE database = {d:String}", {"d": env.db})


def mv(name: str, select: str) -> str:
    return (
        f"apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata: {{name: {name}}}\n"
        f"spec: {{select: {select!r}, to: {{table: target}}}}\n"
    )


TARGET = table_yaml("target", "- {name: id, type: UInt64}", "orderBy: [id]")


def test_materialized_view_over_a_missing_table_is_refused_and_nothing_changes(env: Env) -> None:
    decl = env.declare("---\n".join([TARGET, mv("mv", "SELECT id FROM nowhere")]))
    with pytest.raises(MissingDependency, match=rf"{env.db}\.mv reads {env.db}\.nowhere, which is neither declared"):
        env.plan(decl)
    assert objects(env) == []


def view(name: str, select: str) -> str:
    return f"apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {{name: {name}}}\nspec: {{select: {select!r}}}\n"


@pytest.mark.parametrize(
    "declaration",
    [
        mv("mv", "WITH recent AS (SELECT id FROM source) SELECT id FROM recent"),  # a CTE is not a table
        mv("mv", "SELECT id FROM existing"),  # in the database, though not declared here
        view("v", "SELECT number AS id FROM numbers(10)"),  # a table function
    ],
)
def test_sources_that_exist_are_not_false_refusals(env: Env, declaration: str) -> None:
    env.target.command(f"CREATE DATABASE IF NOT EXISTS {env.db}")
    env.target.command(f"CREATE TABLE {env.db}.existing (id UInt64) ENGINE = MergeTree ORDER BY id")
    source = table_yaml("source", "- {name: id, type: UInt64}", "orderBy: [id]")
    existing = table_yaml("existing", "- {name: id, type: UInt64}", "orderBy: [id]")
    env.sync("---\n".join([TARGET, source, existing, declaration]))


HOSTILE = [
    "we;ird",
    "back`tick",
    "quote'd",
    'dq"uote',
    "sp ace",
    "ünïcødé_表",
    "select",
    "from",
    "a\\`b",
    "--x",
    "/*c*/",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_identifiers_are_created_exactly_and_nothing_else(env: Env, name: str) -> None:
    yaml_name = name.replace("\\", "\\\\").replace('"', '\\"')
    decl = table_yaml("t", f'- {{name: "{yaml_name}", type: String}}').replace(
        "metadata:\n  name: t\nspec:\n", f'metadata:\n  name: t\nspec:\n  name: "{yaml_name}"\n'
    )
    env.sync(decl)
    assert sorted(objects(env)) == sorted([(env.db, name), (env.db, "olapctl_migrations")])
    cols = env.target.query(
        "SELECT name FROM system.columns WHERE database = {d:String} AND table = {t:String}", {"d": env.db, "t": name}
    )
    assert cols == [(name,)]
    assert env.ops(env.declare(decl)) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("default", "1; DROP TABLE x"),
        ("default", "1) , evil String DEFAULT (1"),
        ("default", "now() -- comment"),
        ("ttl", "ts + INTERVAL 1 DAY SETTINGS x = 1"),
        ("codec", "ZSTD) , c2 String CODEC(ZSTD"),
        ("materialized", "(SELECT 1) FROM system.tables"),
    ],
)
def test_expressions_cannot_smuggle_statements(env: Env, field: str, value: str) -> None:
    cols = f"- {{name: ts, type: DateTime}}\n- {{name: c, type: String, {field}: {value!r}}}"
    with pytest.raises(ManifestError, match=rf"spec\.columns\.1\.{field}"):
        env.declare(table_yaml("t", cols, "orderBy: [ts]"))
    assert objects(env) == []


def test_huge_spec_is_refused_with_a_limit_named(env: Env) -> None:
    cols = "\n".join(f"- {{name: c{i}, type: UInt8}}" for i in range(5000))
    with pytest.raises(ManifestError, match=r"spec\.columns: List should have at most 4096 items"):
        env.declare(table_yaml("wide", cols, "orderBy: [c0]"))
    with pytest.raises(ManifestError, match=r"spec\.columns\.0\.default: .*longer than"):
        env.declare(table_yaml("long", f"- {{name: c, type: String, default: \"'{'x' * 70000}'\"}}", "orderBy: [c]"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s and s != "after"))
def test_quoted_identifiers_round_trip_through_clickhouse(target: Target, name: str) -> None:
    """quote(x) is one token, unquotes to x, and ClickHouse reads back exactly x: it never breaks out."""
    quoted = quote_identifier(name)
    assert [t.kind for t in tokenize(quoted)] == ["quoted"]
    assert unquote_identifier(quoted) == name
    assert target.query(f"SELECT {{n:String}} AS {quoted}", {"n": name}) == [(name,)]
    described = target.query(f"DESCRIBE (SELECT 1 AS {quoted}, 2 AS after)")  # the quotes end where they should
    assert [row[0] for row in described] == [name, "after"]
