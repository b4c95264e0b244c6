package io.lorasweep.controller.pruner;

import io.lorasweep.controller.sampler.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Asynchronous successive halving (ASHA) as Optuna's {@code SuccessiveHalvingPruner} implements it.
 *
 * <p>Rung {@code k} ends at step {@code minResource * reductionFactor^(minEarlyStoppingRate + k)}. When a trial's
 * latest step reaches the end of its current rung (the first rung it has not completed), its value at that step is
 * recorded as the trial's value for the rung ({@link PrunerStudy#recordRung}), and it competes with the values every
 * other trial recorded for the rung, whatever their state now (pruned ones included): the trial goes on only if its
 * value is among the best {@code floor(n / reductionFactor)} of the {@code n} values (at least the best one), ties
 * kept. A trial that jumps past several rung ends in one report completes them all at once, with the same value.
 * A NaN value at a rung end prunes (and is not recorded); NaN before the first rung end does not.
 *
 * <p>{@code minResource} "auto" (empty) is fixed the first time a trial is judged after some trial is COMPLETE: the
 * largest last step of the COMPLETE trials, divided by 100 (integer division), at least 1. Until then nothing is
 * pruned and no rung is recorded.
 *
 * <p>{@code bootstrapCount} is the number of other trials that must have completed a rung before any trial is
 * promoted past it: until then a trial reaching the rung is pruned.
 */
public final class SuccessiveHalvingPruner implements Pruner {

    private OptionalInt minResource;
    private final int reductionFactor;
    private final int minEarlyStoppingRate;
    private final int bootstrapCount;
    private final String label;

    /**
     * Optuna's defaults are {@code (auto, 4, 0, 0)}.
     *
     * @param minResource the end of the first rung before scaling by the early-stopping rate; empty for "auto"
     */
    public SuccessiveHalvingPruner(OptionalInt minResource, int reductionFactor, int minEarlyStoppingRate,
                                   int bootstrapCount) {
        this(minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount, "successive halving");
    }

    SuccessiveHalvingPruner(OptionalInt minResource, int reductionFactor, int minEarlyStoppingRate,
                            int bootstrapCount, String label) {
        if (minResource.isPresent() && minResource.getAsInt() < 1) {
            throw new IllegalArgumentException(
                    "minResource must be >= 1 or auto but got " + minResource.getAsInt());
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("reductionFactor must be >= 2 but got " + reductionFactor);
        }
        if (minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException(
                    "minEarlyStoppingRate must be >= 0 but got " + minEarlyStoppingRate);
        }
        if (bootstrapCount < 0) {
            throw new IllegalArgumentException("bootstrapCount must be >= 0 but got " + bootstrapCount);
        }
        if (bootstrapCount > 0 && minResource.isEmpty()) {
            throw new IllegalArgumentException(
                    "bootstrapCount > 0 and minResource auto are mutually incompatible, bootstrapCount is "
                            + bootstrapCount);
        }
        this.minResource = minResource;
        this.reductionFactor = reductionFactor;
        this.minEarlyStoppingRate = minEarlyStoppingRate;
        this.bootstrapCount = bootstrapCount;
        this.label = label;
    }

    /** Optuna's defaults: min resource auto, reduction factor 4, early-stopping rate 0, no bootstrap. */
    public SuccessiveHalvingPruner() {
        this(OptionalInt.empty(), 4, 0, 0);
    }

    /** The min resource in force: the configured one, or the estimated one once "auto" has been resolved. */
    public synchronized OptionalInt minResource() {
        return minResource;
    }

    public int reductionFactor() {
        return reductionFactor;
    }

    public int minEarlyStoppingRate() {
        return minEarlyStoppingRate;
    }

    public int bootstrapCount() {
        return bootstrapCount;
    }

    /** The step at which rung {@code rung} ends, or {@code Long.MAX_VALUE} if that overflows. */
    public long rungEnd(int rung) {
        int resource = minResource.orElseThrow(() -> new IllegalStateException("min resource is still auto"));
        return rungEnd(resource, rung);
    }

    private long rungEnd(long resource, int rung) {
        long end = resource;
        for (int i = 0; i < minEarlyStoppingRate + rung; i++) {
            if (end > Long.MAX_VALUE / reductionFactor) {
                return Long.MAX_VALUE;
            }
            end *= reductionFactor;
        }
        return end;
    }

    @Override
    public synchronized Optional<String> decide(PrunerStudy study, TrialView trial) {
        if (trial.intermediateValues().isEmpty()) {
            return Optional.empty();
        }
        long step = trial.intermediateValues().lastKey();
        double value = trial.intermediateValues().get(step);
        int rung = currentRung(trial);
        if (minResource.isEmpty()) {
            minResource = estimateMinResource(study.trials());
            if (minResource.isEmpty()) {
                return Optional.empty();
            }
        }
        List<TrialView> trials = null;
        while (true) {
            long end = rungEnd(minResource.getAsInt(), rung);
            if (step < end) {
                return Optional.empty();
            }
            if (Double.isNaN(value)) {
                return Optional.of(label + ": trial " + trial.number() + " reported NaN at step " + step
                        + ", past the end of rung " + rung + " (step " + end + ")");
            }
            if (trials == null) {
                trials = study.trials();
            }
            study.recordRung(trial.number(), rung, value);
            List<Double> competing = competingValues(trials, trial.number(), rung);
            competing.add(value);
            if (competing.size() <= bootstrapCount) {
                return Optional.of(label + ": only " + competing.size() + " trials have completed rung " + rung
                        + ", and promotion needs more than " + bootstrapCount);
            }
            Collections.sort(competing);
            // The best floor(n / eta) go on; while n < eta, the best one alone does (Optuna cannot pause a trial to
            // wait for more competitors).
            int kept = Math.max(competing.size() / reductionFactor, 1);
            double bar = study.minimize() ? competing.get(kept - 1) : competing.get(competing.size() - kept);
            boolean promoted = study.minimize() ? value <= bar : value >= bar;
            if (!promoted) {
                return Optional.of(label + ": value " + Reasons.number(value) + " of trial " + trial.number()
                        + " at step " + step + " is not among the best " + kept + " of " + competing.size()
                        + " trials at rung " + rung + " (step " + end + "); the bar was " + Reasons.number(bar));
            }
            rung++;
        }
    }

    /** The first rung the trial has not completed. */
    static int currentRung(TrialView trial) {
        int rung = 0;
        while (trial.completedRungs().containsKey(rung)) {
            rung++;
        }
        return rung;
    }

    private static List<Double> competingValues(List<TrialView> trials, int self, int rung) {
        List<Double> values = new ArrayList<>();
        for (TrialView t : trials) {
            if (t.number() == self) {
                continue;
            }
            Double v = t.completedRungs().get(rung);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    /** Optuna's "auto" rule: the largest last step of the COMPLETE trials, over 100, at least 1. */
    static OptionalInt estimateMinResource(List<TrialView> trials) {
        long largest = -1;
        for (TrialView t : trials) {
            if (t.state() == TrialState.COMPLETE && !t.intermediateValues().isEmpty()) {
                largest = Math.max(largest, t.intermediateValues().lastKey());
            }
        }
        if (largest < 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(Math.max(largest / 100, 1), Integer.MAX_VALUE));
    }

    @Override
    public String toString() {
        return "SuccessiveHalvingPruner[minResource=" + (minResource.isPresent() ? minResource.getAsInt() : "auto")
                + ", reductionFactor=" + reductionFactor + ", minEarlyStoppingRate=" + minEarlyStoppingRate
                + ", bootstrapCount=" + bootstrapCount + "]";
    }
}
