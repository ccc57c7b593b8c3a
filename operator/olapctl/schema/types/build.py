"""From a raw syntax tree (syntax.py) to the canonical ChType: family names and aliases resolved, arguments checked
as ClickHouse checks them. Pure.
"""

from __future__ import annotations

import re

from olapctl.schema.types import names
from olapctl.schema.types.format import format_type
from olapctl.schema.types.model import (
    AggFunc,
    AggParam,
    ChType,
    EnumMember,
    JsonSkip,
    NamedType,
    Quoted,
    Setting,
    TypeArg,
)
from olapctl.schema.types.syntax import Fail, RawArg, RawArray, RawEnum, RawLit, RawNamed, RawSetting, RawSkip, RawType


class Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.fail = Fail(text)

    def family(self, raw: RawType) -> str:
        name = raw.name
        if name in names.FAMILIES:
            return name
        if name.lower() in names.CASE_INSENSITIVE:
            return names.CASE_INSENSITIVE[name.lower()]
        up = " ".join(name.split()).upper()
        if up in names.ALIASES:
            return names.ALIASES[up]
        if name in names.CASE_SENSITIVE_ALIASES:
            return names.CASE_SENSITIVE_ALIASES[name]
        self.fail(f"unknown type {name!r}")
        raise AssertionError  # pragma: no cover

    def types(self, raw: RawType, fam: str) -> list[ChType]:
        out = []
        for a in raw.args or ():
            if not isinstance(a, RawType):
                self.fail(f"{fam} expects data types as arguments")
            assert isinstance(a, RawType)
            out.append(self.build(a))
        return out

    def uint(self, a: RawArg, what: str) -> int:
        if isinstance(a, RawLit) and isinstance(a.value, int) and not a.is_str:
            if a.value < 0:
                self.fail(f"{what} must not be negative, got {a.value}")
            return a.value
        self.fail(f"{what} must be an unsigned integer literal")
        raise AssertionError  # pragma: no cover

    def build(self, raw: RawType) -> ChType:
        fam = self.family(raw)
        args = raw.args
        n = len(args) if args is not None else 0
        method = getattr(self, "b_" + fam, None)
        if method is not None:
            result: ChType = method(raw, args or ())
            return result
        if fam in names.INTS or fam in names.FLOATS or fam == "String":
            limit = 2 if fam in names.FLOATS else 1
            if n > limit:
                self.fail(f"{fam} accepts at most {limit} numeric argument(s), got {n}")
            for a in args or ():
                self.uint(a, f"{fam} argument")
            return ChType(fam)
        if fam in names.NO_ARGS:
            if args:
                self.fail(f"data type {fam} cannot have arguments")
            return ChType(fam)
        raise AssertionError(fam)  # pragma: no cover

    # -- wrappers
    def one_type(self, raw: RawType, fam: str, args: tuple[RawArg, ...]) -> ChType:
        if len(args) != 1 or not isinstance(args[0], RawType):
            self.fail(f"{fam} must have exactly one argument - a data type")
        assert isinstance(args[0], RawType)
        return self.build(args[0])

    def b_Nullable(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        inner = self.one_type(raw, "Nullable", args)
        if inner.name in names.NOT_IN_NULLABLE:
            self.fail(f"{format_type(inner)} cannot be inside Nullable")
        return ChType("Nullable", (inner,))

    def b_LowCardinality(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        inner = self.one_type(raw, "LowCardinality", args)
        base = inner.args[0] if inner.name == "Nullable" else inner
        assert isinstance(base, ChType)
        if base.name not in names.LC_INNER:
            self.fail(
                f"LowCardinality is supported only for numbers, strings, Date or DateTime, not {format_type(inner)}"
            )
        return ChType("LowCardinality", (inner,))

    def b_Array(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return ChType("Array", (self.one_type(raw, "Array", args),))

    def b_Map(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        ts = self.types(raw, "Map")
        if len(ts) != 2:
            self.fail(f"Map must have two arguments (key and value types), got {len(ts)}")
        k = ts[0]
        if k.name == "Nullable" or (
            k.name == "LowCardinality" and isinstance(k.args[0], ChType) and k.args[0].name == "Nullable"
        ):
            self.fail(f"Map cannot have a key of type {format_type(k)}")
        return ChType("Map", (ts[0], ts[1]))

    def elements(self, fam: str, args: tuple[RawArg, ...]) -> tuple[TypeArg, ...]:
        named = [isinstance(a, RawNamed) for a in args]
        if any(named) and not all(named):
            self.fail(f"names are specified not for all elements of {fam}")
        out: list[TypeArg] = []
        seen: set[str] = set()
        for a in args:
            if isinstance(a, RawNamed):
                if len(a.parts) != 1:
                    self.fail(f"{fam} element name {'.'.join(a.parts)!r} must be quoted")
                name = a.parts[0]
                if name in seen:
                    self.fail(f"duplicate {fam} element name {name!r}")
                if name == "null":
                    self.fail(f"{fam} element name 'null' is reserved")
                seen.add(name)
                out.append(NamedType(name, self.build(a.type)))
            elif isinstance(a, RawType):
                out.append(self.build(a))
            else:
                self.fail(f"{fam} arguments must be data types")
        return tuple(out)

    def b_Tuple(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return ChType("Tuple", self.elements("Tuple", args))

    def b_Nested(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if not args:
            self.fail("Nested cannot be empty")
        if not all(isinstance(a, RawNamed) for a in args):
            self.fail("Nested elements must be 'name Type'")
        return ChType("Nested", self.elements("Nested", args))

    def b_Variant(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
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

    def b_Dynamic(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if not args:
            return ChType("Dynamic")
        a = args[0]
        if len(args) != 1 or not isinstance(a, RawSetting) or a.key != "max_types":
            self.fail("Dynamic takes only one optional argument 'max_types=N'")
        assert isinstance(a, RawSetting)
        v = self.uint(a.value, "max_types")
        if v > 254:
            self.fail(f"max_types must be between 0 and 254, got {v}")
        return ChType("Dynamic", (Setting("max_types", v),))

    def b_JSON(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        settings: dict[str, int] = {}
        typed: dict[str, ChType] = {}
        skips: set[str] = set()
        regexps: set[str] = set()
        limits = {"max_dynamic_types": 254, "max_dynamic_paths": 10000}
        for a in args:
            if isinstance(a, RawSetting):
                if a.key not in limits:
                    self.fail(f"unknown JSON parameter {a.key!r}")
                v = self.uint(a.value, a.key)
                if v > limits[a.key]:
                    self.fail(f"{a.key} must be between 0 and {limits[a.key]}, got {v}")
                settings[a.key] = v
            elif isinstance(a, RawNamed):
                p = ".".join(a.parts)
                if p in typed:
                    self.fail(f"duplicated JSON path {p!r}")
                typed[p] = self.build(a.type)
                if "AggregateFunction(" in format_type(typed[p]):
                    self.fail(f"JSON path {p!r} cannot have an AggregateFunction type")
            elif isinstance(a, RawSkip):
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

    def b_Object(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        a = args[0] if len(args) == 1 else None
        if not isinstance(a, RawLit) or not a.is_str or str(a.value).lower() != "json":
            self.fail("Object type must be Object('json')")
        return ChType("Object", (Quoted("json"),))

    # -- numbers / dates
    def b_FixedString(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if len(args) != 1:
            self.fail("FixedString must have exactly one argument - size in bytes")
        v = self.uint(args[0], "FixedString size")
        if not 1 <= v <= names.MAX_FIXEDSTRING:
            self.fail(f"FixedString size must be between 1 and {names.MAX_FIXEDSTRING}, got {v}")
        return ChType("FixedString", (v,))

    def decimal(self, p: int, s: int) -> ChType:
        if not 1 <= p <= names.MAX_DECIMAL_PRECISION:
            self.fail(f"Decimal precision must be between 1 and {names.MAX_DECIMAL_PRECISION}, got {p}")
        if not 0 <= s <= p:
            self.fail(f"Decimal scale must be between 0 and precision {p}, got {s}")
        return ChType("Decimal", (p, s))

    def b_Decimal(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if len(args) > 2:
            self.fail("Decimal takes precision and optional scale")
        p = self.uint(args[0], "Decimal precision") if args else 10
        s = self.uint(args[1], "Decimal scale") if len(args) == 2 else 0
        return self.decimal(p, s)

    def _decimal_n(self, fam: str, args: tuple[RawArg, ...]) -> ChType:
        if len(args) != 1:
            self.fail(f"{fam} must have exactly one argument - scale")
        return self.decimal(names.DECIMAL_BITS[fam], self.uint(args[0], f"{fam} scale"))

    def b_Decimal32(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal32", args)

    def b_Decimal64(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal64", args)

    def b_Decimal128(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal128", args)

    def b_Decimal256(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self._decimal_n("Decimal256", args)

    def tz(self, a: RawArg) -> tuple[TypeArg, ...]:
        # ClickHouse silently ignores a time zone argument that is not a string literal.
        if isinstance(a, RawLit) and a.is_str and a.value:
            return (Quoted(str(a.value)),)
        return ()

    def datetime64(self, args: tuple[RawArg, ...], fam: str = "DateTime64") -> ChType:
        if len(args) > 2:
            self.fail(f"{fam} takes an optional scale and time zone")
        p = self.uint(args[0], f"{fam} scale") if args else 3
        if p > 9:
            self.fail(f"{fam} scale {p} is too large, maximum is 9")
        return ChType("DateTime64", (p, *(self.tz(args[1]) if len(args) == 2 else ())))

    def b_DateTime(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if not args:
            return ChType("DateTime")
        first = args[0]
        if isinstance(first, RawLit) and isinstance(first.value, int) and not first.is_str:
            return self.datetime64(args, "DateTime")
        if len(args) > 2 or not (isinstance(first, RawLit) and first.is_str):
            self.fail("DateTime takes an optional time zone string")
        return ChType("DateTime", self.tz(first))

    def b_DateTime32(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if args and not (isinstance(args[0], RawLit) and args[0].is_str):
            self.fail("DateTime32 takes an optional time zone string")
        return self.b_DateTime(raw, args)

    def b_DateTime64(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self.datetime64(args)

    def b_Time(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if not args:
            return ChType("Time")
        if len(args) == 1 and isinstance(args[0], RawLit) and isinstance(args[0].value, int):
            return self.b_Time64(raw, args)
        self.fail("Time takes no time zone; use Time or Time64(p)")
        raise AssertionError  # pragma: no cover

    def b_Time64(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if len(args) > 1:
            self.fail("Time64 takes an optional scale")
        p = self.uint(args[0], "Time64 scale") if args else 3
        if p > 9:
            self.fail(f"Time64 scale {p} is too large, maximum is 9")
        return ChType("Time64", (p,))

    def b_QBit(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        if len(args) != 2 or not isinstance(args[0], RawType):
            self.fail("QBit must have two arguments: element type and dimension")
        assert isinstance(args[0], RawType)
        dim = self.uint(args[1], "QBit dimension")
        if dim == 0:
            self.fail("QBit dimension must be positive")
        return ChType("QBit", (self.build(args[0]), dim))

    # -- enums
    def enum(self, fam: str, args: tuple[RawArg, ...]) -> ChType:
        if not args:
            self.fail("Enum cannot be empty")
        members: list[EnumMember] = []
        prev: int | None = None
        implicit = False
        for a in args:
            if isinstance(a, RawEnum):
                name, val = a.name, a.value
            elif isinstance(a, RawLit) and a.is_str:
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
        labels = [m.name for m in members]
        values = [m.value for m in members]
        if len(set(labels)) != len(labels):
            self.fail(f"duplicate names in Enum: {sorted({x for x in labels if labels.count(x) > 1})}")
        if len(set(values)) != len(values):
            self.fail(f"duplicate values in Enum: {sorted({x for x in values if values.count(x) > 1})}")
        lo, hi = min(values), max(values)
        if fam == "Enum":
            fam = "Enum8" if names.ENUM8_RANGE[0] <= lo and hi <= names.ENUM8_RANGE[1] else "Enum16"
        rng = names.ENUM8_RANGE if fam == "Enum8" else names.ENUM16_RANGE
        if lo < rng[0] or hi > rng[1]:
            bad = lo if lo < rng[0] else hi
            self.fail(f"value {bad} exceeds range of {fam} [{rng[0]}, {rng[1]}]")
        members.sort(key=lambda m: m.value)
        return ChType(fam, tuple(members))

    def b_Enum(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self.enum("Enum", args)

    def b_Enum8(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self.enum("Enum8", args)

    def b_Enum16(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self.enum("Enum16", args)

    # -- aggregate functions
    def agg_name(self, name: str) -> str:
        def base(n: str) -> str | None:
            if n in names.AGG_ALIASES:
                return names.AGG_ALIASES[n]
            if n.lower() in names.AGG_CI_ALIASES:
                return names.AGG_CI_ALIASES[n.lower()]
            if n.lower() in names.AGG_CI:
                return names.AGG_CI[n.lower()]
            return None

        resolved = base(name)
        if resolved is not None:
            return resolved
        for comb in names.AGG_COMBINATORS:
            if name.endswith(comb) and len(name) > len(comb):
                inner = self.agg_name(name[: -len(comb)])
                if inner != name[: -len(comb)]:
                    return inner + comb
        return name

    def agg_param(self, a: RawArg) -> AggParam:
        if isinstance(a, RawArray):
            return tuple(self.agg_param(x) for x in a.items)
        if isinstance(a, RawLit):
            if a.is_str:
                return Quoted(str(a.value))
            assert not isinstance(a.value, str)
            return a.value
        self.fail("aggregate function parameters must be literals")
        raise AssertionError  # pragma: no cover

    def aggregate(self, fam: str, args: tuple[RawArg, ...]) -> ChType:
        rest = list(args)
        version: int | None = None
        if fam == "AggregateFunction" and rest and isinstance(rest[0], RawLit):
            version = self.uint(rest.pop(0), "AggregateFunction version")
        if not rest or not isinstance(rest[0], RawType):
            self.fail(f"{fam} must have an aggregate function as its first argument")
        f = rest.pop(0)
        assert isinstance(f, RawType)
        if not names.IDENT_RE.match(f.name):
            self.fail(f"invalid aggregate function name {f.name!r}")
        name = self.agg_name(f.name)
        params: tuple[AggParam, ...] | None = None
        if f.args:
            params = tuple(self.agg_param(p) for p in f.args)
        types: list[ChType] = []
        for r in rest:
            if not isinstance(r, RawType):
                self.fail(f"{fam} arguments after the function must be data types")
            assert isinstance(r, RawType)
            types.append(self.build(r))
        if fam == "SimpleAggregateFunction":
            if name not in names.SIMPLE_AGGREGATE_FUNCTIONS:
                self.fail(f"unsupported function {name!r} for SimpleAggregateFunction")
            if not types:
                self.fail("SimpleAggregateFunction must have a data type argument")
            return ChType(fam, (AggFunc(name, params), *types))
        if version is None:
            version = 0
            stripped = name
            for comb in names.AGG_COMBINATORS:
                if stripped.endswith(comb) and stripped[: -len(comb)] in names.AGG_VERSIONED | names.AGG_VERSIONED_MAPS:
                    stripped = stripped[: -len(comb)]
            if stripped in names.AGG_VERSIONED or (
                stripped in names.AGG_VERSIONED_MAPS and not (len(types) == 1 and types[0].name == "Map")
            ):
                version = 1
        return ChType(fam, (AggFunc(name, params, version), *types))

    def b_AggregateFunction(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self.aggregate("AggregateFunction", args)

    def b_SimpleAggregateFunction(self, raw: RawType, args: tuple[RawArg, ...]) -> ChType:
        return self.aggregate("SimpleAggregateFunction", args)
