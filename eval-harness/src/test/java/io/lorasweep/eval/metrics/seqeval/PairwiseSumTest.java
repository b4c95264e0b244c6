package io.lorasweep.eval.metrics.seqeval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** numpy's summation order, which can differ from a running sum in the last bit. */
class PairwiseSumTest {

    @Test
    void belowEightElementsItIsARunningSum() {
        double[] a = {0.1, 0.2, 0.3, 1e16, -1e16, 0.7, 0.11};
        double running = 0.0;
        for (double x : a) {
            running += x;
        }
        assertEquals(running, PairwiseSum.sum(a), 0.0);
        assertEquals(0.0, PairwiseSum.sum(new double[0]), 0.0);
    }

    @Test
    void fromEightElementsEightPartialSumsAreCombinedAsATree() {
        double[] a = {1e16, 1.0, 1.0, 1.0, -1e16, 1.0, 1.0, 1.0, 1.0, 1.0};
        double[] r = new double[8];
        System.arraycopy(a, 0, r, 0, 8);
        double expected = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        expected += a[8];
        expected += a[9];
        assertEquals(expected, PairwiseSum.sum(a), 0.0);
        double running = 0.0;
        for (double x : a) {
            running += x;
        }
        assertNotEquals(running, PairwiseSum.sum(a), "this input tells the two orders apart");
    }

    @Test
    void largeArraysAreSplitInHalvesOfMultiplesOfEight() {
        double[] a = new double[300];
        for (int i = 0; i < a.length; i++) {
            a[i] = 1.0 / (i + 1);
        }
        // 300 splits into 144 + 156 (half rounded down to a multiple of 8), then 72 + 72 and 72 + 84
        double expected = block(a, 0, 72) + block(a, 72, 72) + (block(a, 144, 72) + block(a, 216, 84));
        assertEquals(expected, PairwiseSum.sum(a), 0.0);
    }

    private static double block(double[] a, int from, int n) {
        double[] r = new double[8];
        System.arraycopy(a, from, r, 0, 8);
        int i;
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[from + i + j];
            }
        }
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            res += a[from + i];
        }
        return res;
    }
}
