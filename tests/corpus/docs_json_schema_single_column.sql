-- source: https://github.com/ClickHouse/clickhouse-docs/blob/0e87f491c52fa3a67ae8366159bcb5cb302e7d74/docs/integrations/data-ingestion/data-formats/json/schema.md
-- product: ClickHouse docs: single JSON column with a typed path used in ORDER BY (json.username) and SKIP paths
-- adapted: the INSERT ... FORMAT JSONAsObject statements that follow the CREATE in the same code block are omitted
CREATE TABLE people
(
    `json` JSON(username String, SKIP address, SKIP company)
)
ENGINE = MergeTree
ORDER BY json.username;
