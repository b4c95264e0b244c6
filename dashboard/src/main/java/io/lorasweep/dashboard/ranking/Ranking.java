package io.lorasweep.dashboard.ranking;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.LearnedPrices;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepFront;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.TrialFacts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's trials ranked, filtered and paged inside ClickHouse: the page is the only thing that leaves the
 * database, so the cost of a request does not grow with what the browser receives, only with ClickHouse's scan.
 *
 * <p>Two statements: the first chooses the page's trial ids and counts what passes the filters, over as little as the
 * sort needs — each trial's current attempt row for the objective, parameters, state and times; every trial's spend
 * for cost, GPU-hours, attempts and device; the eval rows as well only for the interval. The second computes the
 * page's facts (spend over all attempts, the objective's interval) for those ids only.
 */
public final class Ranking {

    private final ConnectionPool pool;
    private final LearnedPrices learnedPrices;

    public Ranking(ConnectionPool pool, LearnedPrices learnedPrices) {
        this.pool = pool;
        this.learnedPrices = learnedPrices;
    }

    public RankingPage page(SweepMeta sweep, RankingRequest request) throws SQLException {
        List<LearnedPrices.LearnedPrice> learned = learnedPrices.of(sweep.sweepId());
        SortKey sort = request.sort();
        Sql candidates = sort.onAttemptRow() ? currentAttempts(sweep)
                : sort.onInterval() ? TrialFacts.of(sweep, learned, null)
                : TrialFacts.withoutInterval(sweep, learned);
        Sql where = where(request);
        // a sweep of several objectives ranks by them as its sampler does: the Pareto front first
        SweepFront front = sweep.multiObjective() ? SweepFront.read(pool, sweep) : null;
        List<Long> first = front != null && "objective".equals(sort.column()) ? List.copyOf(front.front())
                : List.of();
        Sql ids = new Sql().sql("SELECT trial_id, count() OVER () FROM (").append(candidates).sql(")")
                .append(where).append(sort.orderBy(first)).sql(" LIMIT ").value(request.limit())
                .sql(" OFFSET ").value(request.offset());
        long[] total = {0};
        List<Long> page = pool.with(c -> ids.query(c, rs -> {
            total[0] = rs.getLong(2);
            return rs.getLong(1);
        }));
        List<RankedTrial> rows = List.of();
        if (page.isEmpty()) {
            total[0] = request.offset() == 0 ? 0 : count(currentAttempts(sweep), where);
        } else {
            Sql facts = select().append(TrialFacts.of(sweep, learned, page)).sql(")");
            List<RankedTrial> read = new ArrayList<>(pool.with(c -> facts.query(c, Ranking::read)));
            // the page's order is the one chosen above, even if a trial moved on between the two statements
            Map<Long, Integer> position = new HashMap<>();
            for (int i = 0; i < page.size(); i++) {
                position.put(page.get(i), i);
            }
            read.sort(Comparator.comparingInt(r -> position.getOrDefault(r.trialId(), Integer.MAX_VALUE)));
            if (front != null) {
                read.replaceAll(r -> r.withObjectives(front.values().getOrDefault(r.trialId(), List.of()),
                        front.front().contains(r.trialId())));
            }
            rows = read;
        }
        String order = sort.descending() ? "desc" : "asc";
        return new RankingPage(sweep.sweepId(), total[0], request.offset(), request.limit(), sort.name(),
                order, sweep.objective(), sweep.minimize() ? "minimize" : "maximize", sweep.objectives(),
                sweep.parameters(), rows);
    }

    private static Sql select() {
        return new Sql().sql("SELECT trial_id, attempt, attempts, state, params_json, objective, ci_low, ci_high, "
                + "gpu_hours, cost_usd, cost_estimated, device_type, started_ms, ended_ms FROM (");
    }

    /** Each trial's current attempt, with the columns the filters and the attempt-row sort keys use. */
    private static Sql currentAttempts(SweepMeta sweep) {
        return new Sql().sql("SELECT trial_id, attempt, state, params_json, objective, "
                        + "toUnixTimestamp64Milli(started_at) AS started_ms, "
                        + "toUnixTimestamp64Milli(ended_at) AS ended_ms "
                        + "FROM trials FINAL WHERE sweep_id = ").value(sweep.sweepId())
                .sql(" ORDER BY trial_id, attempt DESC LIMIT 1 BY trial_id");
    }

    private long count(Sql trials, Sql where) throws SQLException {
        Sql count = new Sql().sql("SELECT count() FROM (").append(trials).sql(")").append(where);
        return pool.with(c -> count.query(c, rs -> rs.getLong(1))).get(0);
    }

    private static Sql where(RankingRequest request) {
        Sql sql = new Sql().sql(" WHERE 1");
        if (!request.states().isEmpty()) {
            sql.sql(" AND state IN ").values(request.states());
        }
        for (ParameterFilter f : request.filters()) {
            sql.sql(" AND ").append(f.condition());
        }
        return sql;
    }

    private static RankedTrial read(ResultSet rs) throws SQLException {
        return new RankedTrial(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                Params.parse(rs.getString(5)), finite(Sql.nullableDouble(rs, 6)), finite(Sql.nullableDouble(rs, 7)),
                finite(Sql.nullableDouble(rs, 8)), rs.getDouble(9), rs.getDouble(10), rs.getInt(11) != 0,
                rs.getString(12), Sql.nullableLong(rs, 13), Sql.nullableLong(rs, 14), List.of(), false);
    }

    /** JSON has no NaN: a non-finite value is shown as missing. */
    static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
