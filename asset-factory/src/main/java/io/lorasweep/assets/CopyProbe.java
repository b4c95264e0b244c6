package io.lorasweep.assets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.model.LlamaModel;
import java.util.Random;
import java.util.function.Function;

/**
 * Whether a model copies from its context: the mean loss per token of a line of coined words (pronounceable, in no
 * lexicon) and of the same line repeated right after it (Olsson et al.'s in-context-learning score, as a loss
 * ratio). A model without induction heads pays about the same twice; one that copies pays a small fraction the
 * second time. Few-shot extraction rests on this, so the build reports it. Coined words, not random token ids: ids
 * the corpus rarely holds cost a model many nats whether or not it copies, which hides the difference.
 */
public final class CopyProbe {

    /** Mean loss per token (nats) of the first reading and of the repeat, over {@code sequences} lines. */
    public record Result(double firstLoss, double repeatLoss, int sequences, int words) {

        public double ratio() {
            return repeatLoss / firstLoss;
        }
    }

    private CopyProbe() {
    }

    /** {@code sequences} lines of {@code words} coined words each, after BOS. */
    public static Result measure(LlamaModel model, Function<String, int[]> encoder, int bos, int sequences,
            int words, long seed) {
        Random random = new Random(seed);
        double first = 0;
        double repeat = 0;
        long firstTokens = 0;
        long repeatTokens = 0;
        int vocabSize = model.config().vocabSize();
        NDManager manager = model.manager();
        for (int s = 0; s < sequences; s++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < words; i++) {
                line.append(' ').append(ExtractionCorpus.coin(random));
            }
            int[] once = encoder.apply(line.toString());
            long[] ids = new long[1 + 2 * once.length];
            ids[0] = bos;
            for (int i = 0; i < once.length; i++) {
                ids[1 + i] = once[i];
                ids[1 + once.length + i] = once[i];
            }
            try (NDScope scope = new NDScope()) {
                NDArray input = manager.create(java.util.Arrays.copyOf(ids, ids.length - 1),
                        new Shape(1, ids.length - 1));
                float[] logProbs = model.forward(input, null, null).logSoftmax(-1).toFloatArray();
                for (int t = 0; t < ids.length - 1; t++) {
                    double loss = -logProbs[t * vocabSize + (int) ids[t + 1]];
                    if (t < once.length) {
                        first += loss;
                        firstTokens++;
                    } else {
                        repeat += loss;
                        repeatTokens++;
                    }
                }
            }
        }
        return new Result(first / firstTokens, repeat / repeatTokens, sequences, words);
    }
}
