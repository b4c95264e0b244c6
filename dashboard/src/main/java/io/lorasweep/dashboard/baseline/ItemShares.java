package io.lorasweep.dashboard.baseline;

import io.lorasweep.schemas.messages.EvalItems.Transform;
import io.lorasweep.stats.Bootstrap;
import io.lorasweep.stats.Difference;
import io.lorasweep.stats.PairedBootstrap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One run's eval items for one metric: each item's {numerator, denominator}, the metric being
 * {@code transform(Σ numerator / Σ denominator)}. Two runs with the same items can be resampled together.
 */
public record ItemShares(Transform transform, Map<String, double[]> byItem) {

    /** Resamples of the paired bootstrap; fixed, like its seed. */
    public static final int RESAMPLES = 2000;

    public ItemShares {
        byItem = Map.copyOf(byItem);
    }

    /** The metric over every item. */
    public double value() {
        return pooled(List.copyOf(byItem.values()));
    }

    /**
     * {@code later − this} by the paired bootstrap over the items both runs scored ({@link #pairsWith} must hold),
     * with {@link #RESAMPLES} resamples and a seed drawn from the items, so a table reads the same on every load.
     */
    public Difference pairedTo(ItemShares later, boolean lowerIsBetter) {
        if (!pairsWith(later)) {
            throw new IllegalArgumentException("the runs did not score the same items; they cannot be paired");
        }
        List<String> ids = new ArrayList<>(byItem.keySet());
        Collections.sort(ids); // the draw depends on the items, not on the order they were read in
        List<double[]> earlierItems = ids.stream().map(byItem::get).toList();
        List<double[]> laterItems = ids.stream().map(later.byItem::get).toList();
        PairedBootstrap bootstrap = new PairedBootstrap(new Bootstrap(RESAMPLES, ids.hashCode(), 0.95));
        return Difference.of(bootstrap.compare(laterItems, earlierItems, this::pooled), lowerIsBetter);
    }

    private double pooled(List<double[]> shares) {
        double num = 0;
        double den = 0;
        for (double[] share : shares) {
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
