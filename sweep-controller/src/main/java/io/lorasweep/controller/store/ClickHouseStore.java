package io.lorasweep.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.controller.trial.Attempt;
import io.lorasweep.controller.trial.Trial;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.DeadLetter;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.SweepSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's record in ClickHouse: sweeps, trial attempts (rewritten whole on each change), every event as
 * received, metric points, eval results and costs. Writes go through a {@link DurableWriter}, which spools them to
 * disk while ClickHouse is unreachable; every table is idempotent (see the migrations), so a retried or
 * redelivered write never counts twice. Reads go over JDBC and use FINAL.
 *
 * <p>Over 300 lines: it is every statement the controller sends ClickHouse, kept together so that what is written
 * and what a restart reads back are seen side by side.
 */
public final class ClickHouseStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String user;
    private final String password;
    private final DurableWriter writer;
    private Connection connection;

    /**
     * @param spoolDir   where batches wait on disk while ClickHouse is unreachable
     * @param spoolLimit the most bytes they may take there
     */
    public ClickHouseStore(String url, String user, String password, Path spoolDir, long spoolLimit)
            throws IOException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.writer = new DurableWriter(url, user, password, spoolDir, spoolLimit, ClickHouseStore::deadLetterRows);
    }

    /** Connects and applies pending migrations. */
    public synchronized List<String> open() throws SQLException {
        return Migrations.apply(connection());
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = ClickHouseJdbc.connect(url, user, password);
        }
        return connection;
    }

    public DurableWriter.Health health() {
        return writer.health();
    }

    /** Rows inserted into ClickHouse so far (spooled rows count once drained). */
    public long rowsWritten() {
        return writer.rowsWritten();
    }

    /** Blocks until batches spooled during an outage are in ClickHouse; false if that took too long. */
    public boolean awaitDrained(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
        return writer.awaitDrained(timeout, unit);
    }

    public void writeSweep(String sweepId, SweepSpec spec, String state, String mode, long createdAt,
                           long updatedAt) throws IOException {
        writer.write(List.of(new RowBatch(TableRow.Sweep.TABLE).add(new TableRow.Sweep(sweepId, spec.name(),
                SpecCodec.toJson(spec), state, mode, createdAt, updatedAt))));
    }

    /** One row per attempt of each trial, as it is now. */
    public void writeTrials(String sweepId, Collection<Trial> trials, long version) throws IOException {
        RowBatch rows = new RowBatch(TableRow.Trial.TABLE);
        for (Trial t : trials) {
            String params = json(t.params());
            for (Attempt a : t.attempts()) {
                rows.add(new TableRow.Trial(sweepId, t.id(), a.number(), a.state().wireName(), params, a.leaseId(),
                        a.agentId(), a.device(), a.startedAt(), a.endedAt(), a.objective(), a.objectives(), a.reason(),
                        a.adapterPath(), a.adapterSha256(), version));
            }
        }
        writer.write(List.of(rows));
    }

    /**
     * Costs of attempts that ended without a finished report (lost, failed, pruned, cancelled, diverged): their
     * device time as the controller observed it, priced by the sweep's table, so no attempt looks free. A
     * finished attempt's cost comes from the agent's own report instead.
     */
    public void writeUnfinishedCosts(String sweepId, Collection<Trial> trials, java.util.function.Function<String,
            Double> priceOfDevice, long at) throws IOException {
        RowBatch rows = new RowBatch(TableRow.Cost.TABLE);
        for (Trial t : trials) {
            for (Attempt a : t.attempts()) {
                if (a.state().terminal() && a.state() != io.lorasweep.controller.trial.AttemptState.COMPLETE
                        && a.deviceSeconds() > 0) {
                    rows.add(new TableRow.Cost(sweepId, t.id(), a.number(), a.device(), a.deviceSeconds(), 0,
                            priceOfDevice.apply(a.device()), a.costUsd(), at));
                }
            }
        }
        writer.write(List.of(rows));
    }

    /** An event and the bytes it arrived as. */
    public record ReceivedEvent(TrialEvent event, byte[] bytes) {
    }

    /** Events that did not come through Kafka (from the REST API), encoded here. */
    public void writeEvents(List<TrialEvent> events) throws IOException {
        writeReceived(events.stream().map(e -> new ReceivedEvent(e, MessageCodec.encode(e))).toList());
    }

    /**
     * Events as received, with their metric points, eval results and costs. A metrics batch's points are stored
     * once, in {@code metrics}: its {@code trial_events} payload keeps the rest of the message and the count, so
     * the busiest path writes each point once.
     */
    public void writeReceived(List<ReceivedEvent> events) throws IOException {
        RowBatch received = new RowBatch(TableRow.TrialEvent.TABLE);
        RowBatch points = new RowBatch(TableRow.Metric.TABLE);
        RowBatch evals = new RowBatch(TableRow.Eval.TABLE);
        RowBatch costs = new RowBatch(TableRow.Cost.TABLE);
        RowBatch shares = new RowBatch(TableRow.EvalItem.TABLE);
        for (ReceivedEvent arrived : events) {
            TrialEvent e = arrived.event();
            received.add(new TableRow.TrialEvent(e.eventId(), e.sweepId(), e.trialId(), e.attempt(), e.typeName(),
                    e.at(), e instanceof MetricsBatch m ? pointsElsewhere(m)
                            : e instanceof EvalItems it ? itemsElsewhere(it)
                            : new String(arrived.bytes(), StandardCharsets.UTF_8)));
            if (e instanceof MetricsBatch m) {
                for (MetricPoint p : m.points()) {
                    points.add(new TableRow.Metric(m.sweepId(), m.trialId(), m.attempt(), p.name(), p.step(),
                            p.asDouble(), p.at()));
                }
            } else if (e instanceof EvalItems it) {
                for (EvalItems.Item item : it.items()) {
                    for (int i = 0; i < it.metrics().size(); i++) {
                        EvalItems.ItemMetric metric = it.metrics().get(i);
                        shares.add(new TableRow.EvalItem(it.sweepId(), it.trialId(), it.attempt(),
                                it.source().wireName(), it.task(), metric.metric(), metric.label(),
                                metric.transform().wireName(), item.id(), item.num().get(i), item.den().get(i),
                                it.at()));
                    }
                }
            } else if (e instanceof Finished f) {
                for (EvalResult r : f.evals()) {
                    evals.add(new TableRow.Eval(f.sweepId(), f.trialId(), f.attempt(), r.task(), r.metric(),
                            r.label(), r.value(), r.ciLow(), r.ciHigh(), f.at()));
                }
                costs.add(new TableRow.Cost(f.sweepId(), f.trialId(), f.attempt(), f.cost().deviceType(),
                        f.cost().deviceSeconds(), f.cost().busySeconds(), f.cost().pricePerHour(),
                        f.cost().costUsd(), f.at()));
            }
        }
        // points and results first: a reader that sees the event row also sees what it carried
        writer.write(List.of(points, evals, costs, shares, received));
    }

    private static String pointsElsewhere(MetricsBatch m) {
        return "{\"type\":\"metrics\",\"event_id\":" + quote(m.eventId()) + ",\"sweep_id\":" + quote(m.sweepId())
                + ",\"trial_id\":" + m.trialId() + ",\"attempt\":" + m.attempt() + ",\"at\":" + m.at()
                + ",\"point_count\":" + m.points().size() + ",\"points_in\":\"metrics\"}";
    }

    private static String itemsElsewhere(EvalItems it) {
        return "{\"type\":\"items\",\"event_id\":" + quote(it.eventId()) + ",\"task\":" + quote(it.task())
                + ",\"source\":" + quote(it.source().wireName()) + ",\"item_count\":" + it.items().size()
                + ",\"items_in\":\"eval_items\"}";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }

    /**
     * The base model's k-shot baseline that a trial measured for its sweep, under the key the dashboard looks it
     * up by: base model, task, the task's data and its shots (the task's own, or the sweep's baseline shots).
     */
    public void writeBaselines(SweepSpec spec, BaselineEvals baseline) throws IOException {
        RowBatch rows = new RowBatch(TableRow.Baseline.TABLE);
        for (EvalResult r : baseline.evals()) {
            EvalTask task = spec.tasks().stream().filter(t -> t.name().equals(r.task())).findFirst().orElse(null);
            if (task == null) {
                continue; // not a task of this sweep: nothing to key it by
            }
            rows.add(new TableRow.Baseline(BaselineKey.of(spec, task), r.metric(), r.label(), r.value(), r.ciLow(),
                    r.ciHigh(), baseline.at(), baseline.sweepId()));
        }
        writer.write(List.of(rows));
    }

    /**
     * True when a baseline is on record for every task of the sweep under the key it would be written with, so the
     * sweep can reuse it instead of measuring the base model again.
     */
    public boolean baselinesOnRecord(SweepSpec spec) throws SQLException {
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT count() FROM baselines FINAL WHERE "
                    + BaselineKey.CONDITION)) {
                for (EvalTask task : spec.tasks()) {
                    int i = 1;
                    for (Object value : BaselineKey.of(spec, task).values()) {
                        ps.setObject(i++, value);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getLong(1) == 0) {
                            return false;
                        }
                    }
                }
            }
        }
        return !spec.tasks().isEmpty();
    }

    /** Records refused by a consumer, keyed by where they sat in Kafka (a redelivered letter replaces its row). */
    public void writeDeadLetters(List<DeadLetter> letters) throws IOException {
        writer.write(List.of(deadLetterRows(letters)));
    }

    /** The {@code dead_letters} rows of {@code letters}. */
    static RowBatch deadLetterRows(List<DeadLetter> letters) {
        RowBatch rows = new RowBatch(TableRow.DeadLetter.TABLE);
        for (DeadLetter d : letters) {
            boolean text = d.payload() != null;
            rows.add(new TableRow.DeadLetter(d.sourceTopic(), d.partition(), d.offset(), d.reason(),
                    text ? d.payload() : d.payloadBase64() == null ? "" : d.payloadBase64(),
                    text ? "utf8" : d.payloadBase64() == null ? "null" : "base64", d.payloadSize(),
                    d.payloadSha256() == null ? "" : d.payloadSha256(), d.at()));
        }
        return rows;
    }

    /** The newest row version the controller wrote, in epoch milliseconds (0 on an empty record). */
    public synchronized long newestVersion() throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement("SELECT greatest("
                + "(SELECT toUnixTimestamp64Milli(max(updated_at)) FROM sweeps), "
                + "(SELECT toUnixTimestamp64Milli(max(updated_at)) FROM trials))");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** A stored sweep, for listing and for rebuilding the controller after a restart. */
    public record SweepRow(String sweepId, String name, String specJson, String state, String mode, long createdAt,
                           long updatedAt) {
    }

    public List<SweepRow> sweeps() throws SQLException {
        List<SweepRow> rows = new ArrayList<>();
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT sweep_id, name, spec_json, state, mode, "
                    + "toUnixTimestamp64Milli(created_at), toUnixTimestamp64Milli(updated_at) FROM sweeps FINAL "
                    + "ORDER BY created_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SweepRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return rows;
    }

    /** A stored attempt. */
    public record AttemptRow(int trialId, int attempt, String state, Map<String, Object> params, String leaseId,
                             String agentId, String device, Long startedAt, Long endedAt, Double objective,
                             List<Double> objectives, String reason, String adapterPath, String adapterSha256, double deviceSeconds,
                             double costUsd) {
    }

    public List<AttemptRow> attempts(String sweepId) throws SQLException {
        List<AttemptRow> rows = new ArrayList<>();
        synchronized (this) {
            // what an attempt cost is in `costs` (0 where it has no row yet): budgets count it after a restart too
            try (PreparedStatement ps = connection().prepareStatement("SELECT t.trial_id, t.attempt, t.state, "
                    + "t.params_json, t.lease_id, t.agent_id, t.device, toUnixTimestamp64Milli(t.started_at), "
                    + "toUnixTimestamp64Milli(t.ended_at), t.objective, t.reason, t.adapter_path, t.adapter_sha256, "
                    + "c.device_seconds, c.cost_usd, toJSONString(t.objectives) "
                    + "FROM (SELECT * FROM trials FINAL WHERE sweep_id = ?) AS t "
                    + "LEFT JOIN (SELECT trial_id, attempt, device_seconds, cost_usd FROM costs FINAL "
                    + "WHERE sweep_id = ?) AS c ON t.trial_id = c.trial_id AND t.attempt = c.attempt "
                    + "ORDER BY t.trial_id, t.attempt")) {
                ps.setString(1, sweepId);
                ps.setString(2, sweepId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new AttemptRow(rs.getInt(1), rs.getInt(2), rs.getString(3), parse(rs.getString(4)),
                                rs.getString(5), rs.getString(6), rs.getString(7), nullableLong(rs, 8),
                                nullableLong(rs, 9), nullableDouble(rs, 10), doubles(rs.getString(16)),
                                rs.getString(11), rs.getString(12), rs.getString(13), rs.getDouble(14),
                                rs.getDouble(15)));
                    }
                }
            }
        }
        return rows;
    }

    /** A trial's metric points, in step order per name. */
    public record PointRow(int attempt, String name, long step, double value, long at) {
    }

    /** One point of one metric, of any trial and attempt of a sweep. */
    public record TrialPoint(int trialId, int attempt, long step, double value) {
    }

    /** Every point of one metric in a sweep, in one query (a restart reads the objective's curves so). */
    public List<TrialPoint> metricOfSweep(String sweepId, String name) throws SQLException {
        List<TrialPoint> rows = new ArrayList<>();
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT trial_id, attempt, step, value "
                    + "FROM metrics FINAL WHERE sweep_id = ? AND name = ? ORDER BY trial_id, attempt, step")) {
                ps.setString(1, sweepId);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new TrialPoint(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4)));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * A sweep at a glance as the record has it, for sweeps not loaded into the engine (finished ones after a
     * restart): how many trials' current attempts are in each state, the best and worst complete objective with
     * their trials, and what it spent.
     */
    public record RecordedSummary(Map<String, Long> trialsByState, Double minObjective, Integer minTrial,
                                  Double maxObjective, Integer maxTrial, double deviceSeconds, double costUsd) {
    }

    /** {@link RecordedSummary} of each of the given sweeps, in two queries whatever their size. */
    public Map<String, RecordedSummary> recordedSummaries(List<String> sweepIds) throws SQLException {
        Map<String, Map<String, Long>> byState = new HashMap<>();
        Map<String, Object[]> best = new HashMap<>();
        Map<String, double[]> spent = new HashMap<>();
        if (sweepIds.isEmpty()) {
            return Map.of();
        }
        String in = String.join(",", java.util.Collections.nCopies(sweepIds.size(), "?"));
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT sweep_id, state, count(), "
                    + "minIf(objective, state = 'complete'), argMinIf(trial_id, objective, state = 'complete'), "
                    + "maxIf(objective, state = 'complete'), argMaxIf(trial_id, objective, state = 'complete') "
                    + "FROM (SELECT sweep_id, trial_id, argMax(state, attempt) AS state, "
                    + "argMax(objective, attempt) AS objective FROM trials FINAL WHERE sweep_id IN (" + in + ") "
                    + "GROUP BY sweep_id, trial_id) GROUP BY sweep_id, state")) {
                for (int i = 0; i < sweepIds.size(); i++) {
                    ps.setString(i + 1, sweepIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String sweep = rs.getString(1);
                        String state = rs.getString(2);
                        byState.computeIfAbsent(sweep, k -> new java.util.TreeMap<>()).put(state, rs.getLong(3));
                        if (state.equals("complete")) {
                            best.put(sweep, new Object[] {rs.getDouble(4), rs.getInt(5), rs.getDouble(6),
                                    rs.getInt(7)});
                        }
                    }
                }
            }
            try (PreparedStatement ps = connection().prepareStatement("SELECT sweep_id, sum(device_seconds), "
                    + "sum(cost_usd) FROM costs FINAL WHERE sweep_id IN (" + in + ") GROUP BY sweep_id")) {
                for (int i = 0; i < sweepIds.size(); i++) {
                    ps.setString(i + 1, sweepIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        spent.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                    }
                }
            }
        }
        Map<String, RecordedSummary> out = new HashMap<>();
        for (String sweep : sweepIds) {
            Object[] b = best.get(sweep);
            double[] c = spent.getOrDefault(sweep, new double[2]);
            out.put(sweep, new RecordedSummary(byState.getOrDefault(sweep, Map.of()),
                    b == null ? null : (Double) b[0], b == null ? null : (Integer) b[1],
                    b == null ? null : (Double) b[2], b == null ? null : (Integer) b[3], c[0], c[1]));
        }
        return out;
    }

    public List<PointRow> metrics(String sweepId, int trialId) throws SQLException {
        List<PointRow> rows = new ArrayList<>();
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT attempt, name, step, value, "
                    + "toUnixTimestamp64Milli(at) FROM metrics FINAL WHERE sweep_id = ? AND trial_id = ? "
                    + "ORDER BY attempt, name, step")) {
                ps.setString(1, sweepId);
                ps.setInt(2, trialId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new PointRow(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getDouble(4),
                                rs.getLong(5)));
                    }
                }
            }
        }
        return rows;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters always serialise", e);
        }
    }

    /** An Array(Float64) as ClickHouse's toJSONString writes it. */
    private static List<Double> doubles(String json) {
        try {
            return List.of(JSON.readValue(json, Double[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("objectives are not a JSON array of numbers: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return json == null || json.isEmpty() ? Map.of() : JSON.readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters are not JSON: " + json, e);
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // reconnecting anyway
        }
        connection = null;
    }

    @Override
    public void close() {
        writer.close();
        synchronized (this) {
            closeQuietly();
        }
    }
}
