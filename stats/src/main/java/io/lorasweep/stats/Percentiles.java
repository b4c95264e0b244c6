package io.lorasweep.stats;

import java.util.Arrays;

/**
 * Percentiles with numpy's default ("linear") method, so intervals match {@code np.percentile} on the same values:
 * the q-th percentile of n sorted values sits at virtual index {@code (q/100)*(n-1)} and is interpolated between
 * its two neighbours, with numpy's two-sided lerp (exact at both ends).
 */
public final class Percentiles {

    private Percentiles() {
    }

    /** The q-th percentile (0..100) of {@code values}; NaN if any value is NaN, as numpy does. */
    public static double linear(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return linearSorted(sorted, q);
    }

    /** As {@link #linear}, for values already sorted ascending (NaNs last, as {@link Arrays#sort} leaves them). */
    public static double linearSorted(double[] sorted, double q) {
        return linearSorted(sorted, sorted.length, q);
    }

    /**
     * As {@link #linear}, for the first {@code n} values of {@code sorted}, already ascending; with no NaN among
     * them this is numpy's {@code nanpercentile} of a sample whose NaNs were left out. Next to an infinite value
     * the blend gives what numpy's gives, often NaN (the median of {@code [1, 2, inf]} is NaN).
     */
    public static double linearSorted(double[] sorted, int n, double q) {
        if (n < 1) {
            throw new IllegalArgumentException("values must not be empty");
        }
        if (n > sorted.length) {
            throw new IllegalArgumentException("n must be at most " + sorted.length + ", got " + n);
        }
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("q must be between 0 and 100, got " + q);
        }
        if (Double.isNaN(sorted[n - 1])) {
            return Double.NaN;
        }
        double virtualIndex = (q / 100.0) * (n - 1);
        int below = (int) Math.floor(virtualIndex);
        int above = Math.min(below + 1, n - 1);
        double t = virtualIndex - below;
        double a = sorted[below];
        double b = sorted[above];
        double diff = b - a;
        // numpy interpolates from the nearer end, which keeps the result exact when t is 0 or 1
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
