package io.lorasweep.controller.pruner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.zip.CRC32;

/**
 * Hyperband as Optuna's {@code HyperbandPruner} implements it: several {@link SuccessiveHalvingPruner}s
 * ("brackets") that differ in how early they may stop a trial, each trial belonging to one of them.
 *
 * <p>There are {@code floor(log(maxResource / minResource) / log(reductionFactor)) + 1} brackets, computed in
 * floating point as Optuna does (so 1, 243 and 3 give 5 brackets, not 6). Bracket {@code b} is successive halving
 * with this min resource and reduction factor and early-stopping rate {@code b}: bracket 0 judges first at
 * {@code minResource}, the last bracket hardly prunes. Bracket {@code b} gets a share of the trials proportional to
 * its budget {@code ceil(n * reductionFactor^s / (s + 1))} with {@code s = n - 1 - b}; a trial's bracket is chosen
 * by the CRC-32 of {@code "<sweep id>_<trial number>"} (UTF-8) modulo the total budget, walking the brackets in
 * order — the very hash Optuna applies to {@code "<study name>_<trial number>"}, so a sweep whose id equals an
 * Optuna study's name puts each trial in the same bracket. Each bracket's pruner sees only the trials of its
 * bracket.
 *
 * <p>With {@code maxResource} "auto" (empty), the brackets are laid out the first time a trial is judged after some
 * trial is COMPLETE: the largest last step of the COMPLETE trials, plus one. Until then nothing is pruned.
 * A layout with no bracket (max resource below min resource) never prunes.
 */
public final class HyperbandPruner implements Pruner {

    private final int minResource;
    private OptionalInt maxResource;
    private final int reductionFactor;
    private final int bootstrapCount;
    private List<SuccessiveHalvingPruner> brackets = List.of();
    private long[] budgets = new long[0];
    private long totalBudget;

    /**
     * Optuna's defaults are {@code (1, auto, 3, 0)}.
     *
     * @param maxResource the largest step a trial reaches, plus one in effect; empty for "auto"
     */
    public HyperbandPruner(int minResource, OptionalInt maxResource, int reductionFactor, int bootstrapCount) {
        if (minResource < 1) {
            throw new IllegalArgumentException("minResource must be >= 1 but got " + minResource);
        }
        if (maxResource.isPresent() && maxResource.getAsInt() < minResource) {
            throw new IllegalArgumentException("maxResource must be >= minResource (" + minResource + ") but got "
                    + maxResource.getAsInt());
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("reductionFactor must be >= 2 but got " + reductionFactor);
        }
        if (bootstrapCount < 0) {
            throw new IllegalArgumentException("bootstrapCount must be >= 0 but got " + bootstrapCount);
        }
        if (bootstrapCount > 0 && maxResource.isEmpty()) {
            throw new IllegalArgumentException(
                    "bootstrapCount > 0 and maxResource auto are mutually incompatible, bootstrapCount is "
                            + bootstrapCount);
        }
        this.minResource = minResource;
        this.maxResource = maxResource;
        this.reductionFactor = reductionFactor;
        this.bootstrapCount = bootstrapCount;
    }

    /** Optuna's defaults: min resource 1, max resource auto, reduction factor 3, no bootstrap. */
    public HyperbandPruner() {
        this(1, OptionalInt.empty(), 3, 0);
    }

    public int minResource() {
        return minResource;
    }

    /** The max resource in force: the configured one, or the estimated one once "auto" has been resolved. */
    public synchronized OptionalInt maxResource() {
        return maxResource;
    }

    public int reductionFactor() {
        return reductionFactor;
    }

    /** The number of brackets; 0 until they are laid out. */
    public synchronized int bracketCount() {
        return brackets.size();
    }

    /** Each bracket's share of the trials, in bracket order; empty until the brackets are laid out. */
    public synchronized List<Long> budgets() {
        List<Long> out = new ArrayList<>();
        for (long b : budgets) {
            out.add(b);
        }
        return Collections.unmodifiableList(out);
    }

    /** Bracket {@code b}'s pruner, for inspection; the brackets must have been laid out. */
    public synchronized SuccessiveHalvingPruner bracket(int b) {
        return brackets.get(b);
    }

    /**
     * The bracket of trial {@code trialNumber} of sweep {@code sweepName}; 0 until the brackets are laid out (as in
     * Optuna). A sampler that wants Optuna's behaviour under Hyperband (its TPE learns only from the trials of the
     * bracket of the trial it samples for) filters its history with this.
     */
    public synchronized int bracketOf(String sweepName, int trialNumber) {
        if (brackets.isEmpty()) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update((sweepName + "_" + trialNumber).getBytes(StandardCharsets.UTF_8));
        long n = crc.getValue() % totalBudget;
        for (int b = 0; b < budgets.length; b++) {
            n -= budgets[b];
            if (n < 0) {
                return b;
            }
        }
        throw new IllegalStateException("budgets do not cover the hash");
    }

    /** Optuna's bracket count for these resources, in its floating-point arithmetic. */
    static int bracketCount(int minResource, int maxResource, int reductionFactor) {
        double ratio = (double) maxResource / minResource;
        return (int) Math.floor(Math.log(ratio) / Math.log(reductionFactor)) + 1;
    }

    /** Optuna's share of trials for bracket {@code b} of {@code n}. */
    static long budget(int n, int b, int reductionFactor) {
        int s = n - 1 - b;
        long power = 1;
        for (int i = 0; i < s; i++) {
            power = Math.multiplyExact(power, reductionFactor);
        }
        return (long) Math.ceil((double) Math.multiplyExact(n, power) / (s + 1));
    }

    @Override
    public synchronized Optional<String> decide(PrunerStudy study, TrialView trial) {
        if (brackets.isEmpty()) {
            layOut(study);
            if (brackets.isEmpty()) {
                return Optional.empty();
            }
        }
        int b = bracketOf(study.name(), trial.number());
        return brackets.get(b).decide(new BracketStudy(study, this, b), trial);
    }

    private void layOut(PrunerStudy study) {
        if (maxResource.isEmpty()) {
            long largest = -1;
            for (TrialView t : study.completedTrials()) {
                if (!t.intermediateValues().isEmpty()) {
                    largest = Math.max(largest, t.intermediateValues().lastKey());
                }
            }
            if (largest < 0) {
                return;
            }
            maxResource = OptionalInt.of((int) Math.min(largest + 1, Integer.MAX_VALUE));
        }
        int n = bracketCount(minResource, maxResource.getAsInt(), reductionFactor);
        if (n <= 0) {
            return;
        }
        List<SuccessiveHalvingPruner> laid = new ArrayList<>();
        long[] shares = new long[n];
        long total = 0;
        for (int b = 0; b < n; b++) {
            shares[b] = budget(n, b, reductionFactor);
            total += shares[b];
            laid.add(new SuccessiveHalvingPruner(OptionalInt.of(minResource), reductionFactor, b, bootstrapCount,
                    "hyperband bracket " + b + " of " + n + " (successive halving)"));
        }
        brackets = List.copyOf(laid);
        budgets = shares;
        totalBudget = total;
    }

    @Override
    public String toString() {
        return "HyperbandPruner[minResource=" + minResource + ", maxResource="
                + (maxResource.isPresent() ? maxResource.getAsInt() : "auto") + ", reductionFactor="
                + reductionFactor + ", bootstrapCount=" + bootstrapCount + "]";
    }
}
