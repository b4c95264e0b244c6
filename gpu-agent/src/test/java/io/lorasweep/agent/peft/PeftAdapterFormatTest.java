package io.lorasweep.agent.peft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.io.SafetensorsDtype;
import io.lorasweep.agent.io.SafetensorsReader;
import io.lorasweep.agent.io.SafetensorsWriter;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.lora.LoraConfig;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdapterFormatTest {

    static NDManager manager;
    static final LlamaConfig CONFIG = LlamaConfig.of(20, 16, 24, 2, 4, 2, 32, false);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void anAdapterRoundTripsThroughThePeftLayout() throws Exception {
        Map<String, HostTensor> base = LlamaModel.randomTensors(CONFIG, 1, 0.3);
        LoraConfig lora = new LoraConfig(4, 8, 0.05, List.of("q_proj", "v_proj", "down_proj"), true, true, 3);
        float[] before;
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, base, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, lora);
            Random r = new Random(2);
            adapter.parameters().forEach(p -> {
                float[] v = p.array().toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] += (float) r.nextGaussian() * 0.1f;
                }
                p.array().set(FloatBuffer.wrap(v));
            });
            before = logits(model);
            PeftAdapterFormat.write(dir, new PeftAdapter(lora, adapter.toTensors(), "assets/model"));
        }
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("adapter_config.json")));
        assertEquals("LORA", json.get("peft_type").asText());
        assertEquals("CAUSAL_LM", json.get("task_type").asText());
        assertEquals(4, json.get("r").asInt());
        assertEquals(8.0, json.get("lora_alpha").asDouble());
        assertTrue(json.get("use_dora").asBoolean());
        assertTrue(json.get("use_rslora").asBoolean());
        assertEquals("none", json.get("bias").asText());
        try (SafetensorsReader reader = SafetensorsReader.open(dir.resolve("adapter_model.safetensors"))) {
            assertArrayEquals(new long[] {4, 16},
                    reader.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape());
            assertArrayEquals(new long[] {8, 4},
                    reader.info("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight").shape());
            assertArrayEquals(new long[] {16},
                    reader.info("base_model.model.model.layers.1.mlp.down_proj.lora_magnitude_vector").shape());
            assertEquals(2 * 3 * 3, reader.names().size());
        }
        PeftAdapter read = PeftAdapterFormat.read(dir);
        assertEquals(lora.withSeed(0), read.config());
        assertEquals("assets/model", read.baseModelNameOrPath());
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, base, manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, read.config());
            adapter.load(read.tensors());
            assertArrayEquals(before, logits(model));
        }
    }

    @Test
    void aFolderAsPeftWritesItLoadsIncludingBf16AndTheOlderMagnitudeKey() throws Exception {
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"task_type\": "
                + "\"CAUSAL_LM\", \"r\": 2, \"lora_alpha\": 4, \"lora_dropout\": 0.0, \"bias\": \"none\", "
                + "\"target_modules\": \"all-linear\", \"use_dora\": true, \"use_rslora\": false, "
                + "\"modules_to_save\": null, \"rank_pattern\": {}, \"alpha_pattern\": {}, "
                + "\"base_model_name_or_path\": \"meta-llama/Llama-3.2-1B\"}");
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        try (LlamaModel model = LlamaModel.fromTensors(CONFIG, LlamaModel.randomTensors(CONFIG, 1, 0.3), manager)) {
            LoraAdapter adapter = LoraAdapter.inject(model, LoraConfig.of(2, 4, "all-linear").withDora(true));
            adapter.toTensors().forEach((k, v) -> tensors.put(k.endsWith("magnitude_vector") ? k + ".weight" : k, v));
        }
        SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"), tensors, SafetensorsDtype.BF16, Map.of());
        PeftAdapter read = PeftAdapterFormat.read(dir);
        assertEquals(7, read.config().targetModules().size());
        assertTrue(read.config().useDora());
        assertTrue(read.tensors().containsKey(
                "base_model.model.model.layers.0.mlp.up_proj.lora_magnitude_vector"));
        assertEquals("meta-llama/Llama-3.2-1B", read.baseModelNameOrPath());
    }

    @Test
    void unsupportedConfigsAreRefusedByName() throws Exception {
        SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"),
                Map.of("x", new HostTensor(new long[] {1}, new float[1])));
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"IA3\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeftAdapterFormat.read(dir));
        assertTrue(e.getMessage().contains("peft_type must be LORA, got 'IA3'"), e.getMessage());
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 4, \"lora_alpha\": 8,"
                + " \"target_modules\": [\"q_proj\"], \"bias\": \"all\"}");
        e = assertThrows(IllegalArgumentException.class, () -> PeftAdapterFormat.read(dir));
        assertTrue(e.getMessage().contains("bias 'all' is not supported"), e.getMessage());
    }

    private static float[] logits(LlamaModel model) {
        try (NDScope scope = new NDScope()) {
            return model.forward(manager.create(new long[] {1, 4, 9, 2}, new Shape(1, 4)), null, null)
                    .toFloatArray();
        }
    }
}
