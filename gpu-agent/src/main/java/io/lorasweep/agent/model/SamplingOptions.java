package io.lorasweep.agent.model;

import java.util.List;

/**
 * How to continue a prompt: at most {@code maxNewTokens}, greedy when {@code temperature} is 0, otherwise sampling
 * from the softmax at that temperature restricted to the smallest set of tokens whose probability reaches
 * {@code topP}; the text is cut before the first stop string.
 */
public record SamplingOptions(int maxNewTokens, double temperature, double topP, long seed,
        List<String> stopStrings) {

    public SamplingOptions {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stopStrings = List.copyOf(stopStrings);
    }

    public static SamplingOptions greedy(int maxNewTokens, List<String> stopStrings) {
        return new SamplingOptions(maxNewTokens, 0, 1, 0, stopStrings);
    }
}
