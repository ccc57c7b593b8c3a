-- source: https://github.com/ClickHouse/ClickHouse/blob/05a96902db325367757faecafb76c39a2201d6bf/docs/en/engines/table-engines/mergetree-family/versionedcollapsingmergetree.md
-- product: ClickHouse docs: VersionedCollapsingMergeTree(Sign, Version) reference example
-- adapted: none
CREATE TABLE UAct
(
    UserID UInt64,
    PageViews UInt8,
    Duration UInt8,
    Sign Int8,
    Version UInt8
)
ENGINE = VersionedCollapsingMergeTree(Sign, Version)
ORDER BY UserID;
