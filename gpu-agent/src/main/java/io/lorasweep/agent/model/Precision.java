package io.lorasweep.agent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The floating-point type a model computes in: its base weights, activations, KV cache and the compute copies of
 * its adapter weights. Adapter weights themselves (the masters AdamW updates), optimiser state and the loss stay f32
 * in every precision, as in PEFT and QLoRA. The device decides it ({@link ComputeDevice#precision()}).
 *
 * <p>f16, not bf16: DJL 0.36 aborts the JVM on a cast to bf16, and a cast ({@code toType}) is not recorded by its
 * autograd, so a half-precision forward pass cannot hang off f32 adapter leaves; f16 therefore runs end to end, with
 * f32 masters and a dynamic loss scale ({@code LossScale}) for the gradients' range (HalfPrecisionEngineTest).
 */
public enum Precision {
    F32(DataType.FLOAT32, 4, -1e9f),
    F16(DataType.FLOAT16, 2, -3e4f);

    private final DataType type;
    private final int bytes;
    private final float maskedScore;

    Precision(DataType type, int bytes, float maskedScore) {
        this.type = type;
        this.bytes = bytes;
        this.maskedScore = maskedScore;
    }

    public DataType type() {
        return type;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /**
     * What a masked key adds to an attention score: far below any real score, and finite in this type so that a
     * fully masked (padding) row still gives no NaN.
     */
    float maskedScore() {
        return maskedScore;
    }

    /** {@code a} in this type: itself if it already is, else a new array (outside autograd: for frozen weights). */
    public NDArray cast(NDArray a) {
        if (a.getDataType() == type) {
            return a;
        }
        NDArray out = a.toType(type, false);
        a.close();
        return out;
    }

    public static Precision of(DataType type) {
        for (Precision p : values()) {
            if (p.type == type) {
                return p;
            }
        }
        throw new IllegalArgumentException("no compute precision for " + type);
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
