-- source: https://github.com/ClickHouse/clickhouse-docs/blob/d1493c6afb7bc9658baa9228837b3ff11a04c69d/docs/getting-started/example-datasets/opensky.md
-- product: ClickHouse docs: OpenSky air traffic flight list, plain MergeTree
-- adapted: none
CREATE TABLE opensky
(
    callsign String,
    number String,
    icao24 String,
    registration String,
    typecode String,
    origin String,
    destination String,
    firstseen DateTime,
    lastseen DateTime,
    day DateTime,
    latitude_1 Float64,
    longitude_1 Float64,
    altitude_1 Float64,
    latitude_2 Float64,
    longitude_2 Float64,
    altitude_2 Float64
) ENGINE = MergeTree ORDER BY (origin, destination, callsign);
