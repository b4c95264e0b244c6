package io.lorasweep.dashboard.cost;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.SweepSummary;
import io.lorasweep.dashboard.store.TrialFacts;
import io.lorasweep.schemas.db.BaselineKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * Builds cost reports with Tablesaw: a table of every trial of a sweep (from the trial facts), summarised per device
 * type and in total, with the objective's gain over the base model; and a table of every sweep. The same tables are
 * written as CSV for download.
 *
 * <p>A trial counts under the device type of its current attempt.
 */
public final class CostReports {

    public static final int TOP_TRIALS = 100;

    private final ConnectionPool pool;

    public CostReports(ConnectionPool pool) {
        this.pool = pool;
    }

    /** Every trial of the sweep: trial_id, state, device_type, gpu_hours, cost_usd, cost_estimated, objective, and the points gained. */
    public Table trials(SweepMeta sweep) throws SQLException {
        Table t = Table.create("trials of " + sweep.sweepId(), LongColumn.create("trial_id"),
                StringColumn.create("state"), StringColumn.create("device_type"), DoubleColumn.create("gpu_hours"),
                DoubleColumn.create("cost_usd"), StringColumn.create("cost_estimated"),
                DoubleColumn.create("objective"));
        Sql sql = new Sql().sql("SELECT trial_id, state, device_type, gpu_hours, cost_usd, cost_estimated, objective "
                + "FROM (").append(TrialFacts.of(sweep)).sql(") ORDER BY trial_id");
        pool.with(c -> sql.query(c, rs -> {
            t.longColumn(0).append(rs.getLong(1));
            t.stringColumn(1).append(rs.getString(2));
            t.stringColumn(2).append(rs.getString(3));
            t.doubleColumn(3).append(rs.getDouble(4));
            t.doubleColumn(4).append(rs.getDouble(5));
            t.stringColumn(5).append(rs.getInt(6) != 0 ? "yes" : "no");
            double objective = rs.getDouble(7);
            if (rs.wasNull() || !Double.isFinite(objective)) {
                t.doubleColumn(6).appendMissing();
            } else {
                t.doubleColumn(6).append(objective);
            }
            return Boolean.TRUE;
        }));
        return t;
    }

    /** GPU-hours and cost per device type, summed by column name (Tablesaw orders a summary's columns its own way). */
    public static Table devices(Table trials) {
        Table out = Table.create("devices", StringColumn.create("device_type"), DoubleColumn.create("trials"),
                DoubleColumn.create("gpu_hours"), DoubleColumn.create("cost_usd"),
                DoubleColumn.create("usd_per_gpu_hour"));
        for (Table device : trials.splitOn("device_type").asTableList()) {
            double hours = device.doubleColumn("gpu_hours").sum();
            double cost = device.doubleColumn("cost_usd").sum();
            out.stringColumn("device_type").append(device.stringColumn("device_type").get(0));
            out.doubleColumn("trials").append(device.rowCount());
            out.doubleColumn("gpu_hours").append(hours);
            out.doubleColumn("cost_usd").append(cost);
            if (hours > 0) {
                out.doubleColumn("usd_per_gpu_hour").append(cost / hours);
            } else {
                out.doubleColumn("usd_per_gpu_hour").appendMissing();
            }
        }
        return out.sortDescendingOn("cost_usd");
    }

    /** Adds points_gained and cost_per_point_usd to a trials table, given the gain's baseline. */
    static Table withGain(Table trials, Double baseline, double point, boolean lowerIsBetter) {
        DoubleColumn gained = DoubleColumn.create("points_gained");
        DoubleColumn perPoint = DoubleColumn.create("cost_per_point_usd");
        for (int i = 0; i < trials.rowCount(); i++) {
            double objective = trials.doubleColumn("objective").getDouble(i);
            if (baseline == null || Double.isNaN(objective)) {
                gained.appendMissing();
                perPoint.appendMissing();
                continue;
            }
            double points = (lowerIsBetter ? baseline - objective : objective - baseline) / point;
            gained.append(points);
            if (points > 0) {
                perPoint.append(trials.doubleColumn("cost_usd").getDouble(i) / points);
            } else {
                perPoint.appendMissing();
            }
        }
        return trials.copy().addColumns(gained, perPoint);
    }

    public CostReport sweep(SweepMeta sweep) throws SQLException {
        Table trials = trials(sweep);
        Double baseline = baselineOfObjective(sweep);
        boolean lower = sweep.minimize();
        DoubleColumn objective = trials.doubleColumn("objective");
        double point = isScore(sweep, objective) ? 0.01 : 1.0;
        Table full = withGain(trials, baseline, point, lower);

        double hours = trials.doubleColumn("gpu_hours").sum();
        double cost = trials.doubleColumn("cost_usd").sum();
        long complete = trials.stringColumn("state").isEqualTo("complete").size();
        long estimated = trials.stringColumn("cost_estimated").isEqualTo("yes").size();
        CostReport.Totals totals = new CostReport.Totals(trials.rowCount(), complete, estimated, hours, cost,
                complete == 0 ? null : cost / complete);

        Double best = null;
        Long bestTrial = null;
        Double bestCost = null;
        for (Row r : trials) {
            double v = r.getDouble("objective");
            if (!"complete".equals(r.getString("state")) || Double.isNaN(v)) {
                continue;
            }
            if (best == null || (lower ? v < best : v > best)) {
                best = v;
                bestTrial = r.getLong("trial_id");
                bestCost = r.getDouble("cost_usd");
            }
        }
        CostReport.Gain gain;
        if (baseline == null) {
            gain = new CostReport.Gain(null, best, bestTrial, point, null, null, null, sweep.objectiveTask() == null
                    ? "the objective " + sweep.objective() + " is a training-loop metric: the base model has no value"
                    : "no k-shot baseline of the base model on " + sweep.objectiveTask() + " is on record");
        } else if (best == null) {
            gain = new CostReport.Gain(baseline, null, null, point, null, null, null, "no trial has completed yet");
        } else {
            double points = (lower ? baseline - best : best - baseline) / point;
            gain = new CostReport.Gain(baseline, best, bestTrial, point, points, points > 0 ? cost / points : null,
                    points > 0 ? bestCost / points : null, points > 0 ? null
                    : "no trial beat the base model: there is no gain to price");
        }

        List<Map<String, Object>> top = new ArrayList<>();
        Table byCost = full.sortDescendingOn("cost_usd");
        for (int i = 0; i < Math.min(TOP_TRIALS, byCost.rowCount()); i++) {
            Row r = byCost.row(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trial_id", r.getLong("trial_id"));
            m.put("state", r.getString("state"));
            m.put("device_type", r.getString("device_type"));
            m.put("gpu_hours", r.getDouble("gpu_hours"));
            m.put("cost_usd", r.getDouble("cost_usd"));
            m.put("cost_estimated", "yes".equals(r.getString("cost_estimated")));
            m.put("objective", missing(r.getDouble("objective")));
            m.put("points_gained", missing(r.getDouble("points_gained")));
            m.put("cost_per_point_usd", missing(r.getDouble("cost_per_point_usd")));
            top.add(m);
        }
        return new CostReport(sweep.sweepId(), sweep.objective(), lower ? "minimize" : "maximize", totals,
                rows(devices(trials)), gain, top);
    }

    /** The trials table with the gain columns, as the CSV download has it. */
    public Table trialsWithGain(SweepMeta sweep) throws SQLException {
        Table trials = trials(sweep);
        return withGain(trials, baselineOfObjective(sweep), isScore(sweep, trials.doubleColumn("objective")) ? 0.01
                : 1.0, sweep.minimize());
    }

    /** Every sweep with its trials, GPU-hours and spend. */
    public static Table sweeps(List<SweepSummary> summaries) {
        Table t = Table.create("sweeps", StringColumn.create("sweep_id"), StringColumn.create("name"),
                StringColumn.create("state"), LongColumn.create("trials"), DoubleColumn.create("gpu_hours"),
                DoubleColumn.create("cost_usd"), StringColumn.create("cost_estimated"));
        for (SweepSummary s : summaries) {
            t.stringColumn(0).append(s.sweepId());
            t.stringColumn(1).append(s.name());
            t.stringColumn(2).append(s.state());
            t.longColumn(3).append(s.trials());
            t.doubleColumn(4).append(s.gpuHours());
            t.doubleColumn(5).append(s.costUsd());
            t.stringColumn(6).append(s.costEstimated() ? "yes" : "no");
        }
        return t;
    }

    private static boolean isScore(SweepMeta sweep, DoubleColumn objective) {
        if (sweep.objectiveTask() == null || sweep.minimize()) {
            return false;
        }
        DoubleColumn present = objective.removeMissing();
        return present.isEmpty() || (present.min() >= 0 && present.max() <= 1);
    }

    private Double baselineOfObjective(SweepMeta sweep) throws SQLException {
        if (sweep.objectiveTask() == null) {
            return null;
        }
        Sql sql = new Sql().sql("SELECT argMax(value, at) FROM baselines FINAL WHERE ")
                .condition(BaselineKey.CONDITION, sweep.baselineKey(sweep.objectiveTask()).values())
                .sql(" AND metric = ").value(sweep.objectiveMetric())
                .sql(" AND label = '' HAVING count() > 0");
        return pool.with(c -> sql.query(c, rs -> rs.getDouble(1))).stream().findFirst().orElse(null);
    }

    private static Object missing(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /** A Tablesaw table as a list of maps (numbers stay numbers; missing values become null). */
    public static List<Map<String, Object>> rows(Table t) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : t) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String name : t.columnNames()) {
                Object v = t.column(name).get(r.getRowNumber());
                m.put(name, v instanceof Double ? missing((Double) v) : v);
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Writes a table as CSV. A text cell that a spreadsheet would run as a formula ({@code =}, {@code +}, {@code -},
     * {@code @} first) is written with a leading apostrophe.
     */
    public static void writeCsv(Table table, Writer out) {
        Table safe = table.copy();
        for (String name : safe.columnNames()) {
            if (safe.column(name) instanceof StringColumn) {
                StringColumn c = safe.stringColumn(name);
                for (int i = 0; i < c.size(); i++) {
                    String v = c.get(i);
                    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
                        c.set(i, "'" + v);
                    }
                }
            }
        }
        try {
            safe.write().csv(CsvWriteOptions.builder(out).build());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
