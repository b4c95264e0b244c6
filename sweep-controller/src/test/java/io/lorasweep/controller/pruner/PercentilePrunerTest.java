package io.lorasweep.controller.pruner;

import static io.lorasweep.controller.pruner.ScriptedStudy.range;
import static io.lorasweep.controller.pruner.ScriptedStudy.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.sampler.TrialState;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The median and percentile pruners on scripted curves. Outcomes follow Optuna 4's {@code PercentilePruner}: the
 * trial's best value over all its steps against the percentile of the COMPLETE trials' values at its latest step.
 */
class PercentilePrunerTest {

    /** Five COMPLETE trials with flat curves 1, 2, 3, 4, 5 over steps 0..9: the median is 3 at every step. */
    private static ScriptedStudy flatFive(ScriptedStudy study) {
        for (int i = 0; i < 5; i++) {
            double v = i + 1;
            study.completed(i, 9, s -> v);
        }
        return study;
    }

    /** Five COMPLETE trials whose values fall with the step: the median at step s is 3 - 0.1 s. */
    private static ScriptedStudy falling(ScriptedStudy study) {
        for (int i = 0; i < 5; i++) {
            double base = i + 1;
            study.completed(i, 9, s -> base - 0.1 * s);
        }
        return study;
    }

    @Test
    void optunaDefaults() {
        MedianPruner p = new MedianPruner();
        assertEquals(50.0, p.percentile());
        assertEquals(5, p.nStartupTrials());
        assertEquals(0, p.nWarmupSteps());
        assertEquals(1, p.intervalSteps());
        assertEquals(1, p.nMinTrials());
    }

    @Test
    void prunesAWorseTrialAtTheFirstStepAndKeepsOneEqualToTheMedian() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        MedianPruner p = new MedianPruner();
        assertEquals(0, study.run(p, 5, range(0, 9), s -> 3.5));
        // strictly worse is needed: the median itself goes on
        assertEquals(-1, study.run(p, 6, range(0, 9), s -> 3.0));
    }

    @Test
    void noPruningUntilStartUpTrialsHaveCompleted() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        for (int i = 0; i < 4; i++) {
            study.completed(i, 9, s -> 1.0);
        }
        MedianPruner p = new MedianPruner();
        assertEquals(-1, study.run(p, 4, range(0, 9), s -> 100.0), "4 of 5 start-up trials: no pruning");
        // trial 4 ran to the end with 100 and is now the fifth COMPLETE trial; the median is still 1
        assertEquals(0, study.run(p, 5, range(0, 9), s -> 2.0));
        // only COMPLETE trials count: pruned, failed and running ones do not
        ScriptedStudy other = ScriptedStudy.minimizing();
        for (int i = 0; i < 4; i++) {
            other.completed(i, 9, s -> 1.0);
        }
        other.completed(4, 9, s -> 1.0).finish(4, TrialState.PRUNED);
        other.completed(5, 9, s -> 1.0).finish(5, TrialState.FAILED);
        assertEquals(-1, other.run(p, 6, range(0, 9), s -> 100.0));
    }

    @Test
    void zeroStartUpTrialsStillNeedsOneCompletedTrial() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        MedianPruner p = new MedianPruner(0, 0, 1, 1);
        study.start(0).report(0, 0, 1.0);
        assertEquals(-1, study.run(p, 1, range(0, 3), s -> 100.0));
        // trial 1 completed: trial 2 is now judged against it
        assertEquals(0, study.run(p, 2, range(0, 3), s -> 101.0));
    }

    @Test
    void warmUpStepsAreNeverJudgedAndTheWarmUpStepItselfIs() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        assertEquals(5, study.run(new MedianPruner(5, 5, 1, 1), 5, range(0, 9), s -> 3.5));
    }

    @ParameterizedTest(name = "warm-up {0}, interval {1}: pruned at step {2}")
    @CsvSource({
        // the trial (2.55) is worse than the median (3 - 0.1 s) from step 5 on; it is judged only at steps
        // warm-up + k * interval
        "0, 1, 5",
        "2, 3, 5",
        "0, 3, 6",
        "0, 4, 8",
        "6, 2, 6",
        "7, 5, 7",
        "10, 1, -1",
    })
    void intervalsStartAtTheWarmUp(long warmup, long interval, long prunedAt) {
        ScriptedStudy study = falling(ScriptedStudy.minimizing());
        MedianPruner p = new MedianPruner(5, warmup, interval, 1);
        assertEquals(prunedAt, study.run(p, 5, range(0, 9), s -> 2.55));
    }

    @Test
    void aMissedIntervalIsCheckedAtTheNextReportInItOnly() {
        MedianPruner p = new MedianPruner(5, 0, 3, 1);
        // checks at 0, 3, 6, 9. Steps 0, 1, 2, 4, 7: 3 was not reported, so 4 is checked (2.55 vs 2.6: keep);
        // 7 is the first report of the interval starting at 6 (2.55 vs 2.3: prune)
        ScriptedStudy a = falling(ScriptedStudy.minimizing());
        assertEquals(7, a.run(p, 5, steps(0, 1, 2, 4, 7, 8), s -> 2.55));
        // with 5 reported after 4, step 5 is not first in its interval, though 2.55 > 2.5 there
        ScriptedStudy b = falling(ScriptedStudy.minimizing());
        assertEquals(7, b.run(p, 5, steps(0, 1, 2, 4, 5, 7), s -> 2.55));
    }

    @Test
    void theBestValueSoFarIsJudgedNotTheLatest() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        // good at step 0, terrible afterwards: the best (1.0) never loses to the median (3)
        assertEquals(-1, study.run(new MedianPruner(), 5, range(0, 9), s -> s == 0 ? 1.0 : 50.0));
    }

    @Test
    void maximizeFlipsTheComparison() {
        ScriptedStudy study = flatFive(ScriptedStudy.maximizing());
        MedianPruner p = new MedianPruner();
        assertEquals(0, study.run(p, 5, range(0, 9), s -> 2.5));
        assertEquals(-1, study.run(p, 6, range(0, 9), s -> 3.5));
    }

    @Test
    void percentileIsTheShareKeptFromTheTopInBothDirections() {
        // values 1..5: the 25th percentile is 2 and the 75th is 4
        PercentilePruner p = new PercentilePruner(25.0);
        ScriptedStudy min = flatFive(ScriptedStudy.minimizing());
        assertEquals(0, min.run(p, 5, range(0, 2), s -> 2.1));
        assertEquals(-1, min.run(p, 6, range(0, 2), s -> 1.9));
        ScriptedStudy max = flatFive(ScriptedStudy.maximizing());
        PercentilePruner q = new PercentilePruner(25.0);
        assertEquals(0, max.run(q, 5, range(0, 2), s -> 3.9));
        assertEquals(-1, max.run(q, 6, range(0, 2), s -> 4.1));
    }

    @Test
    void percentileInterpolatesAsNumpy() {
        // completed values at step 0: 0.1, 0.2, 0.7; the 75th percentile is 0.44999999999999996 in numpy
        ScriptedStudy study = ScriptedStudy.minimizing();
        double[] values = {0.7, 0.1, 0.2};
        for (int i = 0; i < 3; i++) {
            double v = values[i];
            study.completed(i, 0, s -> v);
        }
        PercentilePruner p = new PercentilePruner(75.0, 0, 0, 1, 1);
        assertTrue(study.reportAndAsk(p, 3, 0, 0.45));
        assertFalse(study.reportAndAsk(p, 4, 0, 0.44999999999999996));
    }

    @Test
    void nMinTrialsCountsCompletedTrialsWithAValueAtTheStep() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        // five COMPLETE trials, flat at 1; only two of them went on to step 9
        for (int i = 0; i < 5; i++) {
            study.completed(i, i < 2 ? 9 : 4, s -> 1.0);
        }
        MedianPruner three = new MedianPruner(5, 0, 1, 3);
        study.start(5);
        assertFalse(study.reportAndAsk(three, 5, 9, 100.0), "two values at step 9 < n_min_trials 3");
        assertTrue(study.reportAndAsk(new MedianPruner(), 5, 9, 100.0), "n_min_trials 1");
        // no COMPLETE trial reported step 12: nothing to compare with
        study.start(6);
        assertFalse(study.reportAndAsk(new MedianPruner(), 6, 12, 100.0));
    }

    @Test
    void completedTrialsNanValuesCountForNMinTrialsButNotForTheMedian() {
        ScriptedStudy study = ScriptedStudy.minimizing();
        double nan = Double.NaN;
        double[] atStep1 = {nan, 1.0, nan, 2.0, nan};
        for (int i = 0; i < 5; i++) {
            double v = atStep1[i];
            study.completed(i, 2, s -> s == 1 ? v : nan);
        }
        MedianPruner p = new MedianPruner(5, 0, 1, 5);
        study.start(5);
        // five values at step 1 (three NaN) satisfy n_min_trials 5; the median of 1 and 2 is 1.5
        assertTrue(study.reportAndAsk(p, 5, 1, 1.6));
        study.start(6);
        assertFalse(study.reportAndAsk(p, 6, 1, 1.4));
        // at step 2 every COMPLETE value is NaN: the median is NaN and nobody is pruned
        study.start(7);
        assertFalse(study.reportAndAsk(p, 7, 2, 1000.0));
    }

    @Test
    void aTrialWhoseValuesAreAllNanIsPrunedOnceJudged() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        MedianPruner p = new MedianPruner(5, 2, 1, 1);
        study.start(5);
        assertFalse(study.reportAndAsk(p, 5, 0, Double.NaN), "warm-up");
        assertFalse(study.reportAndAsk(p, 5, 1, Double.NaN), "warm-up");
        Optional<String> reason = p.decide(study, study.report(5, 2, Double.NaN).view(5));
        assertTrue(reason.isPresent());
        assertTrue(reason.get().contains("NaN"), reason.get());
        // even where no COMPLETE trial has a value to compare with
        study.start(6);
        assertTrue(study.reportAndAsk(p, 6, 40, Double.NaN));
        // but not during start-up
        ScriptedStudy young = ScriptedStudy.minimizing().completed(0, 3, s -> 1.0);
        young.start(1);
        assertFalse(young.reportAndAsk(new MedianPruner(), 1, 0, Double.NaN));
    }

    @Test
    void aNanAfterAGoodValueDoesNotPrune() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        MedianPruner p = new MedianPruner();
        study.start(5);
        assertFalse(study.reportAndAsk(p, 5, 0, 1.0));
        assertFalse(study.reportAndAsk(p, 5, 1, Double.NaN), "best over steps ignores NaN: 1.0");
    }

    @Test
    void aNewlyCompletedTrialMovesTheMedian() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        MedianPruner p = new MedianPruner();
        study.start(5);
        assertTrue(study.reportAndAsk(p, 5, 0, 3.5), "median of 1..5 is 3");
        study.finish(5, TrialState.PRUNED);
        study.completed(6, 9, s -> 100.0).completed(7, 9, s -> 100.0);
        study.start(8);
        assertFalse(study.reportAndAsk(p, 8, 0, 3.5), "median of 1..5, 100, 100 is 4");
    }

    @Test
    void explainsADecision() {
        ScriptedStudy study = flatFive(ScriptedStudy.minimizing());
        study.start(5).report(5, 0, 3.5);
        assertEquals(Optional.of("median pruner: best value 3.5 of trial 5 up to step 0 is worse than the median 3"
                + " of 5 completed trials at step 0"), new MedianPruner().decide(study, study.view(5)));
        assertTrue(new PercentilePruner(25.0).decide(study, study.view(5)).orElseThrow()
                .startsWith("percentile pruner (25th): best value 3.5"));
        assertEquals(Optional.empty(), new MedianPruner().decide(study, study.start(6).view(6)), "no value yet");
    }

    @Test
    void constructorsNameTheArgumentAndItsValue() {
        assertMessage("percentile", "100.5", () -> new PercentilePruner(100.5));
        assertMessage("percentile", "NaN", () -> new PercentilePruner(Double.NaN));
        assertMessage("nStartupTrials", "-1", () -> new MedianPruner(-1, 0, 1, 1));
        assertMessage("nWarmupSteps", "-2", () -> new MedianPruner(5, -2, 1, 1));
        assertMessage("intervalSteps", "0", () -> new MedianPruner(5, 0, 0, 1));
        assertMessage("nMinTrials", "0", () -> new MedianPruner(5, 0, 1, 0));
    }

    static void assertMessage(String argument, String value, Runnable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(e.getMessage().contains(argument) && e.getMessage().contains(value), e.getMessage());
    }
}
