package io.lorasweep.dashboard.baseline;

import io.lorasweep.schemas.messages.EvalItems.Transform;
import java.util.Map;

/**
 * One run's eval items for one metric: each item's {numerator, denominator}, the metric being
 * {@code transform(Σ numerator / Σ denominator)}. Two runs with the same items can be resampled together.
 */
public record ItemShares(Transform transform, Map<String, double[]> byItem) {

    public ItemShares {
        byItem = Map.copyOf(byItem);
    }

    /** The metric over every item. */
    public double value() {
        double num = 0;
        double den = 0;
        for (double[] share : byItem.values()) {
            num += share[0];
            den += share[1];
        }
        return transform.apply(num, den);
    }

    /** Whether {@code other} scored exactly the same items the same way, so the two can be paired. */
    public boolean pairsWith(ItemShares other) {
        return other != null && transform == other.transform && !byItem.isEmpty()
                && byItem.keySet().equals(other.byItem.keySet());
    }
}
