package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A guard on general knowledge: a trial fails the gate when its {@code metric} on {@code task} falls more than
 * {@code maxDrop} below the baseline's.
 *
 * @param higherIsBetter the metric's direction when the task's type does not declare it ({@link MetricDirection});
 *                       null to use the declaration
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegressionGate(String task, String metric, double maxDrop, Boolean higherIsBetter) {

    public RegressionGate(String task, String metric, double maxDrop) {
        this(task, metric, maxDrop, null);
    }

    /** How far {@code value} fell below {@code baseline} in the metric's better direction (negative: it improved). */
    public static double drop(double baseline, double value, boolean higherIsBetter) {
        return higherIsBetter ? baseline - value : value - baseline;
    }

    /** Whether a fall of {@code drop} is within the gate; a hair over from float rounding (0.70 - 0.68) is not over. */
    public boolean allows(double drop) {
        return drop <= maxDrop + 1e-12;
    }

    /** The gate's direction: as stated, else as the task's type declares it, else an IllegalArgumentException. */
    public boolean higherIsBetter(EvalTask.Type type) {
        if (higherIsBetter != null) {
            return higherIsBetter;
        }
        return MetricDirection.higherIsBetter(type, metric).orElseThrow(() -> new IllegalArgumentException(
                "regression gate on " + task + "/" + metric + ": a " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " task declares no metric '" + metric + "' (" + String.join(", ",
                        MetricDirection.declared(type)) + "); state higher_is_better for a metric of your own"));
    }
}
