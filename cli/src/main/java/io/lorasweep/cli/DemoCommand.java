package io.lorasweep.cli;

import io.lorasweep.stack.LocalServices;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The README's main command. It runs the whole path a sweep takes as far as this build has it, and says plainly
 * which parts are still missing: it never reports a sweep it did not run.
 */
@Command(name = "demo", description = "Start the one-machine stack, run a real sweep on the shipped small model, "
        + "and serve the dashboard.")
final class DemoCommand implements Callable<Integer> {

    /** Exit code when the stack is up but the sweep could not run because parts of the product are missing. */
    static final int INCOMPLETE = 3;

    @Override
    public Integer call() throws Exception {
        System.out.println("== starting the one-machine stack");
        LocalServices services = new LocalServices(LauncherEnvironment.home());
        services.start(0, 0, System.out);

        System.out.println("== applying the ClickHouse schema");
        List<String> applied = MigrateCommand.migrate(new ConnectionOptions());
        System.out.println(applied.isEmpty() ? "schema up to date" : "applied: " + String.join(", ", applied));

        System.out.println();
        System.out.println("The stack is up (see `./lorasweep services status`), but no sweep was run: this build");
        System.out.println("does not have the parts a sweep needs yet:");
        for (PendingCommand.Part part : PendingCommand.Part.values()) {
            System.out.println("  - " + part.description + " (issue #" + part.issue + ")");
        }
        System.out.println("Stop the stack with `./lorasweep services stop`.");
        return INCOMPLETE;
    }
}
