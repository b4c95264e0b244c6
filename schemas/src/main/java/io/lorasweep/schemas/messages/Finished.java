package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Training and evaluation ended. {@code objective} is the value of the sweep's metric; the adapter (PEFT
 * format) is at {@code adapterPath}, with the SHA-256 of its weights file as 64 lowercase hex digits.
 */
@JsonTypeName("finished")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Finished(
        String eventId,
        String sweepId,
        int trialId,
        int attempt,
        double objective,
        List<EvalResult> evals,
        TrialCost cost,
        String adapterPath,
        String adapterSha256,
        long at) implements TrialEvent {

    public Finished {
        evals = evals == null ? List.of() : List.copyOf(evals);
    }
}
