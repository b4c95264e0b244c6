package io.lorasweep.dashboard.cost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trials no other trial beats on both cost and quality: for each, every cheaper trial has a worse objective.
 * One pass over the points sorted by cost (ties: better objective first), O(n log n).
 */
public final class ParetoFront {

    private ParetoFront() {
    }

    /** The front, from cheapest to dearest. */
    public static List<TradeOffPoint> of(List<TradeOffPoint> points, boolean minimize) {
        Comparator<TradeOffPoint> better = minimize ? Comparator.comparingDouble(TradeOffPoint::objective)
                : Comparator.comparingDouble(TradeOffPoint::objective).reversed();
        List<TradeOffPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(TradeOffPoint::costUsd).thenComparing(better)
                .thenComparingLong(TradeOffPoint::trialId));
        List<TradeOffPoint> front = new ArrayList<>();
        Double bestSoFar = null;
        for (TradeOffPoint p : sorted) {
            if (bestSoFar == null || (minimize ? p.objective() < bestSoFar : p.objective() > bestSoFar)) {
                front.add(p);
                bestSoFar = p.objective();
            }
        }
        return front;
    }
}
