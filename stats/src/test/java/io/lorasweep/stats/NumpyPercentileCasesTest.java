package io.lorasweep.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * numpy's default percentile rule, bit for bit. Expected values are what {@code numpy.percentile} returns for
 * these samples and levels; the levels are the ones rouge-score's aggregator builds, e.g.
 * {@code 100 * ((1 - 0.95) / 2) == 2.500000000000002}.
 */
class NumpyPercentileCasesTest {

    private static final double EXACT = 0.0;

    @Test
    void interpolatesBetweenNeighboursAtRougeScoresLevels() {
        double[] sample = {0.1, 0.2, 0.7, 0.9};
        assertEquals(0.10750000000000001, Percentiles.linearSorted(sample, 2.500000000000002), EXACT);
        assertEquals(0.44999999999999996, Percentiles.linearSorted(sample, 50), EXACT);
        assertEquals(0.885, Percentiles.linearSorted(sample, 97.5), EXACT);
    }

    @Test
    void eightValues() {
        double[] sample = {0.0, 0.1, 0.25, 0.3, 0.35, 0.8, 0.95, 1.0};
        assertEquals(0.017500000000000016, Percentiles.linearSorted(sample, 2.500000000000002), EXACT);
        assertEquals(0.32499999999999996, Percentiles.linearSorted(sample, 50), EXACT);
        assertEquals(0.99125, Percentiles.linearSorted(sample, 97.5), EXACT);
        assertEquals(0.08750000000000001, Percentiles.linearSorted(sample, 12.5), EXACT);
        assertEquals(0.2125, Percentiles.linearSorted(sample, 25), EXACT);
    }

    @Test
    void ninetyPercentLevels() {
        double[] sample = {1.0 / 3, 2.0 / 3, 1.0};
        assertEquals(4.999999999999999, 100 * ((1 - 0.9) / 2), EXACT);
        assertEquals(0.36666666666666664, Percentiles.linearSorted(sample, 4.999999999999999), EXACT);
        assertEquals(0.6666666666666666, Percentiles.linearSorted(sample, 50), EXACT);
        assertEquals(0.9666666666666667, Percentiles.linearSorted(sample, 95.0), EXACT);
    }

    @Test
    void computesFromTheUpperNeighbourAboveTheMidpoint() {
        // a + (b - a) * g would give 0.6524314454537041 here; numpy computes b - (b - a) * (1 - g) for g >= 0.5.
        double[] sample = {0.003383119374356758, 0.3099579316031288, 0.33789686162786514, 0.6779342495476912};
        assertEquals(0.6524314454537042, Percentiles.linearSorted(sample, 97.5), EXACT);
    }

    @Test
    void endsAndSingletons() {
        double[] sample = {0.3, 0.3000000000000001};
        assertEquals(0.30000000000000004, Percentiles.linearSorted(sample, 50), EXACT);
        assertEquals(0.30000000000000004, Percentiles.linearSorted(sample, 75), EXACT);
        assertEquals(0.3, Percentiles.linearSorted(sample, 0), EXACT);
        assertEquals(0.3000000000000001, Percentiles.linearSorted(sample, 100), EXACT);
        double[] one = {5.0};
        assertEquals(5.0, Percentiles.linearSorted(one, 0), EXACT);
        assertEquals(5.0, Percentiles.linearSorted(one, 50), EXACT);
        assertEquals(5.0, Percentiles.linearSorted(one, 100), EXACT);
    }

    @Test
    void rejectsEmptySamplesAndLevelsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linearSorted(new double[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linearSorted(new double[] {1}, -1));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linearSorted(new double[] {1}, 100.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linearSorted(new double[] {1}, Double.NaN));
    }

    /** numpy 2.4's {@code nanpercentile} (default method), printed with repr: the pruners' percentile. */
    static Stream<Arguments> nanpercentile() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        return Stream.of(
                Arguments.of(new double[] {0.1, 0.2, 0.7}, 75.0, 0.44999999999999996),
                Arguments.of(new double[] {0.1, 0.2, 0.7}, 25.0, 0.15000000000000002),
                Arguments.of(new double[] {0.3, 0.1, 0.2, 0.7}, 50.0, 0.25),
                Arguments.of(new double[] {0.3, 0.1, nan, 0.2, 0.7}, 30.0, 0.19),
                Arguments.of(new double[] {1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7}, 33.3, 3.2977999999999996),
                Arguments.of(new double[] {0.1, 0.7}, 62.5, 0.475),
                Arguments.of(new double[] {2.41, 2.1, 1.9, 2.2, 2.0, 3.0}, 50.0, 2.1500000000000004),
                Arguments.of(new double[] {4.0}, 0.0, 4.0),
                Arguments.of(new double[] {4.0, 1.0}, 100.0, 4.0),
                Arguments.of(new double[] {nan, nan}, 50.0, nan),
                // infinities: numpy's blend gives NaN next to an infinite value more often than not
                Arguments.of(new double[] {1, inf}, 100.0, nan),
                Arguments.of(new double[] {1, inf}, 30.0, inf),
                Arguments.of(new double[] {1, inf}, 60.0, nan),
                Arguments.of(new double[] {Double.NEGATIVE_INFINITY, 1}, 30.0, nan),
                Arguments.of(new double[] {Double.NEGATIVE_INFINITY, 1}, 100.0, 1.0),
                Arguments.of(new double[] {1, 2, inf}, 50.0, nan),
                Arguments.of(new double[] {1, 2, inf}, 25.0, 1.5));
    }


    @ParameterizedTest
    @MethodSource("nanpercentile")
    void aSortedPrefixWithoutNaNsIsNumpysNanpercentile(double[] values, double percentile, double expected) {
        double[] withoutNaN = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        // the pruner keeps its values in a longer buffer and reads only the first n
        double[] buffer = Arrays.copyOf(withoutNaN, withoutNaN.length + 3);
        double got = withoutNaN.length == 0 ? Double.NaN
                : Percentiles.linearSorted(buffer, withoutNaN.length, percentile);
        assertEquals(expected, got, EXACT);
    }

    @Test
    void aPrefixLengthOutsideTheArrayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linearSorted(new double[] {1, 2}, 0, 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linearSorted(new double[] {1, 2}, 3, 50));
    }
}
