package io.lorasweep.agent.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.quant.Nf4Linear;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QloraMergeTest {

    static NDManager manager;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void aQloraAdapterMergesAgainstTheFullPrecisionBase() {
        LlamaConfig config = LoraTest.CONFIG;
        Map<String, HostTensor> base = LlamaModel.randomTensors(config, 8, 0.3);
        for (boolean dora : new boolean[] {false, true}) {
            LoraConfig lora = LoraConfig.of(4, 8, "all-linear").withDora(dora);
            Map<String, HostTensor> adapterTensors;
            try (LlamaModel quantised = LlamaModel.fromTensors(config, base, manager,
                    Nf4Linear.factory(true, m -> true))) {
                assertTrue(quantised.linearWeightBytes() * 6 < 4L * config.parameterCount());
                LoraAdapter adapter = LoraAdapter.inject(quantised, lora);
                LoraTest.randomise(adapter, 12);
                adapterTensors = adapter.toTensors();
            }
            if (dora) {
                // the magnitude was initialised from the dequantised weight; give it its own values anyway
                assertTrue(adapterTensors.keySet().stream().anyMatch(k -> k.endsWith("lora_magnitude_vector")));
            }
            float[] reference;
            try (LlamaModel dense = LlamaModel.fromTensors(config, base, manager)) {
                LoraAdapter adapter = LoraAdapter.inject(dense, lora);
                adapter.load(adapterTensors);
                reference = LoraTest.logits(dense);
            }
            Map<String, HostTensor> merged = AdapterMerger.merge(config, base, lora, adapterTensors);
            float[] mergedLogits;
            try (LlamaModel m = LlamaModel.fromTensors(config, merged, manager)) {
                mergedLogits = LoraTest.logits(m);
            }
            double scale = 0;
            for (float v : reference) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], mergedLogits[i], 1e-5 * scale, "dora=" + dora + " logit " + i);
            }
            // the untouched tensors are the base's own
            assertEquals(base.get("model.embed_tokens.weight"), merged.get("model.embed_tokens.weight"));
        }
    }
}
