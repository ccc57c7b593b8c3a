"""The parsed form of a ClickHouse data type. Pure data, no parsing or formatting here.

A parsed type is a :class:`ChType` with ``name`` the canonical family name and ``args`` a tuple of
:data:`TypeArg` items:

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

from dataclasses import dataclass
from typing import TypeAlias, Union


class ChTypeError(ValueError):
    """A ClickHouse type spelling is invalid (syntax or semantics)."""


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
        # Imported when called, not when loaded: format.py builds on this module (and is loaded with the package).
        from olapctl.schema.types.format import format_type

        return format_type(self)
