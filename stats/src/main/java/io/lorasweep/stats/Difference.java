package io.lorasweep.stats;

/**
 * The difference {@code later − earlier} between two runs' values of a metric, with a 95% interval, as a table or a
 * verdict shows it.
 *
 * <p>Paired ({@link #of}): from a {@link PairedBootstrap} over the items both runs scored. Scored on the same items,
 * the two runs are positively correlated, and pairing removes the variance they share, so a real gain shows sooner
 * than with separate intervals. Unpaired ({@link #unpaired}): built as for independent estimates, each side's
 * distance to its bound added in quadrature: wider, so a difference it calls significant is significant and a
 * borderline one may be missed.
 *
 * @param low    null when either side has no interval
 * @param p      the paired bootstrap's two-sided p-value (see {@link PairedBootstrap}); 0 means below its
 *               resolution; null when not paired
 * @param gain   whether the difference goes in the metric's better direction
 * @param paired whether the interval is the paired bootstrap's
 */
public record Difference(double difference, Double low, Double high, Double p, boolean significant, boolean gain,
                         boolean paired) {

    /** A paired bootstrap's result, {@code candidate} being the later run. */
    public static Difference of(PairedDifference d, boolean lowerIsBetter) {
        return new Difference(d.difference(), d.low(), d.high(), d.pValue(), d.significant(),
                gain(d.difference(), lowerIsBetter), true);
    }

    /** From each run's own interval; a null bound on either side leaves the difference without one. */
    public static Difference unpaired(double earlier, Double earlierLow, Double earlierHigh, double later,
                                      Double laterLow, Double laterHigh, boolean lowerIsBetter) {
        double d = later - earlier;
        boolean gain = gain(d, lowerIsBetter);
        if (earlierLow == null || earlierHigh == null || laterLow == null || laterHigh == null) {
            return new Difference(d, null, null, null, false, gain, false);
        }
        double low = d - Math.hypot(earlierHigh - earlier, later - laterLow);
        double high = d + Math.hypot(earlier - earlierLow, laterHigh - later);
        return new Difference(d, low, high, null, low > 0 || high < 0, gain, false);
    }

    private static boolean gain(double d, boolean lowerIsBetter) {
        return lowerIsBetter ? d < 0 : d > 0;
    }

    public boolean hasInterval() {
        return low != null;
    }
}
