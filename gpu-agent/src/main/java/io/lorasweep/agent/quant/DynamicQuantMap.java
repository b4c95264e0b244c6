package io.lorasweep.agent.quant;

import java.util.Arrays;

/**
 * bitsandbytes' signed 8-bit dynamic map ({@code create_dynamic_map(signed=True)}): for each decade 10^-6 .. 10^0,
 * the midpoints of 2^i equal steps of [0.1, 1] scaled to that decade, both signs, plus 0 and 1. It spends its
 * resolution near zero, which suits the absmax residuals it stores in double quantisation.
 */
final class DynamicQuantMap {

    private DynamicQuantMap() {
    }

    static float[] signed() {
        int maxExponentBits = 7;
        float[] values = new float[256];
        int n = 0;
        for (int i = 0; i < maxExponentBits; i++) {
            int fractionItems = (1 << i) + 1;
            double scale = Math.pow(10, -(maxExponentBits - 1) + i);
            for (int k = 0; k < fractionItems - 1; k++) {
                // torch.linspace(0.1, 1, items) in float32, then the midpoints
                float b0 = linspace(0.1f, 1f, fractionItems, k);
                float b1 = linspace(0.1f, 1f, fractionItems, k + 1);
                float mean = (b0 + b1) / 2f;
                values[n++] = (float) (scale * mean);
                values[n++] = (float) (-scale * mean);
            }
        }
        values[n++] = 0f;
        values[n++] = 1f;
        if (n != 256) {
            throw new AssertionError("dynamic map has " + n + " values");
        }
        Arrays.sort(values);
        return values;
    }

    private static float linspace(float start, float end, int steps, int k) {
        float step = (end - start) / (steps - 1);
        return k < steps / 2 ? start + step * k : end - step * (steps - 1 - k);
    }
}
