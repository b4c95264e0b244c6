package io.lorasweep.agent.io;

import java.util.Arrays;

/**
 * A tensor held in Java memory as f32 values in row-major order. This is the form every checkpoint tensor takes
 * between the file and the engine: bf16 and f16 are widened here because DJL's PyTorch engine aborts the JVM on
 * bf16 tensors.
 */
public record HostTensor(long[] shape, float[] values) {

    public HostTensor {
        shape = shape.clone();
        long n = elementCount(shape);
        if (n != values.length) {
            throw new IllegalArgumentException("values has " + values.length + " elements but shape "
                    + Arrays.toString(shape) + " needs " + n);
        }
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape has a negative dimension: " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor && Arrays.equals(shape, ((HostTensor) o).shape)
                && Arrays.equals(values, ((HostTensor) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
