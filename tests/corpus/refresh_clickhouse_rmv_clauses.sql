-- source: https://github.com/ClickHouse/ClickHouse/blob/011a7d20fcf8f0ddc0b13e988b6048617e183021/tests/queries/0_stateless/02932_refreshable_materialized_views_2.sh
-- product: ClickHouse (its own stateless test of refreshable materialized views): OFFSET/RANDOMIZE FOR, TO, AFTER with refresh SETTINGS, EMPTY, APPEND with an inner engine, APPEND TO, and a regular MV reading the APPEND target
-- adapted: extracted the CREATE statements from the shell script's `$CLICKHOUSE_CLIENT -nq "..."` strings, kept only those that can coexist (views g, h, h2, i, k, l, m and tables src, dest, mid; the script creates and drops them one after another); `create table src (x Int64) engine Memory as select 1` lost its `as select 1` (no data); dropped the test-only `refreshes` view over system.view_refreshes, the views c/d/e/f/j/n/o, the statements expected to fail, and every SYSTEM/INSERT/SELECT/ALTER/RENAME/DROP/TRUNCATE
create table src (x Int64) engine Memory;
create materialized view g refresh every 1 week offset 3 day 4 hour randomize for 4 day 1 hour (x Int64) engine Memory empty as select 42 as x;
create table dest (x Int64) engine MergeTree order by x;
create materialized view h refresh every 1 second to dest as select x*10 as x from src;
create materialized view h2 refresh after 1 year settings refresh_retries = 10 (x Int64) engine Memory as select x*10 + throwIf(x % 2 == 0) as x from src;
create materialized view i refresh after 1 year engine Memory empty as select number as x from numbers(2);
create materialized view k refresh every 10 year append (x Int64) engine Memory empty as select x*10 as x from src;
create table mid (x Int64) engine MergeTree order by x;
create materialized view l refresh every 10 year append to mid empty as select x*10 as x from src;
create materialized view m (x Int64) engine Memory as select x*10 as x from mid;
