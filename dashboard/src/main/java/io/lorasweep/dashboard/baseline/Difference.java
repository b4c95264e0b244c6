package io.lorasweep.dashboard.baseline;

/**
 * The difference {@code later − earlier} between two estimates with an approximate 95% interval.
 *
 * <p>The record keeps each estimate's own bootstrap interval but not the per-item scores a paired test needs, so
 * the interval is built as for independent estimates: each side's distance to its bound, added in quadrature.
 * On the same eval items the two results are positively correlated, which makes this interval wider than the paired
 * one: a difference it calls significant is significant; a borderline one may be missed.
 *
 * @param low  null when either side has no interval
 * @param gain whether the difference goes in the metric's better direction
 */
public record Difference(double difference, Double low, Double high, boolean significant, boolean gain) {

    public static Difference between(Estimate earlier, Estimate later, boolean lowerIsBetter) {
        double d = later.value() - earlier.value();
        boolean gain = lowerIsBetter ? d < 0 : d > 0;
        if (!earlier.hasInterval() || !later.hasInterval()) {
            return new Difference(d, null, null, false, gain);
        }
        double down = Math.hypot(earlier.high() - earlier.value(), later.value() - later.low());
        double up = Math.hypot(earlier.value() - earlier.low(), later.high() - later.value());
        double low = d - down;
        double high = d + up;
        return new Difference(d, low, high, low > 0 || high < 0, gain);
    }

    public boolean hasInterval() {
        return low != null;
    }
}
