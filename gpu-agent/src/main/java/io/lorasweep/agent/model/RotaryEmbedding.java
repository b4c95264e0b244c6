package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in the Hugging Face layout (rotate_half: the two halves of a head, not interleaved
 * pairs). The cos/sin tables are computed in double precision and grown on demand up to max_position_embeddings,
 * because Llama-3 configs declare 128k positions that a short run never touches.
 */
public final class RotaryEmbedding {

    private final NDManager manager;
    private final double[] invFreq;
    private final int headDim;
    private final int maxPositions;
    private NDArray cos;
    private NDArray sin;
    private int cached;

    public RotaryEmbedding(LlamaConfig config, NDManager manager) {
        this.manager = manager;
        this.headDim = config.headDim();
        this.maxPositions = config.maxPositionEmbeddings();
        this.invFreq = inverseFrequencies(config);
    }

    /** 1 / theta^(2i/d), rescaled by llama3 rope scaling when the config has it. */
    public static double[] inverseFrequencies(LlamaConfig config) {
        int half = config.headDim() / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim());
        }
        if (config.ropeScaling() != null) {
            config.ropeScaling().apply(inv);
        }
        return inv;
    }

    private synchronized void ensure(int positions) {
        if (positions > maxPositions) {
            throw new IllegalArgumentException("position " + (positions - 1) + " is beyond max_position_embeddings "
                    + maxPositions);
        }
        if (positions <= cached) {
            return;
        }
        int n = Math.min(maxPositions, Math.max(positions, Math.max(64, cached * 2)));
        int half = headDim / 2;
        float[] c = new float[n * headDim];
        float[] s = new float[n * headDim];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                float cv = (float) Math.cos(angle);
                float sv = (float) Math.sin(angle);
                c[p * headDim + i] = cv;
                c[p * headDim + half + i] = cv;
                s[p * headDim + i] = sv;
                s[p * headDim + half + i] = sv;
            }
        }
        if (cos != null) {
            cos.close();
            sin.close();
        }
        // created outside any caller scope so the tables outlive the step that grew them
        cos = manager.create(c, new Shape(n, headDim));
        sin = manager.create(s, new Shape(n, headDim));
        NDScopes.detach(cos);
        NDScopes.detach(sin);
        cached = n;
    }

    /** cos and sin of positions [B, T] (int64) as [B, 1, T, D], scaled by {@code scale}; see {@link #apply}. */
    public Angles angles(NDArray positions, int maxPosition, double scale) {
        ensure(maxPosition + 1);
        Shape ps = positions.getShape();
        NDIndex byPosition = new NDIndex("{}", positions);
        NDArray c = cos.get(byPosition).reshape(ps.get(0), 1, ps.get(1), headDim);
        NDArray s = sin.get(byPosition).reshape(ps.get(0), 1, ps.get(1), headDim);
        if (scale != 1) {
            c = Scalars.mul(c, scale);
            s = Scalars.mul(s, scale);
        }
        return new Angles(c, s);
    }

    /**
     * Rotates q or k of shape [B, heads, T, D] by the angles of their positions, times the angles' scale (which
     * lets attention fold its 1/sqrt(D) into the query's rotation instead of scaling every score).
     */
    public NDArray apply(NDArray x, Angles angles) {
        int half = headDim / 2;
        NDArray x1 = x.get("..., :" + half);
        NDArray x2 = x.get("..., " + half + ":");
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), -1);
        return x.mul(angles.cos()).add(rotated.mul(angles.sin()));
    }

    /** Rotates q or k of shape [B, heads, T, D] by the positions [B, T] (int64). */
    public NDArray apply(NDArray x, NDArray positions, int maxPosition) {
        return apply(x, angles(positions, maxPosition, 1));
    }

    /** cos and sin tables gathered for one forward pass, [B, 1, T, D] each, shared by every layer. */
    public record Angles(NDArray cos, NDArray sin) {
    }
}
