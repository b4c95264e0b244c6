package io.lorasweep.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.controller.trial.Attempt;
import io.lorasweep.controller.trial.Trial;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.SweepSpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's record in ClickHouse: sweeps, trial attempts (rewritten whole on each change), every event as
 * received, metric points, eval results and costs. Writes are batched per call and retried; every table is
 * idempotent (see the migrations), so a retried or redelivered write never counts twice. Readers use FINAL.
 */
public final class ClickHouseStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;

    public ClickHouseStore(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
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

    @FunctionalInterface
    private interface Write {
        void run(Connection c) throws SQLException;
    }

    /** Runs a write, reconnecting and retrying a few times with backoff before giving up. */
    private synchronized void write(String what, Write write) throws SQLException {
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                write.run(connection());
                return;
            } catch (SQLException e) {
                last = e;
                LOG.warn("writing {} to ClickHouse failed (try {}): {}", what, attempt + 1, e.getMessage());
                closeQuietly();
                sleep(200L << attempt);
            }
        }
        throw last;
    }

    public void writeSweep(String sweepId, SweepSpec spec, String state, String mode, long createdAt,
                           long updatedAt) throws SQLException {
        write("sweep " + sweepId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sweeps (sweep_id, name, spec_json, state, "
                    + "mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?), "
                    + "fromUnixTimestamp64Milli(?))")) {
                ps.setString(1, sweepId);
                ps.setString(2, spec.name());
                ps.setString(3, SpecCodec.toJson(spec));
                ps.setString(4, state);
                ps.setString(5, mode);
                ps.setLong(6, createdAt);
                ps.setLong(7, updatedAt);
                ps.executeUpdate();
            }
        });
    }

    /** One row per attempt of each trial, as it is now. */
    public void writeTrials(String sweepId, Collection<Trial> trials, long version) throws SQLException {
        if (trials.isEmpty()) {
            return;
        }
        write("trials of " + sweepId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trials (sweep_id, trial_id, attempt, state, "
                    + "params_json, lease_id, agent_id, device, started_at, ended_at, objective, reason, adapter_path, "
                    + "adapter_sha256, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?), "
                    + "fromUnixTimestamp64Milli(?), ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
                for (Trial t : trials) {
                    String params = json(t.params());
                    for (Attempt a : t.attempts()) {
                        ps.setString(1, sweepId);
                        ps.setInt(2, t.id());
                        ps.setInt(3, a.number());
                        ps.setString(4, a.state().wireName());
                        ps.setString(5, params);
                        ps.setString(6, a.leaseId());
                        ps.setString(7, a.agentId());
                        ps.setString(8, a.device());
                        setNullableLong(ps, 9, a.startedAt());
                        setNullableLong(ps, 10, a.endedAt());
                        if (a.objective() == null) {
                            ps.setNull(11, Types.DOUBLE);
                        } else {
                            ps.setDouble(11, a.objective());
                        }
                        ps.setString(12, a.reason());
                        ps.setString(13, a.adapterPath());
                        ps.setString(14, a.adapterSha256());
                        ps.setLong(15, version);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        });
    }

    /**
     * Costs of attempts that ended without a finished report (lost, failed, pruned, cancelled, diverged): their
     * device time as the controller observed it, priced by the sweep's table, so no attempt looks free. A
     * finished attempt's cost comes from the agent's own report instead.
     */
    public void writeUnfinishedCosts(String sweepId, Collection<Trial> trials, java.util.function.Function<String,
            Double> priceOfDevice, long at) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (Trial t : trials) {
            for (Attempt a : t.attempts()) {
                if (a.state().terminal() && a.state() != io.lorasweep.controller.trial.AttemptState.COMPLETE
                        && a.deviceSeconds() > 0) {
                    rows.add(new Object[] {t.id(), a.number(), a.device(), a.deviceSeconds(),
                        priceOfDevice.apply(a.device()), a.costUsd()});
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        write("costs of unfinished attempts of " + sweepId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO costs (sweep_id, trial_id, attempt, "
                    + "device_type, device_seconds, busy_seconds, price_per_hour, cost_usd, at) VALUES "
                    + "(?, ?, ?, ?, ?, 0, ?, ?, fromUnixTimestamp64Milli(?))")) {
                for (Object[] r : rows) {
                    ps.setString(1, sweepId);
                    ps.setInt(2, (Integer) r[0]);
                    ps.setInt(3, (Integer) r[1]);
                    ps.setString(4, (String) r[2]);
                    ps.setDouble(5, (Double) r[3]);
                    ps.setDouble(6, (Double) r[4]);
                    ps.setDouble(7, (Double) r[5]);
                    ps.setLong(8, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** Events as received, with their metric points, eval results and costs. */
    public void writeEvents(List<TrialEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        write(events.size() + " events", c -> {
            try (PreparedStatement ev = c.prepareStatement("INSERT INTO trial_events (event_id, sweep_id, trial_id, "
                    + "attempt, type, at, payload) VALUES (?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?), ?)");
                 PreparedStatement mp = c.prepareStatement("INSERT INTO metrics (sweep_id, trial_id, attempt, name, "
                         + "step, value, at) VALUES (?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))");
                 PreparedStatement er = c.prepareStatement("INSERT INTO evals (sweep_id, trial_id, attempt, task, "
                         + "metric, label, value, ci_low, ci_high, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                         + "fromUnixTimestamp64Milli(?))");
                 PreparedStatement co = c.prepareStatement("INSERT INTO costs (sweep_id, trial_id, attempt, "
                         + "device_type, device_seconds, busy_seconds, price_per_hour, cost_usd, at) VALUES "
                         + "(?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
                boolean points = false;
                boolean finished = false;
                for (TrialEvent e : events) {
                    ev.setString(1, e.eventId());
                    ev.setString(2, e.sweepId());
                    ev.setInt(3, e.trialId());
                    ev.setInt(4, e.attempt());
                    ev.setString(5, e.typeName());
                    ev.setLong(6, e.at());
                    ev.setString(7, new String(MessageCodec.encode(e), StandardCharsets.UTF_8));
                    ev.addBatch();
                    if (e instanceof MetricsBatch m) {
                        for (MetricPoint p : m.points()) {
                            mp.setString(1, m.sweepId());
                            mp.setInt(2, m.trialId());
                            mp.setInt(3, m.attempt());
                            mp.setString(4, p.name());
                            mp.setLong(5, p.step());
                            mp.setDouble(6, p.asDouble());
                            mp.setLong(7, p.at());
                            mp.addBatch();
                            points = true;
                        }
                    } else if (e instanceof Finished f) {
                        for (EvalResult r : f.evals()) {
                            er.setString(1, f.sweepId());
                            er.setInt(2, f.trialId());
                            er.setInt(3, f.attempt());
                            er.setString(4, r.task());
                            er.setString(5, r.metric());
                            er.setString(6, r.label());
                            er.setDouble(7, r.value());
                            er.setDouble(8, r.ciLow());
                            er.setDouble(9, r.ciHigh());
                            er.setLong(10, f.at());
                            er.addBatch();
                        }
                        co.setString(1, f.sweepId());
                        co.setInt(2, f.trialId());
                        co.setInt(3, f.attempt());
                        co.setString(4, f.cost().deviceType());
                        co.setDouble(5, f.cost().deviceSeconds());
                        co.setDouble(6, f.cost().busySeconds());
                        co.setDouble(7, f.cost().pricePerHour());
                        co.setDouble(8, f.cost().costUsd());
                        co.setLong(9, f.at());
                        co.addBatch();
                        finished = true;
                    }
                }
                ev.executeBatch();
                if (points) {
                    mp.executeBatch();
                }
                if (finished) {
                    if (hasEvals(events)) {
                        er.executeBatch();
                    }
                    co.executeBatch();
                }
            }
        });
    }

    private static boolean hasEvals(List<TrialEvent> events) {
        return events.stream().anyMatch(e -> e instanceof Finished f && !f.evals().isEmpty());
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
                             String reason, String adapterPath, String adapterSha256) {
    }

    public List<AttemptRow> attempts(String sweepId) throws SQLException {
        List<AttemptRow> rows = new ArrayList<>();
        synchronized (this) {
            try (PreparedStatement ps = connection().prepareStatement("SELECT trial_id, attempt, state, params_json, "
                    + "lease_id, agent_id, device, toUnixTimestamp64Milli(started_at), "
                    + "toUnixTimestamp64Milli(ended_at), objective, reason, adapter_path, adapter_sha256 "
                    + "FROM trials FINAL WHERE sweep_id = ? ORDER BY trial_id, attempt")) {
                ps.setString(1, sweepId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new AttemptRow(rs.getInt(1), rs.getInt(2), rs.getString(3), parse(rs.getString(4)),
                                rs.getString(5), rs.getString(6), rs.getString(7), nullableLong(rs, 8),
                                nullableLong(rs, 9), nullableDouble(rs, 10), rs.getString(11), rs.getString(12),
                                rs.getString(13)));
                    }
                }
            }
        }
        return rows;
    }

    /** A trial's metric points, in step order per name. */
    public record PointRow(int attempt, String name, long step, double value, long at) {
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

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters always serialise", e);
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
