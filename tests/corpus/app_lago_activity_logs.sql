-- source: https://github.com/getlago/lago-api/blob/1b1c24a6a6c321d7900b05906bf1b20f706c97c2/db/clickhouse_migrate/cloud/03_activity_logs.sql
-- product: Lago (usage-based billing): activity_logs audit trail (Enum8, Map(String, Nullable(String)), bloom_filter skip indexes, PRIMARY KEY = ORDER BY)
-- adapted: replaced `SharedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')` (ClickHouse Cloud) by `MergeTree`; dropped the `default.` database qualifier
CREATE TABLE activity_logs
(
    `organization_id` String,
    `user_id` Nullable(String),
    `api_key_id` Nullable(String),
    `external_customer_id` Nullable(String),
    `external_subscription_id` Nullable(String),
    `activity_id` String,
    `activity_type` String,
    `activity_source` Enum8('api' = 1, 'front' = 2, 'system' = 3),
    `activity_object` Map(String, Nullable(String)),
    `activity_object_changes` Map(String, Nullable(String)),
    `resource_id` String,
    `resource_type` String,
    `logged_at` DateTime64(3),
    `created_at` DateTime64(3),
    INDEX idx_external_customer_id external_customer_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_external_subscription_id external_subscription_id TYPE bloom_filter(0.001) GRANULARITY 1
)
ENGINE = MergeTree
PRIMARY KEY (organization_id, activity_type, activity_id, logged_at)
ORDER BY (organization_id, activity_type, activity_id, logged_at)
SETTINGS index_granularity = 8192;
