package io.lorasweep.dashboard.cost;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.TrialFacts;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Quality vs cost of a sweep's complete trials, with the Pareto front. The front is computed over every complete
 * trial; the cloud behind it is thinned to at most {@link #MAX_CLOUD} points (every k-th by trial id) so the chart
 * stays light at any scale.
 */
public final class TradeOff {

    public static final int MAX_CLOUD = 2000;

    /** The chart's data: {@code total} complete trials, {@code cloud} a sample of them, {@code front} all of it. */
    public record Chart(String sweepId, String objective, String goal, long total, List<TradeOffPoint> cloud,
                        List<TradeOffPoint> front) {
        public Chart {
            cloud = List.copyOf(cloud);
            front = List.copyOf(front);
        }
    }

    private final ConnectionPool pool;

    public TradeOff(ConnectionPool pool) {
        this.pool = pool;
    }

    public Chart chart(SweepMeta sweep) throws SQLException {
        Sql sql = new Sql().sql("SELECT trial_id, cost_usd, objective FROM (").append(TrialFacts.of(sweep))
                .sql(") WHERE state = 'complete' AND isNotNull(objective) AND isFinite(objective) ORDER BY trial_id");
        List<TradeOffPoint> points = pool.with(c -> sql.query(c, rs -> new TradeOffPoint(rs.getLong(1),
                rs.getDouble(2), rs.getDouble(3))));
        List<TradeOffPoint> front = ParetoFront.of(points, sweep.minimize());
        Set<Long> onFront = new HashSet<>();
        front.forEach(p -> onFront.add(p.trialId()));
        int every = Math.max(1, (int) Math.ceil(points.size() / (double) MAX_CLOUD));
        List<TradeOffPoint> cloud = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (i % every == 0 && !onFront.contains(points.get(i).trialId())) {
                cloud.add(points.get(i));
            }
        }
        return new Chart(sweep.sweepId(), sweep.objective(), sweep.minimize() ? "minimize" : "maximize",
                points.size(), cloud, front);
    }
}
