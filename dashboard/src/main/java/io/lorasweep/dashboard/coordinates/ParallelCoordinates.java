package io.lorasweep.dashboard.coordinates;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.ParameterDomain;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of a sweep's parallel-coordinates chart: one axis per parameter, as the spec declares it (categorical,
 * log or linear), and the objective. A chart of 100,000 lines says no more than one of a few thousand, so at most
 * {@code limit} trials are sent: first the best quarter of that number among the complete trials, best first, so the
 * good region is always drawn, then a fixed pseudo-random sample (by a hash of the trial id, stable between reloads)
 * of the rest, whatever their state, so pruned and failed trials show where they fell.
 */
public final class ParallelCoordinates {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 5000;

    /**
     * One axis.
     *
     * @param scale   categorical, log, linear, or auto (the spec does not say; the page reads the values)
     * @param choices a categorical axis's values in the spec's order; values seen outside them are added by the page
     * @param min     a numeric axis's lower bound from the spec, else null
     */
    public record Axis(String name, String scale, List<Object> choices, Double min, Double max) {
    }

    /** One trial's line; {@code objective} is null for a trial that did not complete. */
    public record Line(long trialId, String state, Double objective, Map<String, Object> params) {
    }

    /**
     * @param total trials in the sweep
     * @param best  how many of the lines are the best complete trials (the rest are a sample)
     */
    public record Chart(String sweepId, String objective, String goal, long total, int best, List<Axis> axes,
                        List<Line> trials) {
    }

    private final ConnectionPool pool;

    public ParallelCoordinates(ConnectionPool pool) {
        this.pool = pool;
    }

    public Chart of(SweepMeta sweep, int limit) throws SQLException {
        if (limit < 2 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 2 and " + MAX_LIMIT + ", got " + limit);
        }
        int best = Math.max(1, limit / 4);
        Sql sql = new Sql().sql("SELECT trial_id, state, params_json, objective, rated AND place <= ").value(best)
                .sql(", count() OVER () FROM (SELECT trial_id, state, params_json, objective, rated, "
                        + "row_number() OVER (PARTITION BY rated ORDER BY objective * ")
                .value(sweep.minimize() ? 1.0 : -1.0)
                .sql(", trial_id) AS place FROM (SELECT trial_id, state, params_json, objective, "
                        + "state = 'complete' AND isNotNull(objective) AND isFinite(objective) AS rated "
                        + "FROM trials FINAL WHERE sweep_id = ").value(sweep.sweepId())
                .sql(" ORDER BY trial_id, attempt DESC LIMIT 1 BY trial_id)) "
                        + "ORDER BY rated AND place <= ").value(best).sql(" DESC, if(rated AND place <= ").value(best)
                .sql(", place, 0), cityHash64(trial_id), trial_id LIMIT ").value(limit);
        long[] total = {0};
        int[] bestShown = {0};
        List<Line> lines = pool.with(c -> sql.query(c, rs -> {
            total[0] = rs.getLong(6);
            if (rs.getInt(5) != 0) {
                bestShown[0]++;
            }
            Double objective = Sql.nullableDouble(rs, 4);
            String state = rs.getString(2);
            boolean rated = "complete".equals(state) && objective != null && Double.isFinite(objective);
            return new Line(rs.getLong(1), state, rated ? objective : null, Params.parse(rs.getString(3)));
        }));
        List<Axis> axes = new ArrayList<>();
        for (ParameterDomain d : sweep.domains()) {
            axes.add(axis(d));
        }
        return new Chart(sweep.sweepId(), sweep.objective(), sweep.minimize() ? "minimize" : "maximize", total[0],
                bestShown[0], axes, lines);
    }

    static Axis axis(ParameterDomain d) {
        return switch (d.kind()) {
            case CATEGORICAL, FIXED -> new Axis(d.name(), "categorical", d.choices(), null, null);
            case NUMERIC -> new Axis(d.name(), d.logarithmic() ? "log" : "linear", List.of(), d.min(), d.max());
        };
    }
}
