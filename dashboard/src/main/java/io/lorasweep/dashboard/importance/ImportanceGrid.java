package io.lorasweep.dashboard.importance;

import io.lorasweep.dashboard.store.ParameterDomain;

/**
 * The points on which PED-ANOVA compares a parameter's densities, as Optuna lays them out: a categorical parameter
 * has one point per choice; a numeric one {@code steps} evenly spaced points between its bounds (in log space for a
 * log-scale parameter), or one point per value when an integer or quantised parameter has no more than that many
 * values; an integer or quantised log-scale one has {@code ceil(log2(values)) + 1} points. A trial counts on the point
 * nearest its value.
 *
 * @param size    how many points
 * @param origin  the first point (a log when {@code log})
 * @param step    the distance between points (in log space when {@code log}), 0 for a categorical grid
 */
public record ImportanceGrid(String parameter, boolean categorical, int size, boolean log, double origin,
                             double step) {

    /** The grid of {@code domain}. */
    public static ImportanceGrid of(ParameterDomain domain, int steps) {
        return switch (domain.kind()) {
            case CATEGORICAL -> new ImportanceGrid(domain.name(), true, domain.choices().size(), false, 0, 0);
            case FIXED -> new ImportanceGrid(domain.name(), true, 1, false, 0, 0);
            case NUMERIC -> numeric(domain, steps);
        };
    }

    private static ImportanceGrid numeric(ParameterDomain d, int steps) {
        double min = d.min();
        double max = d.max();
        if (min == max) {
            return new ImportanceGrid(d.name(), false, 1, d.logarithmic(), min, 0);
        }
        Double unit = d.q() != null ? d.q() : d.integer() ? Double.valueOf(1) : null;
        if (d.logarithmic()) {
            double lo = Math.log(min);
            double hi = Math.log(max);
            int n = steps;
            if (unit != null) {
                double values = Math.floor((max - min) / unit + 1e-9) + 1;
                n = (int) Math.max(2, Math.min(steps, Math.ceil(Math.log(values) / Math.log(2)) + 1));
            }
            return new ImportanceGrid(d.name(), false, n, true, lo, (hi - lo) / (n - 1));
        }
        if (unit != null) {
            long values = (long) Math.floor((max - min) / unit + 1e-9) + 1;
            if (values <= steps) {
                return new ImportanceGrid(d.name(), false, (int) Math.max(values, 1), false, min, unit);
            }
        }
        return new ImportanceGrid(d.name(), false, steps, false, min, (max - min) / (steps - 1));
    }

    /** One point only: the parameter cannot matter. */
    public boolean single() {
        return size < 2;
    }

    /**
     * The point a numeric value counts on: the first point at or above {@code value - step / 2}, kept on the grid
     * ({@code ceil((x - origin) / step - 1/2)}, the same formula {@link ParameterImportance} has ClickHouse compute);
     * -1 for a value that cannot be placed (not finite, or not positive on a log grid).
     */
    public int bin(double value) {
        if (categorical || !Double.isFinite(value) || (log && value <= 0)) {
            return -1;
        }
        if (single()) {
            return 0;
        }
        double x = log ? Math.log(value) : value;
        double i = Math.ceil((x - origin) / step - 0.5);
        return (int) Math.max(0, Math.min(size - 1, i));
    }
}
