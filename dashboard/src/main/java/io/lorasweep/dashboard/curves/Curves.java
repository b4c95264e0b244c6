package io.lorasweep.dashboard.curves;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Sql;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning curves from the {@code metrics} table, down-sampled inside ClickHouse to at most {@code points} per
 * series (bucket means over equal step ranges), so a trial with a million steps costs the page as much as one with
 * a hundred.
 */
public final class Curves {

    public static final int MAX_POINTS = 2000;
    public static final List<String> LOSSES = List.of("train_loss", "eval_loss");

    /** A trial and the attempt whose curves to read. */
    public record AttemptRef(long trialId, long attempt) {
    }

    private final ConnectionPool pool;

    public Curves(ConnectionPool pool) {
        this.pool = pool;
    }

    /** The series of the given attempts and metric names, in the order asked for; missing ones are empty. */
    public List<Series> read(String sweepId, List<AttemptRef> attempts, List<String> names, int points)
            throws SQLException {
        if (attempts.isEmpty() || names.isEmpty()) {
            return List.of();
        }
        if (points < 2 || points > MAX_POINTS) {
            throw new IllegalArgumentException("points must be between 2 and " + MAX_POINTS + ", got " + points);
        }
        Sql scope = new Sql().sql("sweep_id = ").value(sweepId).sql(" AND name IN ").values(names).sql(" AND (");
        for (int i = 0; i < attempts.size(); i++) {
            scope.sql(i > 0 ? " OR " : "").sql("(trial_id = ").value(attempts.get(i).trialId()).sql(" AND attempt = ")
                    .value(attempts.get(i).attempt()).sql(")");
        }
        scope.sql(")");
        Sql sql = new Sql().sql("SELECT trial_id, attempt, name, max(step) AS last_step, avg(value), "
                        + "countIf(NOT isFinite(value)), any(n), minIf(step, NOT isFinite(value)) FROM (SELECT trial_id, "
                        + "attempt, name, step, value, count() OVER w AS n, intDiv(toInt64(step) - min(toInt64(step)) "
                        + "OVER w, greatest(1, toInt64(ceil((max(toInt64(step)) OVER w - min(toInt64(step)) OVER w + 1) / ")
                .value(points).sql(")))) AS bucket FROM metrics FINAL WHERE ").append(scope)
                .sql(" WINDOW w AS (PARTITION BY trial_id, attempt, name)) GROUP BY trial_id, attempt, name, bucket "
                        + "ORDER BY trial_id, attempt, name, last_step");
        record Point(long trial, long attempt, String name, long step, double value, long nonFinite, long total,
                     long firstBad) {
        }
        List<Point> rows = pool.with(c -> sql.query(c, rs -> new Point(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getLong(4), rs.getDouble(5), rs.getLong(6), rs.getLong(7), rs.getLong(8))));
        Map<String, List<Point>> grouped = new LinkedHashMap<>();
        for (Point p : rows) {
            grouped.computeIfAbsent(p.trial() + "/" + p.attempt() + "/" + p.name(), k -> new ArrayList<>()).add(p);
        }
        List<Series> out = new ArrayList<>();
        for (AttemptRef a : attempts) {
            for (String name : names) {
                List<Point> ps = grouped.getOrDefault(a.trialId() + "/" + a.attempt() + "/" + name, List.of());
                List<Long> steps = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                long total = 0;
                Long firstBad = null;
                for (Point p : ps) {
                    steps.add(p.step());
                    boolean bad = p.nonFinite() > 0 || !Double.isFinite(p.value());
                    values.add(bad ? null : p.value());
                    total = p.total();
                    if (p.nonFinite() > 0 && (firstBad == null || p.firstBad() < firstBad)) {
                        firstBad = p.firstBad();
                    }
                }
                out.add(new Series(a.trialId(), a.attempt(), name, steps, values, total, firstBad));
            }
        }
        return out;
    }
}
