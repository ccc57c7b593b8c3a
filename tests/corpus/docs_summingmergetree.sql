-- source: https://github.com/ClickHouse/ClickHouse/blob/12cce580ee1edeca26c5d48c79629b80c251b57d/docs/en/engines/table-engines/mergetree-family/summingmergetree.md
-- product: ClickHouse docs: SummingMergeTree reference: plain example and a Nested(...) "*Map" column summed by key, table with PRIMARY KEY and no ORDER BY
-- adapted: dropped "DROP TABLE IF EXISTS nested_sum" and the INSERT/OPTIMIZE/SELECT statements
CREATE TABLE summtt
(
    key UInt32,
    value UInt32
)
ENGINE = SummingMergeTree()
ORDER BY key;

CREATE TABLE nested_sum
(
    date Date,
    site UInt32,
    hitsMap Nested(
        browser String,
        imps UInt32,
        clicks UInt32
    )
) ENGINE = SummingMergeTree
PRIMARY KEY (date, site);
