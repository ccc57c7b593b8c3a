-- source: https://github.com/ClickHouse/ClickHouse/blob/06869f6665b313a3d823fb274e85610e6eef9019/docs/en/engines/table-engines/mergetree-family/aggregatingmergetree.md
-- product: ClickHouse docs: AggregatingMergeTree with AggregateFunction(sum|uniq, Nullable(Int32)) columns fed by a TO materialized view using -State functions; DateTime64 NOT NULL
-- adapted: dropped CREATE DATABASE test and the test. qualifier (also inside the view's SELECT); INSERT/SELECT statements omitted
CREATE TABLE visits
 (
    StartDate DateTime64 NOT NULL,
    CounterID UInt64,
    Sign Nullable(Int32),
    UserID Nullable(Int32)
) ENGINE = MergeTree ORDER BY (StartDate, CounterID);

CREATE TABLE agg_visits (
    StartDate DateTime64 NOT NULL,
    CounterID UInt64,
    Visits AggregateFunction(sum, Nullable(Int32)),
    Users AggregateFunction(uniq, Nullable(Int32))
)
ENGINE = AggregatingMergeTree() ORDER BY (StartDate, CounterID);

CREATE MATERIALIZED VIEW visits_mv TO agg_visits
AS SELECT
    StartDate,
    CounterID,
    sumState(Sign) AS Visits,
    uniqState(UserID) AS Users
FROM visits
GROUP BY StartDate, CounterID;
