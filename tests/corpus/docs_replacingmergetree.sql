-- source: https://github.com/ClickHouse/ClickHouse/blob/066f5ac8fdd96d3b72aa009a13981ff6d590f4a4/docs/en/engines/table-engines/mergetree-family/replacingmergetree.md
-- product: ClickHouse docs: ReplacingMergeTree reference: engine without parameters and with a DateTime ver column
-- adapted: none (INSERT/SELECT statements of the example omitted)
CREATE TABLE myFirstReplacingMT
(
    `key` Int64,
    `someCol` String,
    `eventTime` DateTime
)
ENGINE = ReplacingMergeTree
ORDER BY key;

CREATE TABLE mySecondReplacingMT
(
    `key` Int64,
    `someCol` String,
    `eventTime` DateTime
)
ENGINE = ReplacingMergeTree(eventTime)
ORDER BY key;
