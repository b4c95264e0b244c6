-- The sweep whose first trial measured a baseline: its eval_items hold the baseline's per-item shares, so a later
-- sweep that reuses the baseline (same base model, task, data and shots) can still pair its trials with it.
ALTER TABLE baselines ADD COLUMN IF NOT EXISTS measured_by String DEFAULT '';
