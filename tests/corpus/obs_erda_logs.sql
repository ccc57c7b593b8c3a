-- source: https://github.com/erda-project/erda/blob/db77b5e0ecc728f825ad48caf764ffdbcf9fea6e/cmd/monitor/streaming/conf/clickhouse/logs_ddl_create_default_tables.sql
-- product: Erda (cloud-native platform) monitor: container log table - DateTime64(9, 'Asia/Shanghai'), Enum8 with '' member, Map tags plus backquoted `tags.x` MATERIALIZED columns sharing the Map's name prefix, skip indexes written as INDEX name(expr) with parameterless bloom_filter and minmax
-- adapted: removed ON CLUSTER '{cluster}' and the <database>. qualifier; Replicated*MergeTree('/clickhouse/tables/...', '{replica}') -> the non-replicated engine with no args; <ttl_in_days> -> 7 (chosen value; the Go code fills it from a configured TTL duration); dropped the Distributed *_all tables and the // comment lines (not ClickHouse comment syntax; the Go loader strips them)
CREATE TABLE IF NOT EXISTS logs
(
    `_id` String,
    `timestamp` DateTime64(9, 'Asia/Shanghai'),
    `source` LowCardinality(String),
    `id` String,
    `org_name` LowCardinality(String),
    `tenant_id` LowCardinality(String),
    `group_id` String,
    `stream`  Enum8('' = 0, 'stdout' = 1, 'stderr' = 2),
    `offset` Int64,
    `content` String,
    `tags` Map(String,String),

    `tags.trace_id` String MATERIALIZED tags['trace_id'],
    `tags.level` LowCardinality(String) MATERIALIZED tags['level'],
    `tags.application_name` LowCardinality(String) MATERIALIZED tags['application_name'],
    `tags.service_name` String MATERIALIZED tags['service_name'],
    `tags.pod_name` String MATERIALIZED tags['pod_name'],
    `tags.pod_ip` String MATERIALIZED tags['pod_ip'],
    `tags.container_name` String MATERIALIZED tags['container_name'],
    `tags.container_id` String MATERIALIZED tags['container_id'],
    `tags.monitor_log_key` LowCardinality(String) MATERIALIZED tags['monitor_log_key'],
    `tags.msp_env_id` LowCardinality(String) MATERIALIZED tags['msp_env_id'],
    `tags.dice_application_id` LowCardinality(String) MATERIALIZED tags['dice_application_id'],

    INDEX idx__id(_id) TYPE minmax GRANULARITY 1,
    INDEX idx_trace_id(tags.trace_id) TYPE bloom_filter GRANULARITY 1,
    INDEX idx_id(id) TYPE bloom_filter GRANULARITY 1,
    INDEX idx_monitor_log_key(tags.monitor_log_key) TYPE bloom_filter GRANULARITY 1,
    INDEX idx_msp_env_id(tags.msp_env_id) TYPE bloom_filter GRANULARITY 1,
    INDEX idx_dice_application_id(tags.dice_application_id) TYPE bloom_filter GRANULARITY 1
)
ENGINE = MergeTree()
PARTITION BY toYYYYMMDD(timestamp)
ORDER BY (org_name, tenant_id, group_id, timestamp)
TTL toDateTime(timestamp) + INTERVAL 7 DAY;
