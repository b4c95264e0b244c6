package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an array and a constant that is safe inside an autograd graph. Use these instead of DJL's
 * {@code NDArray.add/sub/mul/div(Number)} overloads (a test of this module rejects those in main code).
 *
 * <p>Why: on the CPU, DJL's PyTorch engine turns the number into a 0-dim tensor with {@code manager.create(n)}, which
 * wraps a Java direct {@code ByteBuffer} with {@code torch::from_blob} (no copy; only the Java array object holds
 * the buffer), runs the op, and closes that array at once. Autograd keeps the 0-dim operand of {@code mul} and
 * {@code div} to compute the gradient later, but nothing keeps its memory: once the garbage collector frees the
 * buffer, backward reads freed memory. The loss is right and the gradient is garbage (zero, huge or NaN), depending
 * on whether a GC ran between the forward pass and backward. Here the constant is allocated by libtorch
 * ({@code torch::full}), so the graph's reference keeps it alive however the Java side closes or collects it.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-dim array of {@code like}'s type holding {@code value}, in memory libtorch owns (close it when done). */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code x * c}. */
    public static NDArray mul(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.mul(s);
        }
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.div(s);
        }
    }

    /** {@code x *= c} in place; returns x. */
    public static NDArray muli(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.muli(s);
        }
    }

    /** {@code x + c}. */
    public static NDArray add(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.add(s);
        }
    }

    /** {@code x - c}. */
    public static NDArray sub(NDArray x, double c) {
        try (NDArray s = constant(x, c)) {
            return x.sub(s);
        }
    }
}
