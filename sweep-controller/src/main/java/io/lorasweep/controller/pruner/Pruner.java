package io.lorasweep.controller.pruner;

import java.util.Optional;

/**
 * Decides whether a running trial should stop early, as Optuna's {@code BasePruner.prune}.
 *
 * <p>The controller calls it for a running trial each time a metrics batch carrying the objective's intermediate
 * value arrives, after adding that batch to the trial's {@link TrialView#intermediateValues()}: the trial's latest
 * step is then the one judged. A pruned trial is told to stop with a Control message and recorded as PRUNED with its
 * last value. One pruner serves one sweep; implementations may keep state between calls (caches, an estimated
 * resource) and are safe to call from several threads.
 */
public interface Pruner {

    /**
     * Judges {@code trial} at its latest step.
     *
     * @return a short reason when the trial should be pruned (for the trial's record and the dashboard), empty when
     *     it should go on
     */
    Optional<String> decide(PrunerStudy study, TrialView trial);

    /** Whether {@code trial} should be pruned now; see {@link #decide}. */
    default boolean prune(PrunerStudy study, TrialView trial) {
        return decide(study, trial).isPresent();
    }
}
