-- source: https://github.com/ClickHouse/ClickHouse/blob/6b18e9475db3810b7f8b402f9689ad46a45c7f11/tests/queries/0_stateless/01711_cte_subquery_fix.sql
-- product: ClickHouse tests: plain CREATE VIEW whose SELECT starts with a CTE (with t as (select number n from numbers(3)) select n from t), plus CREATE TABLE ... ENGINE = Memory AS WITH cte AS (...) SELECT (lower-case keywords)
-- adapted: dropped the DROP TABLE statements
create table t engine = Memory as with cte as (select * from numbers(10)) select * from cte;
create view view1 as with t as (select number n from numbers(3)) select n from t;
