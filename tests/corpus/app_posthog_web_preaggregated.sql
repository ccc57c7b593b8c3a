-- source: https://github.com/PostHog/posthog/blob/bb3f43dbb62b71c0c2b6423d946f537c5ffc0ffb/posthog/clickhouse/test/__snapshots__/test_schema.ambr
-- product: PostHog (web analytics): pre-aggregated web_stats_daily and web_bounces_hourly tables, plain MergeTree holding AggregateFunction(uniq/sum) state columns, daily vs hourly formatDateTime partitioning and a 24-hour TTL DELETE; rendered DDL as captured in PostHog's ClickHouse schema snapshot test
-- adapted: took the rendered statements from the test_create_table_query[web_stats_daily / web_bounces_hourly] snapshots and removed the 2-space snapshot indentation; removed `ON CLUSTER 'posthog'`; replaced ReplicatedMergeTree('/clickhouse/tables/..._noshard/posthog.<table>', '{replica}-{shard}') by MergeTree
    CREATE TABLE IF NOT EXISTS web_stats_daily 
    (
        period_bucket DateTime,
        team_id UInt64,
        host String,
        device_type String,
        
    pathname String,
entry_pathname String,
end_pathname String,
browser String,
os String,
viewport_width Int64,
viewport_height Int64,
referring_domain String,
utm_source String,
utm_medium String,
utm_campaign String,
utm_term String,
utm_content String,
country_code String,
city_name String,
region_code String,
region_name String,
has_gclid Bool,
has_gad_source_paid_search Bool,
has_fbclid Bool,
mat_metadata_loggedIn Bool,
mat_metadata_backend String,
    persons_uniq_state AggregateFunction(uniq, UUID),
    sessions_uniq_state AggregateFunction(uniq, String),
    pageviews_count_state AggregateFunction(sum, UInt64),

    ) ENGINE = MergeTree
    PARTITION BY toYYYYMMDD(period_bucket)
    ORDER BY (
    team_id,
    period_bucket,
    host,
    device_type,
    pathname,
    entry_pathname,
    end_pathname,
    browser,
    os,
    viewport_width,
    viewport_height,
    referring_domain,
    utm_source,
    utm_medium,
    utm_campaign,
    utm_term,
    utm_content,
    country_code,
    city_name,
    region_code,
    region_name,
    has_gclid,
    has_gad_source_paid_search,
    has_fbclid,
    mat_metadata_loggedIn,
    mat_metadata_backend
)
    ;

    CREATE TABLE IF NOT EXISTS web_bounces_hourly
    (
        period_bucket DateTime,
        team_id UInt64,
        host String,
        device_type String,
        
    entry_pathname String,
end_pathname String,
browser String,
os String,
viewport_width Int64,
viewport_height Int64,
referring_domain String,
utm_source String,
utm_medium String,
utm_campaign String,
utm_term String,
utm_content String,
country_code String,
city_name String,
region_code String,
region_name String,
has_gclid Bool,
has_gad_source_paid_search Bool,
has_fbclid Bool,
mat_metadata_loggedIn Bool,
mat_metadata_backend String,
    persons_uniq_state AggregateFunction(uniq, UUID),
    sessions_uniq_state AggregateFunction(uniq, String),
    pageviews_count_state AggregateFunction(sum, UInt64),
    bounces_count_state AggregateFunction(sum, UInt64),
    total_session_duration_state AggregateFunction(sum, Int64),
    total_session_count_state AggregateFunction(sum, UInt64)

    ) ENGINE = MergeTree
    ORDER BY (
    team_id,
    period_bucket,
    host,
    device_type,
    entry_pathname,
    end_pathname,
    browser,
    os,
    viewport_width,
    viewport_height,
    referring_domain,
    utm_source,
    utm_medium,
    utm_campaign,
    utm_term,
    utm_content,
    country_code,
    city_name,
    region_code,
    region_name,
    has_gclid,
    has_gad_source_paid_search,
    has_fbclid,
    mat_metadata_loggedIn,
    mat_metadata_backend
)
    PARTITION BY formatDateTime(period_bucket, '%Y%m%d%H')
    TTL period_bucket + INTERVAL 24 HOUR DELETE
    ;
