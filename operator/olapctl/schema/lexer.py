"""The one tokenizer of ClickHouse text, read by the SQL helpers (schema/sqltext.py) and the type grammar
(schema/types/syntax.py). Pure.

Token kinds: `string` ('...'), `quoted` (a name in `...` or "..."), `word`, `number` (0x.., 0b.., digits with `_`
separators, decimals, exponents), `punct` (an operator such as `<=` or `::`, else one character) and `comment`
(-- or # to the end of the line, /* ... */). Whitespace separates tokens and is none itself.

The lexer refuses only what no reader of ClickHouse text can read: an unterminated quote or comment, and, when a
token's value is asked for, an escape ClickHouse refuses (see schema/escapes.py). What a reader accepts beyond that
(comments in a type, a non-ASCII name, ...) each reader decides over these tokens.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Literal, NamedTuple, cast

from olapctl.schema.escapes import EscapeError, unescape

__all__ = ["LexError", "Token", "TokenKind", "number_value", "scan", "token_value", "tokenize"]

TokenKind = Literal["string", "quoted", "word", "number", "punct", "comment"]


class LexError(ValueError):
    """Text that is not ClickHouse text: an unterminated quote or comment, or an escape ClickHouse refuses.

    `problem` says what (without the text or position), `position` is the offset of the token at fault and
    `what` is "quote", "comment" or "escape", so that each reader can word its own error.
    """

    def __init__(self, problem: str, position: int, what: Literal["quote", "comment", "escape"]) -> None:
        super().__init__(f"{problem} at position {position}")
        self.problem = problem
        self.position = position
        self.what = what


class Token(NamedTuple):
    kind: TokenKind
    text: str  # exactly as written, quotes included
    start: int  # offset of the first character in the text scanned

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def value(self) -> str | int | float:
        """The string or name a quoted token stands for, a number's value, else the text; raises LexError on a
        bad escape."""
        return token_value(self.kind, self.text, self.start)


# One pattern for every token kind, tried in this order after any whitespace; anything else is a one-character punct
# (whitespace at the very end matches the empty alternative). The quantifiers are possessive: the whitespace is
# never given back to punct, and a quote that does not close where ClickHouse's reading (escapes.quoted_end) says
# it closes is unterminated, not a shorter string followed by another quote.
_TOKEN = re.compile(
    r"""
    \s*+
    (?:
    (?P<comment>--[^\n]*|\#[^\n]*|/\*.*?\*/)
    |(?P<string>'(?:[^'\\]|\\.|'')*+')
    |(?P<quoted>`(?:[^`\\]|\\.|``)*+`|"(?:[^"\\]|\\.|"")*+")
    |(?P<number>0[xX][0-9A-Fa-f]+|0[bB][01]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<word>[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*)
    |(?P<punct><=>|<=|>=|!=|<>|==|\|\||->|::|.)
    |\Z
    )
    """,
    re.VERBOSE | re.DOTALL,
)
# kind by group number; interned, so that a reader's `kind == "word"` is an identity check
_KINDS = cast(dict[int, TokenKind], {number: sys.intern(kind) for kind, number in _TOKEN.groupindex.items()})
_QUOTES = frozenset("'`\"")


def scan(text: str) -> Iterator[tuple[TokenKind, str, int]]:
    """Each token of text as a plain (kind, text, start) triple, Token's fields, made as it is read: a LexError
    comes after every token before it. The readers here unpack these (a Token object for each would cost them a
    fifth of their time); tokenize() gives Tokens."""
    for m in _TOKEN.finditer(text):
        group = m.lastindex
        if group is None:  # whitespace at the end
            continue
        raw = m[group]
        start = m.end() - len(raw)
        kind = _KINDS[group]
        if kind == "punct":
            if raw in _QUOTES:
                raise LexError(f"unterminated {raw} quote", start, "quote")
            if raw == "/" and text.startswith("/*", start):
                raise LexError("unterminated comment", start, "comment")
        yield kind, raw, start


def tokenize(text: str) -> list[Token]:
    """All tokens of text; raises LexError on an unterminated quote or comment."""
    return [Token(kind, raw, start) for kind, raw, start in scan(text)]


def number_value(text: str) -> int | float:
    """The value of a number token: 0x1F, 0b101, 1_000, 1.5, 1e-3, .5."""
    low = text.lower().replace("_", "")
    if low.startswith("0x"):
        return int(low, 16)
    if low.startswith("0b"):
        return int(low, 2)
    if "." in low or "e" in low:
        return float(low)
    return int(low)


def token_value(kind: TokenKind, text: str, start: int = 0) -> str | int | float:
    """What a token of that kind and text stands for (see Token.value); `start` only places a LexError."""
    if kind == "string" or kind == "quoted":
        try:
            return unescape(text[1:-1], text[0])
        except EscapeError as exc:
            raise LexError(str(exc), start, "escape") from None
    if kind == "number":
        return number_value(text)
    return text
