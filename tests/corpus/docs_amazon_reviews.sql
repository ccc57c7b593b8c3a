-- source: https://github.com/ClickHouse/clickhouse-docs/blob/42e057301133cf5ccd10b07a3ccfad391a510847/docs/getting-started/example-datasets/amazon-reviews.md
-- product: ClickHouse docs: Amazon reviews table with an inline reordering PROJECTION (SELECT * ORDER BY helpful_votes), Bool, LowCardinality
-- adapted: dropped CREATE DATABASE amazon and the amazon. qualifier
CREATE TABLE amazon_reviews
(
    `review_date` Date,
    `marketplace` LowCardinality(String),
    `customer_id` UInt64,
    `review_id` String,
    `product_id` String,
    `product_parent` UInt64,
    `product_title` String,
    `product_category` LowCardinality(String),
    `star_rating` UInt8,
    `helpful_votes` UInt32,
    `total_votes` UInt32,
    `vine` Bool,
    `verified_purchase` Bool,
    `review_headline` String,
    `review_body` String,
    PROJECTION helpful_votes
    (
        SELECT *
        ORDER BY helpful_votes
    )
)
ENGINE = MergeTree
ORDER BY (review_date, product_category);
