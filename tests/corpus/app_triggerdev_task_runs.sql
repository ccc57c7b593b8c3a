-- source: https://github.com/triggerdotdev/trigger.dev/blob/b082e44389337dc6505d590737a6df70867cc8f4/internal-packages/clickhouse/schema/003_create_task_runs_v1.sql
-- product: Trigger.dev (background jobs): task_runs_v1 replicated from Postgres (ReplacingMergeTree(_version, _is_deleted), JSON(max_dynamic_paths) columns), the raw payload table, and a view joining them with FINAL
-- adapted: kept only the goose `Up` section (dropped the `-- +goose` markers and the `Down` DROP statements); dropped the `trigger_dev.` database qualifier; the follow-up `ALTER TABLE task_runs_v1 ADD INDEX idx_tags ...` is folded into the CREATE TABLE as an INDEX clause (with its comment)
CREATE TABLE task_runs_v1
(
  /*  ─── ids & hierarchy ─────────────────────────────────────── */
  environment_id            String,
  organization_id           String,
  project_id                String,
  run_id                    String,
  
  environment_type          LowCardinality(String),
  friendly_id               String,
  attempt                   UInt8     DEFAULT 1,

  /*  ─── enums / status ──────────────────────────────────────── */
  engine                    LowCardinality(String),
  status                    LowCardinality(String),

  /*  ─── queue / concurrency / schedule ─────────────────────── */
  task_identifier           String,
  queue                     String,

  schedule_id               String,
  batch_id                  String,

  /*  ─── related runs ─────────────────────────────────────────────── */
  root_run_id               String,
  parent_run_id             String,
  depth                     UInt8 DEFAULT 0,

  /*  ─── telemetry ─────────────────────────────────────────────── */
  span_id                   String,
  trace_id                  String,
  idempotency_key           String,

  /*  ─── timing ─────────────────────────────────────────────── */
  created_at         DateTime64(3),
  updated_at         DateTime64(3),
  started_at         Nullable(DateTime64(3)),
  executed_at        Nullable(DateTime64(3)),
  completed_at       Nullable(DateTime64(3)),
  delay_until        Nullable(DateTime64(3)),
  queued_at          Nullable(DateTime64(3)),
  expired_at         Nullable(DateTime64(3)),
  expiration_ttl     String,

  /*  ─── cost / usage ───────────────────────────────────────── */
  usage_duration_ms  UInt32  DEFAULT 0,
  cost_in_cents      Float64 DEFAULT 0,
  base_cost_in_cents Float64 DEFAULT 0,

  /*  ─── payload & context ──────────────────────────────────── */
  output             JSON(max_dynamic_paths = 1024),
  error              JSON(max_dynamic_paths = 64),

  /*  ─── tagging / versions ─────────────────────────────────── */
  tags               Array(String) CODEC(ZSTD(1)),
  task_version       String CODEC(LZ4),
  sdk_version        String CODEC(LZ4),
  cli_version        String CODEC(LZ4),
  machine_preset     LowCardinality(String) CODEC(LZ4),

  is_test            UInt8 DEFAULT 0,

  /*  ─── commit lsn ─────────────────────────────────────────────── */
  _version            UInt64,
  _is_deleted         UInt8 DEFAULT 0,

  /*  Fast tag filtering  */
  INDEX idx_tags tags TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(_version, _is_deleted)
PARTITION BY toYYYYMM(created_at)
ORDER BY (toDate(created_at), environment_id, task_identifier, created_at, run_id)
SETTINGS enable_json_type = 1;

CREATE TABLE raw_task_runs_payload_v1
(
  run_id           String,
  created_at       DateTime64(3),
  payload          JSON(max_dynamic_paths = 1024)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(created_at)
ORDER BY (run_id)
SETTINGS enable_json_type = 1;

CREATE VIEW tmp_eric_task_runs_full_v1 AS
SELECT
  s.*,
  p.payload as payload
FROM task_runs_v1 AS s FINAL
LEFT JOIN raw_task_runs_payload_v1 AS p ON s.run_id = p.run_id
SETTINGS enable_json_type = 1;
