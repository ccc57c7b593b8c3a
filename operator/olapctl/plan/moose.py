"""MooseStack's column types, as its migration files hold them, to the ClickHouse types MooseStack creates. Pure.

Taken from MooseStack's source (514-labs/moosestack@0ca7779d8c66, apps/framework-cli/src):
`framework/core/infrastructure/table.rs` (ColumnType and how it deserializes), and
`infrastructure/olap/clickhouse/mapper.rs` (`std_column_to_clickhouse_column`,
`std_field_type_to_clickhouse_type_mapper`) with `queries.rs` (`basic_field_type_to_string`). What MooseStack does
is what is done here, surprises included: `Date` is ClickHouse's Date32 and `Date16` its Date, `DateTime` is
`DateTime('UTC')`, `DateTime(3)` is DateTime64(3), a column that is not `required` is Nullable unless it is an
Array or Nested, LowCardinality and aggregate functions are column annotations, an Enum is a plain `Enum(...)`.
"""

from __future__ import annotations

import json
from typing import Any

_INTS = {f"{u}Int{n}" for u in ("", "U") for n in (8, 16, 32, 64, 128, 256)}
_PLAIN = _INTS | {"String", "Float32", "Float64", "UUID", "IPv4", "IPv6", "Boolean"}
_PLAIN |= {"Point", "Ring", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
_JSON_KEYS = {"typed_paths", "typedPaths", "skip_paths", "skipPaths", "skip_regexps", "skipRegexps"}
_JSON_KEYS |= {"max_dynamic_paths", "maxDynamicPaths", "max_dynamic_types", "maxDynamicTypes"}
_NOT_NULLABLE = ("Nullable", "Array", "Nested")  # kinds a column's Nullable wrapper is not put around


class MooseTypeError(ValueError):
    """A MooseStack type MooseStack itself cannot create in ClickHouse, or one that is not a MooseStack type."""


def column_type(column: dict[str, Any]) -> str:
    """The ClickHouse type of a MooseStack column (`data_type`, `required`, `annotations`)."""
    kind, text = _annotated(column.get("data_type"), column.get("annotations") or [])
    if column.get("required", True) is False and kind not in _NOT_NULLABLE:
        return f"Nullable({text})"
    return text


def _annotated(data_type: Any, annotations: list[Any]) -> tuple[str, str]:
    found = {a[0]: a[1] for a in annotations if isinstance(a, (list, tuple)) and len(a) == 2}
    simple = found.get("simpleAggregationFunction")
    if isinstance(simple, dict):
        argument = _text(simple.get("argumentType"))
        return "SimpleAggregateFunction", f"SimpleAggregateFunction({simple.get('functionName')}, {argument})"
    aggregate = found.get("aggregationFunction")
    if isinstance(aggregate, dict):
        _text(data_type)  # MooseStack maps the column's own type too, and fails where it fails
        arguments = ", ".join(_text(t) for t in aggregate.get("argumentTypes") or [])
        return "AggregateFunction", f"AggregateFunction({aggregate.get('functionName')}, {arguments})"
    if found.get("LowCardinality") is True:
        return "LowCardinality", f"LowCardinality({_text(data_type)})"
    return _kind(data_type)


def _text(data_type: Any) -> str:
    return _kind(data_type)[1]


def _kind(data_type: Any) -> tuple[str, str]:
    """(the ClickHouseColumnType variant MooseStack maps to, its text)."""
    if isinstance(data_type, str):
        return _scalar(data_type)
    if not isinstance(data_type, dict):
        raise MooseTypeError(f"not a MooseStack column type: {json.dumps(data_type)[:200]}")
    if "nullable" in data_type:
        kind, text = _kind(data_type["nullable"])
        return "Nullable", text if kind in ("Array", "Nested") else f"Nullable({text})"
    if "fields" in data_type:
        fields = ", ".join(f"{name} {_text(t)}" for name, t in data_type["fields"])
        return "Tuple", f"Tuple({fields})"
    if "elementType" in data_type or "element_type" in data_type:
        kind, text = _kind(data_type.get("elementType", data_type.get("element_type")))
        nullable = data_type.get("elementNullable", data_type.get("element_nullable", False))
        if nullable is True and kind not in ("Array", "Nested"):
            text = f"Nullable({text})"
        return "Array", f"Array({text})"
    if "keyType" in data_type or "key_type" in data_type:
        key = _text(data_type.get("keyType", data_type.get("key_type")))
        value = _text(data_type.get("valueType", data_type.get("value_type")))
        return "Map", f"Map({key}, {value})"
    if _JSON_KEYS & set(data_type):
        return "JSON", _json(data_type)
    if "values" in data_type:
        return "Enum", _enum(data_type["values"])
    if "columns" in data_type:
        fields = ", ".join(f"{c['name']} {column_type(c)}" for c in data_type["columns"])
        return "Nested", f"Nested({fields})"
    raise MooseTypeError(f"not a MooseStack column type: {json.dumps(data_type)[:200]}")


def _scalar(name: str) -> tuple[str, str]:
    if name in _PLAIN:
        return name, name
    if name == "Int":
        return "Int64", "Int64"
    if name == "Float":
        return "Float64", "Float64"
    if name.startswith("FixedString(") and name.endswith(")"):
        return "FixedString", name
    if name.startswith("Decimal"):
        params = name.removeprefix("Decimal").strip("()").split(",") if name != "Decimal" else []
        precision = params[0].strip() if params and params[0].strip() else "10"
        scale = params[1].strip() if len(params) > 1 else "0"
        return "Decimal", f"Decimal({precision}, {scale})"
    if name == "DateTime":
        return "DateTime", "DateTime('UTC')"
    if name.startswith("DateTime(") and name.endswith(")"):
        return "DateTime64", f"DateTime64({name[len('DateTime(') : -1].strip()})"
    if name == "Date":
        return "Date32", "Date32"
    if name == "Date16":
        return "Date", "Date"
    if name == "Json":
        return "JSON", "JSON"
    if name in ("BigInt", "Bytes"):
        raise MooseTypeError(f"MooseStack type {name} has no ClickHouse type (MooseStack refuses it too)")
    raise MooseTypeError(f"not a MooseStack column type: {name!r}")


def _enum(values: list[dict[str, Any]]) -> str:
    members = []
    for member in values:
        value = member.get("value") or {}
        if "Int" in value:
            members.append(f"'{member.get('name')}' = {value['Int']}")
        else:  # a string member: its value is the label, numbered from 1 by ClickHouse
            members.append(f"'{value.get('String')}'")
    return f"Enum({','.join(members)})"


def _json(options: dict[str, Any]) -> str:
    def get(snake: str, camel: str) -> Any:
        return options.get(snake, options.get(camel))

    parts = []
    if get("max_dynamic_paths", "maxDynamicPaths") is not None:
        parts.append(f"max_dynamic_paths={get('max_dynamic_paths', 'maxDynamicPaths')}")
    if get("max_dynamic_types", "maxDynamicTypes") is not None:
        parts.append(f"max_dynamic_types={get('max_dynamic_types', 'maxDynamicTypes')}")
    parts += [f"{path} {_text(t)}" for path, t in get("typed_paths", "typedPaths") or []]
    parts += [f"SKIP {path}" for path in get("skip_paths", "skipPaths") or []]
    parts += [f"SKIP REGEXP '{json.dumps(r)[1:-1]}'" for r in get("skip_regexps", "skipRegexps") or []]
    return f"JSON({', '.join(parts)})" if parts else "JSON"
