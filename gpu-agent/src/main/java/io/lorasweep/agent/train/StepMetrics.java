package io.lorasweep.agent.train;

/**
 * What one optimizer step reports: mean loss per target token, learning rate, gradient norm before clipping,
 * throughput in (non-padding) tokens per second and the process's peak resident memory so far.
 */
public record StepMetrics(int step, int totalSteps, double loss, double learningRate, double gradNorm,
        double tokensPerSecond, long peakMemoryBytes) {
}
