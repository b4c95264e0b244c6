package io.lorasweep.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedBootstrapTest {

    private final PairedBootstrap test = new PairedBootstrap(Bootstrap.defaults());

    @Test
    void identicalSystemsNoDifference() {
        double[] a = {1, 0, 1, 1, 0, 1};
        PairedDifference d = test.compareMeans(a, a.clone());
        assertEquals(0.0, d.difference());
        assertEquals(0.0, d.low());
        assertEquals(0.0, d.high());
        assertEquals(1.0, d.pValue());
        assertFalse(d.significant());
    }

    @Test
    void candidateBetterOnEveryItemIsSignificant() {
        double[] base = new double[40];
        double[] cand = new double[40];
        for (int i = 0; i < 40; i++) {
            base[i] = i % 2;
            cand[i] = base[i] + 0.5;
        }
        PairedDifference d = test.compareMeans(cand, base);
        assertEquals(0.5, d.difference(), 1e-12);
        // pairing cancels the shared item variation: every resampled difference is exactly 0.5
        assertEquals(0.5, d.low(), 1e-12);
        assertEquals(0.5, d.high(), 1e-12);
        assertEquals(0.0, d.pValue());
        assertTrue(d.significant());
    }

    @Test
    void smallNoisyGainIsNotSignificant() {
        // candidate wins 6 items, loses 5, ties the rest
        double[] base = new double[50];
        double[] cand = new double[50];
        for (int i = 0; i < 6; i++) {
            cand[i] = 1;
        }
        for (int i = 6; i < 11; i++) {
            base[i] = 1;
        }
        PairedDifference d = test.compareMeans(cand, base);
        assertEquals(0.02, d.difference(), 1e-12);
        assertTrue(d.low() < 0 && d.high() > 0, d.toString());
        assertTrue(d.pValue() > 0.5, "p=" + d.pValue());
        assertFalse(d.significant());
    }

    @Test
    void pValueIsSymmetricInTheOrderOfTheSystems() {
        double[] a = {1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1};
        double[] b = {0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1};
        PairedDifference ab = test.compareMeans(a, b);
        PairedDifference ba = test.compareMeans(b, a);
        assertEquals(-ab.difference(), ba.difference(), 1e-15);
        assertEquals(ab.pValue(), ba.pValue(), 1e-15);
        assertEquals(-ab.high(), ba.low(), 1e-12);
    }

    @Test
    void rejectsUnpairedInput() {
        assertThrows(IllegalArgumentException.class, () -> test.compareMeans(new double[3], new double[4]));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(null));
    }
}
