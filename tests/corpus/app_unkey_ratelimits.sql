-- source: https://github.com/unkeyed/unkey/blob/fc99b6b925b9f455886832261883f4086eb64d3d/pkg/clickhouse/migrations/20250911070454.sql
-- product: Unkey (API keys and rate limiting): raw ratelimit decisions cascaded by materialized views into minute/hour/day/month AggregatingMergeTree rollups (avg/quantilesTDigest states, -MergeState cascades), a last-used table, a SummingMergeTree billing table and a ReplacingMergeTree active-workspace table
-- adapted: dropped the `default` database qualifier; statements reordered so all tables precede the materialized views (the migration creates the tables first as well, in alphabetical order)
-- Create "ratelimits_raw_v2" table
CREATE TABLE `ratelimits_raw_v2` (
  `request_id` String,
  `time` Int64 CODEC(Delta(8), LZ4),
  `workspace_id` String,
  `namespace_id` String,
  `identifier` String,
  `passed` Bool,
  `latency` Float64,
  INDEX `idx_identifier` ((identifier)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_request_id` ((request_id)) TYPE bloom_filter GRANULARITY 1
) ENGINE = MergeTree
PRIMARY KEY (`workspace_id`, `time`, `namespace_id`) ORDER BY (`workspace_id`, `time`, `namespace_id`) TTL toDateTime(fromUnixTimestamp64Milli(time)) + toIntervalMonth(1) SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000;
-- Create "ratelimits_per_minute_v2" table
CREATE TABLE `ratelimits_per_minute_v2` (
  `time` DateTime,
  `workspace_id` String,
  `namespace_id` String,
  `identifier` String,
  `passed` SimpleAggregateFunction(sum, Int64),
  `total` SimpleAggregateFunction(sum, Int64),
  `latency_avg` AggregateFunction(avg, Float64),
  `latency_p75` AggregateFunction(quantilesTDigest(0.75), Float64),
  `latency_p99` AggregateFunction(quantilesTDigest(0.99), Float64),
  INDEX `idx_identifier` ((identifier)) TYPE bloom_filter GRANULARITY 1
) ENGINE = AggregatingMergeTree
PRIMARY KEY (`workspace_id`, `namespace_id`, `time`, `identifier`) ORDER BY (`workspace_id`, `namespace_id`, `time`, `identifier`) TTL time + toIntervalDay(7) SETTINGS index_granularity = 8192;
-- Create "ratelimits_per_hour_v2" table
CREATE TABLE `ratelimits_per_hour_v2` (
  `time` DateTime,
  `workspace_id` String,
  `namespace_id` String,
  `identifier` String,
  `passed` SimpleAggregateFunction(sum, Int64),
  `total` SimpleAggregateFunction(sum, Int64),
  `latency_avg` AggregateFunction(avg, Float64),
  `latency_p75` AggregateFunction(quantilesTDigest(0.75), Float64),
  `latency_p99` AggregateFunction(quantilesTDigest(0.99), Float64),
  INDEX `idx_identifier` ((identifier)) TYPE bloom_filter GRANULARITY 1
) ENGINE = AggregatingMergeTree
PRIMARY KEY (`workspace_id`, `namespace_id`, `time`, `identifier`) ORDER BY (`workspace_id`, `namespace_id`, `time`, `identifier`) TTL time + toIntervalDay(30) SETTINGS index_granularity = 8192;
-- Create "ratelimits_per_day_v2" table
CREATE TABLE `ratelimits_per_day_v2` (
  `time` Date,
  `workspace_id` String,
  `namespace_id` String,
  `identifier` String,
  `passed` SimpleAggregateFunction(sum, Int64),
  `total` SimpleAggregateFunction(sum, Int64),
  `latency_avg` AggregateFunction(avg, Float64),
  `latency_p75` AggregateFunction(quantilesTDigest(0.75), Float64),
  `latency_p99` AggregateFunction(quantilesTDigest(0.99), Float64),
  INDEX `idx_identifier` ((identifier)) TYPE bloom_filter GRANULARITY 1
) ENGINE = AggregatingMergeTree
PRIMARY KEY (`workspace_id`, `namespace_id`, `time`, `identifier`) ORDER BY (`workspace_id`, `namespace_id`, `time`, `identifier`) TTL time + toIntervalDay(100) SETTINGS index_granularity = 8192;
-- Create "ratelimits_per_month_v2" table
CREATE TABLE `ratelimits_per_month_v2` (
  `time` Date,
  `workspace_id` String,
  `namespace_id` String,
  `identifier` String,
  `passed` SimpleAggregateFunction(sum, Int64),
  `total` SimpleAggregateFunction(sum, Int64),
  `latency_avg` AggregateFunction(avg, Float64),
  `latency_p75` AggregateFunction(quantilesTDigest(0.75), Float64),
  `latency_p99` AggregateFunction(quantilesTDigest(0.99), Float64),
  INDEX `idx_identifier` ((identifier)) TYPE bloom_filter GRANULARITY 1
) ENGINE = AggregatingMergeTree
PRIMARY KEY (`workspace_id`, `namespace_id`, `time`, `identifier`) ORDER BY (`workspace_id`, `namespace_id`, `time`, `identifier`) TTL time + toIntervalYear(3) SETTINGS index_granularity = 8192;
-- Create "ratelimits_last_used_v2" table
CREATE TABLE `ratelimits_last_used_v2` (
  `time` Int64,
  `workspace_id` String,
  `namespace_id` String,
  `identifier` String
) ENGINE = AggregatingMergeTree
PRIMARY KEY (`workspace_id`, `namespace_id`, `identifier`) ORDER BY (`workspace_id`, `namespace_id`, `identifier`) SETTINGS index_granularity = 8192;
-- Create "billable_ratelimits_per_month_v2" table
CREATE TABLE `billable_ratelimits_per_month_v2` (
  `year` Int16,
  `month` Int8,
  `workspace_id` String,
  `count` Int64
) ENGINE = SummingMergeTree
PRIMARY KEY (`workspace_id`, `year`, `month`) ORDER BY (`workspace_id`, `year`, `month`) SETTINGS index_granularity = 8192;
-- Create "active_workspaces_per_month_v2" table
CREATE TABLE `active_workspaces_per_month_v2` (
  `time` Date,
  `workspace_id` String
) ENGINE = ReplacingMergeTree
PRIMARY KEY (`time`, `workspace_id`) ORDER BY (`time`, `workspace_id`) TTL time + toIntervalYear(5) SETTINGS index_granularity = 8192;
-- Create "ratelimits_per_minute_mv_v2" view
CREATE MATERIALIZED VIEW `ratelimits_per_minute_mv_v2` TO `ratelimits_per_minute_v2` AS SELECT workspace_id, namespace_id, identifier, count(*) AS total, countIf(passed > 0) AS passed, avgState(latency) AS latency_avg, quantilesTDigestState(0.75)(latency) AS latency_p75, quantilesTDigestState(0.99)(latency) AS latency_p99, toStartOfMinute(fromUnixTimestamp64Milli(time)) AS time FROM ratelimits_raw_v2 GROUP BY workspace_id, namespace_id, time, identifier;
-- Create "ratelimits_per_hour_mv_v2" view
CREATE MATERIALIZED VIEW `ratelimits_per_hour_mv_v2` TO `ratelimits_per_hour_v2` AS SELECT workspace_id, namespace_id, identifier, sum(total) AS total, sum(passed) AS passed, avgMergeState(latency_avg) AS latency_avg, quantilesTDigestMergeState(0.75)(latency_p75) AS latency_p75, quantilesTDigestMergeState(0.99)(latency_p99) AS latency_p99, toStartOfHour(time) AS time FROM ratelimits_per_minute_v2 GROUP BY workspace_id, namespace_id, time, identifier;
-- Create "ratelimits_per_day_mv_v2" view
CREATE MATERIALIZED VIEW `ratelimits_per_day_mv_v2` TO `ratelimits_per_day_v2` AS SELECT workspace_id, namespace_id, identifier, sum(total) AS total, sum(passed) AS passed, avgMergeState(latency_avg) AS latency_avg, quantilesTDigestMergeState(0.75)(latency_p75) AS latency_p75, quantilesTDigestMergeState(0.99)(latency_p99) AS latency_p99, toDate(toStartOfDay(time)) AS time FROM ratelimits_per_hour_v2 GROUP BY workspace_id, namespace_id, time, identifier;
-- Create "ratelimits_per_month_mv_v2" view
CREATE MATERIALIZED VIEW `ratelimits_per_month_mv_v2` TO `ratelimits_per_month_v2` AS SELECT workspace_id, namespace_id, identifier, sum(total) AS total, sum(passed) AS passed, avgMergeState(latency_avg) AS latency_avg, quantilesTDigestMergeState(0.75)(latency_p75) AS latency_p75, quantilesTDigestMergeState(0.99)(latency_p99) AS latency_p99, toDate(toStartOfMonth(time)) AS time FROM ratelimits_per_day_v2 GROUP BY workspace_id, namespace_id, time, identifier;
-- Create "ratelimits_last_used_mv_v2" view
CREATE MATERIALIZED VIEW `ratelimits_last_used_mv_v2` TO `ratelimits_last_used_v2` AS SELECT workspace_id, namespace_id, identifier, maxSimpleState(time) AS time FROM ratelimits_raw_v2 GROUP BY workspace_id, namespace_id, identifier;
-- Create "billable_ratelimits_per_month_mv_v2" view
CREATE MATERIALIZED VIEW `billable_ratelimits_per_month_mv_v2` TO `billable_ratelimits_per_month_v2` AS SELECT workspace_id, sum(passed) AS count, toYear(time) AS year, toMonth(time) AS month FROM ratelimits_per_month_v2 GROUP BY workspace_id, year, month;
-- Create "active_workspaces_ratelimits_per_month_mv_v2" view
CREATE MATERIALIZED VIEW `active_workspaces_ratelimits_per_month_mv_v2` TO `active_workspaces_per_month_v2` AS SELECT workspace_id, toDate(time) AS time FROM ratelimits_per_month_v2;
