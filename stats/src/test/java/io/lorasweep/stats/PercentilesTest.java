package io.lorasweep.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesTest {

    // expected values printed by numpy 2.4 np.percentile(x, q) on the same array
    private static final double[] X = {0.3, 0.1, 0.7, 0.2, 0.9, 0.4, 0.5};

    @Test
    void matchesNumpyLinear() {
        assertEquals(0.1, Percentiles.linear(X, 0));
        assertEquals(0.115, Percentiles.linear(X, 2.5));
        assertEquals(0.25, Percentiles.linear(X, 25));
        assertEquals(0.4, Percentiles.linear(X, 50));
        assertEquals(0.8699999999999999, Percentiles.linear(X, 97.5));
        assertEquals(0.9, Percentiles.linear(X, 100));
        assertEquals(0.29979999999999996, Percentiles.linear(X, 33.3));
    }

    @Test
    void matchesNumpyOnAThousandValues() {
        double[] y = new double[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i / 7.0;
        }
        assertEquals(3.567857142857143, Percentiles.linear(y, 2.5));
        assertEquals(139.14642857142857, Percentiles.linear(y, 97.5));
    }

    @Test
    void nanPropagatesAndBadArgumentsAreRejected() {
        assertTrue(Double.isNaN(Percentiles.linear(new double[] {1, Double.NaN}, 50)));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(new double[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(X, 101));
    }
}
