package io.lorasweep.controller.pruner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected values are numpy 2.4's {@code nanpercentile} (default method), printed with repr. */
class NanPercentileTest {

    static Stream<Arguments> numpy() {
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
    @MethodSource("numpy")
    void matchesNumpyToTheBit(double[] values, double percentile, double expected) {
        double[] finite = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        assertEquals(expected, NanPercentile.of(finite, finite.length, percentile), 0.0);
    }
}
