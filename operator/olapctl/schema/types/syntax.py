"""The syntax of a ClickHouse type: schema/lexer.py's tokens held to the type grammar, and a parser from them to a raw
syntax tree (names as written, literals as read) that build.py turns into a ChType. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

from olapctl.schema.lexer import LexError, number_value, scan, token_value
from olapctl.schema.types.model import ChTypeError
from olapctl.schema.types.names import ALIAS_PREFIXES


class Fail:
    """Raises the ChTypeError of one type's text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self, what: str) -> None:
        raise ChTypeError(f"invalid ClickHouse type {self.text!r}: {what}")


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class Tok:
    kind: str  # word | quoted (a quoted name) | string | number | punct | eof
    text: str  # word / value of the string or name / punct character / number as written
    pos: int
    value: int | float | None = None  # of a number


_WS = " \t\n\r\f\v"  # the type grammar's whitespace
_OTHER_WS = re.compile(r"[^\S \t\n\r\f\v]")  # whitespace to the lexer (Unicode's), not to the type grammar
_PUNCT = frozenset("(),=.-+[]")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_COMMENT_OPENERS = {"-": "--", "/": "/*", "#": "#"}


def _check_gap(text: str, start: int, end: int, fail: Fail) -> None:
    """Between two tokens only the type grammar's whitespace."""
    if start < end and text[start:end].strip(_WS):
        bad = next(i for i in range(start, end) if text[i] not in _WS)
        fail(f"unexpected character {text[bad]!r} at position {bad}")


def _tokens(text: str, fail: Fail) -> list[Tok]:
    """The lexer's tokens of text, held to the type grammar, which is stricter than SQL: ASCII names, no
    punctuation but ( ) , = . - + [ ], no number running into a name (1abc), no comments, no whitespace but ASCII's.
    The first offence in the text is the one reported, as a ChTypeError naming its position."""
    out: list[Tok] = []
    n = len(text)
    gaps = _OTHER_WS.search(text) is not None  # else every gap between tokens is the type grammar's whitespace
    prev = 0  # end of the previous token
    try:
        for kind, raw, start in scan(text):
            if gaps:
                _check_gap(text, prev, start, fail)
            prev = start + len(raw)
            if kind == "word":
                if not raw.isascii() or "$" in raw:
                    bad = next(i for i, c in enumerate(raw) if c not in _NAME_CHARS)
                    fail(f"unexpected character {raw[bad]!r} at position {start + bad}")
                out.append(Tok("word", raw, start))
            elif kind == "punct":
                if raw in _PUNCT:
                    out.append(Tok("punct", raw, start))
                    continue
                for i, c in enumerate(raw):
                    if c not in _PUNCT:
                        fail(f"unexpected character {c!r} at position {start + i}")
                out += [Tok("punct", c, start + i) for i, c in enumerate(raw)]  # '==' is two '='
            elif kind == "number":
                if prev < n and text[prev] in _NAME_CHARS:
                    fail(f"malformed number at position {start}")
                out.append(Tok("number", raw, start, number_value(raw)))
            elif kind == "comment":
                fail(f"unexpected comment {_COMMENT_OPENERS[raw[0]]!r} at position {start} (a type has no comments)")
            else:  # string, quoted
                out.append(Tok(kind, str(token_value(kind, raw, start)), start))
    except LexError as exc:
        if gaps:
            _check_gap(text, prev, exc.position, fail)
        if exc.what == "quote":
            fail(f"unterminated quoted string starting at position {exc.position}")
        elif exc.what == "comment":
            fail(f"unexpected comment '/*' at position {exc.position} (a type has no comments)")
        fail(exc.problem)
    if gaps:
        _check_gap(text, prev, n, fail)
    out.append(Tok("eof", "", n))
    return out


class Tokens:
    """A cursor over the tokens of a type."""

    def __init__(self, text: str, fail: Fail) -> None:
        self.toks = _tokens(text, fail)
        self.i = 0

    def peek(self, k: int = 0) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Tok:
        t = self.peek()
        self.i += 1
        return t

    def is_punct(self, ch: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t.kind == "punct" and t.text == ch


def _describe(t: Tok) -> str:
    return "end of input" if t.kind == "eof" else repr(t.text)


# --------------------------------------------------------------------------- raw syntax tree


@dataclass(frozen=True)
class RawType:
    name: str  # as written; multi-word aliases joined with single spaces
    args: tuple[RawArg, ...] | None  # None: no parentheses
    pos: int


@dataclass(frozen=True)
class RawNamed:
    parts: tuple[str, ...]
    type: RawType


@dataclass(frozen=True)
class RawLit:
    value: int | float | str | None  # str = quoted string; None = NULL
    text: str
    is_str: bool = False


@dataclass(frozen=True)
class RawEnum:
    name: str
    value: int | None


@dataclass(frozen=True)
class RawSetting:
    key: str
    value: RawLit


@dataclass(frozen=True)
class RawSkip:
    path: str
    regexp: bool


@dataclass(frozen=True)
class RawArray:
    items: tuple[RawLit | RawArray, ...]


@dataclass(frozen=True)
class RawIdent:
    """A quoted identifier used where a value is expected (e.g. DateTime64(3, "UTC"))."""

    name: str


RawArg: TypeAlias = RawType | RawNamed | RawLit | RawEnum | RawSetting | RawSkip | RawArray | RawIdent


class Parser:
    """Text to a raw syntax tree; raises ChTypeError."""

    def __init__(self, text: str) -> None:
        self.fail = Fail(text)
        self.ts = Tokens(text, self.fail)

    def parse(self) -> RawType:
        t = self.type()
        end = self.ts.peek()
        if end.kind != "eof":
            self.fail(f"unexpected {_describe(end)} at position {end.pos} (trailing garbage)")
        return t

    def type(self) -> RawType:
        ts = self.ts
        t = ts.next()
        if t.kind != "word":
            self.fail(f"expected a type name at position {t.pos}, got {_describe(t)}")
        words = [t.text]
        while ts.peek().kind == "word" and (" ".join([*words, ts.peek().text]).upper() in ALIAS_PREFIXES):
            words.append(ts.next().text)
        args: tuple[RawArg, ...] | None = None
        if ts.is_punct("("):
            ts.next()
            named = words[0] in ("Tuple", "Nested") or words[0].lower() == "json"
            args = self.arglist(named)
            if ts.peek().kind == "word" and ts.peek().text.upper() in (
                "SIGNED",
                "UNSIGNED",
            ):
                words.append(ts.next().text)
        return RawType(" ".join(words), args, t.pos)

    def arglist(self, named: bool) -> tuple[RawArg, ...]:
        ts = self.ts
        out: list[RawArg] = []
        while not ts.is_punct(")"):
            out.append(self.arg(named))
            if ts.is_punct(","):
                ts.next()
            elif not ts.is_punct(")"):
                t = ts.peek()
                self.fail(f"expected ',' or ')' at position {t.pos}, got {_describe(t)}")
        ts.next()
        return tuple(out)

    def literal(self) -> RawLit | RawArray:
        ts = self.ts
        t = ts.next()
        if t.kind == "punct" and t.text == "[":
            items: list[RawLit | RawArray] = []
            while not ts.is_punct("]"):
                items.append(self.literal())
                if ts.is_punct(","):
                    ts.next()
                elif not ts.is_punct("]"):
                    self.fail(f"expected ',' or ']' at position {ts.peek().pos}")
            ts.next()
            return RawArray(tuple(items))
        if t.kind == "string":
            return RawLit(t.text, t.text, True)
        sign = 1
        if t.kind == "punct" and t.text in "+-":
            sign = -1 if t.text == "-" else 1
            t = ts.next()
            if t.kind == "word" and t.text.lower() in ("inf", "infinity", "nan"):
                return RawLit(sign * float(t.text), t.text)
            if t.kind != "number":
                self.fail(f"expected a number at position {t.pos}, got {_describe(t)}")
        if t.kind == "number":
            assert t.value is not None
            return RawLit(sign * t.value, t.text)
        if t.kind == "word" and t.text.lower() in ("inf", "infinity", "nan"):
            return RawLit(float(t.text), t.text)
        if t.kind == "word" and t.text.upper() == "NULL":
            return RawLit(None, "NULL")
        self.fail(f"expected a literal at position {t.pos}, got {_describe(t)}")
        raise AssertionError  # pragma: no cover

    def path(self) -> tuple[str, ...]:
        ts = self.ts
        parts = [ts.next().text]
        while ts.is_punct(".") and ts.peek(1).kind in ("word", "quoted"):
            ts.next()
            parts.append(ts.next().text)
        return tuple(parts)

    def arg(self, named: bool) -> RawArg:
        ts = self.ts
        t = ts.peek()
        if t.kind == "string":
            ts.next()
            if ts.is_punct("="):
                ts.next()
                v = self.literal()
                if not isinstance(v, RawLit) or not isinstance(v.value, int) or v.is_str:
                    self.fail(f"enum value for {t.text!r} must be an integer")
                assert isinstance(v, RawLit) and isinstance(v.value, int)
                return RawEnum(t.text, v.value)
            return RawLit(t.text, t.text, True)
        if t.kind == "number" or (t.kind == "punct" and t.text in "+-["):
            return self.literal()
        if t.kind == "word" and ts.is_punct("=", 1):
            ts.next()
            ts.next()
            lit = self.literal()
            if not isinstance(lit, RawLit):
                self.fail(f"setting {t.text!r} needs a scalar value")
            assert isinstance(lit, RawLit)
            return RawSetting(t.text, lit)
        if named and t.kind == "word" and t.text.upper() == "SKIP" and ts.peek(1).kind in ("word", "quoted"):
            ts.next()
            nxt = ts.peek()
            if nxt.kind == "word" and nxt.text.upper() == "REGEXP" and ts.peek(1).kind == "string":
                ts.next()
                return RawSkip(ts.next().text, True)
            if nxt.kind == "word" and not ts.is_punct(".", 1) and ts.peek(1).kind == "word":
                pass  # "SKIP Type" is not a skip clause; fall through to named element
            else:
                return RawSkip(".".join(self.path()), False)
            ts.i -= 1
        if t.kind in ("word", "quoted"):
            # "name Type" (named element, JSON typed path) vs plain type.
            save = ts.i
            parts = self.path()
            if named and ts.peek().kind == "word":
                return RawNamed(parts, self.type())
            ts.i = save
            if t.kind == "quoted":
                ts.next()
                return RawIdent(t.text)
            if t.text.upper() == "NULL":
                ts.next()
                return RawLit(None, "NULL")
            return self.type()
        self.fail(f"unexpected {_describe(t)} at position {t.pos}")
        raise AssertionError  # pragma: no cover
