package io.lorasweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Commands whose module is not in this build yet. They keep their final names and flags (docker-compose.yml uses
 * them), refuse to run, and say which issue brings them.
 */
final class PendingCommand {

    /** The parts of the product a sweep needs that this build does not have yet. */
    enum Part {
        MODEL(3, "the shipped small model, tokenizer and datasets"),
        DASHBOARD(7, "the dashboard");

        final int issue;
        final String description;

        Part(int issue, String description) {
            this.issue = issue;
            this.description = description;
        }
    }

    /** Exit code for a command whose module is missing from this build. */
    static final int MISSING = 2;

    private PendingCommand() {
    }

    static int refuse(String command, Part part) {
        System.err.println("`lorasweep " + command + "` is not in this build yet (issue #" + part.issue + ": "
                + part.description + "). Nothing was started.");
        return MISSING;
    }

    @Command(name = "dashboard", description = "Serve the dashboard over ClickHouse.")
    static final class Dashboard implements Callable<Integer> {
        @Mixin
        ConnectionOptions connections;

        @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() {
            return refuse("dashboard", Part.DASHBOARD);
        }
    }
}
