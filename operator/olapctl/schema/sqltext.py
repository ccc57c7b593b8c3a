"""ClickHouse SQL text over schema/lexer.py's tokens: enough to quote identifiers, split lists at top level,
find clauses in the DDL ClickHouse prints, and refuse text that would break out of the place it is put in.

Pure functions only. ClickHouse itself validates expressions (see olapctl.clickhouse.normalize); this module
makes sure that what reaches ClickHouse is one expression and nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from olapctl.schema.escapes import EscapeError, escape, unescape
from olapctl.schema.lexer import LexError, TokenKind, scan, token_value

MAX_QUERY = 256 * 1024


class SqlTextError(ValueError):
    """Text that is not acceptable where it was given (unbalanced, a second statement, a comment...)."""


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    depth: int  # bracket depth before this token

    @property
    def value(self) -> str | int | float:
        """The string or name of a quoted token, a number's value, else the text (schema/lexer.py's reading)."""
        try:
            return token_value(self.kind, self.text, self.start)
        except LexError as exc:
            raise SqlTextError(f"{exc.problem} in {self.text!r}") from None


_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(")]}")


def tokenize(text: str) -> list[Token]:
    """Tokens of text (schema/lexer.py's) with their bracket depth; raises SqlTextError on unbalanced brackets or
    quotes and on unterminated comments."""
    tokens: list[Token] = []
    stack: list[str] = []
    try:
        for kind, value, start in scan(text):
            if kind == "punct":
                if value in _OPENERS:
                    tokens.append(Token("punct", value, start, len(stack)))
                    stack.append(_OPENERS[value])
                    continue
                if value in _CLOSERS:
                    if not stack or stack[-1] != value:
                        raise SqlTextError(f"unbalanced {value!r} at position {start} in {text!r}")
                    stack.pop()
            tokens.append(Token(kind, value, start, len(stack)))
    except LexError as exc:
        raise SqlTextError(f"{exc.problem} in {text!r}") from None
    if stack:
        raise SqlTextError(f"unbalanced {dict((v, k) for k, v in _OPENERS.items())[stack[-1]]!r} in {text!r}")
    return tokens


def unquote_identifier(text: str) -> str:
    """`a``b` or "a""b" -> a`b (ClickHouse's escapes); a bare word is returned as is."""
    text = text.strip()
    if len(text) >= 2 and text[0] in '`"' and text[-1] == text[0]:
        try:
            return unescape(text[1:-1], text[0])
        except EscapeError as exc:
            raise SqlTextError(str(exc)) from None
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
    return escape(value, "'")


def unquote_string(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != "'" or text[-1] != "'":
        raise SqlTextError(f"not a string literal: {text!r}")
    try:
        return unescape(text[1:-1], "'")
    except EscapeError as exc:
        raise SqlTextError(str(exc)) from None


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


def strip_outer_parens(text: str) -> str:
    """'(a, b)' -> 'a, b' when the first bracket closes at the very end; 'tuple()' -> ''."""
    text = text.strip()
    if text in ("tuple()", "()"):
        return ""
    if not text.startswith("("):
        return text
    toks = tokenize(text)
    if len(toks) >= 2 and toks[0].text == "(" and toks[-1].text == ")":
        closing = next(t for t in toks[1:] if t.text == ")" and t.depth == 0)
        if closing is toks[-1]:
            return text[1:-1].strip()
    return text


def key_elements(text: str) -> list[str]:
    """The expressions of a key, each without redundant parentheses: `(a, (b))`, `a, b` -> ['a', 'b']."""
    return [strip_outer_parens(e) for e in split_top_level(strip_outer_parens(text))]


def query_parameters(text: str) -> list[tuple[int, int, str, str]]:
    """The `{name:Type}` placeholders of a parameterized view: (start, end, name, type) each."""
    toks = tokenize(text)
    found = []
    for i, tok in enumerate(toks):
        if tok.text != "{" or i + 3 >= len(toks) or toks[i + 2].text != ":":
            continue
        close = next((t for t in toks[i + 3 :] if t.text == "}" and t.depth == tok.depth), None)
        if close is not None:
            found.append((tok.start, close.start + 1, toks[i + 1].text, text[toks[i + 3].start : close.start].strip()))
    return found


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
        # a clause word standing alone (the whole expression, a list element, part of a dotted name) is a
        # column's name: `comment`, `system`, `n.default`
        before = toks[i - 1].text if i > 0 else ","
        after = toks[i + 1].text if i + 1 < len(toks) else ","
        alone = before in (",", ".") and after in (",", ".")
        if tok.kind == "word" and not is_call and not alone and tok.text.upper() in _CLAUSE_WORDS - allow_words:
            raise SqlTextError(f"{what}: unexpected keyword {tok.text!r} in {stripped!r}")
    return stripped


def check_select(text: str, *, what: str) -> str:
    """A single SELECT (or WITH ... SELECT) query, no second statement. Comments are welcome: DDL is written from
    ClickHouse's own formatting of the query, which leaves them out."""
    stripped = text.strip().rstrip(";").strip()
    if len(stripped) > MAX_QUERY:
        raise SqlTextError(f"{what}: longer than {MAX_QUERY} characters (ClickHouse's max_query_size)")
    try:
        toks = tokenize(stripped)
    except SqlTextError as exc:
        raise SqlTextError(f"{what}: {exc}") from None
    toks = [t for t in toks if t.kind != "comment"]
    if not toks or toks[0].kind != "word" or toks[0].text.upper() not in ("SELECT", "WITH"):
        raise SqlTextError(f"{what}: must be a SELECT query, got {stripped[:60]!r}")
    for tok in toks:
        if tok.kind == "punct" and tok.text == ";":
            raise SqlTextError(f"{what}: ';' is not allowed (one statement)")
        if tok.kind == "word" and tok.depth == 0 and tok.text.upper() in ("INTO", "FORMAT"):
            raise SqlTextError(f"{what}: {tok.text.upper()} is not allowed in a view's SELECT")
    return stripped


QualifiedName = tuple[str | None, str]  # (database or None, name)


def _qualified_name(tokens: list[Token], i: int) -> tuple[QualifiedName, int] | None:
    if i >= len(tokens) or tokens[i].kind not in ("word", "quoted"):
        return None
    first = unquote_identifier(tokens[i].text)
    if i + 2 < len(tokens) and tokens[i + 1].text == "." and tokens[i + 2].kind in ("word", "quoted"):
        return (first, unquote_identifier(tokens[i + 2].text)), i + 3
    return (None, first), i + 1


def table_moves(statement: str) -> tuple[str, list[tuple[QualifiedName, QualifiedName]]] | None:
    """('rename', [(a, b), ...]) for RENAME TABLE a TO b[, ...], ('exchange', [(a, b)]) for EXCHANGE TABLES a AND
    b, ('drop', [(a, a)]) for DROP TABLE|VIEW [IF EXISTS] a; None for any other statement or form."""
    try:
        tokens = [t for t in tokenize(statement) if t.kind != "comment"]
    except SqlTextError:
        return None
    words = [t.text.upper() for t in tokens[:4]]
    if words[:2] == ["RENAME", "TABLE"] or words[:2] == ["EXCHANGE", "TABLES"]:
        kind, joiner = ("rename", "TO") if words[0] == "RENAME" else ("exchange", "AND")
        pairs, i = [], 2
        while True:
            old = _qualified_name(tokens, i)
            if old is None or old[1] >= len(tokens) or tokens[old[1]].text.upper() != joiner:
                return None
            new = _qualified_name(tokens, old[1] + 1)
            if new is None:
                return None
            pairs.append((old[0], new[0]))
            i = new[1]
            if i == len(tokens) or (tokens[i].text == ";" and i + 1 == len(tokens)):
                return kind, pairs
            if kind == "exchange" or tokens[i].text != ",":
                return None
            i += 1
    if words[:1] == ["DROP"] and len(words) > 1 and words[1] in ("TABLE", "VIEW"):
        found = _qualified_name(tokens, 4 if words[2:4] == ["IF", "EXISTS"] else 2)
        if found is not None:
            rest = [t.text.upper() for t in tokens[found[1] :]]
            if rest in ([], ["SYNC"], [";"], ["SYNC", ";"]):
                return "drop", [(found[0], found[0])]
    return None


def statement_object(statement: str) -> QualifiedName | None:
    """The table or view a CREATE, ALTER, ATTACH or DETACH statement acts on; None for any other statement."""
    try:
        words = [t for t in tokenize(statement) if t.kind != "comment"]
    except SqlTextError:
        return None
    upper = [t.text.upper() if t.kind == "word" else "" for t in words]
    if not upper or upper[0] not in ("CREATE", "ALTER", "ATTACH", "DETACH"):
        return None
    i = 1
    for optional in (["OR", "REPLACE"], ["TEMPORARY"]):
        if upper[i : i + len(optional)] == optional:
            i += len(optional)
    if upper[i : i + 2] == ["MATERIALIZED", "VIEW"]:
        i += 2
    elif i < len(upper) and upper[i] in ("TABLE", "VIEW", "DICTIONARY"):
        i += 1
    else:
        return None
    for optional in (["IF", "NOT", "EXISTS"], ["IF", "EXISTS"]):
        if upper[i : i + len(optional)] == optional:
            i += len(optional)
    found = _qualified_name(words, i)
    return None if found is None else found[0]
