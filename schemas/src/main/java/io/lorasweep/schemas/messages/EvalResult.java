package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One metric of one eval task, with a bootstrap confidence interval.
 *
 * @param label an entity class or choice for a per-class value, "" for the overall value
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvalResult(String task, String metric, String label, double value, double ciLow, double ciHigh) {

    /** The label of a task's overall value. */
    public static final String OVERALL = "";
}
