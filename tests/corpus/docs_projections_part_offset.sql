-- source: https://github.com/ClickHouse/clickhouse-docs/blob/0f448e10218dcd05734e68c1e898c5da9f500a30/docs/data-modeling/projections/1_projections.md
-- product: ClickHouse docs: "lightweight" projections storing only _part_offset ordered by a different key; table settings index_granularity / max_bytes_to_merge_at_max_space_in_pool
-- adapted: none
CREATE TABLE page_views
(
    id UInt64,
    event_date Date,
    user_id UInt32,
    url String,
    region String,
    PROJECTION region_proj
    (
        SELECT _part_offset ORDER BY region
    ),
    PROJECTION user_id_proj
    (
        SELECT _part_offset ORDER BY user_id
    )
)
ENGINE = MergeTree
ORDER BY (event_date, id)
SETTINGS
  index_granularity = 1, -- one row per granule
  max_bytes_to_merge_at_max_space_in_pool = 1; -- disable merge
