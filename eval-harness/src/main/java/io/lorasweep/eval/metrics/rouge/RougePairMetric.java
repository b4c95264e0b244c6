package io.lorasweep.eval.metrics.rouge;

import io.lorasweep.eval.metrics.TextPairMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/** rouge1, rouge2, rougeL and rougeLsum (precision, recall, F-measure) as the summarisation task's metric. */
public final class RougePairMetric implements TextPairMetric {

    private final RougeScorer scorer;

    public RougePairMetric(boolean useStemmer) {
        this.scorer = RougeScorer.withDefaultTypes(useStemmer);
    }

    @Override
    public Map<String, Double> score(String reference, String prediction) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Score> e : scorer.score(reference, prediction).entrySet()) {
            out.put(e.getKey() + "_precision", e.getValue().precision());
            out.put(e.getKey() + "_recall", e.getValue().recall());
            out.put(e.getKey() + "_fmeasure", e.getValue().fmeasure());
        }
        return out;
    }
}
