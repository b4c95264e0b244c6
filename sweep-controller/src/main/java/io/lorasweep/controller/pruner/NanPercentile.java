package io.lorasweep.controller.pruner;

/**
 * A percentile as numpy's {@code nanpercentile} computes it with its default ("linear") method, to the last bit:
 * NaNs are ignored, the virtual index is {@code (n - 1) * p / 100} over the sorted values, and the two neighbours
 * are blended the way numpy's {@code _lerp} does it (from the upper neighbour when the fraction is at least 0.5).
 * An infinite neighbour therefore gives what numpy gives, often NaN (the median of {@code [1, 2, inf]} is NaN).
 */
final class NanPercentile {

    private NanPercentile() {
    }

    /**
     * @param sorted the values without NaN, ascending; only the first {@code n} are read
     * @param percentile in [0, 100]
     * @return NaN when {@code n} is 0 (numpy's answer for an all-NaN slice)
     */
    static double of(double[] sorted, int n, double percentile) {
        if (n == 0) {
            return Double.NaN;
        }
        double q = percentile / 100.0;
        double virtual = (n - 1) * q;
        double a;
        double b;
        double t;
        if (virtual >= n - 1) {
            // numpy points both neighbours at the last value and measures the fraction from index -1; with an
            // infinite last value the blend is then NaN, as in numpy.
            a = sorted[n - 1];
            b = a;
            t = virtual + 1;
        } else {
            int below = (int) Math.floor(virtual);
            a = sorted[below];
            b = sorted[below + 1];
            t = virtual - below;
        }
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
