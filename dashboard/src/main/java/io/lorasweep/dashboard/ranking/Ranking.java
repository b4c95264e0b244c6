package io.lorasweep.dashboard.ranking;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.TrialFacts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A sweep's trials ranked, filtered and paged inside ClickHouse: the page is the only thing that leaves the
 * database, so the cost of a request does not grow with what the browser receives, only with ClickHouse's scan.
 */
public final class Ranking {

    private final ConnectionPool pool;

    public Ranking(ConnectionPool pool) {
        this.pool = pool;
    }

    public RankingPage page(SweepMeta sweep, RankingRequest request) throws SQLException {
        Sql where = where(request);
        Sql sql = new Sql().sql("SELECT trial_id, attempt, attempts, state, params_json, objective, ci_low, ci_high, "
                        + "gpu_hours, cost_usd, cost_estimated, device_type, started_ms, ended_ms, count() OVER () "
                        + "FROM (").append(TrialFacts.of(sweep)).sql(")").append(where)
                .append(request.sort().orderBy()).sql(" LIMIT ").value(request.limit()).sql(" OFFSET ")
                .value(request.offset());
        long[] total = {0};
        List<RankedTrial> rows = pool.with(c -> sql.query(c, rs -> {
            total[0] = rs.getLong(15);
            return read(rs);
        }));
        if (rows.isEmpty() && request.offset() > 0) {
            Sql count = new Sql().sql("SELECT count() FROM (").append(TrialFacts.of(sweep)).sql(")").append(where);
            total[0] = pool.with(c -> count.query(c, rs -> rs.getLong(1))).get(0);
        }
        String order = request.sort().descending() ? "desc" : "asc";
        return new RankingPage(sweep.sweepId(), total[0], request.offset(), request.limit(), request.sort().name(),
                order, sweep.objective(), sweep.minimize() ? "minimize" : "maximize", sweep.parameters(), rows);
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
                rs.getString(12), Sql.nullableLong(rs, 13), Sql.nullableLong(rs, 14));
    }

    /** JSON has no NaN: a non-finite value is shown as missing. */
    static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
