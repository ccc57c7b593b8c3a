"""One reading of ClickHouse's escapes for every lexer here (schema/escapes.py), checked against ClickHouse itself."""

from __future__ import annotations

import pytest

from olapctl.clickhouse.connect import Target
from olapctl.schema.sqltext import quote_string, unquote_identifier, unquote_string
from olapctl.schema.types import parse_type

LITERALS = [r"'a\nb'", r"'it''s'", r"'it\'s'", r"'tab\there'", r"'\x41\xc3\xa9'", r"'back\\slash'", r"'\q'", "''"]


@pytest.mark.parametrize("literal", LITERALS)
def test_string_literals_read_as_clickhouse_reads_them(literal: str, target: Target) -> None:
    clickhouse = target.query(f"SELECT {literal}")[0][0]
    assert unquote_string(literal) == clickhouse
    enum = parse_type(f"Enum8({literal} = 1)")  # the type grammar's lexer reads it the same way
    assert enum.args[0].name == clickhouse  # type: ignore[union-attr]
    assert unquote_string(quote_string(clickhouse)) == clickhouse
    assert target.query(f"SELECT {quote_string(clickhouse)}")[0][0] == clickhouse


def test_quoted_names_use_the_same_escapes() -> None:
    assert unquote_identifier(r"`a\nb`") == "a\nb"
    assert unquote_identifier("`a``b`") == "a`b"
    assert unquote_identifier('"x""y"') == 'x"y'
