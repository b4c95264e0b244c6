package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Dataset;
import io.lorasweep.schemas.spec.EvalTask;
import io.lorasweep.schemas.spec.Trainer;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real agent training real (tiny) trials from Kafka in child JVMs, driven by hand-written assignments. */
@ExtendWith(LocalKafkaExtension.class)
class AgentTest {

    @TempDir
    static Path root;
    private static Agent agent;
    private static KafkaProducer<byte[], byte[]> producer;
    private static KafkaConsumer<byte[], byte[]> events;

    @BeforeAll
    static void start(KafkaBroker kafka) throws Exception {
        TinyWorld.write(root);
        agent = new Agent(new AgentConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), "test-agent", List.of("cpu"), "cpu-test", 0.36,
                root.resolve("artifacts"), root, 500, 30_000, List.of("-Xmx1g")));
        agent.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
        events = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "agent-test-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        events.subscribe(List.of(Topics.EVENTS));
    }

    @AfterAll
    static void stop() {
        agent.close();
        producer.close();
        events.close();
    }

    private static TrialAssignment assignment(int trial, Map<String, Object> params) {
        return new TrialAssignment("agent-test", trial, 1, "lease-" + trial, params, "model",
                new Dataset("data/train.jsonl", "data/eval.jsonl", null),
                List.of(new EvalTask("heldout", EvalTask.Type.PERPLEXITY, "data/heldout.txt", null, null, null)),
                System.currentTimeMillis(), 60_000, "eval_loss");
    }

    private static Map<String, Object> params(int maxSteps) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rank", 4);
        p.put("alpha", 8);
        p.put("target_modules", List.of("q_proj", "v_proj"));
        p.put("learning_rate", 1e-2);
        p.put("max_steps", maxSteps);
        p.put("batch_size", 4);
        p.put("eval_every", 2);
        return p;
    }

    private static void offer(TrialAssignment a) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TRIALS, Topics.trialKey(a.sweepId(), a.trialId())
                .getBytes(StandardCharsets.UTF_8), MessageCodec.encode(a))).get();
    }

    /** Events of one trial until it ends (finished or failed). */
    private static List<TrialEvent> eventsOf(int trial, Runnable onFirstMetrics) {
        List<TrialEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        boolean sawMetrics = false;
        while (System.nanoTime() < deadline) {
            for (var r : events.poll(Duration.ofMillis(200))) {
                TrialEvent e = MessageCodec.decode(r.value(), TrialEvent.class).orElseThrow();
                if (e.trialId() != trial) {
                    continue;
                }
                seen.add(e);
                if (training(e) && !sawMetrics) {
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

    @Test
    void aTrialTrainsSavesItsAdapterAndReportsItsObjective() throws Exception {
        offer(assignment(0, params(6)));
        List<TrialEvent> seen = eventsOf(0, () -> { });
        assertTrue(seen.get(0) instanceof Started, seen.toString());
        TrialEvent last = seen.get(seen.size() - 1);
        assertTrue(last instanceof Finished, "ended with " + last);
        Finished f = (Finished) last;
        Map<Long, Double> evalLoss = new java.util.TreeMap<>();
        seen.stream().filter(e -> e instanceof MetricsBatch).flatMap(e -> ((MetricsBatch) e).points().stream())
                .filter(p -> p.name().equals("eval_loss")).forEach(p -> evalLoss.put(p.step(), p.asDouble()));
        assertTrue(evalLoss.keySet().containsAll(List.of(2L, 4L, 6L)), "eval every 2 of 6 steps: " + evalLoss);
        // the plan made before placing the trial, beside what the trial measured
        List<MetricPoint> memory = seen.stream().filter(e -> e instanceof MetricsBatch)
                .flatMap(e -> ((MetricsBatch) e).points().stream())
                .filter(p -> p.name().equals("memory_estimate_bytes") || p.name().equals("peak_memory_bytes"))
                .toList();
        assertTrue(memory.stream().anyMatch(p -> p.name().equals("memory_estimate_bytes") && p.step() == 0
                && p.asDouble() > (1L << 30)), "the estimate counts the trial's 1 GiB heap: " + memory);
        assertTrue(memory.stream().anyMatch(p -> p.name().equals("peak_memory_bytes") && p.step() == 6),
                "the whole trial's peak at its last step: " + memory);
        double first = evalLoss.values().iterator().next();
        assertEquals(evalLoss.get(6L), f.objective(), 1e-9, "the objective is the last eval loss");
        assertTrue(evalLoss.get(6L) < first, "training lowers the eval loss: " + evalLoss);
        Path adapter = root.resolve("artifacts").resolve(f.adapterPath());
        assertTrue(Files.exists(adapter.resolve("adapter_config.json")));
        assertEquals(TrialRunner.sha256(adapter.resolve("adapter_model.safetensors")), f.adapterSha256());
        assertTrue(f.evals().stream().anyMatch(r -> r.task().equals("heldout") && r.metric().equals("perplexity")),
                f.evals().toString());
        assertEquals("cpu-test", f.cost().deviceType());
        assertTrue(f.cost().deviceSeconds() > 0 && f.cost().busySeconds() > 0, f.cost().toString());
        assertEquals(0.36 * f.cost().deviceSeconds() / 3600, f.cost().costUsd(), 1e-12);
    }

    @Test
    void theTrialAskedForTheBaselineMeasuresTheBaseModelBeforeTraining() throws Exception {
        TrialAssignment plain = assignment(4, params(2));
        Map<String, Object> qlora = new LinkedHashMap<>(plain.params());
        qlora.put("quantization", "nf4");
        offer(new TrialAssignment(plain.sweepId(), 4, 1, plain.leaseId(), qlora, plain.baseModel(), plain.dataset(),
                plain.tasks(), plain.issuedAt(), plain.leaseMs(), plain.objective(), 3));
        List<TrialEvent> seen = eventsOf(4, () -> { });
        List<BaselineEvals> baselines = seen.stream().filter(e -> e instanceof BaselineEvals)
                .map(e -> (BaselineEvals) e).toList();
        assertEquals(1, baselines.size(), seen.toString());
        BaselineEvals b = baselines.get(0);
        assertTrue(seen.indexOf(b) < seen.indexOf(seen.stream().filter(AgentTest::training).findFirst()
                .orElseThrow()), "measured before training");
        double basePerplexity = b.evals().stream().filter(r -> r.task().equals("heldout")
                && r.metric().equals("perplexity") && r.label().isEmpty()).findFirst().orElseThrow().value();
        assertTrue(Double.isFinite(basePerplexity) && basePerplexity > 1, b.toString());
        assertEquals(List.of(), b.errors());
        assertTrue(seen.get(seen.size() - 1) instanceof Finished, "the trial itself goes on: " + seen);
        // the items of both runs, for paired tests: the base model's and the adapter's, on the same documents
        List<EvalItems> items = seen.stream().filter(e -> e instanceof EvalItems).map(e -> (EvalItems) e).toList();
        assertEquals(List.of(EvalItems.Source.BASELINE, EvalItems.Source.TRIAL),
                items.stream().map(EvalItems::source).toList());
        assertEquals(items.get(0).items().stream().map(EvalItems.Item::id).toList(),
                items.get(1).items().stream().map(EvalItems.Item::id).toList());
        int perplexity = items.get(0).metrics().indexOf(new EvalItems.ItemMetric("perplexity", "",
                EvalItems.Transform.EXP));
        double nll = items.get(0).items().stream().mapToDouble(i -> i.num().get(perplexity)).sum();
        double tokens = items.get(0).items().stream().mapToDouble(i -> i.den().get(perplexity)).sum();
        assertEquals(basePerplexity, Math.exp(nll / tokens), 1e-9 * basePerplexity, "shares give the metric back");
    }

    @Test
    void aPruneOrderStopsTheTrial() throws Exception {
        offer(assignment(1, params(400)));
        List<TrialEvent> seen = eventsOf(1, () -> {
            try {
                producer.send(new ProducerRecord<>(Topics.CONTROL, "k".getBytes(StandardCharsets.UTF_8),
                        MessageCodec.encode(new Prune("agent-test", 1, 1, "test prune")))).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Failed failed = (Failed) seen.get(seen.size() - 1);
        assertEquals(Failed.Kind.PRUNED, failed.kind(), failed.reason());
    }

    @Test
    void unknownParametersFailTheTrialWithTheirNames() throws Exception {
        Map<String, Object> p = params(2);
        p.put("rnk", 4);
        offer(assignment(2, p));
        List<TrialEvent> seen = eventsOf(2, () -> { });
        Failed failed = (Failed) seen.get(seen.size() - 1);
        assertEquals(Failed.Kind.INVALID, failed.kind(), "a retry would fail the same way");
        assertTrue(failed.reason().contains("params.rnk: not a parameter the agent knows"), failed.reason());
    }

    /** An assignment that waited in the queue longer than its lease is run: waiting for a device is not losing it. */
    @Test
    void anAssignmentThatWaitedLongerThanItsLeaseStillRuns() throws Exception {
        Map<String, Object> p = params(2);
        p.put("rnk", 4); // fails at once, which is enough to show it was taken and run, not skipped
        TrialAssignment a = assignment(5, p);
        offer(new TrialAssignment(a.sweepId(), a.trialId(), a.attempt(), a.leaseId(), a.params(), a.baseModel(),
                a.dataset(), a.tasks(), System.currentTimeMillis() - 3 * a.leaseMs(), a.leaseMs(), a.objective()));
        List<TrialEvent> seen = eventsOf(5, () -> { });
        assertTrue(seen.get(0) instanceof Started, seen.toString());
        assertEquals(Failed.Kind.INVALID, ((Failed) seen.get(seen.size() - 1)).kind());
    }

    private static TrialAssignment withDataset(TrialAssignment a, Dataset dataset) {
        return new TrialAssignment(a.sweepId(), a.trialId(), a.attempt(), a.leaseId(), a.params(), a.baseModel(),
                dataset, a.tasks(), a.issuedAt(), a.leaseMs(), a.objective());
    }

    @Test
    void malformedTrainingDataFailsTheTrialAsInvalidNamingTheLine() throws Exception {
        Path broken = root.resolve("data/broken-train.jsonl");
        Files.writeString(broken, "{\"instruction\": \"a\", \"output\": \"b\"}\n{\"instruction\": 7}\n");
        TrialAssignment good = assignment(3, params(2));
        offer(withDataset(good, new Dataset("data/broken-train.jsonl", "data/eval.jsonl", null)));
        List<TrialEvent> seen = eventsOf(3, () -> { });
        Failed failed = (Failed) seen.get(seen.size() - 1);
        assertEquals(Failed.Kind.INVALID, failed.kind(), failed.reason());
        assertTrue(failed.reason().contains("broken-train.jsonl line 2"), failed.reason());
        assertTrue(seen.stream().noneMatch(AgentTest::training), "it failed before training: " + seen);
    }

    @Test
    void aPathOutsideTheDataRootFailsTheTrialAsInvalidBeforeAnythingIsRead() throws Exception {
        TrialAssignment good = assignment(4, params(2));
        offer(withDataset(good, new Dataset("data/train.jsonl", "../../../../etc/passwd", null)));
        List<TrialEvent> seen = eventsOf(4, () -> { });
        Failed failed = (Failed) seen.get(seen.size() - 1);
        assertEquals(Failed.Kind.INVALID, failed.kind(), failed.reason());
        assertTrue(failed.reason().contains("dataset.eval '../../../../etc/passwd' is outside the agent's data root"),
                failed.reason());
        assertTrue(seen.stream().noneMatch(AgentTest::training), "it failed before training: " + seen);
    }

    /** An agent started without --allow-commands runs no trainer command an assignment carries. */
    @Test
    void aTrainerCommandIsRefusedUnlessTheOperatorAllowedIt() throws Exception {
        TrialAssignment a = assignment(6, params(2));
        offer(new TrialAssignment(a.sweepId(), a.trialId(), a.attempt(), a.leaseId(), a.params(), a.baseModel(),
                a.dataset(), a.tasks(), a.issuedAt(), a.leaseMs(), a.objective(), null,
                new Trainer(List.of("sh", "-c", "touch " + root.resolve("pwned")), null)));
        List<TrialEvent> seen = eventsOf(6, () -> { });
        Failed failed = (Failed) seen.get(seen.size() - 1);
        assertEquals(Failed.Kind.INVALID, failed.kind(), failed.reason());
        assertTrue(failed.reason().contains("runs no trainer commands") && failed.reason().contains("--allow-commands"),
                failed.reason());
        assertFalse(Files.exists(root.resolve("pwned")), "the command did not run");
    }

    @Test
    void twoAgentsShareTrialsQueuedOnOnePartition(KafkaBroker kafka) throws Exception {
        try (Agent second = new Agent(new AgentConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), "second-agent", List.of("cpu"),
                "cpu-test", 0.36, root.resolve("artifacts"), root, 500, 30_000, List.of("-Xmx1g")))) {
            second.start();
            // one partition for both: a busy agent holding it would leave the other one idle
            for (int trial : new int[] {10, 11}) {
                TrialAssignment a = assignment(trial, params(10));
                producer.send(new ProducerRecord<>(Topics.TRIALS, 0, Topics.trialKey(a.sweepId(), a.trialId())
                        .getBytes(StandardCharsets.UTF_8), MessageCodec.encode(a))).get();
            }
            Map<Integer, String> ranBy = new java.util.TreeMap<>();
            java.util.Set<Integer> ended = new java.util.TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (ended.size() < 2 && System.nanoTime() < deadline) {
                for (var r : events.poll(Duration.ofMillis(200))) {
                    TrialEvent e = MessageCodec.decode(r.value(), TrialEvent.class).orElseThrow();
                    if (e instanceof Started st && (st.trialId() == 10 || st.trialId() == 11)) {
                        ranBy.put(st.trialId(), st.agentId());
                    } else if (e instanceof Finished f && (f.trialId() == 10 || f.trialId() == 11)) {
                        ended.add(f.trialId());
                    }
                }
            }
            assertEquals(java.util.Set.of(10, 11), ended, "both trials finished");
            assertEquals(2, new java.util.HashSet<>(ranBy.values()).size(), "each agent ran one: " + ranBy);
        }
    }

    /** A batch from the training loop (the agent's memory estimate comes before it). */
    private static boolean training(TrialEvent e) {
        return e instanceof MetricsBatch m && m.points().stream().anyMatch(p -> p.name().equals("train_loss"));
    }
}
