package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.KafkaRoles;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** docker-compose.yml can't run here (no Docker engine), so it is checked against the launcher instead. */
class DockerComposeTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Path compose = Path.of("..", "docker-compose.yml");
        Map<String, Object> root = new Yaml().load(Files.readString(compose));
        return (Map<String, Map<String, Object>>) root.get("services");
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyCommandFlagAndVariableOfOurImageExistsInTheLauncher() throws Exception {
        CommandLine launcher = Main.commandLine();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            Map<String, Object> s = service.getValue();
            if (!"lorasweep:latest".equals(s.get("image"))) {
                continue;
            }
            List<String> command = (List<String>) s.get("command");
            assertNotNull(command, service.getKey() + " has no command");
            CommandLine sub = launcher.getSubcommands().get(command.get(0));
            assertNotNull(sub, service.getKey() + ": `lorasweep " + command.get(0) + "` is not a launcher command");
            CommandSpec spec = sub.getCommandSpec();
            for (String token : command.subList(1, command.size())) {
                if (token.startsWith("--")) {
                    assertNotNull(spec.findOption(token), service.getKey() + ": `lorasweep " + command.get(0)
                            + "` has no option " + token);
                }
            }
            // the whole command line must parse as the launcher would parse it
            Main.commandLine().parseArgs(command.toArray(String[]::new));

            Map<String, Object> env = (Map<String, Object>) s.getOrDefault("environment", Map.of());
            for (String name : env.keySet()) {
                assertTrue(LauncherEnvironment.NAMES.contains(name),
                        service.getKey() + ": the launcher does not read " + name);
            }
            checked.add(service.getKey());
        }
        assertEquals(List.of("kafka-logins", "migrate", "controller", "dashboard", "agent-1", "agent-2"), checked);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theStackServicesAreTheRealOnes() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertTrue(((String) services.get("kafka").get("image")).startsWith("apache/kafka:4."));
        assertTrue(((String) services.get("clickhouse").get("image")).startsWith("clickhouse/clickhouse-server:"));
        Map<String, Object> env = (Map<String, Object>) services.get("controller").get("environment");
        assertEquals("kafka:9092", env.get(LauncherEnvironment.KAFKA_BOOTSTRAP));
        assertEquals("http://clickhouse:8123", env.get(LauncherEnvironment.CLICKHOUSE_URL));
        assertFalse(services.get("controller").containsKey("network_mode"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void theControllerRunsWithTheLaunchersJvmOptions() throws Exception {
        Matcher m = Pattern.compile("(?m)^CONTROLLER_JAVA_OPTS=\"([^\"]*)\"$")
                .matcher(Files.readString(Path.of("..", "lorasweep")));
        assertTrue(m.find(), "the launcher defines CONTROLLER_JAVA_OPTS");
        Map<String, Object> env = (Map<String, Object>) services().get("controller").get("environment");
        assertEquals(m.group(1), env.get("JAVA_OPTS"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void noDefaultSecretsAndEachServiceGetsOnlyWhatItNeeds() throws Exception {
        String raw = Files.readString(Path.of("..", "docker-compose.yml"));
        assertFalse(raw.matches("(?s).*(PASSWORD|TOKEN)[A-Z_]*:-.*"), "a secret has a default value");
        Map<String, Map<String, Object>> services = services();
        // the dashboard listens on the container's network, or its published port reaches nothing
        List<String> dashboard = (List<String>) services.get("dashboard").get("command");
        assertEquals("0.0.0.0", dashboard.get(dashboard.indexOf("--host") + 1));
        Map<String, Object> dashboardEnv = (Map<String, Object>) services.get("dashboard").get("environment");
        Map<String, Object> controllerEnv = (Map<String, Object>) services.get("controller").get("environment");
        assertFalse(dashboardEnv.get(LauncherEnvironment.CLICKHOUSE_USER)
                .equals(controllerEnv.get(LauncherEnvironment.CLICKHOUSE_USER)), "the dashboard reads as its own user");
        String users = Files.readString(Path.of("..", "deploy/clickhouse/users.d/dashboard.xml"));
        assertTrue(users.contains("<" + dashboardEnv.get(LauncherEnvironment.CLICKHOUSE_USER) + ">")
                && users.contains("<readonly>") && users.contains("GRANT SELECT ON default.*")
                && users.contains("from_env=\"CLICKHOUSE_DASHBOARD_PASSWORD\""), users);
        assertTrue(raw.contains("./deploy/clickhouse/users.d/dashboard.xml:/etc/clickhouse-server/users.d/"));
        // the controller's spool and token file live in LORASWEEP_HOME, which must outlive the container
        String home = Files.readString(Path.of("..", "Dockerfile")).replaceAll("(?s).*LORASWEEP_HOME=(\\S+).*", "$1");
        assertTrue(((List<String>) services.get("controller").get("volumes")).stream()
                .anyMatch(v -> v.endsWith(":" + home)), "a volume at " + home);
        for (String agent : List.of("agent-1", "agent-2")) {
            Map<String, Object> env = (Map<String, Object>) services.get(agent).get("environment");
            assertFalse(env.containsKey(LauncherEnvironment.CLICKHOUSE_PASSWORD), agent + " needs Kafka only");
        }
    }

    /**
     * The broker takes only logins and authorizes by ACLs with the same settings as the local stack's broker (one
     * definition: {@link KafkaBroker#loginProperties}); each service logs in as its role, after kafka-logins made them.
     */
    @SuppressWarnings("unchecked")
    @Test
    void kafkaTakesOnlyLoginsAndEachServiceLogsInAsItsRole() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
        Map<String, String> local = KafkaBroker.loginProperties("", 9092, 9093,
                "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD}");
        for (Map.Entry<String, String> setting : local.entrySet()) {
            if (setting.getKey().equals("advertised.listeners")) {
                continue; // the container's name, not an address of this host
            }
            String name = "KAFKA_" + setting.getKey().toUpperCase(java.util.Locale.ROOT).replace("-", "___")
                    .replace(".", "_");
            assertEquals(setting.getValue(), kafka.get(name), name);
        }
        assertEquals("CLIENT://kafka:9092", kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, Object> logins = (Map<String, Object>) services.get("kafka-logins").get("environment");
        assertEquals(KafkaBroker.ADMIN, logins.get(LauncherEnvironment.KAFKA_USER));
        assertEquals(List.of("kafka-logins"), services.get("kafka-logins").get("command"));
        assertEquals("controller", ((List<String>) services.get("controller").get("command")).get(0));
        assertEquals(KafkaRoles.CONTROLLER, ((Map<String, Object>) services.get("controller").get("environment"))
                .get(LauncherEnvironment.KAFKA_USER));
        for (String agent : List.of("agent-1", "agent-2")) {
            assertEquals(KafkaRoles.AGENT, ((Map<String, Object>) services.get(agent).get("environment"))
                    .get(LauncherEnvironment.KAFKA_USER), agent);
            Map<String, Object> dependsOn = (Map<String, Object>) services.get(agent).get("depends_on");
            assertEquals(Map.of("condition", "service_completed_successfully"), dependsOn.get("kafka-logins"));
        }
    }
}
