package io.lorasweep.eval.tasks;

/**
 * Names one reported number of a task.
 *
 * @param metric e.g. {@code f1}, {@code acc}, {@code perplexity}
 * @param label  an entity class or subject for a per-class value, {@link #OVERALL} for the overall value
 */
public record MetricKey(String metric, String label) {

    public static final String OVERALL = "";

    public MetricKey {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric must not be blank, got '" + metric + "'");
        }
        if (label == null) {
            throw new IllegalArgumentException("label must not be null (use \"\" for the overall value)");
        }
    }

    public static MetricKey overall(String metric) {
        return new MetricKey(metric, OVERALL);
    }

    public static MetricKey of(String metric, String label) {
        return new MetricKey(metric, label);
    }

    /** {@code metric} or {@code metric[label]}. */
    @Override
    public String toString() {
        return label.isEmpty() ? metric : metric + "[" + label + "]";
    }
}
