package io.lorasweep.controller.pruner;

import java.util.Optional;

/** Never prunes. */
public final class NopPruner implements Pruner {

    @Override
    public Optional<String> decide(PrunerStudy study, TrialView trial) {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "NopPruner";
    }
}
