"""ClickHouse's escapes in quoted strings and names, one implementation for every lexer and writer here. Pure.

In a quoted string or name, \\b \\f \\r \\n \\t \\0 \\a \\v \\e and \\xHH (bytes, UTF-8) stand for what they stand
for in C; \\\\, \\' \\" \\` and a doubled quote for the character; any other backslash stays as written ('\\q' is
two characters: ClickHouse reads it so, tests/test_escapes.py asks it).
"""

from __future__ import annotations

_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "0": "\0", "a": "\a", "v": "\v", "e": "\x1b"}
_SIMPLE |= {"\\": "\\", "'": "'", '"': '"', "`": "`"}
_WRITTEN = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}
_HEX = frozenset("0123456789abcdefABCDEF")


class EscapeError(ValueError):
    """An escape ClickHouse refuses (\\x without two hex digits, a backslash at the end)."""


def unescape(body: str, quote: str) -> str:
    """The value of the text between two `quote` characters."""
    out: list[str] = []
    raw = bytearray()  # bytes of \xHH escapes, decoded together (a UTF-8 character may take several)

    def flush() -> None:
        if raw:
            out.append(raw.decode("utf-8", "surrogateescape"))
            raw.clear()

    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c == "\\":
            if i + 1 >= n:
                raise EscapeError(f"a backslash ends {body!r}")
            e = body[i + 1]
            if e == "x":
                digits = body[i + 2 : i + 4]
                if len(digits) != 2 or not set(digits) <= _HEX:
                    raise EscapeError(f"invalid \\x escape at position {i} of {body!r}")
                raw.append(int(digits, 16))
                i += 4
                continue
            flush()
            out.append(_SIMPLE.get(e, "" if e == "N" else "\\" + e))
            i += 2
            continue
        flush()
        if c == quote and i + 1 < n and body[i + 1] == quote:
            i += 1
        out.append(c)
        i += 1
    flush()
    return "".join(out)


def quoted_end(text: str, start: int) -> int:
    """The index just after the closing quote of the quoted text that opens at `start`, or -1 if it never closes."""
    quote, i, n = text[start], start + 1, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
        elif c == quote:
            if i + 1 < n and text[i + 1] == quote:
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return -1


def escape(value: str, quote: str) -> str:
    """`value` quoted with `quote` as ClickHouse writes it."""
    out = []
    for ch in value:
        if ch == quote or ch == "\\":
            out.append("\\" + ch)
        else:
            out.append(_WRITTEN.get(ch, ch))
    return quote + "".join(out) + quote
