-- source: https://github.com/unkeyed/unkey/blob/fc99b6b925b9f455886832261883f4086eb64d3d/pkg/clickhouse/migrations/20250911070454.sql
-- product: Unkey (API gateway analytics): raw API request log cascaded into minute/hour/day/month SummingMergeTree rollups whose counter is a SimpleAggregateFunction(sum), with bloom_filter skip indexes and TTLs
-- adapted: dropped the `default` database qualifier; statements reordered so all tables precede the materialized views
-- Create "api_requests_raw_v2" table
CREATE TABLE `api_requests_raw_v2` (
  `request_id` String,
  `time` Int64 CODEC(Delta(8), LZ4),
  `workspace_id` String,
  `host` String,
  `method` LowCardinality(String),
  `path` String,
  `request_headers` Array(String),
  `request_body` String,
  `response_status` Int32,
  `response_headers` Array(String),
  `response_body` String,
  `error` String,
  `service_latency` Int64,
  `user_agent` String,
  `ip_address` String,
  `region` LowCardinality(String),
  INDEX `idx_request_id` ((request_id)) TYPE bloom_filter GRANULARITY 1
) ENGINE = MergeTree
PRIMARY KEY (`workspace_id`, `time`, `request_id`) ORDER BY (`workspace_id`, `time`, `request_id`) TTL toDateTime(fromUnixTimestamp64Milli(time)) + toIntervalMonth(1) SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000;
-- Create "api_requests_per_minute_v2" table
CREATE TABLE `api_requests_per_minute_v2` (
  `time` DateTime,
  `workspace_id` String,
  `path` String,
  `response_status` Int32,
  `host` String,
  `method` LowCardinality(String),
  `count` SimpleAggregateFunction(sum, Int64),
  INDEX `idx_host` ((host)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_method` ((method)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_path` ((path)) TYPE bloom_filter GRANULARITY 1
) ENGINE = SummingMergeTree
PRIMARY KEY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) ORDER BY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) TTL time + toIntervalDay(7) SETTINGS index_granularity = 8192;
-- Create "api_requests_per_hour_v2" table
CREATE TABLE `api_requests_per_hour_v2` (
  `time` DateTime,
  `workspace_id` String,
  `path` String,
  `response_status` Int32,
  `host` String,
  `method` LowCardinality(String),
  `count` SimpleAggregateFunction(sum, Int64),
  INDEX `idx_host` ((host)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_method` ((method)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_path` ((path)) TYPE bloom_filter GRANULARITY 1
) ENGINE = SummingMergeTree
PRIMARY KEY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) ORDER BY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) TTL time + toIntervalDay(30) SETTINGS index_granularity = 8192;
-- Create "api_requests_per_day_v2" table
CREATE TABLE `api_requests_per_day_v2` (
  `time` Date,
  `workspace_id` String,
  `path` String,
  `response_status` Int32,
  `host` String,
  `method` LowCardinality(String),
  `count` SimpleAggregateFunction(sum, Int64),
  INDEX `idx_host` ((host)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_method` ((method)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_path` ((path)) TYPE bloom_filter GRANULARITY 1
) ENGINE = SummingMergeTree
PRIMARY KEY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) ORDER BY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) TTL time + toIntervalDay(100) SETTINGS index_granularity = 8192;
-- Create "api_requests_per_month_v2" table
CREATE TABLE `api_requests_per_month_v2` (
  `time` Date,
  `workspace_id` String,
  `path` String,
  `response_status` Int32,
  `host` String,
  `method` LowCardinality(String),
  `count` SimpleAggregateFunction(sum, Int64),
  INDEX `idx_host` ((host)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_method` ((method)) TYPE bloom_filter GRANULARITY 1,
  INDEX `idx_path` ((path)) TYPE bloom_filter GRANULARITY 1
) ENGINE = SummingMergeTree
PRIMARY KEY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) ORDER BY (`workspace_id`, `time`, `response_status`, `host`, `method`, `path`) TTL time + toIntervalYear(3) SETTINGS index_granularity = 8192;
-- Create "api_requests_per_minute_mv_v2" view
CREATE MATERIALIZED VIEW `api_requests_per_minute_mv_v2` TO `api_requests_per_minute_v2` AS SELECT workspace_id, path, response_status, host, method, count(*) AS count, toStartOfMinute(fromUnixTimestamp64Milli(time)) AS time FROM api_requests_raw_v2 GROUP BY workspace_id, path, response_status, host, method, time;
-- Create "api_requests_per_hour_mv_v2" view
CREATE MATERIALIZED VIEW `api_requests_per_hour_mv_v2` TO `api_requests_per_hour_v2` AS SELECT workspace_id, path, response_status, host, method, sum(count) AS count, toStartOfHour(time) AS time FROM api_requests_per_minute_v2 GROUP BY workspace_id, path, response_status, host, method, time;
-- Create "api_requests_per_day_mv_v2" view
CREATE MATERIALIZED VIEW `api_requests_per_day_mv_v2` TO `api_requests_per_day_v2` AS SELECT workspace_id, path, response_status, host, method, sum(count) AS count, toDate(toStartOfDay(time)) AS time FROM api_requests_per_hour_v2 GROUP BY workspace_id, path, response_status, host, method, time;
-- Create "api_requests_per_month_mv_v2" view
CREATE MATERIALIZED VIEW `api_requests_per_month_mv_v2` TO `api_requests_per_month_v2` AS SELECT workspace_id, path, response_status, host, method, sum(count) AS count, toDate(toStartOfMonth(time)) AS time FROM api_requests_per_day_v2 GROUP BY workspace_id, path, response_status, host, method, time;
