-- source: https://github.com/gobitfly/beaconchain/blob/8f3c73424d798a74c54ad50987d7d50c62153a96/backend/pkg/commons/db/migrations/clickhouse/20240902124912_update_v2_tables.sql
-- product: beaconcha.in (gobitfly/beaconchain v2 backend): per-epoch validator stats with Float64 CODEC(FPC(12), ZSTD(8)) next to T64/Delta/DoubleDelta chains
-- adapted: only the validator_dashboard_data_epoch statement kept (other CREATE TABLEs of the goose migration, goose comments and the Down section dropped)
CREATE TABLE validator_dashboard_data_epoch
(
    `validator_index` UInt64 CODEC(DoubleDelta, ZSTD(8)),
    `epoch` Int64 CODEC(Delta(4), ZSTD(8)),
    `epoch_timestamp` DateTime CODEC(Delta(4), ZSTD(8)),
    `balance_effective_start` Int64 DEFAULT -1 CODEC(T64, ZSTD(8)),
    `balance_effective_end` Int64 DEFAULT -1 CODEC(T64, ZSTD(8)),
    `balance_start` Int64 CODEC(T64, ZSTD(8)),
    `balance_end` Int64 CODEC(T64, ZSTD(8)),
    `deposits_count` Int64,
    `deposits_amount` Int64,
    `withdrawals_count` Int64,
    `withdrawals_amount` Int64,
    `attestations_scheduled` Int64,
    `attestations_executed` Int64,
    `attestation_head_executed` Int64,
    `attestation_source_executed` Int64,
    `attestation_target_executed` Int64,
    `attestations_reward` Int64 CODEC(T64, ZSTD(8)),
    `attestations_source_reward` Int64 CODEC(T64, ZSTD(8)),
    `attestations_target_reward` Int64 CODEC(T64, ZSTD(8)),
    `attestations_head_reward` Int64 CODEC(T64, ZSTD(8)),
    `attestations_inactivity_reward` Int64 CODEC(T64, ZSTD(8)),
    `attestations_inclusion_reward` Int64 CODEC(T64, ZSTD(8)),
    `attestations_ideal_reward` Int64 CODEC(Delta(8), ZSTD(8)),
    `attestations_ideal_source_reward` Int64 CODEC(Delta(8), ZSTD(8)),
    `attestations_ideal_target_reward` Int64 CODEC(Delta(8), ZSTD(8)),
    `attestations_ideal_head_reward` Int64 CODEC(Delta(8), ZSTD(8)),
    `attestations_ideal_inactivity_reward` Int64 CODEC(Delta(8), ZSTD(8)),
    `attestations_ideal_inclusion_reward` Int64 CODEC(Delta(8), ZSTD(8)),
    `inclusion_delay_sum` Int64 CODEC(T64, ZSTD(8)),
    `optimal_inclusion_delay_sum` Int64 CODEC(T64, ZSTD(8)),
    `blocks_scheduled` Int64,
    `blocks_proposed` Int64,
    `blocks_cl_reward` Int64,
    `blocks_cl_attestations_reward` Int64,
    `blocks_cl_sync_aggregate_reward` Int64,
    `blocks_cl_slasher_reward` Int64,
    `blocks_slashing_count` Int64,
    `blocks_expected` Float64 CODEC(FPC(12), ZSTD(8)),
    `sync_scheduled` Int64,
    `sync_executed` Int64,
    `sync_rewards` Int64,
    `sync_committees_expected` Float64 CODEC(FPC(12), ZSTD(8)),
    `slashed` Bool
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(epoch_timestamp)
ORDER BY (epoch_timestamp,
 validator_index)
SETTINGS index_granularity = 8192,
 non_replicated_deduplication_window = 100;
