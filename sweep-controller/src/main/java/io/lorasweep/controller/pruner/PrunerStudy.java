package io.lorasweep.controller.pruner;

import io.lorasweep.controller.sampler.TrialState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pruner sees of a sweep. Reads are snapshots; the only write is {@link #recordRung}, which successive
 * halving uses to remember the value with which a trial completed a rung (Optuna keeps it in the trial's system
 * attributes). The controller keeps it with the trial's attempt, in memory only: it is not written to ClickHouse.
 *
 * <p>Cost: the median pruner reads {@link #completedTrials()} on each call (and indexes new ones only), successive
 * halving reads {@link #trials()} only when a trial reaches the end of a rung. A {@link TrialView} copies its maps,
 * so an implementation should build the view of a COMPLETE trial once and keep it.
 */
public interface PrunerStudy {

    /**
     * The sweep's id. Hyperband hashes it with a trial's number to choose the trial's bracket, as Optuna hashes the
     * study name.
     */
    String name();

    /** Whether the objective is minimised (otherwise maximised). */
    boolean minimize();

    /** Every trial of the sweep, in any state, the judged one included. */
    List<TrialView> trials();

    /**
     * The trials in state COMPLETE. A COMPLETE trial never changes again, which lets pruners cache what they derive
     * from these; an implementation that keeps this list incrementally spares the pruners a scan per call.
     */
    default List<TrialView> completedTrials() {
        List<TrialView> completed = new ArrayList<>();
        for (TrialView t : trials()) {
            if (t.state() == TrialState.COMPLETE) {
                completed.add(t);
            }
        }
        return completed;
    }

    /**
     * Records that trial {@code trialNumber} completed successive-halving rung {@code rung} with {@code value}; later
     * views of the trial show it in {@link TrialView#completedRungs()}.
     */
    void recordRung(int trialNumber, int rung, double value);
}
