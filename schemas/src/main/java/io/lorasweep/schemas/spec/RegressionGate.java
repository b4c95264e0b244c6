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
