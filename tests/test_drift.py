"""Drift said as what changed: one side's value against the other's, per table and column. Pure."""

from __future__ import annotations

from typing import Any

import yaml

from olapctl.plan.drift import compare
from olapctl.schema.model import MaterializedView, OlapTable, Snapshot


def table(extra: str = "", columns: str = "- {name: id, type: UInt64}\n- {name: a, type: String}") -> OlapTable:
    spec: dict[str, Any] = yaml.safe_load(f"name: t\ndatabase: d\norderBy: [id]\ncolumns:\n{columns}\n{extra}")
    return OlapTable.model_validate(spec)


def snap(*objects: OlapTable | MaterializedView) -> Snapshot:
    tables = {f"{o.database}.{o.name}": o for o in objects if isinstance(o, OlapTable)}
    mvs = {f"{o.database}.{o.name}": o for o in objects if isinstance(o, MaterializedView)}
    return Snapshot(tables=tables, materialized_views=mvs)


def test_a_column_added_by_hand_reads_as_live_only() -> None:
    live = table(columns="- {name: id, type: UInt64}\n- {name: a, type: String}\n- {name: hotfix_flag, type: UInt8}")
    assert compare(snap(table()), snap(live)) == {"d.t": ["column hotfix_flag: expected absent, live UInt8"]}


def test_column_fields_and_table_fields_each_get_a_line() -> None:
    expected = table("settings: {ttl_only_drop_parts: '1'}\nindexes: [{name: i, expression: a, type: minmax}]")
    live = table(
        "partitionBy: id % 4\nindexes: [{name: i, expression: a, type: set(10)}]",
        "- {name: id, type: UInt64}\n- {name: a, type: LowCardinality(String), default: \"'x'\", codec: ZSTD(1)}",
    )
    assert compare(snap(expected), snap(live)) == {
        "d.t": [
            "column a type: expected String, live LowCardinality(String)",
            "column a default: expected none, live DEFAULT 'x'",
            "column a codec: expected none, live ZSTD(1)",
            "PARTITION BY: expected none, live id % 4",
            "setting ttl_only_drop_parts: expected 1, live absent",
            "index i: expected a TYPE minmax GRANULARITY 1, live a TYPE set(10) GRANULARITY 1",
        ]
    }


def test_objects_one_side_lacks_and_other_names_for_the_sides() -> None:
    mv = MaterializedView.model_validate({"name": "m", "database": "d", "select": "SELECT 1", "to": {"table": "t"}})
    changed = mv.model_copy(update={"select": "SELECT 2"})
    assert compare(snap(table(), mv), snap(changed), ("declared", "planned")) == {
        "d.m": ["select: declared SELECT 1, planned SELECT 2"],
        "d.t": ["declared table (id UInt64, a String), planned absent"],
    }
    assert compare(snap(table()), snap(table())) == {}
