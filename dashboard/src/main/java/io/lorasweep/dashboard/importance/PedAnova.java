package io.lorasweep.dashboard.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * PED-ANOVA (Watanabe et al. 2023, "Efficiently Quantifying Hyperparameter Importance in Arbitrary Subspaces"), as
 * Optuna's {@code PedAnovaImportanceEvaluator} defines it (its {@code target_quantile}, called
 * {@code baseline_quantile} in older releases; the region is all trials): the trials whose loss is within the top
 * {@code baselineQuantile} are the "good" set; for each parameter a Parzen density of the good set and one of all
 * trials are built on the parameter's grid, and the importance is the Pearson divergence between them,
 * {@code sum_k p_all(k) (p_good(k) / p_all(k) - 1)^2}. A parameter whose good values look like all its values does not
 * matter for reaching the top; the importances are then normalised to sum to 1.
 *
 * <p>The caller counts the trials per grid point (see {@link ImportanceGrid}); this class holds the policy (which
 * trials are good) and the measure.
 */
public final class PedAnova {

    /** Optuna's defaults: the top 10%, a 50-point grid, a prior of weight 1, at least 2 good trials. */
    public static final Settings DEFAULTS = new Settings(0.1, 50, 1.0, 2);

    /** Added to both densities before dividing, as Optuna does, so an empty grid point cannot divide by zero. */
    private static final double EPS = 1e-12;

    /**
     * The tuning knobs of the evaluator.
     *
     * @param baselineQuantile the share of best trials that counts as good, in (0, 1]
     * @param gridSteps        points of a numeric parameter's grid
     * @param priorWeight      weight of the prior kernel in each density
     * @param minTopTrials     the good set holds at least this many trials
     */
    public record Settings(double baselineQuantile, int gridSteps, double priorWeight, int minTopTrials) {

        public Settings {
            if (!(baselineQuantile > 0 && baselineQuantile <= 1)) {
                throw new IllegalArgumentException("baselineQuantile must be in (0, 1], got " + baselineQuantile);
            }
            if (gridSteps < 2) {
                throw new IllegalArgumentException("gridSteps must be >= 2, got " + gridSteps);
            }
            if (!(priorWeight >= 0) || Double.isInfinite(priorWeight)) {
                throw new IllegalArgumentException("priorWeight must be finite and >= 0, got " + priorWeight);
            }
            if (minTopTrials < 1) {
                throw new IllegalArgumentException("minTopTrials must be >= 1, got " + minTopTrials);
            }
        }

        public Settings withBaselineQuantile(double q) {
            return new Settings(q, gridSteps, priorWeight, minTopTrials);
        }
    }

    /**
     * What was counted for one parameter.
     *
     * @param top  good trials per grid point
     * @param all  all trials per grid point
     */
    public record ParameterCounts(String parameter, boolean categorical, double[] top, double[] all) {

        public ParameterCounts {
            if (top.length != all.length) {
                throw new IllegalArgumentException(parameter + ": top and all counts must have the same length");
            }
            top = top.clone();
            all = all.clone();
        }

        /** A parameter with one possible value carries no information and gets importance 0. */
        boolean single() {
            return all.length < 2;
        }
    }

    /**
     * One parameter's rating.
     *
     * @param importance   its share, the ratings summing to 1
     * @param divergence   the Pearson divergence of its good trials' density from all its trials' density
     * @param unnormalised the divergence weighted as in the paper's Theorem 4.2, {@code (g'/g)^2 (a^2/b) D}, with
     *                     {@code g'/g} the good share of all trials and {@code a}, {@code b} the shares of the good
     *                     and of all trials that have the parameter (1 unless it is conditional): what Optuna's
     *                     evaluator returns before {@code get_param_importances} normalises
     */
    public record Importance(String parameter, double importance, double divergence, double unnormalised) {
    }

    private final Settings settings;

    public PedAnova(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The index, in the ascending order of losses, of the worst good trial: the {@code baselineQuantile} quantile
     * by the inverted empirical distribution ({@code ceil(q n) - 1}, as Optuna's quantile filter), and never fewer
     * than {@code minTopTrials} trials, so the good set has a spread to measure. Every trial whose loss is at most the
     * loss at this index is good (ties included).
     *
     * @throws IllegalArgumentException when there are fewer than {@code minTopTrials} trials
     */
    public int cutoffIndex(long trials) {
        if (trials < settings.minTopTrials()) {
            throw new IllegalArgumentException("PED-ANOVA needs at least " + settings.minTopTrials()
                    + " complete trials, got " + trials);
        }
        long quantile = (long) Math.ceil(settings.baselineQuantile() * trials) - 1;
        return (int) Math.max(settings.minTopTrials() - 1, quantile);
    }

    /** The loss at or below which a trial is good. */
    public double cutoff(double[] losses) {
        double[] sorted = losses.clone();
        Arrays.sort(sorted);
        return sorted[cutoffIndex(sorted.length)];
    }

    /** The Pearson divergence of the good trials' density from all trials' density over one parameter's grid. */
    public double divergence(ParameterCounts counts) {
        double[] top = density(counts, counts.top());
        double[] all = density(counts, counts.all());
        double d = 0;
        for (int k = 0; k < top.length; k++) {
            double pTop = top[k] + EPS;
            double pAll = all[k] + EPS;
            double ratio = pTop / pAll - 1;
            d += pAll * ratio * ratio;
        }
        return d;
    }

    private double[] density(ParameterCounts counts, double[] c) {
        return counts.categorical() ? ParzenEstimator.categorical(c, settings.priorWeight())
                : ParzenEstimator.numeric(c, settings.priorWeight());
    }

    /**
     * The importances, largest first, summing to 1. A parameter with one possible value, or seen in fewer than
     * {@code minTopTrials} trials, or in none of the good ones, gets 0. When no parameter's good density differs at
     * all (every trial is good), the rated parameters share equally.
     *
     * @param topTrials how many trials are good
     * @param trials    how many trials there are
     */
    public List<Importance> importances(List<ParameterCounts> parameters, long topTrials, long trials) {
        if (topTrials < 1 || trials < topTrials) {
            throw new IllegalArgumentException("need 1 <= topTrials <= trials, got " + topTrials + " of " + trials);
        }
        double goodShare = (double) topTrials / trials;
        double[] divergences = new double[parameters.size()];
        double[] raw = new double[parameters.size()];
        boolean[] rated = new boolean[parameters.size()];
        double sum = 0;
        int ratedCount = 0;
        for (int i = 0; i < parameters.size(); i++) {
            ParameterCounts p = parameters.get(i);
            double top = total(p.top());
            double all = total(p.all());
            if (p.single() || top <= 0 || all < settings.minTopTrials()) {
                continue;
            }
            double alpha = top / topTrials;
            double beta = all / trials;
            divergences[i] = divergence(p);
            raw[i] = goodShare * goodShare * alpha * alpha / beta * divergences[i];
            rated[i] = true;
            sum += raw[i];
            ratedCount++;
        }
        List<Importance> out = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            double share = !rated[i] ? 0 : sum > 0 ? raw[i] / sum : 1.0 / ratedCount;
            out.add(new Importance(parameters.get(i).parameter(), share, divergences[i], raw[i]));
        }
        out.sort(Comparator.comparingDouble(Importance::importance).reversed()
                .thenComparing(Importance::parameter));
        return out;
    }

    private static double total(double[] counts) {
        double s = 0;
        for (double c : counts) {
            s += c;
        }
        return s;
    }
}
