package io.lorasweep.controller.sampler.tpe;

import io.lorasweep.controller.sampler.TrialHistory;
import io.lorasweep.controller.sampler.TrialState;
import io.lorasweep.stats.Hypervolume;
import io.lorasweep.stats.ParetoFront;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which complete trials are the good ones when a sweep has several objectives, and how much each good one weighs,
 * as Optuna's multi-objective TPE decides: trials by non-domination rank, the rank that does not fit whole chosen
 * by greedy hypervolume subset selection; each good trial weighted by its share of the good set's hypervolume
 * (Optuna 4's {@code _calculate_weights_below_for_multi_objective}; Optuna 5 weighs them all 1).
 */
final class MultiObjectiveSplit {

    /** Optuna's floor for a weight, so a dominated good trial still has a kernel. */
    static final double EPS = 1e-12;

    private MultiObjectiveSplit() {
    }

    /** The best {@code n} complete trials of the history (fewer if fewer completed), oldest first. */
    static List<TrialHistory.Entry> best(TrialHistory history, int n) {
        List<TrialHistory.Entry> complete = new ArrayList<>();
        for (TrialHistory.Entry e : history.all()) {
            if (e.state() == TrialState.COMPLETE) {
                complete.add(e);
            }
        }
        return best(history, complete, n);
    }

    /** The best {@code n} of these complete trials (history order), oldest first. */
    static List<TrialHistory.Entry> best(TrialHistory history, List<TrialHistory.Entry> complete, int n) {
        int want = Math.min(n, complete.size());
        if (want == complete.size() || want == 0) {
            return want == 0 ? List.of() : complete;
        }
        double[][] losses = new double[complete.size()][];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = history.losses(complete.get(i));
        }
        int[] ranks = ParetoFront.ranks(losses, want);
        int maxRank = Arrays.stream(ranks).max().orElse(0);
        int[] perRank = new int[maxRank + 1];
        for (int r : ranks) {
            perRank[r]++;
        }
        int lastWhole = -1; // the last rank that fits whole
        for (int r = 0, total = 0; r <= maxRank && total + perRank[r] <= want; r++) {
            total += perRank[r];
            lastWhole = r;
        }
        boolean[] chosen = new boolean[losses.length];
        int taken = 0;
        List<Integer> tied = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            if (ranks[i] <= lastWhole) {
                chosen[i] = true;
                taken++;
            } else if (ranks[i] == lastWhole + 1) {
                tied.add(i);
            }
        }
        if (taken < want) {
            double[][] tiedLosses = new double[tied.size()][];
            for (int t = 0; t < tiedLosses.length; t++) {
                tiedLosses[t] = losses[tied.get(t)];
            }
            for (int t : subsetByHypervolume(tiedLosses, want - taken)) {
                chosen[tied.get(t)] = true;
            }
        }
        List<TrialHistory.Entry> out = new ArrayList<>(want);
        for (int i = 0; i < losses.length; i++) {
            if (chosen[i]) {
                out.add(complete.get(i));
            }
        }
        return out;
    }

    /**
     * {@code size} of the equally ranked {@code losses} (positions into it), as Optuna's {@code _solve_hssp}: among
     * distinct vectors in lexicographic order, greedily by hypervolume against the reference point of them all;
     * when there are fewer distinct vectors than wanted, all of them and then the first twins.
     */
    static int[] subsetByHypervolume(double[][] losses, int size) {
        if (size == losses.length) {
            return range(size);
        }
        Integer[] distinct = ParetoFront.distinctOrder(losses);
        if (distinct.length < size) {
            boolean[] chosen = new boolean[losses.length];
            for (int i : distinct) {
                chosen[i] = true;
            }
            for (int i = 0, extra = size - distinct.length; i < losses.length && extra > 0; i++) {
                if (!chosen[i]) {
                    chosen[i] = true;
                    extra--;
                }
            }
            return positions(chosen);
        }
        double[] reference = Hypervolume.referencePoint(losses);
        boolean finite = Arrays.stream(reference).allMatch(Double::isFinite);
        int[] picked;
        if (!finite || distinct.length == size) {
            picked = range(size);
        } else {
            double[][] points = new double[distinct.length][];
            for (int i = 0; i < points.length; i++) {
                points[i] = losses[distinct[i]];
            }
            picked = Hypervolume.greedySubset(points, reference, size);
        }
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = distinct[picked[i]];
        }
        return out;
    }

    /**
     * The kernel weight of each good trial ({@code below}, oldest first): a complete one its hypervolume
     * contribution among the complete good ones over the largest contribution (at least {@link #EPS}, so a
     * dominated one keeps a kernel); a pruned one, there only because too few completed, {@link #EPS}. All 1 when at
     * most one good trial completed or the hypervolume is infinite.
     */
    static double[] weights(TrialHistory history, List<TrialHistory.Entry> below) {
        double[] weights = new double[below.size()];
        Arrays.fill(weights, 1.0);
        List<Integer> complete = new ArrayList<>();
        for (int i = 0; i < below.size(); i++) {
            if (below.get(i).state() == TrialState.COMPLETE) {
                complete.add(i);
            }
        }
        if (complete.size() <= 1) {
            return weights;
        }
        double[][] losses = new double[complete.size()][];
        for (int c = 0; c < losses.length; c++) {
            losses[c] = history.losses(below.get(complete.get(c)));
        }
        double[] reference = Hypervolume.referencePoint(losses);
        boolean[] onFront = ParetoFront.onFront(losses);
        List<double[]> front = new ArrayList<>();
        for (int c = 0; c < losses.length; c++) {
            if (onFront[c]) {
                front.add(losses[c]);
            }
        }
        double[][] frontPoints = front.toArray(double[][]::new);
        if (Double.isInfinite(Hypervolume.of(frontPoints, reference))) {
            return weights;
        }
        double[] frontShare = Hypervolume.contributions(frontPoints, reference);
        double[] share = new double[losses.length];
        for (int c = 0, f = 0; c < losses.length; c++) {
            share[c] = onFront[c] ? frontShare[f++] : 0.0;
        }
        double largest = Math.max(Arrays.stream(share).max().orElse(0.0), EPS);
        Arrays.fill(weights, EPS);
        for (int c = 0; c < losses.length; c++) {
            weights[complete.get(c)] = Math.max(share[c] / largest, EPS);
        }
        return weights;
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] positions(boolean[] chosen) {
        int[] out = new int[chosen.length];
        int k = 0;
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                out[k++] = i;
            }
        }
        return Arrays.copyOf(out, k);
    }
}
