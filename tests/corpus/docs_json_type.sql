-- source: https://github.com/ClickHouse/ClickHouse/blob/02f7f13f456a815775d11bae5842a04b3c967189/docs/en/sql-reference/data-types/newjson.md
-- product: ClickHouse docs: JSON data type reference: JSON column with a typed path hint and SKIP on a Memory table
-- adapted: the page's several `test` tables share one name; only "CREATE TABLE test (json JSON(a.b UInt32, SKIP a.e)) ENGINE = Memory" is kept; the page's note asks for enable_json_type = 1 (beta at that version), kept as a session setting
-- settings: enable_json_type=1
CREATE TABLE test (json JSON(a.b UInt32, SKIP a.e)) ENGINE = Memory;
