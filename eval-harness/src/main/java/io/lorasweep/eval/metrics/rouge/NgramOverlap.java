package io.lorasweep.eval.metrics.rouge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * rouge-N: the clipped overlap of n-gram counts (a multiset intersection), over the prediction's n-gram count for
 * precision and the target's for recall. A side with fewer than n tokens has no n-grams; its denominator is taken
 * as 1, as rouge-score does, so the score is then 0 rather than undefined.
 */
final class NgramOverlap {

    private NgramOverlap() {
    }

    static Score score(List<String> targetTokens, List<String> predictionTokens, int n) {
        Map<List<String>, Integer> target = counts(targetTokens, n);
        Map<List<String>, Integer> prediction = counts(predictionTokens, n);
        long overlap = 0;
        for (Map.Entry<List<String>, Integer> entry : target.entrySet()) {
            overlap += Math.min(entry.getValue(), prediction.getOrDefault(entry.getKey(), 0));
        }
        int targetCount = Math.max(targetTokens.size() - n + 1, 0);
        int predictionCount = Math.max(predictionTokens.size() - n + 1, 0);
        double precision = (double) overlap / Math.max(predictionCount, 1);
        double recall = (double) overlap / Math.max(targetCount, 1);
        return Score.of(precision, recall);
    }

    static Map<List<String>, Integer> counts(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }
}
