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
from typing import Any, NamedTuple

from olapctl.schema.types import (
    AggFunc,
    ChType,
    ChTypeError,
    EnumMember,
    JsonSkip,
    NamedType,
    Setting,
    format_type,
    normalize_type,
    parse_type,
)

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
    if set(data_type) == {"Nullable"}:  # `Nullable: {nullable: T}`, as MooseStack's docs write it
        return _kind(data_type["Nullable"])
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


# --------------------------------------------------------------------------- ClickHouse -> MooseStack

AGGREGATE_DATA_TYPE = "Float64"  # an aggregate column's own data_type never reaches ClickHouse; `number` gives this


class MooseColumnType(NamedTuple):
    data_type: Any
    required: bool
    annotations: list[list[Any]]


def moose_type(ch_type: str, comment: str | None = None) -> MooseColumnType | None:
    """The MooseStack form of a ClickHouse column type, as MooseStack reads a table (type_parser.rs
    `convert_ast_to_column_type`, clickhouse/mod.rs for LowCardinality, SimpleAggregateFunction and the enum kept in
    a column comment), when MooseStack creates exactly that type from it; None when it cannot (a time zone other
    than UTC, an unnamed Tuple, LowCardinality(Nullable(...)), Variant, ...)."""
    try:
        parsed = parse_type(ch_type)
        found = _reverse_column(parsed, _comment_enum(comment))
    except (ChTypeError, MooseTypeError, ValueError):
        return None
    if found is None:
        return None
    column = {"data_type": found.data_type, "required": found.required, "annotations": found.annotations}
    try:
        same = normalize_type(column_type(column)) == normalize_type(ch_type)
    except (ChTypeError, MooseTypeError):
        return None
    return found if same else None


def nearest_moose_type(ch_type: str, comment: str | None = None) -> MooseColumnType:
    """What MooseStack reads for a type it cannot create exactly: the same reading with what it drops dropped
    (time zone, Nullable inside a Map or Tuple), or String where it has no reading."""
    exact = moose_type(ch_type, comment)
    if exact is not None:
        return exact
    try:
        found = _reverse_column(parse_type(ch_type), _comment_enum(comment))
    except (ChTypeError, MooseTypeError, ValueError):
        found = None
    return found or MooseColumnType("String", True, [])


ENUM_METADATA_PREFIX = "[MOOSE_METADATA:DO_NOT_MODIFY] "  # table.rs METADATA_PREFIX


def enum_comment(column: dict[str, Any]) -> str | None:
    """The column comment MooseStack writes: a string-valued Enum keeps its TypeScript/Python members in it
    (mapper.rs `generate_column_comment`), after the user's own comment."""
    data_type, comment = column.get("data_type"), column.get("comment")
    if not (isinstance(data_type, dict) and "values" in data_type and "name" in data_type):
        return comment if isinstance(comment, str) or comment is None else str(comment)
    members = [
        {"name": m.get("name"), "value": next(iter((m.get("value") or {"Int": 0}).values()))}
        for m in data_type["values"]
    ]
    meta = json.dumps(
        {"version": 1, "enum": {"name": data_type["name"], "members": members}},
        separators=(",", ":"),
        ensure_ascii=False,
    )
    user = (comment or "").split(ENUM_METADATA_PREFIX)[0].strip()
    return f"{user} {ENUM_METADATA_PREFIX}{meta}" if user else f"{ENUM_METADATA_PREFIX}{meta}"


def user_comment(comment: str | None) -> str | None:
    """A column comment without the enum MooseStack keeps in it."""
    if comment is None or ENUM_METADATA_PREFIX not in comment:
        return comment
    return comment.split(ENUM_METADATA_PREFIX)[0].strip() or None


def _comment_enum(comment: str | None) -> dict[str, Any] | None:
    if comment is None or ENUM_METADATA_PREFIX not in comment:
        return None
    meta = json.loads(comment.split(ENUM_METADATA_PREFIX, 1)[1])
    members = meta["enum"]["members"]
    return {
        "name": meta["enum"]["name"],
        "values": [
            {"name": m["name"], "value": {"String" if isinstance(m["value"], str) else "Int": m["value"]}}
            for m in members
        ],
    }


def _reverse_column(t: ChType, enum: dict[str, Any] | None) -> MooseColumnType | None:
    required, annotations = True, []
    if t.name == "LowCardinality":
        annotations.append(["LowCardinality", True])
        t = _arg_type(t, 0)
    if t.name == "Nullable":
        required, t = False, _arg_type(t, 0)
    if t.name == "SimpleAggregateFunction" and isinstance(t.args[0], AggFunc):
        inner = _reverse(_arg_type(t, 1), None)
        if inner is None:
            return None
        function = format_type(ChType("F", (t.args[0],)))[2:-1]
        annotations.append(["simpleAggregationFunction", {"argumentType": inner, "functionName": function}])
        return MooseColumnType(inner, required, annotations)
    if t.name == "AggregateFunction" and isinstance(t.args[0], AggFunc):
        arguments = [_reverse(a, None) for a in t.args[1:] if isinstance(a, ChType)]
        if any(a is None for a in arguments):
            return None
        function = format_type(ChType("F", (t.args[0],)))[2:-1]
        annotations.append(["aggregationFunction", {"argumentTypes": arguments, "functionName": function}])
        return MooseColumnType(AGGREGATE_DATA_TYPE, required, annotations)
    found = _reverse(t, enum)
    return None if found is None else MooseColumnType(found, required, annotations)


def _arg_type(t: ChType, i: int) -> ChType:
    arg = t.args[i]
    if not isinstance(arg, ChType):
        raise MooseTypeError(f"{t.name}: argument {i + 1} is not a type")
    return arg


def _nullable(t: ChType) -> tuple[ChType, bool]:
    return (_arg_type(t, 0), True) if t.name == "Nullable" else (t, False)


def _reverse(t: ChType, enum: dict[str, Any] | None) -> Any:
    name = t.name
    if name in _PLAIN and not t.args:
        return name
    if name == "Bool":
        return "Boolean"
    if name == "Date":
        return "Date16"
    if name == "Date32":
        return "Date"
    if name == "DateTime":
        return "DateTime"
    if name == "DateTime64":
        return f"DateTime({t.args[0]})"
    if name == "Decimal" and len(t.args) == 2:
        return f"Decimal({t.args[0]}, {t.args[1]})"
    if name == "FixedString":
        return f"FixedString({t.args[0]})"
    if name in ("Enum8", "Enum16"):
        if enum is not None:
            return enum
        return {
            "name": name,
            "values": [{"name": m.name, "value": {"Int": m.value}} for m in t.args if isinstance(m, EnumMember)],
        }
    if name == "Array":
        inner, nullable = _nullable(_arg_type(t, 0))
        element = _reverse(inner, None)
        return None if element is None else {"elementNullable": nullable, "elementType": element}
    if name == "Map":
        key, value = _reverse(_arg_type(t, 0), None), _wrapped(_arg_type(t, 1))
        return None if key is None or value is None else {"keyType": key, "valueType": value}
    if name in ("Tuple", "Nested"):
        if not t.args or not all(isinstance(a, NamedType) for a in t.args):
            return None  # MooseStack knows named tuples only
        fields = [(a.name, a.type) for a in t.args if isinstance(a, NamedType)]
        if name == "Tuple":
            reversed_fields = [[n, _wrapped(ft)] for n, ft in fields]
            return None if any(f[1] is None for f in reversed_fields) else {"fields": reversed_fields}
        columns = []
        for n, ft in fields:
            inner, nullable = _nullable(ft)
            reversed_type = _reverse(inner, None)
            if reversed_type is None:
                return None
            columns.append(
                {"annotations": [], "data_type": reversed_type, "default": None, "name": n,
                 "primary_key": False, "required": not nullable, "unique": False}
            )  # fmt: skip
        return {"columns": columns, "jwt": False, "name": f"nested_{len(columns)}"}
    if name == "JSON":
        options: dict[str, Any] = {"skip_paths": [], "skip_regexps": [], "typed_paths": []}
        for arg in t.args:
            if isinstance(arg, Setting):
                options[arg.key] = arg.value
            elif isinstance(arg, NamedType):
                typed = _wrapped(arg.type)
                if typed is None:
                    return None
                options["typed_paths"].append([arg.name, typed])
            elif isinstance(arg, JsonSkip):
                options["skip_regexps" if arg.regexp else "skip_paths"].append(arg.path)
        return options
    return None


def _wrapped(t: ChType) -> Any:
    """A type inside a Map, Tuple or JSON path: Nullable is the `{nullable: T}` wrapper there."""
    inner, nullable = _nullable(t)
    found = _reverse(inner, None)
    return {"nullable": found} if nullable and found is not None else found
