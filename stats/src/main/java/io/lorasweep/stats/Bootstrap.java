package io.lorasweep.stats;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap intervals. Items are resampled with replacement and the statistic is recomputed on every
 * resample, so it works for a mean of per-item values and equally for ratio metrics such as F1 or corpus
 * perplexity, which must be recomputed from the resampled items rather than averaged. The interval is the
 * {@code (1-level)/2} and {@code (1+level)/2} percentiles of the resampled statistics (numpy's linear method),
 * over the resamples on which the statistic is defined (not NaN).
 *
 * @param resamples how many resamples, e.g. 1000
 * @param seed      seed of the Mersenne Twister that draws them; same seed, same intervals
 * @param level     coverage of the interval, e.g. 0.95
 */
public record Bootstrap(int resamples, long seed, double level) {

    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 1234;
    public static final double DEFAULT_LEVEL = 0.95;

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
    }

    /** 1000 resamples, seed 1234, 95%. */
    public static Bootstrap defaults() {
        return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_LEVEL);
    }

    /** Interval for the mean of per-item values. */
    public ConfidenceInterval mean(double[] values) {
        List<Double> boxed = new ArrayList<>(values.length);
        for (double v : values) {
            boxed.add(v);
        }
        return interval(boxed, Bootstrap::meanOf);
    }

    /** Interval for any statistic of the items, recomputed on each resample. */
    public <T> ConfidenceInterval interval(List<T> items, ToDoubleFunction<List<T>> statistic) {
        Map<String, ConfidenceInterval> all = intervals(items, sample -> Map.of("", statistic.applyAsDouble(sample)));
        return all.get("");
    }

    /**
     * Intervals for several statistics computed together from one resample (e.g. every per-class F1 of a task),
     * which costs one pass per resample instead of one per statistic. Keys absent from a resample's result count
     * as NaN there.
     */
    public <T, K> Map<K, ConfidenceInterval> intervals(List<T> items, Function<List<T>, Map<K, Double>> statistics) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("items must not be empty, got " + items);
        }
        Map<K, Double> estimates = statistics.apply(items);
        Map<K, double[]> draws = new LinkedHashMap<>();
        for (K key : estimates.keySet()) {
            draws.put(key, new double[resamples]);
        }
        Resampler resampler = new Resampler(seed, items.size());
        for (int b = 0; b < resamples; b++) {
            Map<K, Double> values = statistics.apply(Resampler.view(items, resampler.next()));
            for (Map.Entry<K, double[]> e : draws.entrySet()) {
                Double v = values.get(e.getKey());
                e.getValue()[b] = v == null ? Double.NaN : v;
            }
        }
        Map<K, ConfidenceInterval> result = new LinkedHashMap<>();
        for (Map.Entry<K, Double> e : estimates.entrySet()) {
            result.put(e.getKey(), percentileInterval(e.getValue(), draws.get(e.getKey()), level));
        }
        return result;
    }

    static ConfidenceInterval percentileInterval(double estimate, double[] draws, double level) {
        // resamples on which the statistic is undefined (e.g. a subject's accuracy when none of its items was
        // drawn) are left out, as np.nanpercentile does; an interval needs at least one defined resample
        double[] defined = Arrays.stream(draws).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (defined.length == 0) {
            return new ConfidenceInterval(estimate, Double.NaN, Double.NaN, level);
        }
        double tail = tailPercent(level);
        double low = Percentiles.linearSorted(defined, tail);
        double high = Percentiles.linearSorted(defined,
                BigDecimal.valueOf(100).subtract(BigDecimal.valueOf(tail)).doubleValue());
        return new ConfidenceInterval(estimate, low, high, level);
    }

    /** (1-level)/2 in percent, in decimal arithmetic so 0.95 gives exactly 2.5 and 97.5 as one would type them. */
    static double tailPercent(double level) {
        return BigDecimal.ONE.subtract(BigDecimal.valueOf(level))
                .multiply(BigDecimal.valueOf(50)).doubleValue();
    }

    static double meanOf(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }
}
