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
from olapctl.plan.moose import MooseTypeError, column_type
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
