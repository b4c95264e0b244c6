package io.lorasweep.dashboard.importance;

import org.apache.commons.math3.special.Erf;

/** The probability a standard normal variable falls between two points, accurate in both tails. */
final class GaussMass {

    private static final double SQRT2 = Math.sqrt(2);

    private GaussMass() {
    }

    /** P(a < Z < b) for a standard normal Z, {@code a <= b}. */
    static double between(double a, double b) {
        if (a >= 0) {
            // both in the upper tail: the difference of two small survival values keeps its digits
            return upperTail(a) - upperTail(b);
        }
        if (b <= 0) {
            return upperTail(-b) - upperTail(-a);
        }
        return 1 - upperTail(-a) - upperTail(b);
    }

    /** P(Z > x). */
    private static double upperTail(double x) {
        return 0.5 * Erf.erfc(x / SQRT2);
    }
}
