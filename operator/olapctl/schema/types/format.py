"""The canonical spelling of a parsed type: the one ClickHouse 26.x prints in ``system.columns.type`` (checked
against the real engine, see ``tests/test_types.py``). Pure.
"""

from __future__ import annotations

import decimal
import math

from olapctl.schema.escapes import escape
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
from olapctl.schema.types.names import IDENT_RE, QUOTED_WORDS


def quote_string(s: str) -> str:
    """Single-quote ``s`` exactly as ClickHouse does."""
    return escape(s, "'")


def quote_name(name: str) -> str:
    """Backquote an element name if ClickHouse would."""
    if IDENT_RE.match(name) and name.lower() not in QUOTED_WORDS:
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
