package io.lorasweep.agent.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Summed negative log-likelihood of the target tokens, weighted per position: {@code logSoftmax}, {@code gather}
 * of the target's log-probability, times the weight. DJL's softmax cross-entropy has no ignore-index, so prompt and
 * padding positions are dropped by their zero weight instead.
 */
public final class CausalLmLoss {

    private CausalLmLoss() {
    }

    /**
     * @param logits [B, T, V]
     * @param targets [B, T] int64 ids of the next token
     * @param weights [B, T] f32, 1 for positions that count
     * @return the weighted sum of -log p(target), a scalar
     */
    public static NDArray summedNll(NDArray logits, NDArray targets, NDArray weights) {
        NDArray logProbs = inF32(logits).logSoftmax(-1);
        NDArray index = targets.toType(DataType.INT64, false).expandDims(-1);
        NDArray picked = logProbs.gather(index, -1).squeeze(-1);
        return picked.mul(weights).sum().neg();
    }

    /** -log p of each position [B, T] (unweighted), for per-token scoring. */
    public static NDArray tokenNll(NDArray logits, NDArray targets) {
        NDArray index = targets.toType(DataType.INT64, false).expandDims(-1);
        return inF32(logits).logSoftmax(-1).gather(index, -1).squeeze(-1).neg();
    }

    /**
     * Half-precision logits as f32, the gradient flowing back: a sum over a batch's tokens overflows f16, and its
     * log-softmax loses the small probabilities. DJL's cast is not recorded by autograd, so the cast is a product
     * with a one-element f32 array, which type promotion widens and autograd records.
     */
    static NDArray inF32(NDArray logits) {
        if (logits.getDataType() == DataType.FLOAT32) {
            return logits;
        }
        return logits.mul(logits.getManager().ones(new Shape(1)));
    }
}
