package io.lorasweep.dashboard.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The sweeps on record: their metadata, and the summaries of the sweeps list. */
public final class SweepCatalog {

    /** The newest sweeps the list shows. */
    public static final int LIST_LIMIT = 1000;

    /**
     * How long {@link #recent} may answer from memory. A sweep's spec never changes after it is written (the
     * controller rewrites the row with the same spec on each state change); only its state and update time can be
     * this old, and the routes that show those read them with {@link #find}.
     */
    public static final long META_TTL_MILLIS = 10_000;

    private record Remembered(SweepMeta meta, long readAt) {
    }

    private final ConnectionPool pool;
    private final LearnedPrices learnedPrices;
    private final Map<String, Remembered> remembered = new java.util.concurrent.ConcurrentHashMap<>();

    public SweepCatalog(ConnectionPool pool, LearnedPrices learnedPrices) {
        this.pool = pool;
        this.learnedPrices = learnedPrices;
    }

    /** The sweep as its row stands now. */
    public Optional<SweepMeta> find(String sweepId) throws SQLException {
        List<SweepMeta> found = pool.with(c -> metaQuery().sql(" WHERE sweep_id = ").value(sweepId).query(c,
                SweepCatalog::readMeta));
        Optional<SweepMeta> meta = found.stream().findFirst();
        meta.ifPresent(m -> remember(m, System.currentTimeMillis()));
        return meta;
    }

    /**
     * The sweep, read at most {@link #META_TTL_MILLIS} ago: what the routes that read its spec (parameters, objective,
     * prices, tasks) need, without a query per request. An unknown sweep is looked up every time.
     */
    public Optional<SweepMeta> recent(String sweepId) throws SQLException {
        Remembered r = remembered.get(sweepId);
        if (r != null && System.currentTimeMillis() - r.readAt() < META_TTL_MILLIS) {
            return Optional.of(r.meta());
        }
        return find(sweepId);
    }

    private void remember(SweepMeta meta, long now) {
        if (remembered.size() > LIST_LIMIT) {
            remembered.clear();
        }
        remembered.put(meta.sweepId(), new Remembered(meta, now));
    }

    /** The newest sweeps first. */
    public List<SweepMeta> all() throws SQLException {
        return pool.with(c -> metaQuery().sql(" ORDER BY created_at DESC, sweep_id LIMIT " + LIST_LIMIT)
                .query(c, SweepCatalog::readMeta));
    }

    private static Sql metaQuery() {
        return new Sql().sql("SELECT sweep_id, name, spec_json, state, mode, toUnixTimestamp64Milli(created_at), "
                + "toUnixTimestamp64Milli(updated_at) FROM sweeps FINAL");
    }

    private static SweepMeta readMeta(java.sql.ResultSet rs) throws SQLException {
        return SweepMeta.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6), rs.getLong(7));
    }

    /** The sweeps list: each sweep with its trials by state, best value and spend. */
    public List<SweepSummary> summaries() throws SQLException {
        return summaries(all());
    }

    /** One sweep's line of the list, with its learned prices from {@link LearnedPrices}. */
    public SweepSummary summary(SweepMeta sweep) throws SQLException {
        return summaries(List.of(sweep), TrialFacts.withoutInterval(sweep, learnedPrices.of(sweep.sweepId()))).get(0);
    }

    private List<SweepSummary> summaries(List<SweepMeta> sweeps) throws SQLException {
        if (sweeps.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Map<String, Map<String, Double>> prices = new LinkedHashMap<>();
        for (SweepMeta m : sweeps) {
            ids.add(m.sweepId());
            prices.put(m.sweepId(), m.prices());
        }
        return summaries(sweeps, TrialFacts.of(ids, prices, null, null));
    }

    private List<SweepSummary> summaries(List<SweepMeta> sweeps, Sql facts) throws SQLException {
        record StateRow(String sweepId, String state, long n, double gpuHours, double cost, boolean estimated,
                        Double min, Double max, Long argMin, Long argMax) {
        }
        Sql sql = new Sql().sql("SELECT sweep_id, state, count(), sum(gpu_hours), sum(cost_usd), max(cost_estimated), "
                + "min(objective), max(objective), argMin(trial_id, objective), argMax(trial_id, objective) FROM (")
                .append(facts).sql(") GROUP BY sweep_id, state");
        List<StateRow> rows = pool.with(c -> sql.query(c, rs -> new StateRow(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getInt(6) != 0, Sql.nullableDouble(rs, 7),
                Sql.nullableDouble(rs, 8), Sql.nullableLong(rs, 9), Sql.nullableLong(rs, 10))));
        List<SweepSummary> out = new ArrayList<>();
        for (SweepMeta m : sweeps) {
            Map<String, Long> byState = new TreeMap<>();
            long trials = 0;
            double hours = 0;
            double cost = 0;
            boolean estimated = false;
            Double best = null;
            Long bestTrial = null;
            for (StateRow r : rows) {
                if (!r.sweepId().equals(m.sweepId())) {
                    continue;
                }
                byState.put(r.state(), r.n());
                trials += r.n();
                hours += r.gpuHours();
                cost += r.cost();
                estimated |= r.estimated();
                if (r.state().equals("complete")) {
                    best = m.minimize() ? r.min() : r.max();
                    bestTrial = best == null ? null : m.minimize() ? r.argMin() : r.argMax();
                }
            }
            out.add(new SweepSummary(m.sweepId(), m.name(), m.state(), m.mode(), m.createdAt(), m.updatedAt(),
                    m.objective(), m.minimize() ? "minimize" : "maximize", trials, byState, best, bestTrial, hours,
                    cost, estimated, m.objectives()));
        }
        return out;
    }
}
