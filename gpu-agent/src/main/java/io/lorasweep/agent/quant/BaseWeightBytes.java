package io.lorasweep.agent.quant;

import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaTensorLayout;

/**
 * The bytes the projection weights of a model take in each storage mode, for the cost report and BENCHMARKS.md.
 * Embeddings, norms and the LM head are counted apart ({@code otherF32}): they stay f32 in every mode.
 */
public record BaseWeightBytes(long f32, long nf4, long nf4DoubleQuant, long otherF32) {

    public static BaseWeightBytes of(LlamaConfig config) {
        long f32 = 0;
        long nf4 = 0;
        long dq = 0;
        for (String p : LlamaTensorLayout.PROJECTIONS) {
            long[] s = LlamaTensorLayout.projectionShape(config, p);
            long n = s[0] * s[1];
            long blocks = (n + Nf4Codec.BLOCK_SIZE - 1) / Nf4Codec.BLOCK_SIZE;
            long groups = (blocks + Nf4Codec.ABSMAX_BLOCK_SIZE - 1) / Nf4Codec.ABSMAX_BLOCK_SIZE;
            long codes = blocks * Nf4Codec.BLOCK_SIZE / 2;
            f32 += 4 * n * config.numHiddenLayers();
            nf4 += (codes + 4 * blocks) * config.numHiddenLayers();
            dq += (codes + blocks + 4 * groups + 4) * config.numHiddenLayers();
        }
        long other = 4L * config.hiddenSize() * (config.vocabSize() * (config.tieWordEmbeddings() ? 1L : 2L)
                + 2L * config.numHiddenLayers() + 1);
        return new BaseWeightBytes(f32, nf4, dq, other);
    }

    public double nf4Ratio() {
        return (double) nf4 / f32;
    }

    public double nf4DoubleQuantRatio() {
        return (double) nf4DoubleQuant / f32;
    }
}
