package io.lorasweep.stack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one node), running in this JVM.
 * Storage under {@code dataDir} is formatted once and kept, so topics and offsets survive a restart.
 *
 * <p>Started with an admin password, it takes only logins: clients log in with SCRAM-SHA-256 (logins the admin
 * creates) or, the admin alone, with PLAIN; the node's own broker and controller talk as the admin too. Requests are
 * authorized by ACLs, and denied where none allows them. Started without one (throwaway test brokers), it takes
 * anyone.
 */
public final class KafkaBroker implements AutoCloseable {

    /** The super user: the node itself, and whoever sets up logins and ACLs. */
    public static final String ADMIN = "admin";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "CLIENT";

    private final KafkaRaftServer server;
    private final String host;
    private final int port;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    public static KafkaBroker start(Path dataDir, String host, int port, int controllerPort) throws IOException {
        return start(dataDir, host, port, controllerPort, null);
    }

    /** A broker that takes only logins when {@code adminPassword} is given (see the class comment). */
    public static KafkaBroker start(Path dataDir, String host, int port, int controllerPort, String adminPassword)
            throws IOException {
        Path logDir = dataDir.toAbsolutePath().resolve("kraft-logs");
        Files.createDirectories(logDir);
        Properties props = brokerProperties(logDir, host, port, controllerPort);
        if (adminPassword != null) {
            props.putAll(loginProperties(host, port, controllerPort, adminPassword));
        }
        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IOException("Kafka broker failed to start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new KafkaBroker(server, host, port);
    }

    static Properties brokerProperties(Path logDir, String host, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "4");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    /** SASL on both listeners, the admin as super user, and the ACL authorizer denying what no ACL allows. */
    public static Map<String, String> loginProperties(String host, int port, int controllerPort, String adminPassword) {
        String admin = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=" + quoted(adminPassword) + " user_" + ADMIN + "=" + quoted(adminPassword) + ";";
        String client = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        String controller = "listener.name." + CONTROLLER_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        return Map.ofEntries(
                Map.entry("listeners", CLIENT_LISTENER + "://" + host + ":" + port + "," + CONTROLLER_LISTENER
                        + "://" + host + ":" + controllerPort),
                Map.entry("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + port),
                Map.entry("inter.broker.listener.name", CLIENT_LISTENER),
                Map.entry("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT,"
                        + CONTROLLER_LISTENER + ":SASL_PLAINTEXT"),
                Map.entry(client + "sasl.enabled.mechanisms", "SCRAM-SHA-256,PLAIN"),
                Map.entry(client + "scram-sha-256.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry(client + "plain.sasl.jaas.config", admin),
                Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                // KRaft's controller cannot check SCRAM logins (they live in the metadata it serves)
                Map.entry(controller + "sasl.enabled.mechanisms", "PLAIN"),
                Map.entry(controller + "plain.sasl.jaas.config", admin),
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("super.users", "User:" + ADMIN),
                Map.entry("allow.everyone.if.no.acl.found", "false"));
    }

    /** The client settings of the admin's login (PLAIN), for an admin client of a broker with logins. */
    public static Map<String, Object> adminClientSettings(String adminPassword) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=" + quoted(adminPassword) + ";");
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Formats the log directory the first time, as {@code kafka-storage.sh format} does; later starts keep it. */
    private static void format(Path logDir) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IOException("formatting Kafka storage in " + logDir + " failed: " + e.getMessage()
                    + " " + output.toString(StandardCharsets.UTF_8), e);
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.shutdown();
            server.awaitShutdown();
        }
    }
}
