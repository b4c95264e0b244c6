package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One metric of one eval task, with a bootstrap confidence interval.
 *
 * @param label an entity class or choice for a per-class value, "" for the overall value
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalResult(String task, String metric, String label, double value, double ciLow, double ciHigh) {

    /** The label of a task's overall value. */
    public static final String OVERALL = "";

    /** The overall value of {@code <task>/<metric>} among {@code evals}, if it was measured. */
    public static OptionalDouble overall(List<EvalResult> evals, String taskSlashMetric) {
        int slash = taskSlashMetric.indexOf('/');
        if (slash <= 0) {
            return OptionalDouble.empty();
        }
        String task = taskSlashMetric.substring(0, slash);
        String metric = taskSlashMetric.substring(slash + 1);
        for (EvalResult r : evals) {
            if (r.task().equals(task) && r.metric().equals(metric) && r.label().equals(OVERALL)) {
                return OptionalDouble.of(r.value());
            }
        }
        return OptionalDouble.empty();
    }
}
