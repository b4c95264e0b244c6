package io.lorasweep.eval.metrics.rouge;

import io.lorasweep.stats.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Confidence intervals over many scored pairs, as rouge-score's {@code scoring.BootstrapAggregator}: for each ROUGE
 * type separately, draw {@code nSamples} resamples of the added scores (with replacement, as many as were added),
 * take each resample's mean precision, recall and f-measure, and report per measure the
 * {@code (1 - confidence) / 2}, 50th and {@code 1 - (1 - confidence) / 2} percentiles of those means (numpy's
 * linear rule, see {@link io.lorasweep.stats.Percentiles}).
 *
 * <p>What matches rouge-score exactly: the resampling scheme, the means, the percentile levels and interpolation,
 * and so every result that does not depend on which resamples were drawn (a single added pair, identical pairs, a
 * confidence of 0, …). What cannot: numpy's random stream. The draws here come from a seedable Java generator,
 * so low/mid/high agree with rouge-score in distribution, not bit for bit; note that "mid" is the median of the
 * bootstrap means, not the plain mean, in rouge-score too.
 *
 * <p>Not thread-safe: one aggregator belongs to one evaluation loop.
 */
public final class BootstrapAggregator {

    /** rouge-score's defaults. */
    public static final double DEFAULT_CONFIDENCE_INTERVAL = 0.95;
    public static final int DEFAULT_SAMPLES = 1000;

    private final double confidenceInterval;
    private final int nSamples;
    private final RandomGenerator random;
    private final Map<String, List<Score>> scores = new LinkedHashMap<>();

    /** rouge-score's defaults (95 %, 1000 resamples), drawing from an unseeded generator. */
    public BootstrapAggregator() {
        this(DEFAULT_CONFIDENCE_INTERVAL, DEFAULT_SAMPLES, new SplittableRandom());
    }

    /** Reproducible: the same seed and the same added scores give the same aggregate. */
    public BootstrapAggregator(double confidenceInterval, int nSamples, long seed) {
        this(confidenceInterval, nSamples, new SplittableRandom(seed));
    }

    /**
     * @param confidenceInterval the interval's coverage, in [0, 1]
     * @param nSamples           bootstrap resamples per type, positive
     * @param random             where the resampling indices come from
     */
    public BootstrapAggregator(double confidenceInterval, int nSamples, RandomGenerator random) {
        if (!(confidenceInterval >= 0 && confidenceInterval <= 1)) {
            throw new IllegalArgumentException("confidenceInterval must be in [0, 1], got " + confidenceInterval);
        }
        if (nSamples <= 0) {
            throw new IllegalArgumentException("nSamples must be positive, got " + nSamples);
        }
        this.confidenceInterval = confidenceInterval;
        this.nSamples = nSamples;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Adds one scored pair: each type's score joins that type's sample (types may differ between calls). */
    public void add(Map<String, Score> pairScores) {
        Objects.requireNonNull(pairScores, "pairScores");
        pairScores.forEach((type, score) -> scores.computeIfAbsent(Objects.requireNonNull(type, "type"),
                t -> new ArrayList<>()).add(Objects.requireNonNull(score, "score of " + type)));
    }

    /** The interval of every type added so far, in the order the types were first added; empty if none. */
    public Map<String, AggregateScore> aggregate() {
        double delta = (1 - confidenceInterval) / 2;
        // rouge-score builds the levels as 100 * [delta, 0.5, 1 - delta]; numpy divides them by 100 again.
        double[] percentiles = {100 * delta, 100 * 0.5, 100 * (1 - delta)};
        Map<String, AggregateScore> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<Score>> entry : scores.entrySet()) {
            double[][] means = bootstrapMeans(entry.getValue());
            Score[] bounds = new Score[percentiles.length];
            for (int k = 0; k < percentiles.length; k++) {
                bounds[k] = new Score(Percentiles.linearSorted(means[0], percentiles[k]),
                        Percentiles.linearSorted(means[1], percentiles[k]),
                        Percentiles.linearSorted(means[2], percentiles[k]));
            }
            result.put(entry.getKey(), new AggregateScore(bounds[0], bounds[1], bounds[2]));
        }
        return Collections.unmodifiableMap(result);
    }

    /** Per measure (precision, recall, f-measure), the sorted means of {@code nSamples} resamples. */
    private double[][] bootstrapMeans(List<Score> sample) {
        int n = sample.size();
        double[][] means = new double[3][nSamples];
        for (int s = 0; s < nSamples; s++) {
            double precision = 0;
            double recall = 0;
            double fmeasure = 0;
            for (int i = 0; i < n; i++) {
                Score drawn = sample.get(random.nextInt(n));
                precision += drawn.precision();
                recall += drawn.recall();
                fmeasure += drawn.fmeasure();
            }
            means[0][s] = precision / n;
            means[1][s] = recall / n;
            means[2][s] = fmeasure / n;
        }
        for (double[] measure : means) {
            Arrays.sort(measure);
        }
        return means;
    }
}
