package io.lorasweep.controller.trial;

import io.lorasweep.controller.sampler.Sampler;
import io.lorasweep.controller.sampler.SearchSpaceExhausted;
import io.lorasweep.controller.sampler.TrialState;
import io.lorasweep.schemas.messages.BaselineEvals;
import io.lorasweep.schemas.messages.Cancel;
import io.lorasweep.schemas.messages.Control;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.EvalItems;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.Heartbeat;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.messages.TrialEvent;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.schemas.spec.SweepSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * One sweep as a state machine over its trials. The controller feeds it agents' events and the clock; it answers
 * with what to publish (assignments, prune and cancel orders) and which trial changed, so the I/O around it stays
 * thin and every rule lives here:
 *
 * <ul>
 *   <li>an attempt is assigned with a lease, runs while heartbeats renew it, and ends complete, pruned, failed,
 *       diverged, cancelled — or lost when its lease runs out;</li>
 *   <li>a lost or failed attempt is retried with the same parameters as a new attempt, up to {@code max_retries};
 *       a diverged one is a result (the parameters are bad), not retried, and neither is an invalid one (bad
 *       data or an unknown module: every attempt would fail the same way);</li>
 *   <li>an event seen before (same event id) changes nothing; an event of an attempt that is no longer current
 *       is late: recorded, never counted;</li>
 *   <li>new trials start while the sweep runs and the budgets allow: {@code max_trials}, {@code max_parallel},
 *       {@code max_gpu_hours} and {@code max_cost_usd}, with running attempts counted at their estimate.</li>
 * </ul>
 *
 * <p>Over 300 lines: these rules act on one another (a retry spends the budget, a lease expiry feeds the pruner),
 * and kept in one pure class every one of them is tested without I/O.
 */
public final class SweepRun {

    public enum State {
        RUNNING, PAUSED, CANCELLED, FINISHED;

        /** How the record and the API write the state. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State fromWire(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** What happened to an event. */
    public enum Verdict { APPLIED, DUPLICATE, LATE, UNKNOWN_TRIAL }

    /** The consequences of one input: what to publish and which trial to write. */
    public record Effects(Verdict verdict, List<TrialAssignment> assignments, List<Control> controls,
                          List<Trial> changed) {
        static Effects none(Verdict verdict) {
            return new Effects(verdict, List.of(), List.of(), List.of());
        }

        /** These effects followed by {@code later}'s, as one (the verdict is the earlier one's). */
        public Effects then(Effects later) {
            return new Effects(verdict, concat(assignments, later.assignments), concat(controls, later.controls),
                    concat(changed, later.changed));
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    private final String sweepId;
    private final SweepSpec spec;
    private boolean baselineOnRecord;
    private final Sampler sampler;
    private int warmStartTrials;
    private List<String> warmStartNotes = List.of();
    private final PruningPolicy pruning;
    private final long leaseMs;
    private final LongSupplier clock;
    private final Map<Integer, Trial> trials = new LinkedHashMap<>();
    private State state = State.RUNNING;
    /** Why the sampler has nothing more to propose, or null while it has. */
    private String exhausted;
    /** False when trials are handed out only over the ask-and-tell API, never to agents. */
    private boolean agents = true;

    /** The baseline this sweep compares against is on record already (an earlier sweep measured it). */
    public void baselineOnRecord() {
        baselineOnRecord = true;
    }

    public SweepRun(String sweepId, SweepSpec spec, Sampler sampler, PruningPolicy pruning, long leaseMs,
                    LongSupplier clock) {
        if (leaseMs <= 0) {
            throw new IllegalArgumentException("leaseMs must be > 0, got " + leaseMs);
        }
        this.sweepId = sweepId;
        this.spec = spec;
        this.sampler = sampler;
        this.pruning = pruning;
        this.leaseMs = leaseMs;
        this.clock = clock;
    }

    public String sweepId() {
        return sweepId;
    }

    public SweepSpec spec() {
        return spec;
    }

    public State state() {
        return state;
    }

    public Collection<Trial> trials() {
        return Collections.unmodifiableCollection(trials.values());
    }

    public Trial trial(int id) {
        return trials.get(id);
    }

    public boolean minimize() {
        return spec.metric().goal() == Metric.Goal.MINIMIZE;
    }

    public long activeAttempts() {
        return trials.values().stream().filter(t -> t.current().state.active()).count();
    }

    /**
     * Device-hours used: every attempt's reported or observed device time, running ones up to their last sign of
     * life (both ends on the agent's clock).
     */
    public double gpuHours() {
        double seconds = 0;
        for (Trial t : trials.values()) {
            for (Attempt a : t.attempts) {
                seconds += a.state.active() ? heldSeconds(a, a.lastHeardAt == null ? 0 : a.lastHeardAt)
                        : a.deviceSeconds;
            }
        }
        return seconds / 3600;
    }

    /** Spend: reported costs, plus running attempts at the mean cost of a completed one. */
    public double costUsd() {
        double spent = 0;
        int completed = 0;
        double completedCost = 0;
        for (Trial t : trials.values()) {
            for (Attempt a : t.attempts) {
                spent += a.costUsd;
                if (a.state == AttemptState.COMPLETE) {
                    completed++;
                    completedCost += a.costUsd;
                }
            }
        }
        double estimate = completed == 0 ? 0 : completedCost / completed;
        return spent + estimate * activeAttempts();
    }

    /** Hands trials out only through {@link #askExternal} from now on. */
    public void externalOnly() {
        agents = false;
    }

    public boolean agents() {
        return agents;
    }

    /** Starts as many new trials for agents as the state and budgets allow. */
    public Effects fill() {
        List<TrialAssignment> assignments = new ArrayList<>();
        List<Trial> changed = new ArrayList<>();
        while (agents && canStartTrial()) {
            int id = trials.size();
            Map<String, Object> params;
            try {
                params = sampler.ask(id);
            } catch (SearchSpaceExhausted e) {
                exhausted = e.getMessage();
                break;
            }
            Trial trial = new Trial(id, params);
            trials.put(id, trial);
            assignments.add(assign(trial));
            changed.add(trial);
        }
        finishIfDone();
        return new Effects(Verdict.APPLIED, assignments, List.of(), changed);
    }

    private boolean canStartTrial() {
        if (state != State.RUNNING || exhausted != null) {
            return false;
        }
        var budget = spec.budget();
        return trials.size() < budget.maxTrials()
                && activeAttempts() < budget.maxParallel()
                && (budget.maxGpuHours() == null || gpuHours() < budget.maxGpuHours())
                && (budget.maxCostUsd() == null || costUsd() < budget.maxCostUsd());
    }

    private TrialAssignment assign(Trial trial) {
        long now = clock.getAsLong();
        Attempt attempt = new Attempt(trial.attempts.size() + 1, UUID.randomUUID().toString(), now, now + leaseMs);
        trial.attempts.add(attempt);
        // the first trial also measures the base model's k-shot baseline, once for the sweep (and again only if
        // its attempt is retried)
        Integer baselineShots = trial.id == 0 && !spec.tasks().isEmpty() && !baselineOnRecord
                ? spec.baseline().shots() : null;
        return new TrialAssignment(sweepId, trial.id, attempt.number, attempt.leaseId, trial.params,
                spec.baseModel(), spec.dataset(), spec.tasks(), now, leaseMs, spec.metric().name(), baselineShots,
                spec.trainer());
    }

    /**
     * Rebuilds one trial from the record after a restart, and replays it to the sampler so its history is as it
     * was. An attempt that was still out gets a fresh lease: its agent has that long to show it is alive.
     *
     * @param intermediate the objective's values by step reported by the current attempt
     */
    public void restore(int trialId, java.util.Map<String, Object> params, List<RestoredAttempt> attempts,
                        java.util.SortedMap<Long, Double> intermediate) {
        long lastStep = intermediate.isEmpty() ? -1 : intermediate.lastKey();
        double lastValue = intermediate.isEmpty() ? Double.NaN : intermediate.get(lastStep);
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("trial " + trialId + " has no attempt to restore");
        }
        long now = clock.getAsLong();
        Trial trial = new Trial(trialId, params);
        for (RestoredAttempt r : attempts) {
            Attempt a = new Attempt(r.number(), r.leaseId(), r.startedAt() == null ? now : r.startedAt(),
                    now + leaseMs);
            a.state = r.state();
            a.agentId = r.agentId();
            a.device = r.device();
            a.startedAt = r.startedAt();
            a.endedAt = r.endedAt();
            a.objective = r.objective();
            a.objectives = r.objectives();
            a.reason = r.reason();
            a.adapterPath = r.adapterPath();
            a.adapterSha256 = r.adapterSha256();
            a.deviceSeconds = r.deviceSeconds();
            a.costUsd = r.costUsd();
            trial.attempts.add(a);
        }
        Attempt current = trial.current();
        current.lastStep = lastStep;
        current.lastValue = lastValue;
        current.intermediate.putAll(intermediate);
        trials.put(trialId, trial);
        sampler.add(trialId, params, TrialState.RUNNING, null);
        if (lastStep >= 0) {
            sampler.report(trialId, lastStep, lastValue);
        }
        switch (current.state) {
            case COMPLETE -> tellComplete(trialId, current);
            case PRUNED, DIVERGED -> sampler.tell(trialId, TrialState.PRUNED, null);
            case FAILED, LOST, CANCELLED -> sampler.tell(trialId, TrialState.FAILED, null);
            case ASSIGNED, RUNNING -> {
                // still out: stays running for the sampler (and for the constant liar)
            }
        }
    }

    /** Restores the sweep's own state after its trials. */
    public void restoreState(State restored) {
        this.state = restored;
        finishIfDone();
    }

    /**
     * A trial for a trainer outside the agents (ask-and-tell over HTTP), within the same budgets; empty when none
     * may start now.
     */
    public Optional<TrialAssignment> askExternal() {
        if (!canStartTrial()) {
            return Optional.empty();
        }
        int id = trials.size();
        Map<String, Object> params;
        try {
            params = sampler.ask(id);
        } catch (SearchSpaceExhausted e) {
            exhausted = e.getMessage();
            finishIfDone();
            return Optional.empty();
        }
        Trial trial = new Trial(id, params);
        trials.put(id, trial);
        return Optional.of(assign(trial));
    }

    /** Why no new trial can start now, in words for whoever asked for one. */
    public String whyNoTrialCanStart() {
        var budget = spec.budget();
        if (exhausted != null) {
            return exhausted;
        }
        if (state != State.RUNNING) {
            return "the sweep is " + state.wireName();
        }
        if (trials.size() >= budget.maxTrials()) {
            return "the sweep has started all of its max_trials (" + budget.maxTrials() + ")";
        }
        if (activeAttempts() >= budget.maxParallel()) {
            return activeAttempts() + " trials are running, max_parallel is " + budget.maxParallel();
        }
        if (budget.maxGpuHours() != null && gpuHours() >= budget.maxGpuHours()) {
            return "the sweep has spent its max_gpu_hours (" + budget.maxGpuHours() + ")";
        }
        if (budget.maxCostUsd() != null && costUsd() >= budget.maxCostUsd()) {
            return "the sweep has spent its max_cost_usd (" + budget.maxCostUsd() + ")";
        }
        return "a trial can start";
    }

    /**
     * An agent that starts or keeps running an attempt that is over (lost and retried, or its sweep cancelled while
     * the assignment waited in Kafka) is told to stop it, so it does not hold a device for a result nobody counts.
     */
    private List<Control> stopIfRunning(TrialEvent event, Attempt attempt) {
        if (!(event instanceof Started) && !(event instanceof Heartbeat)) {
            return List.of();
        }
        return List.of(new Cancel(sweepId, event.trialId(), event.attempt(), "attempt " + event.attempt()
                + " of trial " + event.trialId() + " is no longer current (" + attempt.state.wireName() + ")"));
    }

    /** Applies one agent event. */
    public Effects onEvent(TrialEvent event) {
        Trial trial = trials.get(event.trialId());
        if (trial == null || trial.attempt(event.attempt()) == null) {
            return Effects.none(Verdict.UNKNOWN_TRIAL);
        }
        Attempt attempt = trial.attempt(event.attempt());
        if (!attempt.firstDelivery(event.eventId())) {
            return Effects.none(Verdict.DUPLICATE);
        }
        if (attempt.state.terminal() && event instanceof Failed f && acknowledgesStop(attempt, f)) {
            // the agent confirms a stop the controller ordered: the attempt's outcome stands, its device time is
            // what this report adds (without it a pruned or cancelled attempt would look free)
            charge(attempt, f.at());
            return new Effects(Verdict.APPLIED, List.of(), List.of(), List.of(trial));
        }
        if (event instanceof Started s && attempt.state.terminal()
                && (attempt.startedAt == null || attempt.agentId.isEmpty())) {
            // a start delivered after the end still says where and since when the attempt ran, so the record
            // comes out the same whatever order Kafka delivered the events in
            attempt.agentId = s.agentId();
            attempt.device = s.device();
            attempt.startedAt = s.at();
            return new Effects(Verdict.APPLIED, List.of(), stopIfRunning(event, attempt), List.of(trial));
        }
        if (attempt != trial.current() || attempt.state.terminal()) {
            return new Effects(Verdict.LATE, List.of(), stopIfRunning(event, attempt), List.of());
        }
        long now = clock.getAsLong();
        attempt.leaseDeadline = now + leaseMs; // any sign of life renews the lease
        attempt.lastHeardAt = attempt.lastHeardAt == null ? event.at() : Math.max(attempt.lastHeardAt, event.at());
        AttemptState stateBefore = attempt.state;
        List<Control> controls = new ArrayList<>();
        List<TrialAssignment> assignments = new ArrayList<>();
        if (event instanceof Started s) {
            attempt.state = AttemptState.RUNNING;
            attempt.agentId = s.agentId();
            attempt.device = s.device();
            attempt.startedAt = s.at();
        } else if (event instanceof Heartbeat h) {
            markRunning(attempt, h.agentId(), h.at());
        } else if (event instanceof MetricsBatch m) {
            markRunning(attempt, attempt.agentId, m.at());
            reportObjective(trial, attempt, m, controls);
        } else if (event instanceof BaselineEvals || event instanceof EvalItems) {
            markRunning(attempt, attempt.agentId, event.at()); // recorded by the controller; here a sign of life
        } else if (event instanceof Finished f) {
            attempt.end(AttemptState.COMPLETE);
            attempt.objective = f.objective();
            attempt.endedAt = f.at();
            attempt.deviceSeconds = f.cost().deviceSeconds();
            attempt.costUsd = f.cost().costUsd();
            attempt.adapterPath = f.adapterPath() == null ? "" : f.adapterPath();
            attempt.adapterSha256 = f.adapterSha256() == null ? "" : f.adapterSha256();
            if (spec.multiObjective()) {
                attempt.objectives = objectiveValues(attempt, f);
            }
            tellComplete(trial.id, attempt);
        } else if (event instanceof Failed f) {
            attempt.endedAt = f.at();
            attempt.reason = f.reason();
            charge(attempt, f.at());
            switch (f.kind()) {
                case DIVERGED -> {
                    attempt.end(AttemptState.DIVERGED);
                    // a result, not an accident: the sampler ranks it with the pruned trials, by its last value
                    sampler.tell(trial.id, TrialState.PRUNED, null);
                }
                case PRUNED -> {
                    attempt.end(AttemptState.PRUNED);
                    sampler.tell(trial.id, TrialState.PRUNED, null);
                }
                case CANCELLED -> {
                    attempt.end(AttemptState.CANCELLED);
                    sampler.tell(trial.id, TrialState.FAILED, null);
                }
                case ERROR, LOST -> {
                    attempt.end(f.kind() == Failed.Kind.LOST ? AttemptState.LOST : AttemptState.FAILED);
                    retryOrGiveUp(trial, assignments);
                }
                case INVALID -> {
                    attempt.end(AttemptState.FAILED);
                    sampler.tell(trial.id, TrialState.FAILED, null); // a retry would fail the same way
                }
            }
        }
        // a heartbeat or metrics batch that leaves the state as it was changes nothing worth rewriting
        boolean routine = (event instanceof Heartbeat || event instanceof MetricsBatch || event instanceof BaselineEvals
                || event instanceof EvalItems) && attempt.state == stateBefore;
        List<Trial> changed = new ArrayList<>(routine ? List.of() : List.of(trial));
        if (state == State.RUNNING) {
            Effects more = fill();
            assignments.addAll(more.assignments());
            changed.addAll(more.changed());
        }
        finishIfDone();
        return new Effects(Verdict.APPLIED, assignments, controls, changed);
    }

    /** A failed report matching a stop this controller decided, for an attempt not yet charged. */
    private static boolean acknowledgesStop(Attempt attempt, Failed f) {
        boolean matches = (attempt.state == AttemptState.PRUNED && f.kind() == Failed.Kind.PRUNED)
                || (attempt.state == AttemptState.CANCELLED && f.kind() == Failed.Kind.CANCELLED);
        return matches && attempt.deviceSeconds == 0;
    }

    private static void markRunning(Attempt attempt, String agentId, long at) {
        if (attempt.state == AttemptState.ASSIGNED) {
            attempt.state = AttemptState.RUNNING;
            attempt.agentId = agentId;
            attempt.startedAt = at;
        }
    }

    /**
     * Every objective's value for a complete attempt, in the spec's order: the first as the agent measured it, a
     * cost from the attempt's cost record, a task's metric from the evaluations, any other from the newest value the
     * trial reported. Empty, with the reason on the attempt, when one was not measured.
     */
    private List<Double> objectiveValues(Attempt attempt, Finished f) {
        List<Double> values = new ArrayList<>();
        values.add(f.objective());
        for (Metric objective : spec.objectives().subList(1, spec.objectives().size())) {
            String name = objective.name();
            Double value = switch (name) {
                // boxed in every branch: a switch of double and Double would unbox a missing value
                case Metric.GPU_HOURS -> Double.valueOf(attempt.deviceSeconds / 3600.0);
                case Metric.COST_USD -> Double.valueOf(attempt.costUsd);
                default -> {
                    java.util.OptionalDouble measured = EvalResult.overall(f.evals(), name);
                    yield measured.isPresent() ? Double.valueOf(measured.getAsDouble())
                            : attempt.reportedObjectives.get(name);
                }
            };
            if (value == null || !Double.isFinite(value)) {
                attempt.reason = "the objective " + name + " was " + (value == null ? "not measured" : value)
                        + "; the sampler counts this trial as failed";
                return List.of();
            }
            values.add(value);
        }
        return values;
    }

    /** Tells the sampler a complete attempt's value, or values; one it cannot rank counts as failed. */
    private void tellComplete(int trialId, Attempt attempt) {
        if (!spec.multiObjective()) {
            sampler.tell(trialId, TrialState.COMPLETE, attempt.objective);
        } else if (attempt.objectives.size() == spec.objectives().size()) {
            sampler.tell(trialId, TrialState.COMPLETE,
                    attempt.objectives.stream().mapToDouble(Double::doubleValue).toArray());
        } else {
            sampler.tell(trialId, TrialState.FAILED);
        }
    }

    private void reportObjective(Trial trial, Attempt attempt, MetricsBatch batch, List<Control> controls) {
        String objective = spec.metric().name();
        long newest = -1;
        for (MetricPoint p : batch.points()) {
            if (spec.multiObjective() && !p.name().equals(objective) && Double.isFinite(p.asDouble())
                    && spec.objectives().stream().anyMatch(o -> o.name().equals(p.name()))) {
                attempt.reportedObjectives.put(p.name(), p.asDouble());
            }
            if (p.name().equals(objective)) {
                attempt.intermediate.put(p.step(), p.asDouble());
            }
            if (p.name().equals(objective) && p.step() >= attempt.lastStep) {
                attempt.lastStep = p.step();
                attempt.lastValue = p.asDouble();
                sampler.report(trial.id, p.step(), p.asDouble());
                newest = p.step();
            }
        }
        if (newest < 0) {
            return;
        }
        Optional<String> prune = pruning.decide(this, trial, newest);
        if (prune.isPresent()) {
            attempt.end(AttemptState.PRUNED);
            attempt.reason = prune.get();
            attempt.endedAt = batch.at();
            sampler.tell(trial.id, TrialState.PRUNED, null);
            controls.add(new Prune(sweepId, trial.id, attempt.number, prune.get()));
        }
    }

    private void retryOrGiveUp(Trial trial, List<TrialAssignment> assignments) {
        if (agents && trial.attempts.size() <= spec.maxRetries() && state == State.RUNNING) {
            assignments.add(assign(trial));
        } else {
            sampler.tell(trial.id, TrialState.FAILED, null);
        }
    }

    /**
     * What the current attempt of a trial run outside the agents has cost by {@code now}: the device time since it
     * was handed out, at the sweep's price for its device (an external trainer reports no cost of its own).
     */
    public TrialCost externalCost(int trialId, long now) {
        Attempt a = trials.get(trialId).current();
        double seconds = heldSeconds(a, now);
        return TrialCost.of(a.device, seconds, seconds, priceOf(a));
    }

    /** Charges an attempt the device time it held from its start until {@code at}, at its device's price. */
    private void charge(Attempt attempt, long at) {
        attempt.deviceSeconds = heldSeconds(attempt, at);
        attempt.costUsd = TrialCost.of(attempt.device, attempt.deviceSeconds, attempt.deviceSeconds,
                priceOf(attempt)).costUsd();
    }

    /** The device time an attempt held from its start until {@code at}. */
    private static double heldSeconds(Attempt attempt, long at) {
        return attempt.startedAt == null ? 0 : Math.max(0, at - attempt.startedAt) / 1000.0;
    }

    private double priceOf(Attempt attempt) {
        Double price = spec.prices().get(attempt.device);
        return price == null ? 0 : price;
    }

    /** Ends attempts whose lease ran out (their agent went silent) and retries them. */
    public Effects expireLeases() {
        long now = clock.getAsLong();
        List<TrialAssignment> assignments = new ArrayList<>();
        List<Trial> changed = new ArrayList<>();
        for (Trial trial : List.copyOf(trials.values())) {
            Attempt a = trial.current();
            if (a.state.active() && a.leaseDeadline < now && !queued(a)) {
                a.end(AttemptState.LOST);
                a.reason = "lease expired: no word from " + (a.agentId.isEmpty() ? "any agent" : a.agentId)
                        + " for " + leaseMs / 1000.0 + " s";
                // the device was held from the start until the last sign of life, both on the agent's clock (the
                // controller's may be hours apart); an attempt restored without either falls back to this one's
                boolean agentClock = a.startedAt != null && a.lastHeardAt != null;
                a.endedAt = agentClock ? a.lastHeardAt : now;
                charge(a, agentClock ? a.lastHeardAt : a.leaseDeadline - leaseMs);
                retryOrGiveUp(trial, assignments);
                changed.add(trial);
            }
        }
        if (state == State.RUNNING) {
            Effects more = fill();
            assignments.addAll(more.assignments());
            changed.addAll(more.changed());
        }
        finishIfDone();
        return new Effects(Verdict.APPLIED, assignments, List.of(), changed);
    }

    /**
     * An attempt for the agents that no agent has started yet waits in lora.trials for a free device (more trials
     * may run at once than there are devices): waiting is not being lost, so its lease starts when it starts. One
     * handed out over ask-and-tell is held by its trainer from the ask.
     */
    private boolean queued(Attempt a) {
        return agents && a.state == AttemptState.ASSIGNED;
    }

    public void pause() {
        if (state == State.RUNNING) {
            state = State.PAUSED;
        }
    }

    public Effects resume() {
        if (state == State.PAUSED) {
            state = State.RUNNING;
        }
        return fill();
    }

    /** Stops the sweep: running attempts are cancelled and agents told so. */
    public Effects cancel(String reason) {
        if (state == State.CANCELLED || state == State.FINISHED) {
            return Effects.none(Verdict.APPLIED);
        }
        state = State.CANCELLED;
        List<Trial> changed = new ArrayList<>();
        long now = clock.getAsLong();
        for (Trial trial : trials.values()) {
            Attempt a = trial.current();
            if (a.state.active()) {
                a.end(AttemptState.CANCELLED);
                a.reason = reason;
                a.endedAt = now;
                sampler.tell(trial.id, TrialState.FAILED, null);
                changed.add(trial);
            }
        }
        return new Effects(Verdict.APPLIED, List.of(), List.of(Cancel.sweep(sweepId, reason)), changed);
    }

    private void finishIfDone() {
        if (state == State.RUNNING && activeAttempts() == 0 && !canStartTrialIgnoringParallel()) {
            state = State.FINISHED;
        }
    }

    private boolean canStartTrialIgnoringParallel() {
        var budget = spec.budget();
        return exhausted == null && trials.size() < budget.maxTrials()
                && (budget.maxGpuHours() == null || gpuHours() < budget.maxGpuHours())
                && (budget.maxCostUsd() == null || costUsd() < budget.maxCostUsd());
    }

    /** Records what the sampler learned from earlier sweeps before this one's first trial. */
    public void warmStarted(int trials, List<String> notes) {
        warmStartTrials = trials;
        warmStartNotes = List.copyOf(notes);
    }

    public int warmStartTrials() {
        return warmStartTrials;
    }

    public List<String> warmStartNotes() {
        return warmStartNotes;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** The best complete trial so far, if any. */
    public Optional<Trial> best() {
        Trial best = null;
        for (Trial t : trials.values()) {
            Attempt a = t.current();
            if (a.state == AttemptState.COMPLETE && (best == null || (minimize()
                    ? a.objective < best.current().objective : a.objective > best.current().objective))) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }
}
