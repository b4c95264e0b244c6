package io.lorasweep.schemas.messages;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka is and how a client logs in: the bootstrap servers and the client settings of a Kafka client
 * properties file ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.*}), as
 * Kafka's own tools take them with {@code --command-config}. Every Kafka client of the product starts from
 * {@link #clientConfig()}.
 */
public record KafkaAccess(String bootstrap, Map<String, String> settings) {

    public KafkaAccess {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers must be given");
        }
        settings = Map.copyOf(settings);
        if (settings.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("Kafka client settings must not name bootstrap.servers (given "
                    + "apart: " + bootstrap + ")");
        }
    }

    /** A broker that takes anyone: throwaway test brokers only. */
    public static KafkaAccess plaintext(String bootstrap) {
        return new KafkaAccess(bootstrap, Map.of());
    }

    /** The settings of a Kafka client properties file (its {@code bootstrap.servers}, if any, is ignored). */
    public static KafkaAccess withSettingsFile(String bootstrap, Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IOException("cannot read the Kafka client settings " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
        settings.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return new KafkaAccess(bootstrap, settings);
    }

    /** A SCRAM-SHA-256 login over SASL_PLAINTEXT, as the local stack's broker takes it. */
    public static KafkaAccess scram(String bootstrap, String user, String password) {
        return new KafkaAccess(bootstrap, saslSettings(SCRAM_SHA_256, user, password));
    }

    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    /** A login over SASL_PLAINTEXT with {@code mechanism}: SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN. */
    public static Map<String, String> saslSettings(String mechanism, String user, String password) {
        String module = switch (mechanism) {
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new IllegalArgumentException("unknown SASL mechanism '" + mechanism
                    + "': expected SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN (other logins: a client settings file)");
        };
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                "sasl.mechanism", mechanism,
                "sasl.jaas.config", module + " required username=" + jaasQuoted(user) + " password="
                        + jaasQuoted(password) + ";");
    }

    /** A JAAS option value in double quotes (JAAS escapes with backslashes). */
    public static String jaasQuoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The settings for a client, {@code extra} (the client's own tuning) over the login settings. */
    public Map<String, Object> clientConfig(Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.putAll(extra);
        return config;
    }

    /** Without the settings' values, which may hold a password. */
    @Override
    public String toString() {
        return "KafkaAccess[" + bootstrap + ", settings " + new TreeMap<>(settings).keySet() + "]";
    }
}
