package io.lorasweep.assets;

/**
 * The shape of the shipped base model and the knobs of its pretraining, travelling together. Pretraining runs in
 * three phases ({@link AssetBuilder}): language ({@code steps} of {@code batchSize} windows of {@code context}
 * tokens, cosine decay from {@code learningRate}), copying ({@code copyingSteps} of 8 windows of 256 tokens) and
 * extraction ({@code extractionSteps} of {@code batchSize} full windows), the last two at a constant
 * {@code learningRate}.
 *
 * @param context tokens per training window, also the model's max_position_embeddings
 */
public record PretrainingSettings(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads,
        int context, int vocabSize, int steps, int copyingSteps, int extractionSteps, int batchSize,
        double learningRate, long seed) {

    public PretrainingSettings {
        positive("hiddenSize", hiddenSize);
        positive("intermediateSize", intermediateSize);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("steps", steps);
        positive("copyingSteps", copyingSteps);
        positive("extractionSteps", extractionSteps);
        positive("batchSize", batchSize);
        if (context < 16) {
            throw new IllegalArgumentException("context must be at least 16, got " + context);
        }
        if (vocabSize < 300) {
            throw new IllegalArgumentException("vocabSize must be at least 300 (3 special + 256 byte tokens and "
                    + "merges), got " + vocabSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
    }

    /**
     * hidden 256, 4 layers, 4 heads and 2 KV heads, SwiGLU 688, context 1024 (a 5-shot NER prompt with room for its
     * answer), vocabulary 4096; batches of 2 windows of 1024 tokens (more updates for the tokens that an hour on
     * one core can see).
     */
    public static PretrainingSettings shipped(long seed, int steps, int copyingSteps, int extractionSteps) {
        return new PretrainingSettings(256, 688, 4, 4, 2, 1024, 4096, steps, copyingSteps, extractionSteps, 2, 2e-3,
                seed);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
