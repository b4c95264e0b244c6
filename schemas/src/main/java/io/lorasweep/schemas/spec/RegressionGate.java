package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A guard on general knowledge: a trial fails the gate when its {@code metric} on {@code task} falls more than
 * {@code maxDrop} below the baseline's.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegressionGate(String task, String metric, double maxDrop) {
}
