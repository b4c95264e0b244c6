package io.lorasweep.controller;

import io.lorasweep.controller.pruner.Pruners;
import io.lorasweep.controller.pruner.SweepPruning;
import io.lorasweep.controller.sampler.Sampler;
import io.lorasweep.controller.sampler.Samplers;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.store.ClickHouseStore;
import io.lorasweep.controller.store.DurableWriter;
import io.lorasweep.controller.store.VersionClock;
import io.lorasweep.controller.trial.Attempt;
import io.lorasweep.controller.trial.AttemptState;
import io.lorasweep.controller.trial.RestoredAttempt;
import io.lorasweep.controller.trial.SweepRun;
import io.lorasweep.controller.trial.Trial;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.ContractConsumer;
import io.lorasweep.schemas.messages.Control;
import io.lorasweep.schemas.messages.DeadLetter;
import io.lorasweep.schemas.messages.Decoded;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.MessageCodec;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.SweepSpec;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep controller: keeps every sweep's {@link SweepRun}, publishes assignments and orders to Kafka, ingests
 * agents' events, and records everything in ClickHouse. All sweep state is touched by one engine thread, so the
 * state machines need no locks; the event consumer writes what it received to ClickHouse first and commits its
 * Kafka offsets only after the engine has applied and recorded the consequences.
 */
public final class ControllerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerService.class);

    private final ControllerConfig config;
    private final ClickHouseStore store;
    private final VersionClock versions = new VersionClock(System::currentTimeMillis);
    private final KafkaIo kafka;
    private final ScheduledExecutorService engine = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "controller-engine");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SweepRun> sweeps = new LinkedHashMap<>();
    /** Ended sweeps on record that nobody has asked for since the restart; loaded by {@link #require}. */
    private final Map<String, ClickHouseStore.SweepRow> ended = new LinkedHashMap<>();
    private final Map<String, Long> createdAt = new HashMap<>();
    /** The state last recorded for each sweep, so a sweep's row is rewritten only when its state changes. */
    private final Map<String, SweepRun.State> writtenState = new HashMap<>();
    /** What the engine decided and could not record or send yet, per sweep, in order; see applyPending. */
    private final Map<SweepRun, SweepRun.Effects> unapplied = new LinkedHashMap<>();
    private volatile java.util.function.Predicate<SweepRun.Effects> failRecords = effects -> false;
    private volatile boolean running = true;
    /** Leases are judged only once agents' events can reach this controller (after a restart, say). */
    private volatile boolean hearingEvents;
    private Thread consumerThread;
    private ControllerLock lock;
    private volatile boolean lockLost;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private Thread deadLetterThread;
    private ControllerMetrics metrics;
    private Api api;
    private String token;

    private ControllerService(ControllerConfig config) throws java.io.IOException {
        this.config = config;
        this.store = new ClickHouseStore(config.clickHouseUrl(), config.clickHouseUser(), config.clickHousePassword(),
                config.spoolDir(), ControllerConfig.SPOOL_LIMIT_BYTES);
        this.kafka = new KafkaIo(config.kafka());
    }

    public static ControllerService start(ControllerConfig config) throws Exception {
        ControllerService service = new ControllerService(config);
        try {
            service.boot();
        } catch (Exception e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void boot() throws Exception {
        // before anything is read or written: a second controller would hand out the same trial ids
        lock = ControllerLock.acquire(config.kafka(), ControllerLock.processName(), Duration.ofSeconds(10));
        lock.keep(() -> new Thread(() -> {
            LOG.error("this controller lost the controller lock (it went unheard by the broker for {} s); it stops "
                    + "acting, since another controller may already be", ControllerLock.SESSION_MS / 1000);
            lockLost = true;
            close();
        }, "controller-lock-lost").start());
        List<String> applied = openStore();
        if (!applied.isEmpty()) {
            LOG.info("applied ClickHouse migrations {}", applied);
        }
        // the state is rebuilt from ClickHouse, so what an earlier run spooled during an outage must be there first
        if (!store.awaitDrained(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("could not move the spooled writes in " + config.spoolDir()
                    + " into ClickHouse within 5 minutes");
        }
        kafka.ensureTopics();
        token = resolveToken();
        onEngine(() -> {
            restore();
            return null;
        });
        metrics = new ControllerMetrics(store);
        consumerThread = new Thread(this::consumeEvents, "controller-events");
        consumerThread.setDaemon(true);
        consumerThread.start();
        deadLetterThread = new Thread(this::recordDeadLetters, "controller-dead-letters");
        deadLetterThread.setDaemon(true);
        deadLetterThread.start();
        engine.scheduleWithFixedDelay(this::expireLeases, 1, 1, TimeUnit.SECONDS);
        api = Api.start(this, config.host(), config.port());
        LOG.info("controller listening on http://{}:{}", config.host(), api.port());
    }

    /**
     * Opens the store, waiting for ClickHouse while nothing answers at its address (started after the controller, or
     * restarting), and saying so every 10 s; any other failure (a wrong password, say) ends the start.
     */
    private List<String> openStore() throws Exception {
        long lastSaid = 0;
        while (true) {
            try {
                return store.open();
            } catch (java.sql.SQLException e) {
                if (!unreachable(e)) {
                    throw e;
                }
                if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(10)) {
                    LOG.warn("ClickHouse at {} does not answer ({}); waiting for it", config.clickHouseUrl(),
                            e.getMessage());
                    lastSaid = System.nanoTime();
                }
                Thread.sleep(1000);
            }
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private String resolveToken() throws Exception {
        if (config.apiToken() != null && !config.apiToken().isBlank()) {
            return config.apiToken();
        }
        if (config.tokenFile() != null && Files.exists(config.tokenFile())) {
            return Files.readString(config.tokenFile()).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String generated = HexFormat.of().formatHex(bytes);
        if (config.tokenFile() != null) {
            Files.createDirectories(config.tokenFile().toAbsolutePath().getParent());
            try {
                // owner-only from the moment it exists: created with its mode, not chmod-ed after the write
                Files.createFile(config.tokenFile(), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(config.tokenFile()); // other file systems: their own access rules
            }
            Files.writeString(config.tokenFile(), generated + "\n");
            LOG.info("no LORASWEEP_API_TOKEN set: generated one in {}", config.tokenFile());
        }
        return generated;
    }

    /** False once the controller was closed or stopped by itself. */
    public boolean isRunning() {
        return running;
    }

    public int port() {
        return api.port();
    }

    String token() {
        return token;
    }

    ControllerMetrics metrics() {
        return metrics;
    }

    /** ClickHouse as the writer sees it: up, or down since when with how much spooled. */
    DurableWriter.Health clickHouseHealth() {
        return store.health();
    }

    private <T> T onEngine(Callable<T> work) throws Exception {
        try {
            return engine.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    // ---- sweeps -------------------------------------------------------------------------------------------

    private SweepRun newRun(String sweepId, SweepSpec spec) {
        var s = spec.sampler();
        Sampler sampler = Samplers.create(SearchSpace.fromSpec(spec), spec.metric().goal() == Metric.Goal.MINIMIZE,
                s.type().wireName(), s.seed(), s.nStartupTrials(), s.multivariate(), false,
                s.constantLiar());
        return new SweepRun(sweepId, spec, sampler, new SweepPruning(Pruners.fromSpec(spec.pruner())),
                config.leaseMs(), System::currentTimeMillis);
    }

    /**
     * Registers a sweep and starts its first trials; returns its id.
     *
     * @param external true when a user's own trainer asks for trials over HTTP instead of agents taking them
     */
    public String createSweep(SweepSpec spec, boolean external) throws Exception {
        return onEngine(() -> {
            String id = "sw-" + UUID.randomUUID().toString().substring(0, 8);
            long now = System.currentTimeMillis();
            SweepRun run = newRun(id, spec);
            if (external) {
                run.externalOnly();
            } else if (baselinesOnRecord(spec)) {
                run.baselineOnRecord();
                LOG.info("sweep {} reuses the {}-shot baseline of {} on record", id, spec.baseline().shots(),
                        spec.baseModel());
            }
            sweeps.put(id, run);
            createdAt.put(id, now);
            writeSweepState(run);
            apply(run, run.fill());
            return id;
        });
    }

    /** Whether the sweep's baseline is on record; when ClickHouse cannot say, the sweep measures its own. */
    private boolean baselinesOnRecord(SweepSpec spec) {
        try {
            return store.baselinesOnRecord(spec);
        } catch (SQLException e) {
            LOG.warn("could not look up the baseline of {} ({}); the sweep measures it", spec.baseModel(),
                    e.getMessage());
            return false;
        }
    }

    /**
     * Rebuilds the sweeps that are still going (running or paused) from ClickHouse, in two queries each (attempts,
     * the objective's points); an ended sweep is only listed, and loaded the first time someone asks for it, so a
     * long history does not hold the controller's start.
     */
    private void restore() throws Exception {
        versions.seed(store.newestVersion());
        for (ClickHouseStore.SweepRow row : store.sweeps()) {
            SweepRun.State state = SweepRun.State.fromWire(row.state());
            if (state == SweepRun.State.RUNNING || state == SweepRun.State.PAUSED) {
                SweepRun run = load(row);
                if (run.state() == SweepRun.State.RUNNING) {
                    apply(run, run.fill());
                }
            } else {
                ended.put(row.sweepId(), row);
                createdAt.put(row.sweepId(), row.createdAt());
            }
        }
        if (!sweeps.isEmpty() || !ended.isEmpty()) {
            LOG.info("restored {} running or paused sweeps from ClickHouse; {} ended ones load when asked for",
                    sweeps.size(), ended.size());
        }
    }

    /** A sweep as its record has it, registered with the engine. */
    private SweepRun load(ClickHouseStore.SweepRow row) throws Exception {
        SweepSpec spec = SpecCodec.parseJson(row.specJson());
        SweepRun run = newRun(row.sweepId(), spec);
        Map<Integer, List<ClickHouseStore.AttemptRow>> byTrial = new LinkedHashMap<>();
        for (ClickHouseStore.AttemptRow a : store.attempts(row.sweepId())) {
            byTrial.computeIfAbsent(a.trialId(), k -> new ArrayList<>()).add(a);
        }
        // the objective's curve of each trial's current attempt, for the pruner
        Map<Integer, java.util.SortedMap<Long, Double>> curves = new HashMap<>();
        for (ClickHouseStore.TrialPoint p : store.metricOfSweep(row.sweepId(), spec.metric().name())) {
            List<ClickHouseStore.AttemptRow> attempts = byTrial.get(p.trialId());
            if (attempts != null && attempts.get(attempts.size() - 1).attempt() == p.attempt()) {
                curves.computeIfAbsent(p.trialId(), k -> new java.util.TreeMap<>()).put(p.step(), p.value());
            }
        }
        for (Map.Entry<Integer, List<ClickHouseStore.AttemptRow>> t : byTrial.entrySet()) {
            List<RestoredAttempt> attempts = new ArrayList<>();
            for (ClickHouseStore.AttemptRow a : t.getValue()) {
                attempts.add(new RestoredAttempt(a.attempt(), a.leaseId(),
                        AttemptState.fromWire(a.state()), a.agentId(), a.device(),
                        a.startedAt(), a.endedAt(), a.objective(), a.reason(), a.adapterPath(), a.adapterSha256(),
                        a.deviceSeconds(), a.costUsd()));
            }
            run.restore(t.getKey(), t.getValue().get(0).params(), attempts,
                    curves.getOrDefault(t.getKey(), new java.util.TreeMap<>()));
        }
        if ("external".equals(row.mode())) {
            run.externalOnly();
        }
        run.restoreState(SweepRun.State.fromWire(row.state()));
        sweeps.put(row.sweepId(), run);
        createdAt.put(row.sweepId(), row.createdAt());
        writtenState.put(row.sweepId(), run.state());
        return run;
    }

    /** Publishes what a state change asks for and records the changed trials; on the engine thread. */
    private void apply(SweepRun run, SweepRun.Effects effects) throws Exception {
        unapplied.merge(run, effects, SweepRun.Effects::then);
        applyPending();
    }

    /**
     * Records and sends what the engine decided and has not recorded yet, oldest first. The sweeps' state already
     * moved on and their events count as seen, so effects that fail stay here, retried with the next batch of events
     * and by the lease check every second, until they are recorded and sent: nothing decided is dropped.
     */
    private void applyPending() throws Exception {
        for (var it = unapplied.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SweepRun, SweepRun.Effects> pending = it.next();
            record(pending.getKey(), pending.getValue());
            it.remove();
        }
    }

    /** Tests only: recording effects this matches fails before it writes anything (a full disk, say). */
    void failRecords(java.util.function.Predicate<SweepRun.Effects> fault) {
        failRecords = fault;
    }

    private void record(SweepRun run, SweepRun.Effects effects) throws Exception {
        if (failRecords.test(effects)) {
            throw new java.io.IOException("recording is failing (a fault a test injected)");
        }
        long version = versions.next();
        List<Trial> changed = dedupe(effects.changed());
        store.writeTrials(run.sweepId(), changed, version);
        store.writeUnfinishedCosts(run.sweepId(), changed,
                device -> run.spec().prices().getOrDefault(device, 0.0), System.currentTimeMillis());
        List<KafkaIo.Outgoing> outgoing = new ArrayList<>();
        for (TrialAssignment a : effects.assignments()) {
            outgoing.add(new KafkaIo.Outgoing(Topics.TRIALS, Topics.trialKey(a.sweepId(), a.trialId()), a));
        }
        for (Control control : effects.controls()) {
            String key = control instanceof Prune p ? Topics.trialKey(p.sweepId(), p.trialId())
                    : Topics.trialKey(control.sweepId(), -1);
            outgoing.add(new KafkaIo.Outgoing(Topics.CONTROL, key, control));
        }
        kafka.publish(outgoing);
        if (writtenState.get(run.sweepId()) != run.state()) {
            writeSweepState(run);
            LOG.info("sweep {} is now {}", run.sweepId(), run.state());
        }
    }

    private void writeSweepState(SweepRun run) throws Exception {
        writtenState.put(run.sweepId(), run.state());
        long version = versions.next();
        store.writeSweep(run.sweepId(), run.spec(), run.state().wireName(),
                run.agents() ? "agents" : "external", createdAt.getOrDefault(run.sweepId(), version), version);
    }

    private static List<Trial> dedupe(List<Trial> trials) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(trials));
    }

    /** A sweep by id, or null; an ended one on record is loaded now (on the engine thread). */
    private SweepRun find(String sweepId) throws Exception {
        SweepRun run = sweeps.get(sweepId);
        return run == null && ended.containsKey(sweepId) ? load(ended.remove(sweepId)) : run;
    }

    private SweepRun require(String sweepId) throws Exception {
        SweepRun run = find(sweepId);
        if (run == null) {
            throw new NoSuchElementException("no sweep " + sweepId);
        }
        return run;
    }

    public void pause(String sweepId) throws Exception {
        onEngine(() -> {
            SweepRun run = require(sweepId);
            run.pause();
            writeSweepState(run);
            return null;
        });
    }

    public void resume(String sweepId) throws Exception {
        onEngine(() -> {
            SweepRun run = require(sweepId);
            apply(run, run.resume());
            return null;
        });
    }

    public void cancel(String sweepId, String reason) throws Exception {
        onEngine(() -> {
            SweepRun run = require(sweepId);
            apply(run, run.cancel(reason));
            return null;
        });
    }

    // ---- views --------------------------------------------------------------------------------------------

    /** A sweep at a glance. */
    public record SweepSummary(String sweepId, String name, String state, Map<String, Long> trialsByState,
                               Double best, Integer bestTrial, double gpuHours, double costUsd, long createdAt) {
    }

    /** One attempt of a trial. */
    public record AttemptView(int trial, int attempt, String state, Map<String, Object> params, String agentId,
                              String device, Long startedAt, Long endedAt, Double objective, String reason,
                              long lastStep, Double lastValue, double deviceSeconds, double costUsd,
                              String adapterPath) {
    }

    private SweepSummary summary(SweepRun run) {
        Map<String, Long> byState = new java.util.TreeMap<>();
        for (Trial t : run.trials()) {
            byState.merge(t.current().state().wireName(), 1L, Long::sum);
        }
        Optional<Trial> best = run.best();
        return new SweepSummary(run.sweepId(), run.spec().name(), run.state().wireName(),
                byState, best.map(t -> t.current().objective()).orElse(null), best.map(Trial::id).orElse(null),
                run.gpuHours(), run.costUsd(), createdAt.getOrDefault(run.sweepId(), 0L));
    }

    public List<SweepSummary> listSweeps() throws Exception {
        return onEngine(() -> {
            List<SweepSummary> out = new ArrayList<>(sweeps.values().stream().map(this::summary).toList());
            // ended sweeps not loaded since the restart: summed up by ClickHouse rather than loaded
            Map<String, ClickHouseStore.RecordedSummary> recorded = store.recordedSummaries(List.copyOf(ended.keySet()));
            for (ClickHouseStore.SweepRow row : ended.values()) {
                ClickHouseStore.RecordedSummary r = recorded.get(row.sweepId());
                boolean minimize = SpecCodec.parseJson(row.specJson()).metric().goal() == Metric.Goal.MINIMIZE;
                out.add(new SweepSummary(row.sweepId(), row.name(), row.state(), r.trialsByState(),
                        minimize ? r.minObjective() : r.maxObjective(), minimize ? r.minTrial() : r.maxTrial(),
                        r.deviceSeconds() / 3600, r.costUsd(), row.createdAt()));
            }
            out.sort(java.util.Comparator.comparingLong(SweepSummary::createdAt));
            return out;
        });
    }

    public SweepSummary sweep(String sweepId) throws Exception {
        return onEngine(() -> summary(require(sweepId)));
    }

    public SweepSpec spec(String sweepId) throws Exception {
        return onEngine(() -> require(sweepId).spec());
    }

    public List<AttemptView> trials(String sweepId) throws Exception {
        return onEngine(() -> {
            List<AttemptView> out = new ArrayList<>();
            for (Trial t : require(sweepId).trials()) {
                for (Attempt a : t.attempts()) {
                    out.add(new AttemptView(t.id(), a.number(), a.state().wireName(), t.params(), a.agentId(),
                            a.device(), a.startedAt(), a.endedAt(), a.objective(), a.reason(), a.lastStep(),
                            Double.isNaN(a.lastValue()) ? null : a.lastValue(), a.deviceSeconds(), a.costUsd(),
                            a.adapterPath()));
                }
            }
            return out;
        });
    }

    public List<ClickHouseStore.PointRow> metrics(String sweepId, int trialId) throws Exception {
        onEngine(() -> require(sweepId));
        return store.metrics(sweepId, trialId);
    }

    // ---- ask and tell for trainers outside the agents -----------------------------------------------------

    /** A trial for an external trainer, or an IllegalStateException that says why none can start now. */
    public TrialAssignment ask(String sweepId) throws Exception {
        return onEngine(() -> {
            SweepRun run = require(sweepId);
            Optional<TrialAssignment> asked = run.askExternal();
            if (asked.isEmpty()) {
                // an exhausted search space may have just finished the sweep
                if (writtenState.get(sweepId) != run.state()) {
                    writeSweepState(run);
                    LOG.info("sweep {} is now {}", sweepId, run.state());
                }
                throw new IllegalStateException("no trial can start now: " + run.whyNoTrialCanStart());
            }
            TrialAssignment a = asked.get();
            store.writeTrials(sweepId, List.of(run.trial(a.trialId())), versions.next());
            // an external trial starts when it is handed out
            ingest(List.of(new Started(UUID.randomUUID().toString(), sweepId, a.trialId(), a.attempt(), "external",
                    "external", System.currentTimeMillis())));
            return a;
        });
    }

    public void report(String sweepId, int trialId, long step, double value) throws Exception {
        TrialEvent e = new MetricsBatch(UUID.randomUUID().toString(), sweepId, trialId, currentAttempt(sweepId, trialId),
                List.of(MetricPoint.of(spec(sweepId).metric().name(), step, value, System.currentTimeMillis())),
                System.currentTimeMillis());
        store.writeEvents(List.of(e));
        onEngine(() -> {
            ingest(List.of(e));
            return null;
        });
    }

    public void tell(String sweepId, int trialId, Double value, String state) throws Exception {
        int attempt = currentAttempt(sweepId, trialId);
        long now = System.currentTimeMillis();
        TrialEvent e = switch (state) {
            case "complete" -> {
                if (value == null || !Double.isFinite(value)) {
                    throw new IllegalArgumentException("value: a complete trial needs a finite value");
                }
                TrialCost cost = onEngine(() -> require(sweepId).externalCost(trialId, now));
                yield new Finished(UUID.randomUUID().toString(), sweepId, trialId, attempt, value, List.of(), cost,
                        null, null, now);
            }
            case "pruned" -> new Failed(UUID.randomUUID().toString(), sweepId, trialId, attempt, "pruned by the trainer",
                    Failed.Kind.PRUNED, now);
            case "failed" -> new Failed(UUID.randomUUID().toString(), sweepId, trialId, attempt, "failed in the trainer",
                    Failed.Kind.ERROR, now);
            default -> throw new IllegalArgumentException("state: must be complete, pruned or failed, got " + state);
        };
        store.writeEvents(List.of(e));
        onEngine(() -> {
            ingest(List.of(e));
            return null;
        });
    }

    private int currentAttempt(String sweepId, int trialId) throws Exception {
        return onEngine(() -> {
            Trial t = require(sweepId).trial(trialId);
            if (t == null) {
                throw new NoSuchElementException("no trial " + trialId + " in sweep " + sweepId);
            }
            if (t.current().state().terminal()) {
                throw new IllegalStateException("trial " + trialId + " already ended as " + t.current().state().wireName());
            }
            return t.current().number();
        });
    }

    // ---- events from agents -------------------------------------------------------------------------------

    /**
     * Applies events on the engine thread; events of sweeps this controller does not know are ignored. What a
     * batch of events changes is recorded and published once per sweep at the end, not once per event: each
     * write is a round trip to ClickHouse.
     */
    private void ingest(List<TrialEvent> events) throws Exception {
        applyPending(); // a replayed batch's events are duplicates now: what they decided is still pending here
        for (TrialEvent event : events) {
            SweepRun run = find(event.sweepId()); // an ended sweep's late events still tell its agents to stop
            if (run == null) {
                LOG.warn("event {} for unknown sweep {} ignored", event.eventId(), event.sweepId());
                continue;
            }
            if (event instanceof BaselineEvals baseline) {
                store.writeBaselines(run.spec(), baseline); // the sweep's, whatever became of the attempt
                baseline.errors().forEach(e -> LOG.warn("no {}-shot baseline of task {} for {}: {}",
                        run.spec().baseline().shots(), e.task(), event.sweepId(), e.reason()));
            }
            SweepRun.Effects effects = run.onEvent(event);
            if (effects.verdict() == SweepRun.Verdict.LATE) {
                LOG.info("late {} event for trial {} attempt {} of {}: recorded, not counted{}", event.typeName(),
                        event.trialId(), event.attempt(), event.sweepId(),
                        effects.controls().isEmpty() ? "" : "; its agent is told to stop it");
            }
            if (effects.verdict() == SweepRun.Verdict.APPLIED || !effects.controls().isEmpty()) {
                // pending from the moment the run moved on, so a failure further down this batch loses none of it
                unapplied.merge(run, effects, SweepRun.Effects::then);
            }
        }
        applyPending();
    }

    /** A batch being recorded and applied while the next one is read and checked. */
    private record InFlight(Future<?> work, Map<TopicPartition, Long> first,
                            Map<TopicPartition, OffsetAndMetadata> next) {
    }

    /**
     * Reads lora.events. Two stages overlap: while one batch is written to ClickHouse (or the spool) and applied
     * by the engine, the next is fetched and checked against the contract. A batch's offsets are committed only
     * after it was recorded and applied; if that failed, reading starts again at its first record.
     */
    private void consumeEvents() {
        ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "controller-recorder");
            t.setDaemon(true);
            return t;
        });
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(KafkaIo.GROUP);
             ContractConsumer<TrialEvent> reader = new ContractConsumer<>(consumer, kafka.producer(),
                     TrialEvent.class)) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long refused = 0;
            InFlight inFlight = null;
            while (running) {
                List<ContractConsumer.Received<TrialEvent>> batch;
                try {
                    batch = reader.poll(Duration.ofMillis(200));
                } catch (WakeupException | InterruptException e) {
                    break;
                }
                hearingEvents = !consumer.assignment().isEmpty();
                metrics.deadLettered((int) (reader.deadLettered() - refused));
                refused = reader.deadLettered();
                if (inFlight != null) {
                    InFlight done = inFlight;
                    inFlight = null;
                    try {
                        done.work().get();
                        commit(consumer, done.next());
                    } catch (ExecutionException e) {
                        metrics.recordFailed();
                        LOG.warn("could not record a batch of events ({}); they will be read again",
                                e.getCause().getMessage());
                        // read again from the failed batch's first record, and from the just-read batch's on
                        // partitions the failed one did not touch: nothing is skipped, nor committed past later
                        Map<TopicPartition, Long> again = new HashMap<>(done.first());
                        firstOffsets(batch).forEach((tp, offset) -> again.merge(tp, offset, Math::min));
                        again.forEach(consumer::seek);
                        sleep(1000);
                        continue;
                    }
                }
                if (batch.isEmpty()) {
                    commit(consumer, null); // nothing in flight: only dead-lettered records were read
                    continue;
                }
                List<TrialEvent> events = batch.stream().map(ContractConsumer.Received::message).toList();
                metrics.received(events.size(), events.stream()
                        .mapToInt(e -> e instanceof MetricsBatch m ? m.points().size() : 0).sum());
                List<ClickHouseStore.ReceivedEvent> received = batch.stream()
                        .map(r -> new ClickHouseStore.ReceivedEvent(r.message(), r.value())).toList();
                Map<TopicPartition, Long> first = firstOffsets(batch);
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ContractConsumer.Received<TrialEvent> r : batch) {
                    next.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                            (a, b) -> a.offset() >= b.offset() ? a : b);
                }
                inFlight = new InFlight(recorder.submit(() -> {
                    store.writeReceived(received); // in ClickHouse or in the spool on disk when this returns
                    return onEngine(() -> {
                        ingest(events);
                        return null;
                    });
                }), first, next);
            }
            if (inFlight != null) {
                try {
                    inFlight.work().get(30, TimeUnit.SECONDS);
                    commit(consumer, inFlight.next());
                } catch (Exception e) {
                    LOG.info("the last batch was not confirmed; it will be read again after a restart");
                }
            }
        } catch (Exception e) {
            if (running) {
                LOG.error("the event consumer stopped", e);
            }
        } finally {
            recorder.shutdownNow();
        }
    }

    private static Map<TopicPartition, Long> firstOffsets(List<? extends ContractConsumer.Received<?>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ContractConsumer.Received<?> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        return first;
    }

    /**
     * Commits the given offsets, or everything polled when null. A commit refused because the group is
     * rebalancing, or one the broker did not confirm in time (a loaded machine), is not fatal: the records come
     * again to whoever owns them next, and events are idempotent. Only the consumer's own death stops reading.
     */
    private static void commit(KafkaConsumer<byte[], byte[]> consumer,
                               Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            if (offsets == null) {
                consumer.commitSync();
            } else {
                consumer.commitSync(offsets);
            }
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.info("offsets not committed during a rebalance ({}); those events will be read again", e.getMessage());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.warn("offsets not committed in time ({}); those events will be read again if this consumer stops",
                    e.getMessage());
        }
    }

    /**
     * Keeps every refused record in ClickHouse's dead_letters table, so bad input is visible next to the sweep data.
     * A record on the dead-letter topic that is not a dead letter is kept too, with the reason it was refused.
     */
    private void recordDeadLetters() {
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(KafkaIo.GROUP + "-dead-letters")) {
            consumer.subscribe(List.of(Topics.DEAD_LETTER));
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException | InterruptException e) {
                    break;
                }
                if (records.isEmpty()) {
                    continue;
                }
                List<DeadLetter> letters = new ArrayList<>();
                for (var r : records) {
                    var decoded = MessageCodec.decode(r.value(),
                            DeadLetter.class);
                    letters.add(decoded instanceof Decoded.Ok<DeadLetter> ok
                            ? ok.value()
                            : MessageCodec.deadLetter(r.topic(), r.partition(), r.offset(),
                                    r.value(), ((Decoded.Invalid<?>) decoded).reason()));
                }
                try {
                    store.writeDeadLetters(letters);
                    consumer.commitSync();
                } catch (Exception e) {
                    LOG.warn("could not record {} dead letters ({}); they will be read again", letters.size(),
                            e.getMessage());
                    Map<TopicPartition, Long> first = new HashMap<>();
                    for (var r : records) {
                        first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
                    }
                    first.forEach(consumer::seek);
                    sleep(1000);
                }
            }
        } catch (Exception e) {
            if (running) {
                LOG.error("the dead-letter recorder stopped", e);
            }
        }
    }

    private void expireLeases() {
        if (!hearingEvents) {
            return; // silence is not the agents' fault while this controller cannot hear them
        }
        try {
            applyPending();
            for (SweepRun run : List.copyOf(sweeps.values())) {
                SweepRun.Effects effects = run.expireLeases();
                if (!effects.changed().isEmpty() || !effects.assignments().isEmpty()) {
                    apply(run, effects);
                }
            }
        } catch (Exception e) {
            LOG.warn("lease check failed: {}", e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // once: a lost lock and the shutdown hook may both close
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        running = false;
        if (api != null) {
            api.close();
        }
        for (Thread t : new Thread[] {consumerThread, deadLetterThread}) {
            if (t != null) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (metrics != null) {
            metrics.close();
        }
        engine.shutdown();
        try {
            engine.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kafka.close();
        store.close();
        // last: a waiting controller takes over only once this one has stopped writing
        if (lock != null) {
            lock.close();
        }
        stopped.countDown();
    }

    /** Blocks until the controller has stopped: closed, or stopped by itself. True when it lost its lock. */
    public boolean awaitEnd() throws InterruptedException {
        stopped.await();
        return lockLost;
    }
}
