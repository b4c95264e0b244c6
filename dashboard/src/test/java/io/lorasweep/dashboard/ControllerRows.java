package io.lorasweep.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.HttpRowInsert;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes rows as the controller does: each a {@link TableRow}, the one codec of its table, sent as the same
 * JSONEachRow bytes; so the dashboard is tested on the record as the controller leaves it.
 */
final class ControllerRows implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long AT = 1_700_000_000_000L;
    private final Connection c;
    private final HttpRowInsert insert;

    ControllerRows(String httpUrl) throws SQLException {
        c = ClickHouseJdbc.connect(httpUrl, "default", "");
        insert = new HttpRowInsert(httpUrl, "default", "");
        synchronized (ControllerRows.class) {
            Migrations.apply(c);
        }
    }

    Connection connection() {
        return c;
    }

    /** Inserts rows of one table. */
    ControllerRows rows(List<? extends TableRow> rows) throws IOException {
        if (!rows.isEmpty()) {
            insert.insert(RowBatch.of(rows.get(0).table(), rows));
        }
        return this;
    }

    ControllerRows row(TableRow row) throws IOException {
        return rows(List.of(row));
    }

    ControllerRows sweep(String sweepId, String name, String specJson, String state, long createdAt)
            throws IOException {
        return row(new TableRow.Sweep(sweepId, name, specJson, state, "agents", createdAt, createdAt + 1));
    }

    ControllerRows trial(String sweepId, int trialId, int attempt, String state, Map<String, Object> params,
                         String agent, String device, Long startedAt, Long endedAt, Double objective, long version)
            throws Exception {
        return trial(sweepId, trialId, attempt, state, params, agent, device, startedAt, endedAt, objective, List.of(),
                version);
    }

    /** An attempt of a sweep of several objectives, with every objective's value. */
    ControllerRows trial(String sweepId, int trialId, int attempt, String state, Map<String, Object> params,
                         String agent, String device, Long startedAt, Long endedAt, Double objective,
                         List<Double> objectives, long version) throws Exception {
        return row(new TableRow.Trial(sweepId, trialId, attempt, state, JSON.writeValueAsString(params),
                "lease-" + trialId + "-" + attempt, agent, device, startedAt, endedAt, objective, objectives, "", "",
                "", version));
    }

    ControllerRows metric(String sweepId, int trialId, int attempt, String name, long step, double value)
            throws IOException {
        return row(new TableRow.Metric(sweepId, trialId, attempt, name, step, value, AT + step));
    }

    /** A whole curve in one batch. */
    ControllerRows curve(String sweepId, int trialId, int attempt, String name, long[] steps, double[] values)
            throws IOException {
        List<TableRow.Metric> points = new java.util.ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            points.add(new TableRow.Metric(sweepId, trialId, attempt, name, steps[i], values[i], AT + steps[i]));
        }
        return rows(points);
    }

    ControllerRows eval(String sweepId, int trialId, int attempt, String task, String metric, String label,
                        double value, double low, double high) throws IOException {
        return row(new TableRow.Eval(sweepId, trialId, attempt, task, metric, label, value, low, high, AT));
    }

    ControllerRows cost(String sweepId, int trialId, int attempt, String deviceType, double deviceSeconds,
                        double pricePerHour) throws IOException {
        return row(new TableRow.Cost(sweepId, trialId, attempt, deviceType, deviceSeconds, deviceSeconds * 0.9,
                pricePerHour, deviceSeconds / 3600.0 * pricePerHour, AT));
    }

    ControllerRows baseline(String baseModel, String task, String data, int shots, String metric, String label,
                            double value, double low, double high) throws IOException {
        return baseline(baseModel, task, data, shots, metric, label, value, low, high, AT);
    }

    ControllerRows baseline(String baseModel, String task, String data, int shots, String metric, String label,
                            double value, double low, double high, long atMillis) throws IOException {
        return row(new TableRow.Baseline(new BaselineKey(baseModel, task, data, shots), metric, label, value, low,
                high, atMillis, ""));
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
