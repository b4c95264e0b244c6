package io.lorasweep.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.agent.runtime.TinyWorld;
import io.lorasweep.cli.LocalStack;
import io.lorasweep.cli.Main;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.KafkaRoles;
import io.lorasweep.stack.ChildJvm;
import io.lorasweep.stack.LocalServices;
import io.lorasweep.stack.Ports;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.kafka.KafkaBrokerMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one-machine stack as separate processes that a test can kill and restart: a Kafka broker and a ClickHouse
 * engine on fixed ports with their data on disk, the controller and agents started from the real CLI. Every
 * process writes a log under the stack's folder, and a failing wait shows their last lines.
 */
final class Stack implements AutoCloseable {

    static final String TOKEN = "reliability-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    private final int kafkaPort = Ports.free();
    private final int kafkaControllerPort = Ports.free();
    private final int clickHousePort = Ports.free();
    private final int controllerPort = Ports.free();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    /** Keeps the broker's admin password and the roles' logins, as {@code services start} does in .lorasweep. */
    private final LocalServices logins;
    private Process kafka;
    private LocalClickHouse clickHouse;
    private Process controller;
    private int logs;

    Stack(Path dir) throws IOException {
        this.dir = dir;
        this.logins = new LocalServices(dir.resolve("logins"));
        TinyWorld.write(dir.resolve("world"));
        startKafka();
        startClickHouse();
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** The login of a {@link KafkaRoles} user, as the controller and agent processes use it. */
    KafkaAccess kafka(String role) throws IOException {
        return KafkaAccess.withSettingsFile(bootstrap(), LocalStack.loginFile(logins, role));
    }

    /** The broker's admin: for a test that stands in for any writer, or reads what no role may. */
    Map<String, Object> kafkaAdmin() throws IOException {
        return logins.kafkaAdminClient(bootstrap());
    }

    String clickHouseUrl() {
        return "http://127.0.0.1:" + clickHousePort;
    }

    String controllerUrl() {
        return "http://127.0.0.1:" + controllerPort;
    }

    // ---- processes ----------------------------------------------------------------------------------------

    void startKafka() throws IOException {
        Path log = nextLog("kafka");
        logins.ensureSecret(LocalServices.KAFKA_ADMIN_PASSWORD);
        kafka = ChildJvm.start(KafkaBrokerMain.class, List.of("--data", dir.resolve("kafka").toString(), "--port",
                Integer.toString(kafkaPort), "--controller-port", Integer.toString(kafkaControllerPort),
                "--admin-password-file", logins.secretFile(LocalServices.KAFKA_ADMIN_PASSWORD).toString()),
                List.of("-Xmx512m"), log, false);
        processes.add(kafka);
        ChildJvm.awaitReady(kafka, log, Duration.ofSeconds(90), "Kafka");
        try {
            LocalStack.provisionLogins(logins, bootstrap());
        } catch (Exception e) {
            throw new IOException("setting up the Kafka logins failed: " + e.getMessage(), e);
        }
    }

    /** A clean shutdown of the broker, as an operator's restart would do. */
    void stopKafka() throws InterruptedException {
        stop(kafka);
    }

    void startClickHouse() throws IOException {
        clickHouse = LocalClickHouse.start(dir.resolve("clickhouse"), clickHousePort, nextLog("clickhouse"), false);
    }

    void stopClickHouse() {
        clickHouse.close();
    }

    void startController(int leaseSeconds) throws IOException {
        Path log = nextLog("controller");
        controller = cli(log, List.of(System.getProperty("stack.controller.jvm", "").split(" ")), "controller",
                "--kafka-bootstrap", bootstrap(), "--kafka-config",
                LocalStack.loginFile(logins, KafkaRoles.CONTROLLER).toString(), "--clickhouse-url", clickHouseUrl(),
                "--port", Integer.toString(controllerPort), "--lease-seconds", Integer.toString(leaseSeconds));
        awaitLine(controller, log, "controller listening on", Duration.ofSeconds(90));
    }

    /** kill -9: no shutdown hook runs, nothing is flushed. */
    void killController() throws InterruptedException {
        kill(controller);
    }

    Process startAgent(String name) throws IOException {
        Path log = nextLog("agent-" + name);
        Process agent = cli(log, List.of(), "agent", "--kafka-bootstrap", bootstrap(), "--kafka-config",
                LocalStack.loginFile(logins, KafkaRoles.AGENT).toString(), "--devices", "cpu", "--device-type",
                "cpu-test", "--price-per-hour", "0.36", "--artifacts", dir.resolve("artifacts").toString(),
                "--data-root", dir.resolve("world").toString(), "--heartbeat-seconds", "0.5", "--grace-seconds", "5",
                "--trial-jvm-options", "-Xmx768m");
        awaitLine(agent, log, "is taking trials", Duration.ofSeconds(60));
        return agent;
    }

    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            kill(p);
        }
    }

    /** A {@code lorasweep} command in its own JVM; {@code jvmOptions} for profiling, say. */
    private Process cli(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx768m", "-Dai.djl.offline=true"));
        jvmOptions.stream().filter(o -> !o.isBlank()).forEach(command::add);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("CLASSPATH", System.getProperty("java.class.path"));
        env.put("LORASWEEP_HOME", dir.resolve("home").toString());
        env.put("LORASWEEP_API_TOKEN", TOKEN);
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.put("OMP_NUM_THREADS", "1");
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    private Path nextLog(String name) {
        return dir.resolve("logs").resolve(String.format("%02d-%s.log", ++logs, name));
    }

    private void awaitLine(Process p, Path log, String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IOException(log.getFileName() + " exited with " + p.exitValue() + ":\n"
                        + ChildJvm.tail(log, 40));
            }
            sleep(100);
        }
        throw new IOException(log.getFileName() + " did not print '" + text + "' in time:\n" + ChildJvm.tail(log, 40));
    }

    /** The last lines of every log, for a failure message. */
    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir.resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                out.append("\n==== ").append(f.getFileName()).append('\n').append(ChildJvm.tail(f, 25));
            }
        }
        return out.toString();
    }

    // ---- the controller's API -----------------------------------------------------------------------------

    HttpResponse<String> call(String method, String path, String body, String token) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controllerUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return exchange(http, b.build());
    }

    /**
     * One request and its whole answer within a minute. The request's own timeout covers only the wait for the
     * headers; a body that never ends would otherwise hold the test forever.
     */
    static HttpResponse<String> exchange(HttpClient http, HttpRequest request) throws IOException,
            InterruptedException {
        var answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return answer.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            throw new IOException("no whole answer within 60 s from " + request.method() + " " + request.uri(), e);
        }
    }

    String createSweep(String specYaml) throws Exception {
        HttpResponse<String> r = call("POST", "/api/sweeps", specYaml, TOKEN);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("creating the sweep: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("sweep_id").asText();
    }

    JsonNode sweep(String id) throws Exception {
        HttpResponse<String> r = call("GET", "/api/sweeps/" + id, null, null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    /** Waits for a condition, failing with every process's log. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a service restarting
            }
            sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + logs());
    }

    String sweepState(String id) {
        try {
            JsonNode s = sweep(id);
            return s == null ? "" : s.path("state").asText();
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * The distinct metric points (attempt, name, step) a sweep's events carried on lora.events: what ClickHouse
     * must hold, one row each.
     */
    long pointsOnTopic(String sweepId) throws IOException {
        java.util.Set<String> points = new java.util.HashSet<>();
        Map<String, Object> config = kafkaAdmin();
        config.putAll(Map.of("group.id", "count-" + java.util.UUID.randomUUID(), "auto.offset.reset", "earliest",
                "enable.auto.commit", false));
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(config,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(io.lorasweep.schemas.messages.Topics.EVENTS));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(3)) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (var r : records) {
                    var event = io.lorasweep.schemas.messages.MessageCodec.decode(r.value(),
                            io.lorasweep.schemas.messages.TrialEvent.class);
                    if (event instanceof io.lorasweep.schemas.messages.Decoded.Ok<io.lorasweep.schemas.messages.TrialEvent> ok
                            && ok.value() instanceof io.lorasweep.schemas.messages.MetricsBatch m
                            && m.sweepId().equals(sweepId)) {
                        for (var p : m.points()) {
                            points.add(m.trialId() + "/" + m.attempt() + "/" + p.name() + "/" + p.step());
                        }
                    }
                }
            }
        }
        return points.size();
    }

    // ---- ClickHouse ---------------------------------------------------------------------------------------

    List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = ClickHouseJdbc.connect(clickHouseUrl(), "default", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    long count(String sql) throws SQLException {
        return ((Number) rows(sql).get(0).values().iterator().next()).longValue();
    }

    /** A sweep over the tiny world: real LoRA training of a random Llama, {@code steps} steps per trial. */
    static String tinySweep(String name, int trials, int parallel, int steps, int retries) {
        return """
                name: %s
                base_model: model
                dataset: {train: data/train.jsonl, eval: data/eval.jsonl}
                tasks: [{name: heldout, type: perplexity, data: data/heldout.txt}]
                parameters:
                  rank: {values: [2, 4]}
                  learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 3.0e-2}
                fixed: {target_modules: [q_proj, v_proj], max_steps: %d, batch_size: 4, eval_every: %d}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: tpe, seed: 3, n_startup_trials: 2}
                budget: {max_trials: %d, max_parallel: %d}
                max_retries: %d
                prices: {cpu-test: 0.36}
                """.formatted(name, steps, Math.max(1, steps / 4), trials, parallel, retries);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (clickHouse != null) {
            clickHouse.close();
        }
    }
}
