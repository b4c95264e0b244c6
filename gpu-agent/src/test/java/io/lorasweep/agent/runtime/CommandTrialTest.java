package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.Trainer;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent running trials whose trainer is a command: a Python script (standard library only, in
 * {@code command-trainer/fake_trainer.py}) that prints metrics and writes a PEFT adapter for {@link TinyWorld}'s
 * model, or fails, or leaves nothing, or will not stop when asked.
 */
@ExtendWith(LocalKafkaExtension.class)
class CommandTrialTest {

    private static final String SWEEP = "command-test";
    /** The watchdog's patience here: longer than any other trial of this class is silent. */
    private static final long STALL_MS = 20_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;
    private static Agent agent;
    private static KafkaProducer<byte[], byte[]> producer;
    private static KafkaConsumer<byte[], byte[]> events;

    @BeforeAll
    static void start(KafkaBroker kafka) throws Exception {
        Assumptions.assumeTrue(python3(), "python3 is not on the PATH: the command backend's tests run a Python "
                + "script as the trainer");
        TinyWorld.write(root);
        Path script = Files.createDirectories(root.resolve("trainers")).resolve("fake_trainer.py");
        try (InputStream in = CommandTrialTest.class.getResourceAsStream("/command-trainer/fake_trainer.py")) {
            Files.write(script, in.readAllBytes());
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        agent = new Agent(new AgentConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), "command-agent", List.of("cpu"), "cpu-test", 0.36,
                root.resolve("artifacts"), root, 500, 30_000, List.of("-Xmx1g"), STALL_MS,
                AgentConfig.DEFAULT_STOP_GRACE_MS, CommandPolicy.ANY));
        agent.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
        events = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "command-test-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        events.subscribe(List.of(Topics.EVENTS));
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
            producer.close();
            events.close();
        }
    }

    private static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Parameters of the script's own: names the built-in trainer would refuse are fine here. */
    private static Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rank", 4);
        p.put("alpha", 8);
        p.put("target_modules", List.of("q_proj", "v_proj"));
        p.put("learning_rate", 0.01);
        p.put("lr_scheduler_type", "cosine");
        p.put("pack-sequences", true);
        return p;
    }

    private static TrialAssignment assignment(int trial, Integer baselineShots, String... command) {
        return assignment(trial, "eval_loss", baselineShots, command);
    }

    private static TrialAssignment assignment(int trial, String objective, Integer baselineShots,
                                              String... command) {
        return new TrialAssignment(SWEEP, trial, 1, "lease-" + trial, params(), "model",
                new Dataset("data/train.jsonl", "data/eval.jsonl", null),
                List.of(new EvalTask("heldout", EvalTask.Type.PERPLEXITY, "data/heldout.txt", null, null, null)),
                System.currentTimeMillis(), 60_000, objective, baselineShots, new Trainer(List.of(command), null));
    }

    private static void offer(TrialAssignment a) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TRIALS, Topics.trialKey(a.sweepId(), a.trialId())
                .getBytes(StandardCharsets.UTF_8), MessageCodec.encode(a))).get();
    }

    /** Events of one trial of this sweep until it ends (finished or failed). */
    private static List<TrialEvent> eventsOf(int trial, Runnable onFirstMetrics) {
        List<TrialEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        boolean sawMetrics = false;
        while (System.nanoTime() < deadline) {
            for (var r : events.poll(Duration.ofMillis(200))) {
                TrialEvent e = MessageCodec.decode(r.value(), TrialEvent.class).orElseThrow();
                if (!e.sweepId().equals(SWEEP) || e.trialId() != trial) {
                    continue;
                }
                seen.add(e);
                if (e instanceof MetricsBatch && !sawMetrics) {
                    sawMetrics = true;
                    onFirstMetrics.run();
                }
                if (e instanceof Finished || e instanceof Failed) {
                    return seen;
                }
            }
        }
        throw new AssertionError("trial " + trial + " did not end; events so far: " + seen);
    }

    private static List<MetricPoint> points(List<TrialEvent> seen, String name) {
        return seen.stream().filter(e -> e instanceof MetricsBatch).flatMap(e -> ((MetricsBatch) e).points().stream())
                .filter(p -> p.name().equals(name)).toList();
    }

    private static double perplexity(List<EvalResult> evals) {
        return evals.stream().filter(r -> r.task().equals("heldout") && r.metric().equals("perplexity")
                && r.label().equals(EvalResult.OVERALL)).findFirst().orElseThrow().value();
    }

    private static Path attemptDir(int trial) {
        return root.resolve("artifacts").resolve(SWEEP).resolve("trial-" + trial + "-attempt-1");
    }

    @Test
    void aCommandTrialReportsTheScriptsMetricsAndItsAdapterEvaluatedLikeABuiltInOne() throws Exception {
        offer(assignment(100, 0, "python3", "trainers/fake_trainer.py", "ok"));
        List<TrialEvent> seen = eventsOf(100, () -> { });
        Finished f = assertInstanceOf(Finished.class, seen.get(seen.size() - 1), seen.toString());

        // the metric lines, named as the script named them; the malformed line and the string field left out
        assertEquals(List.of(1L, 2L, 4L), points(seen, "train_loss").stream().map(MetricPoint::step).toList());
        assertEquals(2.5, points(seen, "train_loss").get(0).asDouble());
        assertTrue(Double.isNaN(points(seen, "train_loss").get(1).asDouble()), "a NaN is recorded as such");
        assertEquals(List.of(2.0, 1.75), points(seen, "eval_loss").stream().map(MetricPoint::asDouble).toList());
        assertEquals(0.25, points(seen, "eval_accuracy").get(0).asDouble(), "from the nested metrics object");
        assertEquals(0.01, points(seen, "learning_rate").get(0).asDouble());
        assertEquals(List.of(), points(seen, "note"));
        assertEquals(1.75, f.objective(), "the objective is the last eval_loss the script printed");

        // its adapter, hashed, and evaluated on the sweep's task: the base model's perplexity moved
        Path adapter = root.resolve("artifacts").resolve(f.adapterPath());
        assertEquals(attemptDir(100).toRealPath(), adapter.toRealPath());
        assertEquals(TrialRunner.sha256(adapter.resolve("adapter_model.safetensors")), f.adapterSha256());
        BaselineEvals baseline = seen.stream().filter(e -> e instanceof BaselineEvals).map(e -> (BaselineEvals) e)
                .findFirst().orElseThrow(() -> new AssertionError("the baseline was asked for: " + seen));
        assertTrue(seen.indexOf(baseline) < seen.indexOf(seen.stream().filter(e -> e instanceof MetricsBatch)
                .findFirst().orElseThrow()), "the baseline is measured before the command runs");
        double base = perplexity(baseline.evals());
        double adapted = perplexity(f.evals());
        assertTrue(Double.isFinite(adapted) && adapted > 1, f.evals().toString());
        assertNotEquals(base, adapted, 1e-6 * base, "the script's adapter was applied");

        // what the script was given
        JsonNode given = JSON.readTree(attemptDir(100).resolve("seen.json").toFile());
        assertEquals(root.toRealPath().toString(), given.get("cwd").asText(), "it runs in the data root");
        assertEquals(JSON.valueToTree(params()), given.get("params"));
        assertEquals("[\"q_proj\",\"v_proj\"]", given.get("LORASWEEP_PARAM_TARGET_MODULES").asText());
        assertEquals("cosine", given.get("LORASWEEP_PARAM_LR_SCHEDULER_TYPE").asText());
        assertEquals("true", given.get("LORASWEEP_PARAM_PACK_SEQUENCES").asText());
        assertEquals("0.01", given.get("LORASWEEP_PARAM_LEARNING_RATE").asText());
        assertEquals("100", given.get("LORASWEEP_TRIAL_ID").asText());
        assertEquals("1", given.get("LORASWEEP_ATTEMPT").asText());
        assertEquals(SWEEP, given.get("LORASWEEP_SWEEP_ID").asText());
        assertEquals(root.resolve("model").toAbsolutePath().toString(), given.get("LORASWEEP_BASE_MODEL").asText());
        assertEquals(root.resolve("data/eval.jsonl").toAbsolutePath().toString(),
                given.get("LORASWEEP_EVAL_FILE").asText());
        assertTrue(given.get("train_file_exists").asBoolean(), given.toString());

        // its log lines and the refused line are in the trial log
        String log = Files.readString(attemptDir(100).resolve("trial.log"));
        assertTrue(log.contains("epoch 1 done") && log.contains("loading "), log);
        assertTrue(log.contains("skipped, not valid JSON"), log);
    }

    @Test
    void theObjectiveMayBeAnEvalTasksMetricOrAnyMetricTheCommandPrints() throws Exception {
        offer(assignment(104, "heldout/perplexity", null, "python3", "trainers/fake_trainer.py", "ok"));
        Finished byTask = assertInstanceOf(Finished.class, last(eventsOf(104, () -> { })));
        assertEquals(perplexity(byTask.evals()), byTask.objective());

        offer(assignment(105, "eval_accuracy", null, "python3", "trainers/fake_trainer.py", "ok"));
        assertEquals(0.25, assertInstanceOf(Finished.class, last(eventsOf(105, () -> { }))).objective());

        offer(assignment(106, "eval_f1", null, "python3", "trainers/fake_trainer.py", "ok"));
        Failed none = assertInstanceOf(Failed.class, last(eventsOf(106, () -> { })));
        assertEquals(Failed.Kind.INVALID, none.kind(), "the same script would print the same on a retry");
        assertEquals("the objective is eval_f1 but the trainer command printed no eval_f1; print lines such as "
                + "{\"step\": 100, \"eval_f1\": 1.23} on its standard output", none.reason());
    }

    private static TrialEvent last(List<TrialEvent> seen) {
        return seen.get(seen.size() - 1);
    }

    @Test
    void aCommandThatExitsWithAnErrorFailsWithItsCodeAndLastLines() throws Exception {
        // a relative program with a '/' resolves against the data root
        offer(assignment(101, null, "trainers/fake_trainer.py", "fail"));
        List<TrialEvent> seen = eventsOf(101, () -> { });
        Failed failed = assertInstanceOf(Failed.class, seen.get(seen.size() - 1), seen.toString());
        assertEquals(Failed.Kind.ERROR, failed.kind(), "retried, as an out-of-memory may not recur elsewhere");
        assertTrue(failed.reason().startsWith("the trainer command exited with code 3; last lines:"),
                failed.reason());
        assertTrue(failed.reason().contains("pretend the GPU ran out of memory"), failed.reason());
    }

    @Test
    void aCommandThatLeavesNoAdapterFailsAsInvalid() throws Exception {
        offer(assignment(102, null, "python3", "trainers/fake_trainer.py", "no-adapter"));
        List<TrialEvent> seen = eventsOf(102, () -> { });
        Failed failed = assertInstanceOf(Failed.class, seen.get(seen.size() - 1), seen.toString());
        assertEquals(Failed.Kind.INVALID, failed.kind(), failed.reason());
        assertTrue(failed.reason().startsWith("the trainer command exited with code 0 but left no valid PEFT "
                + "adapter in LORASWEEP_ADAPTER_DIR: "), failed.reason());
        assertTrue(failed.reason().contains("has no adapter_config.json"), failed.reason());
        assertEquals(2, points(seen, "eval_loss").size(), "its metrics were still recorded");
    }

    @Test
    void aPrunedCommandIsStoppedEvenWhenItIgnoresSigterm() throws Exception {
        offer(assignment(103, null, "python3", "trainers/fake_trainer.py", "slow"));
        List<TrialEvent> seen = eventsOf(103, () -> {
            try {
                producer.send(new ProducerRecord<>(Topics.CONTROL, "k".getBytes(StandardCharsets.UTF_8),
                        MessageCodec.encode(new Prune(SWEEP, 103, 1, "test prune")))).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Failed failed = assertInstanceOf(Failed.class, seen.get(seen.size() - 1), seen.toString());
        assertEquals(Failed.Kind.PRUNED, failed.kind(), failed.reason());
        assertTrue(failed.reason().matches("stopped at step \\d+ \\(pruned\\)"), failed.reason());
        long pid = Long.parseLong(Files.readString(attemptDir(103).resolve("trainer.pid")).trim());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the script is gone");
    }

    /**
     * A trainer that prints 20,000 points in a burst, then 24,000 at once, and a 3 MB line: the points reach Kafka in
     * events under its 1 MB limit (one event held them all and failed the trial) and the line is cut, not read whole.
     */
    @Test
    void aFloodOfPointsAndAnEndlessLineDoNotStopTheTrial() throws Exception {
        offer(assignment(110, null, "python3", "trainers/fake_trainer.py", "flood"));
        List<TrialEvent> seen = eventsOf(110, () -> { });
        assertInstanceOf(Finished.class, seen.get(seen.size() - 1), seen.toString());
        List<MetricPoint> losses = points(seen, "train_loss");
        assertEquals(20_000, losses.size());
        assertEquals(6, points(seen, "m3999").size(), "six lines of 4,000 metrics");
        assertTrue(seen.stream().filter(e -> e instanceof MetricsBatch)
                .allMatch(e -> ((MetricsBatch) e).points().size() <= Agent.POINTS_PER_BATCH));
        String log = String.join("\n", BoundedLines.tail(attemptDir(110).resolve("trial.log"), 1000));
        assertTrue(log.contains(BoundedLines.CUT.trim()), "the long line is kept cut in the trial's log");
    }

    /** A trial that hangs without a word holds no device for good: it fails, and its whole process tree is gone. */
    @Test
    void aSilentTrialIsKilledWithItsProcessesByTheWatchdog() throws Exception {
        offer(assignment(109, null, "python3", "trainers/fake_trainer.py", "hang"));
        List<TrialEvent> seen = eventsOf(109, () -> { });
        Failed failed = assertInstanceOf(Failed.class, seen.get(seen.size() - 1), seen.toString());
        assertEquals(Failed.Kind.ERROR, failed.kind(), failed.reason());
        assertTrue(failed.reason().startsWith("the trial printed nothing for 20.0 s"), failed.reason());
        for (String pid : Files.readString(attemptDir(109).resolve("trainer.pid")).trim().split(" ")) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
                    "process " + pid + " (the script, then its child) is gone");
        }
    }

    @Test
    void theCpuTimeOfAnEndedChildIsCounted() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/stat")), "needs Linux's /proc");
        double before = CommandTrial.reapedChildrenCpuSeconds().orElseThrow();
        // a child that computes for a while (its CPU time, not how long it takes, is what is measured)
        Process busy = new ProcessBuilder("python3", "-c", "sum(i * i for i in range(6_000_000))").start();
        assertEquals(0, busy.waitFor());
        double after = CommandTrial.reapedChildrenCpuSeconds().orElseThrow();
        assertTrue(after - before >= 0.1, "before " + before + " s, after " + after + " s");
        // and it reaches the agent, which adds it to what it measured of the trial process
        assertEquals(new ChildMessages.CommandCpu(after - before), ChildMessages.parse(ChildMessages.line(
                new ChildMessages.CommandCpu(after - before))).orElseThrow());
    }
}
