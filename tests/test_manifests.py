"""Loading declarations: Kubernetes manifests from files and directories; bad input names file, resource, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from olapctl.manifests import ManifestError, load_declarations
from olapctl.schema.sqltext import SqlTextError, check_expression, check_select, quote_identifier, tokenize

TABLE = """apiVersion: olapctl.dev/v1alpha1
kind: OlapTable
metadata: {{name: {name}}}
spec:
  columns: {columns}
  {extra}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def table(name: str = "my-events", columns: str = "[{name: id, type: String}]", extra: str = "orderBy: [id]") -> str:
    return TABLE.format(name=name, columns=columns, extra=extra)


def test_directory_of_multi_document_manifests_other_kinds_ignored(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", table() + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {}\n")
    write(tmp_path / "sub" / "b.yml", table("other", extra="database: elsewhere\n  orderBy: [id]"))
    write(tmp_path / "notes.txt", "not a manifest")
    snap = load_declarations([tmp_path], "analytics")
    assert sorted(snap.tables) == ["analytics.my_events", "elsewhere.other"]  # '-' -> '_' in the default name


def test_materialized_view_target_defaults_to_its_database(tmp_path: Path) -> None:
    write(
        tmp_path / "mv.yaml",
        "apiVersion: olapctl.dev/v1alpha1\nkind: MaterializedView\nmetadata: {name: mv}\n"
        "spec: {database: d, select: 'SELECT 1 AS x', to: {table: t}}\n",
    )
    mv = load_declarations([tmp_path], "analytics").materialized_views["d.mv"]
    assert mv.writes_to() == ("d", "t")


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (table(columns="[{name: id, type: Strin}]"), r"spec\.columns\.0\.type: invalid ClickHouse type 'Strin'"),
        (table(columns="[{name: id, type: String}, {name: id, type: UInt8}]"), r"spec: duplicate column names: id"),
        (table(extra="orderBy: [missing]"), r"orderBy: column 'missing' is not declared"),
        (table(extra="orderBy: [id]\n  colour: blue"), r"spec\.colour: Extra inputs are not permitted"),
        (
            table(columns="[{name: id, type: String, default: '1; DROP TABLE x'}]"),
            r"spec\.columns\.0\.default: .*';' is not allowed",
        ),
        (table(extra="orderBy: [id]\n  lifeCycle: Sometimes"), r"spec\.lifeCycle: Input should be 'FullyManaged'"),
        (table(columns="[]"), r"spec\.columns: List should have at least 1 item"),
        (
            table(extra="orderBy: [id]\n  engine: {type: MergeTree, ver: v}"),
            r"spec\.engine: .*engine MergeTree does not take ver",
        ),
        ("apiVersion: olapctl.dev/v1alpha1\nkind: OlapTable\nmetadata: {}\nspec: {}\n", r"metadata\.name is required"),
        (
            "apiVersion: olapctl.dev/v1alpha1\nkind: View\nmetadata: {name: v}\nspec: {select: 'DROP TABLE x'}\n",
            r"spec\.select: .*must be a SELECT",
        ),
        ("key: [unclosed\n", r"not valid YAML"),
    ],
)
def test_bad_manifest_names_file_resource_and_field(tmp_path: Path, manifest: str, message: str) -> None:
    path = write(tmp_path / "bad.yaml", manifest)
    with pytest.raises(ManifestError, match=message) as err:
        load_declarations([tmp_path], "analytics")
    assert str(path) in str(err.value)


def test_same_table_declared_twice_names_both_files(tmp_path: Path) -> None:
    write(tmp_path / "one.yaml", table("t"))
    write(tmp_path / "two.yaml", table("t"))
    with pytest.raises(ManifestError, match=r"two\.yaml: analytics\.t is already declared in .*one\.yaml"):
        load_declarations([tmp_path], "analytics")


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="no such file or directory"):
        load_declarations([tmp_path / "nope"], "analytics")


@pytest.mark.parametrize(
    "name",
    [
        "plain",
        "with space",
        "back`tick",
        "quote'single",
        'quote"double',
        "semi;colon",
        "ünïcødé",
        "select",
        "a\\`b",
        "`",
    ],
)
def test_quoted_identifier_is_one_token_that_round_trips(name: str) -> None:
    quoted = quote_identifier(name)
    toks = tokenize(quoted)
    assert len(toks) == 1 and toks[0].kind == "quoted"
    from olapctl.schema.sqltext import unquote_identifier

    assert unquote_identifier(quoted) == name


@pytest.mark.parametrize(
    "text",
    [
        "1; DROP TABLE x",
        "1) , evil String DEFAULT (1",
        "x -- comment",
        "x /* c */",
        "1 FROM system.tables",
        "a, b",
        "'unterminated",
        "(((",
    ],
)
def test_expression_cannot_smuggle_a_second_statement_or_clause(text: str) -> None:
    with pytest.raises(SqlTextError):
        check_expression(text, what="default")


def test_expression_allows_function_calls_named_like_keywords() -> None:
    assert check_expression("set(100)", what="index type") == "set(100)"
    assert check_expression("if(a > 1, 'x', 'y')", what="default") == "if(a > 1, 'x', 'y')"


@pytest.mark.parametrize(
    "text",
    ["SELECT 1; DROP TABLE x", "SELECT 1 INTO OUTFILE 'f'", "INSERT INTO t SELECT 1", "-- a comment only", "/* x */"],
)
def test_view_select_must_be_one_select(text: str) -> None:
    with pytest.raises(SqlTextError):
        check_select(text, what="select")


def test_view_select_may_hold_comments() -> None:
    text = "-- why\nSELECT 1 /* one */ -- hi"
    assert check_select(text, what="select") == text
