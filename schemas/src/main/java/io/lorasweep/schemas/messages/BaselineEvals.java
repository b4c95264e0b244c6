package io.lorasweep.schemas.messages;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The k-shot baseline of the sweep's base model, measured by the trial whose assignment asked for it, before it
 * trained: the base model in full precision without adapter, on every task. It belongs to the sweep, not to the
 * trial: the trial goes on (and may fail) on its own.
 *
 * @param errors the tasks that could not be measured, with the reason (e.g. k-shot prompts longer than the context)
 */
@JsonTypeName("baseline")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BaselineEvals(String eventId, String sweepId, int trialId, int attempt, List<EvalResult> evals,
                            List<TaskError> errors, long at) implements TrialEvent {

    public BaselineEvals {
        evals = evals == null ? List.of() : List.copyOf(evals);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A task whose baseline could not be measured. */
    public record TaskError(String task, String reason) {
    }
}
