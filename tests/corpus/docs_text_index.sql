-- source: https://github.com/ClickHouse/ClickHouse/blob/b6b982bda8d9ae714a5c168114e986c96568b384/docs/en/engines/table-engines/mergetree-family/textindexes.md
-- product: ClickHouse docs: full-text `text` index: inline with tokenizer + preprocessor = lower(str) on an ORDER BY tuple() table named `table`, and added by ALTER ADD INDEX ... TYPE text(tokenizer = splitByNonAlpha) on the Hacker News comments table
-- adapted: of the several example tables all named `table`, the first preprocessor example is kept as `table`; the Map example (also named `table` in the page) is omitted; MATERIALIZE INDEX mutation, INSERT ... s3Cluster and SELECTs omitted
CREATE TABLE table
(
    str String,
    INDEX idx(str) TYPE text(tokenizer = 'splitByNonAlpha', preprocessor = lower(str))
)
ENGINE = MergeTree
ORDER BY tuple();

CREATE TABLE hackernews (
    id UInt64,
    deleted UInt8,
    type String,
    author String,
    timestamp DateTime,
    comment String,
    dead UInt8,
    parent UInt64,
    poll UInt64,
    children Array(UInt32),
    url String,
    score UInt32,
    title String,
    parts Array(UInt32),
    descendants UInt32
)
ENGINE = MergeTree
ORDER BY (type, author);

ALTER TABLE hackernews ADD INDEX comment_idx(comment) TYPE text(tokenizer = splitByNonAlpha);
