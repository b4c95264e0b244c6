package io.lorasweep.agent.quant;

import io.lorasweep.agent.io.HostTensor;

/**
 * A tensor in NF4: packed 4-bit codes (two a byte, padded to whole blocks of 64) and per-block absmax, either as
 * f32 ({@code absmax}) or double-quantised ({@code absmaxCodes} in blocks of 256 with {@code absmax2} and the
 * subtracted mean {@code offset}).
 */
public record Nf4Tensor(long[] shape, byte[] packed, float[] absmax, byte[] absmaxCodes, float[] absmax2,
        float offset) {

    public Nf4Tensor {
        shape = shape.clone();
        long n = HostTensor.elementCount(shape);
        int blocks = (int) ((n + Nf4Codec.BLOCK_SIZE - 1) / Nf4Codec.BLOCK_SIZE);
        if (packed.length != blocks * Nf4Codec.BLOCK_SIZE / 2) {
            throw new IllegalArgumentException("packed must hold " + blocks * Nf4Codec.BLOCK_SIZE / 2
                    + " bytes for " + n + " values, got " + packed.length);
        }
        if ((absmax == null) == (absmaxCodes == null)) {
            throw new IllegalArgumentException("exactly one of absmax and absmaxCodes must be given");
        }
        if (absmax != null && absmax.length != blocks) {
            throw new IllegalArgumentException("absmax must have " + blocks + " entries, got " + absmax.length);
        }
        if (absmaxCodes != null && (absmax2 == null || absmaxCodes.length < blocks
                || absmax2.length * Nf4Codec.ABSMAX_BLOCK_SIZE != absmaxCodes.length)) {
            throw new IllegalArgumentException("double-quantised absmax needs codes for " + blocks
                    + " blocks and one absmax2 per " + Nf4Codec.ABSMAX_BLOCK_SIZE);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public boolean doubleQuantised() {
        return absmaxCodes != null;
    }

    public int blocks() {
        return packed.length * 2 / Nf4Codec.BLOCK_SIZE;
    }

    /** Bytes of codes plus scales as stored. */
    public long storageBytes() {
        if (absmax != null) {
            return packed.length + 4L * absmax.length;
        }
        return packed.length + blocks() + 4L * absmax2.length + 4;
    }
}
