package io.lorasweep.dashboard.store;

import io.lorasweep.schemas.spec.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One parameter's search space as the sweep's spec declares it: a list of {@code values} (categorical), one fixed
 * {@code value}, or a {@code distribution} between {@code min} and {@code max}.
 *
 * @param choices      the categorical values in the spec's order (numbers, strings, booleans, lists), else empty
 * @param distribution the spec's distribution name ({@code log_uniform_values}, …), else null
 * @param q            the step of a quantised distribution, else null
 */
public record ParameterDomain(String name, Kind kind, List<Object> choices, String distribution, double min,
                              double max, Double q) {

    /** What sort of axis the parameter has. */
    public enum Kind { CATEGORICAL, FIXED, NUMERIC }

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

    /** One entry of the spec's {@code parameters}, as {@code SpecCodec} read it. */
    static ParameterDomain of(String name, Parameter parameter) {
        if (parameter instanceof Parameter.Categorical c) {
            return new ParameterDomain(name, Kind.CATEGORICAL, c.values(), null, Double.NaN, Double.NaN, null);
        }
        if (parameter instanceof Parameter.Constant c) {
            return new ParameterDomain(name, Kind.FIXED, java.util.Collections.singletonList(c.value()), null,
                    Double.NaN, Double.NaN, null);
        }
        Parameter.Sampled d = (Parameter.Sampled) parameter; // the interface is sealed: nothing else
        return new ParameterDomain(name, Kind.NUMERIC, List.of(), d.distribution().wireName(), d.min(), d.max(),
                d.q());
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
