package io.lorasweep.agent.train;

/**
 * The knobs of a run, travelling together. {@code maxSteps} > 0 overrides {@code epochs}; {@code evalEvery} and
 * {@code checkpointEvery} are in optimizer steps (0 turns them off).
 */
public record TrainingConfig(double learningRate, double weightDecay, double beta1, double beta2, double adamEps,
        LrSchedule.Kind schedule, double warmupRatio, int epochs, int maxSteps, int batchSize, int gradAccumulation,
        double maxGradNorm, int maxLength, int evalEvery, int checkpointEvery, long seed) {

    public TrainingConfig {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (epochs < 1 && maxSteps < 1) {
            throw new IllegalArgumentException("epochs or maxSteps must be at least 1, got " + epochs + " and "
                    + maxSteps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (gradAccumulation < 1) {
            throw new IllegalArgumentException("gradAccumulation must be at least 1, got " + gradAccumulation);
        }
        if (!(maxGradNorm >= 0)) {
            throw new IllegalArgumentException("maxGradNorm must be >= 0 (0 = no clipping), got " + maxGradNorm);
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
        }
        if (evalEvery < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("evalEvery and checkpointEvery must be >= 0");
        }
    }

    /** Defaults in the spirit of the QLoRA paper's: AdamW (0.9, 0.999, 1e-8), constant after 3% warmup, clip 0.3. */
    public static TrainingConfig defaults(double learningRate, int maxSteps, int batchSize) {
        return new TrainingConfig(learningRate, 0.0, 0.9, 0.999, 1e-8, LrSchedule.Kind.CONSTANT, 0.03, 1, maxSteps,
                batchSize, 1, 0.3, 512, 0, 0, 42);
    }

    public TrainingConfig withSchedule(LrSchedule.Kind kind, double warmup) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, adamEps, kind, warmup, epochs, maxSteps,
                batchSize, gradAccumulation, maxGradNorm, maxLength, evalEvery, checkpointEvery, seed);
    }

    public TrainingConfig withAccumulation(int steps) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, adamEps, schedule, warmupRatio, epochs,
                maxSteps, batchSize, steps, maxGradNorm, maxLength, evalEvery, checkpointEvery, seed);
    }

    public TrainingConfig withEval(int every) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, adamEps, schedule, warmupRatio, epochs,
                maxSteps, batchSize, gradAccumulation, maxGradNorm, maxLength, every, checkpointEvery, seed);
    }

    public TrainingConfig withCheckpointEvery(int every) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, adamEps, schedule, warmupRatio, epochs,
                maxSteps, batchSize, gradAccumulation, maxGradNorm, maxLength, evalEvery, every, seed);
    }

    public TrainingConfig withWeightDecay(double wd) {
        return new TrainingConfig(learningRate, wd, beta1, beta2, adamEps, schedule, warmupRatio, epochs, maxSteps,
                batchSize, gradAccumulation, maxGradNorm, maxLength, evalEvery, checkpointEvery, seed);
    }

    public TrainingConfig withMaxSteps(int steps) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, adamEps, schedule, warmupRatio, epochs,
                steps, batchSize, gradAccumulation, maxGradNorm, maxLength, evalEvery, checkpointEvery, seed);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(lr, weightDecay, beta1, beta2, adamEps, schedule, warmupRatio, epochs, maxSteps,
                batchSize, gradAccumulation, maxGradNorm, maxLength, evalEvery, checkpointEvery, seed);
    }
}
