package io.lorasweep.stats;

/**
 * Result of a paired bootstrap test of a candidate against a baseline on the same items.
 *
 * @param candidate  the statistic of the candidate on all items
 * @param baseline   the statistic of the baseline on all items
 * @param difference {@code candidate - baseline}
 * @param low        lower end of the percentile interval of the resampled differences
 * @param high       upper end of that interval
 * @param level      coverage of the interval
 * @param pValue     two-sided p-value, see {@link PairedBootstrap}
 * @param resamples  how many resamples; the smallest non-zero p-value is {@code 2/resamples}
 */
public record PairedDifference(double candidate, double baseline, double difference, double low, double high,
                               double level, double pValue, int resamples) {

    /** Whether the interval of the difference excludes zero. */
    public boolean significant() {
        return low > 0 || high < 0;
    }
}
