package io.lorasweep.schemas.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A trainer of the user's own (a PEFT, axolotl or unsloth script, say) that the agent runs for each trial instead
 * of the built-in one. The agent gives it the trial's parameters, reads its metrics from standard output, and
 * evaluates the adapter it leaves; see the README's "Bring your own trainer".
 *
 * @param command        the program and its arguments, run without a shell in the agent's data root (a relative
 *                       program with a '/' resolves against it too, a bare name is looked up on the PATH)
 * @param timeoutMinutes how long one run may take before it is stopped and fails, or null for no limit
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Trainer(List<String> command, Integer timeoutMinutes) {

    public Trainer {
        // the schemas say the same; this keeps a record built in code as strict as one read from a spec
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("trainer.command: must be a non-empty list (the program and its "
                    + "arguments)");
        }
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i) == null || command.get(i).isEmpty()) {
                throw new IllegalArgumentException("trainer.command[" + i + "]: must not be empty");
            }
        }
        command = List.copyOf(command);
        if (timeoutMinutes != null && timeoutMinutes < 1) {
            throw new IllegalArgumentException("trainer.timeout_minutes: must be at least 1 (got " + timeoutMinutes
                    + ")");
        }
    }
}
