-- source: https://github.com/ClickHouse/clickhouse-docs/blob/30303e04ed06d87f1911f4ac76ec46703a6f0ba4/docs/getting-started/example-datasets/hacker-news-vector-search.md
-- product: ClickHouse docs: Hacker News embeddings table (Array(Float32), named Tuple of Nullable(UInt64), Enum8, LowCardinality) with a vector_similarity('hnsw', 'cosineDistance', 768, 'bf16', 64, 512) index added by ALTER
-- adapted: INSERT ... FROM s3(...) and the MATERIALIZE INDEX mutation omitted
CREATE TABLE hackernews
(
    `id` Int32,
    `doc_id` Int32,
    `text` String,
    `vector` Array(Float32),
    `node_info` Tuple(
        start Nullable(UInt64),
        end Nullable(UInt64)),
    `metadata` String,
    `type` Enum8('story' = 1, 'comment' = 2, 'poll' = 3, 'pollopt' = 4, 'job' = 5),
    `by` LowCardinality(String),
    `time` DateTime,
    `title` String,
    `post_score` Int32,
    `dead` UInt8,
    `deleted` UInt8,
    `length` UInt32
)
ENGINE = MergeTree
ORDER BY id;

ALTER TABLE hackernews ADD INDEX vector_index vector TYPE vector_similarity('hnsw', 'cosineDistance', 768, 'bf16', 64, 512);
