package io.lorasweep.agent.lora;

import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaTensorLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds an adapter into full-precision base weights on the host: {@code W + s B A}, and for DoRA
 * {@code m * (W + s B A) / ||W + s B A||} per output row. A QLoRA adapter is merged here against the f32/bf16
 * checkpoint reloaded from disk, never against the NF4-dequantised weights it was trained on top of: merging into
 * the dequantised weights would bake the quantisation error of every weight into the merged model.
 */
public final class AdapterMerger {

    private AdapterMerger() {
    }

    /** A copy of {@code base} with every adapted projection replaced by its merged weight. */
    public static Map<String, HostTensor> merge(LlamaConfig modelConfig, Map<String, HostTensor> base,
            LoraConfig config, Map<String, HostTensor> adapter) {
        Map<String, HostTensor> out = new LinkedHashMap<>(base);
        int merged = 0;
        for (int layer = 0; layer < modelConfig.numHiddenLayers(); layer++) {
            for (String p : LlamaTensorLayout.PROJECTIONS) {
                String module = LlamaTensorLayout.projectionModule(layer, p);
                String key = LoraAdapter.PEFT_PREFIX + module;
                HostTensor a = adapter.get(key + ".lora_A.weight");
                HostTensor b = adapter.get(key + ".lora_B.weight");
                if (a == null && b == null) {
                    continue;
                }
                if (a == null || b == null) {
                    throw new IllegalArgumentException("adapter has only one of lora_A and lora_B for " + module);
                }
                HostTensor w = base.get(module + ".weight");
                if (w == null) {
                    throw new IllegalArgumentException("base has no weight for adapted module " + module);
                }
                HostTensor m = adapter.get(key + ".lora_magnitude_vector");
                if (config.useDora() && m == null) {
                    throw new IllegalArgumentException("use_dora is set but the adapter has no "
                            + "lora_magnitude_vector for " + module);
                }
                out.put(module + ".weight", mergeOne(w, a, b, config.useDora() ? m : null, config.scaling()));
                merged++;
            }
        }
        if (merged == 0) {
            throw new IllegalArgumentException("adapter has no lora_A/lora_B tensors for this model");
        }
        return out;
    }

    static HostTensor mergeOne(HostTensor w, HostTensor a, HostTensor b, HostTensor magnitude, double scaling) {
        int out = (int) w.dim(0);
        int in = (int) w.dim(1);
        int r = (int) a.dim(0);
        if (a.dim(1) != in || b.dim(0) != out || b.dim(1) != r) {
            throw new IllegalArgumentException("lora_A " + java.util.Arrays.toString(a.shape()) + " / lora_B "
                    + java.util.Arrays.toString(b.shape()) + " do not fit weight "
                    + java.util.Arrays.toString(w.shape()));
        }
        float[] wv = w.values();
        float[] av = a.values();
        float[] bv = b.values();
        float[] result = new float[wv.length];
        double[] row = new double[in];
        for (int o = 0; o < out; o++) {
            java.util.Arrays.fill(row, 0);
            for (int k = 0; k < r; k++) {
                double bk = bv[o * r + k];
                if (bk == 0) {
                    continue;
                }
                for (int i = 0; i < in; i++) {
                    row[i] += bk * av[k * in + i];
                }
            }
            double norm = 0;
            for (int i = 0; i < in; i++) {
                row[i] = wv[o * in + i] + scaling * row[i];
                norm += row[i] * row[i];
            }
            double factor = magnitude == null ? 1.0 : magnitude.values()[o] / Math.sqrt(norm);
            for (int i = 0; i < in; i++) {
                result[o * in + i] = (float) (row[i] * factor);
            }
        }
        return new HostTensor(w.shape(), result);
    }
}
