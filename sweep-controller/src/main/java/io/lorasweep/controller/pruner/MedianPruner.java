package io.lorasweep.controller.pruner;

/**
 * The median stopping rule: a {@link PercentilePruner} at the 50th percentile, as Optuna's {@code MedianPruner}.
 * Prunes a trial whose best intermediate value so far is worse than the median of the COMPLETE trials' values at
 * the same step.
 */
public final class MedianPruner extends PercentilePruner {

    /** Optuna's defaults: 5 start-up trials, no warm-up, a check at every step, one trial at the step. */
    public MedianPruner() {
        this(5, 0, 1, 1);
    }

    public MedianPruner(int nStartupTrials, long nWarmupSteps, long intervalSteps, int nMinTrials) {
        super(50.0, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials);
    }

    @Override
    protected String label() {
        return "median pruner";
    }

    @Override
    protected String thresholdName(double effectivePercentile) {
        return "the median";
    }
}
