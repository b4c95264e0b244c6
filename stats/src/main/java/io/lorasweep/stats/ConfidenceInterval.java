package io.lorasweep.stats;

/**
 * A point estimate with a two-sided interval.
 *
 * @param estimate the statistic on the full sample (not the mean of the resamples)
 * @param low      lower end of the interval
 * @param high     upper end of the interval
 * @param level    coverage, e.g. 0.95
 */
public record ConfidenceInterval(double estimate, double low, double high, double level) {

    public ConfidenceInterval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        if (low > high) {
            throw new IllegalArgumentException("low must be <= high, got low=" + low + ", high=" + high);
        }
    }

    /** Whether the interval contains {@code value} (ends included). */
    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
