-- source: https://github.com/plausible/analytics/blob/d5340daada246100f3aff24a6bc04663a1b0864c/priv/ingest_repo/structure.sql
-- product: Plausible Analytics (web analytics): ingest_counters (SummingMergeTree(value) with an aggregating projection), the failed_batches table with its HASHED dictionary, and imported_custom_events
-- adapted: dropped the `plausible_events_db.` qualifier and the `DB 'plausible_events_db'` clause from the dictionary SOURCE; the dictionary is placed after its source table
CREATE TABLE ingest_counters
(
    `event_timebucket` DateTime,
    `domain` LowCardinality(String),
    `site_id` Nullable(UInt64),
    `metric` LowCardinality(String),
    `value` UInt64,
    `tracker_script_version` UInt16,
    PROJECTION ingest_counters_site_traffic_projection
    (
        SELECT 
            site_id,
            toDate(event_timebucket),
            sumIf(value, metric = 'buffered')
        GROUP BY 
            site_id,
            toDate(event_timebucket)
    )
)
ENGINE = SummingMergeTree(value)
PRIMARY KEY (domain, toDate(event_timebucket), metric, toStartOfMinute(event_timebucket))
ORDER BY (domain, toDate(event_timebucket), metric, toStartOfMinute(event_timebucket), tracker_script_version)
SETTINGS index_granularity = 8192, deduplicate_merge_projection_mode = 'rebuild';

CREATE TABLE failed_batches
(
    `batch` UInt64
)
ENGINE = MergeTree
ORDER BY batch
SETTINGS index_granularity = 8192;

CREATE DICTIONARY failed_batches_dict
(
    `batch` UInt64
)
PRIMARY KEY batch
SOURCE(CLICKHOUSE(TABLE failed_batches INVALIDATE_QUERY 'SELECT max(batch) FROM failed_batches'))
LIFETIME(MIN 300 MAX 360)
LAYOUT(HASHED());

CREATE TABLE imported_custom_events
(
    `site_id` UInt64,
    `import_id` UInt64,
    `date` Date,
    `name` String CODEC(ZSTD(3)),
    `link_url` String CODEC(ZSTD(3)),
    `path` String CODEC(ZSTD(3)),
    `visitors` UInt64,
    `events` UInt64
)
ENGINE = MergeTree
ORDER BY (site_id, import_id, date, name)
SETTINGS replicated_deduplication_window = 0, index_granularity = 8192;
