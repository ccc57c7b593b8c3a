"""Text to a canonical ChType: the size guard, then syntax.py's parser, then build.py's builder. Pure."""

from __future__ import annotations

import functools

from olapctl.schema.types.build import Builder
from olapctl.schema.types.format import format_type
from olapctl.schema.types.model import ChType, ChTypeError
from olapctl.schema.types.names import MAX_TYPE_DEPTH, MAX_TYPE_LENGTH
from olapctl.schema.types.syntax import Parser


def _check_size(text: str) -> None:
    """Limits checked before parsing, so that no input can exhaust the parser (it recurses per level)."""
    if len(text) > MAX_TYPE_LENGTH:
        raise ChTypeError(f"type is {len(text)} characters long; the limit is {MAX_TYPE_LENGTH}")
    if text.count("(") + text.count("[") <= MAX_TYPE_DEPTH:  # cannot nest deeper, quoted or not: nothing to check
        return
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
        elif ch in "([":  # parentheses and the brackets of aggregate-function parameters
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]":
            depth -= 1
    if deepest > MAX_TYPE_DEPTH:
        raise ChTypeError(f"type nests {deepest} levels deep; the limit is {MAX_TYPE_DEPTH}")


def parse_type(text: str) -> ChType:
    """Parse and validate a ClickHouse type spelling into its canonical :class:`ChType` (immutable)."""
    if not isinstance(text, str):
        raise ChTypeError(f"invalid ClickHouse type {text!r}: expected a string")
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> ChType:
    """Memoized: schemas repeat a few types across thousands of columns."""
    if not text.strip():
        raise ChTypeError(f"invalid ClickHouse type {text!r}: empty type")
    _check_size(text)
    raw = Parser(text).parse()
    return Builder(text).build(raw)


@functools.lru_cache(maxsize=4096)
def normalize_type(text: str) -> str:
    """Canonical spelling of a type given as text; raises :class:`ChTypeError`. Memoized: schemas repeat a few
    types across thousands of columns."""
    return format_type(parse_type(text))
