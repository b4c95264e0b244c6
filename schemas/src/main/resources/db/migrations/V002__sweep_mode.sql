-- How a sweep's trials run: 'agents' (assigned through Kafka to GPU agents) or 'external' (handed out over the
-- controller's ask-and-tell API to the user's own trainer, never published to Kafka).
ALTER TABLE sweeps ADD COLUMN IF NOT EXISTS mode LowCardinality(String) DEFAULT 'agents';
