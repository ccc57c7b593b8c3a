"""What a change of a column's type risks, and the fixed width of a type. Pure."""

from __future__ import annotations

from typing import Literal

from olapctl.schema.types.model import ChType, NamedType, Quoted
from olapctl.schema.types.names import FLOATS, INTS
from olapctl.schema.types.parse import parse_type


def _unwrap_lc(t: ChType) -> ChType:
    if t.name == "LowCardinality":
        inner = t.args[0]
        assert isinstance(inner, ChType)
        return inner
    return t


def _int_safe(old: str, new: str) -> bool:
    os_, ob = INTS[old]
    ns, nb = INTS[new]
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
    if on == "Bool" and nn in INTS:
        return True
    if on in INTS and nn in INTS:
        return _int_safe(on, nn)
    if on in INTS and nn in FLOATS:
        return INTS[on][1] <= (16 if nn == "Float32" else 32)
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
    if t.name in INTS:
        return INTS[t.name][1] // 8
    if t.name in _WIDTHS:
        return _WIDTHS[t.name]
    if t.name == "Decimal":
        p = t.args[0]
        assert isinstance(p, int)
        return 4 if p <= 9 else 8 if p <= 18 else 16 if p <= 38 else 32
    return None
