package io.lorasweep.eval.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ComparisonVerdictTest {

    @Test
    void noSignificantGain() {
        PairedDifference d = new PairedDifference(0.81, 0.80, 0.01, -0.01, 0.03, 0.95, 0.31, 1000);
        assertEquals("r=32 vs r=16: +0.01, interval [-0.01, 0.03]: no significant gain (p = 0.31)",
                ComparisonVerdict.describe("r=32", "r=16", d, true, 2));
    }

    @Test
    void significantGainWithUnresolvedP() {
        PairedDifference d = new PairedDifference(0.85, 0.80, 0.05, 0.02, 0.08, 0.95, 0.0, 1000);
        assertEquals("r=16 vs 5-shot base: +0.05, interval [0.02, 0.08]: significant gain (p < 0.002)",
                ComparisonVerdict.describe("r=16", "5-shot base", d, true, 2));
    }

    @Test
    void lowerIsBetterTurnsANegativeDifferenceIntoAGain() {
        PairedDifference d = new PairedDifference(11.0, 12.5, -1.5, -2.0, -1.0, 0.95, 0.002, 1000);
        assertEquals("a vs b: -1.50, interval [-2.00, -1.00]: significant gain (p = 0.002)",
                ComparisonVerdict.describe("a", "b", d, false, 2));
        PairedDifference worse = new PairedDifference(0.7, 0.72, -0.02, -0.05, 0.01, 0.95, 0.4, 1000);
        assertEquals("a vs b: -0.02, interval [-0.05, 0.01]: no significant loss (p = 0.4)",
                ComparisonVerdict.describe("a", "b", worse, true, 2));
    }

    @Test
    void rejectsSillyDecimals() {
        PairedDifference d = new PairedDifference(0, 0, 0, 0, 0, 0.95, 1, 1000);
        assertThrows(IllegalArgumentException.class, () -> ComparisonVerdict.describe("a", "b", d, true, -1));
    }
}
