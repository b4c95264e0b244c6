package io.lorasweep.eval.metrics;

import java.util.Map;

/**
 * A score of one prediction against one reference (ROUGE, as Google's rouge-score computes it, backs this).
 *
 * <p>Contract: returns the same keys for every pair, e.g. {@code rouge1_fmeasure}, {@code rougeL_fmeasure};
 * the summarisation task reports the mean of each key over items, with a bootstrap interval. Must be a pure
 * function.
 */
@FunctionalInterface
public interface TextPairMetric {

    Map<String, Double> score(String reference, String prediction);
}
