package io.lorasweep.dashboard.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL of one row per trial of the given sweeps: its current attempt (the highest attempt number; earlier ones
 * were lost or failed and retried), the objective's 95% interval from the eval rows of that attempt, and what the
 * trial cost over all its attempts.
 *
 * <p>Cost and device time come from the {@code costs} rows (written when an attempt finishes). An attempt without
 * such a row — pruned, failed, diverged, lost, cancelled, or still running — held its device from {@code started_at}
 * to {@code ended_at} (or until now while it runs): that time is counted, priced at what the same agent's device was
 * reported to cost in the same sweep, else at the spec's price for the device's name, else 0, and the trial is
 * marked {@code cost_estimated}.
 *
 * <p>Columns: sweep_id, trial_id, attempt, attempts, state, params_json, objective, ci_low, ci_high, started_ms,
 * ended_ms, device_type, gpu_hours, cost_usd, cost_estimated. Every table is read with FINAL.
 */
public final class TrialFacts {

    /** The objective's eval row (task, metric, overall label), or null for a training-loop objective. */
    public record ObjectiveEval(String task, String metric) {
    }

    private TrialFacts() {
    }

    /**
     * The facts of every trial of one sweep, without the objective's interval (ci_low and ci_high are null): what the
     * reports that rank or add up trials need, without joining every eval row for it.
     */
    public static Sql of(SweepMeta sweep) {
        return of(List.of(sweep.sweepId()), Map.of(sweep.sweepId(), sweep.prices()), null, null);
    }

    /**
     * The facts of one sweep's trials with its learned prices already known (see {@link LearnedPrices}), which
     * spares the join that finds them.
     *
     * @param trialIds only these trials, or null for all
     */
    public static Sql of(SweepMeta sweep, List<LearnedPrices.LearnedPrice> learned, List<Long> trialIds) {
        return of(List.of(sweep.sweepId()), Map.of(sweep.sweepId(), sweep.prices()), objectiveEval(sweep), trialIds,
                knownPrices(sweep.sweepId(), learned));
    }

    /** As {@link #of(SweepMeta, List, List)} for every trial, but without the objective's interval (left null). */
    public static Sql withoutInterval(SweepMeta sweep, List<LearnedPrices.LearnedPrice> learned) {
        return of(List.of(sweep.sweepId()), Map.of(sweep.sweepId(), sweep.prices()), null, null,
                knownPrices(sweep.sweepId(), learned));
    }

    private static ObjectiveEval objectiveEval(SweepMeta sweep) {
        return sweep.objectiveTask() == null ? null : new ObjectiveEval(sweep.objectiveTask(), sweep.objectiveMetric());
    }

    /**
     * @param prices     each sweep's prices by device type, for attempts without a reported cost
     * @param eval       where the objective's interval is, or null to leave the interval empty
     * @param trialIds   only these trials, or null for all
     */
    public static Sql of(List<String> sweepIds, Map<String, Map<String, Double>> prices, ObjectiveEval eval,
                         List<Long> trialIds) {
        return of(sweepIds, prices, eval, trialIds, learnedPrices(sweepIds));
    }

    /**
     * One pass over the attempts: each joined with its cost row and its agent's learned price, then grouped by trial,
     * the current attempt's columns taken by {@code argMax} over the attempt number (inside a tuple, which is never
     * NULL, so a NULL in the current attempt is not passed over for an older attempt's value).
     */
    private static Sql of(List<String> sweepIds, Map<String, Map<String, Double>> prices, ObjectiveEval eval,
                          List<Long> trialIds, Sql learned) {
        Sql sql = new Sql().sql("SELECT f.sweep_id AS sweep_id, f.trial_id AS trial_id, f.attempt AS attempt, "
                + "f.attempts AS attempts, f.cur.1 AS state, f.cur.2 AS params_json, f.cur.3 AS objective, ");
        if (eval == null) {
            sql.sql("CAST(NULL AS Nullable(Float64)) AS ci_low, CAST(NULL AS Nullable(Float64)) AS ci_high, ");
        } else {
            sql.sql("if(ev.found = 1, ev.ci_low, NULL) AS ci_low, if(ev.found = 1, ev.ci_high, NULL) AS ci_high, ");
        }
        sql.sql("toUnixTimestamp64Milli(f.cur.4) AS started_ms, toUnixTimestamp64Milli(f.cur.5) AS ended_ms, "
                        + "f.device_type AS device_type, f.seconds / 3600 AS gpu_hours, f.cost AS cost_usd, "
                        + "f.estimated AS cost_estimated FROM (SELECT a.sweep_id AS sweep_id, a.trial_id AS trial_id, "
                        + "max(a.attempt) AS attempt, count() AS attempts, "
                        + "argMax(tuple(a.state, a.params_json, a.objective, a.started_at, a.ended_at), a.attempt) AS cur, "
                        + "sum(if(c.found = 1, c.device_seconds, a.run_seconds)) AS seconds, "
                        + "sum(if(c.found = 1, c.cost_usd, a.run_seconds / 3600 * if(lp.found = 1, lp.price, ")
                .append(specPrice(prices))
                .sql("))) AS cost, max(c.found = 0 AND a.run_seconds > 0) AS estimated, "
                        + "argMax(if(c.found = 1, c.device_type, if(lp.found = 1, lp.device_type, a.device)), a.attempt) "
                        + "AS device_type FROM (SELECT sweep_id, trial_id, attempt, state, params_json, objective, "
                        + "started_at, ended_at, agent_id, device, "
                        + "greatest(0, ifNull(dateDiff('millisecond', started_at, coalesce(ended_at, "
                        + "if(state IN ('assigned', 'running'), now64(3, 'UTC'), started_at))), 0)) / 1000 "
                        + "AS run_seconds FROM trials FINAL WHERE ").append(scope(sweepIds, trialIds))
                .sql(") AS a LEFT JOIN (SELECT sweep_id, trial_id, attempt, 1 AS found, device_type, device_seconds, "
                        + "cost_usd FROM costs FINAL WHERE ").append(scope(sweepIds, trialIds))
                .sql(") AS c ON c.sweep_id = a.sweep_id AND c.trial_id = a.trial_id AND c.attempt = a.attempt "
                        + "LEFT JOIN (").append(learned)
                .sql(") AS lp ON lp.sweep_id = a.sweep_id AND lp.agent_id = a.agent_id AND lp.device = a.device "
                        + "GROUP BY a.sweep_id, a.trial_id) AS f");
        if (eval != null) {
            sql.sql(" LEFT JOIN (SELECT sweep_id, trial_id, attempt, 1 AS found, ci_low, ci_high FROM evals FINAL WHERE ")
                    .append(scope(sweepIds, trialIds)).sql(" AND task = ").value(eval.task()).sql(" AND metric = ")
                    .value(eval.metric()).sql(" AND label = '') AS ev ON ev.sweep_id = f.sweep_id "
                            + "AND ev.trial_id = f.trial_id AND ev.attempt = f.attempt");
        }
        return sql;
    }

    /**
     * What each agent's device was reported to cost per hour, per sweep. Columns: sweep_id, agent_id, device, found,
     * device_type, price.
     */
    static Sql learnedPrices(List<String> sweepIds) {
        return new Sql().sql("SELECT t.sweep_id AS sweep_id, t.agent_id AS agent_id, t.device AS device, 1 AS found, "
                        + "any(k.device_type) AS device_type, any(k.price_per_hour) AS price FROM (SELECT sweep_id, "
                        + "trial_id, attempt, agent_id, device FROM trials FINAL WHERE sweep_id IN ").values(sweepIds)
                .sql(") AS t INNER JOIN (SELECT sweep_id, trial_id, attempt, device_type, price_per_hour FROM costs "
                        + "FINAL WHERE sweep_id IN ").values(sweepIds)
                .sql(") AS k ON k.sweep_id = t.sweep_id AND k.trial_id = t.trial_id AND k.attempt = t.attempt "
                        + "GROUP BY t.sweep_id, t.agent_id, t.device");
    }

    /** The same relation as {@link #learnedPrices}, from prices read before. */
    private static Sql knownPrices(String sweepId, List<LearnedPrices.LearnedPrice> learned) {
        Sql sql = new Sql().sql("SELECT sweep_id, agent_id, device, found, device_type, price FROM values("
                + "'sweep_id String, agent_id String, device String, found UInt8, device_type String, price Float64'");
        if (learned.isEmpty()) {
            // values() needs a row; this one matches no attempt
            return sql.sql(", ('', '', '', 0, '', 0)) WHERE found = 1");
        }
        for (LearnedPrices.LearnedPrice p : learned) {
            sql.sql(", (").value(sweepId).sql(", ").value(p.agentId()).sql(", ").value(p.device()).sql(", 1, ")
                    .value(p.deviceType()).sql(", ").value(p.pricePerHour()).sql(")");
        }
        return sql.sql(")");
    }

    private static Sql specPrice(Map<String, Map<String, Double>> prices) {
        List<Object[]> cases = new ArrayList<>();
        prices.forEach((sweep, byDevice) -> byDevice.forEach((device, price) ->
                cases.add(new Object[] {sweep, device, price})));
        if (cases.isEmpty()) {
            return new Sql().sql("0");
        }
        Sql sql = new Sql().sql("multiIf(");
        for (Object[] c : cases) {
            sql.sql("a.sweep_id = ").value(c[0]).sql(" AND a.device = ").value(c[1]).sql(", ").value(c[2]).sql(", ");
        }
        return sql.sql("0)");
    }

    private static Sql scope(List<String> sweepIds, List<Long> trialIds) {
        Sql sql = new Sql().sql("sweep_id IN ").values(sweepIds);
        if (trialIds != null) {
            sql.sql(" AND trial_id IN ").values(trialIds);
        }
        return sql;
    }
}
