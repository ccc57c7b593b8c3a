"""One lexer of ClickHouse text (schema/lexer.py) for the SQL helpers (schema/sqltext.py) and the type grammar
(schema/types): both read the same strings, names and numbers, and the type grammar still refuses what it
refused before the two shared a lexer, naming the position."""

from __future__ import annotations

import re

import pytest

from olapctl.schema import lexer
from olapctl.schema.sqltext import SqlTextError, tokenize
from olapctl.schema.types import AggFunc, ChTypeError, EnumMember, NamedType, parse_type

# (literal as written, its value)
STRINGS = [
    (r"'\x41'", "A"),
    (r"'a\nb'", "a\nb"),
    ("'it''s'", "it's"),
    (r"'it\'s'", "it's"),
    (r"'\xc3\xa9t\xc3\xa9'", "été"),
    (r"'tab\there'", "tab\there"),
    (r"'\q'", "\\q"),
    ("''", ""),
]


@pytest.mark.parametrize(("literal", "value"), STRINGS)
def test_a_string_reads_the_same_in_sql_and_in_a_type(literal: str, value: str) -> None:
    (sql,) = tokenize(literal)
    assert (sql.kind, sql.value) == ("string", value)
    assert lexer.tokenize(literal)[0].value == value
    assert parse_type(f"Enum8({literal} = 1)").args == (EnumMember(value, 1),)


@pytest.mark.parametrize(
    ("name", "value"), [(r"`a\x41`", "aA"), ("`a``b`", "a`b"), ('"x""y"', 'x"y'), (r"`n\tm`", "n\tm")]
)
def test_a_quoted_name_reads_the_same_in_sql_and_in_a_type(name: str, value: str) -> None:
    (sql,) = tokenize(name)
    assert (sql.kind, sql.value) == ("quoted", value)
    element = parse_type(f"Tuple({name} UInt8)").args[0]
    assert isinstance(element, NamedType) and element.name == value


@pytest.mark.parametrize(("number", "value"), [("1_000", 1000), ("0x10", 16), ("0X1f", 31), ("0b101", 5), ("0B11", 3)])
def test_a_number_reads_the_same_in_sql_and_in_a_type(number: str, value: int) -> None:
    (sql,) = tokenize(number)
    assert (sql.kind, sql.text, sql.value) == ("number", number, value)
    assert parse_type(f"FixedString({number})").args == (value,)


@pytest.mark.parametrize(("number", "value"), [("1.5", 1.5), (".5", 0.5), ("1e3", 1000.0), ("1_0.25e-1", 1.025)])
def test_decimals_and_exponents(number: str, value: float) -> None:
    (tok,) = lexer.tokenize(number)
    assert (tok.kind, tok.value) == ("number", value)
    function = parse_type(f"AggregateFunction(quantile({number}), UInt8)").args[0]
    assert isinstance(function, AggFunc) and function.params == (value,)


def test_tokens_carry_kind_text_and_start() -> None:
    text = "SELECT a.`b c`, 'x' -- note\nFROM t /* c */ WHERE n >= 0x1F # end"
    toks = lexer.tokenize(text)
    assert [(t.kind, t.text) for t in toks] == [
        ("word", "SELECT"),
        ("word", "a"),
        ("punct", "."),
        ("quoted", "`b c`"),
        ("punct", ","),
        ("string", "'x'"),
        ("comment", "-- note"),
        ("word", "FROM"),
        ("word", "t"),
        ("comment", "/* c */"),
        ("word", "WHERE"),
        ("word", "n"),
        ("punct", ">="),
        ("number", "0x1F"),
        ("comment", "# end"),
    ]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [(t.kind, t.text, t.start) for t in tokenize(text)] == [(t.kind, t.text, t.start) for t in toks]


@pytest.mark.parametrize(
    ("text", "position", "sql_error", "type_error"),
    [
        ("'abc", 0, "unterminated ' quote", "unterminated quoted string starting at position 0"),
        ("'a''", 0, "unterminated ' quote", "unterminated quoted string starting at position 0"),
        ("`ab", 0, "unterminated ` quote", "unterminated quoted string starting at position 0"),
        ("x /* y", 2, "unterminated comment", "unexpected comment '/*' at position 2"),
    ],
)
def test_unterminated_quotes_and_comments(text: str, position: int, sql_error: str, type_error: str) -> None:
    with pytest.raises(lexer.LexError) as exc:
        lexer.tokenize(text)
    assert exc.value.position == position
    with pytest.raises(SqlTextError, match=re.escape(sql_error)):
        tokenize(text)
    with pytest.raises(ChTypeError, match=re.escape(type_error)):
        parse_type(text)


def test_a_bad_escape_is_refused_when_the_value_is_read() -> None:
    (tok,) = tokenize(r"'\x4'")  # SQL text is handed to ClickHouse as written; its value is read only when asked
    with pytest.raises(SqlTextError, match=r"invalid \\x escape"):
        _ = tok.value
    with pytest.raises(lexer.LexError, match=r"invalid \\x escape"):
        _ = lexer.tokenize(r"'\x4'")[0].value
    with pytest.raises(ChTypeError, match=r"invalid \\x escape"):
        parse_type(r"Enum8('\x4' = 1)")


@pytest.mark.parametrize(
    ("text", "opener", "position"),
    [("UInt8 -- note", "--", 6), ("UInt8 # note", "#", 6), ("UInt8 /* note */", "/*", 6), ("Array(/**/Int8)", "/*", 6)],
)
def test_the_type_grammar_refuses_comments(text: str, opener: str, position: int) -> None:
    assert "comment" in [t.kind for t in tokenize(text)]  # SQL keeps it as a token
    message = f"unexpected comment '{opener}' at position {position} (a type has no comments)"
    with pytest.raises(ChTypeError, match=re.escape(message)):
        parse_type(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Tuple(é UInt8)", "unexpected character 'é' at position 6"),
        ("Tuple(aé UInt8)", "unexpected character 'é' at position 7"),
        ("Tuple(a$b UInt8)", "unexpected character '\\$' at position 7"),
        ("UInt8\xa0", "unexpected character '\\\\xa0' at position 5"),
        ("FixedString(1abc)", "malformed number at position 12"),
        ("FixedString(0x1g)", "malformed number at position 12"),
        ("UInt8;", "unexpected character ';' at position 5"),
        ("Enum8('a' -> 1)", "unexpected character '>' at position 11"),
        ("Enum8('a' := 1)", "unexpected character ':' at position 10"),
        ("Map(String, UInt8) || 1", "unexpected character '\\|' at position 19"),
    ],
)
def test_the_type_grammar_stays_stricter_than_sql(text: str, message: str) -> None:
    tokenize(text)  # SQL reads it
    with pytest.raises(ChTypeError, match=message):
        parse_type(text)


def test_doubled_equals_is_two_in_a_type() -> None:
    with pytest.raises(ChTypeError, match="expected a literal at position 11, got '='"):
        parse_type("Enum8('a' == 1)")


def test_brackets_nested_past_the_limit_are_refused_not_a_crash() -> None:
    """Aggregate-function parameters nest in brackets; thousands of them once exhausted the recursive parser."""
    deep = "AggregateFunction(quantiles(" + "[" * 3000 + "1" + "]" * 3000 + "), UInt8)"
    with pytest.raises(ChTypeError, match="levels deep"):
        parse_type(deep)
