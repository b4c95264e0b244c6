package io.lorasweep.dashboard.importance;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.ParameterDomain;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's parameter importances by {@link PedAnova}, over the complete trials (their current attempt, with a finite
 * objective). ClickHouse counts the trials per grid point for every parameter in one pass, so the work in Java is a
 * few hundred numbers however many trials there are.
 *
 * <p>A parameter that exists only under a condition is rated over the trials that have it, weighted by how many good
 * and how many trials have it, as Optuna rates a parameter's active regime.
 */
public final class ParameterImportance {

    public static final String METHOD = "PED-ANOVA";

    /** One parameter's rating. */
    public record Rated(String parameter, double importance, double divergence, double unnormalised,
                        String scale) {
    }

    /**
     * The answer of the importance route.
     *
     * @param trials     complete trials with a finite objective
     * @param topTrials  how many of them are in the good set
     * @param cutoff     the objective the good set reaches (at least this good), null when not rated
     * @param notes      why something is not rated, in plain words
     */
    public record Report(String sweepId, String method, String objective, String goal, double baselineQuantile,
                         long trials, long topTrials, Double cutoff, List<Rated> importances, List<String> notes) {
    }

    private static final String ALL = "";

    private final ConnectionPool pool;

    public ParameterImportance(ConnectionPool pool) {
        this.pool = pool;
    }

    public Report of(SweepMeta sweep, PedAnova.Settings settings) throws SQLException {
        PedAnova ped = new PedAnova(settings);
        String goal = sweep.minimize() ? "minimize" : "maximize";
        List<String> notes = new ArrayList<>();
        List<ImportanceGrid> grids = new ArrayList<>();
        for (ParameterDomain d : sweep.domains()) {
            grids.add(ImportanceGrid.of(d, settings.gridSteps()));
        }
        Sql count = new Sql().sql("SELECT count() FROM (").append(complete(sweep)).sql(")");
        long trials = pool.with(c -> count.query(c, rs -> rs.getLong(1))).get(0);
        if (trials < settings.minTopTrials()) {
            notes.add(METHOD + " needs at least " + settings.minTopTrials() + " complete trials; this sweep has "
                    + trials + ".");
            return new Report(sweep.sweepId(), METHOD, sweep.objective(), goal, settings.baselineQuantile(), trials,
                    0, null, List.of(), notes);
        }
        int cutoffIndex = ped.cutoffIndex(trials);
        Sql keys = new Sql().sql("[");
        Sql names = new Sql().sql("[");
        for (ImportanceGrid g : grids) {
            keys.append(key(g)).sql(", ");
            names.value(g.parameter()).sql(", ");
        }
        keys.sql("'all']");
        names.value(ALL).sql("]");
        Sql histogram = new Sql().sql("WITH (SELECT loss FROM (").append(complete(sweep))
                .sql(") ORDER BY loss LIMIT 1 OFFSET ").value(cutoffIndex).sql(") AS cutoff "
                        + "SELECT p, key, countIf(loss <= cutoff), count(), any(cutoff) FROM (").append(complete(sweep))
                .sql(") ARRAY JOIN ").append(keys).sql(" AS key, ").append(names).sql(" AS p WHERE key != '' "
                        + "GROUP BY p, key");
        record Cell(String parameter, String key, long top, long all, double cutoff) {
        }
        List<Cell> cells = pool.with(c -> histogram.query(c, rs -> new Cell(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getLong(4), rs.getDouble(5))));
        long topTrials = 0;
        double cutoffLoss = Double.NaN;
        Map<String, double[][]> counts = new LinkedHashMap<>();
        for (ImportanceGrid g : grids) {
            counts.put(g.parameter(), new double[][] {new double[g.size()], new double[g.size()]});
        }
        Map<String, Integer> unplaced = new LinkedHashMap<>();
        for (Cell cell : cells) {
            cutoffLoss = cell.cutoff();
            if (cell.parameter().equals(ALL)) {
                topTrials = cell.top();
                continue;
            }
            ImportanceGrid g = grid(grids, cell.parameter());
            int point = point(g, sweep.domain(cell.parameter()), cell.key());
            if (point < 0) {
                unplaced.merge(cell.parameter(), (int) cell.all(), Integer::sum);
                continue;
            }
            double[][] c = counts.get(cell.parameter());
            c[0][point] += cell.top();
            c[1][point] += cell.all();
        }
        unplaced.forEach((p, n) -> notes.add(n + " trial" + (n == 1 ? " has" : "s have") + " a value of " + p
                + " outside the spec's values or range; " + (n == 1 ? "it is" : "they are")
                + " left out of its rating."));
        if (topTrials == 0) {
            // the trials changed between the two statements; the next request sees them settled
            notes.add("The sweep's trials changed while they were being counted; reload to rate them.");
            return new Report(sweep.sweepId(), METHOD, sweep.objective(), goal, settings.baselineQuantile(), trials,
                    0, null, List.of(), notes);
        }
        if (topTrials == trials) {
            notes.add("Every trial is in the good set (the quantile is 1, or the objectives tie), so no parameter "
                    + "stands out and all rate the same.");
        }
        List<PedAnova.ParameterCounts> input = new ArrayList<>();
        for (ImportanceGrid g : grids) {
            double[][] c = counts.get(g.parameter());
            input.add(new PedAnova.ParameterCounts(g.parameter(), g.categorical(), c[0], c[1]));
        }
        List<Rated> rated = new ArrayList<>();
        for (PedAnova.Importance i : ped.importances(input, topTrials, trials)) {
            rated.add(new Rated(i.parameter(), i.importance(), i.divergence(), i.unnormalised(),
                    scale(grid(grids, i.parameter()))));
        }
        Double cutoff = Double.isNaN(cutoffLoss) ? null : sweep.minimize() ? cutoffLoss : -cutoffLoss;
        return new Report(sweep.sweepId(), METHOD, sweep.objective(), goal, settings.baselineQuantile(), trials,
                topTrials, cutoff, rated, notes);
    }

    /** The complete trials' parameters and loss (the objective, negated when higher is better). */
    private static Sql complete(SweepMeta sweep) {
        return new Sql().sql("SELECT params_json, objective * ").value(sweep.minimize() ? 1.0 : -1.0)
                .sql(" AS loss FROM (SELECT state, params_json, objective FROM trials FINAL WHERE sweep_id = ")
                .value(sweep.sweepId()).sql(" ORDER BY trial_id, attempt DESC LIMIT 1 BY trial_id) "
                        + "WHERE state = 'complete' AND isNotNull(objective) AND isFinite(objective)");
    }

    /**
     * What ClickHouse groups a trial by for one parameter: the raw JSON of a categorical value (matched to the
     * spec's choices here), or the grid point of a numeric one as {@link ImportanceGrid#bin} computes it; '' when the
     * trial has no usable value.
     */
    private static Sql key(ImportanceGrid g) {
        if (g.categorical()) {
            return new Sql().sql("JSONExtractRaw(params_json, ").value(g.parameter()).sql(")");
        }
        Sql x = new Sql().sql("toFloat64OrNull(JSONExtractRaw(params_json, ").value(g.parameter()).sql("))");
        if (g.log()) {
            x = new Sql().sql("log(if(").append(x).sql(" > 0, ").append(x).sql(", NULL))");
        }
        Sql placed = new Sql().sql("if(isFinite(").append(x).sql("), ");
        if (g.single()) {
            placed.sql("0");
        } else {
            placed.sql("least(").value(g.size() - 1).sql(", greatest(0, toInt64(ceil((").append(x).sql(" - ")
                    .value(g.origin()).sql(") / ").value(g.step()).sql(" - 0.5))))");
        }
        return new Sql().sql("ifNull(toString(").append(placed).sql(", NULL)), '')");
    }

    private static int point(ImportanceGrid g, ParameterDomain d, String key) {
        if (!g.categorical()) {
            return Integer.parseInt(key);
        }
        Object value = Params.parse("{\"v\":" + key + "}").get("v");
        return d.choiceIndex(value);
    }

    private static ImportanceGrid grid(List<ImportanceGrid> grids, String parameter) {
        for (ImportanceGrid g : grids) {
            if (g.parameter().equals(parameter)) {
                return g;
            }
        }
        throw new IllegalStateException("no grid for " + parameter);
    }

    private static String scale(ImportanceGrid g) {
        return g.categorical() ? "categorical" : g.log() ? "log" : "linear";
    }
}
