package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's generated ClickHouse password, as a user meets it: {@code services start}, then commands that
 * find the password themselves, and one given another that ClickHouse refuses.
 */
class LocalStackPasswordTest {

    /** One {@code lorasweep} command in its own JVM with {@code home} as its state folder: its exit and output. */
    private static String run(Path home, List<String> args, int expectedExit) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put(LauncherEnvironment.LORASWEEP_HOME, home.toString());
        builder.environment().remove(LauncherEnvironment.CLICKHOUSE_URL);
        builder.environment().remove(LauncherEnvironment.CLICKHOUSE_PASSWORD);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), String.join(" ", args) + " did not end");
        assertEquals(expectedExit, p.exitValue(), String.join(" ", args) + " printed:\n" + out);
        return out;
    }

    @Test
    void commandsUseTheGeneratedPasswordAndAWrongOneIsRefused(@TempDir Path home) throws Exception {
        try {
            run(home, List.of("services", "start"), 0);
            assertTrue(Files.exists(home.resolve("clickhouse-password")));
            // the broker takes only logins: status answers through the admin's, and each role has its own
            run(home, List.of("services", "status"), 0);
            for (String user : io.lorasweep.schemas.messages.KafkaRoles.USERS) {
                assertTrue(Files.exists(home.resolve("kafka-" + user + ".properties")), user);
            }
            String applied = run(home, List.of("migrate"), 0);
            assertTrue(applied.contains("V001__core_tables"), applied);
            String refused = run(home, List.of("migrate", "--clickhouse-password", "not-it"), 1);
            assertTrue(refused.contains("516") || refused.contains("Authentication failed"), refused);
        } finally {
            run(home, List.of("services", "stop"), 0);
        }
    }
}
