package io.lorasweep.dashboard.curves;

import io.lorasweep.dashboard.NotFound;
import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.spec.RegressionGate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads one trial's current attempt, its curves and evals, and builds its {@link TrialReport}. */
public final class TrialDiagnostics {

    /** Points per curve the diagnosis looks at: enough for the patterns, bounded for very long runs. */
    static final int POINTS = 400;

    /** A trial's current attempt. */
    public record CurrentAttempt(long trialId, long attempt, String state, Map<String, Object> params) {
    }

    private final ConnectionPool pool;
    private final Curves curves;

    public TrialDiagnostics(ConnectionPool pool) {
        this.pool = pool;
        this.curves = new Curves(pool);
    }

    /** The current attempts of the given trials (missing trials are left out). */
    public List<CurrentAttempt> current(String sweepId, List<Long> trialIds) throws SQLException {
        if (trialIds.isEmpty()) {
            return List.of();
        }
        Sql sql = new Sql().sql("SELECT trial_id, attempt, state, params_json FROM trials FINAL WHERE sweep_id = ")
                .value(sweepId).sql(" AND trial_id IN ").values(trialIds)
                .sql(" ORDER BY trial_id, attempt DESC LIMIT 1 BY trial_id");
        return pool.with(c -> sql.query(c, rs -> new CurrentAttempt(rs.getLong(1), rs.getLong(2), rs.getString(3),
                Params.parse(rs.getString(4)))));
    }

    public CurrentAttempt current(String sweepId, long trialId) throws SQLException {
        List<CurrentAttempt> found = current(sweepId, List.of(trialId));
        if (found.isEmpty()) {
            throw new NotFound("sweep " + sweepId + " has no trial " + trialId);
        }
        return found.get(0);
    }

    public TrialReport report(SweepMeta sweep, long trialId) throws SQLException {
        CurrentAttempt a = current(sweep.sweepId(), trialId);
        List<Series> loss = curves.read(sweep.sweepId(), List.of(new Curves.AttemptRef(trialId, a.attempt())),
                Curves.LOSSES, POINTS);
        Series train = loss.get(0).size() == 0 ? null : loss.get(0);
        Series eval = loss.get(1).size() == 0 ? null : loss.get(1);
        Object lr = a.params().get("learning_rate");
        List<Finding> findings = new ArrayList<>(Diagnosis.of(a.state(), train, eval,
                lr instanceof Number ? ((Number) lr).doubleValue() : null));
        List<GateStatus> gates = gates(sweep, a);
        for (GateStatus g : gates) {
            if (g.status().equals("fail")) {
                findings.add(new Finding("forgetting", String.format(Locale.ROOT, "forgetting: %s %s fell %.3f below "
                                + "the base model (%.3f vs %.3f), more than the %.3f the gate allows", g.task(),
                        g.metric(), g.drop(), g.value(), g.baseline(), g.maxDrop())));
            }
        }
        return new TrialReport(sweep.sweepId(), trialId, a.attempt(), a.state(), a.params(), findings, gates);
    }

    private List<GateStatus> gates(SweepMeta sweep, CurrentAttempt a) throws SQLException {
        List<GateStatus> out = new ArrayList<>();
        for (RegressionGate gate : sweep.gates()) {
            Sql trialSql = new Sql().sql("SELECT argMax(value, at) FROM evals FINAL WHERE sweep_id = ")
                    .value(sweep.sweepId()).sql(" AND trial_id = ").value(a.trialId()).sql(" AND attempt = ")
                    .value(a.attempt()).sql(" AND task = ").value(gate.task()).sql(" AND metric = ")
                    .value(gate.metric()).sql(" AND label = '' HAVING count() > 0");
            Sql baseSql = new Sql().sql("SELECT argMax(value, at) FROM baselines FINAL WHERE ")
                    .condition(BaselineKey.CONDITION, sweep.baselineKey(gate.task()).values())
                    .sql(" AND metric = ").value(gate.metric()).sql(" AND label = '' HAVING count() > 0");
            Double value = pool.with(c -> trialSql.query(c, rs -> rs.getDouble(1))).stream().findFirst().orElse(null);
            Double base = pool.with(c -> baseSql.query(c, rs -> rs.getDouble(1))).stream().findFirst().orElse(null);
            Optional<Boolean> higher = sweep.higherIsBetter(gate.task(), gate.metric());
            if (value == null || base == null || higher.isEmpty()) {
                out.add(new GateStatus(gate.task(), gate.metric(), gate.maxDrop(), base, value, null, "unknown"));
                continue;
            }
            double drop = RegressionGate.drop(base, value, higher.get());
            out.add(new GateStatus(gate.task(), gate.metric(), gate.maxDrop(), base, value, drop,
                    gate.allows(drop) ? "pass" : "fail"));
        }
        return out;
    }
}
