package io.lorasweep.dashboard.curves;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a trial's loss curves for the patterns a researcher looks for, and says what it sees:
 *
 * <ul>
 *   <li><b>diverged</b>: a loss became NaN or infinite, or the training loss ended above twice its minimum and above
 *       where it started;</li>
 *   <li><b>overfitting</b>: the eval loss rose more than 5% above its minimum after it, while the training loss kept
 *       falling;</li>
 *   <li><b>flat_loss</b>: the training loss moved less than 2% from its first tenth to its last tenth (with at least
 *       ten points): the learning rate is likely too low.</li>
 * </ul>
 *
 * Thresholds are deliberately coarse: a finding should be visible to the eye on the plotted curve.
 */
public final class Diagnosis {

    static final double DIVERGENCE_FACTOR = 2.0;
    static final double OVERFIT_RISE = 0.05;
    static final double TRAIN_STILL_FALLING = 0.02;
    static final double FLAT_CHANGE = 0.02;
    static final int FLAT_MIN_POINTS = 10;

    private Diagnosis() {
    }

    /**
     * @param learningRate the trial's learning rate when known (named in the flat-loss finding), else null
     */
    public static List<Finding> of(String state, Series train, Series eval, Double learningRate) {
        List<Finding> out = new ArrayList<>();
        Finding diverged = divergence(state, train, eval);
        if (diverged != null) {
            out.add(diverged);
            return out; // after a blow-up the other patterns mean nothing
        }
        Finding overfit = overfitting(train, eval);
        if (overfit != null) {
            out.add(overfit);
        }
        Finding flat = flat(train, learningRate);
        if (flat != null) {
            out.add(flat);
        }
        return out;
    }

    private static Finding divergence(String state, Series train, Series eval) {
        for (Series s : new Series[] {train, eval}) {
            if (s != null && s.firstNonFinite() != null) {
                return new Finding("diverged", "diverged: " + s.name().replace('_', ' ') + " became NaN or infinite at "
                        + "step " + s.firstNonFinite() + "; lower the learning rate or clip gradients");
            }
        }
        if (train != null && train.size() >= 3) {
            int min = argMin(train);
            double first = train.values().get(0);
            double last = train.values().get(train.size() - 1);
            double lowest = train.values().get(min);
            if (lowest > 0 && last > DIVERGENCE_FACTOR * lowest && last > first) {
                return new Finding("diverged", "diverged: train loss climbed from " + num(lowest) + " at step "
                        + train.steps().get(min) + " to " + num(last) + " at step " + train.steps().get(train.size() - 1)
                        + "; lower the learning rate or clip gradients");
            }
        }
        if ("diverged".equals(state)) {
            return new Finding("diverged", "diverged: the agent stopped the run because the loss was no longer finite");
        }
        return null;
    }

    private static Finding overfitting(Series train, Series eval) {
        if (eval == null || eval.size() < 3 || train == null || train.size() < 3) {
            return null;
        }
        int min = argMin(eval);
        double best = eval.values().get(min);
        double last = eval.values().get(eval.size() - 1);
        if (min == eval.size() - 1 || !(best > 0) || last < best * (1 + OVERFIT_RISE)) {
            return null;
        }
        long bestStep = eval.steps().get(min);
        Double trainThen = valueAt(train, bestStep);
        double trainLast = train.values().get(train.size() - 1);
        if (trainThen == null || trainLast > trainThen * (1 - TRAIN_STILL_FALLING)) {
            return null;
        }
        return new Finding("overfitting", "overfitting: eval loss rose from " + num(best) + " at step " + bestStep
                + " to " + num(last) + " at step " + eval.steps().get(eval.size() - 1) + " while train loss kept "
                + "falling (" + num(trainThen) + " → " + num(trainLast) + "); the checkpoint at step " + bestStep
                + ", fewer epochs or more dropout would do better");
    }

    private static Finding flat(Series train, Double learningRate) {
        if (train == null || train.size() < FLAT_MIN_POINTS) {
            return null;
        }
        int tenth = Math.max(1, train.size() / 10);
        double start = mean(train, 0, tenth);
        double end = mean(train, train.size() - tenth, train.size());
        if (!(start > 0)) {
            return null;
        }
        double change = (start - end) / start;
        if (Math.abs(change) >= FLAT_CHANGE) {
            return null;
        }
        return new Finding("flat_loss", "loss flat: train loss moved only " + String.format(Locale.ROOT, "%.1f%%",
                Math.abs(change) * 100) + " (" + num(start) + " → " + num(end) + ") over " + train.steps().get(
                train.size() - 1) + " steps; the learning rate" + (learningRate == null ? ""
                : " (" + learningRate + ")") + " is likely too low");
    }

    private static int argMin(Series s) {
        int best = 0;
        for (int i = 1; i < s.size(); i++) {
            if (s.values().get(i) < s.values().get(best)) {
                best = i;
            }
        }
        return best;
    }

    /** The value at the last point at or before {@code step}. */
    private static Double valueAt(Series s, long step) {
        Double v = null;
        for (int i = 0; i < s.size() && s.steps().get(i) <= step; i++) {
            v = s.values().get(i);
        }
        return v == null && s.size() > 0 ? s.values().get(0) : v;
    }

    private static double mean(Series s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += s.values().get(i);
        }
        return sum / (to - from);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }
}
