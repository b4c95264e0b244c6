package io.lorasweep.eval.metrics.seqeval;

import io.lorasweep.eval.metrics.SequenceLabelMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * seqeval's default (conlleval-compatible) entity score as the NER task's sequence metric: micro precision,
 * recall and F1, macro F1, and each type's precision, recall and F1 (a type with no true entity has no F1 to
 * report and is left out).
 */
public final class SeqevalLabelMetric implements SequenceLabelMetric {

    @Override
    public Map<String, Double> score(List<List<String>> yTrue, List<List<String>> yPred) {
        SeqevalReport report = Seqeval.evaluate(yTrue, yPred, Mode.DEFAULT, null);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("precision", report.precision());
        out.put("recall", report.recall());
        out.put("f1", report.f1());
        out.put("macro_f1", report.macro().f1());
        for (Map.Entry<String, TypeScores> e : report.perType().entrySet()) {
            if (e.getValue().support() > 0) {
                out.put(e.getKey() + "/precision", e.getValue().precision());
                out.put(e.getKey() + "/recall", e.getValue().recall());
                out.put(e.getKey() + "/f1", e.getValue().f1());
            }
        }
        return out;
    }
}
