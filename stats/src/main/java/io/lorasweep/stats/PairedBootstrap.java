package io.lorasweep.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Paired bootstrap test of two systems on the same items (two adapters, or an adapter and the baseline). Each
 * resample draws item indices with replacement and recomputes the statistic for both systems on the same indices,
 * so the item-to-item variation that both share cancels out of the difference.
 *
 * <p>Definitions. {@code d = stat(candidate) - stat(baseline)} on all items; {@code d*_b} the same on resample b.
 * The interval is the percentile interval of the {@code d*_b}. The two-sided p-value is
 * {@code min(1, 2 * #{b : d*_b is zero or of the sign opposite to d} / B)}, and 1 when {@code d == 0}: the share of
 * resamples in which the observed advantage vanishes or reverses, doubled for two sides. Counting ties against
 * the advantage is deliberately conservative for discrete metrics such as accuracy. Resamples on which the
 * difference is undefined (NaN) are left out of both the interval and the p-value.
 */
public final class PairedBootstrap {

    private final Bootstrap settings;

    public PairedBootstrap(Bootstrap settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
    }

    /** Difference of the means of per-item values, {@code candidate[i]} and {@code baseline[i]} being item i. */
    public PairedDifference compareMeans(double[] candidate, double[] baseline) {
        if (candidate.length != baseline.length) {
            throw new IllegalArgumentException("candidate and baseline must score the same items, got "
                    + candidate.length + " and " + baseline.length + " values");
        }
        List<double[]> items = new ArrayList<>(candidate.length);
        for (int i = 0; i < candidate.length; i++) {
            items.add(new double[] {candidate[i], baseline[i]});
        }
        return compare(items, items, p -> mean(p, 0), p -> mean(p, 1));
    }

    /**
     * Difference of a statistic between two systems; {@code candidate.get(i)} and {@code baseline.get(i)} must be
     * the two systems' records of the same item i.
     */
    public <T> PairedDifference compare(List<T> candidate, List<T> baseline, ToDoubleFunction<List<T>> statistic) {
        return compare(candidate, baseline, statistic, statistic);
    }

    private <A, B> PairedDifference compare(List<A> candidate, List<B> baseline,
                                            ToDoubleFunction<List<A>> candidateStat,
                                            ToDoubleFunction<List<B>> baselineStat) {
        if (candidate == null || baseline == null || candidate.isEmpty()) {
            throw new IllegalArgumentException("candidate must not be empty, got " + candidate);
        }
        if (candidate.size() != baseline.size()) {
            throw new IllegalArgumentException("candidate and baseline must score the same items, got "
                    + candidate.size() + " and " + baseline.size() + " items");
        }
        double c = candidateStat.applyAsDouble(candidate);
        double b = baselineStat.applyAsDouble(baseline);
        double d = c - b;
        int resamples = settings.resamples();
        double[] draws = new double[resamples];
        int against = 0;
        int defined = 0;
        Resampler resampler = new Resampler(settings.seed(), candidate.size());
        for (int r = 0; r < resamples; r++) {
            int[] idx = resampler.next();
            double dr = candidateStat.applyAsDouble(Resampler.view(candidate, idx))
                    - baselineStat.applyAsDouble(Resampler.view(baseline, idx));
            draws[r] = dr;
            if (!Double.isNaN(dr)) {
                defined++;
            }
            if ((d > 0 && dr <= 0) || (d < 0 && dr >= 0)) {
                against++;
            }
        }
        double p = d == 0 || Double.isNaN(d) || defined == 0 ? 1.0 : Math.min(1.0, 2.0 * against / defined);
        ConfidenceInterval ci = Bootstrap.percentileInterval(d, draws, settings.level());
        return new PairedDifference(c, b, d, ci.low(), ci.high(), settings.level(), p, resamples);
    }

    private static double mean(List<double[]> pairs, int side) {
        double sum = 0;
        for (double[] p : pairs) {
            sum += p[side];
        }
        return sum / pairs.size();
    }
}
