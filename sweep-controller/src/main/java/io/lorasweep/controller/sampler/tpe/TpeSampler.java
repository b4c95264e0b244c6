package io.lorasweep.controller.sampler.tpe;

import io.lorasweep.controller.sampler.Dimension;
import io.lorasweep.controller.sampler.RandomDraw;
import io.lorasweep.controller.sampler.Sampler;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.controller.sampler.TrialHistory;
import io.lorasweep.controller.sampler.TrialState;
import io.lorasweep.stats.TruncatedNormal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The Tree-structured Parzen Estimator as Optuna 5 runs it: random start-up trials, then for each
 * proposal the finished trials split into the best gamma(n) (l) and the rest (g), a Parzen estimator fitted to
 * each, candidates drawn from l and the one with the highest log l(x) − log g(x) taken. Independent (one
 * parameter at a time), multivariate (jointly over the parameters every finished trial has) or grouped; with the
 * constant liar, running trials count among the bad ones so parallel workers are not handed the same point. With
 * several objectives the good trials are chosen as Optuna's multi-objective TPE chooses them
 * ({@link MultiObjectiveSplit}); a warm start puts an earlier sweep's trials first in the history.
 *
 * <p>The policy lives here; the model is {@link ParzenEstimator}, the math {@link TruncatedNormal}.
 *
 * <p>Over 300 lines: the three modes, the constant liar, several objectives and the warm start share the split and
 * the candidate scoring.
 */
public final class TpeSampler implements Sampler {

    private final SearchSpace space;
    private final TpeSettings settings;
    private final TrialHistory history;
    private final RandomGenerator rng;
    /** Names every finished trial has: the joint space of multivariate TPE (Optuna's IntersectionSearchSpace). */
    private Set<String> intersection;
    /** Optuna's group decomposition of the finished trials' parameter sets. */
    private final List<Set<String>> groups = new ArrayList<>();
    /**
     * Trials of earlier sweeps (a warm start) hold the history's first numbers, so this sweep's trial n is the
     * history's n + earlier; {@link #split} ranks them apart and fades them as this sweep's own trials arrive.
     */
    private int earlier;
    private boolean started;

    public TpeSampler(SearchSpace space, boolean minimize, TpeSettings settings) {
        this(space, new boolean[] {minimize}, settings);
    }

    /** @param minimize per objective, whether it is minimised: more than one makes this multi-objective TPE */
    public TpeSampler(SearchSpace space, boolean[] minimize, TpeSettings settings) {
        this.space = space;
        this.settings = settings;
        this.history = new TrialHistory(space, minimize);
        this.rng = new MersenneTwister(settings.seed());
    }

    public TpeSettings settings() {
        return settings;
    }

    public TrialHistory history() {
        return history;
    }

    @Override
    public Map<String, Object> ask(int number) {
        started = true;
        Map<String, Object> external = new LinkedHashMap<>();
        Map<String, Double> internal = new LinkedHashMap<>();
        boolean startup = history.finishedCount() < settings.nStartupTrials();
        Split split = startup ? null : split();
        Map<String, Double> relative = startup || !settings.multivariate() ? Map.of() : sampleRelative(split);
        for (Dimension d : space.dimensions()) {
            if (!space.active(d, external)) {
                continue;
            }
            double value;
            if (relative.containsKey(d.name())) {
                value = relative.get(d.name());
            } else if (startup || d.single()) {
                value = d.single() && d instanceof Dimension.Numeric n ? n.low() : RandomDraw.draw(d, rng);
            } else {
                value = sample(List.of(d), split).get(d.name());
            }
            internal.put(d.name(), value);
            external.put(d.name(), d.toExternal(value));
        }
        history.start(number + earlier, internal);
        return space.withConstants(external);
    }

    private Map<String, Double> sampleRelative(Split split) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (settings.group()) {
            for (Set<String> group : groups) {
                List<Dimension> dims = dimensionsOf(group);
                if (!dims.isEmpty()) {
                    out.putAll(sample(dims, split));
                }
            }
        } else if (intersection != null) {
            List<Dimension> dims = dimensionsOf(intersection);
            if (!dims.isEmpty()) {
                out.putAll(sample(dims, split));
            }
        }
        return out;
    }

    /** The non-single dimensions among {@code names}, in the search space's order (a stable key order). */
    private List<Dimension> dimensionsOf(Set<String> names) {
        List<Dimension> dims = new ArrayList<>();
        for (Dimension d : space.dimensions()) {
            if (names.contains(d.name()) && !d.single()) {
                dims.add(d);
            }
        }
        return dims;
    }

    /**
     * The trials that model l(x) and g(x), each oldest first, with their values by search-space dimension and
     * position (NaN where a trial lacks the parameter): read from the trials once per ask, however many estimators
     * the ask builds (independent TPE builds two per parameter).
     */
    private record Split(List<TrialHistory.Entry> below, double[][] belowValues, double[] belowWeights,
                         List<TrialHistory.Entry> above, double[][] aboveValues, double[] aboveWeights) {
    }

    private double[][] valuesOf(List<TrialHistory.Entry> trials) {
        int d = space.dimensions().size();
        double[][] values = new double[d][trials.size()];
        for (int i = 0; i < trials.size(); i++) {
            TrialHistory.Entry e = trials.get(i);
            for (int j = 0; j < d; j++) {
                values[j][i] = e.value(j);
            }
        }
        return values;
    }

    /**
     * Optuna's split: the best gamma(n) of the n finished trials form l(x) — complete trials by value (with several
     * objectives, by non-domination rank, the last rank that does not fit chosen by hypervolume), then, if fewer
     * than gamma(n) completed, pruned ones by their last step and value — and the rest g(x), joined by the running
     * trials under the constant liar.
     */
    private Split split() {
        boolean multi = history.objectives() > 1;
        Set<TrialHistory.Entry> below = new LinkedHashSet<>();
        if (earlier == 0) {
            int n = history.finishedCount();
            int nBelow = multi ? TpeSettings.gammaMultiObjective(n) : TpeSettings.gamma(n);
            if (multi) {
                below.addAll(MultiObjectiveSplit.best(history, nBelow));
            } else {
                // the history keeps complete trials ordered: no sort per ask
                for (TrialHistory.Entry e : history.completeBestFirst()) {
                    if (below.size() == nBelow) {
                        break;
                    }
                    below.add(e);
                }
            }
            if (below.size() < nBelow) {
                for (TrialHistory.Entry e : history.prunedBestFirst()) {
                    if (below.size() == nBelow) {
                        break;
                    }
                    below.add(e);
                }
            }
        } else {
            // values of another sweep (another task, data or model) rank among themselves, not against this one's
            List<TrialHistory.Entry> before = history.all().subList(0, earlier);
            List<TrialHistory.Entry> own = history.all().subList(earlier, history.size());
            int n = history.finishedCount() - earlier;
            below.addAll(best(before, multi ? TpeSettings.gammaMultiObjective(earlier) : TpeSettings.gamma(earlier),
                    multi));
            below.addAll(best(own, multi ? TpeSettings.gammaMultiObjective(n) : TpeSettings.gamma(n), multi));
        }
        // walking the history in trial order gives both sets oldest first without sorting
        List<TrialHistory.Entry> belowByNumber = new ArrayList<>(below.size());
        List<TrialHistory.Entry> above = new ArrayList<>(history.size());
        for (TrialHistory.Entry e : history.all()) {
            if (below.contains(e)) {
                belowByNumber.add(e);
            } else if (e.state() == TrialState.COMPLETE || e.state() == TrialState.PRUNED
                    || (settings.constantLiar() && e.state() == TrialState.RUNNING)) {
                above.add(e);
            }
        }
        double[] belowWeights = multi ? MultiObjectiveSplit.weights(history, belowByNumber) : null;
        double[] aboveWeights = null;
        if (earlier > 0) {
            belowWeights = fadeEarlier(belowByNumber, belowWeights);
            aboveWeights = fadeEarlier(above, null);
        }
        return new Split(belowByNumber, valuesOf(belowByNumber), belowWeights, above, valuesOf(above),
                aboveWeights);
    }

    /**
     * The best {@code n} of the finished trials among {@code trials} (in history order): complete ones by value
     * (with several objectives, by non-domination rank, the last rank that does not fit chosen by hypervolume),
     * then, if fewer than n completed, pruned ones by their last step and value.
     */
    private List<TrialHistory.Entry> best(List<TrialHistory.Entry> trials, int n, boolean multi) {
        List<TrialHistory.Entry> complete = new ArrayList<>();
        List<TrialHistory.Entry> pruned = new ArrayList<>();
        for (TrialHistory.Entry e : trials) {
            if (e.state() == TrialState.COMPLETE) {
                complete.add(e);
            } else if (e.state() == TrialState.PRUNED) {
                pruned.add(e);
            }
        }
        List<TrialHistory.Entry> out = new ArrayList<>();
        if (multi) {
            out.addAll(MultiObjectiveSplit.best(history, complete, n));
        } else {
            boolean minimize = history.minimize();
            complete.sort(Comparator.<TrialHistory.Entry>comparingDouble(e -> minimize ? e.value() : -e.value())
                    .thenComparingInt(TrialHistory.Entry::number));
            out.addAll(complete.subList(0, Math.min(n, complete.size())));
        }
        if (out.size() < n) {
            pruned.sort(history.prunedOrder());
            out.addAll(pruned.subList(0, Math.min(n - out.size(), pruned.size())));
        }
        return out;
    }

    /**
     * Kernel weights of {@code trials} (history order) with the earlier sweeps' ones faded: each weighs
     * {@code 1 / (1 + n / 10)} of what it would, n being this sweep's finished trials (a half after 10, a sixth
     * after 50), so this sweep's own evidence takes over as it arrives.
     */
    private double[] fadeEarlier(List<TrialHistory.Entry> trials, double[] weights) {
        double[] out = weights != null ? weights.clone() : TpeSettings.weights(trials.size());
        double fade = 1.0 / (1.0 + (history.finishedCount() - earlier) / 10.0);
        for (int i = 0; i < trials.size(); i++) {
            if (trials.get(i).number() < earlier) {
                out[i] *= fade;
            }
        }
        return out;
    }

    /** One TPE proposal over {@code dims} jointly (a single dimension in independent mode). */
    private Map<String, Double> sample(List<Dimension> dims, Split split) {
        List<TrialHistory.Entry> below = split.below();
        List<TrialHistory.Entry> above = split.above();
        ParzenEstimator good = estimator(dims, below, split.belowValues(), split.belowWeights());
        ParzenEstimator bad = estimator(dims, above, split.aboveValues(), split.aboveWeights());
        double[][] candidates = good.sample(rng, settings.nEiCandidates());
        double[] logL = good.logPdf(candidates);
        double[] logG = bad.logPdf(candidates);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < candidates.length; i++) {
            double score = logL[i] - logG[i];
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < dims.size(); j++) {
            out.put(dims.get(j).name(), candidates[best][j]);
        }
        return out;
    }

    /**
     * The estimator over {@code trials} (oldest first, with their {@code values} as in {@link Split}) that have
     * every dimension in {@code dims}, weighted by {@code weights} (one per trial) or, when null, by Optuna's
     * default weights. Numeric dimensions of a large set take their ascending order from the history's sorted
     * columns instead of a sort.
     */
    private ParzenEstimator estimator(List<Dimension> dims, List<TrialHistory.Entry> trials, double[][] values,
                                      double[] weights) {
        int[] index = new int[dims.size()];
        for (int j = 0; j < index.length; j++) {
            index[j] = space.dimensions().indexOf(dims.get(j));
        }
        int size = trials.size();
        int[] keptAt = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            boolean hasAll = true;
            for (int j : index) {
                hasAll &= !Double.isNaN(values[j][i]);
            }
            keptAt[n] = i;
            n += hasAll ? 1 : 0;
        }
        double[][] columns = new double[dims.size()][];
        for (int j = 0; j < index.length; j++) {
            double[] all = values[index[j]];
            if (n == size) {
                columns[j] = all; // the estimator only reads its columns
            } else {
                columns[j] = new double[n];
                for (int r = 0; r < n; r++) {
                    columns[j][r] = all[keptAt[r]];
                }
            }
        }
        int[][] orders = null;
        if (n > 64) {
            List<TrialHistory.Entry> kept = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                kept.add(trials.get(keptAt[r]));
            }
            orders = new int[dims.size()][];
            for (int j = 0; j < index.length; j++) {
                if (dims.get(j) instanceof Dimension.Numeric) {
                    orders[j] = ascendingOrder(kept, index[j], columns[j]);
                }
            }
        }
        double[] kernelWeights = TpeSettings.weights(n);
        if (weights != null) {
            for (int r = 0; r < n; r++) {
                kernelWeights[r] = weights[keptAt[r]];
            }
        }
        return new ParzenEstimator(dims, columns, orders, kernelWeights, settings);
    }

    /**
     * Positions in {@code kept} in ascending order of dimension {@code dim}: the finished ones as the history keeps
     * them sorted, with the few others (running trials under the constant liar) merged in.
     */
    private int[] ascendingOrder(List<TrialHistory.Entry> kept, int dim, double[] values) {
        int maxNumber = 0;
        for (TrialHistory.Entry e : kept) {
            maxNumber = Math.max(maxNumber, e.number());
        }
        int[] position = new int[maxNumber + 1];
        java.util.Arrays.fill(position, -1);
        List<Integer> unsorted = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            TrialHistory.Entry e = kept.get(i);
            position[e.number()] = i;
            if (e.state() == TrialState.RUNNING) {
                unsorted.add(i);
            }
        }
        unsorted.sort(Comparator.comparingDouble(i -> values[i]));
        TrialHistory.SortedColumn column = history.sortedFinished(dim);
        int[] order = new int[kept.size()];
        int filled = 0;
        int u = 0;
        for (int r = 0; r < column.size(); r++) {
            int number = column.number(r);
            int p = number < position.length ? position[number] : -1;
            if (p < 0) {
                continue; // in the other set
            }
            while (u < unsorted.size() && values[unsorted.get(u)] < values[p]) {
                order[filled++] = unsorted.get(u++);
            }
            order[filled++] = p;
        }
        while (u < unsorted.size()) {
            order[filled++] = unsorted.get(u++);
        }
        return order;
    }

    @Override
    public void report(int number, long step, double value) {
        history.report(number + earlier, step, value);
    }

    @Override
    public void tell(int number, TrialState state, double... values) {
        started = true;
        finish(number + earlier, state, values);
    }

    private void finish(int historyNumber, TrialState state, double... values) {
        history.finish(historyNumber, state, values);
        if (state == TrialState.COMPLETE || state == TrialState.PRUNED) {
            observeFinished(history.params(history.entry(historyNumber)).keySet());
        }
    }

    /** This sweep's trial {@code number} as the sampler sees it, or null when it never saw it. */
    public TrialHistory.Entry trial(int number) {
        return history.entry(number + earlier);
    }

    @Override
    public void warmStart(Map<String, Object> params, double... values) {
        if (started) {
            throw new IllegalStateException("trials of earlier sweeps come before this sweep's first trial");
        }
        history.start(earlier, internal(params));
        finish(earlier, TrialState.COMPLETE, values);
        earlier++;
    }

    private void observeFinished(Set<String> names) {
        if (intersection == null) {
            intersection = new LinkedHashSet<>(names);
        } else {
            intersection.retainAll(names);
        }
        List<Set<String>> next = new ArrayList<>();
        Set<String> rest = new LinkedHashSet<>(names);
        for (Set<String> group : groups) {
            Set<String> inside = new LinkedHashSet<>(group);
            inside.retainAll(rest);
            Set<String> outside = new LinkedHashSet<>(group);
            outside.removeAll(rest);
            next.add(inside);
            next.add(outside);
            rest.removeAll(group);
        }
        next.add(rest);
        groups.clear();
        for (Set<String> g : next) {
            if (!g.isEmpty()) {
                groups.add(g);
            }
        }
    }

    @Override
    public void add(int number, Map<String, Object> params, TrialState state, double... values) {
        started = true;
        history.start(number + earlier, internal(params));
        if (state != TrialState.RUNNING) {
            tell(number, state, values);
        }
    }

    private Map<String, Double> internal(Map<String, Object> params) {
        Map<String, Double> internal = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : params.entrySet()) {
            Dimension d = space.dimension(p.getKey());
            if (d != null) {
                internal.put(d.name(), d.toInternal(p.getValue()));
            }
        }
        return internal;
    }
}
