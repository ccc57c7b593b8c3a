-- source: https://github.com/ClickHouse/clickhouse-docs/blob/1505cce45a0b8167c7dd22917335812328505c66/docs/getting-started/example-datasets/covid19.md
-- product: ClickHouse docs: COVID-19 open-data epidemiology table, LowCardinality key first in ORDER BY
-- adapted: none
CREATE TABLE covid19 (
    date Date,
    location_key LowCardinality(String),
    new_confirmed Int32,
    new_deceased Int32,
    new_recovered Int32,
    new_tested Int32,
    cumulative_confirmed Int32,
    cumulative_deceased Int32,
    cumulative_recovered Int32,
    cumulative_tested Int32
)
ENGINE = MergeTree
ORDER BY (location_key, date);
