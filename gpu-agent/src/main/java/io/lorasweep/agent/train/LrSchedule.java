package io.lorasweep.agent.train;

/**
 * Learning rate per optimizer step: linear warmup over the first {@code warmupRatio} of the steps, then constant,
 * linear decay to zero or cosine decay to zero (as transformers' schedulers).
 */
public record LrSchedule(Kind kind, double peak, double warmupRatio, int totalSteps) {

    public enum Kind { CONSTANT, LINEAR, COSINE }

    public LrSchedule {
        if (!(peak > 0)) {
            throw new IllegalArgumentException("peak learning rate must be positive, got " + peak);
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1)) {
            throw new IllegalArgumentException("warmupRatio must be in [0, 1), got " + warmupRatio);
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, got " + totalSteps);
        }
    }

    public int warmupSteps() {
        return (int) Math.ceil(warmupRatio * totalSteps);
    }

    /** The rate for step {@code step} (0-based: the first update uses step 0). */
    public double at(int step) {
        int warmup = warmupSteps();
        if (step < warmup) {
            return peak * (step + 1) / (double) warmup;
        }
        double progress = (step - warmup) / (double) Math.max(1, totalSteps - warmup);
        switch (kind) {
            case CONSTANT:
                return peak;
            case LINEAR:
                return peak * Math.max(0, 1 - progress);
            case COSINE:
                return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
            default:
                throw new AssertionError(kind);
        }
    }
}
