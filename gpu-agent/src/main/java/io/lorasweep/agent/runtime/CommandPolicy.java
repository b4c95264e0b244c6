package io.lorasweep.agent.runtime;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which trainer commands an agent runs. An assignment comes from whoever can write to the trials topic, and a
 * trainer command is code run on this machine, so an agent runs none unless its operator said so
 * ({@code --allow-commands}), and then any, or only the programs listed, compared with the command's first word
 * exactly as the spec writes it ({@code python3}, {@code /opt/venv/bin/python}).
 *
 * @param allowed null: no command runs; empty: any command runs; else the programs that may run
 */
public record CommandPolicy(Set<String> allowed) {

    public static final CommandPolicy NONE = new CommandPolicy(null);
    public static final CommandPolicy ANY = new CommandPolicy(Set.of());

    public CommandPolicy {
        allowed = allowed == null ? null : Set.copyOf(allowed);
    }

    /** Only {@code programs}; none listed means any. */
    public static CommandPolicy only(List<String> programs) {
        return new CommandPolicy(Set.copyOf(programs));
    }

    /** Why {@code command} may not run here, or empty when it may. */
    public Optional<String> refusal(List<String> command) {
        if (allowed == null) {
            return Optional.of("this agent runs no trainer commands (its operator starts it with --allow-commands "
                    + "to allow them)");
        }
        String program = command.get(0);
        if (!allowed.isEmpty() && !allowed.contains(program)) {
            return Optional.of("this agent does not run " + program + ": it allows only "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        return Optional.empty();
    }
}
