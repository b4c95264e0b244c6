package io.lorasweep.eval.tasks;

import io.lorasweep.stats.Bootstrap;

/**
 * The knobs of one task run, travelling together.
 *
 * @param shots     in-context examples; 0 for zero-shot
 * @param seed      seed of the few-shot draw (for tasks that draw shots from a training split)
 * @param batchSize how many requests to hand the model at once
 * @param bootstrap how the intervals are computed
 */
public record RunSettings(int shots, long seed, int batchSize, Bootstrap bootstrap) {

    public static final long DEFAULT_SEED = 1234;
    public static final int DEFAULT_BATCH_SIZE = 16;

    public RunSettings {
        if (shots < 0) {
            throw new IllegalArgumentException("shots must be >= 0, got " + shots);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (bootstrap == null) {
            throw new IllegalArgumentException("bootstrap must not be null");
        }
    }

    /** The given shots with default seed, batch size and bootstrap (1000 resamples, 95%). */
    public static RunSettings withShots(int shots) {
        return new RunSettings(shots, DEFAULT_SEED, DEFAULT_BATCH_SIZE, Bootstrap.defaults());
    }
}
