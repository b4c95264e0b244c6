package io.lorasweep.cli;

import picocli.CommandLine.Command;

/** Metrics alone over JSON lines, so anyone can hold them against the reference tools. */
@Command(name = "metrics", description = "Compute a metric over JSON lines from standard input.",
        subcommands = {RougeCommand.class, SeqevalCommand.class})
final class MetricsCommand {
}
