package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The agent has taken the lease and begins training on {@code device} (e.g. {@code cpu}, {@code cuda:0}). */
@JsonTypeName("started")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Started(String eventId, String sweepId, int trialId, int attempt, String agentId, String device, long at)
        implements TrialEvent {
}
