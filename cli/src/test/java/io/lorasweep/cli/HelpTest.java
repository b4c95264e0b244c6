package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    /** Every command and subcommand answers -h and --help with its usage, and runs nothing. */
    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "the command tree: " + paths);
        for (List<String> path : paths) {
            for (String flag : List.of("-h", "--help")) {
                CommandLine cli = Main.commandLine();
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                cli.setOut(new PrintWriter(out));
                cli.setErr(new PrintWriter(err));
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                int code = cli.execute(args.toArray(String[]::new));
                String shown = String.join(" ", args);
                assertEquals(0, code, shown + " → " + err);
                assertTrue(out.toString().startsWith("Usage: lorasweep"), shown + " → " + out + err);
                assertTrue(out.toString().contains("-h, --help"), shown + " lists its help option");
            }
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }
}
