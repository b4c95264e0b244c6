package io.lorasweep.controller;

import io.lorasweep.controller.pruner.Pruners;
import io.lorasweep.controller.pruner.SweepPruning;
import io.lorasweep.controller.sampler.Sampler;
import io.lorasweep.controller.sampler.Samplers;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.sampler.WarmStart;
import io.lorasweep.controller.store.ClickHouseStore;
import io.lorasweep.controller.store.VersionClock;
import io.lorasweep.controller.trial.Attempt;
import io.lorasweep.controller.trial.AttemptState;
import io.lorasweep.controller.trial.RestoredAttempt;
import io.lorasweep.controller.trial.SweepRun;
import io.lorasweep.controller.trial.Trial;
import io.lorasweep.schemas.ContractException;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.Control;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.Topics;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.SweepSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sweep this controller acts for, as {@link SweepRun} state machines, and what their decisions ask for:
 * trials and sweeps recorded in ClickHouse, assignments and orders published to Kafka. Only the controller's engine
 * worker calls it (one thread), so nothing here is locked. What is decided and not yet recorded and sent stays
 * pending and is retried, so a failed write loses no decision. Ended sweeps on record are only listed after a
 * restart, and loaded when someone asks for them.
 *
 * <p>Over 300 lines: the registry, its recording and the views read the same maps, which only this thread touches;
 * split, they would need that state passed around or guarded.
 */
final class SweepEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SweepEngine.class);

    private final ClickHouseStore store;
    private final KafkaIo kafka;
    private final long leaseMs;
    private final VersionClock versions = new VersionClock(System::currentTimeMillis);
    private final Map<String, SweepRun> sweeps = new LinkedHashMap<>();
    /** Ended sweeps on record that nobody has asked for since the restart; loaded by {@link #require}. */
    private final Map<String, ClickHouseStore.SweepRow> ended = new LinkedHashMap<>();
    private final Map<String, Long> createdAt = new HashMap<>();
    /** The state last recorded for each sweep, so a sweep's row is rewritten only when its state changes. */
    private final Map<String, SweepRun.State> writtenState = new HashMap<>();
    /** What the engine decided and could not record or send yet, per sweep, in order; see applyPending. */
    private final Map<SweepRun, SweepRun.Effects> unapplied = new LinkedHashMap<>();
    private volatile java.util.function.Predicate<SweepRun.Effects> failRecords = effects -> false;

    SweepEngine(ClickHouseStore store, KafkaIo kafka, long leaseMs) {
        this.store = store;
        this.kafka = kafka;
        this.leaseMs = leaseMs;
    }

    private SweepRun newRun(String sweepId, SweepSpec spec) {
        var s = spec.sampler();
        Sampler sampler = Samplers.create(SearchSpace.fromSpec(spec), spec.minimizeEach(),
                s.type().wireName(), s.seed(), s.nStartupTrials(), s.multivariate(), false,
                s.constantLiar());
        return new SweepRun(sweepId, spec, sampler, new SweepPruning(Pruners.fromSpec(spec.pruner())),
                leaseMs, System::currentTimeMillis);
    }

    /**
     * Registers a sweep and starts its first trials; returns its id.
     *
     * @param external true when a user's own trainer asks for trials over HTTP instead of agents taking them
     */
    String create(SweepSpec spec, boolean external) throws Exception {
        String id = "sw-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        SweepRun run = newRun(id, spec);
        warmStart(run, true);
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
    }

    /**
     * Gives a new sweep's sampler the complete trials of the earlier sweeps its spec names, before its own first
     * trial. A sweep being created is refused when one is missing or incompatible; a sweep being restored goes on
     * without what it can no longer read, and the log says so.
     */
    private void warmStart(SweepRun run, boolean strict) throws Exception {
        SweepSpec spec = run.spec();
        if (spec.warmStart().isEmpty()) {
            return;
        }
        WarmStart.Selection selection;
        try {
            List<WarmStart.Earlier> earlier = new ArrayList<>();
            for (int i = 0; i < spec.warmStart().size(); i++) {
                String id = spec.warmStart().get(i);
                SweepRun loaded = sweeps.get(id);
                ClickHouseStore.SweepRow row = ended.get(id);
                SweepSpec earlierSpec = loaded != null ? loaded.spec() : null;
                if (earlierSpec == null && row != null) {
                    earlierSpec = storedSpec(row).orElseThrow(() -> new IllegalArgumentException("warm_start["
                            + earlier.size() + "]: the stored spec of sweep " + id + " no longer reads as a spec"));
                }
                earlier.add(earlierSpec == null ? null
                        : new WarmStart.Earlier(id, earlierSpec, outcomes(id, earlierSpec)));
            }
            selection = WarmStart.select(spec, SearchSpace.fromSpec(spec), earlier);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw e;
            }
            LOG.warn("sweep {} starts without its warm start: {}", run.sweepId(), e.getMessage());
            return;
        }
        for (WarmStart.Prior p : selection.trials()) {
            run.sampler().warmStart(p.params(), p.values());
        }
        run.warmStarted(selection.trials().size(), selection.notes());
        LOG.info("sweep {} warm-starts from {} earlier trials: {}", run.sweepId(), selection.trials().size(),
                String.join("; ", selection.notes()));
    }

    /** Each trial's current attempt of a recorded sweep, with its objective values when it completed. */
    private List<WarmStart.Outcome> outcomes(String sweepId, SweepSpec spec) throws SQLException {
        Map<Integer, ClickHouseStore.AttemptRow> current = new LinkedHashMap<>();
        for (ClickHouseStore.AttemptRow a : store.attempts(sweepId)) {
            current.merge(a.trialId(), a, (x, y) -> y.attempt() > x.attempt() ? y : x);
        }
        List<WarmStart.Outcome> out = new ArrayList<>();
        for (ClickHouseStore.AttemptRow a : current.values()) {
            double[] values = null;
            if (AttemptState.fromWire(a.state()) == AttemptState.COMPLETE) {
                if (spec.multiObjective() && a.objectives().size() == spec.objectives().size()) {
                    values = a.objectives().stream().mapToDouble(Double::doubleValue).toArray();
                } else if (!spec.multiObjective() && a.objective() != null && Double.isFinite(a.objective())) {
                    values = new double[] {a.objective()};
                }
            }
            out.add(new WarmStart.Outcome(a.trialId(), a.params(), values));
        }
        return out;
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
    void restore() throws Exception {
        versions.seed(store.newestVersion());
        for (ClickHouseStore.SweepRow row : store.sweeps()) {
            SweepRun.State state = SweepRun.State.fromWire(row.state());
            if ((state == SweepRun.State.RUNNING || state == SweepRun.State.PAUSED) && storedSpec(row).isPresent()) {
                SweepRun run = load(row);
                if (run.state() == SweepRun.State.RUNNING) {
                    apply(run, run.fill());
                }
            } else {
                // an ended sweep, or one whose spec this build's contract refuses: listed, not run
                ended.put(row.sweepId(), row);
                createdAt.put(row.sweepId(), row.createdAt());
            }
        }
        if (!sweeps.isEmpty() || !ended.isEmpty()) {
            LOG.info("restored {} running or paused sweeps from ClickHouse; {} ended ones load when asked for",
                    sweeps.size(), ended.size());
        }
    }

    /**
     * A stored sweep's spec, or empty (and a warning) when this build's contract refuses it: a spec stored by an
     * older build under a rule since tightened lists as a sweep without a spec rather than stopping the controller.
     */
    private Optional<SweepSpec> storedSpec(ClickHouseStore.SweepRow row) {
        try {
            return Optional.of(SpecCodec.parseJson(row.specJson()));
        } catch (ContractException e) {
            LOG.warn("sweep {}: its stored spec does not read as a spec ({}); it is listed, not run",
                    row.sweepId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A sweep as its record has it, registered with the engine. */
    private SweepRun load(ClickHouseStore.SweepRow row) throws Exception {
        SweepSpec spec = SpecCodec.parseJson(row.specJson());
        SweepRun run = newRun(row.sweepId(), spec);
        warmStart(run, false);
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
                        a.startedAt(), a.endedAt(), a.objective(), a.objectives(), a.reason(), a.adapterPath(),
                        a.adapterSha256(),
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
        if (run != null || !ended.containsKey(sweepId)) {
            return run;
        }
        if (storedSpec(ended.get(sweepId)).isEmpty()) {
            throw new IllegalStateException("sweep " + sweepId + " was stored with a spec this controller refuses; "
                    + "it can be listed but not loaded");
        }
        return load(ended.remove(sweepId));
    }

    SweepRun require(String sweepId) throws Exception {
        SweepRun run = find(sweepId);
        if (run == null) {
            throw new NoSuchElementException("no sweep " + sweepId);
        }
        return run;
    }

    void pause(String sweepId) throws Exception {
        SweepRun run = require(sweepId);
        run.pause();
        writeSweepState(run);
    }

    void resume(String sweepId) throws Exception {
        SweepRun run = require(sweepId);
        apply(run, run.resume());
    }

    void cancel(String sweepId, String reason) throws Exception {
        SweepRun run = require(sweepId);
        apply(run, run.cancel(reason));
    }

    // ---- views --------------------------------------------------------------------------------------------

    private ControllerService.SweepSummary summary(SweepRun run) {
        Map<String, Long> byState = new java.util.TreeMap<>();
        for (Trial t : run.trials()) {
            byState.merge(t.current().state().wireName(), 1L, Long::sum);
        }
        Optional<Trial> best = run.best();
        return new ControllerService.SweepSummary(run.sweepId(), run.spec().name(), run.state().wireName(),
                byState, best.map(t -> t.current().objective()).orElse(null), best.map(Trial::id).orElse(null),
                run.gpuHours(), run.costUsd(), createdAt.getOrDefault(run.sweepId(), 0L), run.warmStartTrials(),
                run.warmStartNotes());
    }

    List<ControllerService.SweepSummary> list() throws Exception {
        List<ControllerService.SweepSummary> out = new ArrayList<>(sweeps.values().stream().map(this::summary).toList());
        // ended sweeps not loaded since the restart: summed up by ClickHouse rather than loaded
        Map<String, ClickHouseStore.RecordedSummary> recorded = store.recordedSummaries(List.copyOf(ended.keySet()));
        for (ClickHouseStore.SweepRow row : ended.values()) {
            ClickHouseStore.RecordedSummary r = recorded.get(row.sweepId());
            Optional<SweepSpec> spec = storedSpec(row);
            boolean minimize = spec.map(s -> s.metric().goal() == Metric.Goal.MINIMIZE).orElse(true);
            out.add(new ControllerService.SweepSummary(row.sweepId(), row.name(), row.state(), r.trialsByState(),
                    spec.isEmpty() ? null : minimize ? r.minObjective() : r.maxObjective(),
                    spec.isEmpty() ? null : minimize ? r.minTrial() : r.maxTrial(),
                    r.deviceSeconds() / 3600, r.costUsd(), row.createdAt(), 0, List.of()));
        }
        out.sort(java.util.Comparator.comparingLong(ControllerService.SweepSummary::createdAt));
        return out;
    }

    ControllerService.SweepSummary summary(String sweepId) throws Exception {
        return summary(require(sweepId));
    }

    SweepSpec spec(String sweepId) throws Exception {
        return require(sweepId).spec();
    }

    List<ControllerService.AttemptView> trials(String sweepId) throws Exception {
        List<ControllerService.AttemptView> out = new ArrayList<>();
        for (Trial t : require(sweepId).trials()) {
            for (Attempt a : t.attempts()) {
                out.add(new ControllerService.AttemptView(t.id(), a.number(), a.state().wireName(), t.params(), a.agentId(),
                        a.device(), a.startedAt(), a.endedAt(), a.objective(), a.objectives(), a.reason(),
                        a.lastStep(),
                        Double.isNaN(a.lastValue()) ? null : a.lastValue(), a.deviceSeconds(), a.costUsd(),
                        a.adapterPath()));
            }
        }
        return out;
    }

    // ---- ask and tell for trainers outside the agents -----------------------------------------------------

    /** A trial for an external trainer, or an IllegalStateException that says why none can start now. */
    TrialAssignment ask(String sweepId) throws Exception {
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
    }

    /** What an external trial cost so far, for its tell. */
    TrialCost externalCost(String sweepId, int trialId, long now) throws Exception {
        return require(sweepId).externalCost(trialId, now);
    }

    int currentAttempt(String sweepId, int trialId) throws Exception {
        Trial t = require(sweepId).trial(trialId);
        if (t == null) {
            throw new NoSuchElementException("no trial " + trialId + " in sweep " + sweepId);
        }
        if (t.current().state().terminal()) {
            throw new IllegalStateException("trial " + trialId + " already ended as " + t.current().state().wireName());
        }
        return t.current().number();
    }

    // ---- events from agents -------------------------------------------------------------------------------

    /**
     * Applies events on the engine thread; events of sweeps this controller does not know are ignored. What a
     * batch of events changes is recorded and published once per sweep at the end, not once per event: each
     * write is a round trip to ClickHouse.
     */
    void ingest(List<TrialEvent> events) throws Exception {
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

    /** Ends the attempts whose lease ran out; only while agents' events can reach this controller. */
    void expireLeases() {
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
}
