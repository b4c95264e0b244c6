package io.lorasweep.dashboard.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The difference {@code later − earlier} between two runs' values of a metric, with a 95% interval.
 *
 * <p>When both runs' eval items are on record, the interval is a paired bootstrap: the items are resampled with
 * replacement, the same draw for both runs, the metric recomputed on each side, and the 2.5th and 97.5th percentiles
 * of the differences taken. Scored on the same items, the two runs are positively correlated, and pairing removes
 * the variance they share, so a real gain shows sooner than with separate intervals. Otherwise the interval is built
 * as for independent estimates, each side's distance to its bound added in quadrature: wider, so a difference it
 * calls significant is significant and a borderline one may be missed.
 *
 * @param low    null when either side has no interval
 * @param p      the paired bootstrap's two-sided p-value, as eval-harness's {@code PairedBootstrap} defines it:
 *               twice the share of resamples in which the observed advantage vanishes or reverses (1 when there is
 *               no difference); 0 means below the resolution of {@link #RESAMPLES}; null when not paired
 * @param gain   whether the difference goes in the metric's better direction
 * @param paired whether the interval is the paired bootstrap's
 */
public record Difference(double difference, Double low, Double high, Double p, boolean significant, boolean gain,
                         boolean paired) {

    /** Resamples of the paired bootstrap; fixed, like its seed, so a table reads the same on every load. */
    public static final int RESAMPLES = 2000;

    public static Difference between(Estimate earlier, Estimate later, boolean lowerIsBetter) {
        double d = later.value() - earlier.value();
        boolean gain = lowerIsBetter ? d < 0 : d > 0;
        if (!earlier.hasInterval() || !later.hasInterval()) {
            return new Difference(d, null, null, null, false, gain, false);
        }
        double down = Math.hypot(earlier.high() - earlier.value(), later.value() - later.low());
        double up = Math.hypot(earlier.value() - earlier.low(), later.high() - later.value());
        double low = d - down;
        double high = d + up;
        return new Difference(d, low, high, null, low > 0 || high < 0, gain, false);
    }

    /** The paired bootstrap over the items both runs scored ({@link ItemShares#pairsWith} must hold). */
    public static Difference paired(ItemShares earlier, ItemShares later, boolean lowerIsBetter) {
        if (!earlier.pairsWith(later)) {
            throw new IllegalArgumentException("the runs did not score the same items; they cannot be paired");
        }
        List<String> ids = new ArrayList<>(earlier.byItem().keySet());
        Collections.sort(ids); // the draw depends on the items, not on the order they were read in
        int n = ids.size();
        double[][] a = new double[n][];
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = earlier.byItem().get(ids.get(i));
            b[i] = later.byItem().get(ids.get(i));
        }
        double d = later.value() - earlier.value();
        SplittableRandom random = new SplittableRandom(ids.hashCode());
        double[] resampled = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double an = 0;
            double ad = 0;
            double bn = 0;
            double bd = 0;
            for (int k = 0; k < n; k++) {
                int i = random.nextInt(n);
                an += a[i][0];
                ad += a[i][1];
                bn += b[i][0];
                bd += b[i][1];
            }
            resampled[r] = later.transform().apply(bn, bd) - earlier.transform().apply(an, ad);
        }
        Arrays.sort(resampled);
        // eval-harness's PairedBootstrap defines the same p: resamples where the advantage vanishes or reverses
        int against = 0;
        for (double r : resampled) {
            against += (d > 0 && r <= 0) || (d < 0 && r >= 0) ? 1 : 0;
        }
        double p = d == 0 ? 1.0 : Math.min(1.0, 2.0 * against / RESAMPLES);
        double low = resampled[(int) Math.floor(0.025 * (RESAMPLES - 1))];
        double high = resampled[(int) Math.ceil(0.975 * (RESAMPLES - 1))];
        boolean gain = lowerIsBetter ? d < 0 : d > 0;
        return new Difference(d, low, high, p, low > 0 || high < 0, gain, true);
    }

    public boolean hasInterval() {
        return low != null;
    }
}
