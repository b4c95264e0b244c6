package io.lorasweep.agent.quant;

import io.lorasweep.agent.io.HostTensor;

/**
 * 4-bit NormalFloat quantisation as in the QLoRA paper and bitsandbytes: each block of 64 values is divided by its
 * absolute maximum and every value replaced by the index of the nearest of 16 code values (quantiles of a normal
 * distribution, with an exact zero). Two codes share a byte, the first in the high nibble as bitsandbytes packs
 * them. The block absmax is kept in f32, or double-quantised: the mean is subtracted and the rest stored as 8-bit
 * codes of bitsandbytes' signed dynamic map, in blocks of 256 with an f32 absmax each.
 */
public final class Nf4Codec {

    public static final int BLOCK_SIZE = 64;
    public static final int ABSMAX_BLOCK_SIZE = 256;

    /** The NF4 code table of the QLoRA paper (appendix E) as bitsandbytes ships it. */
    private static final float[] TABLE = {
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
        -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
        0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
        0.7229568362236023f, 1.0f,
    };

    private static final float[] DYNAMIC_MAP = DynamicQuantMap.signed();

    private Nf4Codec() {
    }

    public static float[] table() {
        return TABLE.clone();
    }

    /** The 4-bit code whose value is nearest to {@code normalised} (in [-1, 1]). */
    public static int encode(float normalised) {
        return nearest(TABLE, normalised);
    }

    static int nearest(float[] sortedCodes, float x) {
        int lo = 0;
        int hi = sortedCodes.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (sortedCodes[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.abs(x - sortedCodes[lo]) <= Math.abs(sortedCodes[hi] - x) ? lo : hi;
    }

    public static Nf4Tensor quantize(HostTensor tensor, boolean doubleQuant) {
        float[] v = tensor.values();
        int blocks = (v.length + BLOCK_SIZE - 1) / BLOCK_SIZE;
        // padded to whole blocks so dequantisation is one reshape
        byte[] packed = new byte[blocks * BLOCK_SIZE / 2];
        float[] absmax = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            int start = b * BLOCK_SIZE;
            int end = Math.min(v.length, start + BLOCK_SIZE);
            float max = 0;
            for (int i = start; i < end; i++) {
                max = Math.max(max, Math.abs(v[i]));
            }
            absmax[b] = max;
            for (int i = start; i < start + BLOCK_SIZE; i += 2) {
                int hi = codeOf(v, i, end, max);
                int lo = codeOf(v, i + 1, end, max);
                packed[i / 2] = (byte) ((hi << 4) | lo);
            }
        }
        if (!doubleQuant) {
            return new Nf4Tensor(tensor.shape(), packed, absmax, null, null, 0f);
        }
        double sum = 0;
        for (float a : absmax) {
            sum += a;
        }
        float offset = (float) (sum / absmax.length);
        int groups = (blocks + ABSMAX_BLOCK_SIZE - 1) / ABSMAX_BLOCK_SIZE;
        byte[] absmaxCodes = new byte[groups * ABSMAX_BLOCK_SIZE];
        float[] absmax2 = new float[groups];
        for (int g = 0; g < groups; g++) {
            int start = g * ABSMAX_BLOCK_SIZE;
            int end = Math.min(blocks, start + ABSMAX_BLOCK_SIZE);
            float max = 0;
            for (int i = start; i < end; i++) {
                max = Math.max(max, Math.abs(absmax[i] - offset));
            }
            absmax2[g] = max;
            for (int i = start; i < start + ABSMAX_BLOCK_SIZE; i++) {
                float x = i < end && max > 0 ? (absmax[i] - offset) / max : 0f;
                absmaxCodes[i] = (byte) nearest(DYNAMIC_MAP, x);
            }
        }
        return new Nf4Tensor(tensor.shape(), packed, null, absmaxCodes, absmax2, offset);
    }

    private static int codeOf(float[] v, int i, int end, float absmax) {
        if (i >= end || absmax == 0) {
            return 7; // the exact zero
        }
        return encode(v[i] / absmax);
    }

    /** The block scales, undoing the double quantisation if there was one. */
    public static float[] absmax(Nf4Tensor t) {
        if (t.absmax() != null) {
            return t.absmax().clone();
        }
        int blocks = t.blocks();
        float[] out = new float[blocks];
        for (int i = 0; i < blocks; i++) {
            out[i] = DYNAMIC_MAP[t.absmaxCodes()[i] & 0xff] * t.absmax2()[i / ABSMAX_BLOCK_SIZE] + t.offset();
        }
        return out;
    }

    public static HostTensor dequantize(Nf4Tensor t) {
        float[] scales = absmax(t);
        int n = (int) HostTensor.elementCount(t.shape());
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int b = t.packed()[i / 2] & 0xff;
            int code = (i % 2 == 0) ? b >>> 4 : b & 0x0f;
            out[i] = TABLE[code] * scales[i / BLOCK_SIZE];
        }
        return new HostTensor(t.shape(), out);
    }

    static float[] dynamicMap() {
        return DYNAMIC_MAP.clone();
    }
}
