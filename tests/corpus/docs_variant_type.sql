-- source: https://github.com/ClickHouse/ClickHouse/blob/550f6fae76b0d97c8f8f3e60e9af69d20d036b9a/docs/en/sql-reference/data-types/variant.md
-- product: ClickHouse docs: Variant(String, UInt64, Array(UInt32)) columns on a Memory table
-- adapted: of the page's several `test` tables only the "Comparing values of Variant type" one is kept; the page notes Variant needs allow_experimental_variant_type = 1 at that version, kept as a session setting
-- settings: allow_experimental_variant_type=1
CREATE TABLE test (v1 Variant(String, UInt64, Array(UInt32)), v2 Variant(String, UInt64, Array(UInt32))) ENGINE=Memory;
