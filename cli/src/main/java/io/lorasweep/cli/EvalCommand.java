package io.lorasweep.cli;

import picocli.CommandLine.Command;

/** Evaluations of a model (and adapter) outside a sweep. */
@Command(name = "eval", description = "Evaluate a model in the HF layout, with or without an adapter.",
        subcommands = {EvalPerplexityCommand.class})
final class EvalCommand {
}
