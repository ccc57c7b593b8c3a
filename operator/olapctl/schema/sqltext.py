"""A small lexer for ClickHouse SQL text: enough to quote identifiers, split lists at top level,
find clauses in the DDL ClickHouse prints, and refuse text that would break out of the place it is put in.

Pure functions only. ClickHouse itself validates expressions (see olapctl.clickhouse.normalize); this module
makes sure that what reaches ClickHouse is one expression and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["string", "quoted", "word", "number", "punct", "comment"]


class SqlTextError(ValueError):
    """Text that is not acceptable where it was given (unbalanced, a second statement, a comment...)."""


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    depth: int  # bracket depth before this token


_WORD = re.compile(r"[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*")
_NUMBER = re.compile(r"(0x[0-9A-Fa-f]+|0b[01]+|\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)")
_PUNCT3 = ("<=>",)
_PUNCT2 = ("<=", ">=", "!=", "<>", "==", "||", "->", "::")


def _quoted_end(text: str, i: int, quote: str) -> int:
    """Index just past the closing quote of a literal starting at i (backslash and doubled-quote escapes)."""
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == quote:
            if j + 1 < len(text) and text[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    raise SqlTextError(f"unterminated {quote} quote in {text!r}")


def tokenize(text: str) -> list[Token]:
    """Tokens of text with their bracket depth; raises SqlTextError on unbalanced brackets or quotes."""
    tokens: list[Token] = []
    depth = 0
    i = 0
    n = len(text)
    closers = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if text.startswith("--", i) or ch == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            tokens.append(Token("comment", text[i:end], i, depth))
            i = end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise SqlTextError(f"unterminated comment in {text!r}")
            tokens.append(Token("comment", text[i : end + 2], i, depth))
            i = end + 2
            continue
        if ch == "'":
            end = _quoted_end(text, i, "'")
            tokens.append(Token("string", text[i:end], i, depth))
            i = end
            continue
        if ch in '`"':
            end = _quoted_end(text, i, ch)
            tokens.append(Token("quoted", text[i:end], i, depth))
            i = end
            continue
        m = _NUMBER.match(text, i)
        if m and (ch.isdigit() or (ch == "." and m.group(0) != ".")):
            tokens.append(Token("number", m.group(0), i, depth))
            i = m.end()
            continue
        m = _WORD.match(text, i)
        if m:
            tokens.append(Token("word", m.group(0), i, depth))
            i = m.end()
            continue
        if ch in "([{":
            tokens.append(Token("punct", ch, i, depth))
            stack.append(ch)
            depth += 1
            i += 1
            continue
        if ch in ")]}":
            if not stack or stack[-1] != closers[ch]:
                raise SqlTextError(f"unbalanced {ch!r} at position {i} in {text!r}")
            stack.pop()
            depth -= 1
            tokens.append(Token("punct", ch, i, depth))
            i += 1
            continue
        for group in (_PUNCT3, _PUNCT2):
            hit = next((p for p in group if text.startswith(p, i)), None)
            if hit:
                tokens.append(Token("punct", hit, i, depth))
                i += len(hit)
                break
        else:
            tokens.append(Token("punct", ch, i, depth))
            i += 1
    if stack:
        raise SqlTextError(f"unbalanced {stack[-1]!r} in {text!r}")
    return tokens


def unquote_identifier(text: str) -> str:
    """`a``b` or "a""b" -> a`b; a bare word is returned as is."""
    text = text.strip()
    if len(text) >= 2 and text[0] in '`"' and text[-1] == text[0]:
        body = text[1:-1]
        out: list[str] = []
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\" and i + 1 < len(body):
                out.append(body[i + 1])
                i += 2
                continue
            if ch == text[0] and i + 1 < len(body) and body[i + 1] == text[0]:
                out.append(ch)
                i += 2
                continue
            out.append(ch)
            i += 1
        return "".join(out)
    return text


def quote_identifier(name: str) -> str:
    """Always backquote, escaping backslashes and backquotes, so no name can leave its quotes."""
    if not name:
        raise SqlTextError("empty identifier")
    if "\x00" in name:
        raise SqlTextError(f"identifier {name!r} contains a NUL byte")
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def qualified(database: str, name: str) -> str:
    return f"{quote_identifier(database)}.{quote_identifier(name)}"


def quote_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def unquote_string(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != "'" or text[-1] != "'":
        raise SqlTextError(f"not a string literal: {text!r}")
    return unquote_identifier("`" + text[1:-1].replace("`", "``").replace("''", "'") + "`")


def split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split at separators that are outside brackets and quotes; parts are stripped, empty parts dropped."""
    parts: list[str] = []
    last = 0
    for tok in tokenize(text):
        if tok.kind == "punct" and tok.text == sep and tok.depth == 0:
            parts.append(text[last : tok.start].strip())
            last = tok.start + 1
    parts.append(text[last:].strip())
    return [p for p in parts if p]


def find_top_level_keyword(text: str, *words: str) -> int | None:
    """Start offset of the first top-level occurrence of the keyword sequence `words` (case-insensitive)."""
    toks = [t for t in tokenize(text) if t.kind != "comment"]
    want = [w.upper() for w in words]
    for i in range(len(toks) - len(want) + 1):
        if all(
            toks[i + k].kind == "word" and toks[i + k].depth == 0 and toks[i + k].text.upper() == want[k]
            for k in range(len(want))
        ):
            return toks[i].start
    return None


def strip_outer_parens(text: str) -> str:
    """'(a, b)' -> 'a, b' when the first bracket closes at the very end; 'tuple()' -> ''."""
    text = text.strip()
    if text in ("tuple()", "()"):
        return ""
    toks = tokenize(text)
    if len(toks) >= 2 and toks[0].text == "(" and toks[-1].text == ")":
        closing = next(t for t in toks[1:] if t.text == ")" and t.depth == 0)
        if closing is toks[-1]:
            return text[1:-1].strip()
    return text


# Words that start a clause or a statement. Found at the top level of something that should be a single
# expression, they mean the text tries to extend the statement it is placed in.
_CLAUSE_WORDS = frozenset(
    """FROM WHERE PREWHERE GROUP HAVING ORDER LIMIT OFFSET SETTINGS FORMAT INTO UNION EXCEPT INTERSECT JOIN
    ARRAY QUALIFY WINDOW SELECT INSERT ALTER DROP CREATE ATTACH DETACH RENAME TRUNCATE EXCHANGE OPTIMIZE
    SYSTEM GRANT REVOKE KILL USE SET CODEC COMMENT DEFAULT MATERIALIZED ALIAS EPHEMERAL AFTER FIRST TTL
    ENGINE PARTITION PRIMARY SAMPLE INDEX PROJECTION ON""".split()
)


def check_expression(
    text: str, *, what: str, allow_list: bool = False, allow_words: frozenset[str] = frozenset()
) -> str:
    """Refuse text that is not a single expression (or a list of them when allow_list).

    Returns the stripped text. Comments, statement separators, unbalanced brackets, top-level clause words and
    (unless allow_list) top-level commas are refused with a message naming `what`.
    """
    stripped = text.strip()
    if not stripped:
        raise SqlTextError(f"{what}: empty expression")
    try:
        toks = tokenize(stripped)
    except SqlTextError as exc:
        raise SqlTextError(f"{what}: {exc}") from None
    for i, tok in enumerate(toks):
        if tok.kind == "comment":
            raise SqlTextError(f"{what}: comments are not allowed in {stripped!r}")
        if tok.kind == "punct" and tok.text == ";":
            raise SqlTextError(f"{what}: ';' is not allowed in {stripped!r} (one expression, one statement)")
        if tok.depth != 0:
            continue
        if tok.kind == "punct" and tok.text == "," and not allow_list:
            raise SqlTextError(f"{what}: expected one expression, got a list in {stripped!r}")
        is_call = i + 1 < len(toks) and toks[i + 1].text == "("
        if tok.kind == "word" and not is_call and tok.text.upper() in _CLAUSE_WORDS - allow_words:
            raise SqlTextError(f"{what}: unexpected keyword {tok.text!r} in {stripped!r}")
    return stripped


def check_select(text: str, *, what: str) -> str:
    """A single SELECT (or WITH ... SELECT) query, no comments, no second statement."""
    stripped = text.strip().rstrip(";").strip()
    try:
        toks = tokenize(stripped)
    except SqlTextError as exc:
        raise SqlTextError(f"{what}: {exc}") from None
    if not toks or toks[0].kind != "word" or toks[0].text.upper() not in ("SELECT", "WITH"):
        raise SqlTextError(f"{what}: must be a SELECT query, got {stripped[:60]!r}")
    for tok in toks:
        if tok.kind == "comment":
            raise SqlTextError(f"{what}: comments are not allowed in a SELECT")
        if tok.kind == "punct" and tok.text == ";":
            raise SqlTextError(f"{what}: ';' is not allowed (one statement)")
        if tok.kind == "word" and tok.depth == 0 and tok.text.upper() in ("INTO", "FORMAT"):
            raise SqlTextError(f"{what}: {tok.text.upper()} is not allowed in a view's SELECT")
    return stripped
