"""MooseStack's column types to ClickHouse types, as MooseStack maps them (issue 12, first part). The expected
strings are what MooseStack's own mapper writes, read from its source (514-labs/moosestack@0ca7779d8c66,
apps/framework-cli/src/infrastructure/olap/clickhouse/mapper.rs and queries.rs::basic_field_type_to_string);
the real columns come from a `migrations/` directory MooseStack wrote (tests/fixtures/moosestack/*/SOURCE.txt)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from olapctl.clickhouse.connect import Target
from olapctl.plan.moose_types import MooseTypeError, column_type, enum_comment, moose_type
from olapctl.schema.types import parse_type

FIXTURES = Path(__file__).parent / "fixtures" / "moosestack"


def col(data_type: Any, required: bool = True, annotations: list[Any] | None = None) -> dict[str, Any]:
    return {"name": "c", "data_type": data_type, "required": required, "annotations": annotations or []}


CASES = [
    (col("String"), "String"),
    (col("String", required=False), "Nullable(String)"),
    (col("Int"), "Int64"),
    (col("Float"), "Float64"),
    (col("Boolean"), "Boolean"),
    (col("Decimal"), "Decimal(10, 0)"),
    (col("Decimal(18,4)"), "Decimal(18, 4)"),
    (col("FixedString(16)"), "FixedString(16)"),
    (col("Date"), "Date32"),  # MooseStack's Date is ClickHouse's Date32 ...
    (col("Date16"), "Date"),  # ... and its Date16 is ClickHouse's Date
    (col("DateTime"), "DateTime('UTC')"),
    (col("DateTime(3)"), "DateTime64(3)"),
    (col({"elementType": "String", "elementNullable": False}, required=False), "Array(String)"),  # never Nullable
    (col({"elementType": "Int32", "elementNullable": True}), "Array(Nullable(Int32))"),
    (col({"keyType": "String", "valueType": {"nullable": "Float64"}}), "Map(String, Nullable(Float64))"),
    (col({"fields": [["a", "String"], ["b", "Int32"]]}), "Tuple(a String, b Int32)"),
    (
        col({"name": "Status", "values": [{"name": "A", "value": {"Int": 1}}, {"name": "B", "value": {"Int": 2}}]}),
        "Enum('A' = 1,'B' = 2)",
    ),
    (
        col(
            {
                "name": "S",
                "values": [{"name": "ON", "value": {"String": "on"}}, {"name": "OFF", "value": {"String": "off"}}],
            }
        ),
        "Enum('on','off')",  # a string member's value is the label
    ),
    (
        col(
            {
                "name": "Addr",
                "columns": [col("String") | {"name": "city"}, col("Int64", required=False) | {"name": "n"}],
            }
        ),
        "Nested(city String, n Nullable(Int64))",
    ),
    (col({"typed_paths": [], "skip_paths": [], "skip_regexps": []}), "JSON"),
    (
        col({"typed_paths": [["a.b", "UInt32"]], "skip_paths": ["x"], "skip_regexps": ["^t"], "max_dynamic_paths": 8}),
        "JSON(max_dynamic_paths=8, a.b UInt32, SKIP x, SKIP REGEXP '^t')",
    ),
    (col("String", annotations=[["LowCardinality", True]]), "LowCardinality(String)"),
    (
        col("Float64", annotations=[["simpleAggregationFunction", {"functionName": "sum", "argumentType": "Float64"}]]),
        "SimpleAggregateFunction(sum, Float64)",
    ),
    (
        col("Float64", annotations=[["aggregationFunction", {"functionName": "uniq", "argumentTypes": ["String"]}]]),
        "AggregateFunction(uniq, String)",
    ),
]


@pytest.mark.parametrize(("column", "expected"), CASES, ids=[e for _, e in CASES])
def test_moose_types_map_as_moosestack_maps_them(column: dict[str, Any], expected: str) -> None:
    assert column_type(column) == expected


@pytest.mark.parametrize("bad", ["BigInt", "Bytes", "Date32", "DateTime64(3)", {"what": 1}, 7])
def test_types_moosestack_cannot_create_are_refused(bad: Any) -> None:
    with pytest.raises(MooseTypeError):
        column_type(col(bad))


def test_every_column_of_a_real_migrations_directory_is_a_type_clickhouse_creates(target: Target) -> None:
    state = json.loads((FIXTURES / "planes-580cf35" / "local_infra_map.json").read_text())
    columns = [c for table in state["tables"].values() for c in table["columns"]]
    types = {c["name"]: column_type(c) for c in columns}
    assert types["sum_alt_baro"] == "SimpleAggregateFunction(sum, Float64)"  # the AggregatingMergeTree rollup
    assert any(t.startswith("AggregateFunction(") for t in types.values())
    assert any(t.startswith("Nullable(") for t in types.values())
    body = ", ".join(f"`c{i}` {column_type(c)}" for i, c in enumerate(columns))
    for c in columns:
        parse_type(column_type(c))  # olapctl's own parser reads every one
    target.command(f"CREATE DATABASE IF NOT EXISTS {target.database}")
    target.command(f"CREATE TABLE {target.database}.all_types ({body}) ENGINE = MergeTree ORDER BY tuple()")
    rows = target.query(
        "SELECT count() FROM system.columns WHERE database = {d:String} AND table = 'all_types'", {"d": target.database}
    )
    assert rows == [(len(columns),)]


def test_clickhouse_types_read_back_in_the_form_moosestack_wrote() -> None:
    """ClickHouse type -> MooseStack form (what olapctl writes) gives back, for every column of the real
    directories, the form MooseStack wrote: 1,628 of 1,632; the four others are Array columns written
    `required: false` by MooseStack 0.6 (an Array is never Nullable; MooseStack now writes them `required: true`)."""
    exact, differ = 0, []
    for state in sorted(FIXTURES.glob("*/*.json")):
        for table in json.loads(state.read_text())["tables"].values():
            for c in table["columns"]:
                found = moose_type(column_type(c), enum_comment(c))
                assert found is not None, (state, c["name"])
                if (found.data_type, found.required, found.annotations) == (
                    c["data_type"],
                    c["required"],
                    c["annotations"],
                ):
                    exact += 1
                else:
                    differ.append((state.parent.name, c["name"], c["required"], found.required))
    assert exact == 1628
    assert differ == [(d, "nav_modes", False, True) for d in ("planes-031b9d2",) * 2 + ("planes-py-4ca0bf2",) * 2]


@pytest.mark.parametrize(
    ("ch_type", "comment", "moose"),
    [
        ("Nullable(String)", None, ("String", False, [])),
        ("LowCardinality(String)", None, ("String", True, [["LowCardinality", True]])),
        ("Date", None, ("Date16", True, [])),
        ("Date32", None, ("Date", True, [])),
        ("DateTime64(3)", None, ("DateTime(3)", True, [])),
        (
            "Map(String, Nullable(Float64))",
            None,
            ({"keyType": "String", "valueType": {"nullable": "Float64"}}, True, []),
        ),
        (
            "Enum8('active' = 1, 'gone' = 2)",
            'was [MOOSE_METADATA:DO_NOT_MODIFY] {"version":1,"enum":{"name":"Status","members":'
            '[{"name":"ACTIVE","value":"active"},{"name":"GONE","value":"gone"}]}}',
            (
                {
                    "name": "Status",
                    "values": [
                        {"name": "ACTIVE", "value": {"String": "active"}},
                        {"name": "GONE", "value": {"String": "gone"}},
                    ],
                },
                True,
                [],
            ),
        ),
        (
            "SimpleAggregateFunction(sum, Float64)",
            None,
            ("Float64", True, [["simpleAggregationFunction", {"argumentType": "Float64", "functionName": "sum"}]]),
        ),
    ],
)
def test_clickhouse_types_to_moosestack(ch_type: str, comment: str | None, moose: tuple[Any, bool, list[Any]]) -> None:
    found = moose_type(ch_type, comment)
    assert found is not None and (found.data_type, found.required, found.annotations) == moose
    assert column_type({"data_type": found.data_type, "required": found.required, "annotations": found.annotations})


@pytest.mark.parametrize(
    "ch_type",
    [
        "DateTime",
        "DateTime('Europe/Berlin')",
        "DateTime64(3, 'UTC')",
        "Tuple(String, UInt8)",
        "LowCardinality(Nullable(String))",
        "Variant(String, UInt8)",
    ],
)
def test_types_moosestack_cannot_create_have_no_moosestack_form(ch_type: str) -> None:
    assert moose_type(ch_type) is None
