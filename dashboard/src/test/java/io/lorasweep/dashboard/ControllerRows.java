package io.lorasweep.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/**
 * Writes rows with the statements the controller's ClickHouseStore uses (same columns, same conversions), so the
 * dashboard is tested against the record as the controller leaves it.
 */
final class ControllerRows implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection c;

    ControllerRows(String httpUrl) throws SQLException {
        c = ClickHouseJdbc.connect(httpUrl, "default", "");
        synchronized (ControllerRows.class) {
            Migrations.apply(c);
        }
    }

    Connection connection() {
        return c;
    }

    ControllerRows sweep(String sweepId, String name, String specJson, String state, long createdAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sweeps (sweep_id, name, spec_json, state, "
                + "mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?), "
                + "fromUnixTimestamp64Milli(?))")) {
            ps.setString(1, sweepId);
            ps.setString(2, name);
            ps.setString(3, specJson);
            ps.setString(4, state);
            ps.setString(5, "agents");
            ps.setLong(6, createdAt);
            ps.setLong(7, createdAt + 1);
            ps.executeUpdate();
        }
        return this;
    }

    ControllerRows trial(String sweepId, int trialId, int attempt, String state, Map<String, Object> params,
                         String agent, String device, Long startedAt, Long endedAt, Double objective, long version)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trials (sweep_id, trial_id, attempt, state, "
                + "params_json, lease_id, agent_id, device, started_at, ended_at, objective, reason, adapter_path, "
                + "adapter_sha256, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?), "
                + "fromUnixTimestamp64Milli(?), ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
            ps.setString(1, sweepId);
            ps.setInt(2, trialId);
            ps.setInt(3, attempt);
            ps.setString(4, state);
            ps.setString(5, JSON.writeValueAsString(params));
            ps.setString(6, "lease-" + trialId + "-" + attempt);
            ps.setString(7, agent);
            ps.setString(8, device);
            if (startedAt == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, startedAt);
            }
            if (endedAt == null) {
                ps.setNull(10, Types.BIGINT);
            } else {
                ps.setLong(10, endedAt);
            }
            if (objective == null) {
                ps.setNull(11, Types.DOUBLE);
            } else {
                ps.setDouble(11, objective);
            }
            ps.setString(12, "");
            ps.setString(13, "");
            ps.setString(14, "");
            ps.setLong(15, version);
            ps.executeUpdate();
        }
        return this;
    }

    ControllerRows metric(String sweepId, int trialId, int attempt, String name, long step, double value)
            throws SQLException {
        try (PreparedStatement mp = c.prepareStatement("INSERT INTO metrics (sweep_id, trial_id, attempt, name, "
                + "step, value, at) VALUES (?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
            mp.setString(1, sweepId);
            mp.setInt(2, trialId);
            mp.setInt(3, attempt);
            mp.setString(4, name);
            mp.setLong(5, step);
            mp.setDouble(6, value);
            mp.setLong(7, 1_700_000_000_000L + step);
            mp.executeUpdate();
        }
        return this;
    }

    /** A whole curve in one batch. */
    ControllerRows curve(String sweepId, int trialId, int attempt, String name, long[] steps, double[] values)
            throws SQLException {
        try (PreparedStatement mp = c.prepareStatement("INSERT INTO metrics (sweep_id, trial_id, attempt, name, "
                + "step, value, at) VALUES (?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
            for (int i = 0; i < steps.length; i++) {
                mp.setString(1, sweepId);
                mp.setInt(2, trialId);
                mp.setInt(3, attempt);
                mp.setString(4, name);
                mp.setLong(5, steps[i]);
                mp.setDouble(6, values[i]);
                mp.setLong(7, 1_700_000_000_000L + steps[i]);
                mp.addBatch();
            }
            mp.executeBatch();
        }
        return this;
    }

    ControllerRows eval(String sweepId, int trialId, int attempt, String task, String metric, String label,
                        double value, double low, double high) throws SQLException {
        try (PreparedStatement er = c.prepareStatement("INSERT INTO evals (sweep_id, trial_id, attempt, task, "
                + "metric, label, value, ci_low, ci_high, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "fromUnixTimestamp64Milli(?))")) {
            er.setString(1, sweepId);
            er.setInt(2, trialId);
            er.setInt(3, attempt);
            er.setString(4, task);
            er.setString(5, metric);
            er.setString(6, label);
            er.setDouble(7, value);
            er.setDouble(8, low);
            er.setDouble(9, high);
            er.setLong(10, 1_700_000_000_000L);
            er.executeUpdate();
        }
        return this;
    }

    ControllerRows cost(String sweepId, int trialId, int attempt, String deviceType, double deviceSeconds,
                        double pricePerHour) throws SQLException {
        try (PreparedStatement co = c.prepareStatement("INSERT INTO costs (sweep_id, trial_id, attempt, "
                + "device_type, device_seconds, busy_seconds, price_per_hour, cost_usd, at) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
            co.setString(1, sweepId);
            co.setInt(2, trialId);
            co.setInt(3, attempt);
            co.setString(4, deviceType);
            co.setDouble(5, deviceSeconds);
            co.setDouble(6, deviceSeconds * 0.9);
            co.setDouble(7, pricePerHour);
            co.setDouble(8, deviceSeconds / 3600.0 * pricePerHour);
            co.setLong(9, 1_700_000_000_000L);
            co.executeUpdate();
        }
        return this;
    }

    ControllerRows baseline(String baseModel, String task, String data, int shots, String metric, String label,
                            double value, double low, double high) throws SQLException {
        return baseline(baseModel, task, data, shots, metric, label, value, low, high, 1_700_000_000_000L);
    }

    ControllerRows baseline(String baseModel, String task, String data, int shots, String metric, String label,
                            double value, double low, double high, long atMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO baselines (base_model, task, data, shots, metric, "
                + "label, value, ci_low, ci_high, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, fromUnixTimestamp64Milli(?))")) {
            ps.setString(1, baseModel);
            ps.setString(2, task);
            ps.setString(3, data);
            ps.setInt(4, shots);
            ps.setString(5, metric);
            ps.setString(6, label);
            ps.setDouble(7, value);
            ps.setDouble(8, low);
            ps.setDouble(9, high);
            ps.setLong(10, atMillis);
            ps.executeUpdate();
        }
        return this;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
