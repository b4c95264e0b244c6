package io.lorasweep.controller.pruner;

import io.lorasweep.stats.Percentiles;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The intermediate values of a sweep's COMPLETE trials, gathered by step and kept sorted, so that a percentile at a
 * step costs a lookup instead of a scan of every trial. COMPLETE trials never change, so a trial is added once, when
 * it is first seen complete; the whole is rebuilt only if the sweep changes or trials seem to have left the set.
 */
final class CompletedStepValues {

    /** The values of one step: finite and infinite ones sorted lazily, NaNs only counted. */
    private static final class Step {
        double[] values = new double[8];
        int size;
        int count;
        boolean sorted = true;

        void add(double v) {
            count++;
            if (Double.isNaN(v)) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
            sorted = false;
        }
    }

    private String sweep;
    private final Set<Integer> included = new HashSet<>();
    private final Map<Long, Step> steps = new HashMap<>();

    /** Brings the index up to date with the sweep's COMPLETE trials. */
    void sync(String sweepName, List<TrialView> completed) {
        if (!sweepName.equals(sweep) || completed.size() < included.size()) {
            sweep = sweepName;
            included.clear();
            steps.clear();
        }
        if (completed.size() == included.size()) {
            return;
        }
        for (TrialView t : completed) {
            if (included.add(t.number())) {
                for (Map.Entry<Long, Double> e : t.intermediateValues().entrySet()) {
                    steps.computeIfAbsent(e.getKey(), k -> new Step()).add(e.getValue());
                }
            }
        }
    }

    /** How many COMPLETE trials have a value (NaN included) at {@code step}. */
    int count(long step) {
        Step s = steps.get(step);
        return s == null ? 0 : s.count;
    }

    /** The percentile of the non-NaN values at {@code step}, as numpy's nanpercentile; NaN if there are none. */
    double percentile(long step, double percentile) {
        Step s = steps.get(step);
        if (s == null) {
            return Double.NaN;
        }
        if (!s.sorted) {
            Arrays.sort(s.values, 0, s.size);
            s.sorted = true;
        }
        // numpy's nanpercentile of an all-NaN slice is NaN
        return s.size == 0 ? Double.NaN : Percentiles.linearSorted(s.values, s.size, percentile);
    }
}
