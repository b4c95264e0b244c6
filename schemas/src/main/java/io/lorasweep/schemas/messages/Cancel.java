package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Stop work: the whole sweep when {@code trialId} is null, every attempt of a trial when {@code attempt} is
 * null, else one attempt.
 */
@JsonTypeName("cancel")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Cancel(String sweepId, Integer trialId, Integer attempt, String reason) implements Control {

    public Cancel {
        if (attempt != null && trialId == null) {
            throw new IllegalArgumentException("attempt " + attempt + " given without a trial_id");
        }
    }

    public static Cancel sweep(String sweepId, String reason) {
        return new Cancel(sweepId, null, null, reason);
    }

    public static Cancel trial(String sweepId, int trialId, String reason) {
        return new Cancel(sweepId, trialId, null, reason);
    }

    /** True when the order covers the given attempt. */
    public boolean covers(String sweepId, int trialId, int attempt) {
        return this.sweepId.equals(sweepId)
                && (this.trialId == null || this.trialId == trialId)
                && (this.attempt == null || this.attempt == attempt);
    }
}
