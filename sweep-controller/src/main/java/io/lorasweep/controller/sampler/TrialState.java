package io.lorasweep.controller.sampler;

/** What a sampler needs to know of a trial's state. */
public enum TrialState {
    RUNNING, COMPLETE, PRUNED, FAILED
}
