package io.lorasweep.dashboard.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parameter's search space as the sweep's spec declares it, read leniently: a list of {@code values}
 * (categorical), one fixed {@code value}, or a {@code distribution} between {@code min} and {@code max}. What the
 * spec does not say clearly is {@link Kind#UNKNOWN}, and the charts then read the values as they come.
 *
 * @param choices      the categorical values in the spec's order (numbers, strings, booleans, lists), else empty
 * @param distribution the spec's distribution name ({@code log_uniform_values}, …), else null
 * @param q            the step of a quantised distribution, else null
 */
public record ParameterDomain(String name, Kind kind, List<Object> choices, String distribution, double min,
                              double max, Double q) {

    /** What sort of axis the parameter has. */
    public enum Kind { CATEGORICAL, FIXED, NUMERIC, UNKNOWN }

    private static final ObjectMapper JSON = new ObjectMapper();

    public ParameterDomain {
        choices = java.util.Collections.unmodifiableList(new ArrayList<>(choices));
    }

    /** Sampled evenly in log space ({@code log_uniform_values}, {@code q_log_uniform_values}). */
    public boolean logarithmic() {
        return distribution != null && distribution.contains("log");
    }

    /** Whole numbers only ({@code int_uniform}). */
    public boolean integer() {
        return "int_uniform".equals(distribution);
    }

    /** Reads one entry of the spec's {@code parameters}. */
    static ParameterDomain of(String name, JsonNode spec) {
        if (spec.has("values") && spec.get("values").isArray() && !spec.get("values").isEmpty()) {
            List<Object> choices = new ArrayList<>();
            spec.get("values").forEach(v -> choices.add(JSON.convertValue(v, Object.class)));
            return new ParameterDomain(name, Kind.CATEGORICAL, choices, null, Double.NaN, Double.NaN, null);
        }
        if (spec.has("value")) {
            return new ParameterDomain(name, Kind.FIXED, List.of(JSON.convertValue(spec.get("value"), Object.class)),
                    null, Double.NaN, Double.NaN, null);
        }
        String distribution = spec.path("distribution").asText("").toLowerCase(Locale.ROOT);
        JsonNode min = spec.path("min");
        JsonNode max = spec.path("max");
        if (!distribution.isEmpty() && min.isNumber() && max.isNumber() && min.asDouble() <= max.asDouble()
                && (!distribution.contains("log") || min.asDouble() > 0)) {
            JsonNode q = spec.path("q");
            return new ParameterDomain(name, Kind.NUMERIC, List.of(), distribution, min.asDouble(), max.asDouble(),
                    q.isNumber() && q.asDouble() > 0 ? q.asDouble() : null);
        }
        return new ParameterDomain(name, Kind.UNKNOWN, List.of(), null, Double.NaN, Double.NaN, null);
    }

    /**
     * The index of {@code value} among the choices, or -1. Numbers compare by value ({@code 16}, {@code 16.0}), lists
     * element by element, so a value read back from a trial's JSON matches the spec's.
     */
    public int choiceIndex(Object value) {
        for (int i = 0; i < choices.size(); i++) {
            if (same(choices.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
