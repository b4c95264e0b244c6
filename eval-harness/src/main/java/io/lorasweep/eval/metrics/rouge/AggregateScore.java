package io.lorasweep.eval.metrics.rouge;

import java.util.Objects;

/**
 * A bootstrap confidence interval for one ROUGE type, as {@code rouge_score.scoring.AggregateScore}: each bound
 * holds the percentile of the bootstrap means for precision, recall and f-measure separately, so a bound's
 * f-measure is generally not the f-measure of that bound's precision and recall.
 *
 * @param low  the {@code (1 - confidence) / 2} percentile
 * @param mid  the median of the bootstrap means (close to, but not exactly, the plain mean)
 * @param high the {@code 1 - (1 - confidence) / 2} percentile
 */
public record AggregateScore(Score low, Score mid, Score high) {

    public AggregateScore {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(high, "high");
    }
}
