package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every `./lorasweep ...` command line the README shows parses through the real command tree, options and values
 * as written, so the README and the CLI cannot drift apart. A synopsis is made concrete first: optional parts are
 * included, the first of `a|b` alternatives taken, and each placeholder of {@link #SAMPLES} given its sample value.
 */
class ReadmeCommandsTest {

    private static final Path README = Path.of("..", "README.md");
    /** Handled by the launcher script before Java starts. */
    private static final Set<String> LAUNCHER_COMMANDS = Set.of("test", "setup");
    private static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("N", "2"), Map.entry("M", "3"),
            Map.entry("K", "5"), Map.entry("USD", "1.10"), Map.entry("ID", "sweep-1"), Map.entry("DIR", "dir"),
            Map.entry("FILE", "file.txt"), Map.entry("NAME", "A100"), Map.entry("OPTS", "opts"),
            Map.entry("SPEC.yaml", "spec.yaml"));
    private static final Pattern INLINE = Pattern.compile("`([^`]*)`");

    @Test
    void everyDocumentedCommandLineParses() throws Exception {
        List<String> commands = documentedCommands(Files.readAllLines(README));
        assertTrue(commands.size() >= 30, "commands found in the README: " + commands);
        List<String> failures = new ArrayList<>();
        for (String command : commands) {
            List<String> args = concrete(command);
            if (LAUNCHER_COMMANDS.contains(args.get(0))) {
                continue;
            }
            try {
                Main.commandLine().parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                failures.add(command + "\n    as " + args + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            fail("README command lines the CLI does not accept:\n" + String.join("\n", failures));
        }
    }

    @Test
    void theLauncherHandlesItsOwnCommands() throws Exception {
        String launcher = Files.readString(Path.of("..", "lorasweep"));
        for (String command : LAUNCHER_COMMANDS) {
            assertTrue(launcher.contains("\n  " + command + ")"), "the launcher handles `" + command + "`");
        }
    }

    @Test
    void aSynopsisIsMadeConcrete() {
        assertEquals(List.of("agent", "--devices", "cpu", "--price-per-hour", "1.10"),
                concrete("./lorasweep agent [--devices cpu\\|cuda:0,cuda:1] [--price-per-hour USD]"));
        assertEquals(List.of("sampler", "--multivariate", "--sampler", "tpe"),
                concrete("./lorasweep sampler [--[no-]multivariate] [--sampler tpe|random]"));
        assertEquals(List.of("doctor", "--devices", "cuda:0"), concrete("./lorasweep doctor --devices cuda:0   # x"));
    }

    /** The README's command lines: in code blocks, and in backticks (a table's row may list several). */
    static List<String> documentedCommands(List<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                if (line.strip().startsWith("./lorasweep ")) {
                    out.add(line.strip());
                }
                continue;
            }
            String firstCell = line.startsWith("| `./lorasweep") ? line.substring(2, line.indexOf(" |", 2)) : null;
            Matcher m = INLINE.matcher(firstCell != null ? firstCell : line);
            while (m.find()) {
                String text = m.group(1);
                if (text.startsWith("./lorasweep ")) {
                    out.add(text);
                } else if (firstCell != null) {
                    out.add("./lorasweep " + text); // "`sweep show ID`" beside "`./lorasweep sweep ls`"
                }
            }
        }
        return List.copyOf(out);
    }

    static List<String> concrete(String commandLine) {
        String line = commandLine.replace("\\|", "|");
        int comment = line.indexOf(" #");
        if (comment >= 0) {
            line = line.substring(0, comment);
        }
        line = line.replace("[no-]", "").replace("[", "").replace("]", "");
        List<String> words = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
        assertEquals("./lorasweep", words.remove(0), commandLine);
        List<String> out = new ArrayList<>();
        for (String word : words) {
            String first = word.contains("|") ? word.substring(0, word.indexOf('|')) : word;
            out.add(SAMPLES.getOrDefault(first, first));
        }
        return out;
    }
}
