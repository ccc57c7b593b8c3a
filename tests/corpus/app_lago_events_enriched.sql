-- source: https://github.com/getlago/lago-api/blob/1b1c24a6a6c321d7900b05906bf1b20f706c97c2/db/clickhouse_migrate/cloud/02_events_enriched.sql
-- product: Lago (usage-based billing): events_enriched, the deduplicated per-subscription event store (ReplacingMergeTree(timestamp), PRIMARY KEY a prefix of ORDER BY, mapSort/Decimal defaults)
-- adapted: replaced `SharedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', timestamp)` (ClickHouse Cloud) by `ReplacingMergeTree(timestamp)`; dropped the `default.` database qualifier
CREATE TABLE events_enriched
(
    `organization_id` String,
    `external_subscription_id` String,
    `code` String,
    `timestamp` DateTime64(3),
    `transaction_id` String,
    `properties` Map(String, String),
    `sorted_properties` Map(String, String) DEFAULT mapSort(properties),
    `enriched_at` DateTime64(3) DEFAULT now64(3),
    `value` Nullable(String),
    `decimal_value` Nullable(Decimal(38, 26)) DEFAULT toDecimal128OrZero(value, 26),
    `precise_total_amount_cents` Nullable(Decimal(40, 15))
)
ENGINE = ReplacingMergeTree(timestamp)
PRIMARY KEY (organization_id, code, external_subscription_id, toDate(timestamp))
ORDER BY (organization_id, code, external_subscription_id, toDate(timestamp), timestamp, transaction_id)
SETTINGS index_granularity = 8192;
