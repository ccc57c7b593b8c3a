-- source: https://github.com/ClickHouse/clickhouse-docs/blob/040e94f07d428f1427a7feac112cbd26cbb3395b/docs/getting-started/example-datasets/nyc-taxi.md
-- product: ClickHouse docs: NYC taxi trips_small: column-aligned DDL, Nullable(Float64), Enum without width, LowCardinality, PRIMARY KEY given without ORDER BY
-- adapted: dropped CREATE DATABASE nyc_taxi and the nyc_taxi. qualifier; the 3-server trips_mergetree_third / Distributed examples are omitted
CREATE TABLE trips_small (
    trip_id             UInt32,
    pickup_datetime     DateTime,
    dropoff_datetime    DateTime,
    pickup_longitude    Nullable(Float64),
    pickup_latitude     Nullable(Float64),
    dropoff_longitude   Nullable(Float64),
    dropoff_latitude    Nullable(Float64),
    passenger_count     UInt8,
    trip_distance       Float32,
    fare_amount         Float32,
    extra               Float32,
    tip_amount          Float32,
    tolls_amount        Float32,
    total_amount        Float32,
    payment_type        Enum('CSH' = 1, 'CRE' = 2, 'NOC' = 3, 'DIS' = 4, 'UNK' = 5),
    pickup_ntaname      LowCardinality(String),
    dropoff_ntaname     LowCardinality(String)
)
ENGINE = MergeTree
PRIMARY KEY (pickup_datetime, dropoff_datetime);
