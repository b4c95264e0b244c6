package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Locale;

/** The attempt ended without a result; {@code kind} says how, {@code reason} says why in words. */
@JsonTypeName("failed")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Failed(String eventId, String sweepId, int trialId, int attempt, String reason, Kind kind, long at)
        implements TrialEvent {

    public enum Kind {
        /** An exception in training or evaluation; another attempt may succeed (a full disk, a smaller device). */
        ERROR,
        /**
         * The trial cannot run as assigned: malformed data, an unknown target module, a model that does not match
         * its config. Another attempt would fail the same way, so none is made.
         */
        INVALID,
        /** The loss became NaN or infinite. */
        DIVERGED,
        /** The lease ran out without a heartbeat (the agent or its child JVM died). */
        LOST,
        /** A cancel order stopped it. */
        CANCELLED,
        /** The pruner stopped it early. */
        PRUNED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
