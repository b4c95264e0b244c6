package io.lorasweep.controller.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.sampler.GridSampler;
import io.lorasweep.controller.sampler.RandomSampler;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.sampler.tpe.TpeSampler;
import io.lorasweep.controller.sampler.tpe.TpeSettings;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.messages.Cancel;
import io.lorasweep.schemas.messages.EvalResult;
import io.lorasweep.schemas.messages.Failed;
import io.lorasweep.schemas.messages.Finished;
import io.lorasweep.schemas.messages.Heartbeat;
import io.lorasweep.schemas.messages.MetricPoint;
import io.lorasweep.schemas.messages.MetricsBatch;
import io.lorasweep.schemas.messages.Prune;
import io.lorasweep.schemas.messages.Started;
import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.messages.TrialCost;
import io.lorasweep.schemas.spec.SweepSpec;
import io.lorasweep.schemas.spec.Trainer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SweepRunTest {

    private static final long LEASE = 60_000;
    private final AtomicLong now = new AtomicLong(1_000_000);

    private static SweepSpec spec(String budget, int maxRetries) {
        return SpecCodec.parseYaml("""
                name: lifecycle
                base_model: assets/models/tiny
                dataset: {train: train.jsonl, eval: eval.jsonl}
                tasks: [{name: ner, type: ner, data: eval.jsonl}]
                parameters:
                  rank: {values: [4, 8, 16]}
                  learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-3}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: random}
                budget: %s
                prices: {cpu: 0.36}
                max_retries: %d
                """.formatted(budget, maxRetries));
    }

    private SweepRun run(SweepSpec spec, PruningPolicy pruning) {
        return new SweepRun("s1", spec, new RandomSampler(SearchSpace.fromSpec(spec.parameters()), 1), pruning, LEASE,
                now::get);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private Started started(TrialAssignment a) {
        return new Started(id(), "s1", a.trialId(), a.attempt(), "agent-1", "cpu", now.get());
    }

    private Finished finished(TrialAssignment a, double value, double seconds) {
        return new Finished(id(), "s1", a.trialId(), a.attempt(), value, List.of(),
                TrialCost.of("cpu", seconds, seconds, 0.36), "artifacts/x", "ab".repeat(32), now.get());
    }

    @Test
    void trialsRunUpToTheParallelLimitAndTheSweepFinishesAtMaxTrials() {
        SweepRun run = run(spec("{max_trials: 3, max_parallel: 2}", 2), PruningPolicy.NEVER);
        List<TrialAssignment> first = run.fill().assignments();
        assertEquals(2, first.size(), "max_parallel");
        assertEquals(List.of(0, 1), first.stream().map(TrialAssignment::trialId).toList());
        run.onEvent(started(first.get(0)));
        SweepRun.Effects done = run.onEvent(finished(first.get(0), 0.5, 30));
        assertEquals(1, done.assignments().size(), "a finished trial frees a slot");
        TrialAssignment third = done.assignments().get(0);
        run.onEvent(finished(first.get(1), 0.4, 30));
        assertEquals(SweepRun.State.RUNNING, run.state());
        run.onEvent(finished(third, 0.7, 30));
        assertEquals(SweepRun.State.FINISHED, run.state());
        assertEquals(1, run.best().orElseThrow().id());
        assertEquals(0.36 * 90 / 3600, run.costUsd(), 1e-12);
    }

    @Test
    void aTrialOfSeveralObjectivesIsToldToTheSamplerWithEveryValue() {
        SweepSpec spec = SpecCodec.parseYaml("""
                name: quality-and-cost
                base_model: assets/models/tiny
                dataset: {train: train.jsonl, eval: eval.jsonl}
                tasks: [{name: ner, type: ner, data: eval.jsonl}]
                parameters:
                  rank: {values: [4, 8, 16]}
                objectives:
                  - {name: ner/f1, goal: maximize}
                  - {name: gpu_hours, goal: minimize}
                  - {name: train_loss, goal: minimize}
                sampler: {type: tpe, seed: 3}
                budget: {max_trials: 3, max_parallel: 3}
                prices: {cpu: 0.36}
                """);
        TpeSampler tpe = new TpeSampler(SearchSpace.fromSpec(spec.parameters()), spec.minimizeEach(),
                TpeSettings.defaults(3));
        SweepRun run = new SweepRun("s1", spec, tpe, PruningPolicy.NEVER, LEASE, now::get);
        List<TrialAssignment> out = run.fill().assignments();
        for (TrialAssignment a : out) {
            run.onEvent(started(a));
        }
        // trial 0 reports its train loss as it trains and ends with an F1 among its evaluations
        run.onEvent(new MetricsBatch(id(), "s1", 0, 1, List.of(MetricPoint.of("train_loss", 10, 1.5, now.get()),
                MetricPoint.of("train_loss", 20, 1.25, now.get())), now.get()));
        run.onEvent(new Finished(id(), "s1", 0, 1, 0.8, List.of(new EvalResult("ner", "f1", EvalResult.OVERALL, 0.8,
                0.7, 0.9)), TrialCost.of("cpu", 1800, 1800, 0.36), "artifacts/x", "ab".repeat(32), now.get()));
        assertEquals(List.of(0.8, 0.5, 1.25), run.trial(0).current().objectives());
        assertEquals(List.of(0.8, 0.5, 1.25), toList(tpe.history().entry(0).objectives()));
        // trial 1 never reported a train loss: complete, but the sampler cannot rank it
        run.onEvent(finished(out.get(1), 0.6, 60));
        assertEquals(AttemptState.COMPLETE, run.trial(1).current().state());
        assertEquals(List.of(), run.trial(1).current().objectives());
        assertTrue(run.trial(1).current().reason().contains("train_loss was not measured"),
                run.trial(1).current().reason());
        assertEquals(io.lorasweep.controller.sampler.TrialState.FAILED, tpe.history().entry(1).state());
    }

    private static List<Double> toList(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @Test
    void aGridThatRunsOutFinishesTheSweepAndSaysWhyNothingMoreStarts() {
        SweepSpec spec = SpecCodec.parseYaml("""
                name: grid
                base_model: assets/models/tiny
                dataset: {train: train.jsonl, eval: eval.jsonl}
                tasks: [{name: ner, type: ner, data: eval.jsonl}]
                parameters:
                  rank: {values: [4, 8]}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: grid}
                budget: {max_trials: 10, max_parallel: 4}
                """);
        SweepRun run = new SweepRun("s1", spec, new GridSampler(SearchSpace.fromSpec(spec.parameters())),
                PruningPolicy.NEVER, LEASE, now::get);
        run.externalOnly();
        TrialAssignment a = run.askExternal().orElseThrow();
        TrialAssignment b = run.askExternal().orElseThrow();
        assertTrue(run.askExternal().isEmpty(), "two grid points, two trials");
        assertTrue(run.whyNoTrialCanStart().contains("grid is exhausted"), run.whyNoTrialCanStart());
        run.onEvent(started(a));
        run.onEvent(finished(a, 0.5, 10));
        assertEquals(SweepRun.State.RUNNING, run.state(), "a trial is still running");
        run.onEvent(started(b));
        run.onEvent(finished(b, 0.4, 10));
        assertEquals(SweepRun.State.FINISHED, run.state());
    }

    @Test
    void aLostAttemptIsChargedOnTheAgentsClockAlone() {
        SweepRun run = run(spec("{max_trials: 1, max_parallel: 1}", 2), PruningPolicy.NEVER);
        TrialAssignment a = run.fill().assignments().get(0);
        long agentClock = now.get() - 3_600_000; // the agent's clock is an hour behind the controller's
        run.onEvent(new Started(id(), "s1", 0, 1, "agent-1", "cpu", agentClock));
        now.addAndGet(30_000);
        run.onEvent(new Heartbeat(id(), "s1", 0, 1, "agent-1", agentClock + 30_000));
        assertEquals(30.0 / 3600, run.gpuHours(), 1e-12, "a running attempt's hours, start to last heartbeat");
        now.addAndGet(LEASE + 1);
        run.expireLeases();
        Attempt lost = run.trial(0).attempt(1);
        assertEquals(AttemptState.LOST, lost.state());
        assertEquals(30.0, lost.deviceSeconds(), 1e-9, "start to last heartbeat, not an hour plus");
        assertEquals(agentClock + 30_000, lost.endedAt(), "ended at its last sign of life, on the same clock");
    }

    @Test
    void anExpiredLeaseLosesTheAttemptAndRetriesTheSameParameters() {
        SweepRun run = run(spec("{max_trials: 1, max_parallel: 1}", 2), PruningPolicy.NEVER);
        TrialAssignment a1 = run.fill().assignments().get(0);
        run.onEvent(started(a1));
        now.addAndGet(30_000);
        run.onEvent(new Heartbeat(id(), "s1", 0, 1, "agent-1", now.get()));
        now.addAndGet(LEASE - 1);
        assertTrue(run.expireLeases().assignments().isEmpty(), "the heartbeat renewed the lease");
        now.addAndGet(2);
        SweepRun.Effects lost = run.expireLeases();
        assertEquals(1, lost.assignments().size());
        TrialAssignment a2 = lost.assignments().get(0);
        assertEquals(0, a2.trialId());
        assertEquals(2, a2.attempt());
        assertEquals(a1.params(), a2.params());
        Attempt first = run.trial(0).attempt(1);
        assertEquals(AttemptState.LOST, first.state());
        assertEquals(30.0, first.deviceSeconds(), 1e-9, "held from start to the last heartbeat");
        assertEquals(0.36 * 30 / 3600, first.costUsd(), 1e-12, "the lost attempt is paid for separately");

        // the first attempt's agent is still at it: told to stop that attempt, and only that one
        SweepRun.Effects stale = run.onEvent(new Heartbeat(id(), "s1", 0, 1, "agent-1", now.get()));
        assertEquals(SweepRun.Verdict.LATE, stale.verdict());
        Cancel stop = (Cancel) stale.controls().get(0);
        assertTrue(stop.covers("s1", 0, 1) && !stop.covers("s1", 0, 2), stop.toString());
        assertTrue(stop.reason().contains("no longer current (lost)"), stop.reason());
        // then comes back late with a result: recorded, never counted
        SweepRun.Effects late = run.onEvent(finished(a1, 0.1, 100));
        assertEquals(SweepRun.Verdict.LATE, late.verdict());
        assertTrue(late.controls().isEmpty(), "a finished attempt has nothing left to stop");
        run.onEvent(started(a2));
        run.onEvent(finished(a2, 0.9, 40));
        assertEquals(0.9, run.trial(0).current().objective());
        assertEquals(SweepRun.State.FINISHED, run.state());
    }

    /** More trials in flight than devices: the ones waiting in the queue are not lost, however long they wait. */
    @Test
    void anAttemptWaitingForADeviceHoldsNoLease() {
        SweepRun run = run(spec("{max_trials: 3, max_parallel: 3}", 2), PruningPolicy.NEVER);
        List<TrialAssignment> queued = run.fill().assignments();
        assertEquals(3, queued.size());
        run.onEvent(started(queued.get(0)));
        now.addAndGet(10 * LEASE);
        run.onEvent(new Heartbeat(id(), "s1", 0, 1, "agent-1", now.get()));
        SweepRun.Effects checked = run.expireLeases();
        assertTrue(checked.assignments().isEmpty() && checked.changed().isEmpty(), checked.toString());
        assertEquals(AttemptState.ASSIGNED, run.trial(2).current().state());
        // once an agent starts it, its lease runs as any other
        run.onEvent(started(queued.get(2)));
        now.addAndGet(LEASE / 2);
        run.onEvent(new Heartbeat(id(), "s1", 0, 1, "agent-1", now.get()));
        now.addAndGet(LEASE / 2 + 1);
        run.onEvent(new Heartbeat(id(), "s1", 0, 1, "agent-1", now.get()));
        assertEquals(List.of(2), run.expireLeases().assignments().stream().map(TrialAssignment::trialId).toList());
        assertEquals(AttemptState.LOST, run.trial(2).attempt(1).state());
        assertEquals(AttemptState.ASSIGNED, run.trial(1).current().state(), "still waiting, still not lost");
    }

    /** A trainer outside the agents holds its trial from the ask: if it goes silent, the attempt is lost. */
    @Test
    void anAskedTrialIsLostWhenItsTrainerGoesSilent() {
        SweepRun run = run(spec("{max_trials: 1, max_parallel: 1}", 2), PruningPolicy.NEVER);
        run.externalOnly();
        run.askExternal().orElseThrow();
        now.addAndGet(LEASE + 1);
        run.expireLeases();
        assertEquals(AttemptState.LOST, run.trial(0).attempt(1).state());
    }

    @Test
    void retriesStopAtMaxRetries() {
        SweepRun run = run(spec("{max_trials: 1, max_parallel: 1}", 1), PruningPolicy.NEVER);
        TrialAssignment a = run.fill().assignments().get(0);
        run.onEvent(started(a));
        TrialAssignment retry = run.onEvent(new Failed(id(), "s1", 0, 1, "CUDA out of memory", Failed.Kind.ERROR,
                now.get())).assignments().get(0);
        assertEquals(2, retry.attempt());
        SweepRun.Effects last = run.onEvent(new Failed(id(), "s1", 0, 2, "CUDA out of memory", Failed.Kind.ERROR,
                now.get()));
        assertTrue(last.assignments().isEmpty(), "1 retry allowed, used");
        assertEquals(AttemptState.FAILED, run.trial(0).current().state());
        assertEquals(SweepRun.State.FINISHED, run.state());
    }

    @Test
    void theFirstTrialAloneMeasuresTheBaselineAndItsRetryStillDoes() {
        SweepRun run = run(spec("{max_trials: 3, max_parallel: 2}", 2), PruningPolicy.NEVER);
        List<TrialAssignment> first = run.fill().assignments();
        assertEquals(2, first.size());
        assertEquals(5, first.get(0).baselineShots(), "the spec's default baseline shots");
        assertNull(first.get(1).baselineShots());
        run.onEvent(started(first.get(0)));
        TrialAssignment retry = run.onEvent(new Failed(id(), "s1", 0, 1, "disk full", Failed.Kind.ERROR,
                now.get())).assignments().get(0);
        assertEquals(0, retry.trialId());
        assertEquals(5, retry.baselineShots());
    }

    @Test
    void aBaselineOnRecordIsNotMeasuredAgain() {
        SweepRun run = run(spec("{max_trials: 2, max_parallel: 2}", 2), PruningPolicy.NEVER);
        run.baselineOnRecord();
        assertTrue(run.fill().assignments().stream().allMatch(a -> a.baselineShots() == null));
    }

    @Test
    void everyAttemptCarriesTheSpecsTrainerCommand() {
        SweepRun builtIn = run(spec("{max_trials: 1, max_parallel: 1}", 2), PruningPolicy.NEVER);
        assertNull(builtIn.fill().assignments().get(0).trainer(), "no trainer section: the built-in trainer");
        SweepSpec spec = SpecCodec.parseYaml(SpecCodec.toJson(spec("{max_trials: 2, max_parallel: 2}", 2))
                .replaceFirst("\\{",
                        "{\"trainer\": {\"command\": [\"python3\", \"train.py\"], \"timeout_minutes\": 30},"));
        SweepRun run = run(spec, PruningPolicy.NEVER);
        Trainer trainer = new Trainer(List.of("python3", "train.py"), 30);
        List<TrialAssignment> first = run.fill().assignments();
        assertEquals(List.of(trainer, trainer), first.stream().map(TrialAssignment::trainer).toList());
        run.onEvent(started(first.get(0)));
        TrialAssignment retry = run.onEvent(new Failed(id(), "s1", 0, 1, "exit 1", Failed.Kind.ERROR, now.get()))
                .assignments().get(0);
        assertEquals(trainer, retry.trainer());
    }

    @Test
    void anInvalidTrialIsNotRetriedAndTheSweepGoesOn() {
        SweepRun run = run(spec("{max_trials: 2, max_parallel: 1}", 3), PruningPolicy.NEVER);
        TrialAssignment a = run.fill().assignments().get(0);
        run.onEvent(started(a));
        SweepRun.Effects e = run.onEvent(new Failed(id(), "s1", 0, 1,
                "data/train.jsonl line 3: 'text' is required", Failed.Kind.INVALID, now.get()));
        assertEquals(1, e.assignments().size(), "the next trial, not a retry of this one");
        assertEquals(1, e.assignments().get(0).trialId());
        assertEquals(1, run.trial(0).attempts().size());
        assertEquals(AttemptState.FAILED, run.trial(0).current().state());
        assertEquals("data/train.jsonl line 3: 'text' is required", run.trial(0).current().reason());
    }

    @Test
    void aDivergedTrialIsAResultNotRetried() {
        SweepRun run = run(spec("{max_trials: 1, max_parallel: 1}", 2), PruningPolicy.NEVER);
        TrialAssignment a = run.fill().assignments().get(0);
        run.onEvent(started(a));
        SweepRun.Effects e = run.onEvent(new Failed(id(), "s1", 0, 1, "loss is NaN at step 12", Failed.Kind.DIVERGED,
                now.get()));
        assertTrue(e.assignments().isEmpty());
        assertEquals(AttemptState.DIVERGED, run.trial(0).current().state());
        assertEquals("loss is NaN at step 12", run.trial(0).current().reason());
    }

    @Test
    void duplicateEventsChangeNothing() {
        SweepRun run = run(spec("{max_trials: 2, max_parallel: 1}", 2), PruningPolicy.NEVER);
        TrialAssignment a = run.fill().assignments().get(0);
        Started s = started(a);
        assertEquals(SweepRun.Verdict.APPLIED, run.onEvent(s).verdict());
        assertEquals(SweepRun.Verdict.DUPLICATE, run.onEvent(s).verdict());
        Heartbeat h = new Heartbeat(id(), "s1", 0, 1, "agent-1", now.get());
        assertEquals(SweepRun.Verdict.APPLIED, run.onEvent(h).verdict());
        assertEquals(SweepRun.Verdict.DUPLICATE, run.onEvent(h).verdict());
        assertEquals(2, run.trial(0).current().eventsRemembered());
        Finished f = finished(a, 0.3, 10);
        assertEquals(1, run.onEvent(f).assignments().size());
        // the ended attempt forgets its event ids (memory stays bounded by the live attempts); a redelivery is late
        assertEquals(0, run.trial(0).current().eventsRemembered());
        SweepRun.Effects again = run.onEvent(f);
        assertEquals(SweepRun.Verdict.LATE, again.verdict());
        assertTrue(again.assignments().isEmpty(), "a redelivered finish does not start another trial");
        assertEquals(0.3, run.trial(0).current().objective());
        assertEquals(2, run.trials().size());
        assertEquals(SweepRun.Verdict.UNKNOWN_TRIAL,
                run.onEvent(new Heartbeat(id(), "s1", 99, 1, "agent-9", now.get())).verdict());
    }

    @Test
    void aPruneDecisionEndsTheAttemptAndOrdersTheAgentToStop() {
        PruningPolicy afterStep10 = (run, trial, step) -> step >= 10 ? Optional.of("test rule at step " + step)
                : Optional.empty();
        SweepRun run = run(spec("{max_trials: 1, max_parallel: 1}", 2), afterStep10);
        TrialAssignment a = run.fill().assignments().get(0);
        run.onEvent(started(a));
        SweepRun.Effects early = run.onEvent(new MetricsBatch(id(), "s1", 0, 1, List.of(
                MetricPoint.of("eval_loss", 5, 2.0, now.get()), MetricPoint.of("train_loss", 5, 2.2, now.get())),
                now.get()));
        assertTrue(early.controls().isEmpty());
        SweepRun.Effects late = run.onEvent(new MetricsBatch(id(), "s1", 0, 1, List.of(
                MetricPoint.of("eval_loss", 10, 1.9, now.get())), now.get()));
        assertEquals(List.of(new Prune("s1", 0, 1, "test rule at step 10")), late.controls());
        assertEquals(AttemptState.PRUNED, run.trial(0).current().state());
        assertEquals(1.9, run.trial(0).current().lastValue(), "recorded with its last value");
        assertEquals(SweepRun.Verdict.LATE, run.onEvent(finished(a, 1.8, 10)).verdict());

        // the agent confirms the stop 90 s after the start: the pruned attempt is charged for its device time
        now.addAndGet(90_000);
        SweepRun.Effects confirmed = run.onEvent(new Failed(id(), "s1", 0, 1, "stopped at step 10 (pruned)",
                Failed.Kind.PRUNED, now.get()));
        assertEquals(SweepRun.Verdict.APPLIED, confirmed.verdict());
        assertEquals(AttemptState.PRUNED, run.trial(0).current().state(), "the outcome stands");
        assertEquals(90.0, run.trial(0).current().deviceSeconds(), 1e-9);
        assertEquals(0.36 * 90 / 3600, run.trial(0).current().costUsd(), 1e-12);
        assertEquals(SweepRun.Verdict.LATE, run.onEvent(new Failed(id(), "s1", 0, 1, "again", Failed.Kind.PRUNED,
                now.get())).verdict(), "charged once");
    }

    @Test
    void pauseStopsNewTrialsAndCancelStopsRunningOnes() {
        SweepRun run = run(spec("{max_trials: 5, max_parallel: 1}", 2), PruningPolicy.NEVER);
        TrialAssignment a = run.fill().assignments().get(0);
        run.pause();
        run.onEvent(started(a));
        assertTrue(run.onEvent(finished(a, 0.2, 5)).assignments().isEmpty(), "paused");
        TrialAssignment b = run.resume().assignments().get(0);
        run.onEvent(started(b));
        SweepRun.Effects cancelled = run.cancel("stopped by user");
        assertEquals(List.of(Cancel.sweep("s1", "stopped by user")), cancelled.controls());
        assertEquals(AttemptState.CANCELLED, run.trial(1).current().state());
        assertTrue(run.fill().assignments().isEmpty());
        assertEquals(SweepRun.State.CANCELLED, run.state());
    }

    @Test
    void theCostBudgetCountsRunningTrialsAtTheirEstimate() {
        SweepRun run = run(spec("{max_trials: 100, max_parallel: 2, max_cost_usd: 0.01}", 2), PruningPolicy.NEVER);
        List<TrialAssignment> first = run.fill().assignments();
        first.forEach(x -> run.onEvent(started(x)));
        // 60 s at 0.36/h = 0.006 USD; with the other running attempt estimated at the same, 0.012 > 0.01
        SweepRun.Effects after = run.onEvent(finished(first.get(0), 0.5, 60));
        assertTrue(after.assignments().isEmpty(), "spend 0.006 + estimate 0.006 reaches the budget");
        assertEquals(0.012, run.costUsd(), 1e-12);
    }
}
