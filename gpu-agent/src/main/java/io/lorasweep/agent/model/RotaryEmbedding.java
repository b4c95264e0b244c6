package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Rotary position embeddings in the Hugging Face layout (rotate_half: the two halves of a head, not interleaved
 * pairs). The cos/sin tables are computed in double precision and grown on demand up to max_position_embeddings,
 * because Llama-3 configs declare 128k positions that a short run never touches.
 *
 * <p>One table row per position holds cos and sin for the keys and the same two times the query scale (attention's
 * 1/sqrt(D), folded into the query's rotation instead of multiplied into every score), so a forward pass gathers
 * all four with one lookup. The sin columns carry the sign of rotate_half ([-sin, sin] over the two halves).
 */
public final class RotaryEmbedding {

    private final NDManager manager;
    private final Precision precision;
    private final double[] invFreq;
    private final int headDim;
    private final int maxPositions;
    private final double queryScale;
    /** [positions, 4 * headDim]: key cos, key sin, query cos, query sin. */
    private NDArray table;
    private int cached;

    public RotaryEmbedding(LlamaConfig config, NDManager manager) {
        this(config, manager, Precision.F32);
    }

    /** Tables in {@code precision}, the type of the queries and keys they rotate. */
    public RotaryEmbedding(LlamaConfig config, NDManager manager, Precision precision) {
        this.manager = manager;
        this.precision = precision;
        this.headDim = config.headDim();
        this.maxPositions = config.maxPositionEmbeddings();
        this.invFreq = inverseFrequencies(config);
        this.queryScale = 1.0 / Math.sqrt(headDim);
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
        int width = 4 * headDim;
        float[] t = new float[n * width];
        for (int p = 0; p < n; p++) {
            int row = p * width;
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                for (int part = 0; part < 2; part++) {
                    double scale = part == 0 ? 1 : queryScale;
                    int at = row + 2 * part * headDim;
                    t[at + i] = (float) (cos * scale);
                    t[at + half + i] = (float) (cos * scale);
                    t[at + headDim + i] = (float) (-sin * scale);
                    t[at + headDim + half + i] = (float) (sin * scale);
                }
            }
        }
        if (table != null) {
            table.close();
        }
        // created outside any caller scope so the table outlives the step that grew it
        table = NDScopes.detach(precision.cast(manager.create(t, new Shape(n, width))));
        cached = n;
    }

    /** The angles of positions [B, T] (int64) for keys and for queries, [B, 1, T, D] each. */
    public Angles angles(NDArray positions, int maxPosition) {
        ensure(maxPosition + 1);
        Shape ps = positions.getShape();
        NDList parts = Embedding.embedding(positions, table, SparseFormat.DENSE).singletonOrThrow()
                .reshape(ps.get(0), 1, ps.get(1), 4L * headDim).split(4, 3);
        return new Angles(parts.get(0), parts.get(1), parts.get(2), parts.get(3));
    }

    /** Rotates keys [B, heads, T, D] by their angles. */
    public NDArray rotateKeys(NDArray x, Angles angles) {
        return rotate(x, angles.keyCos(), angles.keySin());
    }

    /** Rotates queries [B, heads, T, D] by their angles, times 1/sqrt(D). */
    public NDArray rotateQueries(NDArray x, Angles angles) {
        return rotate(x, angles.queryCos(), angles.querySin());
    }

    private NDArray rotate(NDArray x, NDArray cos, NDArray signedSin) {
        // rotate_half(x) = [-x2, x1]; the minus lives in the signed sin table
        NDList halves = x.split(2, 3);
        NDArray swapped = halves.get(1).concat(halves.get(0), 3);
        return x.mul(cos).add(swapped.mul(signedSin));
    }

    /** cos and signed sin for keys and queries, gathered once per forward pass and shared by every layer. */
    public record Angles(NDArray keyCos, NDArray keySin, NDArray queryCos, NDArray querySin) {
    }
}
