-- source: https://github.com/PostHog/posthog/blob/bb3f43dbb62b71c0c2b6423d946f537c5ffc0ffb/posthog/clickhouse/test/__snapshots__/test_schema.ambr
-- product: PostHog (product analytics): person and distinct-id mapping tables (ReplacingMergeTree(version), CollapsingMergeTree(_sign) with an ALIAS column, person_overrides with NOT NULL columns and long comments) and pg_embeddings (ReplacingMergeTree(timestamp, is_deleted)); rendered DDL as captured in PostHog's ClickHouse schema snapshot test
-- adapted: took the rendered statements from the test_create_table_query[...] snapshots and removed the 2-space snapshot indentation; removed `ON CLUSTER 'posthog'`; replaced ReplicatedReplacingMergeTree/ReplicatedCollapsingMergeTree('/clickhouse/tables/..._noshard/posthog.<table>', '{replica}-{shard}', args) by ReplacingMergeTree/CollapsingMergeTree(args); dropped the `posthog_test` database qualifier; dropped the Kafka tables and the *_mv materialized views that only copy from them
CREATE TABLE IF NOT EXISTS person
(
    id UUID,
    created_at DateTime64,
    team_id Int64,
    properties VARCHAR,
    is_identified Int8,
    is_deleted Int8,
    version UInt64
    
    
, _timestamp DateTime
, _offset UInt64

    , INDEX kafka_timestamp_minmax_person _timestamp TYPE minmax GRANULARITY 3
    
) ENGINE = ReplacingMergeTree(version)
ORDER BY (team_id, id)
;

CREATE TABLE IF NOT EXISTS person_distinct_id2
(
    team_id Int64,
    distinct_id VARCHAR,
    person_id UUID,
    is_deleted Int8,
    version Int64
    
    
, _timestamp DateTime
, _offset UInt64

    , _partition UInt64
    , INDEX kafka_timestamp_minmax_person_distinct_id2 _timestamp TYPE minmax GRANULARITY 3
    
) ENGINE = ReplacingMergeTree(version)

    ORDER BY (team_id, distinct_id)
    SETTINGS index_granularity = 512
    ;

CREATE TABLE IF NOT EXISTS person_distinct_id
(
    distinct_id VARCHAR,
    person_id UUID,
    team_id Int64,
    _sign Int8 DEFAULT 1,
    is_deleted Int8 ALIAS if(_sign==-1, 1, 0)
    
, _timestamp DateTime
, _offset UInt64

) ENGINE = CollapsingMergeTree(_sign)
Order By (team_id, distinct_id, person_id)
;

CREATE TABLE IF NOT EXISTS person_distinct_id_overrides
(
    team_id Int64,
    distinct_id VARCHAR,
    person_id UUID,
    is_deleted Int8,
    version Int64
    
    
, _timestamp DateTime
, _offset UInt64
, _partition UInt64

    , INDEX kafka_timestamp_minmax_person_distinct_id_overrides _timestamp TYPE minmax GRANULARITY 3
    
) ENGINE = ReplacingMergeTree(version)

    ORDER BY (team_id, distinct_id)
    SETTINGS index_granularity = 512
    ;

    CREATE TABLE IF NOT EXISTS `person_overrides`
    (
        team_id INT NOT NULL,

        -- When we merge two people `old_person_id` and `override_person_id`, we
        -- want to keep track of a mapping from the `old_person_id` to the
        -- `override_person_id`. This allows us to join with the
        -- `sharded_events` table to find all events that were associated with
        -- the `old_person_id` and update them to be associated with the
        -- `override_person_id`.
        old_person_id UUID NOT NULL,
        override_person_id UUID NOT NULL,

        -- The timestamp the merge of the two people was completed.
        merged_at DateTime64(6, 'UTC') NOT NULL,
        -- The timestamp of the oldest event associated with the
        -- `old_person_id`.
        oldest_event DateTime64(6, 'UTC') NOT NULL,
        -- The timestamp rows are created. This isn't part of the JOIN process
        -- with the events table but rather a housekeeping column to allow us to
        -- see when the row was created. This shouldn't have any impact of the
        -- JOIN as it will be stored separately with the Wide ClickHouse table
        -- storage.
        created_at DateTime64(6, 'UTC') DEFAULT now(),

        -- the specific version of the `old_person_id` mapping. This is used to
        -- allow us to discard old mappings as new ones are added. This version
        -- will be provided by the corresponding PostgreSQL
        --`posthog_personoverrides` table
        version INT NOT NULL
    )

    -- By specifying Replacing merge tree on version, we allow ClickHouse to
    -- discard old versions of a `old_person_id` mapping. This should help keep
    -- performance in check as new versions are added. Note that given we can
    -- have partitioning by `oldest_event` which will change as we update
    -- `person_id` on old partitions.
    --
    -- We also need to ensure that the data is replicated to all replicas in the
    -- cluster, as we do not have any constraints on person_id and which shard
    -- associated events are on. To do this we use the ReplicatedReplacingMergeTree
    -- engine specifying a static `zk_path`. This will cause the Engine to
    -- consider all replicas as the same. See
    -- https://clickhouse.com/docs/en/engines/table-engines/mergetree-family/replication
    -- for details.
    ENGINE = ReplacingMergeTree(version)

    -- We partition the table by the `oldest_event` column. This allows us to
    -- handle updating the events table partition by partition, progressing each
    -- override partition by partition in lockstep with the events table. Note
    -- that this means it is possible that we have a mapping from
    -- `old_person_id` in multiple partitions during the merge process.
    PARTITION BY toYYYYMM(oldest_event)

    -- We want to collapse down on the `old_person_id` such that we end up with
    -- the newest known mapping for it in the table. Query side we will need to
    -- ensure that we are always querying the latest version of the mapping.
    ORDER BY (team_id, old_person_id)
;

CREATE TABLE IF NOT EXISTS pg_embeddings
(
    domain String,
    team_id Int64,
    id String,
    vector Array(Float32),
    text String,
    properties VARCHAR CODEC(ZSTD(3)),
    timestamp DateTime64(6, 'UTC') DEFAULT NOW('UTC'),
    is_deleted UInt8,
) ENGINE = ReplacingMergeTree(timestamp, is_deleted)

    -- id for uniqueness
    ORDER BY (team_id, domain, id)
    SETTINGS index_granularity=512
    ;
