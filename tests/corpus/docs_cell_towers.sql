-- source: https://github.com/ClickHouse/clickhouse-docs/blob/28d41bb100d0810239b5fab563f0b5b91b1c2119/docs/getting-started/example-datasets/cell-towers.md
-- product: ClickHouse docs: OpenCelliD cell towers (Enum8 with empty label) and the Cloud-tab polygon table with ENGINE omitted (default MergeTree)
-- adapted: none (the self-managed-tab CREATE TEMPORARY TABLE moscow variant is not included; the Cloud-tab CREATE TABLE moscow is)
CREATE TABLE cell_towers
(
    radio Enum8('' = 0, 'CDMA' = 1, 'GSM' = 2, 'LTE' = 3, 'NR' = 4, 'UMTS' = 5),
    mcc UInt16,
    net UInt16,
    area UInt16,
    cell UInt64,
    unit Int16,
    lon Float64,
    lat Float64,
    range UInt32,
    samples UInt32,
    changeable UInt8,
    created DateTime,
    updated DateTime,
    averageSignal UInt8
)
ENGINE = MergeTree ORDER BY (radio, mcc, net, created);

CREATE TABLE moscow (polygon Array(Tuple(Float64, Float64)))
ORDER BY polygon;
