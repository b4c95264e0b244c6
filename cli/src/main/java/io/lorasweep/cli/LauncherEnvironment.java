package io.lorasweep.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * The environment variables the launcher reads. docker-compose.yml configures containers through exactly these
 * names (a test checks it), so a flag, its variable and the compose file never drift apart.
 */
public final class LauncherEnvironment {

    public static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP";
    public static final String KAFKA_CONFIG = "KAFKA_CONFIG";
    public static final String KAFKA_USER = "KAFKA_USER";
    public static final String KAFKA_PASSWORD = "KAFKA_PASSWORD";
    public static final String KAFKA_SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    public static final String KAFKA_CONTROLLER_PASSWORD = "KAFKA_CONTROLLER_PASSWORD";
    public static final String KAFKA_AGENT_PASSWORD = "KAFKA_AGENT_PASSWORD";
    public static final String CLICKHOUSE_URL = "CLICKHOUSE_URL";
    public static final String CLICKHOUSE_USER = "CLICKHOUSE_USER";
    public static final String CLICKHOUSE_PASSWORD = "CLICKHOUSE_PASSWORD";
    public static final String LORASWEEP_ROOT = "LORASWEEP_ROOT";
    public static final String LORASWEEP_HOME = "LORASWEEP_HOME";
    public static final String LORASWEEP_CACHE = "LORASWEEP_CACHE";
    public static final String LORASWEEP_CHDB_LIB = "LORASWEEP_CHDB_LIB";
    public static final String LORASWEEP_ARTIFACTS = "LORASWEEP_ARTIFACTS";
    public static final String LORASWEEP_API_TOKEN = "LORASWEEP_API_TOKEN";
    public static final String LORASWEEP_CONTROLLER_URL = "LORASWEEP_CONTROLLER_URL";
    public static final String JAVA_OPTS = "JAVA_OPTS";

    public static final List<String> NAMES = List.of(KAFKA_BOOTSTRAP, KAFKA_CONFIG, KAFKA_USER, KAFKA_PASSWORD,
            KAFKA_SASL_MECHANISM, KAFKA_CONTROLLER_PASSWORD, KAFKA_AGENT_PASSWORD, CLICKHOUSE_URL,
            CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, LORASWEEP_ROOT, LORASWEEP_HOME, LORASWEEP_CACHE, LORASWEEP_CHDB_LIB, LORASWEEP_ARTIFACTS,
            LORASWEEP_API_TOKEN, LORASWEEP_CONTROLLER_URL, JAVA_OPTS);

    private LauncherEnvironment() {
    }

    /** The project folder (the launcher exports LORASWEEP_ROOT), else the working directory. */
    public static java.nio.file.Path root() {
        String root = System.getenv(LORASWEEP_ROOT);
        return java.nio.file.Path.of(root != null && !root.isBlank() ? root : ".").toAbsolutePath().normalize();
    }

    /** Where the controller keeps the API token it generated when {@code LORASWEEP_API_TOKEN} is not set. */
    public static java.nio.file.Path tokenFile() {
        return home().resolve("api-token");
    }

    /** Where the controller keeps writes while ClickHouse is unreachable (see ControllerConfig). */
    public static Path spoolDir() {
        return home().resolve("controller-spool");
    }

    /** The API token: {@code LORASWEEP_API_TOKEN}, else the one the local controller generated, else null. */
    public static String apiToken() {
        String env = System.getenv(LORASWEEP_API_TOKEN);
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return java.nio.file.Files.exists(tokenFile()) ? java.nio.file.Files.readString(tokenFile()).trim() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The state folder: {@code LORASWEEP_HOME}, or {@code .lorasweep} in the working directory. */
    public static Path home() {
        String home = System.getenv(LORASWEEP_HOME);
        return Path.of(home != null && !home.isBlank() ? home : ".lorasweep").toAbsolutePath();
    }
}
