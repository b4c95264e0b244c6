package io.lorasweep.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComparisonVerdictTest {

    @Test
    void separateIntervalsThatOverlapAreNoSignificantGain() {
        // r=16: .70 [.69, .71]; r=32: .71 [.70, .72]: difference +.01, interval [-.004, .024]
        Difference d = Difference.unpaired(0.70, 0.69, 0.71, 0.71, 0.70, 0.72, false);
        assertFalse(d.significant());
        assertEquals("r=32 vs r=16: +0.010, interval [-0.004, 0.024]: no significant gain; r=16 is the cheaper "
                + "choice", ComparisonVerdict.of("r=32", "r=16", d, 3.0, 2.0));
    }

    @Test
    void aSignificantLossAndALowerIsBetterMetric() {
        Difference worse = Difference.unpaired(0.70, 0.66, 0.74, 0.50, 0.46, 0.54, false);
        assertTrue(worse.significant());
        assertFalse(worse.gain());
        assertEquals("b vs a: -0.20, interval [-0.26, -0.14]: significantly worse; a is better",
                ComparisonVerdict.of("b", "a", worse, 1.0, 1.0));
        Difference lowerLoss = Difference.unpaired(1.0, 0.9, 1.1, 0.5, 0.45, 0.55, true);
        assertTrue(lowerLoss.gain() && lowerLoss.significant());
        assertEquals("b vs a: -0.50, interval [-0.61, -0.39]: significant gain, and b is also the cheaper choice",
                ComparisonVerdict.of("b", "a", lowerLoss, 1.0, 2.0));
    }

    @Test
    void withoutAnIntervalThereIsNoClaimOfSignificance() {
        Difference d = Difference.unpaired(0.5, null, null, 0.6, 0.55, 0.65, false);
        assertFalse(d.hasInterval());
        assertEquals("b vs a: +0.100, no interval on one side: significance unknown; a is the cheaper choice",
                ComparisonVerdict.of("b", "a", d, 2.0, 1.0));
    }

    @Test
    void aPairedBootstrapGivesItsPValue() {
        PairedDifference paired = new PairedDifference(0.85, 0.30, 0.55, 0.50, 0.60, 0.95, 0.0, 2000);
        Difference d = Difference.of(paired, false);
        assertTrue(d.paired() && d.significant() && d.gain());
        assertEquals("r=16 vs Base (5-shot): +0.55, interval [0.50, 0.60], p < 0.001: significant gain for $0.0100 "
                + "more per run", ComparisonVerdict.of("r=16", "Base (5-shot)", d, 0.01, null));
        Difference loss = Difference.of(new PairedDifference(11.0, 12.5, -1.5, -2.0, -1.0, 0.95, 0.034, 2000), false);
        assertEquals("a vs b: -1.50, interval [-2.00, -1.00], p = 0.034: significantly worse; b is better",
                ComparisonVerdict.of("a", "b", loss, null, null));
    }
}
