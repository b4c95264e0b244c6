package io.lorasweep.dashboard.ranking;

import io.lorasweep.dashboard.store.Sql;
import java.util.List;

/**
 * Keeps the trials whose parameter {@code name} has one of {@code values} (each compared as raw JSON, as a string,
 * and as a number, so {@code 16}, {@code "16"} and {@code 16.0} all match 16), or lies within {@code [min, max]}
 * when the filter is a range ({@code 1e-5..1e-4}; either end may be left open).
 */
public record ParameterFilter(String name, List<String> values, Double min, Double max) {

    public ParameterFilter {
        values = List.copyOf(values);
        if (values.isEmpty() && min == null && max == null) {
            throw new IllegalArgumentException("a filter on " + name + " needs values or a range");
        }
    }

    public boolean range() {
        return values.isEmpty();
    }

    /** The condition over a {@code params_json} column, every value bound. */
    public Sql condition() {
        Sql sql = new Sql().sql("(");
        if (range()) {
            sql.sql("toFloat64OrNull(JSONExtractRaw(params_json, ").value(name).sql(")) IS NOT NULL");
            if (min != null) {
                sql.sql(" AND toFloat64OrNull(JSONExtractRaw(params_json, ").value(name).sql(")) >= ").value(min);
            }
            if (max != null) {
                sql.sql(" AND toFloat64OrNull(JSONExtractRaw(params_json, ").value(name).sql(")) <= ").value(max);
            }
            return sql.sql(")");
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (i > 0) {
                sql.sql(" OR ");
            }
            sql.sql("replaceAll(JSONExtractRaw(params_json, ").value(name).sql("), ' ', '') = ")
                    .value(v.replace(" ", ""))
                    .sql(" OR JSONExtractString(params_json, ").value(name).sql(") = ").value(v);
            Double number = number(v);
            if (number != null) {
                sql.sql(" OR toFloat64OrNull(JSONExtractRaw(params_json, ").value(name).sql(")) = ").value(number);
            }
        }
        return sql.sql(")");
    }

    static Double number(String text) {
        try {
            double d = Double.parseDouble(text.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
