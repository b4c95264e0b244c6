package io.lorasweep.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.messages.KafkaRoles;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into the real one-machine stack while real agents train: each scenario ends by checking what
 * ClickHouse holds. Listed with their last results in RELIABILITY.md.
 */
@Tag("reliability")
class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKilledAgentsTrialIsRetriedAndCompletesOnceWithTheLostAttemptChargedApart(@TempDir Path dir)
            throws Exception {
        try (Stack s = new Stack(dir)) {
            // the lease outlasts the group's 10 s session timeout, so the retry lands with a live agent
            s.startController(15);
            Process first = s.startAgent("first");
            String id = s.createSweep(Stack.tinySweep("kill-agent", 2, 1, 3000, 2));
            s.await("trial 0 to start training", Duration.ofMinutes(3), () -> points(s, id, 0, 1) >= 1);
            Stack.kill(first);
            assertEquals(0, s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state = 'complete'"), "the trial must still run when its agent is killed");
            s.startAgent("second");
            s.await("the sweep to finish", Duration.ofMinutes(5), () -> s.sweepState(id).equals("finished"));

            List<Map<String, Object>> attempts = s.rows("SELECT trial_id, attempt, state FROM trials FINAL "
                    + "WHERE sweep_id = '" + id + "' ORDER BY trial_id, attempt");
            assertEquals(List.of(attempt(0, 1, "lost"), attempt(0, 2, "complete"), attempt(1, 1, "complete")),
                    attempts.stream().map(r -> attempt(((Number) r.get("trial_id")).intValue(),
                            ((Number) r.get("attempt")).intValue(), (String) r.get("state"))).toList(), s.logs());
            List<Map<String, Object>> costs = s.rows("SELECT trial_id, attempt, device_seconds, cost_usd FROM costs "
                    + "FINAL WHERE sweep_id = '" + id + "' ORDER BY trial_id, attempt");
            assertEquals(3, costs.size(), "one cost row per attempt, the lost one apart: " + costs);
            for (Map<String, Object> c : costs) {
                assertTrue(((Number) c.get("device_seconds")).doubleValue() > 0
                        && ((Number) c.get("cost_usd")).doubleValue() > 0, "every attempt is paid for: " + c);
            }
            s.await("the killed agent's trial process to stop", Duration.ofSeconds(60),
                    () -> trialProcesses(dir) == 0);
        }
    }

    @Test
    void aControllerKilledMidSweepLosesNoTrialAndProposesNoneTwice(@TempDir Path dir) throws Exception {
        try (Stack s = new Stack(dir)) {
            s.startController(5);
            s.startAgent("a");
            s.startAgent("b");
            String id = s.createSweep(Stack.tinySweep("restart-controller", 6, 2, 40, 2));
            s.await("two trials to complete", Duration.ofMinutes(4), () -> completed(s, id) >= 2);
            s.killController();
            s.startController(5);
            s.await("the sweep to finish", Duration.ofMinutes(6), () -> s.sweepState(id).equals("finished"));

            assertEquals(6, s.count("SELECT countDistinct(trial_id) FROM trials FINAL WHERE sweep_id = '" + id + "'"));
            assertEquals(0, s.count("SELECT count() FROM (SELECT trial_id FROM trials FINAL WHERE sweep_id = '" + id
                    + "' GROUP BY trial_id HAVING countIf(state = 'complete') != 1 OR countDistinct(params_json) != 1)"),
                    "each trial completes once, with the parameters it was proposed with: " + s.rows("SELECT trial_id, "
                            + "attempt, state, params_json, reason FROM trials FINAL WHERE sweep_id = '" + id
                            + "' ORDER BY trial_id, attempt") + s.logs());
            assertEquals(6, s.count("SELECT countDistinct(params_json) FROM trials FINAL WHERE sweep_id = '" + id + "'"),
                    "no parameters were proposed twice");
            // the restarted controller's view, which its sampler reads, is ClickHouse's
            JsonNode trials = JSON.readTree(s.call("GET", "/api/sweeps/" + id + "/trials", null, null).body());
            Map<Integer, Double> stored = new java.util.TreeMap<>();
            for (Map<String, Object> r : s.rows("SELECT trial_id, objective FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state = 'complete'")) {
                stored.put(((Number) r.get("trial_id")).intValue(), ((Number) r.get("objective")).doubleValue());
            }
            Map<Integer, Double> served = new java.util.TreeMap<>();
            for (JsonNode t : trials) {
                if (t.path("state").asText().equals("complete")) {
                    served.put(t.path("trial").asInt(), t.path("objective").asDouble());
                }
            }
            assertEquals(stored, served);
        }
    }

    @Test
    void aBrokerRestartedMidSweepLosesNoEvent(@TempDir Path dir) throws Exception {
        try (Stack s = new Stack(dir)) {
            s.startController(60);
            s.startAgent("a");
            String id = s.createSweep(Stack.tinySweep("restart-kafka", 2, 1, 160, 2));
            s.await("trial 0 to train a while", Duration.ofMinutes(3), () -> points(s, id, 0, 1) >= 10);
            s.stopKafka();
            Thread.sleep(10_000);
            s.startKafka();
            s.await("the sweep to finish", Duration.ofMinutes(5), () -> s.sweepState(id).equals("finished"));

            assertEquals(0, s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state != 'complete'"), "no attempt was lost or retried" + s.logs());
            assertEquals(0, s.count("SELECT count() FROM (SELECT trial_id, attempt FROM metrics FINAL WHERE sweep_id = '"
                    + id + "' AND name = 'train_loss' GROUP BY trial_id, attempt HAVING count() != 160)"),
                    "every step's training loss of every attempt arrived");
            assertEquals(s.pointsOnTopic(id), s.count("SELECT count() FROM metrics FINAL WHERE sweep_id = '" + id + "'"),
                    "every point sent is in ClickHouse");
        }
    }

    @Test
    void thirtySecondsWithoutClickHouseLoseNothingAndShowInHealth(@TempDir Path dir) throws Exception {
        try (Stack s = new Stack(dir)) {
            s.startController(10);
            s.startAgent("a");
            String id = s.createSweep(Stack.tinySweep("clickhouse-outage", 3, 1, 120, 2));
            s.await("trial 0 to train a while", Duration.ofMinutes(3), () -> points(s, id, 0, 1) >= 10);
            s.stopClickHouse();
            long down = System.nanoTime();
            s.await("the health endpoint to report the outage", Duration.ofSeconds(20), () -> {
                JsonNode h = health(s);
                return h.path("status").asText().equals("degraded") && h.path("clickhouse").path("spooled_batches")
                        .asLong() > 0;
            });
            JsonNode during = health(s);
            assertEquals(false, during.path("clickhouse").path("up").asBoolean(true));
            Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - down) / 1_000_000));
            s.startClickHouse();
            s.await("the spool to drain", Duration.ofMinutes(2), () -> health(s).path("status").asText().equals("ok"));
            s.await("the sweep to finish", Duration.ofMinutes(5), () -> s.sweepState(id).equals("finished"));

            assertEquals(0, s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + id
                    + "' AND state != 'complete'"), "heartbeats kept every lease alive through the outage" + s.logs());
            assertEquals(3, s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + id + "'"));
            assertEquals(s.pointsOnTopic(id), s.count("SELECT count() FROM metrics FINAL WHERE sweep_id = '" + id + "'"),
                    "every point sent is in ClickHouse");
            assertEquals(3, s.count("SELECT count() FROM costs FINAL WHERE sweep_id = '" + id + "'"));
            assertEquals(3, s.count("SELECT countDistinct(trial_id) FROM evals FINAL WHERE sweep_id = '" + id + "'"));
        }
    }

    @Test
    void eventsDeliveredTwiceAndOutOfOrderLeaveTheSameRowsAsDeliveredOnce(@TempDir Path dir) throws Exception {
        try (Stack s = new Stack(dir)) {
            s.startController(30);
            String spec = """
                    name: %s
                    base_model: model
                    dataset: {train: data/train.jsonl, eval: data/eval.jsonl}
                    tasks: [{name: heldout, type: perplexity, data: data/heldout.txt}]
                    parameters:
                      rank: {values: [2, 4, 8]}
                      learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-2}
                    metric: {name: eval_loss, goal: minimize}
                    sampler: {type: tpe, seed: 11, n_startup_trials: 3}
                    budget: {max_trials: 8, max_parallel: 1}
                    """;
            String once;
            try (SimulatedAgent agent = new SimulatedAgent(s.kafka(KafkaRoles.AGENT), "once", 4, 25, false)) {
                once = s.createSweep(spec.formatted("delivered-once"));
                s.await("the first sweep", Duration.ofMinutes(2), () -> s.sweepState(once).equals("finished"));
            }
            String twice;
            try (SimulatedAgent agent = new SimulatedAgent(s.kafka(KafkaRoles.AGENT), "twice", 4, 25, true)) {
                twice = s.createSweep(spec.formatted("delivered-twice"));
                s.await("the second sweep", Duration.ofMinutes(2), () -> s.sweepState(twice).equals("finished"));
            }
            Thread.sleep(2000); // the last late duplicates are recorded after the sweep's end
            for (String table : List.of(
                    "SELECT trial_id, attempt, state, params_json, objective, agent_id != '' AS has_agent, "
                            + "started_at IS NOT NULL AS has_start, adapter_sha256 FROM trials FINAL WHERE sweep_id = '%s'",
                    "SELECT trial_id, attempt, name, step, value FROM metrics FINAL WHERE sweep_id = '%s'",
                    "SELECT trial_id, attempt, task, metric, value FROM evals FINAL WHERE sweep_id = '%s'",
                    "SELECT trial_id, attempt, device_seconds, cost_usd FROM costs FINAL WHERE sweep_id = '%s'",
                    "SELECT type, count() FROM trial_events FINAL WHERE sweep_id = '%s' GROUP BY type")) {
                String order = " ORDER BY ALL";
                List<Map<String, Object>> a = s.rows(table.formatted(once) + order);
                List<Map<String, Object>> b = s.rows(table.formatted(twice) + order);
                assertTrue(!a.isEmpty(), table);
                assertEquals(a, b, table);
            }
            assertEquals(8, s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + twice + "'"));
        }
    }

    private static String attempt(int trial, int attempt, String state) {
        return trial + "/" + attempt + " " + state;
    }

    private static long points(Stack s, String sweepId, int trial, int attempt) {
        try {
            return s.count("SELECT count() FROM metrics FINAL WHERE sweep_id = '" + sweepId + "' AND trial_id = "
                    + trial + " AND attempt = " + attempt + " AND name = 'train_loss'");
        } catch (Exception e) {
            return 0;
        }
    }

    private static long completed(Stack s, String sweepId) {
        try {
            return s.count("SELECT count() FROM trials FINAL WHERE sweep_id = '" + sweepId + "' AND state = 'complete'");
        } catch (Exception e) {
            return 0;
        }
    }

    private static JsonNode health(Stack s) {
        try {
            HttpResponse<String> r = s.call("GET", "/health", null, null);
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** Trial processes still running from this test's agents. */
    private static long trialProcesses(Path dir) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("TrialMain") && c.contains(dir.toString())).orElse(false)).count();
    }
}
