package io.lorasweep.dashboard.ranking;

import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values each parameter took over a sweep's trials, with how many trials had each: what the page offers as
 * filters. A parameter with more than {@link #MAX_VALUES} values (a continuous one) lists the first ones and is
 * marked {@code more}; filter it with a range instead.
 */
public final class ParameterValues {

    public static final int MAX_VALUES = 50;

    /** One value: {@code json} is what {@code param.NAME=} takes, {@code label} how the page shows it. */
    public record Value(String json, String label, long trials) {
    }

    /** A parameter and its values. */
    public record Parameter(String name, boolean numeric, boolean more, List<Value> values) {
        public Parameter {
            values = List.copyOf(values);
        }
    }

    private final ConnectionPool pool;

    public ParameterValues(ConnectionPool pool) {
        this.pool = pool;
    }

    public List<Parameter> of(SweepMeta sweep) throws SQLException {
        if (sweep.parameters().isEmpty()) {
            return List.of();
        }
        Sql sql = new Sql().sql("SELECT p, JSONExtractRaw(params_json, p) AS v, count() FROM (SELECT params_json FROM "
                        + "trials FINAL WHERE sweep_id = ").value(sweep.sweepId())
                .sql(" ORDER BY trial_id, attempt DESC LIMIT 1 BY trial_id) ARRAY JOIN [")
                .append(list(sweep.parameters()))
                .sql("] AS p GROUP BY p, v ORDER BY p, toFloat64OrNull(v) NULLS LAST, v LIMIT " + (MAX_VALUES + 1)
                        + " BY p");
        record Row(String p, String v, long n) {
        }
        List<Row> rows = pool.with(c -> sql.query(c, rs -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3))));
        Map<String, List<Value>> byName = new LinkedHashMap<>();
        for (String p : sweep.parameters()) {
            byName.put(p, new ArrayList<>());
        }
        for (Row r : rows) {
            if (r.v().isEmpty()) {
                continue; // a conditional parameter absent from some trials
            }
            Map<String, Object> parsed = Params.parse("{\"v\":" + r.v() + "}");
            byName.get(r.p()).add(new Value(r.v(), Params.show(parsed.getOrDefault("v", r.v())), r.n()));
        }
        List<Parameter> out = new ArrayList<>();
        byName.forEach((name, values) -> {
            boolean more = values.size() > MAX_VALUES;
            List<Value> shown = more ? values.subList(0, MAX_VALUES) : values;
            boolean numeric = !shown.isEmpty() && shown.stream().allMatch(v -> ParameterFilter.number(v.json()) != null);
            out.add(new Parameter(name, numeric, more, shown));
        });
        return out;
    }

    private static Sql list(List<String> names) {
        Sql sql = new Sql();
        for (int i = 0; i < names.size(); i++) {
            sql.sql(i > 0 ? ", " : "").value(names.get(i));
        }
        return sql;
    }
}
