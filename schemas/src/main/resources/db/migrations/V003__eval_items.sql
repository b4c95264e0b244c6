-- Each eval item's share of a task's ratio metrics (F1 is 2·tp over 2·tp + fp + fn, perplexity exp of nll over
-- tokens): with two runs' shares on the same items, the dashboard resamples items for a paired bootstrap.
-- source is 'trial' (an attempt's adapter) or 'baseline' (the base model, measured by that attempt).
CREATE TABLE IF NOT EXISTS eval_items
(
    sweep_id  String,
    trial_id  UInt32,
    attempt   UInt32,
    source    LowCardinality(String),
    task      LowCardinality(String),
    metric    LowCardinality(String),
    label     String,
    transform LowCardinality(String),
    item_id   String,
    num       Float64,
    den       Float64,
    at        DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(at)
ORDER BY (sweep_id, task, metric, label, source, trial_id, attempt, item_id);
