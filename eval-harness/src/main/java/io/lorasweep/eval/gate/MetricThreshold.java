package io.lorasweep.eval.gate;

/**
 * What one metric must satisfy to pass a {@link RegressionGate}, with the semantics of MLflow's
 * {@code mlflow.models.MetricThreshold} for its three fields, plus one field MLflow does not have.
 *
 * <ul>
 *   <li>{@code threshold}: the candidate's value must be {@code >= threshold} (greater is better) or
 *       {@code <= threshold} (lower is better).</li>
 *   <li>{@code minAbsoluteChange} (positive): the candidate must beat the baseline by at least this much:
 *       {@code candidate >= baseline + minAbsoluteChange}, or {@code candidate <= baseline - minAbsoluteChange}.</li>
 *   <li>{@code minRelativeChange} (0..1): {@code (candidate - baseline) / baseline >= minRelativeChange}, or
 *       {@code (baseline - candidate) / baseline >= minRelativeChange}; when the baseline is 0 it falls back to
 *       {@code candidate >= baseline + 1e-10} ({@code <= baseline - 1e-10}).</li>
 *   <li>{@code maxAbsoluteDrop} (not MLflow; >= 0): the candidate may be worse than the baseline by at most this
 *       much: {@code candidate >= baseline - maxAbsoluteDrop}, or {@code candidate <= baseline + maxAbsoluteDrop}.
 *       MLflow's {@code min_absolute_change} must be positive and demands an improvement, so "may not fall more
 *       than 2 points below the base model" needs this field ({@code maxAbsoluteDrop = 0.02} on an accuracy in
 *       0..1); it is MLflow's absolute check with the sign of the margin reversed.</li>
 * </ul>
 *
 * Null means "not checked"; at least one must be set, as MLflow requires.
 */
public record MetricThreshold(Double threshold, Double minAbsoluteChange, Double minRelativeChange,
                              boolean greaterIsBetter, Double maxAbsoluteDrop) {

    public MetricThreshold {
        if (threshold != null && !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
        }
        if (minAbsoluteChange != null && !(minAbsoluteChange > 0 && Double.isFinite(minAbsoluteChange))) {
            throw new IllegalArgumentException(
                    "min_absolute_change must be a positive number, got " + minAbsoluteChange
                            + " (to tolerate a drop below the baseline use maxAbsoluteDrop)");
        }
        if (minRelativeChange != null && !(minRelativeChange >= 0 && minRelativeChange <= 1)) {
            throw new IllegalArgumentException(
                    "min_relative_change must be between 0 and 1, got " + minRelativeChange);
        }
        if (maxAbsoluteDrop != null && !(maxAbsoluteDrop >= 0 && Double.isFinite(maxAbsoluteDrop))) {
            throw new IllegalArgumentException(
                    "maxAbsoluteDrop must be a finite number >= 0, got " + maxAbsoluteDrop);
        }
        if (threshold == null && minAbsoluteChange == null && minRelativeChange == null && maxAbsoluteDrop == null) {
            throw new IllegalArgumentException("no threshold was specified: set at least one of threshold, "
                    + "min_absolute_change, min_relative_change, maxAbsoluteDrop");
        }
    }

    /** MLflow's three fields only. */
    public static MetricThreshold mlflow(Double threshold, Double minAbsoluteChange, Double minRelativeChange,
                                         boolean greaterIsBetter) {
        return new MetricThreshold(threshold, minAbsoluteChange, minRelativeChange, greaterIsBetter, null);
    }

    /** "May not be worse than the baseline by more than {@code drop}". */
    public static MetricThreshold maxDrop(double drop, boolean greaterIsBetter) {
        return new MetricThreshold(null, null, null, greaterIsBetter, drop);
    }

    /** Whether any check compares with a baseline. */
    public boolean needsBaseline() {
        return minAbsoluteChange != null || minRelativeChange != null || maxAbsoluteDrop != null;
    }

    /** As MLflow's {@code str(MetricThreshold)}, e.g. "Threshold: 0.8. Higher value is better.". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (threshold != null) {
            s.append("Threshold: ").append(PythonFloats.repr(threshold)).append(". ");
        }
        if (minAbsoluteChange != null) {
            s.append("Minimum Absolute Change: ").append(PythonFloats.repr(minAbsoluteChange)).append(". ");
        }
        if (minRelativeChange != null) {
            s.append("Minimum Relative Change: ").append(PythonFloats.repr(minRelativeChange)).append(". ");
        }
        if (maxAbsoluteDrop != null) {
            s.append("Maximum Absolute Drop: ").append(PythonFloats.repr(maxAbsoluteDrop)).append(". ");
        }
        s.append(greaterIsBetter ? "Higher value is better." : "Lower value is better.");
        return s.toString();
    }
}
