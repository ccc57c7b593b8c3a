-- source: https://github.com/ClickHouse/clickhouse-docs/blob/0e87f491c52fa3a67ae8366159bcb5cb302e7d74/docs/integrations/data-ingestion/data-formats/json/schema.md
-- product: ClickHouse docs: JSON schema design: named Tuples nested in Array(Tuple(...)), a JSON column with typed-path hints inside a named Tuple, and JSON(max_dynamic_paths = 500) with ORDER BY tuple()
-- adapted: the page redefines `people` several times; only the final "type hints" definition is kept here (the single-JSON-column SKIP variant is in docs_json_schema_single_column.sql); INSERT/SELECT statements omitted
CREATE TABLE people
(
    `id` Int64,
    `name` String,
    `username` String,
    `email` String,
    `address` Array(Tuple(
        city String,
        geo Tuple(
            lat Float32,
            lng Float32),
        street String,
        suite String,
        zipcode String)),
    `phone_numbers` Array(String),
    `website` String,
    `company` Tuple(
        catchPhrase String,
        name String,
        labels JSON(dissolved UInt16, employees UInt16, founded UInt16)),
    `dob` Date,
    `tags` String
)
ENGINE = MergeTree
ORDER BY username;

CREATE TABLE logs
(
    payload JSON(max_dynamic_paths = 500)
)
ENGINE = MergeTree
ORDER BY tuple();
