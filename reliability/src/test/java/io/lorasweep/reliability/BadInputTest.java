package io.lorasweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.dashboard.DashboardConfig;
import io.lorasweep.dashboard.DashboardServer;
import io.lorasweep.schemas.messages.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input and attacks against the running services: generated malformed bodies on every REST route of the
 * controller and the dashboard, malformed records on every topic, stolen or missing tokens, SQL injection through
 * every dashboard filter, and secrets looked for where they must not be.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FUZZ_BODIES = 10_000;
    private static final String VALID_SPEC = """
            {"name": "fuzz", "base_model": "model",
             "dataset": {"train": "data/train.jsonl", "eval": "data/eval.jsonl"},
             "tasks": [{"name": "heldout", "type": "perplexity", "data": "data/heldout.txt"}],
             "parameters": {"rank": {"values": [2, 4]},
                            "learning_rate": {"distribution": "log_uniform_values", "min": 1e-4, "max": 1e-2}},
             "metric": {"name": "eval_loss", "goal": "minimize"},
             "sampler": {"type": "tpe", "seed": 1}, "budget": {"max_trials": 3, "max_parallel": 1}}""";
    private static final String[] INJECTIONS = {"' OR 1=1 --", "x'); DROP TABLE trials; --", "1; DROP TABLE sweeps",
        "`sweep_id`", "\\' OR ''='", "0 UNION ALL SELECT name FROM system.tables", "%27%20OR%201%3D1",
        "sw-x' OR sweep_id != '", "\u0000", "${jndi:ldap://127.0.0.1/a}", "../../etc/passwd"};

    private Path dir;
    private Stack stack;
    private DashboardServer dashboard;
    private String dashboardUrl;
    private String externalSweep;
    private String agentSweep;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("lorasweep-bad-input");
        stack = new Stack(dir);
        stack.startController(30);
        stack.startAgent("a");
        dashboard = DashboardServer.start(DashboardConfig.of(stack.clickHouseUrl(), "default", "", "127.0.0.1", 0));
        dashboardUrl = "http://127.0.0.1:" + dashboard.port();
        agentSweep = stack.createSweep(Stack.tinySweep("bad-input", 1, 1, 8, 0));
        HttpResponse<String> r = stack.call("POST", "/api/sweeps?mode=external", VALID_SPEC, Stack.TOKEN);
        assertEquals(201, r.statusCode(), r.body());
        externalSweep = JSON.readTree(r.body()).get("sweep_id").asText();
        stack.await("the agent's trial", Duration.ofMinutes(3), () -> stack.sweepState(agentSweep).equals("finished"));
    }

    @AfterAll
    void stop() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
        if (stack != null) {
            stack.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void tenThousandMalformedBodiesGetOnlyClientErrorsAndTheServicesStillAnswer() throws Exception {
        Random random = new Random(20261124);
        String[] controllerRoutes = {"/api/sweeps", "/api/sweeps?mode=external", "/api/sweeps/%s/pause",
            "/api/sweeps/%s/resume", "/api/sweeps/%s/cancel", "/api/sweeps/%s/ask",
            "/api/sweeps/%s/trials/%s/report", "/api/sweeps/%s/trials/%s/tell"};
        String[] readRoutes = {"/api/sweeps/%s", "/api/sweeps/%s/trials", "/api/sweeps/%s/trials/%s/metrics"};
        String[] dashboardRoutes = {"/api/sweeps", "/api/costs", "/api/costs.csv", "/api/sweeps/%s",
            "/api/sweeps/%s/ranking", "/api/sweeps/%s/parameters", "/api/sweeps/%s/baseline-table",
            "/api/sweeps/%s/cost-report", "/api/sweeps/%s/cost-report.csv", "/api/sweeps/%s/trade-off",
            "/api/sweeps/%s/curves", "/api/sweeps/%s/trials/%s/curves", "/api/sweeps/%s/trials/%s/diagnostics",
            "/sweeps/%s"};
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < FUZZ_BODIES; i++) {
            String body = Fuzz.body(random, VALID_SPEC);
            String route = controllerRoutes[random.nextInt(controllerRoutes.length)]
                    .formatted(Fuzz.sweepId(random, externalSweep), Fuzz.trialId(random));
            String type = random.nextBoolean() ? "application/json" : random.nextBoolean() ? "application/yaml"
                    : Fuzz.token(random);
            HttpResponse<String> r = send(stack.controllerUrl() + route, "POST", body, type, Stack.TOKEN);
            sent++;
            if (r == null || r.statusCode() >= 500) {
                serverErrors.add("POST " + route + " " + (r == null ? "no answer" : r.statusCode() + " " + r.body())
                        + " for body " + Fuzz.preview(body));
            }
            if (i % 10 == 0) {
                String read = readRoutes[random.nextInt(readRoutes.length)]
                        .formatted(Fuzz.sweepId(random, externalSweep), Fuzz.trialId(random));
                HttpResponse<String> g = send(stack.controllerUrl() + read, "GET", null, null, null);
                String page = dashboardRoutes[random.nextInt(dashboardRoutes.length)]
                        .formatted(Fuzz.sweepId(random, agentSweep), Fuzz.trialId(random)) + Fuzz.query(random);
                HttpResponse<String> d = send(dashboardUrl + page, "GET", null, null, null);
                sent += 2;
                if (g == null || g.statusCode() >= 500) {
                    serverErrors.add("GET " + read + " " + (g == null ? "no answer" : g.statusCode() + " " + g.body()));
                }
                if (d == null || d.statusCode() >= 500) {
                    serverErrors.add("GET dashboard " + page + " " + (d == null ? "no answer" : d.statusCode() + " "
                            + d.body()));
                }
            }
        }
        assertEquals(List.of(), serverErrors.subList(0, Math.min(20, serverErrors.size())),
                serverErrors.size() + " of " + sent + " requests got a server error");
        assertEquals(200, send(stack.controllerUrl() + "/health", "GET", null, null, null).statusCode());
        assertEquals(200, send(dashboardUrl + "/health", "GET", null, null, null).statusCode());
        assertEquals(0, dashboard.unhandledErrors(), "no request made the dashboard throw where nothing handles it");
        assertEquals(200, send(stack.controllerUrl() + "/api/sweeps/" + agentSweep, "GET", null, null, null)
                .statusCode(), "what was accepted before is still there");
    }

    @Test
    void malformedRecordsOnEveryTopicBecomeDeadLettersAndNothingStops() throws Exception {
        Random random = new Random(7);
        Map<String, Integer> sent = new java.util.LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(withAll(stack.kafkaAdmin()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // lora.trials and lora.control are read by the agent, lora.events by the controller
            for (String topic : List.of(Topics.TRIALS, Topics.EVENTS, Topics.CONTROL)) {
                for (int i = 0; i < 40; i++) {
                    byte[] value = i == 0 ? null : Fuzz.body(random, "{\"type\":\"started\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(topic, ("fuzz-" + i).getBytes(StandardCharsets.UTF_8),
                            value)).get();
                }
                sent.put(topic, 40);
            }
        }
        for (Map.Entry<String, Integer> e : sent.entrySet()) {
            stack.await("dead letters from " + e.getKey(), Duration.ofMinutes(2), () -> {
                try {
                    return stack.count("SELECT count() FROM dead_letters FINAL WHERE source_topic = '" + e.getKey()
                            + "'") == e.getValue();
                } catch (Exception ex) {
                    return false;
                }
            });
        }
        assertTrue(stack.count("SELECT count() FROM dead_letters FINAL WHERE reason = ''") == 0,
                "every dead letter says why");
        assertTrue(stack.count("SELECT count() FROM dead_letters FINAL WHERE payload_encoding = 'null'") >= 3,
                "a null record is kept as such");
        // both consumers still work: a new sweep runs to its end
        String after = stack.createSweep(Stack.tinySweep("after-the-fuzz", 1, 1, 8, 0));
        stack.await("a sweep after the bad records", Duration.ofMinutes(3),
                () -> stack.sweepState(after).equals("finished"));
    }

    @Test
    void mutatingRoutesRefuseMissingAndWrongTokens() throws Exception {
        for (String route : List.of("/api/sweeps", "/api/sweeps/" + externalSweep + "/pause",
                "/api/sweeps/" + externalSweep + "/resume", "/api/sweeps/" + externalSweep + "/cancel",
                "/api/sweeps/" + externalSweep + "/ask", "/api/sweeps/" + externalSweep + "/trials/0/report",
                "/api/sweeps/" + externalSweep + "/trials/0/tell")) {
            for (String token : new String[] {null, "", "wrong", Stack.TOKEN + "x", Stack.TOKEN.substring(1),
                Stack.TOKEN.toUpperCase()}) {
                HttpResponse<String> r = send(stack.controllerUrl() + route, "POST", VALID_SPEC, "application/json",
                        token);
                assertEquals(401, r.statusCode(), route + " with token " + token);
                assertFalse(r.body().contains(Stack.TOKEN), "the answer never shows the token");
            }
        }
        assertEquals("running", stack.sweepState(externalSweep), "nothing changed the sweep");
    }

    @Test
    void theDashboardIsReadOnly() throws Exception {
        for (String route : List.of("/api/sweeps", "/api/sweeps/" + agentSweep, "/api/sweeps/" + agentSweep
                + "/ranking", "/sweeps/" + agentSweep, "/health")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                HttpResponse<String> r = send(dashboardUrl + route, method, "{}", "application/json", Stack.TOKEN);
                assertTrue(r.statusCode() == 404 || r.statusCode() == 405, method + " " + route + " -> "
                        + r.statusCode());
            }
        }
    }

    /**
     * Every read route the dashboard documents (its own OpenAPI document), each path part and each query parameter
     * given each injection: no server error, no other sweep's id in the answer, the tables and this sweep's rows as
     * they were. A route added later is covered without touching this test.
     */
    @Test
    void injectionThroughEveryDocumentedRouteAndNameReadsNothingElse() throws Exception {
        String ours = "SELECT count() FROM trials WHERE sweep_id = '" + agentSweep + "'";
        long trials = stack.count(ours);
        List<Map<String, Object>> tables = stack.rows("SELECT name FROM system.tables WHERE database = 'default' "
                + "ORDER BY name");
        JsonNode doc = JSON.readTree(send(dashboardUrl + "/api/openapi.json", "GET", null, null, null).body());
        int routes = 0;
        for (var route : (Iterable<Map.Entry<String, JsonNode>>) doc.get("paths")::fields) {
            String template = route.getKey();
            JsonNode get = route.getValue().get("get");
            // the live stream never ends by itself; its sweep id is checked for length on the ranking's path
            if (get == null || !template.contains("{sweep}") || template.endsWith("/live")) {
                continue;
            }
            routes++;
            List<String> query = new ArrayList<>();
            for (JsonNode p : get.path("parameters")) {
                if (p.path("in").asText().equals("query")) {
                    query.add(p.get("name").asText().replace("{name}", "rank"));
                }
            }
            for (String attack : INJECTIONS) {
                String enc = URLEncoder.encode(attack, StandardCharsets.UTF_8);
                String ourPath = template.replace("{sweep}", agentSweep).replace("{trial}", "0");
                List<String> urls = new ArrayList<>(List.of(template.replace("{sweep}", enc).replace("{trial}", "0")));
                if (template.contains("{trial}")) {
                    urls.add(template.replace("{sweep}", agentSweep).replace("{trial}", enc));
                }
                for (String name : query) {
                    urls.add(ourPath + "?" + name + "=" + enc);
                }
                for (String url : urls) {
                    HttpResponse<String> r = send(dashboardUrl + url, "GET", null, null, null);
                    assertTrue(r.statusCode() < 500, url + " -> " + r.statusCode() + " " + r.body());
                    assertFalse(r.body().contains(externalSweep), url + " read another sweep: " + r.body());
                }
            }
        }
        assertTrue(routes >= 12, "the documented routes with a sweep: " + routes);
        assertEquals(trials, stack.count(ours));
        assertEquals(tables, stack.rows("SELECT name FROM system.tables WHERE database = 'default' ORDER BY name"));
    }

    @Test
    void injectionThroughEveryFilterReadsNothingElseAndChangesNothing() throws Exception {
        // other sweeps may still be running (the fuzz makes some): judge by this sweep's rows and the tables
        String ours = "SELECT count() FROM trials WHERE sweep_id = '" + agentSweep + "'";
        long trials = stack.count(ours);
        List<Map<String, Object>> tables = stack.rows("SELECT name FROM system.tables WHERE database = 'default' "
                + "ORDER BY name");
        List<String> keys = List.of("state", "sort", "order", "offset", "limit", "param.rank", "param.learning_rate",
                "param.rank.min", "param.rank.max", "metric", "task");
        for (String attack : INJECTIONS) {
            String enc = URLEncoder.encode(attack, StandardCharsets.UTF_8);
            for (String key : keys) {
                HttpResponse<String> r = send(dashboardUrl + "/api/sweeps/" + agentSweep + "/ranking?" + key + "=" + enc,
                        "GET", null, null, null);
                assertTrue(r.statusCode() < 500, key + "=" + attack + " -> " + r.statusCode() + " " + r.body());
                if (r.statusCode() == 200) {
                    JsonNode page = JSON.readTree(r.body());
                    for (JsonNode row : page.path("rows")) {
                        assertTrue(row.path("sweep_id").isMissingNode()
                                || row.path("sweep_id").asText().equals(agentSweep), "rows of another sweep: " + row);
                    }
                    assertTrue(page.path("total").asLong(0) <= 1, key + "=" + attack + " read more trials: " + page);
                }
            }
            for (String path : List.of("/api/sweeps/" + enc, "/api/sweeps/" + enc + "/ranking",
                    "/api/sweeps/" + agentSweep + "/trials/" + enc + "/curves")) {
                HttpResponse<String> r = send(dashboardUrl + path, "GET", null, null, null);
                assertTrue(r.statusCode() < 500 && r.statusCode() != 200 || !r.body().contains(externalSweep),
                        path + " -> " + r.statusCode());
            }
            HttpResponse<String> c = send(stack.controllerUrl() + "/api/sweeps/" + enc + "/trials", "GET", null, null,
                    null);
            assertEquals(404, c.statusCode(), attack);
        }
        assertEquals(trials, stack.count(ours));
        assertEquals(tables, stack.rows("SELECT name FROM system.tables WHERE database = 'default' ORDER BY name"));
    }

    @Test
    void healthAndMetricsExposeNoParametersDataOrSecrets() throws Exception {
        HttpResponse<String> metrics = send(stack.controllerUrl() + "/metrics", "GET", null, null, null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("lorasweep_events_received_total"), metrics.body());
        assertTrue(metrics.body().contains("lorasweep_clickhouse_up 1.0"), metrics.body());
        for (String endpoint : List.of(stack.controllerUrl() + "/metrics", stack.controllerUrl() + "/health",
                dashboardUrl + "/health")) {
            String body = send(endpoint, "GET", null, null, null).body();
            for (String secret : List.of(Stack.TOKEN, agentSweep, externalSweep, "learning_rate", "rank", "fuzz",
                    "bad-input")) {
                assertFalse(body.contains(secret), endpoint + " shows " + secret);
            }
        }
        // nor do the logs or the pages show the token
        try (var logs = Files.list(dir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log).contains(Stack.TOKEN), log + " shows the API token");
            }
        }
        for (String page : List.of("/", "/sweeps/" + agentSweep, "/api/sweeps", "/api/sweeps/" + agentSweep)) {
            assertFalse(send(dashboardUrl + page, "GET", null, null, null).body().contains(Stack.TOKEN), page);
        }
    }

    private HttpResponse<String> send(String url, String method, String body, String type, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
            if (type != null && !type.isBlank() && type.chars().allMatch(ch -> ch > 32 && ch < 127)) {
                b.header("Content-Type", type);
            }
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return Stack.exchange(http, b.build());
        } catch (IllegalArgumentException badUri) {
            throw new AssertionError("the generator made a URL the client refuses: " + url, badUri);
        } catch (Exception e) {
            return null;
        }
    }

    /** The admin's client settings with acks=all: a writer the broker lets write anywhere, as a bad actor with rights. */
    private static Map<String, Object> withAll(Map<String, Object> admin) {
        admin.put(ProducerConfig.ACKS_CONFIG, "all");
        return admin;
    }
}
