package io.lorasweep.controller.trial;

import java.util.Optional;

/**
 * Decides, when a running trial reports its objective at a new step, whether to stop it; the reason names the
 * rule and the numbers. The pruners of {@code io.lorasweep.controller.pruner} are adapted to this.
 */
@FunctionalInterface
public interface PruningPolicy {

    PruningPolicy NEVER = (run, trial, step) -> Optional.empty();

    Optional<String> decide(SweepRun run, Trial trial, long step);
}
