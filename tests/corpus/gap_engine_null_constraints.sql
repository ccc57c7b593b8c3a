-- source: https://github.com/ClickHouse/ClickHouse/blob/0783e1cf494251641851a2e6b7a10a5c0f3d6bde/tests/queries/0_stateless/00998_constraints_all_tables.sql
-- product: ClickHouse tests: standalone ENGINE = Null table (no materialized view attached) carrying two CONSTRAINT ... CHECK clauses (domainWithoutWWW(URL) = 'yandex.ru', isValidUTF8(URL)) on a one-line CREATE TABLE
-- adapted: only the first CREATE TABLE (the Null-engine one) kept; the same table is re-created later in the test with Memory/StripeLog/TinyLog/Log engines under the same name, and DROP/INSERT/SELECT/SHOW statements were dropped
CREATE TABLE constrained (URL String, CONSTRAINT is_yandex CHECK domainWithoutWWW(URL) = 'yandex.ru', CONSTRAINT is_utf8 CHECK isValidUTF8(URL)) ENGINE = Null;
