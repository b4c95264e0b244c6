package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The pruner's verdict: stop this attempt early and report it as failed with kind pruned. */
@JsonTypeName("prune")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Prune(String sweepId, int trialId, int attempt, String reason) implements Control {
}
