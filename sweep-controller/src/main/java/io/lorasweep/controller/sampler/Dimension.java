package io.lorasweep.controller.sampler;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a search space, in the terms the samplers work with. Every value has an internal
 * representation as a double: the number itself for numeric dimensions, the index of the choice for
 * categorical ones.
 */
public sealed interface Dimension {

    String name();

    /** The parent parameter and the values of it under which this one exists; null when it always exists. */
    Gate gate();

    /** True when the dimension has a single possible value (samplers skip it, as Optuna does). */
    boolean single();

    double toInternal(Object external);

    Object toExternal(double internal);

    /** A parameter that exists only when {@code parent} takes one of {@code values}. */
    record Gate(String parent, List<Object> values) {
        public Gate {
            Objects.requireNonNull(parent, "parent");
            values = List.copyOf(values);
        }
    }

    /**
     * A real (or integer, when {@code integer}) range [low, high], sampled in log space when {@code log}, on a grid
     * of {@code step} from {@code low} when step is not null.
     */
    record Numeric(String name, double low, double high, boolean log, Double step, boolean integer, Gate gate)
            implements Dimension {
        public Numeric {
            Objects.requireNonNull(name, "name");
            if (!(low <= high)) {
                throw new IllegalArgumentException(name + ": low must be <= high, got low=" + low + ", high=" + high);
            }
            if (log && low <= 0) {
                throw new IllegalArgumentException(name + ": a log dimension needs low > 0, got " + low);
            }
            if (step != null && !(step > 0)) {
                throw new IllegalArgumentException(name + ": step must be > 0, got " + step);
            }
            if (integer && step == null) {
                step = 1.0;
            }
            if (step != null) {
                // the last grid point at or below high, as Optuna adjusts high for stepped distributions
                high = low + Math.floor((high - low) / step + 1e-9) * step;
            }
        }

        public static Numeric real(String name, double low, double high, boolean log) {
            return new Numeric(name, low, high, log, null, false, null);
        }

        public Numeric withGate(Gate gate) {
            return new Numeric(name, low, high, log, step, integer, gate);
        }

        @Override
        public boolean single() {
            return low == high;
        }

        @Override
        public double toInternal(Object external) {
            return ((Number) external).doubleValue();
        }

        @Override
        public Object toExternal(double internal) {
            if (integer) {
                return Math.round(internal);
            }
            if (step != null) {
                // round off the binary noise of low + k * step
                return Math.round((internal - low) / step) * step + low;
            }
            return internal;
        }
    }

    /** One of a list of choices (numbers, strings, booleans or lists of them). */
    record Categorical(String name, List<Object> choices, Gate gate) implements Dimension {
        public Categorical {
            Objects.requireNonNull(name, "name");
            choices = List.copyOf(choices);
            if (choices.isEmpty()) {
                throw new IllegalArgumentException(name + ": needs at least one choice");
            }
        }

        @Override
        public boolean single() {
            return choices.size() == 1;
        }

        @Override
        public double toInternal(Object external) {
            for (int i = 0; i < choices.size(); i++) {
                if (sameChoice(choices.get(i), external)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(name + ": " + external + " is not one of " + choices);
        }

        @Override
        public Object toExternal(double internal) {
            return choices.get((int) internal);
        }

        /** Numbers compare by value (1 == 1.0 == 1L), everything else by equals. */
        static boolean sameChoice(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
            }
            return Objects.equals(a, b);
        }
    }
}
