-- source: https://github.com/ClickHouse/clickhouse-docs/blob/040e94f07d428f1427a7feac112cbd26cbb3395b/docs/guides/developer/cascading-materialized-views.md
-- product: ClickHouse docs: cascading materialized views: Null source -> AggregatingMergeTree (AggregateFunction(sum, UInt64), -State) -> second MV reading the first target with -Merge into SummingMergeTree; two MVs feeding one AggregatingMergeTree with SimpleAggregateFunction columns, inline `---<<<---` comments and aliases inside GROUP BY
-- adapted: dropped CREATE DATABASE analytics and the analytics. qualifier (also inside the MV SELECTs); INSERT/SELECT statements omitted
CREATE TABLE hourly_data
(
    `domain_name` String,
    `event_time` DateTime,
    `count_views` UInt64
)
ENGINE = Null;

CREATE TABLE monthly_aggregated_data
(
    `domain_name` String,
    `month` Date,
    `sumCountViews` AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (domain_name, month);

CREATE MATERIALIZED VIEW monthly_aggregated_data_mv
TO monthly_aggregated_data
AS
SELECT
    toDate(toStartOfMonth(event_time)) AS month,
    domain_name,
    sumState(count_views) AS sumCountViews
FROM hourly_data
GROUP BY
    domain_name,
    month;

CREATE TABLE year_aggregated_data
(
    `domain_name` String,
    `year` UInt16,
    `sumCountViews` UInt64
)
ENGINE = SummingMergeTree()
ORDER BY (domain_name, year);

CREATE MATERIALIZED VIEW year_aggregated_data_mv
TO year_aggregated_data
AS
SELECT
    toYear(toStartOfYear(month)) AS year,
    domain_name,
    sumMerge(sumCountViews) as sumCountViews
FROM monthly_aggregated_data
GROUP BY
    domain_name,
    year;

CREATE TABLE impressions
(
    `event_time` DateTime,
    `domain_name` String
) ENGINE = MergeTree ORDER BY (domain_name, event_time)
;

CREATE TABLE clicks
(
    `event_time` DateTime,
    `domain_name` String
) ENGINE = MergeTree ORDER BY (domain_name, event_time)
;

CREATE TABLE daily_overview
(
    `on_date` Date,
    `domain_name` String,
    `impressions` SimpleAggregateFunction(sum, UInt64),
    `clicks` SimpleAggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree ORDER BY (on_date, domain_name);

CREATE MATERIALIZED VIEW daily_impressions_mv
TO daily_overview
AS
SELECT
    toDate(event_time) AS on_date,
    domain_name,
    count() AS impressions,
    0 clicks         ---<<<--- if you omit this, it will be the same 0
FROM
    impressions
GROUP BY
    toDate(event_time) AS on_date,
    domain_name
;

CREATE MATERIALIZED VIEW daily_clicks_mv
TO daily_overview
AS
SELECT
    toDate(event_time) AS on_date,
    domain_name,
    count() AS clicks,
    0 impressions    ---<<<--- if you omit this, it will be the same 0
FROM
    clicks
GROUP BY
    toDate(event_time) AS on_date,
    domain_name
;
