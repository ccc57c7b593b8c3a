-- source: https://github.com/ClickHouse/ClickHouse/blob/022a8859d1c12abc888f0139bebce3293437fd9f/docs/en/engines/table-engines/mergetree-family/collapsingmergetree.md
-- product: ClickHouse docs: CollapsingMergeTree(Sign) reference example
-- adapted: only the first UAct definition is kept; the page's second "Example of Another Approach" redefines UAct with Int16 PageViews/Duration under the same name
CREATE TABLE UAct
(
    UserID UInt64,
    PageViews UInt8,
    Duration UInt8,
    Sign Int8
)
ENGINE = CollapsingMergeTree(Sign)
ORDER BY UserID;
