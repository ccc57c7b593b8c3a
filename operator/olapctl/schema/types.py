"""Parse, validate and canonicalize ClickHouse data type spellings.

Everything here is pure Python (no I/O).  The canonical spelling produced by
:func:`format_type` is the one ClickHouse 26.x prints in ``system.columns.type``
(checked against the real engine, see ``tests/test_types.py``).

Representation of a parsed type: :class:`ChType` with ``name`` the canonical
family name and ``args`` a tuple of :data:`TypeArg` items:

* ``ChType``            nested type (Nullable, Array, Map, Tuple, Variant, ...)
* ``int``               numeric parameter (Decimal precision/scale, FixedString size, ...)
* :class:`Quoted`       string literal (time zone, ``SKIP REGEXP`` pattern, ``Object('json')``)
* :class:`EnumMember`   ``'name' = value`` of Enum8/Enum16
* :class:`NamedType`    ``name Type`` of named Tuple / Nested / JSON typed path
* :class:`Setting`      ``key=N`` of Dynamic / JSON
* :class:`JsonSkip`     ``SKIP path`` / ``SKIP REGEXP 're'`` of JSON
* :class:`AggFunc`      function (with version and parameters) of (Simple)AggregateFunction
"""

from __future__ import annotations

import decimal
import functools
import math
import re
from dataclasses import dataclass
from typing import Literal, TypeAlias, Union

from olapctl.schema.escapes import EscapeError, escape, quoted_end, unescape

__all__ = [
    "AggFunc",
    "AggParam",
    "ChType",
    "ChTypeError",
    "EnumMember",
    "JsonSkip",
    "NamedType",
    "Quoted",
    "Setting",
    "TypeArg",
    "byte_width",
    "format_type",
    "normalize_type",
    "parse_type",
    "type_change_risk",
]


class ChTypeError(ValueError):
    """A ClickHouse type spelling is invalid (syntax or semantics)."""


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Quoted:
    """A single-quoted string literal."""

    value: str


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: int


@dataclass(frozen=True)
class NamedType:
    name: str
    type: ChType


@dataclass(frozen=True)
class Setting:
    key: str
    value: int


@dataclass(frozen=True)
class JsonSkip:
    path: str
    regexp: bool = False


AggParam: TypeAlias = "int | float | Quoted | tuple[AggParam, ...] | None"
"""Aggregate function parameter literal: number, string, NULL or array of those."""


@dataclass(frozen=True)
class AggFunc:
    name: str
    params: tuple[AggParam, ...] | None = None  # None: no parentheses at all
    version: int = 0


TypeArg = Union["ChType", int, Quoted, EnumMember, NamedType, Setting, JsonSkip, AggFunc]


@dataclass(frozen=True)
class ChType:
    name: str
    args: tuple[TypeArg, ...] = ()

    def __str__(self) -> str:
        return format_type(self)


# --------------------------------------------------------------------------- name tables

_INTS = {
    "UInt8": (False, 8), "UInt16": (False, 16), "UInt32": (False, 32), "UInt64": (False, 64),
    "UInt128": (False, 128), "UInt256": (False, 256),
    "Int8": (True, 8), "Int16": (True, 16), "Int32": (True, 32), "Int64": (True, 64),
    "Int128": (True, 128), "Int256": (True, 256),
}  # fmt: skip
_FLOATS = {"Float32": 32, "Float64": 64}
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
_NO_ARGS = frozenset(
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
_FAMILIES = frozenset(_INTS) | frozenset(_FLOATS) | _NO_ARGS | _COMPOSITE

# Families that ClickHouse resolves case-insensitively.
_CASE_INSENSITIVE = {
    n.lower(): n
    for n in (
        "Bool", "Date", "Date32", "DateTime", "DateTime32", "DateTime64", "Decimal", "Decimal32",
        "Decimal64", "Decimal128", "Decimal256", "Enum", "JSON", "Time", "Time64",
    )
}  # fmt: skip

# Case-insensitive aliases (system.data_type_families.alias_to), keyed upper-case.
_ALIASES: dict[str, str] = {
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
_CASE_SENSITIVE_ALIASES = {"GEOMETRY": "Geometry"}
# Every word-prefix of a multi-word alias ("DOUBLE", "DOUBLE PRECISION", ...).
_ALIAS_PREFIXES = frozenset(" ".join(k.split()[: i + 1]) for k in _ALIASES for i in range(len(k.split())))

# Aggregate functions: case-insensitive names and aliases (system.functions, 26.9).
_AGG_CI = {
    n.lower(): n
    for n in (
        "analysisOfVariance", "approx_top_k", "approx_top_sum", "avg", "corr", "count",
        "kolmogorovSmirnovTest", "lag", "lead", "max", "min", "nth_value", "ntile", "rank",
        "regr_avgx", "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope",
        "regr_sxx", "regr_sxy", "regr_syy", "row_number", "sum",
    )
}  # fmt: skip
_AGG_CI_ALIASES = {
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
_AGG_ALIASES = {
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
_AGG_COMBINATORS = (
    "SimpleState", "MergeState", "OrDefault", "Distinct", "Resample", "ForEach", "ArgMax",
    "ArgMin", "OrNull", "Tuple", "Merge", "State", "Array", "Map", "If",
)  # fmt: skip
# Functions whose serialized state has default version 1 (printed as AggregateFunction(1, ...)).
_AGG_VERSIONED = frozenset(("quantileDeterministic", "quantilesDeterministic"))
_AGG_VERSIONED_MAPS = frozenset(("sumMap", "minMap", "maxMap", "sumMapWithOverflow"))
SIMPLE_AGGREGATE_FUNCTIONS = frozenset(
    (
        "any", "any_respect_nulls", "anyLast", "anyLast_respect_nulls", "min", "max", "sum",
        "sumWithOverflow", "groupBitAnd", "groupBitOr", "groupBitXor", "sumMap", "minMap",
        "maxMap", "groupArrayArray", "groupArrayLastArray", "groupUniqArrayArray",
        "groupUniqArrayArrayMap", "sumMappedArrays", "minMappedArrays", "maxMappedArrays",
        "timeSeriesGroupArray",
    )
)  # fmt: skip

_LC_INNER = frozenset(
    tuple(_INTS) + tuple(_FLOATS)
    + ("BFloat16", "Bool", "String", "FixedString", "Date", "Date32", "DateTime", "UUID", "IPv4",
       "IPv6", "Time")
)  # fmt: skip
_NOT_IN_NULLABLE = frozenset(
    ("Nullable", "LowCardinality", "Array", "Map", "Nested", "Variant", "Dynamic",
     "AggregateFunction", "Geometry", "Ring", "Polygon", "MultiPolygon", "LineString",
     "MultiLineString", "MultiPoint")
)  # fmt: skip
# Element names ClickHouse backquotes although they are word-like.
_QUOTED_WORDS = frozenset(
    ("all", "distinct", "false", "from", "inf", "infinity", "nan", "null", "select", "some",
     "table", "top", "true", "values")
)  # fmt: skip
_IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

ENUM8_RANGE = (-128, 127)
ENUM16_RANGE = (-32768, 32767)
MAX_FIXEDSTRING = 0xFFFFFF
MAX_DECIMAL_PRECISION = 76
_DECIMAL_BITS = {"Decimal32": 9, "Decimal64": 18, "Decimal128": 38, "Decimal256": 76}

# --------------------------------------------------------------------------- lexer


@dataclass(frozen=True)
class _Tok:
    kind: str  # ident | bq (quoted identifier) | str | num | punct | eof
    text: str  # identifier / string value / punct char / number source
    pos: int
    value: int | float | None = None


_WS = " \t\n\r\f\v"
_NUM_RE = re.compile(r"0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


class _Lexer:
    def __init__(self, text: str, fail: _Fail) -> None:
        self.text = text
        self.fail = fail
        self.toks: list[_Tok] = []
        self._run()
        self.i = 0

    def _run(self) -> None:
        s, n, i = self.text, len(self.text), 0
        while True:
            while i < n and s[i] in _WS:
                i += 1
            if i >= n:
                self.toks.append(_Tok("eof", "", i))
                return
            c = s[i]
            if c.isascii() and (c.isalpha() or c == "_"):
                j = i + 1
                while j < n and s[j].isascii() and (s[j].isalnum() or s[j] == "_"):
                    j += 1
                self.toks.append(_Tok("ident", s[i:j], i))
                i = j
            elif c in "'`\"":
                val, i2 = self._quoted(i, c)
                self.toks.append(_Tok("str" if c == "'" else "bq", val, i))
                i = i2
            elif c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
                m = _NUM_RE.match(s, i)
                assert m is not None
                src = m.group(0)
                j = m.end()
                if j < n and s[j].isascii() and (s[j].isalnum() or s[j] == "_"):
                    self.fail(f"malformed number at position {i}")
                self.toks.append(_Tok("num", src, i, _num_value(src)))
                i = j
            elif c in "(),=.-+[]":
                self.toks.append(_Tok("punct", c, i))
                i += 1
            else:
                self.fail(f"unexpected character {c!r} at position {i}")

    def _quoted(self, start: int, q: str) -> tuple[str, int]:
        end = quoted_end(self.text, start)
        if end < 0:
            self.fail(f"unterminated quoted string starting at position {start}")
        try:
            return unescape(self.text[start + 1 : end - 1], q), end
        except EscapeError as exc:
            self.fail(str(exc))
            raise AssertionError from None  # pragma: no cover

    def peek(self, k: int = 0) -> _Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> _Tok:
        t = self.peek()
        self.i += 1
        return t

    def is_punct(self, ch: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t.kind == "punct" and t.text == ch

    def expect(self, ch: str) -> None:
        t = self.next()
        if t.kind != "punct" or t.text != ch:
            self.fail(f"expected {ch!r} at position {t.pos}, got {_describe(t)}")


def _describe(t: _Tok) -> str:
    return "end of input" if t.kind == "eof" else repr(t.text)


def _num_value(src: str) -> int | float:
    low = src.lower().replace("_", "")
    if low.startswith("0x"):
        return int(low, 16)
    if low.startswith("0b"):
        return int(low, 2)
    if any(ch in low for ch in ".e"):
        return float(low)
    return int(low)


class _Fail:
    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self, what: str) -> None:
        raise ChTypeError(f"invalid ClickHouse type {self.text!r}: {what}")


# --------------------------------------------------------------------------- raw syntax tree


@dataclass(frozen=True)
class _RawType:
    name: str  # as written; multi-word aliases joined with single spaces
    args: tuple[_RawArg, ...] | None  # None: no parentheses
    pos: int


@dataclass(frozen=True)
class _RawNamed:
    parts: tuple[str, ...]
    type: _RawType


@dataclass(frozen=True)
class _RawLit:
    value: int | float | str | None  # str = quoted string; None = NULL
    text: str
    is_str: bool = False


@dataclass(frozen=True)
class _RawEnum:
    name: str
    value: int | None


@dataclass(frozen=True)
class _RawSetting:
    key: str
    value: _RawLit


@dataclass(frozen=True)
class _RawSkip:
    path: str
    regexp: bool


@dataclass(frozen=True)
class _RawArray:
    items: tuple[_RawLit | _RawArray, ...]


@dataclass(frozen=True)
class _RawIdent:
    """A quoted identifier used where a value is expected (e.g. DateTime64(3, "UTC"))."""

    name: str


_RawArg: TypeAlias = _RawType | _RawNamed | _RawLit | _RawEnum | _RawSetting | _RawSkip | _RawArray | _RawIdent


class _Parser:
    def __init__(self, text: str) -> None:
        self.fail = _Fail(text)
        self.lx = _Lexer(text, self.fail)

    def parse(self) -> _RawType:
        t = self.type()
        end = self.lx.peek()
        if end.kind != "eof":
            self.fail(f"unexpected {_describe(end)} at position {end.pos} (trailing garbage)")
        return t

    def type(self) -> _RawType:
        lx = self.lx
        t = lx.next()
        if t.kind != "ident":
            self.fail(f"expected a type name at position {t.pos}, got {_describe(t)}")
        words = [t.text]
        while lx.peek().kind == "ident" and (" ".join([*words, lx.peek().text]).upper() in _ALIAS_PREFIXES):
            words.append(lx.next().text)
        args: tuple[_RawArg, ...] | None = None
        if lx.is_punct("("):
            lx.next()
            named = words[0] in ("Tuple", "Nested") or words[0].lower() == "json"
            args = self.arglist(named)
            if lx.peek().kind == "ident" and lx.peek().text.upper() in (
                "SIGNED",
                "UNSIGNED",
            ):
                words.append(lx.next().text)
        return _RawType(" ".join(words), args, t.pos)

    def arglist(self, named: bool) -> tuple[_RawArg, ...]:
        lx = self.lx
        out: list[_RawArg] = []
        while not lx.is_punct(")"):
            out.append(self.arg(named))
            if lx.is_punct(","):
                lx.next()
            elif not lx.is_punct(")"):
                t = lx.peek()
                self.fail(f"expected ',' or ')' at position {t.pos}, got {_describe(t)}")
        lx.next()
        return tuple(out)

    def literal(self) -> _RawLit | _RawArray:
        lx = self.lx
        t = lx.next()
        if t.kind == "punct" and t.text == "[":
            items: list[_RawLit | _RawArray] = []
            while not lx.is_punct("]"):
                items.append(self.literal())
                if lx.is_punct(","):
                    lx.next()
                elif not lx.is_punct("]"):
                    self.fail(f"expected ',' or ']' at position {lx.peek().pos}")
            lx.next()
            return _RawArray(tuple(items))
        if t.kind == "str":
            return _RawLit(t.text, t.text, True)
        sign = 1
        if t.kind == "punct" and t.text in "+-":
            sign = -1 if t.text == "-" else 1
            t = lx.next()
            if t.kind == "ident" and t.text.lower() in ("inf", "infinity", "nan"):
                return _RawLit(sign * float(t.text), t.text)
            if t.kind != "num":
                self.fail(f"expected a number at position {t.pos}, got {_describe(t)}")
        if t.kind == "num":
            assert t.value is not None
            return _RawLit(sign * t.value, t.text)
        if t.kind == "ident" and t.text.lower() in ("inf", "infinity", "nan"):
            return _RawLit(float(t.text), t.text)
        if t.kind == "ident" and t.text.upper() == "NULL":
            return _RawLit(None, "NULL")
        self.fail(f"expected a literal at position {t.pos}, got {_describe(t)}")
        raise AssertionError  # pragma: no cover

    def path(self) -> tuple[str, ...]:
        lx = self.lx
        parts = [lx.next().text]
        while lx.is_punct(".") and lx.peek(1).kind in ("ident", "bq"):
            lx.next()
            parts.append(lx.next().text)
        return tuple(parts)

    def arg(self, named: bool) -> _RawArg:
        lx = self.lx
        t = lx.peek()
        if t.kind == "str":
            lx.next()
            if lx.is_punct("="):
                lx.next()
                v = self.literal()
                if not isinstance(v, _RawLit) or not isinstance(v.value, int) or v.is_str:
                    self.fail(f"enum value for {t.text!r} must be an integer")
                assert isinstance(v, _RawLit) and isinstance(v.value, int)
                return _RawEnum(t.text, v.value)
            return _RawLit(t.text, t.text, True)
        if t.kind == "num" or (t.kind == "punct" and t.text in "+-["):
            return self.literal()
        if t.kind == "ident" and lx.is_punct("=", 1):
            lx.next()
            lx.next()
            lit = self.literal()
            if not isinstance(lit, _RawLit):
                self.fail(f"setting {t.text!r} needs a scalar value")
            assert isinstance(lit, _RawLit)
            return _RawSetting(t.text, lit)
        if named and t.kind == "ident" and t.text.upper() == "SKIP" and lx.peek(1).kind in ("ident", "bq"):
            lx.next()
            nxt = lx.peek()
            if nxt.kind == "ident" and nxt.text.upper() == "REGEXP" and lx.peek(1).kind == "str":
                lx.next()
                return _RawSkip(lx.next().text, True)
            if nxt.kind == "ident" and not lx.is_punct(".", 1) and lx.peek(1).kind == "ident":
                pass  # "SKIP Type" is not a skip clause; fall through to named element
            else:
                return _RawSkip(".".join(self.path()), False)
            lx.i -= 1
        if t.kind in ("ident", "bq"):
            # "name Type" (named element, JSON typed path) vs plain type.
            save = lx.i
            parts = self.path()
            if named and lx.peek().kind == "ident":
                return _RawNamed(parts, self.type())
            lx.i = save
            if t.kind == "bq":
                lx.next()
                return _RawIdent(t.text)
            if t.text.upper() == "NULL":
                lx.next()
                return _RawLit(None, "NULL")
            return self.type()
        self.fail(f"unexpected {_describe(t)} at position {t.pos}")
        raise AssertionError  # pragma: no cover


# --------------------------------------------------------------------------- semantic build


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.fail = _Fail(text)

    def family(self, raw: _RawType) -> str:
        name = raw.name
        if name in _FAMILIES:
            return name
        if name.lower() in _CASE_INSENSITIVE:
            return _CASE_INSENSITIVE[name.lower()]
        up = " ".join(name.split()).upper()
        if up in _ALIASES:
            return _ALIASES[up]
        if name in _CASE_SENSITIVE_ALIASES:
            return _CASE_SENSITIVE_ALIASES[name]
        self.fail(f"unknown type {name!r}")
        raise AssertionError  # pragma: no cover

    def types(self, raw: _RawType, fam: str) -> list[ChType]:
        out = []
        for a in raw.args or ():
            if not isinstance(a, _RawType):
                self.fail(f"{fam} expects data types as arguments")
            assert isinstance(a, _RawType)
            out.append(self.build(a))
        return out

    def uint(self, a: _RawArg, what: str) -> int:
        if isinstance(a, _RawLit) and isinstance(a.value, int) and not a.is_str:
            if a.value < 0:
                self.fail(f"{what} must not be negative, got {a.value}")
            return a.value
        self.fail(f"{what} must be an unsigned integer literal")
        raise AssertionError  # pragma: no cover

    def build(self, raw: _RawType) -> ChType:
        fam = self.family(raw)
        args = raw.args
        n = len(args) if args is not None else 0
        method = getattr(self, "b_" + fam, None)
        if method is not None:
            result: ChType = method(raw, args or ())
            return result
        if fam in _INTS or fam in _FLOATS or fam == "String":
            limit = 2 if fam in _FLOATS else 1
            if n > limit:
                self.fail(f"{fam} accepts at most {limit} numeric argument(s), got {n}")
            for a in args or ():
                self.uint(a, f"{fam} argument")
            return ChType(fam)
        if fam in _NO_ARGS:
            if args:
                self.fail(f"data type {fam} cannot have arguments")
            return ChType(fam)
        raise AssertionError(fam)  # pragma: no cover

    # -- wrappers
    def one_type(self, raw: _RawType, fam: str, args: tuple[_RawArg, ...]) -> ChType:
        if len(args) != 1 or not isinstance(args[0], _RawType):
            self.fail(f"{fam} must have exactly one argument - a data type")
        assert isinstance(args[0], _RawType)
        return self.build(args[0])

    def b_Nullable(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        inner = self.one_type(raw, "Nullable", args)
        if inner.name in _NOT_IN_NULLABLE:
            self.fail(f"{format_type(inner)} cannot be inside Nullable")
        return ChType("Nullable", (inner,))

    def b_LowCardinality(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        inner = self.one_type(raw, "LowCardinality", args)
        base = inner.args[0] if inner.name == "Nullable" else inner
        assert isinstance(base, ChType)
        if base.name not in _LC_INNER:
            self.fail(
                f"LowCardinality is supported only for numbers, strings, Date or DateTime, not {format_type(inner)}"
            )
        return ChType("LowCardinality", (inner,))

    def b_Array(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return ChType("Array", (self.one_type(raw, "Array", args),))

    def b_Map(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        ts = self.types(raw, "Map")
        if len(ts) != 2:
            self.fail(f"Map must have two arguments (key and value types), got {len(ts)}")
        k = ts[0]
        if k.name == "Nullable" or (
            k.name == "LowCardinality" and isinstance(k.args[0], ChType) and k.args[0].name == "Nullable"
        ):
            self.fail(f"Map cannot have a key of type {format_type(k)}")
        return ChType("Map", (ts[0], ts[1]))

    def elements(self, fam: str, args: tuple[_RawArg, ...]) -> tuple[TypeArg, ...]:
        named = [isinstance(a, _RawNamed) for a in args]
        if any(named) and not all(named):
            self.fail(f"names are specified not for all elements of {fam}")
        out: list[TypeArg] = []
        seen: set[str] = set()
        for a in args:
            if isinstance(a, _RawNamed):
                if len(a.parts) != 1:
                    self.fail(f"{fam} element name {'.'.join(a.parts)!r} must be quoted")
                name = a.parts[0]
                if name in seen:
                    self.fail(f"duplicate {fam} element name {name!r}")
                if name == "null":
                    self.fail(f"{fam} element name 'null' is reserved")
                seen.add(name)
                out.append(NamedType(name, self.build(a.type)))
            elif isinstance(a, _RawType):
                out.append(self.build(a))
            else:
                self.fail(f"{fam} arguments must be data types")
        return tuple(out)

    def b_Tuple(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return ChType("Tuple", self.elements("Tuple", args))

    def b_Nested(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if not args:
            self.fail("Nested cannot be empty")
        if not all(isinstance(a, _RawNamed) for a in args):
            self.fail("Nested elements must be 'name Type'")
        return ChType("Nested", self.elements("Nested", args))

    def b_Variant(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        byname: dict[str, ChType] = {}
        for t in self.types(raw, "Variant"):
            if t.name in ("Nullable", "Variant", "Dynamic") or (
                t.name == "LowCardinality" and isinstance(t.args[0], ChType) and t.args[0].name == "Nullable"
            ):
                self.fail(f"{format_type(t)} is not allowed inside Variant")
            if t.name != "Nothing":
                byname[format_type(t)] = t
        if not byname:
            self.fail("Variant must have at least one nested type")
        return ChType("Variant", tuple(byname[k] for k in sorted(byname)))

    def b_Dynamic(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if not args:
            return ChType("Dynamic")
        a = args[0]
        if len(args) != 1 or not isinstance(a, _RawSetting) or a.key != "max_types":
            self.fail("Dynamic takes only one optional argument 'max_types=N'")
        assert isinstance(a, _RawSetting)
        v = self.uint(a.value, "max_types")
        if v > 254:
            self.fail(f"max_types must be between 0 and 254, got {v}")
        return ChType("Dynamic", (Setting("max_types", v),))

    def b_JSON(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        settings: dict[str, int] = {}
        typed: dict[str, ChType] = {}
        skips: set[str] = set()
        regexps: set[str] = set()
        limits = {"max_dynamic_types": 254, "max_dynamic_paths": 10000}
        for a in args:
            if isinstance(a, _RawSetting):
                if a.key not in limits:
                    self.fail(f"unknown JSON parameter {a.key!r}")
                v = self.uint(a.value, a.key)
                if v > limits[a.key]:
                    self.fail(f"{a.key} must be between 0 and {limits[a.key]}, got {v}")
                settings[a.key] = v
            elif isinstance(a, _RawNamed):
                p = ".".join(a.parts)
                if p in typed:
                    self.fail(f"duplicated JSON path {p!r}")
                typed[p] = self.build(a.type)
                if "AggregateFunction(" in format_type(typed[p]):
                    self.fail(f"JSON path {p!r} cannot have an AggregateFunction type")
            elif isinstance(a, _RawSkip):
                (regexps if a.regexp else skips).add(a.path)
            else:
                self.fail("JSON arguments must be 'key=N', 'path Type', 'SKIP path' or 'SKIP REGEXP'")
        for p in typed:
            for s in skips:
                if p == s or p.startswith(s + "."):
                    self.fail(f"JSON path {p!r} has a type and matches SKIP prefix {s!r}")
            for r in regexps:
                try:
                    hit = re.search(r, p) is not None
                except re.error:  # RE2 syntax that Python's re does not know: leave it to the server
                    hit = False
                if hit:
                    self.fail(f"JSON path {p!r} has a type and matches SKIP REGEXP {r!r}")
        out: list[TypeArg] = [Setting(k, settings[k]) for k in limits if k in settings]
        out += [NamedType(p, typed[p]) for p in sorted(typed)]
        out += [JsonSkip(s) for s in sorted(skips)]
        out += [JsonSkip(r, True) for r in sorted(regexps)]
        return ChType("JSON", tuple(out))

    def b_Object(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        a = args[0] if len(args) == 1 else None
        if not isinstance(a, _RawLit) or not a.is_str or str(a.value).lower() != "json":
            self.fail("Object type must be Object('json')")
        return ChType("Object", (Quoted("json"),))

    # -- numbers / dates
    def b_FixedString(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if len(args) != 1:
            self.fail("FixedString must have exactly one argument - size in bytes")
        v = self.uint(args[0], "FixedString size")
        if not 1 <= v <= MAX_FIXEDSTRING:
            self.fail(f"FixedString size must be between 1 and {MAX_FIXEDSTRING}, got {v}")
        return ChType("FixedString", (v,))

    def decimal(self, p: int, s: int) -> ChType:
        if not 1 <= p <= MAX_DECIMAL_PRECISION:
            self.fail(f"Decimal precision must be between 1 and {MAX_DECIMAL_PRECISION}, got {p}")
        if not 0 <= s <= p:
            self.fail(f"Decimal scale must be between 0 and precision {p}, got {s}")
        return ChType("Decimal", (p, s))

    def b_Decimal(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if len(args) > 2:
            self.fail("Decimal takes precision and optional scale")
        p = self.uint(args[0], "Decimal precision") if args else 10
        s = self.uint(args[1], "Decimal scale") if len(args) == 2 else 0
        return self.decimal(p, s)

    def _decimal_n(self, fam: str, args: tuple[_RawArg, ...]) -> ChType:
        if len(args) != 1:
            self.fail(f"{fam} must have exactly one argument - scale")
        return self.decimal(_DECIMAL_BITS[fam], self.uint(args[0], f"{fam} scale"))

    def b_Decimal32(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal32", args)

    def b_Decimal64(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal64", args)

    def b_Decimal128(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal128", args)

    def b_Decimal256(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal256", args)

    def tz(self, a: _RawArg) -> tuple[TypeArg, ...]:
        # ClickHouse silently ignores a time zone argument that is not a string literal.
        if isinstance(a, _RawLit) and a.is_str and a.value:
            return (Quoted(str(a.value)),)
        return ()

    def datetime64(self, args: tuple[_RawArg, ...], fam: str = "DateTime64") -> ChType:
        if len(args) > 2:
            self.fail(f"{fam} takes an optional scale and time zone")
        p = self.uint(args[0], f"{fam} scale") if args else 3
        if p > 9:
            self.fail(f"{fam} scale {p} is too large, maximum is 9")
        return ChType("DateTime64", (p, *(self.tz(args[1]) if len(args) == 2 else ())))

    def b_DateTime(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if not args:
            return ChType("DateTime")
        first = args[0]
        if isinstance(first, _RawLit) and isinstance(first.value, int) and not first.is_str:
            return self.datetime64(args, "DateTime")
        if len(args) > 2 or not (isinstance(first, _RawLit) and first.is_str):
            self.fail("DateTime takes an optional time zone string")
        return ChType("DateTime", self.tz(first))

    def b_DateTime32(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if args and not (isinstance(args[0], _RawLit) and args[0].is_str):
            self.fail("DateTime32 takes an optional time zone string")
        return self.b_DateTime(raw, args)

    def b_DateTime64(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self.datetime64(args)

    def b_Time(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if not args:
            return ChType("Time")
        if len(args) == 1 and isinstance(args[0], _RawLit) and isinstance(args[0].value, int):
            return self.b_Time64(raw, args)
        self.fail("Time takes no time zone; use Time or Time64(p)")
        raise AssertionError  # pragma: no cover

    def b_Time64(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if len(args) > 1:
            self.fail("Time64 takes an optional scale")
        p = self.uint(args[0], "Time64 scale") if args else 3
        if p > 9:
            self.fail(f"Time64 scale {p} is too large, maximum is 9")
        return ChType("Time64", (p,))

    def b_QBit(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        if len(args) != 2 or not isinstance(args[0], _RawType):
            self.fail("QBit must have two arguments: element type and dimension")
        assert isinstance(args[0], _RawType)
        dim = self.uint(args[1], "QBit dimension")
        if dim == 0:
            self.fail("QBit dimension must be positive")
        return ChType("QBit", (self.build(args[0]), dim))

    # -- enums
    def enum(self, fam: str, args: tuple[_RawArg, ...]) -> ChType:
        if not args:
            self.fail("Enum cannot be empty")
        members: list[EnumMember] = []
        prev: int | None = None
        implicit = False
        for a in args:
            if isinstance(a, _RawEnum):
                name, val = a.name, a.value
            elif isinstance(a, _RawLit) and a.is_str:
                name, val = str(a.value), None
            else:
                self.fail("Enum elements must be 'name' = integer or 'name'")
                raise AssertionError  # pragma: no cover
            if val is None:
                implicit = True
                val = 1 if prev is None else prev + 1
            elif implicit and prev is not None and val <= prev:
                self.fail("Enum values must increase when some values are implicit")
            prev = val
            members.append(EnumMember(name, val))
        names = [m.name for m in members]
        values = [m.value for m in members]
        if len(set(names)) != len(names):
            self.fail(f"duplicate names in Enum: {sorted({x for x in names if names.count(x) > 1})}")
        if len(set(values)) != len(values):
            self.fail(f"duplicate values in Enum: {sorted({x for x in values if values.count(x) > 1})}")
        lo, hi = min(values), max(values)
        if fam == "Enum":
            fam = "Enum8" if ENUM8_RANGE[0] <= lo and hi <= ENUM8_RANGE[1] else "Enum16"
        rng = ENUM8_RANGE if fam == "Enum8" else ENUM16_RANGE
        if lo < rng[0] or hi > rng[1]:
            bad = lo if lo < rng[0] else hi
            self.fail(f"value {bad} exceeds range of {fam} [{rng[0]}, {rng[1]}]")
        members.sort(key=lambda m: m.value)
        return ChType(fam, tuple(members))

    def b_Enum(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self.enum("Enum", args)

    def b_Enum8(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self.enum("Enum8", args)

    def b_Enum16(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self.enum("Enum16", args)

    # -- aggregate functions
    def agg_name(self, name: str) -> str:
        def base(n: str) -> str | None:
            if n in _AGG_ALIASES:
                return _AGG_ALIASES[n]
            if n.lower() in _AGG_CI_ALIASES:
                return _AGG_CI_ALIASES[n.lower()]
            if n.lower() in _AGG_CI:
                return _AGG_CI[n.lower()]
            return None

        resolved = base(name)
        if resolved is not None:
            return resolved
        for comb in _AGG_COMBINATORS:
            if name.endswith(comb) and len(name) > len(comb):
                inner = self.agg_name(name[: -len(comb)])
                if inner != name[: -len(comb)]:
                    return inner + comb
        return name

    def agg_param(self, a: _RawArg) -> AggParam:
        if isinstance(a, _RawArray):
            return tuple(self.agg_param(x) for x in a.items)
        if isinstance(a, _RawLit):
            if a.is_str:
                return Quoted(str(a.value))
            assert not isinstance(a.value, str)
            return a.value
        self.fail("aggregate function parameters must be literals")
        raise AssertionError  # pragma: no cover

    def aggregate(self, fam: str, args: tuple[_RawArg, ...]) -> ChType:
        rest = list(args)
        version: int | None = None
        if fam == "AggregateFunction" and rest and isinstance(rest[0], _RawLit):
            version = self.uint(rest.pop(0), "AggregateFunction version")
        if not rest or not isinstance(rest[0], _RawType):
            self.fail(f"{fam} must have an aggregate function as its first argument")
        f = rest.pop(0)
        assert isinstance(f, _RawType)
        if not _IDENT_RE.match(f.name):
            self.fail(f"invalid aggregate function name {f.name!r}")
        name = self.agg_name(f.name)
        params: tuple[AggParam, ...] | None = None
        if f.args:
            params = tuple(self.agg_param(p) for p in f.args)
        types: list[ChType] = []
        for r in rest:
            if not isinstance(r, _RawType):
                self.fail(f"{fam} arguments after the function must be data types")
            assert isinstance(r, _RawType)
            types.append(self.build(r))
        if fam == "SimpleAggregateFunction":
            if name not in SIMPLE_AGGREGATE_FUNCTIONS:
                self.fail(f"unsupported function {name!r} for SimpleAggregateFunction")
            if not types:
                self.fail("SimpleAggregateFunction must have a data type argument")
            return ChType(fam, (AggFunc(name, params), *types))
        if version is None:
            version = 0
            stripped = name
            for comb in _AGG_COMBINATORS:
                if stripped.endswith(comb) and stripped[: -len(comb)] in _AGG_VERSIONED | _AGG_VERSIONED_MAPS:
                    stripped = stripped[: -len(comb)]
            if stripped in _AGG_VERSIONED or (
                stripped in _AGG_VERSIONED_MAPS and not (len(types) == 1 and types[0].name == "Map")
            ):
                version = 1
        return ChType(fam, (AggFunc(name, params, version), *types))

    def b_AggregateFunction(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self.aggregate("AggregateFunction", args)

    def b_SimpleAggregateFunction(self, raw: _RawType, args: tuple[_RawArg, ...]) -> ChType:
        return self.aggregate("SimpleAggregateFunction", args)


# --------------------------------------------------------------------------- formatting


def quote_string(s: str) -> str:
    """Single-quote ``s`` exactly as ClickHouse does."""
    return escape(s, "'")


def quote_name(name: str) -> str:
    """Backquote an element name if ClickHouse would."""
    if _IDENT_RE.match(name) and name.lower() not in _QUOTED_WORDS:
        return name
    return escape(name, "`")


def _format_float(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    # repr() gives the shortest round-trip digits, as ClickHouse's formatter does.
    dec = decimal.Decimal(repr(abs(x))).as_tuple()
    assert isinstance(dec.exponent, int)
    digits = "".join(map(str, dec.digits)).lstrip("0")
    exp10 = len("".join(map(str, dec.digits))) - 1 + dec.exponent
    if digits:
        exp10 -= len("".join(map(str, dec.digits))) - len(digits)
    digits = digits.rstrip("0") or "0"
    if digits == "0":
        return sign + "0."
    if exp10 < -6 or exp10 >= 21:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{exp10}"
    if exp10 >= 0:
        if len(digits) <= exp10 + 1:
            return sign + digits + "0" * (exp10 + 1 - len(digits)) + "."
        return sign + digits[: exp10 + 1] + "." + digits[exp10 + 1 :]
    return sign + "0." + "0" * (-exp10 - 1) + digits


def _format_param(p: AggParam) -> str:
    if p is None:
        return "NULL"
    if isinstance(p, Quoted):
        return quote_string(p.value)
    if isinstance(p, tuple):
        return "[" + ", ".join(_format_param(x) for x in p) + "]"
    if isinstance(p, float):
        return _format_float(p)
    return str(p)


def _format_arg(a: TypeArg) -> str:
    if isinstance(a, ChType):
        return format_type(a)
    if isinstance(a, bool):  # pragma: no cover - defensive
        raise TypeError("bool is not a type argument")
    if isinstance(a, int):
        return str(a)
    if isinstance(a, Quoted):
        return quote_string(a.value)
    if isinstance(a, EnumMember):
        return f"{quote_string(a.name)} = {a.value}"
    if isinstance(a, NamedType):
        return f"{quote_name(a.name)} {format_type(a.type)}"
    if isinstance(a, Setting):
        return f"{a.key}={a.value}"
    if isinstance(a, JsonSkip):
        return f"SKIP REGEXP {quote_string(a.path)}" if a.regexp else f"SKIP {quote_name(a.path)}"
    if isinstance(a, AggFunc):
        s = a.name
        if a.params:
            s += "(" + ", ".join(_format_param(p) for p in a.params) + ")"
        return f"{a.version}, {s}" if a.version else s
    raise TypeError(f"unsupported type argument {a!r}")


def format_type(t: ChType) -> str:
    """Canonical spelling of ``t`` (as ClickHouse prints it in ``system.columns``)."""
    if not t.args:
        return "Tuple()" if t.name == "Tuple" else t.name
    return f"{t.name}({', '.join(_format_arg(a) for a in t.args)})"


# --------------------------------------------------------------------------- public API


MAX_TYPE_LENGTH = 64 * 1024  # characters of one type (an Enum16 of a thousand long names fits)
MAX_TYPE_DEPTH = 32  # nested brackets (ClickHouse's own types of real schemas stay under 10)


def _check_size(text: str) -> None:
    """Limits checked before parsing, so that no input can exhaust the parser (it recurses per level)."""
    if len(text) > MAX_TYPE_LENGTH:
        raise ChTypeError(f"type is {len(text)} characters long; the limit is {MAX_TYPE_LENGTH}")
    depth = deepest = 0
    quote = ""
    escaped = False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'`\"":
            quote = ch
        elif ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    if deepest > MAX_TYPE_DEPTH:
        raise ChTypeError(f"type nests {deepest} levels deep; the limit is {MAX_TYPE_DEPTH}")


def parse_type(text: str) -> ChType:
    """Parse and validate a ClickHouse type spelling into its canonical :class:`ChType`."""
    if not isinstance(text, str):
        raise ChTypeError(f"invalid ClickHouse type {text!r}: expected a string")
    if not text.strip():
        raise ChTypeError(f"invalid ClickHouse type {text!r}: empty type")
    _check_size(text)
    raw = _Parser(text).parse()
    return _Builder(text).build(raw)


@functools.lru_cache(maxsize=4096)
def normalize_type(text: str) -> str:
    """Canonical spelling of a type given as text; raises :class:`ChTypeError`. Memoized: schemas repeat a few
    types across thousands of columns."""
    return format_type(parse_type(text))


def _unwrap_lc(t: ChType) -> ChType:
    if t.name == "LowCardinality":
        inner = t.args[0]
        assert isinstance(inner, ChType)
        return inner
    return t


def _int_safe(old: str, new: str) -> bool:
    os_, ob = _INTS[old]
    ns, nb = _INTS[new]
    if os_ == ns:
        return nb >= ob
    return ns and not os_ and nb > ob


def _tz(t: ChType) -> str | None:
    for a in t.args:
        if isinstance(a, Quoted):
            return a.value
    return None


def _safe(o: ChType, n: ChType) -> bool:
    o, n = _unwrap_lc(o), _unwrap_lc(n)
    if o == n:
        return True
    if n.name == "Nullable":
        inner = n.args[0]
        assert isinstance(inner, ChType)
        if o.name == "Nullable":
            oi = o.args[0]
            assert isinstance(oi, ChType)
            return _safe(oi, inner)
        return _safe(o, inner)
    if o.name == "Nullable":
        return False
    if n.name == "Variant":
        if o.name == "Variant":
            return set(o.args) <= set(n.args)
        return o in n.args
    on, nn = o.name, n.name
    if on == "Bool" and nn in _INTS:
        return True
    if on in _INTS and nn in _INTS:
        return _int_safe(on, nn)
    if on in _INTS and nn in _FLOATS:
        return _INTS[on][1] <= (16 if nn == "Float32" else 32)
    if on in ("Float32", "BFloat16") and nn == "Float64":
        return True
    if on == "BFloat16" and nn == "Float32":
        return True
    if on == "FixedString" and nn == "String":
        return True
    if on == "Date" and nn == "Date32":
        return True
    if on == "DateTime" and nn == "DateTime64":
        return _tz(o) == _tz(n)
    if on == "DateTime64" and nn == "DateTime64":
        op, np_ = o.args[0], n.args[0]
        assert isinstance(op, int) and isinstance(np_, int)
        return _tz(o) == _tz(n) and np_ >= op and (np_ <= 8 or op == 9)
    if on == "Time" and nn == "Time64":
        return True
    if on in ("Enum8", "Enum16") and nn in ("Enum8", "Enum16"):
        if on == "Enum16" and nn == "Enum8":
            return False
        return set(o.args) <= set(n.args)
    if on == "Decimal" and nn == "Decimal":
        op, os_, np_, ns = o.args[0], o.args[1], n.args[0], n.args[1]
        assert isinstance(op, int) and isinstance(os_, int)
        assert isinstance(np_, int) and isinstance(ns, int)
        return ns >= os_ and np_ - ns >= op - os_
    if on == nn == "Array" or on == nn == "Map":
        return len(o.args) == len(n.args) and all(
            isinstance(a, ChType) and isinstance(b, ChType) and _safe(a, b) for a, b in zip(o.args, n.args, strict=True)
        )
    if on == nn and on in ("Tuple", "Nested"):
        if len(o.args) != len(n.args):
            return False
        for a, b in zip(o.args, n.args, strict=True):
            if isinstance(a, NamedType) and isinstance(b, NamedType):
                if a.name != b.name or not _safe(a.type, b.type):
                    return False
            elif isinstance(a, ChType) and isinstance(b, ChType):
                if not _safe(a, b):
                    return False
            else:
                return False
        return True
    return False


def type_change_risk(old: str, new: str) -> Literal["safe", "risky"]:
    """Whether ``ALTER TABLE ... MODIFY COLUMN`` from ``old`` to ``new`` can fail or lose data."""
    return "safe" if _safe(parse_type(old), parse_type(new)) else "risky"


_WIDTHS = {
    "Bool": 1, "Float32": 4, "Float64": 8, "BFloat16": 2, "Date": 2, "Date32": 4,
    "DateTime": 4, "DateTime64": 8, "Time": 4, "Time64": 8, "Enum8": 1, "Enum16": 2,
}  # fmt: skip


def byte_width(text: str) -> int | None:
    """Fixed in-memory size in bytes of a numeric / date type, ``None`` for anything else."""
    t = parse_type(text)
    if t.name in _INTS:
        return _INTS[t.name][1] // 8
    if t.name in _WIDTHS:
        return _WIDTHS[t.name]
    if t.name == "Decimal":
        p = t.args[0]
        assert isinstance(p, int)
        return 4 if p <= 9 else 8 if p <= 18 else 16 if p <= 38 else 32
    return None
