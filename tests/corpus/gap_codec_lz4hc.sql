-- source: https://github.com/ClickHouse/ClickHouse/blob/17efa165181efd1d251fc983dd895d25d81570e9/tests/queries/0_stateless/00804_test_custom_compression_codecs.sql
-- product: ClickHouse tests: column codecs LZ4HC(7) on FixedString and LZ4HC(12) inside long codec chains (ZSTD, ZSTD, ZSTD(12), LZ4HC(12), Delta, Delta), plus LZ4/ZSTD/NONE/Delta, PARTITION BY a Date with index_granularity = 2
-- adapted: kept the CREATE TABLEs compression_codec and compression_codec_multiple_with_key only; dropped SET/DROP/INSERT/SELECT/OPTIMIZE/DETACH/ATTACH/TRUNCATE/SHOW statements and the other CREATE TABLEs (several are expected-error cases)
-- settings: allow_suspicious_codecs=1
CREATE TABLE compression_codec(
    id UInt64 CODEC(LZ4),
    data String CODEC(ZSTD),
    ddd Date CODEC(NONE),
    somenum Float64 CODEC(ZSTD(2)),
    somestr FixedString(3) CODEC(LZ4HC(7)),
    othernum Int64 CODEC(Delta)
) ENGINE = MergeTree() ORDER BY tuple();

CREATE TABLE compression_codec_multiple_with_key (
    somedate Date CODEC(ZSTD, ZSTD, ZSTD(12), LZ4HC(12), Delta, Delta),
    id UInt64 CODEC(LZ4, ZSTD, Delta, NONE, LZ4HC, Delta),
    data String CODEC(ZSTD(2), Delta(1), LZ4HC, NONE, LZ4, LZ4)
) ENGINE = MergeTree() PARTITION BY somedate ORDER BY id SETTINGS index_granularity = 2;
