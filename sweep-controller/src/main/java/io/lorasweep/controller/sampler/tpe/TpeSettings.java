package io.lorasweep.controller.sampler.tpe;

/**
 * The knobs of TPE. {@link #defaults} has Optuna 5's for the model and the split (10 random start-up trials, 24
 * candidates, a prior of weight 1, the magic clip on, endpoints off) with independent sampling and no constant liar;
 * {@link io.lorasweep.controller.sampler.Samplers} decides those two for a sweep.
 */
public record TpeSettings(int nStartupTrials, int nEiCandidates, double priorWeight, boolean considerMagicClip,
                          boolean considerEndpoints, boolean multivariate, boolean group, boolean constantLiar,
                          long seed) {

    public TpeSettings {
        if (nStartupTrials < 0) {
            throw new IllegalArgumentException("nStartupTrials must be >= 0, got " + nStartupTrials);
        }
        if (nEiCandidates < 1) {
            throw new IllegalArgumentException("nEiCandidates must be >= 1, got " + nEiCandidates);
        }
        if (!(priorWeight > 0)) {
            throw new IllegalArgumentException("priorWeight must be > 0, got " + priorWeight);
        }
        if (group && !multivariate) {
            throw new IllegalArgumentException("group needs multivariate (as in Optuna)");
        }
    }

    public static TpeSettings defaults(long seed) {
        return new TpeSettings(10, 24, 1.0, true, false, false, false, false, seed);
    }

    public TpeSettings withMultivariate(boolean multivariate, boolean group) {
        return new TpeSettings(nStartupTrials, nEiCandidates, priorWeight, considerMagicClip, considerEndpoints,
                multivariate, group, constantLiar, seed);
    }

    public TpeSettings withConstantLiar(boolean constantLiar) {
        return new TpeSettings(nStartupTrials, nEiCandidates, priorWeight, considerMagicClip, considerEndpoints,
                multivariate, group, constantLiar, seed);
    }

    public TpeSettings withStartupTrials(int n) {
        return new TpeSettings(n, nEiCandidates, priorWeight, considerMagicClip, considerEndpoints, multivariate,
                group, constantLiar, seed);
    }

    /** Optuna's default gamma: how many trials form l(x) out of n finished ones. */
    public static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /**
     * Optuna 5's default gamma for several objectives: a tenth of the finished trials, without the cap of 25 (a
     * Pareto front needs more good trials to be described than one best value).
     */
    public static int gammaMultiObjective(int n) {
        return (int) Math.ceil(0.1 * n);
    }

    /**
     * Optuna's default weights for n observations in trial-number order: all 1 below 25; beyond, the newest 25
     * weigh 1 and the older ones ramp linearly from 1/n up to 1.
     */
    public static double[] weights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            // numpy.linspace(1/n, 1, num=ramp)
            w[i] = ramp == 1 ? 1.0 / n : i == ramp - 1 ? 1.0 : i * ((1.0 - 1.0 / n) / (ramp - 1)) + 1.0 / n;
        }
        for (int i = ramp; i < n; i++) {
            w[i] = 1.0;
        }
        return w;
    }
}
