package io.lorasweep.agent.data;

/**
 * A right-padded batch ready for the model: inputs [B, T], the next-token targets [B, T], loss weights [B, T]
 * (1 where the target is a response token) and the attention mask [B, T]; all row-major.
 */
public record Batch(int rows, int length, long[] inputs, long[] targets, float[] weights, long[] mask,
        int realTokens, int targetTokens) {
}
