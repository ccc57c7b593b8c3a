"""Parse, validate and canonicalize ClickHouse data type spellings. Pure Python, no I/O.

The canonical spelling produced by :func:`format_type` is the one ClickHouse 26.x prints in
``system.columns.type`` (checked against the real engine, see ``tests/test_types.py``).

Modules: ``model`` (ChType and its arguments, ChTypeError), ``names`` (families, aliases, aggregate functions,
limits), ``format`` (format_type and quoting), ``syntax`` (schema/lexer.py's tokens held to the type grammar, and
the parser to a raw syntax tree), ``build`` (raw tree to canonical ChType), ``parse`` (parse_type,
normalize_type), ``compat`` (type_change_risk, byte_width). Each imports only modules listed before it; ``model``
loads ``format`` only when a ChType is printed (str()), never at import.
"""

from olapctl.schema.types.compat import byte_width, type_change_risk
from olapctl.schema.types.format import format_type
from olapctl.schema.types.model import (
    AggFunc,
    AggParam,
    ChType,
    ChTypeError,
    EnumMember,
    JsonSkip,
    NamedType,
    Quoted,
    Setting,
    TypeArg,
)
from olapctl.schema.types.parse import normalize_type, parse_type

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
