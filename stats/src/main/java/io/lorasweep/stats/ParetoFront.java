package io.lorasweep.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Pareto dominance over loss vectors (every objective minimised; a maximised one enters negated): which points are
 * on the front, and the non-domination rank of each point (0 for the front, 1 for the front of the rest, ...), as
 * Optuna's {@code _fast_non_domination_rank} defines them. Equal points share a rank, and a point is dominated only
 * by one that is no worse in every objective and better in one.
 */
public final class ParetoFront {

    private ParetoFront() {
    }

    /** Objective values as a loss vector: a maximised objective ({@code minimize[k]} false) negated. */
    public static double[] losses(double[] values, boolean[] minimize) {
        if (values.length != minimize.length) {
            throw new IllegalArgumentException(values.length + " values for " + minimize.length + " objectives");
        }
        double[] out = new double[values.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = minimize[k] ? values[k] : -values[k];
        }
        return out;
    }

    /** For each vector of objective values, whether no other is as good in every objective and better in one. */
    public static boolean[] onFront(double[][] values, boolean[] minimize) {
        double[][] losses = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            losses[i] = losses(values[i], minimize);
        }
        return onFront(losses);
    }

    /** Whether {@code a} dominates {@code b}. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) {
                return false;
            }
            better |= a[k] < b[k];
        }
        return better;
    }

    /**
     * For each point, whether no other point dominates it. Two objectives in O(n log n) (a dashboard ranks tens of
     * thousands of trials), more by comparing every pair.
     */
    public static boolean[] onFront(double[][] losses) {
        if (losses.length > 0 && losses[0].length == 2) {
            return onFront2d(losses);
        }
        boolean[] out = new boolean[losses.length];
        for (int i = 0; i < losses.length; i++) {
            out[i] = true;
            for (int j = 0; j < losses.length && out[i]; j++) {
                out[i] = j == i || !dominates(losses[j], losses[i]);
            }
        }
        return out;
    }

    /**
     * In lexicographic order, a point is dominated exactly when an earlier point that is not its twin is no worse in
     * the second objective.
     */
    private static boolean[] onFront2d(double[][] losses) {
        Integer[] order = lexicographicOrder(losses);
        boolean[] out = new boolean[losses.length];
        double lowestBefore = Double.POSITIVE_INFINITY;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end < order.length && compareLexicographically(losses[order[end]], losses[order[start]]) == 0) {
                end++;
            }
            double second = losses[order[start]][1];
            for (int k = start; k < end; k++) {
                out[order[k]] = !(lowestBefore <= second);
            }
            lowestBefore = Math.min(lowestBefore, second);
            start = end;
        }
        return out;
    }

    /**
     * Non-domination ranks, peeled front by front until at least {@code atLeast} distinct points are ranked; every
     * point after that gets the next rank (so ranks are exact for the best {@code atLeast} and only "worse" beyond,
     * which is all a split into the best n and the rest needs, as in Optuna).
     */
    public static int[] ranks(double[][] losses, int atLeast) {
        int n = losses.length;
        int[] rank = new int[n];
        if (n == 0) {
            return rank;
        }
        Integer[] distinct = distinctOrder(losses);
        int unique = distinct.length;
        int target = Math.min(Math.max(atLeast, 1), unique);
        int[] uniqueRank = new int[unique];
        Arrays.fill(uniqueRank, -1);
        int ranked = 0;
        int r = 0;
        while (ranked < target) {
            boolean[] front = new boolean[unique];
            for (int i = 0; i < unique; i++) {
                if (uniqueRank[i] >= 0) {
                    continue;
                }
                front[i] = true;
                for (int j = 0; j < unique && front[i]; j++) {
                    front[i] = uniqueRank[j] >= 0 || j == i
                            || !dominates(losses[distinct[j]], losses[distinct[i]]);
                }
            }
            for (int i = 0; i < unique; i++) {
                if (front[i]) {
                    uniqueRank[i] = r;
                    ranked++;
                }
            }
            r++;
        }
        for (int i = 0; i < unique; i++) {
            if (uniqueRank[i] < 0) {
                uniqueRank[i] = r;
            }
        }
        Comparator<Integer> byLoss = (x, y) -> compareLexicographically(losses[x], losses[y]);
        for (int p = 0; p < n; p++) {
            int at = Arrays.binarySearch(distinct, p, byLoss);
            rank[p] = uniqueRank[at];
        }
        return rank;
    }

    /** The points' indices sorted by their loss vectors; a stable sort, so the first of equal vectors stays first. */
    private static Integer[] lexicographicOrder(double[][] losses) {
        Integer[] order = new Integer[losses.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compareLexicographically(losses[a], losses[b]));
        return order;
    }

    /**
     * One index per distinct loss vector, in lexicographic order of the vectors (numpy's {@code unique(axis=0)}),
     * each the first point holding that vector.
     */
    public static Integer[] distinctOrder(double[][] losses) {
        Integer[] order = lexicographicOrder(losses);
        int kept = 0;
        for (int i = 0; i < order.length; i++) {
            if (kept == 0 || compareLexicographically(losses[order[kept - 1]], losses[order[i]]) != 0) {
                order[kept++] = order[i];
            }
        }
        return Arrays.copyOf(order, kept);
    }

    static int compareLexicographically(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) {
            int c = Double.compare(a[k], b[k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
