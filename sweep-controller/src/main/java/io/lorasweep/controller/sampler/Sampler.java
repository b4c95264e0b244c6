package io.lorasweep.controller.sampler;

import java.util.Map;

/**
 * Proposes the parameters of trials and learns from their outcomes. The controller calls {@link #ask} when a trial
 * is created (the trial is then running), {@link #report} for each intermediate objective value an agent streams
 * (of the first objective; pruned trials are ranked by their last one), and {@link #tell} when the trial ends. A sampler keeps its own
 * history, updated incrementally; after a restart the controller replays the trials it stored.
 */
public interface Sampler {

    /**
     * Parameters for trial {@code number} (numbers increase), including the search space's constants.
     *
     * @throws SearchSpaceExhausted when a finite sampler has proposed every point
     */
    Map<String, Object> ask(int number);

    /** An intermediate objective value of a running trial, at {@code step}. */
    void report(int number, long step, double value);

    /**
     * The end of a trial: COMPLETE with its value (one per objective, in the order of the goals), PRUNED (values
     * ignored; its last report counts) or FAILED.
     */
    void tell(int number, TrialState state, double... values);

    /**
     * A trial that did not come from {@link #ask} (replayed after a restart, or run elsewhere) with its parameters
     * and, unless it is still running, its outcome.
     */
    void add(int number, Map<String, Object> params, TrialState state, double... values);

    /**
     * A complete trial of an earlier sweep, to learn from before this sweep's own (a warm start): it counts as older
     * than every trial of this sweep. Only before the first {@link #ask}, {@link #add} or {@link #tell}; samplers
     * that do not learn ignore it.
     *
     * @throws IllegalStateException after this sweep's first trial
     */
    void warmStart(Map<String, Object> params, double... values);
}
