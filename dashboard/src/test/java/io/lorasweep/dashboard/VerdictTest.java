package io.lorasweep.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.dashboard.baseline.Difference;
import io.lorasweep.dashboard.baseline.Estimate;
import io.lorasweep.dashboard.baseline.Verdict;
import io.lorasweep.dashboard.cost.ParetoFront;
import io.lorasweep.dashboard.cost.TradeOffPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wording of verdicts and the Pareto front, without a database. */
class VerdictTest {

    @Test
    void theIssuesExampleReadsAsWritten() {
        // r=16: .70 [.69, .71]; r=32: .71 [.70, .72]: difference +.01, interval [-.004, .024]
        Difference d = Difference.between(Estimate.of(0.70, 0.69, 0.71), Estimate.of(0.71, 0.70, 0.72), false);
        assertFalse(d.significant());
        assertEquals("r=32 vs r=16: +0.010, interval [-0.004, 0.024]: no significant gain; r=16 is the cheaper "
                + "choice", Verdict.of("r=32", "r=16", d, 3.0, 2.0));
    }

    @Test
    void aSignificantLossAndALowerIsBetterMetric() {
        Difference worse = Difference.between(Estimate.of(0.70, 0.66, 0.74), Estimate.of(0.50, 0.46, 0.54), false);
        assertTrue(worse.significant());
        assertFalse(worse.gain());
        assertEquals("b vs a: -0.20, interval [-0.26, -0.14]: significantly worse; a is better",
                Verdict.of("b", "a", worse, 1.0, 1.0));
        Difference lowerLoss = Difference.between(Estimate.of(1.0, 0.9, 1.1), Estimate.of(0.5, 0.45, 0.55), true);
        assertTrue(lowerLoss.gain() && lowerLoss.significant());
        assertEquals("b vs a: -0.50, interval [-0.61, -0.39]: significant gain, and b is also the cheaper choice",
                Verdict.of("b", "a", lowerLoss, 1.0, 2.0));
    }

    @Test
    void withoutAnIntervalThereIsNoClaimOfSignificance() {
        Difference d = Difference.between(Estimate.of(0.5, 0.5, 0.5), Estimate.of(0.6, 0.55, 0.65), false);
        assertFalse(d.hasInterval());
        assertEquals("b vs a: +0.100, no interval on one side: significance unknown; a is the cheaper choice",
                Verdict.of("b", "a", d, 2.0, 1.0));
    }

    @Test
    void paretoFrontKeepsOnlyTheUndominated() {
        List<TradeOffPoint> points = List.of(new TradeOffPoint(1, 1.0, 0.5), new TradeOffPoint(2, 2.0, 0.4),
                new TradeOffPoint(3, 2.0, 0.7), new TradeOffPoint(4, 3.0, 0.7), new TradeOffPoint(5, 0.5, 0.3));
        assertEquals(List.of(5L, 1L, 3L), ParetoFront.of(points, false).stream().map(TradeOffPoint::trialId).toList());
        assertEquals(List.of(5L), ParetoFront.of(points, true).stream().map(TradeOffPoint::trialId).toList());
    }
}
