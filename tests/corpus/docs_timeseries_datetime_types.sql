-- source: https://github.com/ClickHouse/clickhouse-docs/blob/43aabbe6b57220e6b79e605e6db33ad007c14592/docs/use-cases/time-series/01_date-time-data-types.md
-- product: ClickHouse docs: time-series date/time types: Date, Date32, DateTime, DateTime64(3|9), DateTime('Europe/Berlin'), DateTime64(9, 'Europe/Berlin'), trailing comma before the closing parenthesis, ORDER BY tuple()
-- adapted: none
CREATE TABLE dates
(
    `date` Date,
    `wider_date` Date32,
    `datetime` DateTime,
    `precise_datetime` DateTime64(3),
    `very_precise_datetime` DateTime64(9)
)
ENGINE = MergeTree
ORDER BY tuple();

CREATE TABLE dtz
(
    `id` Int8,
    `dt_1` DateTime('Europe/Berlin'),
    `dt_2` DateTime,
    `dt64_1` DateTime64(9, 'Europe/Berlin'),
    `dt64_2` DateTime64(9),
)
ENGINE = MergeTree
ORDER BY id;
