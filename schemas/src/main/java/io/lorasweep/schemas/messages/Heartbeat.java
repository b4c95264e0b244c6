package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The attempt is alive on {@code agentId}; renews its lease. */
@JsonTypeName("heartbeat")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Heartbeat(String eventId, String sweepId, int trialId, int attempt, String agentId, long at)
        implements TrialEvent {
}
