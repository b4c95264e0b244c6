-- Core tables of LoRA Sweep.
--
-- Kafka delivers at least once, so every write must be idempotent: each table is a ReplacingMergeTree
-- ordered by the natural key of what it records, with a version column, and a redelivered message replaces
-- its own row instead of adding one. Replacement happens at merge time, so readers use FINAL (or argMax by
-- the version column) to see one row per key.
-- ClickHouse DDL is not transactional: every statement here must be safe to run again (IF NOT EXISTS).

-- One row per sweep; the controller rewrites the whole row on each state change.
CREATE TABLE IF NOT EXISTS sweeps
(
    sweep_id   String,
    name       String,
    spec_json  String,
    state      LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY sweep_id;

-- One row per attempt of a trial, rewritten whole on each state change. updated_at is the time of the event
-- that caused the state (not the time of writing), so a late redelivered event never overwrites a newer state.
CREATE TABLE IF NOT EXISTS trials
(
    sweep_id       String,
    trial_id       UInt32,
    attempt        UInt32,
    state          LowCardinality(String),
    params_json    String,
    lease_id       String,
    agent_id       String,
    device         LowCardinality(String),
    started_at     Nullable(DateTime64(3, 'UTC')),
    ended_at       Nullable(DateTime64(3, 'UTC')),
    objective      Nullable(Float64),
    reason         String,
    adapter_path   String,
    adapter_sha256 String,
    updated_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (sweep_id, trial_id, attempt);

-- Every event as received (payload: the message JSON), keyed by its event_id.
CREATE TABLE IF NOT EXISTS trial_events
(
    event_id    String,
    sweep_id    String,
    trial_id    UInt32,
    attempt     UInt32,
    type        LowCardinality(String),
    at          DateTime64(3, 'UTC'),
    payload     String,
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY (sweep_id, trial_id, attempt, event_id);

-- Intermediate metrics; a non-finite value (non_finite on the wire) is stored as nan, inf or -inf.
CREATE TABLE IF NOT EXISTS metrics
(
    sweep_id String,
    trial_id UInt32,
    attempt  UInt32,
    name     LowCardinality(String),
    step     UInt64,
    value    Float64,
    at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (sweep_id, trial_id, attempt, name, step);

-- Final eval results of a trial; label is the entity class or choice, '' for the overall value.
CREATE TABLE IF NOT EXISTS evals
(
    sweep_id String,
    trial_id UInt32,
    attempt  UInt32,
    task     LowCardinality(String),
    metric   LowCardinality(String),
    label    String,
    value    Float64,
    ci_low   Float64,
    ci_high  Float64,
    at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (sweep_id, trial_id, attempt, task, metric, label);

-- k-shot results of a base model, shared by every sweep on the same model, task data and shots.
CREATE TABLE IF NOT EXISTS baselines
(
    base_model String,
    task       LowCardinality(String),
    data       String DEFAULT '',
    shots      UInt16,
    metric     LowCardinality(String),
    label      String,
    value      Float64,
    ci_low     Float64,
    ci_high    Float64,
    at         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (base_model, task, data, shots, metric, label);

-- What each attempt cost (from its finished event).
CREATE TABLE IF NOT EXISTS costs
(
    sweep_id       String,
    trial_id       UInt32,
    attempt        UInt32,
    device_type    LowCardinality(String),
    device_seconds Float64,
    busy_seconds   Float64,
    price_per_hour Float64,
    cost_usd       Float64,
    at             DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (sweep_id, trial_id, attempt);

-- Refused messages, keyed by where they sat in Kafka. payload_encoding: utf8, base64, or null (no value).
-- partition and offset are keywords in ClickHouse SQL, hence the backquotes.
CREATE TABLE IF NOT EXISTS dead_letters
(
    source_topic     LowCardinality(String),
    `partition`      UInt32,
    `offset`         UInt64,
    reason           String,
    payload          String,
    payload_encoding LowCardinality(String) DEFAULT 'utf8',
    at               DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (source_topic, `partition`, `offset`);
