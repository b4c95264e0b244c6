package io.lorasweep.dashboard.ranking;

import io.lorasweep.dashboard.store.Sql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ranking is ordered by: a column from a fixed allow-list, or one parameter of the sweep's search space
 * (numbers in numeric order, then other values in text order). Missing values always come last.
 *
 * @param column    a key of {@link #COLUMNS}, or null when sorting by {@code parameter}
 * @param parameter a parameter name (already checked against the sweep's), or null
 */
public record SortKey(String column, String parameter, boolean descending) {

    /** The sortable columns: public name → the column of the trial facts (fixed text, never from a request). */
    public static final Map<String, String> COLUMNS;

    static {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("trial_id", "trial_id");
        c.put("attempt", "attempt");
        c.put("attempts", "attempts");
        c.put("state", "state");
        c.put("objective", "objective");
        c.put("ci_low", "ci_low");
        c.put("ci_high", "ci_high");
        c.put("gpu_hours", "gpu_hours");
        c.put("cost_usd", "cost_usd");
        c.put("device_type", "device_type");
        c.put("started_at", "started_ms");
        c.put("ended_at", "ended_ms");
        COLUMNS = java.util.Collections.unmodifiableMap(c);
    }

    /** The columns a trial's current attempt row holds by itself, without its costs, evals or other attempts. */
    private static final Set<String> ATTEMPT_COLUMNS = Set.of("trial_id", "attempt", "state", "objective",
            "started_at", "ended_at");

    public static Set<String> columnNames() {
        return COLUMNS.keySet();
    }

    /** True when the order follows from the current attempt's row alone (see {@link Ranking}). */
    public boolean onAttemptRow() {
        return column == null || ATTEMPT_COLUMNS.contains(column);
    }

    /** True when the order needs the objective's interval from the eval rows. */
    public boolean onInterval() {
        return "ci_low".equals(column) || "ci_high".equals(column);
    }

    /** The public name: a column, or {@code param.<name>}. */
    public String name() {
        return column != null ? column : "param." + parameter;
    }

    /** The ORDER BY clause, ending with the trial id so pages never overlap. */
    public Sql orderBy() {
        return orderBy(List.of());
    }

    /** The same, with the trials {@code first} (a sweep's Pareto front) before all others. */
    public Sql orderBy(List<Long> first) {
        String dir = descending ? " DESC" : " ASC";
        Sql sql = new Sql().sql(" ORDER BY ");
        if (!first.isEmpty()) {
            sql.sql("trial_id IN ").values(first).sql(" DESC, ");
        }
        if (column != null) {
            sql.sql(COLUMNS.get(column)).sql(dir).sql(" NULLS LAST");
        } else {
            sql.sql("toFloat64OrNull(JSONExtractRaw(params_json, ").value(parameter).sql("))").sql(dir)
                    .sql(" NULLS LAST, JSONExtractRaw(params_json, ").value(parameter).sql(")").sql(dir);
        }
        return sql.sql(", trial_id ASC");
    }
}
