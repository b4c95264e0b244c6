package io.lorasweep.controller;

import io.lorasweep.controller.store.ClickHouseStore;
import io.lorasweep.controller.store.DurableWriter;
import io.lorasweep.controller.trial.SweepRun;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.SweepSpec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep controller: keeps every sweep's {@link SweepRun}, publishes assignments and orders to Kafka, ingests
 * agents' events, and records everything in ClickHouse. Its parts run on Vert.x contexts: the REST API
 * ({@link Api}) on an event loop with blocking routes on workers, the Kafka intakes ({@link EventIntake},
 * {@link DeadLetterIntake}) as worker verticles, the lease check on a timer, and all sweep state on one engine
 * worker ({@link SweepEngine}), so the state machines need no locks. The event intake writes what it received to
 * ClickHouse first and commits its Kafka offsets only after the engine has applied and recorded the consequences.
 *
 * <p>Over 300 lines: it is the controller's one public face (start, stop, and every call the API and the CLI make,
 * each handed to the engine), plus the start-up order that the parts depend on.
 */
public final class ControllerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerService.class);

    private final ControllerConfig config;
    private final ClickHouseStore store;
    private final KafkaIo kafka;
    /** The controller's contexts: the API's event loop, the intakes' worker contexts, the engine, the timer. */
    private final Vertx vertx = Vertx.vertx();
    /**
     * The one thread that touches sweep state (a pool of one): the state machines need no locks. Its tasks are
     * submitted unordered: an ordered task would queue on the caller's context, behind the blocking API handler
     * that waits for it ({@link Workers}). A restore or a write during an outage may take minutes.
     */
    private final WorkerExecutor engine = vertx.createSharedWorkerExecutor("controller-engine", 1, 10,
            TimeUnit.MINUTES);
    private final SweepEngine sweeps;
    private volatile boolean running = true;
    private EventIntake events;
    private final List<String> deployments = new ArrayList<>();
    private long leaseTimer = -1;
    private ControllerLock lock;
    private volatile boolean lockLost;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private ControllerMetrics metrics;
    private Api api;
    private String token;

    private ControllerService(ControllerConfig config) throws java.io.IOException {
        this.config = config;
        this.store = new ClickHouseStore(config.clickHouseUrl(), config.clickHouseUser(), config.clickHousePassword(),
                config.spoolDir(), ControllerConfig.SPOOL_LIMIT_BYTES);
        this.kafka = new KafkaIo(config.kafka());
        this.sweeps = new SweepEngine(store, kafka, config.leaseMs());
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
            sweeps.restore();
            return null;
        });
        metrics = new ControllerMetrics(store);
        events = new EventIntake(kafka, store, metrics, batch -> onEngine(() -> {
            sweeps.ingest(batch);
            return null;
        }));
        deploy(events);
        deploy(new DeadLetterIntake(kafka, store));
        // silence is not the agents' fault while this controller cannot hear them (after a restart, say)
        leaseTimer = vertx.setPeriodic(1000, id -> engine.executeBlocking(() -> {
            if (events.hearing()) {
                sweeps.expireLeases();
            }
            return null;
        }, false));
        api = Api.start(this, vertx, config.host(), config.port());
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

    /** A worker verticle: it may block (Kafka polls, ClickHouse writes), on a context of its own. */
    private void deploy(io.vertx.core.Deployable verticle) throws Exception {
        deployments.add(vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    private <T> T onEngine(Callable<T> work) throws Exception {
        try {
            return Workers.submit(engine, work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    // ---- sweeps: each call runs on the engine ------------------------------------------------------------

    /**
     * Registers a sweep and starts its first trials; returns its id.
     *
     * @param external true when a user's own trainer asks for trials over HTTP instead of agents taking them
     */
    public String createSweep(SweepSpec spec, boolean external) throws Exception {
        return onEngine(() -> sweeps.create(spec, external));
    }

    public void pause(String sweepId) throws Exception {
        onEngine(() -> {
            sweeps.pause(sweepId);
            return null;
        });
    }

    public void resume(String sweepId) throws Exception {
        onEngine(() -> {
            sweeps.resume(sweepId);
            return null;
        });
    }

    public void cancel(String sweepId, String reason) throws Exception {
        onEngine(() -> {
            sweeps.cancel(sweepId, reason);
            return null;
        });
    }

    /** Tests only: recording effects this matches fails before it writes anything (a full disk, say). */
    void failRecords(java.util.function.Predicate<SweepRun.Effects> fault) {
        sweeps.failRecords(fault);
    }

    /**
     * A sweep at a glance.
     *
     * @param warmStartTrials trials of earlier sweeps its sampler learned from first ({@code warm_start}); 0 where
     *                        the sweep is listed from the record without being loaded
     * @param warmStart       per earlier sweep, how many of its trials came in and why others did not
     */
    public record SweepSummary(String sweepId, String name, String state, Map<String, Long> trialsByState,
                               Double best, Integer bestTrial, double gpuHours, double costUsd, long createdAt,
                               int warmStartTrials, List<String> warmStart) {
    }

    /** One attempt of a trial. */
    public record AttemptView(int trial, int attempt, String state, Map<String, Object> params, String agentId,
                              String device, Long startedAt, Long endedAt, Double objective,
                              List<Double> objectives, String reason,
                              long lastStep, Double lastValue, double deviceSeconds, double costUsd,
                              String adapterPath) {
    }

    public List<SweepSummary> listSweeps() throws Exception {
        return onEngine(sweeps::list);
    }

    public SweepSummary sweep(String sweepId) throws Exception {
        return onEngine(() -> sweeps.summary(sweepId));
    }

    public SweepSpec spec(String sweepId) throws Exception {
        return onEngine(() -> sweeps.spec(sweepId));
    }

    public List<AttemptView> trials(String sweepId) throws Exception {
        return onEngine(() -> sweeps.trials(sweepId));
    }

    public List<ClickHouseStore.PointRow> metrics(String sweepId, int trialId) throws Exception {
        onEngine(() -> sweeps.require(sweepId));
        return store.metrics(sweepId, trialId);
    }

    // ---- ask and tell for trainers outside the agents -----------------------------------------------------

    /** A trial for an external trainer, or an IllegalStateException that says why none can start now. */
    public TrialAssignment ask(String sweepId) throws Exception {
        return onEngine(() -> sweeps.ask(sweepId));
    }

    public void report(String sweepId, int trialId, long step, double value) throws Exception {
        TrialEvent e = new MetricsBatch(UUID.randomUUID().toString(), sweepId, trialId, currentAttempt(sweepId, trialId),
                List.of(MetricPoint.of(spec(sweepId).metric().name(), step, value, System.currentTimeMillis())),
                System.currentTimeMillis());
        store.writeEvents(List.of(e));
        onEngine(() -> {
            sweeps.ingest(List.of(e));
            return null;
        });
    }

    /**
     * The end of an external trial. A complete one gives one value per objective, in the spec's order: null (or
     * nothing) for {@code gpu_hours} and {@code cost_usd}, which the controller measures; a task's metric becomes
     * that task's overall result, any other a metric point of the trial.
     */
    public void tell(String sweepId, int trialId, List<Double> values, String state) throws Exception {
        int attempt = currentAttempt(sweepId, trialId);
        long now = System.currentTimeMillis();
        List<TrialEvent> events = new ArrayList<>();
        TrialEvent e = switch (state) {
            case "complete" -> {
                List<Metric> objectives = spec(sweepId).objectives();
                if (values == null || values.size() != objectives.size()) {
                    throw new IllegalArgumentException((objectives.size() == 1 ? "value: a complete trial needs "
                            + "a finite value" : "values: a complete trial needs " + objectives.size()
                            + " values, one per objective (" + objectives.stream().map(Metric::name)
                            .collect(java.util.stream.Collectors.joining(", ")) + ")")
                            + (values == null ? "" : ", got " + values.size()));
                }
                List<EvalResult> evals = new ArrayList<>();
                List<MetricPoint> points = new ArrayList<>();
                for (int k = 0; k < objectives.size(); k++) {
                    Metric objective = objectives.get(k);
                    Double v = values.get(k);
                    if (objective.isCost()) {
                        if (v != null) {
                            throw new IllegalArgumentException("values[" + k + "]: the controller measures "
                                    + objective.name() + "; pass null");
                        }
                    } else if (v == null) {
                        throw new IllegalArgumentException("values[" + k + "]: " + objective.name()
                                + " needs a finite value");
                    } else if (k > 0) {
                        int slash = objective.name().indexOf('/');
                        if (slash > 0) {
                            evals.add(new EvalResult(objective.name().substring(0, slash),
                                    objective.name().substring(slash + 1), EvalResult.OVERALL, v, Double.NaN,
                                    Double.NaN));
                        } else {
                            points.add(MetricPoint.of(objective.name(), 0, v, now));
                        }
                    }
                }
                if (!points.isEmpty()) {
                    events.add(new MetricsBatch(UUID.randomUUID().toString(), sweepId, trialId, attempt, points, now));
                }
                TrialCost cost = onEngine(() -> sweeps.externalCost(sweepId, trialId, now));
                yield new Finished(UUID.randomUUID().toString(), sweepId, trialId, attempt, values.get(0), evals,
                        cost, null, null, now);
            }
            case "pruned" -> new Failed(UUID.randomUUID().toString(), sweepId, trialId, attempt, "pruned by the trainer",
                    Failed.Kind.PRUNED, now);
            case "failed" -> new Failed(UUID.randomUUID().toString(), sweepId, trialId, attempt, "failed in the trainer",
                    Failed.Kind.ERROR, now);
            default -> throw new IllegalArgumentException("state: must be complete, pruned or failed, got " + state);
        };
        events.add(e);
        store.writeEvents(events);
        onEngine(() -> {
            sweeps.ingest(events);
            return null;
        });
    }

    private int currentAttempt(String sweepId, int trialId) throws Exception {
        return onEngine(() -> sweeps.currentAttempt(sweepId, trialId));
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
        vertx.cancelTimer(leaseTimer);
        for (String deployment : deployments) {
            try {
                // the event intake confirms a batch in flight for up to 30 s
                vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(35, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", deployment, e.getMessage());
            }
        }
        if (metrics != null) {
            metrics.close();
        }
        try {
            engine.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the controller's contexts: {}", e.getMessage());
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
