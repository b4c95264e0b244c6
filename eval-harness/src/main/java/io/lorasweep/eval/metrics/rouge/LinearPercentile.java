package io.lorasweep.eval.metrics.rouge;

/**
 * numpy's {@code percentile} with its default {@code method="linear"}: the value at virtual index
 * {@code (n - 1) * q / 100} of the sorted sample, interpolated between its two neighbours. The interpolation is
 * computed from the lower neighbour below the midpoint and from the upper one at or above it, as numpy's
 * {@code _lerp} does, so results agree to the last bit.
 */
final class LinearPercentile {

    private LinearPercentile() {
    }

    /**
     * @param sorted     the sample in ascending order, not empty
     * @param percentile in [0, 100]
     */
    static double of(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("sorted must not be empty");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        // numpy divides the percentile by 100 before it multiplies by n - 1; keep that order for identical rounding.
        double quantile = percentile / 100;
        double virtualIndex = (sorted.length - 1) * quantile;
        if (virtualIndex >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        int below = (int) Math.floor(virtualIndex);
        double gamma = virtualIndex - below;
        double a = sorted[below];
        double b = sorted[below + 1];
        double difference = b - a;
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
    }
}
