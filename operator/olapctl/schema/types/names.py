"""Names and limits of ClickHouse's type grammar: families, aliases, aggregate functions (as of ClickHouse 26.9,
system.data_type_families and system.functions), and the bounds the builder checks. Data only.
"""

from __future__ import annotations

import re

INTS = {
    "UInt8": (False, 8), "UInt16": (False, 16), "UInt32": (False, 32), "UInt64": (False, 64),
    "UInt128": (False, 128), "UInt256": (False, 256),
    "Int8": (True, 8), "Int16": (True, 16), "Int32": (True, 32), "Int64": (True, 64),
    "Int128": (True, 128), "Int256": (True, 256),
}  # fmt: skip
FLOATS = {"Float32": 32, "Float64": 64}
_INTERVALS = tuple(
    "Interval" + u
    for u in (
        "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour",
        "Day", "Week", "Month", "Quarter", "Year",
    )
)  # fmt: skip
_GEO = (
    "Point",
    "Ring",
    "Polygon",
    "MultiPolygon",
    "LineString",
    "MultiLineString",
    "MultiPoint",
)
NO_ARGS = frozenset(
    ("Bool", "UUID", "IPv4", "IPv6", "Date", "Date32", "Nothing", "BFloat16", "Geometry", "Time", *_GEO, *_INTERVALS)
)
_COMPOSITE = frozenset(
    (
        "Nullable", "LowCardinality", "Array", "Map", "Tuple", "Nested", "Variant", "Dynamic",
        "JSON", "Object", "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256",
        "DateTime", "DateTime32", "DateTime64", "Time64", "Enum", "Enum8", "Enum16",
        "FixedString", "String", "AggregateFunction", "SimpleAggregateFunction", "QBit",
    )
)  # fmt: skip
FAMILIES = frozenset(INTS) | frozenset(FLOATS) | NO_ARGS | _COMPOSITE

# Families that ClickHouse resolves case-insensitively.
CASE_INSENSITIVE = {
    n.lower(): n
    for n in (
        "Bool", "Date", "Date32", "DateTime", "DateTime32", "DateTime64", "Decimal", "Decimal32",
        "Decimal64", "Decimal128", "Decimal256", "Enum", "JSON", "Time", "Time64",
    )
}  # fmt: skip

# Case-insensitive aliases (system.data_type_families.alias_to), keyed upper-case.
ALIASES: dict[str, str] = {
    "BOOL": "Bool", "BOOLEAN": "Bool", "TIMESTAMP": "DateTime",
    "DEC": "Decimal", "FIXED": "Decimal", "NUMERIC": "Decimal", "ENUM": "Enum",
    "BINARY": "FixedString", "FLOAT": "Float32", "REAL": "Float32", "SINGLE": "Float32",
    "DOUBLE": "Float64", "DOUBLE PRECISION": "Float64", "INET4": "IPv4", "INET6": "IPv6",
    "SMALLINT": "Int16", "SMALLINT SIGNED": "Int16", "INT": "Int32", "INT SIGNED": "Int32",
    "INTEGER": "Int32", "INTEGER SIGNED": "Int32", "MEDIUMINT": "Int32",
    "MEDIUMINT SIGNED": "Int32", "BIGINT": "Int64", "BIGINT SIGNED": "Int64", "SIGNED": "Int64",
    "BYTE": "Int8", "INT1": "Int8", "INT1 SIGNED": "Int8", "TINYINT": "Int8",
    "TINYINT SIGNED": "Int8", "SMALLINT UNSIGNED": "UInt16", "YEAR": "UInt16",
    "INT UNSIGNED": "UInt32", "INTEGER UNSIGNED": "UInt32", "MEDIUMINT UNSIGNED": "UInt32",
    "BIGINT UNSIGNED": "UInt64", "BIT": "UInt64", "SET": "UInt64", "UNSIGNED": "UInt64",
    "INT1 UNSIGNED": "UInt8", "TINYINT UNSIGNED": "UInt8",
    **{
        s: "String"
        for s in (
            "BINARY LARGE OBJECT", "BINARY VARYING", "BLOB", "BYTEA", "CHAR", "CHAR LARGE OBJECT",
            "CHAR VARYING", "CHARACTER", "CHARACTER LARGE OBJECT", "CHARACTER VARYING", "CLOB",
            "LONGBLOB", "LONGTEXT", "MEDIUMBLOB", "MEDIUMTEXT", "NATIONAL CHAR",
            "NATIONAL CHAR VARYING", "NATIONAL CHARACTER", "NATIONAL CHARACTER LARGE OBJECT",
            "NATIONAL CHARACTER VARYING", "NCHAR", "NCHAR LARGE OBJECT", "NCHAR VARYING",
            "NVARCHAR", "TEXT", "TINYBLOB", "TINYTEXT", "VARBINARY", "VARCHAR", "VARCHAR2",
        )
    },
}  # fmt: skip
CASE_SENSITIVE_ALIASES = {"GEOMETRY": "Geometry"}
# Every word-prefix of a multi-word alias ("DOUBLE", "DOUBLE PRECISION", ...).
ALIAS_PREFIXES = frozenset(" ".join(k.split()[: i + 1]) for k in ALIASES for i in range(len(k.split())))

# Aggregate functions: case-insensitive names and aliases (system.functions, 26.9).
AGG_CI = {
    n.lower(): n
    for n in (
        "analysisOfVariance", "approx_top_k", "approx_top_sum", "avg", "corr", "count",
        "kolmogorovSmirnovTest", "lag", "lead", "max", "min", "nth_value", "ntile", "rank",
        "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope",
        "regr_sxx", "regr_sxy", "regr_syy", "row_number", "sum",
    )
}  # fmt: skip
AGG_CI_ALIASES = {
    "bit_and": "groupBitAnd", "bit_or": "groupBitOr", "bit_xor": "groupBitXor",
    "covar_pop": "covarPop", "covar_samp": "covarSamp", "std": "stddevPop",
    "stddev": "stddevSamp", "stddev_pop": "stddevPop", "stddev_samp": "stddevSamp",
    "var_pop": "varPop", "var_samp": "varSamp", "anova": "analysisOfVariance",
    "any_value": "any", "any_value_respect_nulls": "any_respect_nulls",
    "approx_top_count": "approx_top_k", "array_agg": "groupArray",
    "array_concat_agg": "groupArrayArray", "dense_rank": "denseRank", "first_value": "any",
    "first_value_respect_nulls": "any_respect_nulls", "group_concat": "groupConcat",
    "last_value": "anyLast", "last_value_respect_nulls": "anyLast_respect_nulls",
    "max_by": "argMax", "min_by": "argMin", "percent_rank": "percentRank",
    "string_agg": "groupConcat",
}  # fmt: skip
AGG_ALIASES = {
    "ST_AsMVT": "MVTEncode", "anyLastRespectNulls": "anyLast_respect_nulls",
    "anyRespectNulls": "any_respect_nulls", "anyValueRespectNulls": "any_respect_nulls",
    "firstValueRespectNulls": "any_respect_nulls", "lastValueRespectNulls": "anyLast_respect_nulls",
    "lttb": "largestTriangleThreeBuckets", "sparkBar": "sparkbar",
    "timeSeriesLastToGrid": "timeSeriesResampleToGridWithStaleness",
    "sumMappedArrays": "sumMap", "minMappedArrays": "minMap", "maxMappedArrays": "maxMap",
    **{
        "median" + s: "quantile" + s
        for s in (
            "", "BFloat16", "BFloat16Weighted", "DD", "Deterministic", "Exact", "ExactHigh",
            "ExactLow", "ExactWeighted", "ExactWeightedInterpolated", "GK",
            "InterpolatedWeighted", "TDigest", "TDigestWeighted", "Timing", "TimingWeighted",
        )
    },
}  # fmt: skip
AGG_COMBINATORS = (
    "SimpleState", "MergeState", "OrDefault", "Distinct", "Resample", "ForEach", "ArgMax",
    "ArgMin", "OrNull", "Tuple", "Merge", "State", "Array", "Map", "If",
)  # fmt: skip
# Functions whose serialized state has default version 1 (printed as AggregateFunction(1, ...)).
AGG_VERSIONED = frozenset(("quantileDeterministic", "quantilesDeterministic"))
AGG_VERSIONED_MAPS = frozenset(("sumMap", "minMap", "maxMap", "sumMapWithOverflow"))
SIMPLE_AGGREGATE_FUNCTIONS = frozenset(
    (
        "any", "any_respect_nulls", "anyLast", "anyLast_respect_nulls", "min", "max", "sum",
        "sumWithOverflow", "groupBitAnd", "groupBitOr", "groupBitXor", "sumMap", "minMap",
        "maxMap", "groupArrayArray", "groupArrayLastArray", "groupUniqArrayArray",
        "groupUniqArrayArrayMap", "sumMappedArrays", "minMappedArrays", "maxMappedArrays",
        "timeSeriesGroupArray",
    )
)  # fmt: skip

LC_INNER = frozenset(
    tuple(INTS) + tuple(FLOATS)
    + ("BFloat16", "Bool", "String", "FixedString", "Date", "Date32", "DateTime", "UUID", "IPv4",
       "IPv6", "Time")
)  # fmt: skip
NOT_IN_NULLABLE = frozenset(
    ("Nullable", "LowCardinality", "Array", "Map", "Nested", "Variant", "Dynamic",
     "AggregateFunction", "Geometry", "Ring", "Polygon", "MultiPolygon", "LineString",
     "MultiLineString", "MultiPoint")
)  # fmt: skip
# Element names ClickHouse backquotes although they are word-like.
QUOTED_WORDS = frozenset(
    ("all", "distinct", "false", "from", "inf", "infinity", "nan", "null", "select", "some",
     "table", "top", "true", "values")
)  # fmt: skip
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

ENUM8_RANGE = (-128, 127)
ENUM16_RANGE = (-32768, 32767)
MAX_FIXEDSTRING = 0xFFFFFF
MAX_DECIMAL_PRECISION = 76
DECIMAL_BITS = {"Decimal32": 9, "Decimal64": 18, "Decimal128": 38, "Decimal256": 76}

MAX_TYPE_LENGTH = 64 * 1024  # characters of one type (an Enum16 of a thousand long names fits)
MAX_TYPE_DEPTH = 32  # nested brackets (ClickHouse's own types of real schemas stay under 10)
