package io.lorasweep.dashboard.baseline;

/**
 * A measured value with its 95% interval; {@code low} and {@code high} are null when the record has no interval
 * (or a degenerate one that does not contain the value).
 */
public record Estimate(double value, Double low, Double high) {

    public static Estimate of(double value, double low, double high) {
        boolean usable = Double.isFinite(low) && Double.isFinite(high) && low <= value && value <= high
                && high > low;
        return new Estimate(value, usable ? low : null, usable ? high : null);
    }

    public boolean hasInterval() {
        return low != null && high != null;
    }
}
