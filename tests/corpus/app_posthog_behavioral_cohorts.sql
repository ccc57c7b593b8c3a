-- source: https://github.com/PostHog/posthog/blob/bb3f43dbb62b71c0c2b6423d946f537c5ffc0ffb/posthog/clickhouse/test/__snapshots__/test_schema.ambr
-- product: PostHog (cohorts): sharded_behavioral_cohorts_matches AggregatingMergeTree (SimpleAggregateFunction(sum, UInt64) and AggregateFunction(argMax, UInt8, DateTime64(6))) fed by a GROUP BY materialized view; rendered DDL as captured in PostHog's ClickHouse schema snapshot test
-- adapted: took the rendered statements from the test_create_table_query[kafka_behavioral_cohorts_matches / sharded_behavioral_cohorts_matches / behavioral_cohorts_matches_mv] snapshots and removed the 2-space snapshot indentation; the MV's source kafka_behavioral_cohorts_matches keeps its columns but `ENGINE = Kafka(msk_cluster, ...) SETTINGS kafka_max_block_size = ..., kafka_num_consumers = 1` is replaced by `ENGINE = Null` (Kafka settings dropped); ReplicatedAggregatingMergeTree('/clickhouse/tables/..._{shard}/posthog.sharded_behavioral_cohorts_matches', '{replica}') is replaced by AggregatingMergeTree(); the MV writes TO sharded_behavioral_cohorts_matches instead of the Distributed table writable_behavioral_cohorts_matches (dropped)
CREATE TABLE IF NOT EXISTS kafka_behavioral_cohorts_matches
(
    team_id Int64,
    cohort_id Int64,
    evaluation_timestamp DateTime64(6),
    person_id UUID,
    condition String,
    latest_event_is_match UInt8
) ENGINE = Null;

CREATE TABLE IF NOT EXISTS sharded_behavioral_cohorts_matches
(
    team_id Int64,
    cohort_id Int64,
    date Date,
    person_id UUID,
    condition String,
    matches SimpleAggregateFunction(sum, UInt64),
    latest_event_is_match AggregateFunction(argMax, UInt8, DateTime64(6))
) ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(date)
ORDER BY (team_id, cohort_id, condition, date, person_id)

SETTINGS ttl_only_drop_parts = 1
;

CREATE MATERIALIZED VIEW IF NOT EXISTS behavioral_cohorts_matches_mv TO sharded_behavioral_cohorts_matches
AS SELECT
    team_id,
    cohort_id,
    toDate(evaluation_timestamp) AS date,
    person_id,
    condition,
    sum(1) AS matches,
    argMaxState(latest_event_is_match, evaluation_timestamp) AS latest_event_is_match
FROM kafka_behavioral_cohorts_matches
GROUP BY
    team_id,
    cohort_id,
    date,
    person_id,
    condition
    ;
