package io.lorasweep.controller.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a sampler has seen: every trial with its internal parameter values, state, objective values and last
 * intermediate value. Kept incrementally — finished trials ordered by (the first objective's) value, and for every
 * numeric dimension the finished trials ordered by that parameter — so an ask does not re-read or re-sort the whole
 * history.
 *
 * <p>Over 300 lines: the trial entries and the sorted views over them change together on every tell, so they are
 * kept in one class that no other code can leave half-updated.
 */
public final class TrialHistory {

    /** One trial as a sampler sees it; values are indexed like the search space's dimensions, NaN when absent. */
    public static final class Entry {
        final int number;
        final double[] values;
        TrialState state;
        /** One value per objective once COMPLETE, else null. */
        double[] objectives;
        double value = Double.NaN;
        long lastStep = -1;
        double lastIntermediate = Double.NaN;

        Entry(int number, double[] values) {
            this.number = number;
            this.values = values;
        }

        public int number() {
            return number;
        }

        public TrialState state() {
            return state;
        }

        /** The first objective's value (NaN unless COMPLETE). */
        public double value() {
            return value;
        }

        /** The value of every objective, null unless COMPLETE. */
        public double[] objectives() {
            return objectives;
        }

        /** The internal value of dimension {@code index}, NaN when the trial does not have it. */
        public double value(int index) {
            return values[index];
        }

        public boolean has(int index) {
            return !Double.isNaN(values[index]);
        }
    }

    private final SearchSpace space;
    /** Per objective, whether it is minimised. */
    private final boolean[] minimizeEach;
    private final boolean minimize;
    private final Map<Integer, Entry> byNumber = new HashMap<>();
    /** Every trial by ascending number: read once per ask, so a flat list rather than a walk along a tree. */
    private final List<Entry> inNumberOrder = new ArrayList<>();
    /** Complete trials, best first. */
    private final TreeSet<Entry> complete;
    private final List<Entry> pruned = new ArrayList<>();
    private final List<Entry> running = new ArrayList<>();
    /** Per dimension (null for categorical ones), the finished trials having it, by value. */
    private final SortedColumn[] sortedFinished;
    private int finished; // complete + pruned

    public TrialHistory(SearchSpace space, boolean minimize) {
        this(space, new boolean[] {minimize});
    }

    /** @param minimize per objective, whether it is minimised; pruned trials are ranked by the first */
    public TrialHistory(SearchSpace space, boolean[] minimize) {
        if (minimize.length == 0) {
            throw new IllegalArgumentException("a sampler needs at least one objective");
        }
        this.space = space;
        this.minimizeEach = minimize.clone();
        this.minimize = minimize[0];
        Comparator<Entry> byValue = Comparator.comparingDouble(e -> this.minimize ? e.value : -e.value);
        this.complete = new TreeSet<>(byValue.thenComparingInt(e -> e.number));
        List<Dimension> dims = space.dimensions();
        sortedFinished = new SortedColumn[dims.size()];
        for (int j = 0; j < dims.size(); j++) {
            if (dims.get(j) instanceof Dimension.Numeric) {
                sortedFinished[j] = new SortedColumn();
            }
        }
    }

    /** Whether the first objective is minimised. */
    public boolean minimize() {
        return minimize;
    }

    public int objectives() {
        return minimizeEach.length;
    }

    /**
     * The objective values of a complete trial as losses: every objective minimised, a maximised one negated (as
     * Optuna's multi-objective split sees them).
     */
    public double[] losses(Entry e) {
        return io.lorasweep.stats.ParetoFront.losses(e.objectives, minimizeEach);
    }

    public SearchSpace space() {
        return space;
    }

    /** A new running trial with internal values by parameter name. */
    public void start(int number, Map<String, Double> params) {
        if (byNumber.containsKey(number)) {
            throw new IllegalArgumentException("trial " + number + " is already known to the sampler");
        }
        List<Dimension> dims = space.dimensions();
        double[] values = new double[dims.size()];
        Arrays.fill(values, Double.NaN);
        for (int j = 0; j < dims.size(); j++) {
            Double v = params.get(dims.get(j).name());
            if (v != null) {
                values[j] = v;
            }
        }
        Entry e = new Entry(number, values);
        e.state = TrialState.RUNNING;
        byNumber.put(number, e);
        int at = inNumberOrder.size();
        if (at > 0 && inNumberOrder.get(at - 1).number > number) { // numbers usually arrive ascending
            int lo = 0;
            int hi = at;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (inNumberOrder.get(mid).number < number) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            at = lo;
        }
        inNumberOrder.add(at, e);
        running.add(e);
    }

    public void report(int number, long step, double value) {
        Entry e = require(number);
        if (step >= e.lastStep) {
            e.lastStep = step;
            e.lastIntermediate = value;
        }
    }

    /** @param values one per objective when COMPLETE (else ignored, and may be null) */
    public void finish(int number, TrialState state, double... values) {
        Entry e = require(number);
        if (e.state != TrialState.RUNNING) {
            throw new IllegalStateException("trial " + number + " already ended as " + e.state);
        }
        if (state == TrialState.RUNNING) {
            throw new IllegalArgumentException("a trial ends COMPLETE, PRUNED or FAILED, not RUNNING");
        }
        if (state == TrialState.COMPLETE) {
            if (values == null || values.length != minimizeEach.length) {
                throw new IllegalArgumentException("trial " + number + " is COMPLETE with "
                        + (values == null ? "no" : values.length) + " values for " + minimizeEach.length
                        + " objectives");
            }
            for (double v : values) {
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("trial " + number + " is COMPLETE but a value is NaN: "
                            + Arrays.toString(values));
                }
            }
        }
        running.remove(e);
        e.state = state;
        if (state == TrialState.COMPLETE) {
            e.objectives = values.clone();
            e.value = values[0];
            complete.add(e);
        } else if (state == TrialState.PRUNED) {
            pruned.add(e);
        }
        if (state == TrialState.COMPLETE || state == TrialState.PRUNED) {
            finished++;
            for (int j = 0; j < sortedFinished.length; j++) {
                if (sortedFinished[j] != null && e.has(j)) {
                    sortedFinished[j].insert(e.values[j], e.number);
                }
            }
        }
    }

    private Entry require(int number) {
        Entry e = byNumber.get(number);
        if (e == null) {
            throw new IllegalArgumentException("trial " + number + " is unknown to the sampler");
        }
        return e;
    }

    /** The trial, or null when the sampler has not seen it. */
    public Entry entry(int number) {
        return byNumber.get(number);
    }

    /** Complete and pruned trials: what TPE counts for its start-up phase and its split. */
    public int finishedCount() {
        return finished;
    }

    public int size() {
        return byNumber.size();
    }

    /** Every trial, by ascending number. */
    public List<Entry> all() {
        return Collections.unmodifiableList(inNumberOrder);
    }

    /** Complete trials, best first. */
    public Iterable<Entry> completeBestFirst() {
        return complete;
    }

    public int completeCount() {
        return complete.size();
    }

    /** Pruned trials, best first as Optuna ranks them (see {@link #prunedOrder}). */
    public List<Entry> prunedBestFirst() {
        List<Entry> sorted = new ArrayList<>(pruned);
        sorted.sort(prunedOrder());
        return sorted;
    }

    public List<Entry> running() {
        return Collections.unmodifiableList(running);
    }

    /** Finished trials having numeric dimension {@code index}, as trial numbers in ascending order of its value. */
    public SortedColumn sortedFinished(int index) {
        return sortedFinished[index];
    }

    /** The internal values of one trial by name. */
    public Map<String, Double> params(Entry e) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Dimension> dims = space.dimensions();
        for (int j = 0; j < dims.size(); j++) {
            if (e.has(j)) {
                out.put(dims.get(j).name(), e.values[j]);
            }
        }
        return out;
    }

    /**
     * How Optuna ranks pruned trials: a later last step first, then the better last intermediate value (NaN
     * last); a trial with no intermediate value after all others; ties by trial number.
     */
    public Comparator<Entry> prunedOrder() {
        return Comparator.<Entry>comparingLong(e -> e.lastStep < 0 ? Long.MIN_VALUE : e.lastStep).reversed()
                .thenComparingDouble(e -> e.lastStep < 0 ? 0.0 : Double.isNaN(e.lastIntermediate)
                        ? Double.POSITIVE_INFINITY : minimize ? e.lastIntermediate : -e.lastIntermediate)
                .thenComparingInt(e -> e.number);
    }

    /** Trial numbers kept in ascending order of a value, with O(n) insertion (a memory move, no re-sort). */
    public static final class SortedColumn {
        private double[] keys = new double[64];
        private int[] numbers = new int[64];
        private int size;

        void insert(double key, int number) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            int at = size;
            int lo = 0;
            int hi = size;
            while (lo < hi) { // after equal keys, so ties keep insertion order
                int mid = (lo + hi) >>> 1;
                if (keys[mid] <= key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            at = lo;
            System.arraycopy(keys, at, keys, at + 1, size - at);
            System.arraycopy(numbers, at, numbers, at + 1, size - at);
            keys[at] = key;
            numbers[at] = number;
            size++;
        }

        public int size() {
            return size;
        }

        public int number(int i) {
            return numbers[i];
        }
    }
}
