package io.lorasweep.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume of a set of loss vectors (every objective minimised): the volume of the region they dominate up
 * to a reference point. The quality of a Pareto front in one number, and what multi-objective TPE uses to choose
 * among equally ranked trials and to weigh its good ones.
 *
 * <p>Exact: a sweep in two objectives, slices along the last objective above that (fronts here hold tens of
 * points, so the simple recursion is fast enough and easy to check).
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    /**
     * The volume dominated by {@code points} and bounded by {@code reference}. Points not strictly below the
     * reference in every objective add nothing; a point at minus infinity makes it infinite.
     */
    public static double of(double[][] points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != reference.length) {
                throw new IllegalArgumentException("a point has " + p.length + " objectives, the reference "
                        + reference.length);
            }
            boolean below = true;
            for (int k = 0; k < p.length; k++) {
                below &= p[k] < reference[k];
            }
            if (below) {
                for (double v : p) {
                    if (v == Double.NEGATIVE_INFINITY) {
                        return Double.POSITIVE_INFINITY;
                    }
                }
                inside.add(p);
            }
        }
        return volume(inside, reference, reference.length);
    }

    /** The volume of points (all strictly below the reference) in their first {@code d} objectives. */
    private static double volume(List<double[]> points, double[] reference, int d) {
        if (points.isEmpty()) {
            return 0;
        }
        if (d == 1) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : points) {
                best = Math.min(best, p[0]);
            }
            return reference[0] - best;
        }
        List<double[]> sorted = new ArrayList<>(points);
        if (d == 2) {
            sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double total = 0;
            double lowest = reference[1];
            for (double[] p : sorted) {
                if (p[1] < lowest) {
                    total += (reference[0] - p[0]) * (lowest - p[1]);
                    lowest = p[1];
                }
            }
            return total;
        }
        int last = d - 1;
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            if (top > sorted.get(i)[last]) {
                total += (top - sorted.get(i)[last]) * volume(sorted.subList(0, i + 1), reference, last);
            }
        }
        return total;
    }

    /**
     * How much of the hypervolume each point alone holds: the volume lost when it is left out (zero for a
     * dominated point or one with a twin).
     */
    public static double[] contributions(double[][] points, double[] reference) {
        double all = of(points, reference);
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double[][] rest = new double[points.length - 1][];
            for (int j = 0, r = 0; j < points.length; j++) {
                if (j != i) {
                    rest[r++] = points[j];
                }
            }
            out[i] = all - of(rest, reference);
        }
        return out;
    }

    /**
     * The greedy answer to the hypervolume subset selection problem: {@code size} of the points, each step adding
     * the one that adds the most volume to those chosen (ties to the earlier point), a (1 − 1/e)-approximation.
     * Returns their indices in the order chosen.
     */
    public static int[] greedySubset(double[][] points, double[] reference, int size) {
        if (size < 0 || size > points.length) {
            throw new IllegalArgumentException("size must be between 0 and " + points.length + ", got " + size);
        }
        int[] chosen = new int[size];
        boolean[] taken = new boolean[points.length];
        List<double[]> selected = new ArrayList<>();
        double selectedVolume = 0;
        for (int s = 0; s < size; s++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < points.length; i++) {
                if (taken[i]) {
                    continue;
                }
                selected.add(points[i]);
                double gain = of(selected.toArray(double[][]::new), reference) - selectedVolume;
                selected.remove(selected.size() - 1);
                if (best < 0 || gain > bestGain) {
                    bestGain = gain;
                    best = i;
                }
            }
            taken[best] = true;
            chosen[s] = best;
            selected.add(points[best]);
            selectedVolume += bestGain;
        }
        return chosen;
    }

    /**
     * Optuna's reference point for a set of loss vectors: 10% beyond the worst value of each objective (on the
     * far side of zero too), a tiny positive number where that is zero.
     */
    public static double[] referencePoint(double[][] losses) {
        double[] worst = new double[losses[0].length];
        Arrays.fill(worst, Double.NEGATIVE_INFINITY);
        for (double[] l : losses) {
            for (int k = 0; k < worst.length; k++) {
                worst[k] = Math.max(worst[k], l[k]);
            }
        }
        double[] ref = new double[worst.length];
        for (int k = 0; k < worst.length; k++) {
            ref[k] = Math.max(1.1 * worst[k], 0.9 * worst[k]);
            if (ref[k] == 0) {
                ref[k] = 1e-12;
            }
        }
        return ref;
    }
}
