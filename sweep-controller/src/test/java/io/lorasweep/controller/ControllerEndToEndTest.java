package io.lorasweep.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.controller.trial.AttemptState;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A whole sweep over the real broker and ClickHouse engine, with a protocol-speaking test agent. */
@ExtendWith({LocalKafkaExtension.class, LocalClickHouseExtension.class})
class ControllerEndToEndTest {

    /** Shared by the controllers of one test, as a restarted controller would find its own. */
    @TempDir
    Path spool;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-token-123";
    private final HttpClient http = HttpClient.newHttpClient();

    private static String spec(int maxTrials, int maxParallel) {
        return """
                name: e2e-sweep
                base_model: assets/models/tiny
                dataset: {train: train.jsonl, eval: eval.jsonl}
                tasks: [{name: ner, type: ner, data: eval.jsonl}]
                parameters:
                  rank: {values: [4, 8, 16]}
                  learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-3}
                fixed: {epochs: 1}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: tpe, seed: 7, n_startup_trials: 2}
                budget: {max_trials: %d, max_parallel: %d}
                """.formatted(maxTrials, maxParallel);
    }

    private static double loss(Map<String, Object> p) {
        double lr = ((Number) p.get("learning_rate")).doubleValue();
        return 1 + Math.abs(Math.log10(lr / 2e-4)) + ((Number) p.get("rank")).doubleValue() / 100;
    }

    private ControllerService controller(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        return ControllerService.start(new ControllerConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), ch.httpUrl(), "default", "",
                "127.0.0.1", 0, TOKEN, null, 30_000, spool));
    }

    private HttpResponse<String> call(ControllerService c, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null && body.startsWith("{")) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(ControllerService c, String sweepId, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode sweep = null;
        while (System.nanoTime() < deadline) {
            sweep = JSON.readTree(call(c, "GET", "/api/sweeps/" + sweepId, null, null).body());
            if (condition.test(sweep)) {
                return sweep;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met; last state: " + sweep);
    }

    private static long count(LocalClickHouse ch, String sql) throws Exception {
        try (Connection c = ClickHouseJdbc.connect(ch.httpUrl(), "default", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Multipart uploads are refused, and nobody without the token gets a body read, let alone a file kept. */
    @Test
    void uploadsAreRefusedAndNothingIsReadBeforeTheTokenIsChecked(KafkaBroker kafka, LocalClickHouse ch)
            throws Exception {
        Path uploads = Path.of("file-uploads");
        if (Files.isDirectory(uploads)) {
            try (var files = Files.walk(uploads)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String multipart = "--b0\r\nContent-Disposition: form-data; name=\"spec\"; filename=\"spec.yaml\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + spec(1, 1) + "\r\n--b0--\r\n";
        try (ControllerService c = controller(kafka, ch)) {
            for (String token : new String[] {null, "wrong", TOKEN}) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.port()
                        + "/api/sweeps")).header("Content-Type", "multipart/form-data; boundary=b0")
                        .POST(HttpRequest.BodyPublishers.ofString(multipart));
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(token == TOKEN ? 415 : 401, r.statusCode(), token + " → " + r.body());
            }
            assertFalse(Files.exists(uploads), "no upload is kept on disk");
            HttpResponse<String> big = call(c, "POST", "/api/sweeps", "x".repeat(3 << 20), TOKEN);
            assertEquals(413, big.statusCode(), big.body());
        }
    }

    @Test
    void aSweepRunsToItsBudgetThroughKafkaAndLandsInClickHouse(KafkaBroker kafka, LocalClickHouse ch)
            throws Exception {
        try (ControllerService c = controller(kafka, ch); TestAgent agent = new TestAgent(kafka.bootstrapServers(),
                ControllerEndToEndTest::loss)) {
            // a base model of this test alone, so no other test's baseline is on record for it
            String model = "assets/models/tiny-" + java.util.UUID.randomUUID();
            HttpResponse<String> created = call(c, "POST", "/api/sweeps", spec(6, 2).replace("assets/models/tiny",
                    model), TOKEN);
            assertEquals(201, created.statusCode(), created.body());
            String id = JSON.readTree(created.body()).get("sweep_id").asText();
            JsonNode done = await(c, id, s -> s.get("state").asText().equals("finished"));
            assertEquals(6, done.at("/trials_by_state/complete").asInt(), done.toString());
            assertTrue(done.get("best").asDouble() >= 1.0);

            assertEquals(6, count(ch, "SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state = 'complete'"));
            assertEquals(18, count(ch, "SELECT count() FROM metrics FINAL WHERE sweep_id = '" + id + "'"));
            assertEquals(6, count(ch, "SELECT count() FROM costs FINAL WHERE sweep_id = '" + id + "'"));
            assertEquals(20, count(ch, "SELECT count() FROM trial_events FINAL WHERE sweep_id = '" + id + "'"),
                    "3 events a trial, trial 0's baseline and its items");
            assertEquals(2, count(ch, "SELECT count() FROM eval_items FINAL WHERE sweep_id = '" + id
                    + "' AND source = 'baseline' AND trial_id = 0 AND task = 'ner' AND metric = 'f1' AND den = 4"));
            assertEquals(List.of(5), agent.taken.stream().filter(a -> a.baselineShots() != null)
                    .map(a -> a.trialId() * 100 + a.baselineShots()).toList(), "only trial 0 measures the baseline");
            assertEquals(1, count(ch, "SELECT count() FROM baselines FINAL WHERE base_model = '" + model + "' "
                    + "AND task = 'ner' AND data = 'eval.jsonl' AND shots = 5 AND metric = 'f1' AND value = 0.25 "
                    + "AND measured_by = '" + id + "'"));
            // the next sweep on the same base model, task, data and shots reuses that baseline
            String next = JSON.readTree(call(c, "POST", "/api/sweeps", spec(2, 2).replace("assets/models/tiny", model),
                    TOKEN).body()).get("sweep_id").asText();
            await(c, next, s -> s.get("state").asText().equals("finished"));
            assertTrue(agent.taken.stream().filter(a -> a.sweepId().equals(next))
                    .allMatch(a -> a.baselineShots() == null), "no trial of the next sweep measures it again");
            assertEquals(1, count(ch, "SELECT count() FROM baselines FINAL WHERE base_model = '" + model + "' "
                    + "AND task = 'ner' AND metric = 'f1' AND measured_by = '" + id + "'"));
            JsonNode trials = JSON.readTree(call(c, "GET", "/api/sweeps/" + id + "/trials", null, null).body());
            assertEquals(6, trials.size());
            assertEquals(1, trials.get(0).at("/params/epochs").asInt(), "fixed values ride along");
            JsonNode points = JSON.readTree(call(c, "GET", "/api/sweeps/" + id + "/trials/0/metrics", null, null).body());
            assertEquals(3, points.size());
        }
    }

    @Test
    void mutatingRoutesNeedTheTokenAndBadSpecsGetEveryError(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        try (ControllerService c = controller(kafka, ch)) {
            assertEquals(401, call(c, "POST", "/api/sweeps", spec(1, 1), null).statusCode());
            assertEquals(401, call(c, "POST", "/api/sweeps", spec(1, 1), "wrong").statusCode());
            HttpResponse<String> bad = call(c, "POST", "/api/sweeps", spec(1, 1)
                    .replace("values: [4, 8, 16]", "values: []").replace("min: 1.0e-5", "min: 1.0e-2"), TOKEN);
            assertEquals(400, bad.statusCode());
            // the same RFC 9457 shape as the dashboard's
            assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
            assertEquals(400, JSON.readTree(bad.body()).get("status").asInt(), bad.body());
            JsonNode errors = JSON.readTree(bad.body()).get("errors");
            Set<String> paths = new HashSet<>();
            errors.forEach(e -> paths.add(e.get("path").asText()));
            assertTrue(paths.containsAll(Set.of("parameters.rank.values", "parameters.learning_rate.min")),
                    bad.body());
            assertEquals(404, call(c, "GET", "/api/sweeps/nope", null, null).statusCode());
            assertEquals(404, call(c, "POST", "/api/sweeps/nope/pause", null, TOKEN).statusCode());
            assertEquals(200, call(c, "GET", "/health", null, null).statusCode());
            assertTrue(JSON.readTree(call(c, "GET", "/api/openapi.json", null, null).body()).has("paths"));
        }
    }

    @Test
    void aRestartedControllerCarriesOnWithoutLosingOrRepeatingTrials(KafkaBroker kafka, LocalClickHouse ch)
            throws Exception {
        String id;
        try (TestAgent agent = new TestAgent(kafka.bootstrapServers(), ControllerEndToEndTest::loss)) {
            try (ControllerService first = controller(kafka, ch)) {
                id = JSON.readTree(call(first, "POST", "/api/sweeps", spec(5, 1), TOKEN).body()).get("sweep_id").asText();
                await(first, id, s -> s.at("/trials_by_state/complete").asInt() >= 2);
                agent.working(false);
            }
            try (ControllerService second = controller(kafka, ch)) {
                JsonNode restored = JSON.readTree(call(second, "GET", "/api/sweeps/" + id, null, null).body());
                assertTrue(restored.at("/trials_by_state/complete").asInt() >= 2, restored.toString());
                agent.working(true);
                JsonNode done = await(second, id, s -> s.get("state").asText().equals("finished"));
                assertEquals(5, done.at("/trials_by_state/complete").asInt(), done.toString());
            }
            Set<Integer> trialIds = new HashSet<>();
            agent.taken.stream().filter(a -> a.sweepId().equals(id)).forEach(a -> trialIds.add(a.trialId()));
            assertEquals(Set.of(0, 1, 2, 3, 4), trialIds, "each trial proposed once, none lost");
        }
        assertEquals(5, count(ch, "SELECT count() FROM trials FINAL WHERE sweep_id = '" + id + "'"));
    }

    /**
     * While the controller cannot record what it decides, the events that led there are read again and count as
     * seen, and none of the decisions is dropped: once recording works again the sweep carries on to its end.
     */
    @Test
    void decisionsThatCouldNotBeRecordedAreRecordedLater(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        try (ControllerService c = controller(kafka, ch); TestAgent agent = new TestAgent(kafka.bootstrapServers(),
                ControllerEndToEndTest::loss)) {
            agent.working(false);
            String id = JSON.readTree(call(c, "POST", "/api/sweeps", spec(3, 1), TOKEN).body()).get("sweep_id")
                    .asText();
            // what trial 0's end decides (its row, trial 1's assignment) cannot be recorded for a while
            c.failRecords(effects -> effects.changed().stream()
                    .anyMatch(t -> t.current().state() == AttemptState.COMPLETE));
            agent.working(true);
            await(c, id, s -> s.at("/trials_by_state/complete").asInt() == 1);
            Thread.sleep(2500); // events are read again and the lease check retries: both fail meanwhile
            assertEquals(List.of(0), agent.taken.stream().map(a -> a.trialId()).toList());
            assertEquals(0, count(ch, "SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state = 'complete'"), "nothing recorded while recording fails");
            c.failRecords(effects -> false);
            JsonNode done = await(c, id, s -> s.get("state").asText().equals("finished"));
            assertEquals(3, done.at("/trials_by_state/complete").asInt(), done.toString());
            assertEquals(3, count(ch, "SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state = 'complete'"));
            assertEquals(Set.of(0, 1, 2), agent.taken.stream().filter(a -> a.sweepId().equals(id))
                    .map(a -> a.trialId()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    /**
     * After a restart an ended sweep is listed from the record (ClickHouse sums it up; the controller does not load
     * its trials to start) with what it showed before, and is loaded, the same again, when someone asks for it.
     */
    @Test
    void anEndedSweepReadsTheSameAfterARestart(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        String id;
        JsonNode listedBefore;
        JsonNode before;
        try (TestAgent agent = new TestAgent(kafka.bootstrapServers(), ControllerEndToEndTest::loss);
             ControllerService first = controller(kafka, ch)) {
            id = JSON.readTree(call(first, "POST", "/api/sweeps", spec(4, 2), TOKEN).body()).get("sweep_id").asText();
            before = await(first, id, s -> s.get("state").asText().equals("finished"));
            listedBefore = listed(first, id);
        }
        try (ControllerService second = controller(kafka, ch)) {
            JsonNode listed = listed(second, id);
            for (String field : List.of("name", "state", "trials_by_state", "best", "best_trial", "created_at")) {
                assertEquals(listedBefore.get(field), listed.get(field), field + " in " + listed);
            }
            for (String field : List.of("gpu_hours", "cost_usd")) {
                assertEquals(listedBefore.get(field).asDouble(), listed.get(field).asDouble(), 1e-12, field);
            }
            JsonNode after = JSON.readTree(call(second, "GET", "/api/sweeps/" + id, null, null).body());
            for (String field : List.of("state", "trials_by_state", "best", "best_trial")) {
                assertEquals(before.get(field), after.get(field), field + " in " + after);
            }
            assertEquals(4, JSON.readTree(call(second, "GET", "/api/sweeps/" + id + "/trials", null, null).body())
                    .size());
        }
    }

    private JsonNode listed(ControllerService c, String id) throws Exception {
        for (JsonNode s : JSON.readTree(call(c, "GET", "/api/sweeps", null, null).body())) {
            if (s.get("sweep_id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("sweep " + id + " is not listed");
    }

    /** A controller started before ClickHouse waits for it, and comes up once it answers. */
    @Test
    void aControllerWaitsForClickHouse(KafkaBroker kafka, @TempDir Path data) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        java.util.concurrent.CompletableFuture<ControllerService> starting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return ControllerService.start(new ControllerConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), url, "default",
                                "", "127.0.0.1", 0, TOKEN, null, 30_000, spool));
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        Thread.sleep(3000);
        assertFalse(starting.isDone(), "nothing answers yet: it waits, it does not give up");
        try (LocalClickHouse late = LocalClickHouse.start(data.resolve("ch"), port, data.resolve("ch.log"), false);
             ControllerService c = starting.get(120, java.util.concurrent.TimeUnit.SECONDS)) {
            assertEquals(200, call(c, "GET", "/health", null, null).statusCode());
            assertEquals(201, call(c, "POST", "/api/sweeps?mode=external", spec(1, 1), TOKEN).statusCode());
        }
    }

    /** What a sweep has spent (its max_gpu_hours and max_cost_usd budgets count it) survives a restart. */
    @Test
    void aRestartedControllerKeepsWhatTheSweepSpent(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        String id;
        JsonNode before;
        try (ControllerService first = controller(kafka, ch)) {
            id = JSON.readTree(call(first, "POST", "/api/sweeps?mode=external", spec(3, 1), TOKEN).body())
                    .get("sweep_id").asText();
            assertEquals(0, JSON.readTree(call(first, "POST", "/api/sweeps/" + id + "/ask", "{}", TOKEN).body())
                    .get("trial").asInt());
            Thread.sleep(200);
            assertEquals(200, call(first, "POST", "/api/sweeps/" + id + "/trials/0/tell", "{\"value\": 2.0}", TOKEN)
                    .statusCode());
            before = JSON.readTree(call(first, "GET", "/api/sweeps/" + id, null, null).body());
            assertTrue(before.get("gpu_hours").asDouble() >= 0.2 / 3600, before.toString());
        }
        try (ControllerService second = controller(kafka, ch)) {
            JsonNode after = JSON.readTree(call(second, "GET", "/api/sweeps/" + id, null, null).body());
            assertEquals(before.get("gpu_hours").asDouble(), after.get("gpu_hours").asDouble(), 1e-12,
                    after.toString());
            assertEquals(before.get("cost_usd").asDouble(), after.get("cost_usd").asDouble(), 1e-12,
                    after.toString());
        }
    }

    @Test
    void anExternalTrainerAsksReportsAndTells(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        try (ControllerService c = controller(kafka, ch)) {
            String id = JSON.readTree(call(c, "POST", "/api/sweeps?mode=external", spec(2, 1), TOKEN).body())
                    .get("sweep_id").asText();
            JsonNode trial = JSON.readTree(call(c, "POST", "/api/sweeps/" + id + "/ask", "{}", TOKEN).body());
            assertEquals(0, trial.get("trial").asInt());
            assertTrue(trial.at("/params/rank").isInt());
            assertEquals(409, call(c, "POST", "/api/sweeps/" + id + "/ask", "{}", TOKEN).statusCode(),
                    "max_parallel 1: no second trial while the first runs");
            HttpResponse<String> reported = call(c, "POST", "/api/sweeps/" + id + "/trials/0/report",
                    "{\"step\": 1, \"value\": 2.5}", TOKEN);
            assertEquals(200, reported.statusCode(), reported.body());
            HttpResponse<String> bad = call(c, "POST", "/api/sweeps/" + id + "/trials/0/tell", "{\"value\": \"x\"}",
                    TOKEN);
            assertEquals(400, bad.statusCode());
            assertEquals("value", JSON.readTree(bad.body()).at("/errors/0/path").asText());
            assertEquals(200, call(c, "POST", "/api/sweeps/" + id + "/trials/0/tell", "{\"value\": 2.25}", TOKEN)
                    .statusCode());
            JsonNode sweep = JSON.readTree(call(c, "GET", "/api/sweeps/" + id, null, null).body());
            assertEquals(2.25, sweep.get("best").asDouble());
            assertEquals(1, count(ch, "SELECT count() FROM metrics FINAL WHERE sweep_id = '" + id + "'"));

            // a failed trial is recorded with the device time it held, not as free
            assertEquals(1, JSON.readTree(call(c, "POST", "/api/sweeps/" + id + "/ask", "{}", TOKEN).body())
                    .get("trial").asInt());
            Thread.sleep(20);
            assertEquals(200, call(c, "POST", "/api/sweeps/" + id + "/trials/1/tell", "{\"state\": \"failed\"}",
                    TOKEN).statusCode());
            assertEquals(1, count(ch, "SELECT count() FROM costs FINAL WHERE sweep_id = '" + id
                    + "' AND trial_id = 1 AND device_seconds > 0"));
        }
    }

    /** Quality against cost: the trainer tells its F1, the controller adds the device-hours it measured. */
    @Test
    void anExternalTrainerTellsEveryObjective(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        String twoObjectives = spec(2, 1).replace("metric: {name: eval_loss, goal: minimize}",
                "objectives: [{name: ner/f1, goal: maximize}, {name: gpu_hours, goal: minimize}]");
        String id;
        try (ControllerService c = controller(kafka, ch)) {
            id = JSON.readTree(call(c, "POST", "/api/sweeps?mode=external", twoObjectives, TOKEN).body())
                    .get("sweep_id").asText();
            assertEquals(0, JSON.readTree(call(c, "POST", "/api/sweeps/" + id + "/ask", "{}", TOKEN).body())
                    .get("trial").asInt());
            Thread.sleep(50);
            String tell = "/api/sweeps/" + id + "/trials/0/tell";
            HttpResponse<String> one = call(c, "POST", tell, "{\"value\": 0.8}", TOKEN);
            assertEquals(400, one.statusCode(), one.body());
            assertTrue(one.body().contains("2 values, one per objective (ner/f1, gpu_hours)"), one.body());
            HttpResponse<String> cost = call(c, "POST", tell, "{\"values\": [0.8, 3]}", TOKEN);
            assertEquals(400, cost.statusCode(), cost.body());
            assertTrue(cost.body().contains("the controller measures gpu_hours; pass null"), cost.body());
            assertEquals(200, call(c, "POST", tell, "{\"values\": [0.8, null]}", TOKEN).statusCode());
            String stored = "SELECT objectives[1] = 0.8 AND objectives[2] > 0 AND objectives[2] < 0.01 "
                    + "FROM trials FINAL WHERE sweep_id = '" + id + "' AND trial_id = 0";
            assertEquals(1, count(ch, stored));
        }
        // a restart reads the values back and the sweep goes on
        try (ControllerService again = controller(kafka, ch)) {
            assertEquals(1, JSON.readTree(call(again, "POST", "/api/sweeps/" + id + "/ask", "{}", TOKEN).body())
                    .get("trial").asInt());
        }
    }

    /** A sweep names an earlier one: its sampler starts from that sweep's complete trials. */
    @Test
    void aSweepWarmStartsFromAnEarlierOne(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        try (ControllerService c = controller(kafka, ch)) {
            String earlier = JSON.readTree(call(c, "POST", "/api/sweeps?mode=external", spec(3, 1), TOKEN).body())
                    .get("sweep_id").asText();
            for (int t = 0; t < 3; t++) {
                JsonNode asked = JSON.readTree(call(c, "POST", "/api/sweeps/" + earlier + "/ask", "{}", TOKEN).body());
                assertEquals(200, call(c, "POST", "/api/sweeps/" + earlier + "/trials/" + t + "/tell",
                        "{\"value\": " + loss(JSON.convertValue(asked.get("params"), Map.class)) + "}", TOKEN)
                        .statusCode());
            }
            HttpResponse<String> warm = call(c, "POST", "/api/sweeps?mode=external", spec(2, 1)
                    + "warm_start: [" + earlier + "]\n", TOKEN);
            assertEquals(201, warm.statusCode(), warm.body());
            JsonNode created = JSON.readTree(warm.body());
            assertEquals(3, created.get("warm_start_trials").asInt(), created.toString());
            assertEquals(earlier + ": 3 complete trials taken; 0 did not complete",
                    created.at("/warm_start/0").asText());
            // the new sweep's own trials start at 0
            assertEquals(0, JSON.readTree(call(c, "POST", "/api/sweeps/" + created.get("sweep_id").asText()
                    + "/ask", "{}", TOKEN).body()).get("trial").asInt());

            HttpResponse<String> unknown = call(c, "POST", "/api/sweeps?mode=external", spec(2, 1)
                    + "warm_start: [sw-nothere]\n", TOKEN);
            assertEquals(400, unknown.statusCode(), unknown.body());
            assertEquals("warm_start[0]", JSON.readTree(unknown.body()).at("/errors/0/path").asText());
            HttpResponse<String> other = call(c, "POST", "/api/sweeps?mode=external", spec(2, 1).replace(
                    "eval_loss, goal: minimize", "ner/f1, goal: maximize") + "warm_start: [" + earlier + "]\n",
                    TOKEN);
            assertEquals(400, other.statusCode(), other.body());
            assertTrue(other.body().contains("their values do not compare"), other.body());
        }
    }

    /**
     * A sweep stored by an older build under a rule since tightened (here max_parallel above max_trials) is listed,
     * refused when asked for, and does not stop the controller or the other sweeps.
     */
    @Test
    void aStoredSpecTheContractNowRefusesIsListedNotRun(KafkaBroker kafka, LocalClickHouse ch) throws Exception {
        String refused = "sw-old" + Long.toHexString(System.nanoTime());
        try (ControllerService c = controller(kafka, ch)) {
            String good = JSON.readTree(call(c, "POST", "/api/sweeps?mode=external", spec(2, 1), TOKEN).body())
                    .get("sweep_id").asText();
            String json = io.lorasweep.schemas.SpecCodec.toJson(io.lorasweep.schemas.SpecCodec.parseYaml(spec(2, 1)))
                    .replace("\"max_trials\":2", "\"max_trials\":1").replace("\"max_parallel\":1", "\"max_parallel\":2");
            new io.lorasweep.schemas.db.HttpRowInsert(ch.httpUrl(), "default", "").insert(
                    new io.lorasweep.schemas.db.RowBatch(io.lorasweep.schemas.db.TableRow.Sweep.TABLE).add(
                            new io.lorasweep.schemas.db.TableRow.Sweep(refused, "old", json, "running", "external",
                                    1, 2)));
            assertEquals(200, call(c, "GET", "/api/sweeps/" + good, null, null).statusCode());
        }
        try (ControllerService again = controller(kafka, ch)) {
            HttpResponse<String> list = call(again, "GET", "/api/sweeps", null, null);
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(list.body().contains(refused), list.body());
            HttpResponse<String> one = call(again, "GET", "/api/sweeps/" + refused, null, null);
            assertEquals(409, one.statusCode(), one.body());
            assertTrue(one.body().contains("stored with a spec this controller refuses"), one.body());
        }
    }
}
