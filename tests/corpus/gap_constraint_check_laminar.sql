-- source: https://github.com/lmnr-ai/lmnr/blob/39a1e595b60f77e7d7c9ad7eda2c410f7c252f5b/frontend/lib/clickhouse/migrations/28_indexed_clusters.sql
-- product: Laminar (LLM observability): signal_event_clusters ReplacingMergeTree(updated_at) with CONSTRAINT centroid_same_dim CHECK length(centroid) = 3072 on an Array(BFloat16) CODEC(NONE) embedding, PRIMARY KEY shorter than ORDER BY
-- adapted: only the CREATE TABLE kept; dropped the ALTER TABLE ADD INDEX (vector_similarity) / MATERIALIZE INDEX, the INSERT ... SELECT, the DROP TABLE/VIEW statements and the two CREATE VIEWs (they read tables created by earlier migrations)
CREATE TABLE IF NOT EXISTS signal_event_clusters
(
    `id` UUID,
    `project_id` UUID,
    `signal_id` UUID,
    `name` String,
    `level` UInt8,
    `centroid` Array(BFloat16) CODEC(NONE),
    `parent_id` UUID,
    `num_signal_events` UInt32,
    `num_children_clusters` UInt16,
    `created_at` DateTime64(9, 'UTC'),
    `updated_at` DateTime64(9, 'UTC'),
    CONSTRAINT centroid_same_dim CHECK length(centroid) = 3072
)
ENGINE = ReplacingMergeTree(updated_at)
PRIMARY KEY (project_id, signal_id)
ORDER BY (project_id, signal_id, id);
