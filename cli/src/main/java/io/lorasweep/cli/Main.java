package io.lorasweep.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "lorasweep", mixinStandardHelpOptions = true, version = "lorasweep 0.1.0",
        description = "Find the best LoRA/QLoRA configuration for a task and keep the record of every run.",
        subcommands = {ServicesCommand.class, MigrateCommand.class, DemoCommand.class, SamplerCommand.class,
                MetricsCommand.class, EvalCommand.class, ExportCommand.class, AssetsCommand.class,
                ControllerCommand.class, SweepCommand.class, AgentCommand.class, DashboardCommand.class,
                DevSeedCommand.class, DoctorCommand.class, KafkaLoginsCommand.class},
        footer = {"", "The launcher script also has:",
                "  test [--suite NAME]  run the tests; NAME: reliability, load, browser, benchmark, all",
                "  setup                install the embedded ClickHouse (chDB) and build"})
public final class Main {

    private Main() {
    }

    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Main());
        withHelp(root);
        // `eval --task perplexity` must read perplexity as the option's value, not as the subcommand
        return root.setAllowSubcommandsAsOptionParameters(true).setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A failed command names what went wrong; the stack trace only with LORASWEEP_DEBUG=1.
            cmd.getErr().println("lorasweep " + cmd.getCommandName() + ": " + e.getMessage());
            if ("1".equals(System.getenv("LORASWEEP_DEBUG"))) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
    }

    /** -h/--help on every command and subcommand, as picocli's standard help option gives. */
    private static void withHelp(CommandLine command) {
        CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        command.getSubcommands().values().forEach(Main::withHelp);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
