package io.lorasweep.agent.runtime;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.Cancel;
import io.lorasweep.schemas.messages.ContractConsumer;
import io.lorasweep.schemas.messages.Control;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.Heartbeat;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GPU agent: one member of the agents' consumer group per device, each taking one trial at a time from
 * {@code lora.trials} and running it in its own JVM ({@link TrialMain}). While a trial runs the agent renews its
 * lease with heartbeats, forwards the trial's metrics to {@code lora.events} in batches, passes prune and cancel
 * orders to it, and in the end reports finished or failed with the device time and cost. A trial's Kafka offset is
 * committed when the agent takes it, before it starts: if the agent dies, no other agent resumes the attempt; its
 * lease runs out and the controller offers a new attempt, so the lost one's cost is still counted.
 */
public final class Agent implements AutoCloseable {

    public static final String GROUP = Topics.AGENT_GROUPS + "s";
    /** Why a trial stops when its agent shuts down: the controller treats it as lost and retries it. */
    static final Failed.Kind HANDED_BACK = Failed.Kind.LOST;
    /** How long a process told to terminate (SIGTERM) has before it is killed (SIGKILL). */
    static final long KILL_AFTER_MS = 10_000;
    /** Metric points per event: with names and labels of a few hundred bytes at most, well under 1 MB. */
    static final int POINTS_PER_BATCH = 1000;
    /**
     * The longest line read from a trial process: its messages (all of a task's per-item scores in one) are far
     * longer than a trainer's lines may be, yet one must not fill the agent's heap.
     */
    static final int CHILD_LINE_CHARS = 16 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final MemoryPlanner memory;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Thread> slots = new ArrayList<>();
    /** The trials running here, each with why it must stop (null while it may go on). */
    private final Map<TrialKey, AtomicReference<Failed.Kind>> stopRequests = new ConcurrentHashMap<>();

    private record TrialKey(String sweepId, int trialId, int attempt) {
    }
    private final Thread controls;
    private volatile boolean taking = true;
    private volatile boolean running = true;

    /**
     * @throws ComputeDevice.DeviceUnavailableException before anything connects, when a configured CUDA device is
     *                                                  not visible to the engine: trials never fall back to the CPU
     */
    public Agent(AgentConfig config) {
        config.devices().forEach(d -> ComputeDevice.parse(d).requireAvailable());
        this.config = config;
        this.memory = new MemoryPlanner(config.dataRoot(), config.trialJvmOptions());
        this.producer = new KafkaProducer<>(config.kafka().clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5)),
                new ByteArraySerializer(), new ByteArraySerializer());
        for (String device : config.devices()) {
            Thread t = new Thread(() -> serve(device), "agent-" + device);
            slots.add(t);
        }
        controls = new Thread(this::followControls, "agent-controls");
        controls.setDaemon(true);
    }

    public void start() {
        controls.start();
        slots.forEach(Thread::start);
        LOG.info("agent {} takes trials on {} ({} per device-hour)", config.agentId(), config.devices(),
                config.pricePerHour());
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String reset, int maxRecords) {
        return new KafkaConsumer<>(config.kafka().clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords,
                // a killed agent's partitions (and the retries the controller puts there) go to a live agent
                // within 10 s instead of Kafka's default 45 s
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000)), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** One device: take a trial, run it to its end, commit, repeat. */
    private void serve(String device) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(GROUP, "earliest", 1);
             ContractConsumer<TrialAssignment> reader = new ContractConsumer<>(consumer, producer,
                     TrialAssignment.class)) {
            consumer.subscribe(List.of(Topics.TRIALS));
            while (taking) {
                for (ContractConsumer.Received<TrialAssignment> r : reader.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    TrialAssignment a = r.message();
                    long startedAt = System.currentTimeMillis();
                    // the controller starts the attempt's lease when it hears this (waiting in the queue holds
                    // none), so it is said before the record is committed: an agent that dies before the commit
                    // leaves the record to another agent, one that dies after it leaves a lease that runs out
                    try {
                        // the device type, not the slot: sweeps price device-hours by type, and an attempt that ends
                        // without a finished report is charged by it
                        send(new Started(id(), a.sweepId(), a.trialId(), a.attempt(), config.agentId(),
                                config.deviceType(), startedAt));
                    } catch (IllegalStateException e) {
                        LOG.warn("could not report the start of trial {}/{}; taking it again ({})", a.sweepId(),
                                a.trialId(), e.getMessage());
                        consumer.seek(tp, r.offset());
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException stop) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        break;
                    }
                    // taken for good before it runs: if this agent dies, the controller's lease runs out and it
                    // offers a new attempt, so no other agent silently resumes this one and its cost is counted
                    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
                    // a busy device leaves the group, so the trials keyed to its partitions go to an idle one
                    // instead of queueing behind this trial
                    consumer.unsubscribe();
                    try {
                        runTrial(a, device, startedAt);
                    } finally {
                        consumer.subscribe(List.of(Topics.TRIALS));
                    }
                    break; // the rest of this poll's records belong to whoever holds the partitions now
                }
                if (reader.consumer().assignment().isEmpty()) {
                    continue;
                }
                consumer.commitSync(); // refused (dead-lettered) records need no more work
            }
        } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("device {} stopped taking trials", device, e);
        }
    }

    private void runTrial(TrialAssignment a, String device, long startedAt) {
        TrialKey key = new TrialKey(a.sweepId(), a.trialId(), a.attempt());
        AtomicReference<Failed.Kind> stop = new AtomicReference<>();
        stopRequests.put(key, stop);
        Deque<String> stderrTail = new ArrayDeque<>();
        ChildMessages.Message outcome = null;
        double cpuSeconds = 0;
        // the trial process's own CPU time leaves out the processes it started (a trainer command): it says theirs
        DoubleAdder commandCpuSeconds = new DoubleAdder();
        int exitCode = -1;
        Path dir;
        try {
            dir = new ArtifactStore(config.artifacts()).attemptDir(a.sweepId(), a.trialId(), a.attempt());
        } catch (IOException e) {
            stopRequests.remove(key);
            LOG.warn("refusing trial {}/{}: {}", a.sweepId(), a.trialId(), e.getMessage());
            send(new Failed(id(), a.sweepId(), a.trialId(), a.attempt(), e.getMessage(), Failed.Kind.INVALID,
                    System.currentTimeMillis()));
            return;
        }
        Optional<String> refused = a.trainer() == null ? Optional.empty()
                : config.commands().refusal(a.trainer().command());
        if (refused.isPresent()) {
            // invalid: the controller makes no retry, the same assignment would be refused again
            stopRequests.remove(key);
            LOG.warn("refusing trial {}/{}: {}", a.sweepId(), a.trialId(), refused.get());
            send(new Failed(id(), a.sweepId(), a.trialId(), a.attempt(), refused.get(), Failed.Kind.INVALID,
                    System.currentTimeMillis()));
            return;
        }
        Optional<MemoryEstimate> estimate = memory.estimate(a, device);
        OptionalLong room = estimate.isPresent() ? MemoryPlanner.room(device) : OptionalLong.empty();
        if (estimate.isPresent() && room.isPresent() && estimate.get().total() > room.getAsLong()) {
            // retried like any error: another agent, or this one later, may have the room
            stopRequests.remove(key);
            String reason = "not placed on " + device + ": the trial needs an estimated " + estimate.get().describe()
                    + ", the device has " + MemoryEstimate.mib(room.getAsLong()) + " free";
            LOG.warn("trial {}/{}: {}", a.sweepId(), a.trialId(), reason);
            send(new Failed(id(), a.sweepId(), a.trialId(), a.attempt(), reason, Failed.Kind.ERROR,
                    System.currentTimeMillis()));
            return;
        }
        Process process = null;
        try {
            Files.createDirectories(dir);
            Path assignmentFile = dir.resolve("assignment.json");
            Files.write(assignmentFile, MessageCodec.encode(a));
            process = startTrialProcess(assignmentFile, dir.resolve("trial.log"), device);
            Process child = process;
            List<MetricPoint> pending = new ArrayList<>();
            // reported beside the trial's measured peak_memory_bytes
            estimate.ifPresent(e -> pending.add(MetricPoint.of("memory_estimate_bytes", 0, e.total(), startedAt)));
            AtomicReference<ChildMessages.Message> result = new AtomicReference<>();
            AtomicLong lastOutput = new AtomicLong(System.currentTimeMillis());
            Thread reader = new Thread(() -> readChild(a, child, pending, result, commandCpuSeconds, lastOutput),
                    "trial-output");
            reader.start();
            long lastHeartbeat = startedAt;
            long lastFlush = startedAt;
            long stopSentAt = 0;
            boolean killed = false;
            while (!process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                long now = System.currentTimeMillis();
                cpuSeconds = Math.max(cpuSeconds, cpuSeconds(process));
                if (now - lastFlush >= 1000) {
                    flushMetrics(a, pending);
                    lastFlush = now;
                }
                if (now - lastHeartbeat >= config.heartbeatMs()) {
                    send(new Heartbeat(id(), a.sweepId(), a.trialId(), a.attempt(), config.agentId(), now));
                    lastHeartbeat = now;
                }
                Failed.Kind why = stop.get();
                if (why != null && stopSentAt == 0) {
                    tell(process, ChildMessages.stopLine(why));
                    stopSentAt = now;
                }
                // the watchdog: a trial that says nothing for too long, or does not obey a stop, would hold the
                // device for good (heartbeats go on whatever the child does)
                if (!killed && stopSentAt > 0 && now - stopSentAt > config.stopGraceMs()) {
                    killed = true;
                    LOG.warn("trial {} did not stop within {} s of being told to ({}): killing it", key,
                            config.stopGraceMs() / 1000.0, why.wireName());
                    outcome = new ChildMessages.Ended(why, "the trial did not stop within "
                            + config.stopGraceMs() / 1000.0 + " s of being told to (" + why.wireName()
                            + "); the agent killed it and its processes");
                    ProcessTrees.stop(process, KILL_AFTER_MS);
                } else if (!killed && now - lastOutput.get() > config.stallMs()) {
                    killed = true;
                    LOG.warn("trial {} printed nothing for {} s: killing it", key, config.stallMs() / 1000.0);
                    outcome = new ChildMessages.Ended(Failed.Kind.ERROR, "the trial printed nothing for "
                            + config.stallMs() / 1000.0 + " s (the agent's --stall-seconds); the agent killed it "
                            + "and its processes");
                    ProcessTrees.stop(process, KILL_AFTER_MS);
                }
            }
            exitCode = process.exitValue();
            reader.join(10_000);
            flushMetrics(a, pending);
            if (!killed || result.get() instanceof ChildMessages.Done) {
                outcome = result.get();
            }
            stderrTail.addAll(BoundedLines.tail(dir.resolve("trial.log"), 15));
        } catch (IOException | InterruptedException | RuntimeException e) {
            outcome = new ChildMessages.Ended(Failed.Kind.ERROR, "the agent could not run the trial: " + e);
        } finally {
            stopRequests.remove(key);
            if (process != null && process.isAlive()) {
                ProcessTrees.stop(process, KILL_AFTER_MS); // this slot takes its next trial only once this one is gone
            }
        }
        long endedAt = System.currentTimeMillis();
        double wallSeconds = (endedAt - startedAt) / 1000.0;
        try {
            if (outcome instanceof ChildMessages.Done d) {
                send(new Finished(id(), a.sweepId(), a.trialId(), a.attempt(), d.objective(), d.evals(),
                        TrialCost.of(config.deviceType(), wallSeconds,
                                Math.min(cpuSeconds + commandCpuSeconds.sum(), wallSeconds),
                                config.pricePerHour()), d.adapterPath(), d.adapterSha256(), endedAt));
            } else if (outcome instanceof ChildMessages.Ended e) {
                send(new Failed(id(), a.sweepId(), a.trialId(), a.attempt(), e.reason(), e.failure(), endedAt));
            } else {
                send(new Failed(id(), a.sweepId(), a.trialId(), a.attempt(), "the trial process exited with code "
                        + exitCode + " without a result; last lines of its log:\n" + String.join("\n", stderrTail),
                        Failed.Kind.ERROR, endedAt));
            }
        } catch (RuntimeException e) {
            LOG.error("could not report the outcome of trial {}", key, e);
        }
    }

    private Process startTrialProcess(Path assignmentFile, Path log, String device) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(config.trialJvmOptions());
        command.add("-Dai.djl.offline=true");
        command.add(TrialMain.class.getName());
        command.add(assignmentFile.toString());
        command.add(config.dataRoot().toAbsolutePath().toString());
        command.add(config.artifacts().toAbsolutePath().toString());
        command.add(device);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        Map<String, String> env = builder.environment();
        TrialEnvironment.replace(env);
        env.put("CLASSPATH", System.getProperty("java.class.path"));
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.putIfAbsent("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    private void readChild(TrialAssignment a, Process process, List<MetricPoint> pending,
                           AtomicReference<ChildMessages.Message> result, DoubleAdder commandCpuSeconds,
                           AtomicLong lastOutput) {
        try {
            BoundedLines.forEach(process.getInputStream(), CHILD_LINE_CHARS, line -> {
                lastOutput.set(System.currentTimeMillis());
                try {
                    ChildMessages.parse(line).ifPresent(m -> {
                        if (m instanceof ChildMessages.Metrics metrics) {
                            synchronized (pending) {
                                pending.addAll(metrics.points());
                            }
                        } else if (m instanceof ChildMessages.CommandCpu cpu) {
                            commandCpuSeconds.add(cpu.seconds());
                        } else if (m instanceof ChildMessages.Items items) {
                            sendItems(a, items);
                        } else if (m instanceof ChildMessages.Baseline b) {
                            // the sweep's, not the attempt's: reported now, whatever becomes of the training
                            send(new BaselineEvals(id(), a.sweepId(), a.trialId(), a.attempt(), b.evals(),
                                    b.errors(), System.currentTimeMillis()));
                        } else {
                            result.set(m);
                        }
                    });
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}", e.getMessage());
                }
            });
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** A task's item shares, in events small enough for Kafka's default message size (~10,000 numbers each). */
    private void sendItems(TrialAssignment a, ChildMessages.Items items) {
        int perEvent = Math.max(1, Math.min(500, 10_000 / items.metrics().size()));
        for (int from = 0; from < items.items().size(); from += perEvent) {
            List<EvalItems.Item> chunk = items.items().subList(from, Math.min(items.items().size(), from + perEvent));
            send(new EvalItems(id(), a.sweepId(), a.trialId(), a.attempt(), items.task(), items.source(),
                    items.metrics(), chunk, System.currentTimeMillis()));
        }
    }

    private void flushMetrics(TrialAssignment a, List<MetricPoint> pending) {
        List<MetricPoint> all;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            all = new ArrayList<>(pending);
            pending.clear();
        }
        // a trial may print thousands of points a second: each event stays far below Kafka's 1 MB records
        for (int from = 0; from < all.size(); from += POINTS_PER_BATCH) {
            send(new MetricsBatch(id(), a.sweepId(), a.trialId(), a.attempt(),
                    all.subList(from, Math.min(all.size(), from + POINTS_PER_BATCH)), System.currentTimeMillis()));
        }
    }

    private static double cpuSeconds(Process process) {
        return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
    }

    private static void tell(Process process, String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException ignored) {
            // the process already ended
        }
    }

    /** Prune and cancel orders, for the trials running here; read from now on (older orders are moot). */
    private void followControls() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Topics.AGENT_GROUPS + "-" + config.agentId() + "-"
                + UUID.randomUUID(), "latest", 100);
             ContractConsumer<Control> reader = new ContractConsumer<>(consumer, producer, Control.class)) {
            consumer.subscribe(List.of(Topics.CONTROL));
            while (running) {
                for (ContractConsumer.Received<Control> r : reader.poll(Duration.ofMillis(200))) {
                    Control c = r.message();
                    stopRequests.forEach((key, stop) -> {
                        if (c instanceof Prune p && p.sweepId().equals(key.sweepId()) && p.trialId() == key.trialId()
                                && p.attempt() == key.attempt()) {
                            stop.compareAndSet(null, Failed.Kind.PRUNED);
                        } else if (c instanceof Cancel x && x.covers(key.sweepId(), key.trialId(), key.attempt())) {
                            stop.compareAndSet(null, Failed.Kind.CANCELLED);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("the control reader stopped", e);
            }
        }
    }

    private void send(TrialEvent e) {
        try {
            producer.send(new ProducerRecord<>(Topics.EVENTS,
                    Topics.trialKey(e.sweepId(), e.trialId()).getBytes(StandardCharsets.UTF_8),
                    MessageCodec.encode(e))).get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reporting " + e.typeName(), ex);
        } catch (ExecutionException ex) {
            throw new IllegalStateException("could not report " + e.typeName() + ": " + ex.getCause(), ex);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** Stops taking trials, lets running ones finish within the grace period, then stops. */
    @Override
    public void close() {
        taking = false;
        long deadline = System.currentTimeMillis() + config.graceMs();
        for (Thread t : slots) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // past the grace period: stop the trials and hand them back, so the controller retries them elsewhere
        stopRequests.values().forEach(s -> s.compareAndSet(null, HANDED_BACK));
        for (Thread t : slots) {
            try {
                t.join(config.stopGraceMs() + 3 * KILL_AFTER_MS); // the watchdog kills a trial that ignores it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
        producer.close();
    }
}
