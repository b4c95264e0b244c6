package io.lorasweep.dashboard.cost;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepFront;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.TrialFacts;
import java.sql.SQLException;
import io.lorasweep.schemas.spec.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quality vs cost of a sweep's complete trials, with the Pareto front. For a sweep of one objective, its value
 * against each trial's spend in USD; for a sweep of several, the first against the second (quality against
 * GPU-hours, say) with the front the sampler works on: no other trial as good in every objective. The front is
 * computed over every complete trial; the cloud behind it is thinned to at most {@link #MAX_CLOUD} points (every
 * k-th by trial id) so the chart stays light at any scale.
 */
public final class TradeOff {

    public static final int MAX_CLOUD = 2000;

    /**
     * The chart's data: {@code total} complete trials, {@code cloud} a sample of them, {@code front} all of it, from
     * the lowest x.
     *
     * @param xAxis what x is: {@code cost_usd}, or the second objective's name
     * @param xGoal which way x is better
     */
    public record Chart(String sweepId, String objective, String goal, String xAxis, String xGoal, long total,
                        List<TradeOffPoint> cloud, List<TradeOffPoint> front) {
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
        List<TradeOffPoint> points = new ArrayList<>();
        Set<Long> onFront;
        String xAxis;
        boolean xMinimize;
        if (sweep.multiObjective()) {
            SweepFront front = SweepFront.read(pool, sweep);
            front.values().forEach((id, v) -> points.add(new TradeOffPoint(id, v.get(1), v.get(0))));
            onFront = front.front();
            xAxis = sweep.objectives().get(1).name();
            xMinimize = sweep.objectives().get(1).minimize();
        } else {
            Sql sql = new Sql().sql("SELECT trial_id, cost_usd, objective FROM (").append(TrialFacts.of(sweep))
                    .sql(") WHERE state = 'complete' AND isNotNull(objective) AND isFinite(objective) "
                            + "ORDER BY trial_id");
            points.addAll(pool.with(c -> sql.query(c, rs -> new TradeOffPoint(rs.getLong(1), rs.getDouble(2),
                    rs.getDouble(3)))));
            onFront = front(points, sweep.minimize());
            xAxis = "cost_usd";
            xMinimize = true;
        }
        List<TradeOffPoint> front = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(points.size() / (double) MAX_CLOUD));
        List<TradeOffPoint> cloud = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (onFront.contains(points.get(i).trialId())) {
                front.add(points.get(i));
            } else if (i % every == 0) {
                cloud.add(points.get(i));
            }
        }
        front.sort(Comparator.comparingDouble(TradeOffPoint::x).thenComparingLong(TradeOffPoint::trialId));
        return new Chart(sweep.sweepId(), sweep.objective(), sweep.minimize() ? "minimize" : "maximize", xAxis,
                xMinimize ? "minimize" : "maximize", points.size(), cloud, front);
    }

    /** The trials no other beats on both spend (lower) and the objective, by the sampler's dominance rule. */
    public static Set<Long> front(List<TradeOffPoint> points, boolean minimize) {
        Map<Long, List<Double>> values = new LinkedHashMap<>();
        points.forEach(p -> values.put(p.trialId(), List.of(p.objective(), p.x())));
        return SweepFront.of(values, List.of(new Metric("objective", minimize ? Metric.Goal.MINIMIZE
                : Metric.Goal.MAXIMIZE), new Metric(Metric.COST_USD, Metric.Goal.MINIMIZE))).front();
    }
}
