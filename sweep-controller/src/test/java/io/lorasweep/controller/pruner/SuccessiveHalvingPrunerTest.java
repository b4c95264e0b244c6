package io.lorasweep.controller.pruner;

import static io.lorasweep.controller.pruner.PercentilePrunerTest.assertMessage;
import static io.lorasweep.controller.pruner.ScriptedStudy.range;
import static io.lorasweep.controller.pruner.ScriptedStudy.steps;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * ASHA on scripted curves. Outcomes follow Optuna 4's {@code SuccessiveHalvingPruner}: at the end of rung k
 * ({@code min_resource * eta^(rate + k)}) a trial goes on only if its value is among the best
 * {@code max(n // eta, 1)} of the n values recorded for the rung so far, its own included.
 */
class SuccessiveHalvingPrunerTest {

    /** Sixteen trials, each flat at one value, run one after the other. */
    static final double[] VALUES = {5, 3, 8, 1, 9, 2, 7, 4, 6, 0.5, 10, 1.5, 3.5, 2.5, 0.2, 11};

    private static long[] runSixteen(ScriptedStudy study, Pruner pruner, long[] steps) {
        long[] prunedAt = new long[VALUES.length];
        for (int i = 0; i < VALUES.length; i++) {
            double v = VALUES[i];
            prunedAt[i] = study.run(pruner, i, steps, s -> v);
        }
        return prunedAt;
    }

    @Test
    void optunaDefaults() {
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner();
        assertEquals(OptionalInt.empty(), p.minResource());
        assertEquals(4, p.reductionFactor());
        assertEquals(0, p.minEarlyStoppingRate());
        assertEquals(0, p.bootstrapCount());
    }

    @Test
    void sixteenTrialsAtSteps1_4_16WithReductionFactor4() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 0, 0);
        assertEquals(1, p.rungEnd(0));
        assertEquals(4, p.rungEnd(1));
        assertEquals(16, p.rungEnd(2));
        long[] prunedAt = runSixteen(study, p, steps(1, 4, 16));
        // Worked by hand: while fewer than 4 values compete only the best goes on; with 4..7 still only the best,
        // with 8..11 the best 2, with 12..15 the best 3. Trial 11 (1.5) passes rung 0 as third of 12 but meets
        // 5, 3, 1, 0.5 at rung 1, where only the best of 5 goes on.
        assertArrayEquals(new long[] {-1, -1, 1, -1, 1, 1, 1, 1, 1, -1, 1, 4, 1, 1, -1, 1}, prunedAt);
        // rungs are recorded per trial, pruned trials included, with the value at the rung's end
        assertEquals(Map.of(0, 5.0, 1, 5.0, 2, 5.0), study.rungs(0));
        assertEquals(Map.of(0, 8.0), study.rungs(2));
        assertEquals(Map.of(0, 1.5, 1, 1.5), study.rungs(11));
    }

    @Test
    void reportingEveryStepChangesNothing() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        long[] prunedAt = runSixteen(study, new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 0, 0), range(1, 16));
        assertArrayEquals(new long[] {-1, -1, 1, -1, 1, 1, 1, 1, 1, -1, 1, 4, 1, 1, -1, 1}, prunedAt);
    }

    @Test
    void maximizeKeepsTheLargest() {
        ScriptedStudy study = ScriptedStudy.maximizing();
        long[] prunedAt = runSixteen(study, new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 0, 0), steps(1, 4, 16));
        assertArrayEquals(new long[] {-1, 1, -1, 1, -1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, -1}, prunedAt);
    }

    @Test
    void minEarlyStoppingRateMovesTheFirstRungEnd() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 1, 0);
        assertEquals(4, p.rungEnd(0));
        assertEquals(16, p.rungEnd(1));
        long[] prunedAt = runSixteen(study, p, steps(1, 4, 16));
        assertArrayEquals(new long[] {-1, -1, 4, -1, 4, 4, 4, 4, 4, -1, 4, 16, 4, 4, -1, 4}, prunedAt);
        assertEquals(Map.of(0, 5.0, 1, 5.0), study.rungs(0));
    }

    @Test
    void minResourceScalesEveryRung() {
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(3), 2, 2, 0);
        assertEquals(12, p.rungEnd(0));
        assertEquals(24, p.rungEnd(1));
        assertEquals(Long.MAX_VALUE, p.rungEnd(80), "saturates instead of overflowing");
    }

    @Test
    void aTrialThatJumpsPastSeveralRungEndsCompletesThemAllWithOneValue() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 0, 0);
        study.start(0);
        assertFalse(study.reportAndAsk(p, 0, 20, 0.7));
        assertEquals(Map.of(0, 0.7, 1, 0.7, 2, 0.7), study.rungs(0));
        // a second trial jumping to 20 with a worse value is pruned at rung 0 and records only that rung
        study.start(1);
        assertTrue(study.reportAndAsk(p, 1, 20, 0.8));
        assertEquals(Map.of(0, 0.8), study.rungs(1));
    }

    @Test
    void nanPrunesAtARungEndOnlyAndIsNotRecorded() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(2), 4, 0, 0);
        study.start(0);
        assertFalse(study.reportAndAsk(p, 0, 1, Double.NaN), "before the first rung end");
        assertTrue(study.reportAndAsk(p, 0, 2, Double.NaN));
        assertEquals(Map.of(), study.rungs(0));
        // NaN earlier does not matter at a rung end with a number
        study.start(1);
        assertFalse(study.reportAndAsk(p, 1, 0, Double.NaN));
        assertFalse(study.reportAndAsk(p, 1, 2, 1.0));
    }

    @Test
    void tiesGoOn() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 2, 0, 0);
        for (int i = 0; i < 6; i++) {
            assertEquals(-1, study.run(p, i, steps(1, 2, 4), s -> 1.0), "trial " + i);
        }
    }

    @Test
    void autoMinResourceWaitsForACompletedTrialThenUsesItsLastStepOver100() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner();
        // nothing COMPLETE: no pruning, not even of NaN, and no rung recorded
        assertEquals(-1, study.run(p, 0, range(0, 250), s -> Double.NaN));
        assertEquals(Map.of(), study.rungs(0));
        assertEquals(OptionalInt.empty(), p.minResource());
        // trial 0 is now COMPLETE with last step 250: min resource 250 // 100 = 2, rungs end at 2, 8, 32, 128
        study.start(1);
        assertFalse(study.reportAndAsk(p, 1, 1, 5.0));
        assertEquals(OptionalInt.of(2), p.minResource());
        assertEquals(Map.of(), study.rungs(1));
        assertFalse(study.reportAndAsk(p, 1, 2, 5.0));
        assertEquals(Map.of(0, 5.0), study.rungs(1));
        // fixed once found, even if longer trials complete later
        study.completed(2, 1000, s -> 1.0);
        study.start(3);
        study.reportAndAsk(p, 3, 0, 1.0);
        assertEquals(OptionalInt.of(2), p.minResource());
    }

    @Test
    void autoMinResourceIsAtLeastOne() {
        ScriptedStudy study = ScriptedStudy.minimizing().completed(0, 99, s -> 1.0);
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner();
        study.start(1);
        assertFalse(study.reportAndAsk(p, 1, 0, Double.NaN), "step 0 is before the first rung end (1)");
        assertEquals(OptionalInt.of(1), p.minResource());
        assertEquals(SuccessiveHalvingPruner.estimateMinResource(study.trials()), OptionalInt.of(1));
    }

    @Test
    void bootstrapCountPrunesUntilEnoughTrialsHaveCompletedTheRung() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 2, 0, 2);
        // the first two trials to reach rung 0 are pruned (1 and 2 values <= bootstrap 2), however good
        assertEquals(1, study.run(p, 0, steps(1, 2), s -> 0.1));
        assertEquals(1, study.run(p, 1, steps(1, 2), s -> 0.2));
        // the third competes: 3 values, best 1 goes on (0.05); at rung 1 it is alone, below the bootstrap: pruned
        assertEquals(2, study.run(p, 2, steps(1, 2), s -> 0.05));
    }

    @Test
    void otherTrialsSnapshotsDoNotCountTheJudgedTrialTwice() {
        // a trial whose own view already lists rung 0 (a repeated call) is judged at rung 1 only
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 2, 0, 0);
        study.start(0);
        assertFalse(study.reportAndAsk(p, 0, 1, 1.0));
        assertFalse(p.prune(study, study.view(0)), "same step again: rung 1 ends at 2");
        assertEquals(new TreeMap<>(Map.of(0, 1.0)), study.rungs(0));
    }

    @Test
    void explainsADecision() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 0, 0);
        study.run(p, 0, steps(1), s -> 1.0);
        study.start(1).report(1, 1, 2.0);
        assertEquals("successive halving: value 2 of trial 1 at step 1 is not among the best 1 of 2 trials at rung 0"
                + " (step 1); the bar was 1", p.decide(study, study.view(1)).orElseThrow());
    }

    @Test
    void constructorsNameTheArgumentAndItsValue() {
        assertMessage("minResource", "0", () -> new SuccessiveHalvingPruner(OptionalInt.of(0), 4, 0, 0));
        assertMessage("reductionFactor", "1", () -> new SuccessiveHalvingPruner(OptionalInt.of(1), 1, 0, 0));
        assertMessage("minEarlyStoppingRate", "-1", () -> new SuccessiveHalvingPruner(OptionalInt.of(1), 4, -1, 0));
        assertMessage("bootstrapCount", "-3", () -> new SuccessiveHalvingPruner(OptionalInt.of(1), 4, 0, -3));
        assertMessage("bootstrapCount", "2", () -> new SuccessiveHalvingPruner(OptionalInt.empty(), 4, 0, 2));
    }
}
