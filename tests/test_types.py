"""Tests for olapctl.schema.types (canonical spellings verified against chdb / ClickHouse 26.9)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olapctl.clickhouse.connect import Target
from olapctl.schema.types import (
    AggFunc,
    ChType,
    ChTypeError,
    EnumMember,
    JsonSkip,
    NamedType,
    Quoted,
    Setting,
    byte_width,
    format_type,
    normalize_type,
    parse_type,
    type_change_risk,
)

# (spelling, canonical as printed by ClickHouse 26.9 in system.columns.type)
CASES: list[tuple[str, str]] = [
    ("int", "Int32"),
    ("BIGINT", "Int64"),
    ("TINYINT", "Int8"),
    ("SMALLINT", "Int16"),
    ("INTEGER", "Int32"),
    ("BIGINT UNSIGNED", "UInt64"),
    ("INT(11) UNSIGNED", "UInt32"),
    ("tinyint(1) unsigned", "UInt8"),
    ("DOUBLE", "Float64"),
    ("double  precision", "Float64"),
    ("FLOAT", "Float32"),
    ("Float32(10, 2)", "Float32"),
    ("TEXT", "String"),
    ("VARCHAR(255)", "String"),
    ("CHAR", "String"),
    ("NATIONAL CHAR VARYING(10)", "String"),
    ("BINARY(16)", "FixedString(16)"),
    ("BOOLEAN", "Bool"),
    ("bool", "Bool"),
    ("YEAR", "UInt16"),
    ("INET6", "IPv6"),
    ("Decimal32(2)", "Decimal(9, 2)"),
    ("Decimal64(4)", "Decimal(18, 4)"),
    ("Decimal128(4)", "Decimal(38, 4)"),
    ("decimal256(76)", "Decimal(76, 76)"),
    ("Decimal(10)", "Decimal(10, 0)"),
    ("DEC", "Decimal(10, 0)"),
    ("NUMERIC(5,2)", "Decimal(5, 2)"),
    ("Nullable( String )", "Nullable(String)"),
    ("Map(String,UInt64)", "Map(String, UInt64)"),
    ("Map(INT UNSIGNED, TEXT)", "Map(UInt32, String)"),
    ("Array(Nullable(Decimal(5,2)))", "Array(Nullable(Decimal(5, 2)))"),
    ("LowCardinality(Nullable(String))", "LowCardinality(Nullable(String))"),
    ("LowCardinality(UInt8)", "LowCardinality(UInt8)"),
    ("Enum8('a'=1,'b'=2)", "Enum8('a' = 1, 'b' = 2)"),
    ("Enum8('b'=2,'a'=1)", "Enum8('a' = 1, 'b' = 2)"),
    ("Enum8('a','b')", "Enum8('a' = 1, 'b' = 2)"),
    ("enum('a','b'=5)", "Enum8('a' = 1, 'b' = 5)"),
    ("Enum('a'=1000)", "Enum16('a' = 1000)"),
    ("Enum8('x'=-1,'y'=-128)", "Enum8('y' = -128, 'x' = -1)"),
    (
        "Enum8('a''b'=1, 'c;)'=2, 'x\\\\y'=3, 'n\\nl'=4)",
        "Enum8('a\\'b' = 1, 'c;)' = 2, 'x\\\\y' = 3, 'n\\nl' = 4)",
    ),
    ("Enum8('a' = 0x10,)", "Enum8('a' = 16)"),
    ("DateTime64(3,'UTC')", "DateTime64(3, 'UTC')"),
    ('DateTime64(3, "UTC")', "DateTime64(3)"),
    ("DateTime64", "DateTime64(3)"),
    ("datetime('Europe/Moscow')", "DateTime('Europe/Moscow')"),
    ("DateTime('')", "DateTime"),
    ("DateTime(6)", "DateTime64(6)"),
    ("TIMESTAMP(3)", "DateTime64(3)"),
    ("DateTime32('UTC')", "DateTime('UTC')"),
    ("Time64", "Time64(3)"),
    ("Tuple(String,UInt8)", "Tuple(String, UInt8)"),
    ("Tuple(a String, b UInt8)", "Tuple(a String, b UInt8)"),
    (
        'Tuple(`a b` String, "c" UInt8, select Int8, `x``y` Int16, `1a` Int32, FROM Bool)',
        "Tuple(`a b` String, c UInt8, `select` Int8, `x\\`y` Int16, `1a` Int32, `FROM` Bool)",
    ),
    ("Tuple(INT UNSIGNED)", "Tuple(INT UInt64)"),
    ("Tuple(String,)", "Tuple(String)"),
    ("Tuple()", "Tuple()"),
    ("Nested(a String, b Nested(c UInt8))", "Nested(a String, b Nested(c UInt8))"),
    ("json", "JSON"),
    (
        "JSON(max_dynamic_paths=10, a.b UInt32, SKIP a.c)",
        "JSON(max_dynamic_paths=10, `a.b` UInt32, SKIP `a.c`)",
    ),
    (
        "JSON(SKIP REGEXP '^zz', skip z, a.`b c` String, max_dynamic_types = 3, max_dynamic_paths=2, b UInt8)",
        "JSON(max_dynamic_types=3, max_dynamic_paths=2, `a.b c` String, b UInt8, SKIP z, SKIP REGEXP '^zz')",
    ),
    (
        "Variant(UInt8, String, Array(UInt8), String)",
        "Variant(Array(UInt8), String, UInt8)",
    ),
    ("Dynamic", "Dynamic"),
    ("Dynamic(max_types = 10)", "Dynamic(max_types=10)"),
    (
        "AggregateFunction(quantiles(.5,0.90), UInt64)",
        "AggregateFunction(quantiles(0.5, 0.9), UInt64)",
    ),
    (
        "AggregateFunction(SUMIf, UInt64, UInt8)",
        "AggregateFunction(sumIf, UInt64, UInt8)",
    ),
    ("AggregateFunction(count())", "AggregateFunction(count)"),
    ("AggregateFunction(median, Float64)", "AggregateFunction(quantile, Float64)"),
    (
        "AggregateFunction(quantile(1e-7), Float64)",
        "AggregateFunction(quantile(1e-7), Float64)",
    ),
    (
        "AggregateFunction(topK(1e1, 3, 'counts'), String)",
        "AggregateFunction(topK(10., 3, 'counts'), String)",
    ),
    (
        "AggregateFunction(sumMap, Array(UInt8), Array(UInt64))",
        "AggregateFunction(1, sumMap, Array(UInt8), Array(UInt64))",
    ),
    (
        "AggregateFunction(sumMap, Map(UInt8, UInt64))",
        "AggregateFunction(sumMap, Map(UInt8, UInt64))",
    ),
    ("AggregateFunction(0, sum, UInt64)", "AggregateFunction(sum, UInt64)"),
    ("SimpleAggregateFunction(SUM, UInt64)", "SimpleAggregateFunction(sum, UInt64)"),
    (
        "SimpleAggregateFunction(any_value, Nullable(String))",
        "SimpleAggregateFunction(any, Nullable(String))",
    ),
    ("BFloat16", "BFloat16"),
    ("Nullable(Tuple(a String))", "Nullable(Tuple(a String))"),
    ("Point", "Point"),
    ("MultiPolygon", "MultiPolygon"),
    ("UUID", "UUID"),
    ("IPv4", "IPv4"),
    ("Date32", "Date32"),
]
ENGINE_SETTINGS = {"allow_suspicious_low_cardinality_types": 1, "flatten_nested": 0}


@pytest.mark.parametrize(("spelling", "canonical"), CASES)
def test_normalize_table(spelling: str, canonical: str) -> None:
    assert normalize_type(spelling) == canonical
    assert normalize_type(canonical) == canonical  # canonical form is a fixed point


def test_table_matches_engine(target: Target) -> None:
    """The engine itself (the session's chdb) prints every spelling as normalize_type does."""
    cols = ", ".join(f"c{i} {spelling}" for i, (spelling, _) in enumerate(CASES))
    target.command(f"CREATE DATABASE {target.database}")
    target.command(
        f"CREATE TABLE {target.database}.spellings ({cols}) ENGINE = MergeTree ORDER BY tuple()",
        settings=ENGINE_SETTINGS,
    )
    rows = target.query(
        "SELECT name, type FROM system.columns WHERE database = {d:String} AND table = 'spellings'",
        {"d": target.database},
    )
    engine = {name: typ for name, typ in rows}
    assert len(engine) == len(CASES)
    mismatches = [
        (spelling, engine[f"c{i}"], normalize_type(spelling))
        for i, (spelling, _) in enumerate(CASES)
        if engine[f"c{i}"] != normalize_type(spelling)
    ]
    assert mismatches == []


def test_object_json_kept_for_old_servers() -> None:
    # Removed in ClickHouse 26.x ("Unknown data type family: Object") but still printed by older servers.
    assert normalize_type("Object( 'JSON' )") == "Object('json')"


INVALID = [
    "",
    "   ",
    "Strin",
    "Nullable(Strin)",
    "string",
    "uint8",
    "Nullable(Array(String))",
    "Nullable(Nullable(String))",
    "Nullable(LowCardinality(String))",
    "Nullable(String, String)",
    "Nullable",
    "LowCardinality(Array(String))",
    "LowCardinality(Decimal(5, 2))",
    "LowCardinality(DateTime64(3))",
    "Map(Nullable(String), UInt8)",
    "Map(String)",
    "Array(String",
    "Array(String))",
    "String garbage",
    "String;DROP TABLE x",
    "Decimal(100, 2)",
    "Decimal(9, 10)",
    "Decimal32(10)",
    "FixedString(0)",
    "FixedString(16777216)",
    "FixedString",
    "DateTime64(10)",
    "DateTime64(-1)",
    'DateTime("UTC")',
    "Time('UTC')",
    "Bool(1)",
    "String(1, 2)",
    "Enum8()",
    "Enum8('a' = 128)",
    "Enum8('a' = 1, 'a' = 2)",
    "Enum8('a' = 1, 'b' = 1)",
    "Enum8('a' = 1.5)",
    "Enum('a' = 40000)",
    "Tuple(a String, UInt8)",
    "Tuple(a String, a UInt8)",
    "Tuple(a.b String)",
    "Tuple(null String)",
    "Tuple(DOUBLE PRECISION)",
    "Nested()",
    "Variant()",
    "Variant(Nullable(String))",
    "Variant(Variant(String))",
    "Dynamic(max_types=255)",
    "Dynamic(10)",
    "JSON(max_dynamic_types=255)",
    "JSON(a String, a UInt8)",
    "JSON(a.b.c UInt8, SKIP a.b)",
    "JSON(abc UInt8, SKIP REGEXP 'b.')",
    "JSON(a Array(AggregateFunction(sum, UInt64)))",
    "SimpleAggregateFunction(avg, UInt64)",
    "Enum8('unterminated = 1)",
    "Int32 UNSIGNED",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_types_raise(text: str) -> None:
    with pytest.raises(ChTypeError) as exc:
        parse_type(text)
    assert repr(text) in str(exc.value)
    assert str(exc.value).startswith("invalid ClickHouse type ")


def test_invalid_error_names_the_problem() -> None:
    with pytest.raises(ChTypeError, match=r"unknown type 'Strin'"):
        normalize_type("Nullable(Strin)")
    with pytest.raises(ChTypeError, match="cannot be inside Nullable"):
        normalize_type("Nullable(Array(String))")
    with pytest.raises(ChTypeError, match="trailing garbage"):
        normalize_type("UInt8 )")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("UInt8", "UInt8"),
        ("UInt8", "UInt16"),
        ("UInt8", "UInt64"),
        ("UInt8", "Int16"),
        ("UInt32", "Int64"),
        ("Int32", "Int64"),
        ("Float32", "Float64"),
        ("String", "Nullable(String)"),
        ("Int32", "Nullable(Int64)"),
        ("String", "LowCardinality(String)"),
        ("LowCardinality(String)", "String"),
        ("LowCardinality(Nullable(String))", "Nullable(String)"),
        ("FixedString(16)", "String"),
        ("Date", "Date32"),
        ("DateTime", "DateTime64(3)"),
        ("DateTime('UTC')", "DateTime64(6, 'UTC')"),
        ("Enum8('a' = 1)", "Enum8('a' = 1, 'b' = 2)"),
        ("Enum8('a' = 1)", "Enum16('a' = 1, 'b' = 300)"),
        ("Decimal(9, 2)", "Decimal(18, 4)"),
        ("Array(UInt8)", "Array(UInt32)"),
        ("Map(String, Int32)", "Map(LowCardinality(String), Int64)"),
        ("Tuple(a UInt8, b String)", "Tuple(a UInt16, b Nullable(String))"),
        ("INT", "BIGINT"),
    ],
)
def test_safe_changes(old: str, new: str) -> None:
    assert type_change_risk(old, new) == "safe"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("UInt16", "UInt8"),
        ("Int8", "UInt8"),
        ("Int8", "UInt64"),
        ("UInt64", "Int64"),
        ("Int64", "Int32"),
        ("Float64", "Float32"),
        ("Float64", "Int64"),
        ("Nullable(String)", "String"),
        ("LowCardinality(Nullable(String))", "String"),
        ("String", "UInt64"),
        ("String", "FixedString(16)"),
        ("Date32", "Date"),
        ("DateTime64(3)", "DateTime"),
        ("DateTime('UTC')", "DateTime64(3, 'Europe/Moscow')"),
        ("Enum8('a' = 1, 'b' = 2)", "Enum8('a' = 1)"),
        ("Enum8('a' = 1)", "Enum8('a' = 2)"),
        ("Decimal(18, 4)", "Decimal(9, 2)"),
        ("Decimal(10, 2)", "Decimal(10, 4)"),
        ("Array(UInt32)", "Array(UInt8)"),
        ("Tuple(a UInt8)", "Tuple(b UInt8)"),
        ("Tuple(UInt8, UInt8)", "Tuple(UInt8)"),
    ],
)
def test_risky_changes(old: str, new: str) -> None:
    assert type_change_risk(old, new) == "risky"


def test_type_change_risk_rejects_invalid() -> None:
    with pytest.raises(ChTypeError):
        type_change_risk("String", "Strin")


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("UInt8", 1), ("Int16", 2), ("UInt32", 4), ("Int64", 8), ("UInt128", 16), ("Int256", 32),
        ("Float32", 4), ("Float64", 8), ("Bool", 1), ("Date", 2), ("Date32", 4),
        ("DateTime", 4), ("DateTime('UTC')", 4), ("DateTime64(3)", 8), ("Decimal(9, 2)", 4),
        ("Decimal(18, 2)", 8), ("Decimal(38, 2)", 16), ("Decimal(76, 2)", 32), ("BIGINT", 8),
        ("String", None), ("Nullable(UInt8)", None), ("Array(UInt8)", None), ("UUID", None),
        ("LowCardinality(UInt8)", None), ("FixedString(4)", None),
    ],
)  # fmt: skip
def test_byte_width(text: str, width: int | None) -> None:
    assert byte_width(text) == width


# ----------------------------------------------------------------------------- property based

_NASTY = st.text(alphabet=st.sampled_from("ab_'\";)(\\`,= \n\t\0é"), max_size=6)
_SCALARS = [
    "UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256", "Int8", "Int16", "Int32",
    "Int64", "Int128", "Int256", "Float32", "Float64", "BFloat16", "Bool", "String", "UUID",
    "IPv4", "IPv6", "Date", "Date32", "DateTime", "Point", "Ring", "Polygon",
]  # fmt: skip
_LC_OK = ["String", "UInt8", "Int64", "Float64", "Date", "DateTime", "UUID", "IPv4"]


def _enum(kind: str) -> st.SearchStrategy[ChType]:
    lo, hi = (-128, 127) if kind == "Enum8" else (-32768, 32767)
    members = st.dictionaries(_NASTY, st.integers(lo, hi), min_size=1, max_size=4)

    def build(d: dict[str, int]) -> ChType | None:
        if len(set(d.values())) != len(d):
            return None
        ms = sorted((EnumMember(k, v) for k, v in d.items()), key=lambda m: m.value)
        return ChType(kind, tuple(ms))

    return members.map(build).filter(lambda t: t is not None)  # type: ignore[return-value]


_leaf: st.SearchStrategy[ChType] = st.one_of(
    st.sampled_from(_SCALARS).map(ChType),
    st.integers(1, 76).flatmap(lambda p: st.integers(0, p).map(lambda s: ChType("Decimal", (p, s)))),
    st.integers(1, 1000).map(lambda n: ChType("FixedString", (n,))),
    st.integers(0, 9).map(lambda p: ChType("DateTime64", (p,))),
    st.tuples(st.integers(0, 9), _NASTY.filter(bool)).map(lambda a: ChType("DateTime64", (a[0], Quoted(a[1])))),
    _NASTY.filter(bool).map(lambda tz: ChType("DateTime", (Quoted(tz),))),
    _enum("Enum8"),
    _enum("Enum16"),
    st.sampled_from(_LC_OK).map(lambda n: ChType("LowCardinality", (ChType(n),))),
    st.sampled_from(_LC_OK).map(lambda n: ChType("LowCardinality", (ChType("Nullable", (ChType(n),)),))),
)
_NOT_NULLABLE = {
    "Array", "Map", "LowCardinality", "Nullable", "Variant", "Ring", "Polygon", "AggregateFunction",
}  # fmt: skip
_NAME = st.one_of(st.sampled_from(["a", "b_1", "select", "from", "x y", "1st"]), _NASTY.filter(bool)).filter(
    lambda n: n != "null"
)


def _extend(children: st.SearchStrategy[ChType]) -> st.SearchStrategy[ChType]:
    def tuple_named(items: list[tuple[str, ChType]]) -> ChType:
        return ChType("Tuple", tuple(NamedType(n, t) for n, t in items))

    def variant(ts: list[ChType]) -> ChType | None:
        ok = [t for t in ts if t.name not in ("Nullable", "LowCardinality", "Variant")]
        if not ok:
            return None
        uniq = {format_type(t): t for t in ok}
        return ChType("Variant", tuple(uniq[k] for k in sorted(uniq)))

    return st.one_of(
        children.map(lambda t: ChType("Array", (t,))),
        children.filter(lambda t: t.name not in _NOT_NULLABLE).map(lambda t: ChType("Nullable", (t,))),
        st.tuples(st.sampled_from(["String", "UInt64", "Date"]).map(ChType), children).map(
            lambda kv: ChType("Map", kv)
        ),
        st.lists(children, max_size=3).map(lambda ts: ChType("Tuple", tuple(ts))),
        st.lists(st.tuples(_NAME, children), min_size=1, max_size=3, unique_by=lambda x: x[0]).map(tuple_named),
        st.lists(children, min_size=1, max_size=3).map(variant).filter(lambda t: t is not None),
        st.lists(st.tuples(_NAME, children), min_size=1, max_size=2, unique_by=lambda x: x[0])
        .map(
            lambda items: (
                None
                if any(n == "zz;)" or n.startswith("zz;).") for n, _ in items)
                or any("AggregateFunction(" in format_type(t) for _, t in items)
                else ChType(
                    "JSON",
                    (
                        Setting("max_dynamic_paths", 5),
                        *tuple(NamedType(n, t) for n, t in sorted(items)),
                        JsonSkip("zz;)"),
                        JsonSkip("x'\\)y", True),
                    ),
                )
            )
        )
        .filter(lambda t: t is not None),
        children.map(lambda t: ChType("AggregateFunction", (AggFunc("anyIf", None, 0), t, ChType("UInt8")))),
    )


type_trees: st.SearchStrategy[ChType] = st.recursive(_leaf, _extend, max_leaves=6)


def _outside_quotes(text: str) -> str:
    """Drop quoted sections ('...' and `...` with backslash escapes), keep the rest."""
    return re.sub(r"'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`", "", text, flags=re.DOTALL)


_FAST = settings(database=None, max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(type_trees)
def test_format_parse_roundtrip(t: ChType) -> None:
    text = format_type(t)
    assert parse_type(text) == t
    assert normalize_type(text) == text


@_FAST
@given(type_trees)
def test_normalized_text_is_well_formed(t: ChType) -> None:
    bare = _outside_quotes(format_type(t))
    assert ";" not in bare and "'" not in bare and "`" not in bare
    depth = 0
    for ch in bare:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


@_FAST
@given(_NASTY)
def test_quoted_values_cannot_break_out(s: str) -> None:
    text = format_type(ChType("Enum8", (EnumMember(s, 1),)))
    assert parse_type(text) == ChType("Enum8", (EnumMember(s, 1),))
    assert _outside_quotes(text) == "Enum8( = 1)"
    tz = format_type(ChType("DateTime", (Quoted(s or "x"),)))
    assert _outside_quotes(tz) == "DateTime()"
