package io.lorasweep.controller.pruner;

import java.util.List;
import java.util.Optional;

/**
 * Prunes a trial whose best intermediate value so far is worse than a percentile of the COMPLETE trials' values at
 * the trial's latest step, as Optuna's {@code PercentilePruner}.
 *
 * <p>At step {@code s} of a running trial it prunes when all of these hold: at least one trial and at least
 * {@code nStartupTrials} trials are COMPLETE; {@code s >= nWarmupSteps}; {@code s} is the first reported step of its
 * interval (intervals of {@code intervalSteps} steps start at {@code nWarmupSteps}, so a check missed because no value
 * came at the interval's first step happens at the next value reported in the interval); and either every value the
 * trial reported is NaN, or at least {@code nMinTrials} COMPLETE trials reported at {@code s} and the trial's best
 * value over all its steps is strictly worse than the percentile of their non-NaN values at {@code s} (for a
 * maximised objective, the {@code 100 - percentile}th). If all of those values are NaN the trial goes on.
 */
public class PercentilePruner implements Pruner {

    private final double percentile;
    private final int nStartupTrials;
    private final long nWarmupSteps;
    private final long intervalSteps;
    private final int nMinTrials;
    private final CompletedStepValues completedValues = new CompletedStepValues();

    /** Optuna's signature and defaults: {@code (percentile, 5, 0, 1, nMinTrials = 1)}. */
    public PercentilePruner(double percentile, int nStartupTrials, long nWarmupSteps, long intervalSteps,
                            int nMinTrials) {
        if (!(percentile >= 0.0 && percentile <= 100.0)) {
            throw new IllegalArgumentException(
                    "percentile must be between 0 and 100 inclusive but got " + percentile);
        }
        if (nStartupTrials < 0) {
            throw new IllegalArgumentException("nStartupTrials cannot be negative but got " + nStartupTrials);
        }
        if (nWarmupSteps < 0) {
            throw new IllegalArgumentException("nWarmupSteps cannot be negative but got " + nWarmupSteps);
        }
        if (intervalSteps < 1) {
            throw new IllegalArgumentException("intervalSteps must be at least 1 but got " + intervalSteps);
        }
        if (nMinTrials < 1) {
            throw new IllegalArgumentException("nMinTrials must be at least 1 but got " + nMinTrials);
        }
        this.percentile = percentile;
        this.nStartupTrials = nStartupTrials;
        this.nWarmupSteps = nWarmupSteps;
        this.intervalSteps = intervalSteps;
        this.nMinTrials = nMinTrials;
    }

    /** With Optuna's defaults for everything but the percentile. */
    public PercentilePruner(double percentile) {
        this(percentile, 5, 0, 1, 1);
    }

    public double percentile() {
        return percentile;
    }

    public int nStartupTrials() {
        return nStartupTrials;
    }

    public long nWarmupSteps() {
        return nWarmupSteps;
    }

    public long intervalSteps() {
        return intervalSteps;
    }

    public int nMinTrials() {
        return nMinTrials;
    }

    /** How reasons name this pruner. */
    protected String label() {
        return "percentile pruner (" + Reasons.number(percentile) + "th)";
    }

    /** How reasons name the threshold. */
    protected String thresholdName(double effectivePercentile) {
        return "the " + Reasons.number(effectivePercentile) + "th percentile";
    }

    @Override
    public synchronized Optional<String> decide(PrunerStudy study, TrialView trial) {
        List<TrialView> completed = study.completedTrials();
        if (completed.isEmpty() || completed.size() < nStartupTrials) {
            return Optional.empty();
        }
        if (trial.intermediateValues().isEmpty()) {
            return Optional.empty();
        }
        long step = trial.intermediateValues().lastKey();
        if (step < nWarmupSteps || !isFirstInInterval(trial, step)) {
            return Optional.empty();
        }
        double best = best(trial, study.minimize());
        if (Double.isNaN(best)) {
            return Optional.of(label() + ": every intermediate value of trial " + trial.number()
                    + " up to step " + step + " is NaN");
        }
        completedValues.sync(study.name(), completed);
        int reported = completedValues.count(step);
        if (reported < nMinTrials) {
            return Optional.empty();
        }
        // Optuna turns the percentile round for a maximised objective: the 25th best is then the 75th value.
        double effective = study.minimize() ? percentile : 100 - percentile;
        double threshold = completedValues.percentile(step, effective);
        if (Double.isNaN(threshold)) {
            return Optional.empty();
        }
        boolean worse = study.minimize() ? best > threshold : best < threshold;
        if (!worse) {
            return Optional.empty();
        }
        return Optional.of(label() + ": best value " + Reasons.number(best) + " of trial " + trial.number()
                + " up to step " + step + " is worse than " + thresholdName(effective) + " "
                + Reasons.number(threshold) + " of " + reported + " completed trials at step " + step);
    }

    /**
     * Whether {@code step} (the trial's last) is the first step the trial reported in its pruning interval: the
     * trial's previous step lies before the interval's start.
     */
    private boolean isFirstInInterval(TrialView trial, long step) {
        long intervalStart = Math.floorDiv(step - nWarmupSteps, intervalSteps) * intervalSteps + nWarmupSteps;
        var earlier = trial.intermediateValues().headMap(step);
        long previous = earlier.isEmpty() ? -1 : earlier.lastKey();
        return previous < intervalStart;
    }

    /** The best value over the trial's steps, NaNs ignored (NaN if all are), as numpy's nanmin/nanmax. */
    private static double best(TrialView trial, boolean minimize) {
        double best = Double.NaN;
        for (double v : trial.intermediateValues().values()) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(best) || (minimize ? v < best : v > best)) {
                best = v;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[percentile=" + percentile + ", nStartupTrials=" + nStartupTrials
                + ", nWarmupSteps=" + nWarmupSteps + ", intervalSteps=" + intervalSteps
                + ", nMinTrials=" + nMinTrials + "]";
    }
}
