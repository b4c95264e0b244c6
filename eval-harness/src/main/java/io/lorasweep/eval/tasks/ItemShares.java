package io.lorasweep.eval.tasks;

import io.lorasweep.schemas.messages.EvalItems.Transform;
import java.util.Map;

/**
 * The metrics of a task that follow from sums over its items, and each item's share of them: a metric is
 * {@code transform(Σ numerator / Σ denominator)} over the items. F1 is (2·tp, 2·tp + fp + fn), accuracy and ROUGE
 * are (score, 1), perplexity is exp(Σ nll / Σ tokens). With the shares of two runs on the same items, anyone can
 * resample the items and recompute both metrics, which is the paired test, without knowing the task. Metrics that
 * are not such a ratio (macro averages, seqeval's) have no shares.
 */
public interface ItemShares {

    ItemShares NONE = item -> Map.of();

    /** This item's {numerator, denominator} of each metric that has shares; a metric left out is {0, 0}. */
    Map<MetricKey, double[]> of(ItemScore item);

    /** How {@code metric} follows from its sums. */
    default Transform transform(MetricKey metric) {
        return Transform.RATIO;
    }
}
