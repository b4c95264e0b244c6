package io.lorasweep.controller.pruner;

import io.lorasweep.controller.sampler.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;

/** A sweep held in memory, driven by a test the way the controller drives a real one. */
final class ScriptedStudy implements PrunerStudy {

    private static final class Trial {
        TrialState state = TrialState.RUNNING;
        final SortedMap<Long, Double> values = new TreeMap<>();
        final SortedMap<Integer, Double> rungs = new TreeMap<>();
    }

    private final String name;
    private final boolean minimize;
    private final Map<Integer, Trial> trials = new TreeMap<>();

    ScriptedStudy(String name, boolean minimize) {
        this.name = name;
        this.minimize = minimize;
    }

    static ScriptedStudy minimizing() {
        return new ScriptedStudy("sweep-test", true);
    }

    static ScriptedStudy maximizing() {
        return new ScriptedStudy("sweep-test", false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean minimize() {
        return minimize;
    }

    @Override
    public List<TrialView> trials() {
        List<TrialView> out = new ArrayList<>();
        for (int n : trials.keySet()) {
            out.add(view(n));
        }
        return out;
    }

    @Override
    public void recordRung(int trialNumber, int rung, double value) {
        trials.get(trialNumber).rungs.put(rung, value);
    }

    TrialView view(int number) {
        Trial t = trials.get(number);
        return new TrialView(number, t.state, t.values, t.rungs);
    }

    SortedMap<Integer, Double> rungs(int number) {
        return new TreeMap<>(trials.get(number).rungs);
    }

    /** Starts trial {@code number} (running, no values). */
    ScriptedStudy start(int number) {
        trials.put(number, new Trial());
        return this;
    }

    ScriptedStudy report(int number, long step, double value) {
        trials.computeIfAbsent(number, n -> new Trial()).values.put(step, value);
        return this;
    }

    ScriptedStudy finish(int number, TrialState state) {
        trials.get(number).state = state;
        return this;
    }

    /** Adds a COMPLETE trial with {@code curve(step)} at steps 0..lastStep. */
    ScriptedStudy completed(int number, long lastStep, LongToDoubleFunction curve) {
        start(number);
        for (long s = 0; s <= lastStep; s++) {
            report(number, s, curve.applyAsDouble(s));
        }
        return finish(number, TrialState.COMPLETE);
    }

    /**
     * Runs trial {@code number} through {@code steps}, asking {@code pruner} after each report, as the controller
     * does; the trial ends PRUNED at the first step judged bad, otherwise COMPLETE.
     *
     * @return the step at which it was pruned, or -1
     */
    long run(Pruner pruner, int number, long[] steps, LongToDoubleFunction curve) {
        start(number);
        for (long s : steps) {
            report(number, s, curve.applyAsDouble(s));
            if (pruner.prune(this, view(number))) {
                finish(number, TrialState.PRUNED);
                return s;
            }
        }
        finish(number, TrialState.COMPLETE);
        return -1;
    }

    /** Reports one value for a running trial and asks the pruner. */
    boolean reportAndAsk(Pruner pruner, int number, long step, double value) {
        report(number, step, value);
        return pruner.prune(this, view(number));
    }

    static long[] steps(long... steps) {
        return steps;
    }

    static long[] range(long from, long toInclusive) {
        long[] out = new long[(int) (toInclusive - from + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
