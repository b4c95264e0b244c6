package io.lorasweep.stack;

import io.lorasweep.stack.chdb.ChdbLibrary;
import io.lorasweep.stack.chdb.ClickHouseServerMain;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.kafka.KafkaBroker;
import io.lorasweep.stack.kafka.KafkaBrokerMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The one-machine stack as background processes: a Kafka broker and the embedded ClickHouse, each a child JVM in
 * its own session, their pids under {@code home/run}, logs under {@code home/logs}, data under {@code home/data},
 * and their addresses in {@code home/services.env} for every other command to read. Secrets are generated once
 * into files of {@code home} readable by their owner only: ClickHouse's password ({@code clickhouse-password}) and
 * the Kafka admin's ({@code kafka-admin-password}; the broker takes only logins).
 */
public final class LocalServices {

    public static final String KAFKA_BOOTSTRAP = "KAFKA_BOOTSTRAP";
    public static final String CLICKHOUSE_URL = "CLICKHOUSE_URL";

    private enum Service {
        KAFKA("kafka", KafkaBrokerMain.class, KAFKA_BOOTSTRAP),
        CLICKHOUSE("clickhouse", ClickHouseServerMain.class, CLICKHOUSE_URL);

        final String name;
        final Class<?> mainClass;
        final String envKey;

        Service(String name, Class<?> mainClass, String envKey) {
            this.name = name;
            this.mainClass = mainClass;
            this.envKey = envKey;
        }
    }

    /** What {@code status} found: each service's address, and whether it answered. */
    public record Status(Map<String, String> addresses, boolean kafkaAnswers, boolean clickHouseAnswers,
                         String clickHouseVersion) {
        public boolean healthy() {
            return kafkaAnswers && clickHouseAnswers;
        }
    }

    private static final String CLICKHOUSE_PASSWORD = "clickhouse-password";
    /** The secret file of the local broker's admin password. */
    public static final String KAFKA_ADMIN_PASSWORD = "kafka-admin-password";
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    private final Path home;

    public LocalServices(Path home) {
        this.home = home.toAbsolutePath();
    }

    public Path envFile() {
        return home.resolve("services.env");
    }

    public Path clickHousePasswordFile() {
        return secretFile(CLICKHOUSE_PASSWORD);
    }

    /** The local ClickHouse's password, or null before the first {@code services start}. */
    public String clickHousePassword() throws IOException {
        return secret(CLICKHOUSE_PASSWORD);
    }

    /**
     * A Kafka client's settings for the broker at {@code bootstrap} with the local broker's admin login (none before
     * the first {@code services start}); the map may be added to.
     */
    public Map<String, Object> kafkaAdminClient(String bootstrap) throws IOException {
        String password = secret(KAFKA_ADMIN_PASSWORD);
        Map<String, Object> config = new java.util.HashMap<>(password == null ? Map.of()
                : KafkaBroker.adminClientSettings(password));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    public Path secretFile(String name) {
        return home.resolve(name);
    }

    /** The secret kept in {@code home/name}, or null if there is none yet. */
    public String secret(String name) throws IOException {
        Path file = secretFile(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    }

    /** The secret in {@code home/name}, made owner-only with 24 random bytes (hex) the first time. */
    public String ensureSecret(String name) throws IOException {
        Path file = secretFile(name);
        if (!Files.exists(file)) {
            byte[] secret = new byte[24];
            new java.security.SecureRandom().nextBytes(secret);
            writeOwnerOnly(name, java.util.HexFormat.of().formatHex(secret) + "\n");
        }
        return secret(name);
    }

    /** Writes {@code text} to {@code home/name}, readable by its owner only (client settings that hold a secret). */
    public Path writeOwnerOnly(String name, String text) throws IOException {
        Files.createDirectories(home);
        Path tmp = Files.createTempFile(home, name, ".tmp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, home.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Starts whatever is not already running; returns the addresses written to {@code services.env}. */
    public Map<String, String> start(int kafkaPort, int clickHousePort, PrintStream out) throws IOException {
        Map<String, String> env = readEnv(envFile());
        Status status = status();
        if (!(status.kafkaAnswers() && ownProcess(Service.KAFKA).isPresent())) {
            stopService(Service.KAFKA, out);
            env.put(KAFKA_BOOTSTRAP, startKafka(kafkaPort));
            out.println("kafka       started   " + env.get(KAFKA_BOOTSTRAP) + "   (log: " + logFile(Service.KAFKA) + ")");
        } else {
            out.println("kafka       running   " + env.get(KAFKA_BOOTSTRAP));
        }
        if (!(status.clickHouseAnswers() && ownProcess(Service.CLICKHOUSE).isPresent())) {
            stopService(Service.CLICKHOUSE, out);
            env.put(CLICKHOUSE_URL, startClickHouse(clickHousePort));
            out.println("clickhouse  started   " + env.get(CLICKHOUSE_URL) + "   (chDB " + ChdbLibrary.VERSION
                    + ", log: " + logFile(Service.CLICKHOUSE) + ")");
        } else {
            out.println("clickhouse  running   " + env.get(CLICKHOUSE_URL));
        }
        writeEnv(env);
        out.println("addresses written to " + envFile());
        return env;
    }

    private String startKafka(int port) throws IOException {
        Path log = rotateLog(Service.KAFKA);
        Process p = ChildJvm.start(KafkaBrokerMain.class,
                List.of("--data", home.resolve("data/kafka").toString(), "--host", "127.0.0.1",
                        "--port", Integer.toString(port == 0 ? Ports.free() : port), "--admin-password-file",
                        secretFileEnsured(KAFKA_ADMIN_PASSWORD).toString()),
                List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), log, true);
        writePid(Service.KAFKA, p.pid());
        return ChildJvm.awaitReady(p, log, Duration.ofSeconds(90), "Kafka broker (fix the cause shown, then run "
                + "`./lorasweep services start` again)");
    }

    private String startClickHouse(int port) throws IOException {
        Path lib = ChdbLibrary.require();
        Path log = rotateLog(Service.CLICKHOUSE);
        Process p = ChildJvm.start(ClickHouseServerMain.class,
                List.of("--data", home.resolve("data/clickhouse").toString(), "--host", "127.0.0.1",
                        "--port", Integer.toString(port), "--lib", lib.toString(),
                        "--password-file", secretFileEnsured(CLICKHOUSE_PASSWORD).toString()),
                List.of("-Xmx512m"), log, true);
        writePid(Service.CLICKHOUSE, p.pid());
        return "http://" + ChildJvm.awaitReady(p, log, Duration.ofSeconds(90), "ClickHouse (chDB) (fix the cause "
                + "shown, then run `./lorasweep services start` again)");
    }

    private Path secretFileEnsured(String name) throws IOException {
        ensureSecret(name);
        return secretFile(name);
    }

    /** Stops only the processes this command started (checked by pid and main class); safe to call twice. */
    public void stop(PrintStream out) throws IOException {
        stopService(Service.KAFKA, out);
        stopService(Service.CLICKHOUSE, out);
        Files.deleteIfExists(envFile());
    }

    private void stopService(Service service, PrintStream out) throws IOException {
        Optional<ProcessHandle> process = ownProcess(service);
        if (process.isPresent()) {
            ProcessHandle handle = process.get();
            handle.destroy();
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception slowOrInterrupted) {
                handle.destroyForcibly();
            }
            out.println(String.format("%-11s stopped   (pid %d)", service.name, handle.pid()));
        } else if (Files.exists(pidFile(service))) {
            out.println(String.format("%-11s not running (stale pid file removed)", service.name));
        }
        Files.deleteIfExists(pidFile(service));
    }

    /** The process recorded in the pid file, if it is still alive and still runs our main class. */
    private Optional<ProcessHandle> ownProcess(Service service) throws IOException {
        Path pidFile = pidFile(service);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().orElse("").contains(service.mainClass.getName()));
    }

    public Status status() throws IOException {
        Map<String, String> env = readEnv(envFile());
        String kafka = env.get(KAFKA_BOOTSTRAP);
        String clickHouse = env.get(CLICKHOUSE_URL);
        boolean kafkaUp = kafka != null && kafkaAnswers(kafka, kafkaAdminClient(kafka), Duration.ofSeconds(5));
        boolean clickHouseUp = clickHouse != null && LocalClickHouse.ping(clickHouse, Duration.ofSeconds(5));
        String version = clickHouseUp ? LocalClickHouse.version(clickHouse, clickHousePassword(),
                Duration.ofSeconds(5)) : "";
        return new Status(env, kafkaUp, clickHouseUp, version);
    }

    /**
     * True when the broker at {@code bootstrap} describes its cluster within {@code timeout} to a client with the
     * settings {@code login}.
     */
    public static boolean kafkaAnswers(String bootstrap, Map<String, Object> login, Duration timeout) {
        Properties props = new Properties();
        props.putAll(login);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private Path pidFile(Service service) {
        return home.resolve("run").resolve(service.name + ".pid");
    }

    private Path logFile(Service service) {
        return home.resolve("logs").resolve(service.name + ".log");
    }

    private Path rotateLog(Service service) throws IOException {
        Path log = logFile(service);
        Files.createDirectories(log.getParent());
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(service.name + ".log.1"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return log;
    }

    private void writePid(Service service, long pid) throws IOException {
        Files.createDirectories(pidFile(service).getParent());
        Files.writeString(pidFile(service), pid + "\n");
    }

    private void writeEnv(Map<String, String> env) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# written by `lorasweep services start`; read by every lorasweep command");
        for (Service s : Service.values()) {
            if (env.containsKey(s.envKey)) {
                lines.add(s.envKey + "=" + env.get(s.envKey));
            }
        }
        Files.createDirectories(home);
        Path tmp = envFile().resolveSibling("services.env.tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, envFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads {@code KEY=value} lines; a missing file is an empty map. */
    public static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return env;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return env;
    }
}
