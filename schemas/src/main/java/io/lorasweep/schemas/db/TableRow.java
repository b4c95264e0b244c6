package io.lorasweep.schemas.db;

import java.util.List;

/**
 * One row of a ClickHouse table of the record (the migrations' {@code db/migrations}), typed: the one definition of
 * each table's columns and their conversions that every writer uses, through {@link RowBatch}. Times are epoch
 * milliseconds; text columns take "" for null.
 */
public sealed interface TableRow {

    /** The table the row belongs to. */
    String table();

    /** Writes the row's columns (only {@link RowBatch} calls this, between a row's start and end). */
    void columns(RowBatch out);

    /** A sweep as it is now; the newest {@code updatedAt} wins. */
    record Sweep(String sweepId, String name, String specJson, String state, String mode, long createdAt,
                 long updatedAt) implements TableRow {
        public static final String TABLE = "sweeps";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("sweep_id", sweepId).put("name", name).put("spec_json", specJson).put("state", state)
                    .put("mode", mode).put("created_at", createdAt).put("updated_at", updatedAt);
        }
    }

    /** One attempt of a trial as it is now; the newest {@code updatedAt} (a version, not a time to show) wins. */
    record Trial(String sweepId, int trialId, int attempt, String state, String paramsJson, String leaseId,
                 String agentId, String device, Long startedAt, Long endedAt, Double objective,
                 List<Double> objectives, String reason, String adapterPath, String adapterSha256,
                 long updatedAt) implements TableRow {
        public static final String TABLE = "trials";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("sweep_id", sweepId).put("trial_id", trialId).put("attempt", attempt).put("state", state)
                    .put("params_json", paramsJson).put("lease_id", leaseId).put("agent_id", agentId)
                    .put("device", device).putNullable("started_at", startedAt).putNullable("ended_at", endedAt)
                    .putNullable("objective", objective).put("objectives", objectives).put("reason", reason)
                    .put("adapter_path", adapterPath)
                    .put("adapter_sha256", adapterSha256).put("updated_at", updatedAt);
        }
    }

    /** What one attempt cost: its device time, the part of it the device was busy, the price, the dollars. */
    record Cost(String sweepId, int trialId, int attempt, String deviceType, double deviceSeconds,
                double busySeconds, double pricePerHour, double costUsd, long at) implements TableRow {
        public static final String TABLE = "costs";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("sweep_id", sweepId).put("trial_id", trialId).put("attempt", attempt)
                    .put("device_type", deviceType).put("device_seconds", deviceSeconds)
                    .put("busy_seconds", busySeconds).put("price_per_hour", pricePerHour).put("cost_usd", costUsd)
                    .put("at", at);
        }
    }

    /** An event as received (its payload the message's JSON, or what is left of it where its parts live elsewhere). */
    record TrialEvent(String eventId, String sweepId, int trialId, int attempt, String type, long at,
                      String payload) implements TableRow {
        public static final String TABLE = "trial_events";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("event_id", eventId).put("sweep_id", sweepId).put("trial_id", trialId).put("attempt", attempt)
                    .put("type", type).put("at", at).put("payload", payload);
        }
    }

    /** One point of a training or eval curve. */
    record Metric(String sweepId, int trialId, int attempt, String name, long step, double value, long at)
            implements TableRow {
        public static final String TABLE = "metrics";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("sweep_id", sweepId).put("trial_id", trialId).put("attempt", attempt).put("name", name)
                    .put("step", step).put("value", value).put("at", at);
        }
    }

    /** A task's metric after training, with its 95% interval; {@code label} "" for the whole, else a class. */
    record Eval(String sweepId, int trialId, int attempt, String task, String metric, String label, double value,
                double ciLow, double ciHigh, long at) implements TableRow {
        public static final String TABLE = "evals";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("sweep_id", sweepId).put("trial_id", trialId).put("attempt", attempt).put("task", task)
                    .put("metric", metric).put("label", label).put("value", value).put("ci_low", ciLow)
                    .put("ci_high", ciHigh).put("at", at);
        }
    }

    /** One item's share of a metric (numerator and denominator), for paired comparisons over items. */
    record EvalItem(String sweepId, int trialId, int attempt, String source, String task, String metric,
                    String label, String transform, String itemId, double num, double den, long at)
            implements TableRow {
        public static final String TABLE = "eval_items";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("sweep_id", sweepId).put("trial_id", trialId).put("attempt", attempt).put("source", source)
                    .put("task", task).put("metric", metric).put("label", label).put("transform", transform)
                    .put("item_id", itemId).put("num", num).put("den", den).put("at", at);
        }
    }

    /** The base model's k-shot value of a metric under its {@link BaselineKey}, and the sweep that measured it. */
    record Baseline(BaselineKey key, String metric, String label, double value, double ciLow, double ciHigh,
                    long at, String measuredBy) implements TableRow {
        public static final String TABLE = "baselines";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("base_model", key.baseModel()).put("task", key.task()).put("data", key.data())
                    .put("shots", key.shots()).put("metric", metric).put("label", label).put("value", value)
                    .put("ci_low", ciLow).put("ci_high", ciHigh).put("at", at).put("measured_by", measuredBy);
        }
    }

    /**
     * A record a consumer refused, keyed by where it sat; {@code payloadEncoding} says how {@code payload} holds
     * its first bytes: utf8, base64, or null for a record without a value.
     */
    record DeadLetter(String sourceTopic, int partition, long offset, String reason, String payload,
                      String payloadEncoding, long payloadSize, String payloadSha256, long at) implements TableRow {
        public static final String TABLE = "dead_letters";

        @Override
        public String table() {
            return TABLE;
        }

        @Override
        public void columns(RowBatch out) {
            out.put("source_topic", sourceTopic).put("partition", partition).put("offset", offset)
                    .put("reason", reason).put("payload", payload).put("payload_encoding", payloadEncoding)
                    .put("payload_size", payloadSize).put("payload_sha256", payloadSha256).put("at", at);
        }
    }
}
