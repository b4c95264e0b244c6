package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** When the sweep stops proposing trials; the optional limits are null when not set. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Budget(int maxTrials, int maxParallel, Double maxGpuHours, Double maxCostUsd) {
}
