package io.lorasweep.agent.train;

/**
 * Told about every step and evaluation; {@link #shouldStop()} is asked after each step and lets the caller end the
 * run early (a pruner's decision, a cancelled trial).
 */
public interface TrainingListener {

    default void onStep(StepMetrics metrics) {
    }

    default void onEval(int step, double evalLoss) {
    }

    default boolean shouldStop() {
        return false;
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
