package io.lorasweep.eval.metrics.seqeval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What seqeval's {@code classification_report(..., output_dict=True)} holds: the micro average at the top
 * level, the scores of every entity type, and the macro and weighted averages.
 *
 * @param precision micro precision: correct / predicted (0 when nothing is predicted, see {@link ZeroDivision})
 * @param recall    micro recall: correct / support
 * @param f1        micro F1 from micro precision and recall
 * @param support   true entities counted over all types
 * @param predicted predicted entities counted over all types
 * @param correct   predicted entities that are also true entities (same type and positions)
 * @param perType   scores by entity type, in seqeval's order (Python's sorted order of the type names); every
 *                  type found in the truth or in the predictions, so a predicted-only type has support 0
 * @param macro     unweighted mean of the per-type scores; NaN when there is no type at all, as in seqeval
 * @param weighted  per-type scores averaged with their supports as weights; when no true entity exists,
 *                  seqeval's fixed answer instead (0 under the default {@link ZeroDivision#WARN})
 */
public record SeqevalReport(double precision, double recall, double f1, int support, int predicted, int correct,
        Map<String, TypeScores> perType, TypeScores macro, TypeScores weighted) {

    public SeqevalReport {
        Objects.requireNonNull(perType, "perType");
        Objects.requireNonNull(macro, "macro");
        Objects.requireNonNull(weighted, "weighted");
        perType = Collections.unmodifiableMap(new LinkedHashMap<>(perType));
    }

    /** The top-level scores as one {@link TypeScores}. */
    public TypeScores micro() {
        return new TypeScores(precision, recall, f1, support);
    }

    /** The scores of seqeval's {@code precision_recall_fscore_support(average=...)} for this average. */
    public TypeScores average(Average average) {
        switch (Objects.requireNonNull(average, "average")) {
            case MICRO:
                return micro();
            case MACRO:
                return macro;
            default:
                return weighted;
        }
    }
}
