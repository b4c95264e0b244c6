package io.lorasweep.cli;

import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.stack.LocalServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where Kafka and ClickHouse are: the flag, else its environment variable, else the addresses that
 * {@code lorasweep services start} wrote to {@code .lorasweep/services.env}; and how to log in to each, where no
 * other login is given the local stack's own (for its addresses only).
 */
public final class ConnectionOptions {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP; default: the local stack).")
    String kafkaBootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*), as Kafka's tools take them with "
                    + "--command-config (env KAFKA_CONFIG; default: for the local stack's broker, this role's login "
                    + "that `services start` wrote to .lorasweep/kafka-ROLE.properties).")
    Path kafkaConfig;

    @Option(names = "--clickhouse-url", paramLabel = "URL",
            description = "ClickHouse HTTP URL, e.g. http://127.0.0.1:8123 (env CLICKHOUSE_URL; default: the local stack).")
    String clickHouseUrl;

    @Option(names = "--clickhouse-user", paramLabel = "USER", defaultValue = "${env:CLICKHOUSE_USER:-default}",
            description = "ClickHouse user (env CLICKHOUSE_USER; default: ${DEFAULT-VALUE}).")
    String clickHouseUser;

    @Option(names = "--clickhouse-password", paramLabel = "PASSWORD", defaultValue = "${env:CLICKHOUSE_PASSWORD:-}",
            description = "ClickHouse password (env CLICKHOUSE_PASSWORD; default: the local stack's, for its address,"
                    + " else empty).")
    String clickHousePassword;

    public String kafkaBootstrap() throws IOException {
        return resolve(kafkaBootstrap, LauncherEnvironment.KAFKA_BOOTSTRAP, "--kafka-bootstrap");
    }

    /**
     * Where Kafka is and how to log in as {@code role} (a {@link io.lorasweep.schemas.messages.KafkaRoles} user):
     * the settings file given; else the login of KAFKA_USER and KAFKA_PASSWORD (SASL, KAFKA_SASL_MECHANISM or
     * SCRAM-SHA-256); else for the local stack's broker the login {@code services start} wrote; else none.
     */
    public KafkaAccess kafka(String role) throws IOException {
        String bootstrap = kafkaBootstrap();
        Path settings = kafkaConfig;
        if (settings == null && env(LauncherEnvironment.KAFKA_CONFIG) != null) {
            settings = Path.of(env(LauncherEnvironment.KAFKA_CONFIG));
        }
        if (settings == null && env(LauncherEnvironment.KAFKA_USER) != null) {
            String password = env(LauncherEnvironment.KAFKA_PASSWORD);
            if (password == null) {
                throw new IllegalArgumentException(LauncherEnvironment.KAFKA_USER + " is set but "
                        + LauncherEnvironment.KAFKA_PASSWORD + " is not");
            }
            String mechanism = env(LauncherEnvironment.KAFKA_SASL_MECHANISM);
            return new KafkaAccess(bootstrap, KafkaAccess.saslSettings(mechanism != null ? mechanism
                    : KafkaAccess.SCRAM_SHA_256, env(LauncherEnvironment.KAFKA_USER), password));
        }
        if (settings == null) {
            LocalServices local = new LocalServices(LauncherEnvironment.home());
            Path login = LocalStack.loginFile(local, role);
            if (bootstrap.equals(LocalServices.readEnv(local.envFile()).get(LauncherEnvironment.KAFKA_BOOTSTRAP))
                    && Files.exists(login)) {
                settings = login;
            }
        }
        return settings == null ? KafkaAccess.plaintext(bootstrap) : KafkaAccess.withSettingsFile(bootstrap, settings);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    public String clickHouseUrl() throws IOException {
        return resolve(clickHouseUrl, LauncherEnvironment.CLICKHOUSE_URL, "--clickhouse-url");
    }

    public String clickHouseUser() {
        return clickHouseUser;
    }

    /**
     * The password given, else, for the local stack's address only, the one {@code services start} generated: it
     * is never sent to another server.
     */
    public String clickHousePassword() throws IOException {
        if (clickHousePassword != null && !clickHousePassword.isEmpty()) {
            return clickHousePassword;
        }
        LocalServices local = new LocalServices(LauncherEnvironment.home());
        String localUrl = LocalServices.readEnv(local.envFile()).get(LauncherEnvironment.CLICKHOUSE_URL);
        String generated = local.clickHousePassword();
        return generated != null && clickHouseUrl().equals(localUrl) ? generated : "";
    }

    private static String resolve(String flag, String envName, String flagName) throws IOException {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String env = System.getenv(envName);
        if (env != null && !env.isBlank()) {
            return env;
        }
        Map<String, String> local = LocalServices.readEnv(
                new LocalServices(LauncherEnvironment.home()).envFile());
        String fromFile = local.get(envName);
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile;
        }
        throw new IllegalStateException("no address for " + envName + ": pass " + flagName + ", set " + envName
                        + ", or start the local stack with `./lorasweep services start`");
    }
}
