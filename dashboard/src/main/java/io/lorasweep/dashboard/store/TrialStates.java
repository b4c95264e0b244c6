package io.lorasweep.dashboard.store;

import java.util.List;

/** The states of a trial attempt as the controller writes them. */
public final class TrialStates {

    public static final List<String> ALL = List.of("assigned", "running", "complete", "pruned", "failed", "diverged",
            "lost", "cancelled");

    /** States in which the attempt still holds a device. */
    public static final List<String> ACTIVE = List.of("assigned", "running");

    private TrialStates() {
    }
}
