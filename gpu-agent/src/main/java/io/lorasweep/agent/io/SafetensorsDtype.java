package io.lorasweep.agent.io;

import java.nio.ByteBuffer;
import java.util.Locale;

/** The element types this project reads from and writes to safetensors files; all are widened to f32 in Java. */
public enum SafetensorsDtype {
    F32(4), F16(2), BF16(2), F64(8);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The dtype for a header's "dtype" string, or an error that names the tensor and the types supported. */
    public static SafetensorsDtype parse(String name, String tensor) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException("tensor '" + tensor + "' has dtype " + name
                    + ", supported are F32, F16, BF16 and F64");
        }
    }

    /** Reads {@code out.length} values from {@code in} (little-endian) into f32. */
    void decode(ByteBuffer in, float[] out) {
        switch (this) {
            case F32:
                in.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) in.getDouble(i * 8);
                }
                break;
            case F16:
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.halfToFloat(in.getShort(i * 2));
                }
                break;
            case BF16:
                for (int i = 0; i < out.length; i++) {
                    // bf16 is the top half of an f32
                    out[i] = HalfFloats.bf16ToFloat(in.getShort(i * 2));
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }

    /** Writes the values in this dtype (little-endian), rounding to nearest even for the 16-bit types. */
    void encode(float[] values, ByteBuffer out) {
        switch (this) {
            case F32:
                out.asFloatBuffer().put(values);
                out.position(out.position() + values.length * 4);
                break;
            case F64:
                for (float v : values) {
                    out.putDouble(v);
                }
                break;
            case F16:
                for (float v : values) {
                    out.putShort(HalfFloats.floatToHalf(v));
                }
                break;
            case BF16:
                for (float v : values) {
                    out.putShort(HalfFloats.floatToBf16(v));
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }
}
